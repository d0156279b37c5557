/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: the binding table, mapping service ranges to sockets.
 *
 * Locking:
 *  - tipc_nametbl.lock (BH) serialises adding and removing bindings and
 *    services, and protects the @bindings list;
 *  - each service's own lock (BH) protects its range tree and the member
 *    lists, which lookups rotate for round-robin;
 *  - services are found under RCU and freed after a grace period; a
 *    service marked dead under its lock is being removed and is skipped.
 */
#ifndef _TIPC_NAME_TABLE_H
#define _TIPC_NAME_TABLE_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "name_distr.h"

struct net;
struct tipc_service;
struct tipc_sub;
struct tipc_srange;

#define TIPC_MAX_BINDINGS	65535	/* of this node, per namespace */
#define TIPC_WATCH_BUCKETS	64	/* subscriptions by service type */

/**
 * struct tipc_binding - one socket bound to one service range
 * @type: service type
 * @lower: first instance of the range
 * @upper: last instance of the range
 * @scope: TIPC_NODE_SCOPE or TIPC_CLUSTER_SCOPE
 * @node: node of the bound socket; 0 for our node before its address is
 *	committed (service lock); another node's for a binding it published
 * @port: port of the bound socket
 * @key: distinguishes several bindings of one socket
 * @svc: the service this binding lives in
 * @range: the range of @svc this binding is a member of
 * @member: in the range's member list, in round-robin order (service lock)
 * @all: in tipc_nametbl.bindings (table lock)
 * @owner: in the owning socket's list (socket lock)
 * @rcu: frees the binding after readers are done
 */
struct tipc_binding {
	u32 type;
	u32 lower;
	u32 upper;
	u32 scope;
	u32 node;
	u32 port;
	u32 key;
	struct tipc_service *svc;
	struct tipc_srange *range;
	struct list_head member;
	struct list_head all;
	struct list_head owner;
	struct rcu_head rcu;
};

/**
 * struct tipc_nametbl - binding table of one namespace
 * @lock: see above
 * @services: services by type (rhashtable, RCU readers)
 * @bindings: every binding in the table, ours and other nodes' (lock)
 * @local_count: bindings of this node (lock)
 * @self: our node address as stamped on new local bindings (lock)
 * @node_state: the binding announcing our own node, once committed
 * @watches: topology subscriptions by service type (lock)
 * @watch_count: subscriptions in @watches (lock)
 * @distr: name distribution state (name_distr.h)
 */
struct tipc_nametbl {
	spinlock_t lock; /* see the top of this file */
	struct rhashtable services;
	struct list_head bindings;
	u32 local_count;
	u32 self;
	struct tipc_binding *node_state;
	struct hlist_head watches[TIPC_WATCH_BUCKETS];
	u32 watch_count;
	struct tipc_named_net distr;
};

/* Where a lookup resolved to */
struct tipc_dest {
	u32 node;
	u32 port;
};

int tipc_nametbl_init(struct net *net);
void tipc_nametbl_exit(struct net *net);
struct tipc_binding *tipc_nametbl_bind(struct net *net, u32 type, u32 lower,
				       u32 upper, u32 scope, u32 port,
				       u32 key);
void tipc_nametbl_unbind(struct net *net, struct tipc_binding *b);
bool tipc_nametbl_lookup(struct net *net, u32 type, u32 instance,
			 u32 lookup_node, struct tipc_dest *dest);
bool tipc_nametbl_lookup_scoped(struct net *net, u32 type, u32 instance,
				u32 scope, u32 exclude, struct tipc_dest *dest);
void tipc_nametbl_visit(struct net *net, u32 type, u32 lower, u32 upper,
			u32 scope,
			void (*fn)(const struct tipc_binding *b, void *arg),
			void *arg);
int tipc_nametbl_node_up(struct net *net, u32 addr);
int tipc_nametbl_mcast_ports(struct net *net, u32 type, u32 lower, u32 upper,
			     bool remote, u32 **ports);
int tipc_nametbl_group_ports(struct net *net, u32 type, u32 scope,
			     u32 **ports);
int tipc_nametbl_mcast_nodes(struct net *net, u32 type, u32 lower, u32 upper,
			     u32 **nodes);
int tipc_nametbl_watch(struct net *net, struct tipc_sub *sub);
void tipc_nametbl_unwatch(struct net *net, struct tipc_sub *sub);
/* Bindings published by other nodes (name_distr.c) */
int tipc_nametbl_add_remote(struct net *net, u32 type, u32 lower, u32 upper,
			    u32 node, u32 port, u32 key);
int tipc_nametbl_del_remote(struct net *net, u32 type, u32 lower, u32 upper,
			    u32 node, u32 port, u32 key);
void tipc_nametbl_purge_node(struct net *net, u32 node);
u16 tipc_nametbl_local_cluster(struct net *net,
			       void (*fn)(const struct tipc_binding *b,
					  void *arg),
			       void *arg);
int tipc_nametbl_walk(struct net *net, unsigned long *pos,
		      int (*fn)(const struct tipc_binding *b, void *arg),
		      void *arg);

#endif
