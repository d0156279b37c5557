// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: AF_TIPC sockets.
 *
 * Every socket owns a port number, unique in its namespace, and may bind
 * service ranges in the binding table. Messages reach a socket through
 * tipc_sk_rcv(), which finds it by port under RCU and queues the message
 * either directly (socket not owned by a process) or on the socket's
 * backlog, which release_sock() drains.
 *
 * Locking: the socket lock (lock_sock) protects everything in struct
 * tipc_sock but @port, which is fixed while the socket is in the port
 * table. Sockets are freed after an RCU grace period (SOCK_RCU_FREE).
 */
#include <linux/rhashtable.h>
#include <linux/sched/signal.h>
#include <linux/tipc.h>
#include <net/sock.h>

#include "addr.h"
#include "core.h"
#include "group.h"
#include "msg.h"
#include "name_table.h"
#include "node.h"
#include "sock.h"
#include "socket.h"

#define TIPC_CONN_TIMEOUT_DEF	8000	/* ms */

static const struct rhashtable_params tipc_port_params = {
	.key_len = sizeof(u32),
	.key_offset = offsetof(struct tipc_sock, port),
	.head_offset = offsetof(struct tipc_sock, port_node),
	.automatic_shrinking = true,
};

static const struct proto_ops tipc_dgram_ops;
static const struct proto_ops tipc_seqpacket_ops;
static const struct proto_ops tipc_stream_ops;
static struct proto tipc_proto;

/* Find the socket owning @port and take a reference on it. */
struct tipc_sock *tipc_sk_get_port(struct net *net, u32 port)
{
	struct tipc_sock *tsk;

	rcu_read_lock();
	tsk = rhashtable_lookup(&tipc_net(net)->ports, &port, tipc_port_params);
	if (tsk && !refcount_inc_not_zero(&tsk->sk.sk_refcnt))
		tsk = NULL;
	rcu_read_unlock();
	return tsk;
}

/* Give @tsk a port, starting from a random one. */
static int tipc_sk_insert(struct tipc_sock *tsk)
{
	struct tipc_net *tn = tipc_net(sock_net(&tsk->sk));
	u32 port = get_random_u32();
	int tries, err = -EADDRINUSE;

	for (tries = 0; tries < 64 && err == -EADDRINUSE; tries++, port++) {
		tsk->port = port ?: 1;
		err = rhashtable_lookup_insert_fast(&tn->ports, &tsk->port_node,
						    tipc_port_params);
		if (err == -EEXIST)
			err = -EADDRINUSE;
	}
	return err;
}

static void tipc_sk_remove(struct tipc_sock *tsk)
{
	struct tipc_net *tn = tipc_net(sock_net(&tsk->sk));

	rhashtable_remove_fast(&tn->ports, &tsk->port_node, tipc_port_params);
}

/*
 * Send a message that could not be delivered back toward its sender,
 * by way of @xmitq, unless it is droppable.
 */
void tipc_sk_reject(struct net *net, struct sk_buff *skb, int err,
		    struct sk_buff_head *xmitq)
{
	if (tipc_msg_reverse(tipc_own_addr(net), &skb, err))
		__skb_queue_tail(xmitq, skb);
}

/* Drop the first message of @sk if the reader has taken part of it. */
void tipc_sk_drop_partial(struct sock *sk)
{
	struct sk_buff *skb = skb_peek(&sk->sk_receive_queue);

	if (skb && TIPC_SKB_CB(skb)->bytes_read) {
		__skb_unlink(skb, &sk->sk_receive_queue);
		kfree_skb(skb);
	}
}

/* Reject every message waiting in the receive queue of @sk. */
void tipc_sk_reject_queue(struct sock *sk, int err)
{
	struct sk_buff_head xmitq;
	struct sk_buff *skb;

	__skb_queue_head_init(&xmitq);
	while ((skb = __skb_dequeue(&sk->sk_receive_queue))) {
		skb_orphan(skb);
		tipc_sk_reject(sock_net(sk), skb, err, &xmitq);
	}
	tipc_sk_send_list(sock_net(sk), &xmitq);
}

/* Queue @skb for reading if @sk has room below @limit, else reject it. */
void tipc_sk_queue(struct sock *sk, struct sk_buff *skb, unsigned int limit,
		   struct sk_buff_head *xmitq)
{
	if (unlikely(sk_rmem_alloc_get(sk) + skb->truesize >= limit)) {
		atomic_inc(&sk->sk_drops);
		tipc_sk_reject(sock_net(sk), skb, TIPC_ERR_OVERLOAD, xmitq);
		return;
	}
	TIPC_SKB_CB(skb)->bytes_read = 0;
	__skb_queue_tail(&sk->sk_receive_queue, skb);
	skb_set_owner_r(skb, sk);
	sk->sk_data_ready(sk);
}

/*
 * Take @skb into @sk, whose lock the caller owns; replies and rejections
 * go to @xmitq. Datagram sockets give more room to more important data,
 * and take it until released, even once shut down (as stock does).
 */
/* A multicast that may be held back at its sender's method switch */
static void tipc_sk_filter_mcast(struct sock *sk, struct sk_buff *skb,
				 struct sk_buff_head *xmitq)
{
	struct sk_buff_head ready;

	__skb_queue_head_init(&ready);
	tipc_mcast_order(&tipc_sk(sk)->mc_held, skb, &ready,
			 READ_ONCE(sk->sk_rcvbuf));
	while ((skb = __skb_dequeue(&ready)))
		tipc_sk_queue(sk, skb,
			      tipc_sk_rcv_limit(sk, msg_importance(buf_msg(skb))),
			      xmitq);
}

static void tipc_sk_filter(struct sock *sk, struct sk_buff *skb,
			   struct sk_buff_head *xmitq)
{
	struct tipc_msg *m = buf_msg(skb);

	if (!tipc_sk_connectionless(sk)) {
		tipc_conn_filter(tipc_sk(sk), skb, xmitq);
		return;
	}
	if (tipc_sk(sk)->group) {
		tipc_group_sk_filter(tipc_sk(sk), skb, xmitq);
		return;
	}
	if (unlikely(!msg_isdata(m) || msg_connected(m) || msg_in_group(m) ||
		     sock_flag(sk, SOCK_DEAD))) {
		tipc_sk_reject(sock_net(sk), skb, TIPC_ERR_NO_PORT, xmitq);
		return;
	}
	if (unlikely(msg_type(m) == TIPC_MCAST_MSG &&
		     !tipc_addr_is_local(sock_net(sk), msg_orignode(m)) &&
		     (msg_syn(m) || !skb_queue_empty(&tipc_sk(sk)->mc_held)))) {
		tipc_sk_filter_mcast(sk, skb, xmitq);
		return;
	}
	tipc_sk_queue(sk, skb, tipc_sk_rcv_limit(sk, msg_importance(m)), xmitq);
}

static int tipc_sk_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct sk_buff_head xmitq;

	__skb_queue_head_init(&xmitq);
	tipc_sk_filter(sk, skb, &xmitq);
	tipc_sk_send_list(sock_net(sk), &xmitq);
	tipc_conn_drain(tipc_sk(sk));
	return 0;
}

/*
 * Hand @skb to @sk now, or park it on the backlog while a task owns it;
 * the caller holds the socket spinlock.
 */
static void tipc_sk_enqueue(struct sock *sk, struct sk_buff *skb,
			    struct sk_buff_head *xmitq)
{
	struct tipc_msg *m = buf_msg(skb);
	u32 imp = TIPC_SYSTEM_IMPORTANCE;

	if (!sock_owned_by_user(sk)) {
		tipc_sk_filter(sk, skb, xmitq);
		return;
	}
	/*
	 * The backlog takes what the owner will sort out. From a sender of
	 * this node it may hold more than the queue: parking costs that
	 * sender least. A datagram from another node gets what the queue
	 * would give it, as in stock: under a flood from a link, the owner
	 * would otherwise spend its time in release_sock() dropping it.
	 */
	if (msg_isdata(m) && !msg_connected(m) && !msg_in_group(m) &&
	    !tipc_addr_is_local(sock_net(sk), msg_orignode(m)))
		imp = msg_importance(m);
	if (unlikely(sk_add_backlog(sk, skb, tipc_sk_rcv_limit(sk, imp)))) {
		atomic_inc(&sk->sk_drops);
		tipc_sk_reject(sock_net(sk), skb, TIPC_ERR_OVERLOAD, xmitq);
	}
}

/* Deliver @skb to the socket owning its destination port. */
static void tipc_sk_deliver(struct net *net, struct sk_buff *skb,
			    struct sk_buff_head *xmitq)
{
	struct tipc_sock *tsk;

	/* The node layer's word that a link has room again; not for users */
	if (unlikely(msg_user(buf_msg(skb)) == SOCK_WAKEUP)) {
		tipc_sk_link_woken(net, skb);
		return;
	}
	tsk = tipc_sk_get_port(net, msg_destport(buf_msg(skb)));
	if (!tsk) {
		tipc_sk_reject(net, skb, TIPC_ERR_NO_PORT, xmitq);
		return;
	}
	spin_lock_bh(&tsk->sk.sk_lock.slock);
	tipc_sk_enqueue(&tsk->sk, skb, xmitq);
	spin_unlock_bh(&tsk->sk.sk_lock.slock);
	/* What the socket let go of under its spinlock (sock_conn.c) */
	tipc_conn_drain(tsk);
	sock_put(&tsk->sk);
}

/*
 * A multicast addressed to no port: a copy of @skb to each of our sockets
 * that should see it, queued on @inputq; consumes @skb. With nobody
 * there it just goes. A plain multicast (from another node: ours are
 * fanned out by the sender) is for the sockets bound in its range with
 * cluster scope; a group broadcast or multicast for every socket bound
 * to the group's type in the group's scope, the members that sent or
 * must not read it being left to the group (group.c).
 */
static void tipc_sk_mcast_rcv(struct net *net, struct sk_buff *skb,
			      struct sk_buff_head *inputq)
{
	struct tipc_msg *hdr = buf_msg(skb);
	u32 *ports;
	int n;

	if (msg_type(hdr) == TIPC_MCAST_MSG)
		n = tipc_nametbl_mcast_ports(net, msg_nametype(hdr),
					     msg_namelower(hdr),
					     msg_nameupper(hdr), true, &ports);
	else
		n = tipc_nametbl_group_ports(net, msg_nametype(hdr),
					     msg_lookup_scope(hdr), &ports);
	tipc_sk_fan_out(skb, ports, n, GFP_ATOMIC, inputq);
	kfree(ports);
}

/*
 * A copy of @skb for each of the @n @ports, queued on @q, the last one
 * @skb itself; consumes @skb. Stops at a copy it cannot allocate.
 */
void tipc_sk_fan_out(struct sk_buff *skb, const u32 *ports, int n, gfp_t gfp,
		     struct sk_buff_head *q)
{
	struct sk_buff *copy;
	int i;

	for (i = 0; i < n; i++) {
		copy = i < n - 1 ? skb_copy(skb, gfp) : skb;
		if (!copy)
			break;
		msg_set_destport(buf_msg(copy), ports[i]);
		__skb_queue_tail(q, copy);
	}
	if (i < n || n <= 0)
		kfree_skb(skb);
}

static bool tipc_sk_is_mcast(const struct sk_buff *skb)
{
	const struct tipc_msg *hdr = buf_msg(skb);

	return msg_isdata(hdr) && msg_is_mcast(hdr) && !msg_destport(hdr);
}

/*
 * Deliver messages addressed to sockets of this node; consumes @inputq.
 * What the sockets answer (acks, rejections) is collected and delivered
 * in turn, so no socket lock is ever held while another socket is
 * entered.
 */
void tipc_sk_rcv(struct net *net, struct sk_buff_head *inputq)
{
	struct sk_buff_head replies;
	struct sk_buff *skb;

	__skb_queue_head_init(&replies);
	while (!skb_queue_empty(inputq)) {
		while ((skb = __skb_dequeue(inputq))) {
			if (unlikely(tipc_sk_is_mcast(skb)))
				tipc_sk_mcast_rcv(net, skb, inputq);
			else
				tipc_sk_deliver(net, skb, &replies);
		}
		tipc_sk_route(net, &replies, inputq);
	}
}

static void tipc_sk_init_hdr(struct tipc_sock *tsk, int type)
{
	struct tipc_msg *m = &tsk->hdr;

	tipc_msg_init(m, 0, TIPC_LOW_IMPORTANCE, TIPC_NAMED_MSG, NAMED_H_SIZE,
		      0);
	msg_set_origport(m, tsk->port);
	/* Datagrams are not returned when undeliverable, by default */
	msg_set_dest_droppable(m, type == SOCK_RDM || type == SOCK_DGRAM);
	msg_set_src_droppable(m, type == SOCK_DGRAM);
}

/* Whoever queues on the outq drains it: nothing sendable is left here */
static void tipc_sk_destruct(struct sock *sk)
{
	skb_queue_purge(&tipc_sk(sk)->outq);
	__skb_queue_purge(&tipc_sk(sk)->mc_held);
}

static const struct proto_ops *tipc_sk_ops(int type)
{
	switch (type) {
	case SOCK_RDM:
	case SOCK_DGRAM:
		return &tipc_dgram_ops;
	case SOCK_SEQPACKET:
		return &tipc_seqpacket_ops;
	case SOCK_STREAM:
		return &tipc_stream_ops;
	}
	return NULL;
}

int tipc_sk_create(struct net *net, struct socket *sock, int protocol,
		   int kern)
{
	const struct proto_ops *ops = tipc_sk_ops(sock->type);
	struct tipc_sock *tsk;
	struct sock *sk;
	int err;

	if (protocol)
		return -EPROTONOSUPPORT;
	if (!ops)
		return -EPROTOTYPE;
	sk = sk_alloc(net, AF_TIPC, GFP_KERNEL, &tipc_proto, kern);
	if (!sk)
		return -ENOMEM;
	sock_init_data(sock, sk);
	sock->ops = ops;
	sock->state = SS_UNCONNECTED;
	sk->sk_state = TIPC_OPEN;
	sk->sk_backlog_rcv = tipc_sk_backlog_rcv;
	sk->sk_destruct = tipc_sk_destruct;
	sk->sk_rcvbuf = TIPC_RCVBUF_DEFAULT;
	sock_set_flag(sk, SOCK_RCU_FREE);
	tsk = tipc_sk(sk);
	INIT_LIST_HEAD(&tsk->bindings);
	skb_queue_head_init(&tsk->outq);
	tsk->conn_timeout = TIPC_CONN_TIMEOUT_DEF;
	tsk->group_open = true;
	tsk->mcast_rcast = true;
	tsk->mcast_expires = jiffies;
	__skb_queue_head_init(&tsk->mc_held);
	tipc_conn_init(tsk);
	err = tipc_sk_insert(tsk);
	if (err) {
		sock->sk = NULL;
		sk_free(sk);
		return err;
	}
	tipc_sk_init_hdr(tsk, sock->type);
	return 0;
}

static void tipc_sk_unbind_all(struct tipc_sock *tsk)
{
	struct tipc_binding *b, *tmp;

	list_for_each_entry_safe(b, tmp, &tsk->bindings, owner) {
		list_del(&b->owner);
		tipc_nametbl_unbind(sock_net(&tsk->sk), b);
	}
}

static int tipc_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct tipc_sock *tsk;

	if (!sk)
		return 0;
	tsk = tipc_sk(sk);
	lock_sock(sk);
	if (tsk->group)
		tipc_sk_leave(tsk);
	/* Unread messages go back to senders that want them back */
	if (tipc_sk_connectionless(sk))
		tipc_sk_reject_queue(sk, TIPC_ERR_NO_PORT);
	else
		tipc_conn_close(tsk, TIPC_ERR_NO_PORT);
	sk->sk_shutdown = SHUTDOWN_MASK;
	tipc_sk_unbind_all(tsk);
	tipc_sk_remove(tsk);
	sock_orphan(sk);
	release_sock(sk);
	/* Past shutdown nothing is queued any more: drop what is left */
	__skb_queue_purge(&sk->sk_receive_queue);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

int tipc_sk_bind_range(struct tipc_sock *tsk,
		       const struct tipc_service_range *sr, u32 scope)
{
	struct tipc_binding *b;
	u32 key = tsk->port + tsk->bind_count + 1;

	if (key == tsk->port)
		return -EADDRINUSE;
	b = tipc_nametbl_bind(sock_net(&tsk->sk), sr->type, sr->lower,
			      sr->upper, scope, tsk->port, key);
	if (IS_ERR(b))
		return PTR_ERR(b);
	list_add_tail(&b->owner, &tsk->bindings);
	tsk->bind_count++;
	return 0;
}

int tipc_sk_unbind_range(struct tipc_sock *tsk,
			 const struct tipc_service_range *sr, u32 scope)
{
	struct tipc_binding *b;

	if (list_empty(&tsk->bindings))
		return 0;
	list_for_each_entry(b, &tsk->bindings, owner) {
		if (b->scope != scope || b->type != sr->type ||
		    b->lower != sr->lower || b->upper != sr->upper)
			continue;
		list_del(&b->owner);
		tipc_nametbl_unbind(sock_net(&tsk->sk), b);
		return 0;
	}
	return -EINVAL;
}

/*
 * bind() binds a service range (or a single instance), and with a
 * negative scope unbinds it. A zero address length unbinds everything.
 */
static int tipc_bind(struct socket *sock, struct sockaddr *uaddr, int alen)
{
	struct sockaddr_tipc *a = (struct sockaddr_tipc *)uaddr;
	struct tipc_sock *tsk = tipc_sk(sock->sk);
	struct tipc_service_range sr;
	int scope, err;

	if (alen) {
		if (!tipc_addr_valid(a, alen))
			return -EINVAL;
		if (a->addrtype == TIPC_SOCKET_ADDR)
			return -EAFNOSUPPORT;
		/* Reserved types are TIPC's own, bound by kernel sockets */
		if (a->addr.nameseq.type < TIPC_RESERVED_TYPES &&
		    !sock->sk->sk_kern_sock)
			return -EACCES;
	}
	sr = a->addr.nameseq;
	if (alen && a->addrtype == TIPC_SERVICE_ADDR)
		sr.upper = sr.lower;
	scope = alen ? abs(a->scope) : 0;
	/* TIPC_ZONE_SCOPE and 0 are old spellings of cluster scope */
	if (scope != TIPC_NODE_SCOPE)
		scope = TIPC_CLUSTER_SCOPE;

	lock_sock(sock->sk);
	if (tsk->group) {
		err = -EACCES;	/* a member's binding is the group's */
	} else if (!alen) {
		tipc_sk_unbind_all(tsk);
		err = 0;
	} else if (a->scope < 0) {
		err = tipc_sk_unbind_range(tsk, &sr, scope);
	} else {
		err = tipc_sk_bind_range(tsk, &sr, scope);
	}
	release_sock(sock->sk);
	return err;
}

static int tipc_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_tipc *a = (struct sockaddr_tipc *)uaddr;
	struct sock *sk = sock->sk;

	memset(a, 0, sizeof(*a));
	a->family = AF_TIPC;
	a->addrtype = TIPC_SOCKET_ADDR;
	if (peer)
		return tipc_conn_getpeer(tipc_sk(sk), a, peer);
	a->addr.id.ref = tipc_sk(sk)->port;
	a->addr.id.node = tipc_own_addr(sock_net(sk));
	return sizeof(*a);
}

/* Datagram sockets may record a default destination. */
static int tipc_dgram_connect(struct socket *sock, struct sockaddr *uaddr,
			      int alen, int flags)
{
	struct sockaddr_tipc *a = (struct sockaddr_tipc *)uaddr;
	struct tipc_sock *tsk = tipc_sk(sock->sk);
	int err = 0;

	if (alen != sizeof(*a))
		return -EINVAL;
	lock_sock(sock->sk);
	if (tsk->group)
		err = -EINVAL;
	else if (a->family == AF_UNSPEC)
		memset(&tsk->peer, 0, sizeof(tsk->peer));
	else if (tipc_addr_valid(a, alen))
		tsk->peer = *a;
	else
		err = -EINVAL;
	release_sock(sock->sk);
	return err;
}

static int tipc_dgram_sendmsg(struct socket *sock, struct msghdr *m,
			      size_t dlen)
{
	struct sockaddr_tipc *dst = m->msg_name;
	struct tipc_sock *tsk = tipc_sk(sock->sk);
	long timeo = sock_sndtimeo(sock->sk, m->msg_flags & MSG_DONTWAIT);
	struct tipc_msg hdr;
	int ret;

	if (unlikely(dlen > TIPC_MAX_USER_MSG_SIZE))
		return -EMSGSIZE;
	if (dst && !tipc_addr_valid(dst, m->msg_namelen))
		return -EINVAL;
	lock_sock(sock->sk);
	ret = tipc_sk_wait_link(sock->sk, &timeo);
	if (ret)
		goto out;
	if (tsk->group) {
		ret = tipc_group_sendmsg(tsk, m, dlen);
		goto out;
	}
	if (!dst && tsk->peer.family == AF_TIPC)
		dst = &tsk->peer;
	ret = -EDESTADDRREQ;
	if (dst) {
		hdr = tsk->hdr;
		ret = tipc_sk_send_to(tsk, &hdr, dst, m, dlen);
	}
out:
	release_sock(sock->sk);
	return ret;
}

/*
 * Wait, with the socket lock held, until a message is queued. A reader
 * that finds one stays off the wait queue: while it is on it, every
 * delivery to this socket would wake it, even as it runs.
 */
int tipc_sk_wait_rcv(struct sock *sk, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	int err = 0;

	if (likely(!skb_queue_empty(&sk->sk_receive_queue)))
		return 0;
	add_wait_queue(sk_sleep(sk), &wait);
	while (skb_queue_empty(&sk->sk_receive_queue)) {
		err = sock_error(sk);
		if (err)
			break;
		/* Without waiting, even a shut down socket says EAGAIN */
		if (!*timeo) {
			err = -EAGAIN;
			break;
		}
		if (sk->sk_shutdown & RCV_SHUTDOWN) {
			err = -ENOTCONN;
			break;
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(*timeo);
			break;
		}
		sk_wait_event(sk, timeo,
			      !skb_queue_empty(&sk->sk_receive_queue) ||
			      (sk->sk_shutdown & RCV_SHUTDOWN), &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return err;
}

/* Ancillary data: why a message came back, and what it was sent to. */
static int tipc_sk_put_cmsg(struct tipc_sock *tsk, struct msghdr *m,
			    struct sk_buff *skb)
{
	struct tipc_msg *hdr = buf_msg(skb);
	u32 info[3];
	int err;

	if (!m->msg_control)
		return 0;
	if (msg_errcode(hdr)) {
		info[0] = msg_errcode(hdr);
		info[1] = msg_data_sz(hdr);
		err = put_cmsg(m, SOL_TIPC, TIPC_ERRINFO, 8, info);
		if (!err && info[1])
			err = put_cmsg(m, SOL_TIPC, TIPC_RETDATA, info[1],
				       msg_data(hdr));
		if (err)
			return err;
	}
	if (msg_type(hdr) == TIPC_MCAST_MSG) {
		info[0] = msg_nametype(hdr);
		info[1] = msg_namelower(hdr);
		info[2] = msg_nameupper(hdr);
		return put_cmsg(m, SOL_TIPC, TIPC_DESTNAME, sizeof(info), info);
	}
	if (msg_type(hdr) == TIPC_NAMED_MSG) {
		info[0] = msg_nametype(hdr);
		info[1] = msg_nameinst(hdr);
	} else if (msg_connected(hdr) && tsk->conn_named) {
		info[0] = tsk->conn_type;
		info[1] = tsk->conn_inst;
	} else {
		return 0;
	}
	info[2] = info[1];
	return put_cmsg(m, SOL_TIPC, TIPC_DESTNAME, sizeof(info), info);
}

/* Tell the reader where @skb came from, and why if it was returned. */
int tipc_sk_msg_meta(struct tipc_sock *tsk, struct msghdr *m,
		     struct sk_buff *skb)
{
	DECLARE_SOCKADDR(struct sockaddr_tipc *, src, m->msg_name);
	struct tipc_msg *hdr = buf_msg(skb);

	if (src) {
		memset(src, 0, sizeof(*src));
		src->family = AF_TIPC;
		src->addrtype = TIPC_SOCKET_ADDR;
		src->addr.id.ref = msg_origport(hdr);
		src->addr.id.node = msg_orignode(hdr);
		m->msg_namelen = sizeof(*src);
		tipc_group_sk_srcname(m, skb);
	}
	return tipc_sk_put_cmsg(tsk, m, skb);
}

/* The next message worth reading: empty non-error messages are skipped. */
struct sk_buff *tipc_sk_next_msg(struct sock *sk, long *timeo, int *err)
{
	struct sk_buff *skb;
	struct tipc_msg *hdr;

	for (;;) {
		*err = tipc_sk_wait_rcv(sk, timeo);
		if (*err)
			return NULL;
		skb = skb_peek(&sk->sk_receive_queue);
		hdr = buf_msg(skb);
		if (msg_data_sz(hdr) || msg_errcode(hdr))
			return skb;
		__skb_unlink(skb, &sk->sk_receive_queue);
		kfree_skb(skb);
	}
}

/* Copy the data of @skb; MSG_EOR lets a short buffer read it in parts. */
static int tipc_sk_copy_data(struct msghdr *m, struct sk_buff *skb,
			     size_t buflen, int flags, bool *done)
{
	struct tipc_msg *hdr = buf_msg(skb);
	u32 offset = TIPC_SKB_CB(skb)->bytes_read, dlen = msg_data_sz(hdr);
	size_t copy = min_t(size_t, dlen - offset, buflen);
	int err;

	*done = true;
	err = skb_copy_datagram_msg(skb, msg_hdr_sz(hdr) + offset, m, copy);
	if (err)
		return err;
	if (offset + copy == dlen) {
		TIPC_SKB_CB(skb)->bytes_read = 0;
		if (flags & MSG_EOR)
			m->msg_flags |= MSG_EOR;
	} else if (flags & MSG_EOR) {
		*done = false;
		if (!(flags & MSG_PEEK))
			TIPC_SKB_CB(skb)->bytes_read = offset + copy;
	} else {
		m->msg_flags |= MSG_TRUNC;
		TIPC_SKB_CB(skb)->bytes_read = 0;
	}
	return copy;
}

/*
 * A returned message carries no data for the reader; on a connection it
 * means the connection is over: end of file after an orderly shutdown,
 * else a reset unless the reader takes the error as ancillary data.
 */
int tipc_sk_error_result(struct sock *sk, struct msghdr *m,
			 struct sk_buff *skb)
{
	int err = msg_errcode(buf_msg(skb));

	if (tipc_sk_connectionless(sk) || err == TIPC_CONN_SHUTDOWN ||
	    m->msg_control)
		return 0;
	return -ECONNRESET;
}

/* recvmsg() of message sockets: RDM, DGRAM and SEQPACKET */
static int tipc_recvmsg(struct socket *sock, struct msghdr *m, size_t buflen,
			int flags)
{
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	bool done = true;
	long timeo;
	int ret;

	if (unlikely(!buflen))
		return -EINVAL;
	lock_sock(sk);
	ret = -ENOTCONN;
	if (!tipc_sk_connectionless(sk) && sk->sk_state == TIPC_OPEN)
		goto out;
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	skb = tipc_sk_next_msg(sk, &timeo, &ret);
	if (!skb)
		goto out;
	ret = tipc_sk_msg_meta(tipc_sk(sk), m, skb);
	if (ret)
		goto out;
	if (msg_errcode(buf_msg(skb)))
		ret = tipc_sk_error_result(sk, m, skb);
	else
		ret = tipc_sk_copy_data(m, skb, buflen, flags, &done);
	ret = tipc_group_sk_result(m, skb, ret);
	if (ret < 0 || (flags & MSG_PEEK) || !done)
		goto out;
	if (!tipc_sk_connectionless(sk))
		tipc_conn_consumed(tipc_sk(sk), msg_size(buf_msg(skb)));
	tipc_group_sk_consumed(tipc_sk(sk), skb);
	__skb_unlink(skb, &sk->sk_receive_queue);
	kfree_skb(skb);
out:
	release_sock(sk);
	return ret;
}

/*
 * shutdown() of a datagram socket, as stock: unread messages go back to
 * senders that want them, with TIPC_CONN_SHUTDOWN; messages still arrive
 * afterwards, but recv() on an empty queue fails instead of waiting. There
 * is no connection, so the answer is ENOTCONN.
 */
static int tipc_dgram_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;

	if (how != SHUT_RDWR)
		return -EINVAL;
	lock_sock(sk);
	tipc_sk_drop_partial(sk);
	tipc_sk_reject_queue(sk, TIPC_CONN_SHUTDOWN);
	sk->sk_shutdown = SHUTDOWN_MASK;
	sk->sk_state_change(sk);
	release_sock(sk);
	return -ENOTCONN;
}

static __poll_t tipc_poll(struct file *file, struct socket *sock,
			  poll_table *wait)
{
	struct sock *sk = sock->sk;
	__poll_t mask = 0;

	sock_poll_wait(file, sock, wait);
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (!tipc_sk_connectionless(sk))
		return tipc_conn_poll(sk, mask);
	if (READ_ONCE(tipc_sk(sk)->group_open) &&
	    !tipc_sk_link_congested(tipc_sk(sk)))
		mask |= EPOLLOUT;
	if (!skb_queue_empty_lockless(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

/* The socket types differ in how they connect, send and receive */
#define TIPC_PROTO_OPS(conn, acc, lsn, shut, send, recv) {		\
	.owner		= THIS_MODULE,					\
	.family		= AF_TIPC,					\
	.release	= tipc_release,					\
	.bind		= tipc_bind,					\
	.connect	= conn,						\
	.socketpair	= sock_no_socketpair,				\
	.accept		= acc,						\
	.getname	= tipc_getname,					\
	.poll		= tipc_poll,					\
	.ioctl		= tipc_ioctl,					\
	.listen		= lsn,						\
	.shutdown	= shut,						\
	.setsockopt	= tipc_setsockopt,				\
	.getsockopt	= tipc_getsockopt,				\
	.sendmsg	= send,						\
	.recvmsg	= recv,						\
	.mmap		= sock_no_mmap,					\
}

static const struct proto_ops tipc_dgram_ops =
	TIPC_PROTO_OPS(tipc_dgram_connect, sock_no_accept, sock_no_listen,
		       tipc_dgram_shutdown, tipc_dgram_sendmsg, tipc_recvmsg);

static const struct proto_ops tipc_seqpacket_ops =
	TIPC_PROTO_OPS(tipc_conn_connect, tipc_conn_accept, tipc_conn_listen,
		       tipc_conn_shutdown, tipc_conn_sendmsg, tipc_recvmsg);

static const struct proto_ops tipc_stream_ops =
	TIPC_PROTO_OPS(tipc_conn_connect, tipc_conn_accept, tipc_conn_listen,
		       tipc_conn_shutdown, tipc_conn_sendmsg,
		       tipc_conn_recvstream);

static struct proto tipc_proto = {
	.obj_size	= sizeof(struct tipc_sock),
	.owner		= THIS_MODULE,
	.name		= "TIPC",
};

static const struct net_proto_family tipc_family_ops = {
	.family		= AF_TIPC,
	.create		= tipc_sk_create,
	.owner		= THIS_MODULE,
};

int tipc_socket_init(void)
{
	int err;

	err = proto_register(&tipc_proto, 1);
	if (err)
		return err;
	err = sock_register(&tipc_family_ops);
	if (err)
		proto_unregister(&tipc_proto);
	return err;
}

void tipc_socket_exit(void)
{
	sock_unregister(AF_TIPC);
	proto_unregister(&tipc_proto);
}

int tipc_sk_pernet_init(struct net *net)
{
	return rhashtable_init(&tipc_net(net)->ports, &tipc_port_params);
}

/* Every user socket holds its namespace: none is left when it dies. */
void tipc_sk_pernet_exit(struct net *net)
{
	rhashtable_destroy(&tipc_net(net)->ports);
}
