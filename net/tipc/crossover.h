/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: the crossover, user data handed straight to a socket of a
 * peer node that is another network namespace of this kernel.
 *
 * A namespace proves it is local with its discovery messages: word 13
 * carries a value only code in this kernel can compute (tipc_xo_proof()).
 * Every namespace served by this module is listed, by that value and by
 * its identity, in one module-wide table. A peer node whose value, 128-bit
 * identity and cluster id all match one listed namespace is that
 * namespace: its node gets a candidate pointer (tipc_xo_peer.cand),
 * published for senders (tipc_xo_peer.peer) once contact with the node is
 * established, if both namespaces allow the crossover (sysctl
 * net.tipc.crossover). Only data, connection-manager and group-protocol
 * messages take it; everything the link layer itself needs still goes
 * by the bearer, and supervision of the link decides when the node is
 * up and when it is lost.
 *
 * Lifetime: the table is written under tipc_xo_lock and read under RCU.
 * A node's tipc_xo_peer is written under that node's lock. A namespace
 * leaves the table in its pre_exit step and then clears every node of
 * every namespace pointing at it, taking each node's lock; a discovery
 * message that found it earlier set its pointer under that same lock,
 * so none is left behind. The network namespace core waits for an RCU
 * grace period between pre_exit and exit: a sender that read the pointer
 * under rcu_read_lock() may deliver into the namespace until it leaves
 * that section, never after. Senders also refuse a namespace whose
 * reference count has dropped to zero (check_net()).
 */
#ifndef _TIPC_CROSSOVER_H
#define _TIPC_CROSSOVER_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct net;
struct seq_file;
struct sk_buff_head;
struct tipc_xo_stats;

/**
 * struct tipc_xo_peer - a peer node's crossover state (in its tipc_node)
 * @peer: the crossover state of the peer's namespace, for senders; set
 *	while contact is established (node lock; RCU readers)
 * @cand: that of the namespace the peer proved to be, or NULL (node lock)
 * @proof: the last proof value checked, 0 for none (node lock)
 */
struct tipc_xo_peer {
	struct tipc_xo_net __rcu *peer;
	struct tipc_xo_net *cand;
	u32 proof;
};

/**
 * struct tipc_xo_net - a namespace's crossover state (in its tipc_net)
 * @by_proof: in the module-wide table by proof (tipc_xo_lock; RCU)
 * @by_id: in the module-wide table by identity, once it has one (same)
 * @proof: our proof; fixed for the namespace's life
 * @net: the namespace
 * @enabled: sysctl net.tipc.crossover; lockless reads
 * @rejected: proofs no local namespace vouched for while one of them
 *	had that identity or that proof: forged or replayed
 * @stats: per-CPU counters of what was sent and received directly
 * @sysctl: our net.tipc table
 */
struct tipc_xo_net {
	struct hlist_node by_proof;
	struct hlist_node by_id;
	u32 proof;
	struct net *net;
	int enabled;
	atomic_long_t rejected;
	struct tipc_xo_stats __percpu *stats;
	struct ctl_table_header *sysctl;
};

/* Module and namespace life cycle (core.c) */
int tipc_xo_pernet_init(struct net *net);
void tipc_xo_pernet_pre_exit(struct net *net);
void tipc_xo_pernet_exit(struct net *net);

/* The value our discovery messages carry in word 13 */
u32 tipc_xo_proof(const struct net *net);
/* Our identity changed: list the namespace under the new one (RTNL) */
void tipc_xo_id_changed(struct net *net);

/* Node state, under the node's lock (node.c) */
void tipc_xo_peer_check(struct net *net, struct tipc_xo_peer *p,
			const u8 *id, u32 proof);
void tipc_xo_peer_up(struct net *net, struct tipc_xo_peer *p);
void tipc_xo_peer_down(struct tipc_xo_peer *p);
void tipc_xo_peer_forget(struct tipc_xo_peer *p, const struct net *dying);

/*
 * Sending (node_xmit.c), under rcu_read_lock(); @self is the sending
 * namespace's state. Only a peer with the crossover open needs asking
 * (the others stay on the link); tipc_xo_xmit() is true if @list went
 * to the peer's sockets.
 */
static inline bool tipc_xo_open(struct tipc_xo_peer *p)
{
	return rcu_access_pointer(p->peer);
}

bool tipc_xo_xmit(struct tipc_xo_net *self, struct tipc_xo_peer *p,
		  struct sk_buff_head *list);
/* Does traffic to this peer go by the crossover now? */
bool tipc_xo_active(const struct tipc_xo_net *self, struct tipc_xo_peer *p);

/* /proc/net/tipc/crossover: one line for a crossover peer (node.c) */
void tipc_xo_show_peer(struct seq_file *seq, u32 addr, const char *id,
		       struct tipc_xo_peer *p);

#endif
