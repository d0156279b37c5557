// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: peer nodes (placeholder while the link layer is written).
 */
#include <linux/skbuff.h>

#include "bearer.h"
#include "node.h"

void tipc_node_discovered(struct tipc_bearer *b, u32 addr, const u8 *id,
			  u16 caps, u16 sig,
			  const struct tipc_media_addr *maddr,
			  bool *respond, bool *dupl_addr)
{
	*respond = true;
	*dupl_addr = false;
}

void tipc_node_rcv(struct tipc_bearer *b, struct sk_buff *skb)
{
	kfree_skb(skb);
}

int tipc_node_xmit(struct net *net, struct sk_buff_head *list, u32 dnode,
		   u32 selector)
{
	__skb_queue_purge(list);
	return -EHOSTUNREACH;
}

int tipc_node_xmit_skb(struct net *net, struct sk_buff *skb, u32 dnode,
		       u32 selector)
{
	kfree_skb(skb);
	return -EHOSTUNREACH;
}

void tipc_node_xmit_all(struct net *net, struct sk_buff *skb, u32 skip)
{
	kfree_skb(skb);
}

bool tipc_node_is_up(struct net *net, u32 addr)
{
	return false;
}

u16 tipc_node_caps(struct net *net, u32 addr)
{
	return 0;
}

u32 tipc_node_mtu(struct net *net, u32 addr, u32 selector)
{
	return 1500;
}

u32 tipc_node_count_up(struct net *net)
{
	return 0;
}

int tipc_node_link_name(struct net *net, u32 bearer_id, u32 addr,
			char *name, size_t len)
{
	return -EINVAL;
}

void tipc_node_bearer_down(struct net *net, u32 bearer_id)
{
}

void tipc_node_bearer_tolerance(struct net *net, u32 bearer_id, u32 tol)
{
}

int tipc_node_pernet_init(struct net *net)
{
	return 0;
}

void tipc_node_pernet_exit(struct net *net)
{
}
