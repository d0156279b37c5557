/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: name distribution, the exchange of cluster-scope bindings
 * between nodes in NAME_DISTRIBUTOR messages.
 *
 * Each message carries an array of 20-byte items, one per binding, all
 * published or all withdrawn by the node in the message's origin field.
 * A node that comes up is sent all our cluster-scope bindings at once
 * (the "bulk"); after that, each single change goes to every node up,
 * numbered by a per-namespace sequence counter so that a peer can apply
 * the changes in the order they were made.
 *
 * Locking:
 *  - @snd_nxt of struct tipc_named_net is read and advanced only under
 *    tipc_nametbl.lock, in the same critical section that changes the
 *    table; a bulk is collected under that lock too, so the number it
 *    carries describes exactly the bindings it holds;
 *  - @rcv_lock (BH) serialises applying the updates of peers, so that two
 *    CPUs draining node queues cannot apply them out of order. Order:
 *    rcv_lock -> a node's queue lock (leaf, skb_queue lock);
 *    rcv_lock -> tipc_nametbl.lock. It is never taken under either;
 *  - nothing is sent under any of these locks. The functions that send
 *    or measure links (tipc_named_node_up() asks for the MTU) must be
 *    called with no node lock and no socket spinlock held.
 */
#ifndef _TIPC_NAME_DISTR_H
#define _TIPC_NAME_DISTR_H

#include <linux/spinlock.h>
#include <linux/types.h>

struct net;
struct sk_buff;
struct sk_buff_head;
struct tipc_binding;

/* NAME_DISTRIBUTOR message types */
enum tipc_named_msg_type {
	PUBLICATION = 0,
	WITHDRAWAL = 1,
};

/* One binding on the wire, all fields big-endian */
struct tipc_named_item {
	__be32 type;	/* service type */
	__be32 lower;	/* first instance */
	__be32 upper;	/* last instance */
	__be32 port;	/* of the bound socket */
	__be32 key;	/* tells the socket's bindings apart */
};

#define TIPC_NAMED_ITEM_SIZE	sizeof(struct tipc_named_item)

/**
 * struct tipc_named_net - name distribution state of a namespace
 * @rcv_lock: see the top of this file
 * @snd_nxt: number of our next single update (tipc_nametbl.lock)
 */
struct tipc_named_net {
	spinlock_t rcv_lock; /* see the top of this file */
	u16 snd_nxt;
};

void tipc_named_init(struct tipc_named_net *dn);

/* Building and sending one update of a local binding (name_table.c) */
struct sk_buff *tipc_named_alloc(gfp_t gfp);
struct sk_buff *tipc_named_stamp(struct tipc_named_net *dn, u32 self,
				 struct sk_buff *skb,
				 const struct tipc_binding *b, u32 mtype);
void tipc_named_send(struct net *net, struct sk_buff *skb);

/* Item encoding, shared with the tests */
void tipc_named_item_put(struct tipc_named_item *i,
			 const struct tipc_binding *b);

/*
 * Node @dnode came up: queue on @list the bulk of all our cluster-scope
 * bindings, for the caller to send on its link. The caller must already
 * count the node as up for tipc_node_xmit_all(), so that every single
 * update numbered after the bulk reaches it.
 */
void tipc_named_node_up(struct net *net, u32 dnode, u16 caps,
			struct sk_buff_head *list);

/*
 * Apply the updates queued on a node's @namedq that are due, in order;
 * @rcv_nxt and @open are that node's receive state (both zero for a node
 * just come up), changed under @namedq's lock.
 */
void tipc_named_rcv(struct net *net, struct sk_buff_head *namedq,
		    u16 *rcv_nxt, bool *open);

/* Node @addr went down: withdraw every binding it had published */
void tipc_named_node_down(struct net *net, u32 addr);

#endif
