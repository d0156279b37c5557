// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: sending one message from a socket, to a socket address, to a
 * service (looked up here) or to every socket bound in a service range.
 *
 * Callers own the socket lock. The header template they pass is left
 * addressed to the destination.
 *
 * Also the way out of every socket file: messages go to tipc_sk_rcv()
 * when their destination node is this one.
 */
#include <linux/slab.h>
#include <linux/tipc.h>
#include <net/sock.h>

#include "addr.h"
#include "core.h"
#include "msg.h"
#include "name_table.h"
#include "sock.h"
#include "socket.h"

/* Fill the per-message parts of header @m for destination @dst. */
static int tipc_sk_address(struct net *net, struct tipc_msg *m,
			   const struct sockaddr_tipc *dst)
{
	u32 own = tipc_own_addr(net), domain = dst->addr.name.domain;
	struct tipc_dest d = {};

	msg_set_prevnode(m, own);
	msg_set_orignode(m, own);
	if (dst->addrtype == TIPC_SOCKET_ADDR) {
		msg_set_type(m, TIPC_DIRECT_MSG);
		msg_set_hdr_sz(m, BASIC_H_SIZE);
		msg_set_lookup_scope(m, 0);
		msg_set_destnode(m, dst->addr.id.node);
		msg_set_destport(m, dst->addr.id.ref);
		return 0;
	}
	if (!tipc_addr_in_scope(tipc_net(net)->legacy_addr, domain, own))
		d.node = domain;	/* the lookup belongs to that node */
	else if (!tipc_nametbl_lookup(net, dst->addr.name.name.type,
				      dst->addr.name.name.instance, domain, &d))
		return -EHOSTUNREACH;
	msg_set_type(m, TIPC_NAMED_MSG);
	msg_set_hdr_sz(m, NAMED_H_SIZE);
	msg_set_lookup_scope(m, domain ? TIPC_NODE_SCOPE : TIPC_CLUSTER_SCOPE);
	msg_set_nametype(m, dst->addr.name.name.type);
	msg_set_nameinst(m, dst->addr.name.name.instance);
	msg_set_destnode(m, d.node);
	msg_set_destport(m, d.port);
	return 0;
}

/*
 * Multicast: one copy to every socket of this node bound to anything in
 * the range; each socket gets one, however many of its bindings match.
 */
static int tipc_sk_send_mcast(struct tipc_sock *tsk, struct tipc_msg *hdr,
			      const struct sockaddr_tipc *dst,
			      struct msghdr *m, size_t dlen)
{
	const struct tipc_service_range *sr = &dst->addr.nameseq;
	struct net *net = sock_net(&tsk->sk);
	struct sk_buff_head pkts, copies;
	struct sk_buff *skb, *copy;
	u32 own = tipc_own_addr(net);
	int n, i, err;
	u32 *ports;

	n = tipc_nametbl_mcast_ports(net, sr->type, sr->lower, sr->upper,
				     &ports);
	if (n <= 0)
		return n ?: -EHOSTUNREACH;
	msg_set_type(hdr, TIPC_MCAST_MSG);
	msg_set_hdr_sz(hdr, MCAST_H_SIZE);
	msg_set_lookup_scope(hdr, TIPC_CLUSTER_SCOPE);
	msg_set_prevnode(hdr, own);
	msg_set_orignode(hdr, own);
	msg_set_destnode(hdr, own);
	msg_set_destport(hdr, 0);
	msg_set_nametype(hdr, sr->type);
	msg_set_namelower(hdr, sr->lower);
	msg_set_nameupper(hdr, sr->upper);
	__skb_queue_head_init(&pkts);
	err = tipc_msg_build(hdr, m, dlen, &pkts);
	if (err < 0)
		goto out;
	skb = __skb_dequeue(&pkts);
	__skb_queue_head_init(&copies);
	for (i = 0; i < n; i++) {
		copy = i < n - 1 ? skb_copy(skb, GFP_KERNEL) : skb;
		if (!copy)
			break;
		msg_set_destport(buf_msg(copy), ports[i]);
		__skb_queue_tail(&copies, copy);
	}
	if (i < n)
		kfree_skb(skb);
	tipc_sk_rcv(net, &copies);
	err = dlen;
out:
	kfree(ports);
	return err;
}

/*
 * Build one message of @dlen bytes for @dst and send it. With @keep, a
 * copy goes there first, to be sent again later (a SYN the listener had
 * no room for). Returns @dlen or a negative errno.
 */
static int tipc_sk_send_unicast(struct tipc_sock *tsk, struct tipc_msg *hdr,
				const struct sockaddr_tipc *dst,
				struct msghdr *m, size_t dlen,
				struct sk_buff_head *keep)
{
	struct net *net = sock_net(&tsk->sk);
	struct sk_buff_head pkts;
	struct sk_buff *copy;
	int err;

	err = tipc_sk_address(net, hdr, dst);
	if (err)
		return err;
	__skb_queue_head_init(&pkts);
	err = tipc_msg_build(hdr, m, dlen, &pkts);
	if (unlikely(err < 0))
		return err;
	if (keep) {
		copy = skb_copy(skb_peek(&pkts), GFP_KERNEL);
		if (!copy) {
			__skb_queue_purge(&pkts);
			return -ENOMEM;
		}
		__skb_queue_tail(keep, copy);
	}
	err = tipc_sk_xmit(net, &pkts, msg_destnode(hdr));
	if (err && keep)
		__skb_queue_purge(keep);
	return err ? err : dlen;
}

/*
 * Send one message of @dlen bytes to @dst, with header template @hdr.
 * Returns @dlen or a negative errno.
 */
int tipc_sk_send_to(struct tipc_sock *tsk, struct tipc_msg *hdr,
		    const struct sockaddr_tipc *dst, struct msghdr *m,
		    size_t dlen)
{
	if (dst->addrtype == TIPC_SERVICE_RANGE)
		return tipc_sk_send_mcast(tsk, hdr, dst, m, dlen);
	return tipc_sk_send_unicast(tsk, hdr, dst, m, dlen, NULL);
}

/*
 * Send the SYN of @tsk (its header template, syn bit set) to @dst, and
 * keep a copy on the socket's write queue until the connection is set up.
 */
int tipc_sk_send_syn(struct tipc_sock *tsk, const struct sockaddr_tipc *dst,
		     struct msghdr *m, size_t dlen)
{
	return tipc_sk_send_unicast(tsk, &tsk->hdr, dst, m, dlen,
				    &tsk->sk.sk_write_queue);
}

/* The node a message goes to; a short header leaves it to the sender */
static u32 tipc_skb_dnode(const struct sk_buff *skb)
{
	const struct tipc_msg *m = buf_msg(skb);

	if (msg_hdr_sz(m) == SHORT_H_SIZE)
		return TIPC_SKB_CB(skb)->dnode;
	return msg_destnode(m);
}

/*
 * Move the messages of @list that are for this node to @local. The
 * others cannot go anywhere until the cluster layer exists.
 */
void tipc_sk_route(struct net *net, struct sk_buff_head *list,
		   struct sk_buff_head *local)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list))) {
		if (tipc_addr_is_local(net, tipc_skb_dnode(skb)))
			__skb_queue_tail(local, skb);
		else
			kfree_skb(skb);
	}
}

/*
 * Send messages that each name their destination node, in the header or
 * (short headers) in the cb; consumes @list. No socket lock is needed.
 */
void tipc_sk_send_list(struct net *net, struct sk_buff_head *list)
{
	struct sk_buff_head local;

	__skb_queue_head_init(&local);
	tipc_sk_route(net, list, &local);
	tipc_sk_rcv(net, &local);
}

/*
 * Send @pkts to node @dnode. Until the cluster layer exists only this
 * node is reachable.
 */
int tipc_sk_xmit(struct net *net, struct sk_buff_head *pkts, u32 dnode)
{
	if (unlikely(!tipc_addr_is_local(net, dnode))) {
		__skb_queue_purge(pkts);
		return -EHOSTUNREACH;
	}
	tipc_sk_rcv(net, pkts);
	return 0;
}
