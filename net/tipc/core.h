/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: per-namespace state and the rules for locking it.
 *
 * Lock order (take left before right, never the reverse):
 *
 *   RTNL -> lock_sock(sk) -> tipc_nametbl.lock -> tipc_service.lock
 *	-> tipc_sub.lock -> tipc_topconn.lock
 *   RTNL -> tipc_disc.lock -> tipc_disc_net.lock
 *   RTNL -> tipc_node.lock -> tipc_disc.lock
 *   tipc_node_net.lock -> tipc_node.lock (taking a node out of the table)
 *   tipc_node.lock -> tipc_bclink.lock (see bclink.h)
 *   tipc_node.lock -> tipc_monitor.lock (a leaf: see monitor.h)
 *
 * Leaf locks, taken last and alone: the queue lock of the topology
 * server's kernel events (under tipc_sub.lock) and a socket's outq lock
 * (under its socket spinlock). A communication group is the socket's:
 * it runs under that socket's lock and sends what it wants sent after.
 *
 * Delivery takes a receiving socket's spinlock (sk_lock.slock) while the
 * sender may own its own socket; no socket spinlock is ever held while
 * another is taken: what a socket answers is queued and sent after.
 *
 * RTNL serialises every configuration change of a namespace (identity,
 * address, cluster id); readers on the data path use READ_ONCE() on the
 * few scalars they need. The socket table is an rhashtable read under
 * RCU. The binding table is described in name_table.h. Bearers are
 * described in bearer.h, discovery in discover.h.
 */
#ifndef _TIPC_CORE_H
#define _TIPC_CORE_H

#include <linux/hashtable.h>
#include <linux/types.h>
#include <linux/rhashtable-types.h>
#include <linux/tipc.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "crossover.h"
#include "name_table.h"

struct tipc_topsrv;
struct tipc_bearer;
struct tipc_bclink;

#define TIPC_MAX_BEARERS	3

/**
 * struct tipc_disc_net - discovery state of a namespace (discover.c)
 * @trial_end: jiffies when the address trial ends (tipc_disc_net.lock)
 * @commit: commits the trial address, in process context with RTNL
 * @lock: guards @trial_end, trial_addr changes and @peers
 * @peers: neighbours heard on any bearer (struct tipc_peer)
 * @npeers: entries in @peers
 * @net: the namespace, for @commit
 */
struct tipc_disc_net {
	unsigned long trial_end;
	struct work_struct commit;
	spinlock_t lock;		/* see above */
	struct list_head peers;
	u32 npeers;
	struct net *net;
};

/**
 * struct tipc_node_net - the peer nodes of a namespace (node.c)
 * @lock: guards changes of @hash, @list and @count; readers use RCU
 * @hash: nodes by address
 * @list: nodes in address order
 * @count: nodes in the table
 * @net: the namespace
 * @forget_work: removes the nodes out of contact for five minutes
 */
struct tipc_node_net {
	spinlock_t lock;	/* see above */
	DECLARE_HASHTABLE(hash, 9);
	struct list_head list;
	u32 count;
	struct net *net;
	struct work_struct forget_work;
};

#define TIPC_ID_LEN		16	/* bytes of a 128-bit node identity */
#define TIPC_ID_STR_LEN		(2 * TIPC_ID_LEN + 1)
#define TIPC_DEF_CLUSTER_ID	4711
#define TIPC_MAX_CLUSTER_ID	9999

/**
 * struct tipc_net - everything TIPC keeps for one network namespace
 * @node_id: our 128-bit identity, all zero while unconfigured (RTNL)
 * @node_id_str: printable form of @node_id (RTNL)
 * @node_addr: committed 32-bit node address, 0 until committed (RTNL,
 *	read locklessly)
 * @trial_addr: address derived from @node_id, not yet committed (RTNL;
 *	during the address trial also under tipc_disc_net.lock)
 * @cluster_id: cluster ("network") identity, 1..9999 (RTNL, lockless read)
 * @random: random value drawn at namespace creation; its low 16 bits
 *	are the node signature on the wire
 * @legacy_addr: the address was configured in Z.C.N form (RTNL)
 * @ports: sockets by port number (rhashtable, RCU readers)
 * @nametbl: service bindings of this namespace
 * @topsrv: the topology server (set up and torn down with the namespace)
 * @bearers: enabled bearers by identity (RCU; RTNL writes)
 * @disc: neighbour discovery
 * @nodes: peer nodes
 * @bcl: our broadcast link (bclink.c)
 * @mon_threshold: nodes on a bearer beyond which its monitor works as a
 *	ring (monitor.c; lockless)
 * @xo: the crossover to other namespaces of this kernel (crossover.c)
 */
struct tipc_net {
	u8 node_id[TIPC_ID_LEN];
	char node_id_str[TIPC_ID_STR_LEN];
	u32 node_addr;
	u32 trial_addr;
	u32 cluster_id;
	u32 random;
	bool legacy_addr;
	struct rhashtable ports;
	struct tipc_nametbl nametbl;
	struct tipc_topsrv *topsrv;
	struct tipc_bearer __rcu *bearers[TIPC_MAX_BEARERS];
	struct tipc_disc_net disc;
	struct tipc_node_net nodes;
	struct tipc_bclink *bcl;
	u32 mon_threshold;
	struct tipc_xo_net xo;
};

extern unsigned int tipc_net_id __read_mostly;

static inline struct tipc_net *tipc_net(const struct net *net)
{
	return net_generic(net, tipc_net_id);
}

#endif
