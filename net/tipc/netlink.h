/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: the "TIPCv2" generic netlink family.
 */
#ifndef _TIPC_NETLINK_H
#define _TIPC_NETLINK_H

#include <net/genetlink.h>

struct tipc_nl_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

void *tipc_nl_dump_start(struct tipc_nl_dump *d, int cmd, int type,
			 struct nlattr **nest);

/* sock_nl.c */
int tipc_nl_sock_start(struct netlink_callback *cb);
int tipc_nl_sock_dump(struct sk_buff *skb, struct netlink_callback *cb);
int tipc_nl_sock_done(struct netlink_callback *cb);
int tipc_nl_publ_dump(struct sk_buff *skb, struct netlink_callback *cb);

int tipc_netlink_init(void);
void tipc_netlink_exit(void);

#endif
