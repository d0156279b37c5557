/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: topology subscriptions, the watchers of the binding table.
 */
#ifndef _TIPC_SUBSCR_H
#define _TIPC_SUBSCR_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/tipc.h>

struct net;
struct tipc_binding;
struct tipc_topconn;

#define TIPC_MAX_SUBSCRIPTIONS	65535	/* per namespace */

/* Filter bits beyond the uapi ones, for kernel subscribers */
#define TIPC_SUB_CLUSTER_SCOPE	0x20	/* only cluster-scope bindings */
#define TIPC_SUB_NODE_SCOPE	0x40	/* only node-scope bindings */
#define TIPC_SUB_NO_STATUS	0x80	/* nothing about earlier bindings */

/**
 * struct tipc_sub - one subscription of a topology server connection
 * @raw: the subscription as the subscriber sent it, in its byte order
 * @type: watched service type (host order, as all below)
 * @lower: first watched instance
 * @upper: last watched instance
 * @filter: TIPC_SUB_PORTS or TIPC_SUB_SERVICE
 * @swap: the subscriber uses the other byte order
 * @lock: orders events against the timeout
 * @expired: the timeout event went out; no events any more (@lock)
 * @watch: in the binding table's watch list (table lock)
 * @conn_node: in the connection's list (connection lock)
 * @conn: the connection the events go to; NULL for a kernel subscriber
 * @port: the kernel subscriber's socket, to which events go as messages
 * @net: namespace of the binding table watched
 * @timer: fires at the subscription's timeout
 */
struct tipc_sub {
	struct tipc_subscr raw;
	u32 type;
	u32 lower;
	u32 upper;
	u32 filter;
	bool swap;
	spinlock_t lock; /* see above */
	bool expired;
	struct hlist_node watch;
	struct list_head conn_node;
	struct tipc_topconn *conn;
	u32 port;
	struct net *net;
	struct timer_list timer;
};

struct tipc_sub *tipc_sub_create(struct net *net, struct tipc_topconn *conn,
				 const struct tipc_subscr *raw);
struct tipc_sub *tipc_sub_kern_create(struct net *net, u32 port, u32 type,
				      u32 filter);
void tipc_sub_delete(struct tipc_sub *sub);
bool tipc_sub_is_cancel(const struct tipc_subscr *raw);
bool tipc_sub_matches(const struct tipc_sub *sub,
		      const struct tipc_subscr *cancel);
void tipc_sub_report(struct tipc_sub *sub, const struct tipc_binding *b,
		     u32 event, bool first_or_last);

/* topsrv.c */
int tipc_topsrv_start(struct net *net);
void tipc_topsrv_stop(struct net *net);
void tipc_topsrv_queue_evt(struct tipc_topconn *conn,
			   const struct tipc_event *evt);
void tipc_topsrv_kern_evt(struct net *net, u32 port,
			  const struct tipc_event *evt);

#endif
