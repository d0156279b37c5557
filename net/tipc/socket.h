/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: AF_TIPC sockets.
 */
#ifndef _TIPC_SOCKET_H
#define _TIPC_SOCKET_H

#include <linux/skbuff.h>

struct net;

int tipc_socket_init(void);
void tipc_socket_exit(void);
int tipc_sk_pernet_init(struct net *net);
void tipc_sk_pernet_exit(struct net *net);

void tipc_sk_rcv(struct net *net, struct sk_buff_head *inputq);
void tipc_sk_fan_out(struct sk_buff *skb, const u32 *ports, int n, gfp_t gfp,
		     struct sk_buff_head *q);
int tipc_sk_xmit(struct net *net, struct sk_buff_head *pkts, u32 dnode);

/* Abort every connection to node @addr; any context, no locks held */
void tipc_sk_node_down(struct net *net, u32 addr);
/* Our address changed: restamp the sockets' headers; process context */
void tipc_sk_reinit(struct net *net);

#endif
