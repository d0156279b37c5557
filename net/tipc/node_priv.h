/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: what the node code's files share and nobody else sees: the
 * node and its link entries, the node state machine's codes, and the
 * calls between the node table and state machine (node.c), the receive
 * path (node_rcv.c) and the send path (node_xmit.c). Locking: node.h.
 */
#ifndef _TIPC_NODE_PRIV_H
#define _TIPC_NODE_PRIV_H

#include <linux/hashtable.h>
#include <linux/refcount.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "addr.h"
#include "bcast.h"
#include "bearer.h"
#include "core.h"
#include "crossover.h"

/* Links per node: two, on two bearers, for changeover (link_tunnel.c) */
#define TIPC_NODE_MAX_LINKS	2
#define TIPC_NO_BEARER		(-1)
/* MTU assumed toward a node without a working link */
#define TIPC_DEF_MTU		1500
/* Timer interval: a quarter of the lowest tolerance, at most this */
#define TIPC_KEEPALIVE_MAX_MS	500
#define TIPC_KEEPALIVE_IDLE_MS	10000
/* A node out of contact this long leaves the table, as in stock */
#define TIPC_NODE_FORGET_MS	(5 * 60 * 1000)

/*
 * Node states, bit-coded as in stock: how we see the peer, and how it
 * sees us. A new node starts out believing the peer still sees it up.
 */
enum {
	SELF_UP_PEER_UP		= 0xaa,		/* the steady state */
	SELF_UP_PEER_COMING	= 0xac,
	SELF_COMING_PEER_UP	= 0xca,
	SELF_DOWN_PEER_DOWN	= 0xdd,
	SELF_DOWN_PEER_LEAVING	= 0xd1,
	SELF_LEAVING_PEER_DOWN	= 0x1d,
	NODE_FAILINGOVER	= 0xf0,		/* a link's packets go by the other */
	NODE_SYNCHING		= 0xcc,		/* a new link waits for the old */
};

/* Node events: contact made or lost, by us or by the peer */
enum {
	PEER_ESTABL_CONTACT_EVT	= 0x9ece,
	SELF_ESTABL_CONTACT_EVT	= 0xece,
	PEER_LOST_CONTACT_EVT	= 0x91ce,
	SELF_LOST_CONTACT_EVT	= 0x1ce,
	NODE_FAILOVER_BEGIN_EVT	= 0xfbe,
	NODE_FAILOVER_END_EVT	= 0xfee,
	NODE_SYNCH_BEGIN_EVT	= 0xcbe,
	NODE_SYNCH_END_EVT	= 0xcee,
};

/* What a node asks to be done once its lock is released */
#define TIPC_NODE_UP_ACT	0x1
#define TIPC_NODE_DOWN_ACT	0x2
#define TIPC_NODE_LINK_ACT	0x4	/* a link came up or went down */

/**
 * struct tipc_link_entry - a node's link on one bearer
 * @link: the link, or NULL (node lock)
 * @maddr: the peer's media address there (node lock)
 * @inputq: messages for sockets, emptied without the node lock
 * @outq: packets for this bearer queued while handling another one,
 *	such as a tunnel's (node lock; sent on unlocking)
 * @state_binding: the {TIPC_LINK_STATE, peer} binding of this link while
 *	it is up (state_work only)
 * @state_id: that binding's port, the link's identity (state_work only)
 */
struct tipc_link_entry {
	struct tipc_link *link;
	struct tipc_media_addr maddr;
	struct sk_buff_head inputq;
	struct sk_buff_head outq;
	struct tipc_binding *state_binding;
	u32 state_id;
};

/**
 * struct tipc_node - a peer node
 * @addr: its address
 * @id: its identity
 * @id_str: printable identity, as used in link names
 * @net: our namespace
 * @ref: references: the table's, and one per user in flight
 * @lock: see node.h
 * @hash: in tipc_node_net.hash (table lock; RCU readers)
 * @list: in tipc_node_net.list, by address (table lock; RCU readers)
 * @caps: its capabilities
 * @sig: its signature
 * @state: node FSM state
 * @sync_point: in NODE_SYNCHING, the last packet the old link carries; in
 *	NODE_FAILINGOVER, the last tunnel packet (node lock)
 * @active: bearer of the link carrying traffic, per selector bit
 * @link_cnt: links that exist
 * @working: links that are up
 * @le: links by bearer
 * @bcp: the peer's broadcast state
 * @bc_acked: our last broadcast the peer acknowledged (node lock)
 * @bc_acker: the peer counts among our broadcast link's peers (node lock)
 * @bc_synced: the peer has our broadcast link's starting point: it has
 *	acknowledged the first packet of its link, which carried it; its
 *	broadcast acknowledgements count from then on (node lock)
 * @namedq: name distribution messages to apply
 * @named_rcv_nxt: next named_seqno expected (name_distr.c; @namedq's lock)
 * @named_open: the bulk has arrived (name_distr.c; @namedq's lock)
 * @timer: supervises the links
 * @keepalive_ms: @timer's interval
 * @actions: TIPC_NODE_*_ACT to run after unlocking
 * @input_busy: bit 0 is set while a CPU delivers the inputqs to sockets
 * @dead: removed from the table; no new links (node lock)
 * @forget_at: when a node still out of contact is removed (node lock)
 * @state_work: publishes and withdraws the link-state bindings
 * @xo: the crossover to it, if it is a namespace of this kernel
 *	(crossover.h; node lock, RCU readers)
 * @rcu: frees the node after readers are done
 */
struct tipc_node {
	u32 addr;
	u8 id[TIPC_ID_LEN];
	char id_str[TIPC_ID_STR_LEN];
	struct net *net;
	refcount_t ref;
	spinlock_t lock;	/* see node.h */
	struct hlist_node hash;
	struct list_head list;
	u16 caps;
	u16 sig;
	u32 state;
	u16 sync_point;
	int active[2];
	u32 link_cnt;
	u32 working;
	struct tipc_link_entry le[TIPC_MAX_BEARERS];
	struct tipc_bc_peer bcp;
	u16 bc_acked;
	bool bc_acker;
	bool bc_synced;
	struct sk_buff_head namedq;
	u16 named_rcv_nxt;
	bool named_open;
	struct timer_list timer;
	u32 keepalive_ms;
	u32 actions;
	unsigned long input_busy;
	bool dead;
	unsigned long forget_at;
	struct work_struct state_work;
	struct tipc_xo_peer xo;
	struct rcu_head rcu;
};

static inline struct tipc_node_net *tipc_nn(struct net *net)
{
	return &tipc_net(net)->nodes;
}

static inline void tipc_node_put(struct tipc_node *n)
{
	if (refcount_dec_and_test(&n->ref))
		kfree_rcu(n, rcu);
}

/* Is the node reachable: is one of its links carrying traffic? */
static inline bool tipc_node_up(const struct tipc_node *n)
{
	return n->active[0] != TIPC_NO_BEARER;
}

/*
 * node.c: the table. Lookup is for RCU readers, which may use the node
 * until rcu_read_unlock() (nodes are freed after a grace period); find
 * works in any context and takes a reference on what it finds.
 */
static inline struct tipc_node *tipc_node_lookup(struct tipc_node_net *nn,
						 u32 addr)
{
	struct tipc_node *n;

	hash_for_each_possible_rcu(nn->hash, n, hash, addr) {
		if (n->addr == addr)
			return n;
	}
	return NULL;
}

struct tipc_node *tipc_node_find(struct net *net, u32 addr);
struct tipc_node *tipc_node_next(struct net *net, u32 addr, bool first);

/* node.c: the state machine and links coming and going; node lock held */
void tipc_node_fsm_evt(struct tipc_node *n, int evt);
void tipc_node_link_up(struct tipc_node *n, int bearer_id,
		       struct sk_buff_head *xmitq);
void tipc_node_link_down(struct tipc_node *n, int bearer_id,
			 struct sk_buff_head *xmitq);
void tipc_node_tunnel_open(struct tipc_node *n, struct tipc_link *tnl);

/*
 * node.c: leaving the node lock. tipc_node_unlock() releases it and
 * returns the actions the locked section left; the caller sends its own
 * packets (tipc_node_xmit_queue()), then runs tipc_node_after().
 */
u32 tipc_node_unlock(struct tipc_node *n, int bearer_id,
		     struct tipc_media_addr *dst) __releases(&n->lock);
void tipc_node_xmit_queue(struct net *net, int bearer_id,
			  struct sk_buff_head *xmitq,
			  const struct tipc_media_addr *dst);
void tipc_node_after(struct tipc_node *n, u32 actions);

/* node_rcv.c: hand what the links received to sockets; no node lock */
void tipc_node_input(struct tipc_node *n);

#endif
