/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: communication groups (TIPC_GROUP_JOIN).
 *
 * A group is the set of sockets bound to one service type with the same
 * scope after joining it; each member is known by its (node, port) and
 * its instance. group.c keeps the member table of one socket, runs the
 * GROUP_PROTOCOL with every other member and decides which arriving
 * messages may be read and in what order; sock_group.c is the socket side
 * (join, leave, the four ways of sending, reading).
 *
 * Locking: a group belongs to one socket and is only touched under that
 * socket's lock: by the owner in process context, or by delivery with
 * the socket spinlock held and the socket not owned. Messages the group
 * wants sent are put on an xmitq the caller sends after unlocking.
 * *@open (the socket's group_open) is also read locklessly by poll().
 */
#ifndef _TIPC_GROUP_H
#define _TIPC_GROUP_H

#include <linux/skbuff.h>
#include <linux/tipc.h>
#include <linux/types.h>

struct net;
struct tipc_group;
struct tipc_member;

struct tipc_group *tipc_group_create(struct net *net, u32 port,
				     const struct tipc_group_req *req,
				     bool *open);
void tipc_group_add(struct tipc_group *grp, u32 node, u32 port, u32 instance);
void tipc_group_start(struct tipc_group *grp, struct sk_buff_head *xmitq);
void tipc_group_delete(struct tipc_group *grp, struct sk_buff_head *xmitq);

u32 tipc_group_type(const struct tipc_group *grp);
u32 tipc_group_instance(const struct tipc_group *grp);
u32 tipc_group_scope(const struct tipc_group *grp);
u32 tipc_group_exclude(const struct tipc_group *grp);
unsigned int tipc_group_rcvbuf(const struct tipc_group *grp);

/* Receiving */
void tipc_group_ctl_rcv(struct tipc_group *grp, struct sk_buff *skb,
			struct sk_buff_head *inputq,
			struct sk_buff_head *xmitq, bool *wakeup);
void tipc_group_filter(struct tipc_group *grp, struct sk_buff *skb,
		       struct sk_buff_head *readq, struct sk_buff_head *xmitq);
void tipc_group_consumed(struct tipc_group *grp, u32 node, u32 port,
			 u16 blks, struct sk_buff_head *xmitq);

/* Sending */
struct tipc_member *tipc_group_dest(struct tipc_group *grp, u32 node,
				    u32 port);
bool tipc_group_congested(struct tipc_group *grp, struct tipc_member *m,
			  u16 blks, struct sk_buff_head *xmitq);
bool tipc_group_bc_congested(struct tipc_group *grp, u16 blks,
			     struct sk_buff_head *xmitq);
bool tipc_group_empty(const struct tipc_group *grp);
u16 tipc_group_bc_snd_nxt(const struct tipc_group *grp);
bool tipc_group_bc_wants_ack(const struct tipc_group *grp);
void tipc_group_sent(struct tipc_group *grp, struct tipc_member *m, u16 blks);
void tipc_group_bc_sent(struct tipc_group *grp, u16 blks, bool ack);
int tipc_group_bc_nodes(struct tipc_group *grp, u32 own, u32 **nodes,
			bool *local);
int tipc_group_put_nl(const struct tipc_group *grp, struct sk_buff *skb);

#endif
