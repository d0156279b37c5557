/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: our own broadcasts ("broadcast-link"), the sending half of
 * what bcast.h receives from peers.
 *
 * A multicast sent by broadcast leaves once, on every bearer with links
 * (the broadcast address of each), and every node that is up receives
 * it. Its packets are numbered in a sequence of their own (w2 lo), kept
 * until each peer that counted when they left has acknowledged them,
 * and sent again when a peer reports them missing. Peers acknowledge
 * in bcast_ack (w1 lo) of everything they send us on a unicast link,
 * and report gaps in bc_gap (w8) of their STATE messages; a peer joins
 * at link up, told where our sequence stands by the BCAST_PROTOCOL
 * message that is the first packet of the new link.
 *
 * Whether a socket's multicast goes by broadcast or by replicast (a
 * unicast copy per node) is chosen per message, as stock chooses it
 * (tipc_bclink_method()), or forced by the socket or by "tipc link set
 * broadcast".
 *
 * Locking: struct tipc_bclink (bclink.c) has a lock (BH) that guards
 * all of it but the method settings (RTNL; read with READ_ONCE()). It
 * is taken under a node's lock, never the reverse: node lock ->
 * tipc_bclink.lock. Nothing is sent and no socket is woken under it:
 * packets and wakeups wait until tipc_bclink_flush(), which every
 * caller runs once it holds no lock.
 */
#ifndef _TIPC_BCLINK_H
#define _TIPC_BCLINK_H

#include <linux/skbuff.h>
#include <linux/spinlock.h>

struct net;

#define TIPC_BCLINK_NAME	"broadcast-link"

/* Methods, as "tipc link set broadcast" numbers them */
#define TIPC_BC_MODE_BCAST	0x1
#define TIPC_BC_MODE_RCAST	0x2
#define TIPC_BC_MODE_AUTO	0x4
#define TIPC_BC_RATIO_DEF	10

/* Window: default, and the range "tipc link set window" may pick */
#define TIPC_BCLINK_WIN_DEF	50
#define TIPC_BCLINK_WIN_MIN	32

/**
 * struct tipc_bclink_stats - counters of "tipc link statistics show"
 * @tx_pkts: packets sent (once each, however many bearers)
 * @tx_frags: fragments among them
 * @tx_fragged: messages cut into fragments
 * @retrans: packets sent again
 * @rx_nacks: gap reports received
 * @congs: senders made to wait
 * @q_max: longest the send queue (sent and backlog) has been
 * @q_sum: sum of its length, sampled at each message sent
 * @q_samples: samples in @q_sum
 */
struct tipc_bclink_stats {
	u32 tx_pkts, tx_frags, tx_fragged;
	u32 retrans, rx_nacks, congs;
	u32 q_max;
	u64 q_sum;
	u32 q_samples;
};

int tipc_bclink_init(struct net *net);
void tipc_bclink_exit(struct net *net);

/* Node side, under the node's lock (then tipc_bclink_flush()) */
u16 tipc_bclink_add_peer(struct net *net, bool rcast);
void tipc_bclink_remove_peer(struct net *net, u16 acked, bool rcast);
void tipc_bclink_ack(struct net *net, u16 *acked, u16 ack);
bool tipc_bclink_nack(struct net *net, u16 acked, u16 gap, u32 fail_ms);
void tipc_bclink_link_up(struct net *net, int bearer_id, bool up);
u16 tipc_bclink_last_sent(struct net *net);

void tipc_bclink_flush(struct net *net);

/* Sockets */
bool tipc_bclink_can_bcast(struct net *net);
void tipc_bclink_method(struct net *net, u32 dests, bool forced, bool *rcast,
			unsigned long *expires);
u32 tipc_bclink_mtu(struct net *net);
int tipc_bclink_xmit(struct net *net, struct sk_buff_head *list);

/* Netlink */
int tipc_bclink_set(struct net *net, u32 mode, u32 ratio, u32 window);
void tipc_bclink_get(struct net *net, u32 *mode, u32 *ratio, u32 *window,
		     struct tipc_bclink_stats *stats);
void tipc_bclink_reset_stats(struct net *net);

#endif
