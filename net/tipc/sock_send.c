// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: sending one message from a socket, to a socket address, to a
 * service (looked up here) or to every socket bound in a service range.
 *
 * Callers own the socket lock. The header template they pass is left
 * addressed to the destination.
 *
 * Also the way out of every socket file: messages go to tipc_sk_rcv()
 * when their destination node is this one, else to the node layer. A
 * message the node layer queued behind a congested link counts against
 * the socket of its origin port (link_cong), which the node layer wakes
 * with a SOCK_WAKEUP pseudo message once the link has room; until then
 * that socket builds no new message.
 *
 * And the walks over the port table: aborting the connections to a node
 * that was lost, and restamping headers when our address is set.
 */
#include <linux/rhashtable.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/tipc.h>
#include <net/sock.h>

#include "addr.h"
#include "bclink.h"
#include "core.h"
#include "fragment.h"
#include "msg.h"
#include "name_table.h"
#include "node.h"
#include "sock.h"
#include "socket.h"

/* Is @a, of length @len, a well-formed TIPC address? */
bool tipc_addr_valid(const struct sockaddr_tipc *a, int len)
{
	if (len < (int)sizeof(*a) || a->family != AF_TIPC)
		return false;
	switch (a->addrtype) {
	case TIPC_SERVICE_ADDR:
	case TIPC_SOCKET_ADDR:
		return true;
	case TIPC_SERVICE_RANGE:
		return a->addr.nameseq.upper >= a->addr.nameseq.lower;
	}
	return false;
}

/* Fill the per-message parts of header @m for destination @dst. */
static int tipc_sk_address(struct net *net, struct tipc_msg *m,
			   const struct sockaddr_tipc *dst)
{
	const struct tipc_net *tn = tipc_net(net);
	u32 own = READ_ONCE(tn->node_addr), domain = dst->addr.name.domain;
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
	if (!tipc_addr_in_scope(READ_ONCE(tn->legacy_addr), domain, own))
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

/* A message from @port met a congested link: its socket must wait. */
static void tipc_sk_note_cong(struct net *net, u32 port)
{
	struct tipc_sock *tsk = tipc_sk_get_port(net, port);

	if (tsk) {
		atomic_inc(&tsk->link_cong);
		sock_put(&tsk->sk);
	}
}

/*
 * One copy of a multicast: to node @dnode by replicast, or with @bcast
 * to every node by broadcast (those with a binding in the range take
 * it). Congestion of the link or of the broadcast link makes the sender
 * wait before its next message. Consumes @skb.
 */
static int tipc_sk_mcast_one(struct net *net, struct sk_buff *skb,
			     bool bcast, u32 dnode)
{
	u32 port = msg_origport(buf_msg(skb));
	struct sk_buff_head one;
	int err;

	msg_set_destnode(buf_msg(skb), bcast ? 0 : dnode);
	tipc_skb_list_one(&one, skb);
	if (!bcast) {
		/* A node gone meanwhile is no error of the multicast */
		tipc_sk_xmit(net, &one, dnode);
		return 0;
	}
	err = tipc_bclink_xmit(net, &one);
	if (err != -ELINKCONG)
		return err;
	tipc_sk_note_cong(net, port);
	return 0;
}

/*
 * Multicast copies of @skb: to the nodes of @nodes, one by broadcast
 * (@bcast) or one each by replicast, then one to each of our sockets in
 * @ports; consumes @skb.
 */
static int tipc_sk_mcast_copies(struct net *net, struct sk_buff *skb,
				bool bcast, const u32 *nodes, int n_nodes,
				const u32 *ports, int n_ports)
{
	int i, n = bcast ? min(n_nodes, 1) : n_nodes, err = 0;
	struct sk_buff_head local;
	struct sk_buff *copy;

	for (i = 0; i < n && !err; i++) {
		copy = i < n - 1 || n_ports ? skb_copy(skb, GFP_KERNEL) : skb;
		if (!copy) {
			kfree_skb(skb);
			return -ENOMEM;
		}
		err = tipc_sk_mcast_one(net, copy, bcast, nodes[i]);
	}
	if (!n_ports)
		return err;
	__skb_queue_head_init(&local);
	tipc_sk_fan_out(skb, ports, n_ports, GFP_KERNEL, &local);
	tipc_sk_rcv(net, &local);
	return err;
}

/*
 * A group broadcast or multicast, @skb, addressed to no port: one copy
 * to each of @nodes and, with @local, one to this node; each node hands
 * it to all its members (tipc_sk_mcast_rcv()), which keep what concerns
 * them. The copies go by broadcast if the method says so, but not with
 * @rcast: a unicast that went since the last broadcast must not be
 * overtaken. Consumes @skb.
 */
int tipc_sk_group_mcast(struct tipc_sock *tsk, struct sk_buff *skb,
			const u32 *nodes, int n, bool local, bool rcast)
{
	struct net *net = sock_net(&tsk->sk);
	struct sk_buff *copy;

	if (local) {
		copy = n ? skb_copy(skb, GFP_KERNEL) : skb;
		if (!copy) {
			kfree_skb(skb);
			return -ENOMEM;
		}
		tipc_sk_mcast_one(net, copy, false, tipc_own_addr(net));
	}
	if (!n)
		return 0;
	if (!rcast) {
		tipc_bclink_method(net, n, tsk->mcast_forced,
				   &tsk->mcast_rcast, &tsk->mcast_expires);
		rcast = tsk->mcast_rcast;
	}
	return tipc_sk_mcast_copies(net, skb, !rcast, nodes, n, NULL, 0);
}

/*
 * The socket switched multicast method, @skb the first message sent the
 * new way: where every node can hold it back (TIPC_CAP_MCAST_RBCTL),
 * mark it SYN and send a header-only SYN copy the old way (@was_rcast),
 * behind what went that way (see sock_mcast.c).
 */
static void tipc_sk_mcast_switch(struct net *net, struct sk_buff *skb,
				 bool was_rcast, const u32 *nodes, int n_nodes)
{
	struct tipc_msg *hdr = buf_msg(skb), *shdr;
	struct sk_buff *syn;

	if (!tipc_node_all_have(net, TIPC_CAP_MCAST_RBCTL) ||
	    (!was_rcast && !tipc_bclink_can_bcast(net)))
		return;
	syn = tipc_msg_new(msg_user(hdr), TIPC_MCAST_MSG, MCAST_H_SIZE, 0, 0);
	if (!syn)
		return;		/* no SYN without its twin: held for ever */
	msg_set_syn(hdr, 1);
	shdr = buf_msg(syn);
	memcpy(shdr, hdr, MCAST_H_SIZE);
	msg_set_size(shdr, MCAST_H_SIZE);
	msg_set_is_rcast(shdr, was_rcast);
	/* Tells the copy from the message; never returned */
	msg_set_errcode(shdr, TIPC_ERR_NO_PORT);
	tipc_sk_mcast_copies(net, syn, !was_rcast, nodes, n_nodes, NULL, 0);
}

/*
 * Multicast: one copy to every socket of this node bound to anything in
 * the range, and one to every other node with a cluster-scope binding in
 * it, which hands it on to its own sockets (tipc_sk_mcast_rcv()). Each
 * socket gets one, however many of its bindings match.
 */
static int tipc_sk_send_mcast(struct tipc_sock *tsk, struct tipc_msg *hdr,
			      const struct sockaddr_tipc *dst,
			      struct msghdr *m, size_t dlen)
{
	const struct tipc_service_range *sr = &dst->addr.nameseq;
	struct net *net = sock_net(&tsk->sk);
	u32 *ports = NULL, *nodes = NULL;
	u32 own = tipc_own_addr(net);
	struct sk_buff_head pkts;
	int n_ports, n_nodes, err;
	bool rcast;

	n_nodes = tipc_nametbl_mcast_nodes(net, sr->type, sr->lower,
					   sr->upper, &nodes);
	n_ports = tipc_nametbl_mcast_ports(net, sr->type, sr->lower,
					   sr->upper, false, &ports);
	err = n_nodes < 0 ? n_nodes : n_ports < 0 ? n_ports : -EHOSTUNREACH;
	if (n_nodes < 0 || n_ports < 0 || !(n_nodes + n_ports))
		goto out;
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
	if (n_nodes) {
		tipc_bclink_method(net, n_nodes, tsk->mcast_forced,
				   &tsk->mcast_rcast, &tsk->mcast_expires);
		rcast = tsk->mcast_rcast;
		msg_set_is_rcast(buf_msg(skb_peek(&pkts)), rcast);
		/* A way other than the last one's: mark the switch */
		if (tsk->mcast_sent && tsk->mcast_sent_rcast != rcast)
			tipc_sk_mcast_switch(net, skb_peek(&pkts),
					     tsk->mcast_sent_rcast, nodes,
					     n_nodes);
		tsk->mcast_sent = true;
		tsk->mcast_sent_rcast = rcast;
	}
	err = tipc_sk_mcast_copies(net, __skb_dequeue(&pkts),
				   n_nodes && !tsk->mcast_rcast, nodes,
				   n_nodes, ports, n_ports);
	if (!err)
		err = dlen;
out:
	kfree(nodes);
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
	u32 dnode, mtu;
	int err;

	err = tipc_sk_address(net, hdr, dst);
	if (err)
		return err;
	__skb_queue_head_init(&pkts);
	/* A SYN kept for sending again is kept whole */
	dnode = msg_destnode(hdr);
	mtu = keep ? MAX_MSG_SIZE :
		     tipc_node_build_mtu(net, dnode, tsk->port,
					 msg_hdr_sz(hdr) + dlen);
	err = tipc_msg_build_mtu(hdr, m, dlen, mtu, dnode, &pkts);
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
	err = tipc_sk_xmit(net, &pkts, dnode);
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
 * A SOCK_WAKEUP for the port it is addressed to: one congestion less,
 * and writers may look again. Needs no socket lock; consumes @skb.
 */
void tipc_sk_link_woken(struct net *net, struct sk_buff *skb)
{
	struct tipc_sock *tsk;

	tsk = tipc_sk_get_port(net, msg_destport(buf_msg(skb)));
	kfree_skb(skb);
	if (!tsk)
		return;
	if (atomic_dec_return(&tsk->link_cong) <= 0)
		tsk->sk.sk_write_space(&tsk->sk);
	sock_put(&tsk->sk);
}

/*
 * Wait, with the socket lock held, until no message of ours is held up
 * by link congestion, as a sender must before it builds a new message.
 */
int tipc_sk_wait_link(struct sock *sk, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct tipc_sock *tsk = tipc_sk(sk);
	int err = 0;

	if (likely(!tipc_sk_link_congested(tsk)))
		return 0;
	add_wait_queue(sk_sleep(sk), &wait);
	do {
		err = sock_error(sk);
		if (err)
			break;
		err = tipc_sk_cant_wait(*timeo);
		if (err)
			break;
		sk_wait_event(sk, timeo, !tipc_sk_link_congested(tsk), &wait);
	} while (tipc_sk_link_congested(tsk));
	remove_wait_queue(sk_sleep(sk), &wait);
	return err;
}

/*
 * @msg holds a packet just taken off the head of @list: if it is the
 * first of a train of fragments, take the rest of the train too, so the
 * link gets the whole message at once.
 */
static void tipc_sk_take_train(struct sk_buff_head *list,
			       struct sk_buff_head *msg)
{
	struct sk_buff *skb = skb_peek(msg);

	if (msg_user(buf_msg(skb)) != MSG_FRAGMENTER)
		return;
	while (msg_type(buf_msg(skb)) != LAST_FRAGMENT) {
		skb = __skb_dequeue(list);
		if (!skb)
			return;
		__skb_queue_tail(msg, skb);
	}
}

/*
 * Move the messages of @list that are for this node to @local; hand the
 * others, one by one, to the node layer, with their origin port as the
 * link selector.
 */
void tipc_sk_route(struct net *net, struct sk_buff_head *list,
		   struct sk_buff_head *local)
{
	struct sk_buff_head msg;
	struct sk_buff *skb;
	u32 dnode, port;

	while ((skb = __skb_dequeue(list))) {
		dnode = tipc_skb_dnode(skb);
		if (tipc_addr_is_local(net, dnode)) {
			__skb_queue_tail(local, skb);
			continue;
		}
		port = tipc_skb_origport(skb);
		tipc_skb_list_one(&msg, skb);
		tipc_sk_take_train(list, &msg);
		if (tipc_node_xmit(net, &msg, dnode, port) == -ELINKCONG)
			tipc_sk_note_cong(net, port);
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
 * Send @pkts, one message, to node @dnode (this one too: the node layer
 * hands it to our sockets). Link congestion is no error here: the
 * message went, and the sending socket was told to wait.
 */
int tipc_sk_xmit(struct net *net, struct sk_buff_head *pkts, u32 dnode)
{
	u32 port;
	int err;

	if (unlikely(skb_queue_empty(pkts)))
		return 0;
	port = tipc_skb_origport(skb_peek(pkts));
	err = tipc_node_xmit(net, pkts, dnode, port);
	if (err != -ELINKCONG)
		return err;
	tipc_sk_note_cong(net, port);
	return 0;
}

/*
 * The node at @addr is gone: every connection to it, set up or being
 * set up, ends as if its peer had aborted it with TIPC_ERR_NO_NODE. The
 * notices go the way received messages go, so this runs in any context
 * and takes no socket lock; the port table is read under RCU alone (its
 * walker takes a lock that is not softirq-safe). A socket met twice
 * while the table is resized ignores the second notice.
 */
void tipc_sk_node_down(struct net *net, u32 addr)
{
	struct rhashtable *ht = &tipc_net(net)->ports;
	const struct bucket_table *tbl;
	struct sk_buff_head aborts;
	struct rhash_head *pos;
	struct tipc_sock *tsk;
	unsigned int i;

	if (tipc_addr_is_local(net, addr))
		return;
	__skb_queue_head_init(&aborts);
	rcu_read_lock();
	for (tbl = rht_dereference_rcu(ht->tbl, ht); tbl;
	     tbl = rht_dereference_rcu(tbl->future_tbl, ht)) {
		for (i = 0; i < tbl->size; i++)
			rht_for_each_entry_rcu(tsk, pos, tbl, i, port_node)
				tipc_conn_node_lost(tsk, addr, &aborts);
	}
	rcu_read_unlock();
	tipc_sk_rcv(net, &aborts);
}

/* Our node address is now @own: stamp it into the header template. */
static void tipc_sk_restamp(struct tipc_sock *tsk, u32 own)
{
	lock_sock(&tsk->sk);
	msg_set_prevnode(&tsk->hdr, own);
	msg_set_orignode(&tsk->hdr, own);
	release_sock(&tsk->sk);
}

/*
 * The node address was set after sockets were made: their header
 * templates still name the old one. Process context (takes socket
 * locks); a socket met twice is simply stamped twice.
 */
void tipc_sk_reinit(struct net *net)
{
	u32 own = tipc_own_addr(net);
	struct rhashtable_iter it;
	struct tipc_sock *tsk;

	rhashtable_walk_enter(&tipc_net(net)->ports, &it);
	rhashtable_walk_start(&it);
	for (;;) {
		tsk = rhashtable_walk_next(&it);
		if (tsk == ERR_PTR(-EAGAIN))
			continue;	/* resized: the walk starts over */
		if (IS_ERR_OR_NULL(tsk))
			break;
		if (!refcount_inc_not_zero(&tsk->sk.sk_refcnt))
			continue;
		rhashtable_walk_stop(&it);
		tipc_sk_restamp(tsk, own);
		sock_put(&tsk->sk);
		rhashtable_walk_start(&it);
	}
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
}
