/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: a reliable link to one peer over one bearer.
 *
 * A link numbers what it sends (16-bit sequence numbers), keeps it until
 * the peer acknowledges it, resends what the peer reports missing, and
 * delivers what it receives in order, exactly once. Its state machine
 * (RESET, ESTABLISHING, ESTABLISHED, ...) and its protocol messages
 * (RESET_MSG, ACTIVATE_MSG, STATE_MSG) are those of stock TIPC.
 *
 * Locking: a link belongs to its node and every function here runs
 * under that node's lock (tipc_node.lock). Nothing here sends or
 * delivers: packets to transmit are appended to an @xmitq, messages to
 * deliver to the link's @inputq and @namedq, which the node code hands
 * on after unlocking. @inputq and @namedq have their own spinlocks,
 * because their readers do not hold the node lock.
 */
#ifndef _TIPC_LINK_H
#define _TIPC_LINK_H

#include <linux/skbuff.h>
#include <linux/tipc.h>

#include "bcast.h"

struct net;
struct tipc_bearer;
struct tipc_monitor;
struct tipc_msg;

/* What a link function asks its node to do */
#define TIPC_LINK_UP_EVT	0x1
#define TIPC_LINK_DOWN_EVT	0x2

/* LINK_PROTOCOL message types */
enum tipc_link_proto_type {
	STATE_MSG,
	RESET_MSG,
	ACTIVATE_MSG,
};

/* TUNNEL_PROTOCOL message types (link_tunnel.c) */
enum tipc_tunnel_type {
	SYNCH_MSG,
	FAILOVER_MSG,
};

/* Link FSM states, bit-coded as in stock (they show in debug output) */
enum tipc_link_state {
	LINK_ESTABLISHED	= 0xe,
	LINK_ESTABLISHING	= 0xe0,
	LINK_RESET		= 0x100,
	LINK_RESETTING		= 0x2000,
	LINK_PEER_RESET		= 0xd0000,
	LINK_FAILINGOVER	= 0xf00000,
	LINK_SYNCHING		= 0xc000000,
};

/* Link FSM events */
enum tipc_link_event {
	LINK_RESET_EVT		= 0x10ca1d0e,	/* we reset it */
	LINK_PEER_RESET_EVT	= 0x9eed0e,	/* the peer did */
	LINK_ESTABLISH_EVT	= 0xec1ab1e,	/* both sides are ready */
	LINK_FAILURE_EVT	= 0xfa110e,	/* silence, or a bad packet */
	LINK_FAILOVER_BEGIN_EVT	= 0xfa110bee,	/* its packets go by the other */
	LINK_FAILOVER_END_EVT	= 0xfa110ede,	/* ... and have all arrived */
	LINK_SYNCH_BEGIN_EVT	= 0xc1ccbee,	/* new, while the old drains */
	LINK_SYNCH_END_EVT	= 0xc1ccede,	/* the old one has drained */
};

/**
 * struct tipc_link_stats - counters shown by "tipc link statistics"
 *
 * Received (rx_), sent (tx_), the send queue (q_) and a profile of the
 * sizes of messages sent (prof_). "frags" count fragments, "fragged"
 * (and "defragged") the messages they made up. The q_ and prof_ ones are
 * samples, taken at each supervision tick of an established link, as
 * stock takes them: the queue's length, and the size of the message at
 * its head (the whole one, for a first fragment; none for later ones).
 */
struct tipc_link_stats {
	u32 rx_pkts, rx_states, rx_probes, rx_nacks, rx_deferred, rx_dups;
	u32 rx_bundles, rx_bundled, rx_frags, rx_defragged;
	u32 tx_pkts, tx_states, tx_probes, tx_nacks, tx_acks, tx_retrans;
	u32 tx_bundles, tx_bundled, tx_frags, tx_fragged, tx_congs;
	u32 q_max, q_sum, q_samples;
	u32 prof_msgs, prof_bytes, prof_sizes[7];
};

/**
 * struct tipc_link_conf - what a new link takes from its bearer and peer
 */
struct tipc_link_conf {
	const char *if_name;
	const char *self_str;
	const char *peer_str;
	u32 bearer_id;
	u32 tolerance;
	u32 priority;
	u32 min_win;
	u32 max_win;
	u32 mtu;
	char plane;
	u32 self;
	u32 peer;
	u16 peer_caps;
	u16 session;
	struct tipc_monitor *mon;
};

struct tipc_link;

struct tipc_link *tipc_link_create(struct net *net,
				   const struct tipc_link_conf *c,
				   struct tipc_bc_peer *bcp,
				   struct sk_buff_head *inputq,
				   struct sk_buff_head *namedq);
void tipc_link_delete(struct tipc_link *l);

int tipc_link_fsm_evt(struct tipc_link *l, int evt);
void tipc_link_reset(struct tipc_link *l);
void tipc_link_restart(struct tipc_link *l, struct sk_buff_head *xmitq);
int tipc_link_timeout(struct tipc_link *l, struct sk_buff_head *xmitq);
int tipc_link_xmit(struct tipc_link *l, struct sk_buff_head *list,
		   struct sk_buff_head *xmitq);
int tipc_link_rcv(struct tipc_link *l, struct sk_buff *skb,
		  struct sk_buff_head *xmitq);
bool tipc_link_validate_msg(struct tipc_link *l, const struct tipc_msg *hdr);

/* Changeover between a node's two links (link_tunnel.c) */
void tipc_link_tnl_synch(struct tipc_link *l, struct tipc_link *tnl,
			 struct sk_buff_head *xmitq);
void tipc_link_tnl_failover(struct tipc_link *l, struct tipc_link *tnl,
			    struct sk_buff_head *xmitq);
void tipc_link_tnl_failover_start(struct tipc_link *tnl,
				  struct sk_buff_head *xmitq);

void tipc_link_build_reset_msg(struct tipc_link *l, struct sk_buff_head *xmitq);
void tipc_link_build_state_msg(struct tipc_link *l, struct sk_buff_head *xmitq);
void tipc_link_build_bc_init_msg(struct tipc_link *l, u16 last,
				 struct sk_buff_head *xmitq);

/* Property changes; tolerance and priority are announced to the peer */
void tipc_link_set_window(struct tipc_link *l, u32 max_win);
void tipc_link_set_tolerance(struct tipc_link *l, u32 ms,
			     struct sk_buff_head *xmitq);
void tipc_link_set_prio(struct tipc_link *l, u32 level,
			struct sk_buff_head *xmitq);
void tipc_link_set_abort_limit(struct tipc_link *l, u32 limit);
void tipc_link_set_mtu(struct tipc_link *l, u32 mtu);
void tipc_link_reset_stats(struct tipc_link *l);

bool tipc_link_is_up(const struct tipc_link *l);
bool tipc_link_is_reset(const struct tipc_link *l);
bool tipc_link_is_establishing(const struct tipc_link *l);
bool tipc_link_peer_is_down(const struct tipc_link *l);
bool tipc_link_is_synching(const struct tipc_link *l);
u16 tipc_link_rcv_nxt(const struct tipc_link *l);
const char *tipc_link_name(const struct tipc_link *l);
struct tipc_monitor *tipc_link_monitor(const struct tipc_link *l);
u32 tipc_link_id(const struct tipc_link *l);
u32 tipc_link_mtu(const struct tipc_link *l);
u32 tipc_link_prio(const struct tipc_link *l);
u32 tipc_link_tolerance(const struct tipc_link *l);
u32 tipc_link_window(const struct tipc_link *l);
u32 tipc_link_state(const struct tipc_link *l);
const struct tipc_link_stats *tipc_link_stats(const struct tipc_link *l);

#endif
