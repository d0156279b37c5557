/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: the "TIPCv2" generic netlink family, and sock_diag.
 */
#ifndef _TIPC_NETLINK_H
#define _TIPC_NETLINK_H

#include <net/genetlink.h>

struct tipc_nl_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

void *tipc_nl_dump_hdr(struct tipc_nl_dump *d, int cmd);
void *tipc_nl_dump_start(struct tipc_nl_dump *d, int cmd, int type,
			 struct nlattr **nest);

void *tipc_nl_reply_start(struct sk_buff *rep, struct genl_info *info,
			  u8 cmd);
int tipc_nl_dump_one(struct tipc_nl_dump *d, int cmd, int type,
		     int (*fill)(struct sk_buff *, const void *),
		     const void *obj);
int tipc_nl_reply_one(struct genl_info *info, int cmd, int type,
		      int (*fill)(struct sk_buff *, const void *),
		      const void *obj);

struct tipc_sock;

/* sock_nl.c */
int tipc_nl_put_sock_info(struct sk_buff *skb, const struct tipc_sock *tsk);
int tipc_nl_sock_start(struct netlink_callback *cb);
int tipc_nl_sock_walk(struct sk_buff *skb, struct netlink_callback *cb,
		      int (*fill)(struct sk_buff *skb,
				  struct netlink_callback *cb,
				  struct tipc_sock *tsk));
int tipc_nl_sock_dump(struct sk_buff *skb, struct netlink_callback *cb);
int tipc_nl_sock_done(struct netlink_callback *cb);
int tipc_nl_publ_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* bearer_nl.c */
int tipc_nl_bearer_enable(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_bearer_disable(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_bearer_get(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_bearer_dump(struct sk_buff *skb, struct netlink_callback *cb);
int tipc_nl_bearer_walk(struct sk_buff *skb, struct netlink_callback *cb,
			int cmd, int type,
			int (*fill)(struct sk_buff *, const void *));
int tipc_nl_bearer_set(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_bearer_add(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_bearer_peers(struct sk_buff *skb, struct netlink_callback *cb);
int tipc_nl_media_get(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_media_dump(struct sk_buff *skb, struct netlink_callback *cb);
int tipc_nl_media_set(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_props(struct nlattr *nest, struct nlattr **props);

/* link_nl.c */
int tipc_nl_link_get(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb);
int tipc_nl_link_set(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_link_reset_stats(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_node_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* monitor_nl.c */
int tipc_nl_mon_set(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_mon_get(struct sk_buff *skb, struct genl_info *info);
int tipc_nl_mon_dump(struct sk_buff *skb, struct netlink_callback *cb);
int tipc_nl_mon_peer_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* diag.c */
int tipc_diag_init(void);
void tipc_diag_exit(void);

int tipc_netlink_init(void);
void tipc_netlink_exit(void);

#endif
