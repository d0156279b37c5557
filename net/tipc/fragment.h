/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: splitting messages into MSG_FRAGMENTER packets and putting
 * them back together, and packing small messages into MSG_BUNDLER
 * packets and unpacking them.
 *
 * None of these functions takes a lock. The link layer serialises its
 * calls per link: a reassembly head belongs to one link, a bundle under
 * construction to one link backlog. A socket building the fragments of
 * a message of its own works on a list private to it.
 */
#ifndef _TIPC_FRAGMENT_H
#define _TIPC_FRAGMENT_H

#include <linux/skbuff.h>
#include <linux/types.h>

struct msghdr;
struct tipc_msg;

int tipc_msg_fragment(struct sk_buff *skb, u32 own_addr, u32 pktmax,
		      struct sk_buff_head *frags);
int tipc_msg_build_mtu(const struct tipc_msg *hdr, struct msghdr *m,
		       size_t dlen, u32 pktmax, u32 dnode,
		       struct sk_buff_head *list);
int tipc_msg_refragment(struct sk_buff_head *train, u32 own_addr,
			u32 pktmax);
int tipc_msg_reassemble(struct sk_buff **head, struct sk_buff **frag);
bool tipc_msg_extract(struct sk_buff *bundle, struct sk_buff **iskb,
		      int *pos);
bool tipc_msg_try_bundle(struct sk_buff *tail, struct sk_buff **skb,
			 u32 mss, u32 dnode, bool *new_bundle);

#endif
