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
int tipc_sk_xmit(struct net *net, struct sk_buff_head *pkts, u32 dnode);

#endif
