/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: peer nodes, and the way to them.
 *
 * A node is a peer heard by discovery; it owns up to one link per bearer
 * (link.c) and decides, with its own small state machine, when the peer
 * is reachable ("up"): at least one link is up, and the peer has shown
 * that it sees us as up too.
 *
 * Locking: the namespace's node table (tipc_node_net.lock, BH) guards
 * the hash and the sorted list; lookups run under RCU and take a
 * reference, except the send path's and tipc_node_is_up()'s, which use
 * the node only inside their RCU section (nodes are freed after a grace
 * period) unless the send path takes the link. Each node has a spinlock (tipc_node.lock, BH) that
 * guards its state, its links and everything inside them: the link code
 * runs only under it. Nothing is delivered to sockets and nothing is handed
 * to a bearer while a node lock is held: link functions fill queues the
 * node code empties after unlocking. Lock order: RTNL -> tipc_node.lock
 * -> tipc_disc.lock; the node table lock is a leaf.
 */
#ifndef _TIPC_NODE_H
#define _TIPC_NODE_H

#include <linux/types.h>

#include "msg.h"

struct net;
struct sk_buff;
struct seq_file;
struct sk_buff_head;
struct tipc_bearer;
struct tipc_media_addr;

/* Link congestion: the message was queued, but the sender must wait */
#define ELINKCONG	EAGAIN

/* Capabilities this node implements and advertises in discovery */
#define TIPC_CAP_SYN_BIT	0x0001
#define TIPC_CAP_BCAST_SYNCH	0x0002
#define TIPC_CAP_BCAST_STATE_NACK	0x0004
#define TIPC_CAP_BLOCK_FLOWCTL	0x0008
#define TIPC_CAP_BCAST_RCAST	0x0010
#define TIPC_CAP_NODE_ID128	0x0020
#define TIPC_CAP_PROTO_SEQNO	0x0040
#define TIPC_CAP_MCAST_RBCTL	0x0080
#define TIPC_CAP_GAP_ACK_BLOCK	0x0100
#define TIPC_CAP_TUNNEL_ENHANCED	0x0200
#define TIPC_CAP_NAGLE		0x0400
#define TIPC_CAP_NAMED_BCAST	0x0800

/*
 * What this node advertises: replicast multicast is taken (so a peer
 * multicasting to us alone need not broadcast), gaps in our broadcasts
 * are reported in STATE messages (bc_gap), a multicast method switch is
 * marked by a SYN pair (sock_mcast.c), changeover uses one header-only
 * SYNCH and tunnel fragments; not yet broadcast name distribution.
 */
#define TIPC_NODE_CAPS		(TIPC_CAP_SYN_BIT | TIPC_CAP_BCAST_SYNCH | \
				 TIPC_CAP_BCAST_STATE_NACK | \
				 TIPC_CAP_BLOCK_FLOWCTL | TIPC_CAP_BCAST_RCAST | \
				 TIPC_CAP_NODE_ID128 | \
				 TIPC_CAP_PROTO_SEQNO | TIPC_CAP_MCAST_RBCTL | \
				 TIPC_CAP_GAP_ACK_BLOCK | \
				 TIPC_CAP_TUNNEL_ENHANCED | TIPC_CAP_NAGLE)

/* Nodes kept per namespace */
#define TIPC_MAX_NODES		4096

/* Discovery: a peer was heard on @b (softirq). Creates node and link. */
void tipc_node_discovered(struct tipc_bearer *b, u32 addr, const u8 *id,
			  u32 proof, u16 caps, u16 sig,
			  const struct tipc_media_addr *maddr,
			  bool *respond, bool *dupl_addr);

/* The crossover (crossover.c): namespace @dying leaves; our peers' list */
void tipc_node_xo_forget(struct net *net, const struct net *dying);
void tipc_node_xo_show(struct net *net, struct seq_file *seq);

/* Receive path: a sequenced (non-discovery) packet from bearer @b */
void tipc_node_rcv(struct tipc_bearer *b, struct sk_buff *skb);

/*
 * Send @list (one message, maybe fragmented) to node @dnode; @selector
 * picks one of two links. Returns 0, -ELINKCONG (queued, sender must
 * wait for a SOCK_WAKEUP), or -EHOSTUNREACH/-ENOBUFS/-EMSGSIZE (purged).
 */
int tipc_node_xmit(struct net *net, struct sk_buff_head *list, u32 dnode,
		   u32 selector);
int tipc_node_xmit_skb(struct net *net, struct sk_buff *skb, u32 dnode,
		       u32 selector);

/* A copy of @skb to every node that is up, except @skip; consumes @skb */
void tipc_node_xmit_all(struct net *net, struct sk_buff *skb, u32 skip);

bool tipc_node_is_up(struct net *net, u32 addr);
bool tipc_node_all_have(struct net *net, u16 cap);
bool tipc_node_get_id(struct net *net, u32 addr, u8 *id);
/* Largest message that goes to @addr unfragmented (header included) */
u32 tipc_node_mtu(struct net *net, u32 addr, u32 selector);

/*
 * Messages of up to this many bytes (header included) are built whole,
 * whatever their destination, without asking its MTU: a link nearly
 * always carries them whole, and one that cannot cuts them up itself.
 */
#define TIPC_WHOLE_MSG		1024

/* The MTU to build a message of @size bytes to @addr for */
static inline u32 tipc_node_build_mtu(struct net *net, u32 addr,
				      u32 selector, u32 size)
{
	if (size <= TIPC_WHOLE_MSG)
		return MAX_MSG_SIZE;
	return tipc_node_mtu(net, addr, selector);
}

/* Number of nodes up */
u32 tipc_node_count_up(struct net *net);
int tipc_node_link_name(struct net *net, u32 bearer_id, u32 addr,
			char *name, size_t len);

/* "tipc peer remove": -ENXIO if unknown, -EBUSY while up; process */
int tipc_node_remove(struct net *net, u32 addr);

/* Bearer going away (RTNL): its links are deleted */
void tipc_node_bearer_down(struct net *net, u32 bearer_id);
/* Bearer tolerance changed (RTNL): announce it on its links */
void tipc_node_bearer_tolerance(struct net *net, u32 bearer_id, u32 tol);
void tipc_node_bearer_mtu(struct net *net, u32 bearer_id, u32 mtu);

/* For netlink: walks and lookups, see node.c */
struct tipc_link;
int tipc_node_walk(struct net *net, u32 *pos, bool first,
		   int (*fn)(u32 addr, bool up, void *arg), void *arg);
int tipc_node_walk_links(struct net *net, u32 *node, u32 *bid,
			 int (*fn)(struct tipc_link *l, bool active,
				   void *arg), void *arg);
int tipc_node_link_do(struct net *net, const char *name,
		      int (*fn)(struct tipc_link *l,
				struct sk_buff_head *xmitq, void *arg),
		      void *arg);

int tipc_node_pernet_init(struct net *net);
void tipc_node_pernet_exit(struct net *net);

#endif
