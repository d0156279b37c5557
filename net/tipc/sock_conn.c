// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: connection-oriented sockets (SOCK_SEQPACKET, SOCK_STREAM):
 * setup, sending, reading and teardown. What arrives for them is taken in
 * by sock_conn_rcv.c.
 *
 * Setup: the client sends a SYN, a named or direct message with the syn
 * bit set, possibly carrying data, and waits in TIPC_CONNECTING. A
 * listening socket queues SYNs; accept() connects a new socket to the
 * SYN's origin, which answers with a connection message (CONN_MSG). The
 * first CONN_MSG from that new port completes the client's setup.
 *
 * A SYN the listener has no room for comes back with TIPC_ERR_OVERLOAD;
 * the client then stays in TIPC_CONNECTING and sends the copy it kept
 * (on sk_write_queue) again from sk_timer, until accepted, refused, or
 * given up on by close() or shutdown(). Any other returned SYN refuses.
 *
 * Teardown: a CONN_MSG carrying an error code ("FIN"), or a data message
 * returned by the peer, ends the connection.
 *
 * Flow control: both ends count data in blocks of TIPC_FLOW_BLOCK bytes.
 * The reader acknowledges consumed blocks (CONN_MANAGER/CONN_ACK, which
 * also advertises its window) once a quarter of its window is consumed;
 * the writer waits while more than its window is unacknowledged.
 *
 * Small writes (Nagle, as stock does it on streams unless TIPC_NODELAY):
 * once a stream has sent TIPC_NAGLE_START messages without hearing from
 * its peer, writes of at most TIPC_NAGLE_MSS bytes (the link's MTU to a
 * peer on another node) are appended to a bundle on sk_write_queue. A
 * bundle that goes out asks for an acknowledgment (ack_required);
 * until it comes (nagle_ack), further small writes are held back, up to
 * TIPC_NAGLE_HOLD blocks. Anything from the peer sends what is held.
 * When the acknowledgment finds that the bundles did not carry two
 * writes each on average, bundling backs off: it starts again only
 * after twice as many one-way messages.
 *
 * Order: a connection's messages leave through its outq, unless it is
 * empty and nobody is sending: then they go straight away. Whoever
 * queues there sends what is queued, unless someone else is already at
 * it (out_busy): then that one sends it too, in order. So small writes let
 * go by an acknowledgment, under the socket spinlock, and sent once it
 * is dropped, cannot be overtaken by the writer's next message.
 *
 * Link congestion: a writer that finds a message of ours held up by a
 * congested link (link_cong, see sock_send.c) waits as it does for the
 * peer's window; so do the SYN, and a close that would send a FIN past
 * the data still queued. A connection to a node that is lost ends as
 * if the peer had aborted it, with TIPC_ERR_NO_NODE (tipc_sk_node_down()).
 *
 * Everything here runs with the socket lock held, or owned; the timer
 * takes the socket spinlock, and defers while a task owns the socket.
 */
#include <linux/sched/signal.h>
#include <linux/uio.h>

#include "addr.h"
#include "fragment.h"
#include "node.h"
#include "sock.h"
#include "socket.h"

#define TIPC_ACK_RATE	4	/* acknowledge each quarter of the window */
#define TIPC_NAGLE_MSS	1500	/* bytes of a bundle of small writes, node-local */
#define TIPC_FIN_WAIT	8000	/* ms a close waits for link congestion, at most */
#define TIPC_NAGLE_START	4	/* one-way messages before bundling */
#define TIPC_NAGLE_START_MAX	1024
#define TIPC_NAGLE_HOLD	64	/* blocks held back at most */

static u16 tipc_blocks(u32 len)
{
	return len / TIPC_FLOW_BLOCK + 1;
}

/* The window a receive buffer of @bytes can advertise (16 bits on the wire) */
static u16 tipc_adv_blocks(int bytes)
{
	return min(bytes / TIPC_FLOW_BLOCK / 4, U16_MAX);
}

void tipc_conn_init(struct tipc_sock *tsk)
{
	tsk->snd_win = tipc_adv_blocks(TIPC_RCVBUF_MIN);
	tsk->rcv_win = tsk->snd_win;
	tsk->nagle_start = TIPC_NAGLE_START;
	timer_setup(&tsk->sk.sk_timer, tipc_conn_timeout, 0);
}

bool tipc_conn_congested(const struct tipc_sock *tsk)
{
	return tsk->snt_unacked > tsk->snd_win;
}

/* May the writer send? Neither the peer nor a link holds it back. */
static bool tipc_conn_writable(const struct tipc_sock *tsk)
{
	return !tipc_conn_congested(tsk) && !tipc_sk_link_congested(tsk);
}

/* From now on our header template addresses @port on @node. */
void tipc_conn_establish(struct tipc_sock *tsk, u32 node, u32 port)
{
	struct tipc_msg *m = &tsk->hdr;

	msg_set_syn(m, 0);
	msg_set_type(m, TIPC_CONN_MSG);
	msg_set_hdr_sz(m, SHORT_H_SIZE);
	msg_set_lookup_scope(m, 0);
	msg_set_destnode(m, node);
	msg_set_destport(m, port);
	tsk->sk.sk_state = TIPC_ESTABLISHED;
	__skb_queue_purge(&tsk->sk.sk_write_queue);	/* the kept SYN */
}

/* Does @m come from the socket our header addresses? */
bool tipc_conn_from_peer(struct tipc_sock *tsk, const struct tipc_msg *m)
{
	struct net *net = sock_net(&tsk->sk);
	u32 node = msg_orignode(m), peer = tipc_sk_peer_node(tsk);

	if (msg_origport(m) != tipc_sk_peer_port(tsk))
		return false;
	/* 0 and our own address both name this node */
	return node == peer ||
	       (tipc_addr_is_local(net, node) && tipc_addr_is_local(net, peer));
}

/* A header-only CONN_MANAGER message to our peer */
static struct sk_buff *tipc_conn_mgr_msg(struct tipc_sock *tsk, u32 type)
{
	struct sk_buff *skb;

	skb = tipc_msg_new(CONN_MANAGER, type, INT_H_SIZE,
			   tipc_own_addr(sock_net(&tsk->sk)),
			   tipc_sk_peer_node(tsk));
	if (skb) {
		msg_set_origport(buf_msg(skb), tsk->port);
		msg_set_destport(buf_msg(skb), tipc_sk_peer_port(tsk));
	}
	return skb;
}

/* A CONN_ACK for what was consumed so far, advertising our window */
struct sk_buff *tipc_conn_ack_msg(struct tipc_sock *tsk)
{
	struct sk_buff *skb;

	skb = tipc_conn_mgr_msg(tsk, CONN_ACK);
	if (!skb)
		return NULL;
	tsk->rcv_win = tipc_adv_blocks(READ_ONCE(tsk->sk.sk_rcvbuf));
	msg_set_conn_ack(buf_msg(skb), tsk->rcv_unacked);
	msg_set_adv_win(buf_msg(skb), tsk->rcv_win);
	tsk->rcv_unacked = 0;
	return skb;
}

static void tipc_conn_send_ack(struct tipc_sock *tsk)
{
	struct sk_buff_head q;
	struct sk_buff *skb;

	skb = tipc_conn_ack_msg(tsk);
	if (!skb)
		return;
	__skb_queue_head_init(&q);
	__skb_queue_tail(&q, skb);
	tipc_sk_send_list(sock_net(&tsk->sk), &q);
}

/* The reader consumed a message of @msglen bytes: acknowledge in time. */
void tipc_conn_consumed(struct tipc_sock *tsk, u32 msglen)
{
	if (!tipc_sk_connected(&tsk->sk))
		return;
	tsk->rcv_unacked += tipc_blocks(msglen);
	if (tsk->rcv_unacked >= tsk->rcv_win / TIPC_ACK_RATE)
		tipc_conn_send_ack(tsk);
}

/*
 * Send what is on @tsk's outq, unless someone else is at it: then they
 * send what we queued too, in order. No socket spinlock may be held.
 */
void tipc_conn_drain(struct tipc_sock *tsk)
{
	struct net *net = sock_net(&tsk->sk);
	struct sk_buff_head pkts;

	__skb_queue_head_init(&pkts);
	while (!skb_queue_empty_lockless(&tsk->outq)) {
		/*
		 * Whoever queued last, or stopped sending last, looks at
		 * the other's store: one of the two sends what is queued.
		 */
		smp_mb();
		if (test_and_set_bit_lock(0, &tsk->out_busy))
			return;
		spin_lock_bh(&tsk->outq.lock);
		skb_queue_splice_tail_init(&tsk->outq, &pkts);
		spin_unlock_bh(&tsk->outq.lock);
		tipc_sk_send_list(net, &pkts);
		clear_bit_unlock(0, &tsk->out_busy);
		smp_mb__after_atomic();	/* as above: before we look again */
	}
}

/* Short headers name no node: @list's go to the peer's */
static void tipc_conn_address(struct tipc_sock *tsk, struct sk_buff_head *list)
{
	struct sk_buff *skb;

	skb_queue_walk(list, skb)
		TIPC_SKB_CB(skb)->dnode = tipc_sk_peer_node(tsk);
}

/*
 * Queue @list (short headers addressed to the peer) on @tsk's outq,
 * after anything from this socket still on its way.
 */
static void tipc_conn_queue_out(struct tipc_sock *tsk,
				struct sk_buff_head *list)
{
	tipc_conn_address(tsk, list);
	spin_lock_bh(&tsk->outq.lock);
	skb_queue_splice_tail_init(list, &tsk->outq);
	spin_unlock_bh(&tsk->outq.lock);
}

/*
 * Send @list (short headers addressed to the peer) after anything from
 * this socket still on its way: straight away if nothing is queued and
 * nobody is sending, else by way of the outq. @to_self: the peer is on
 * this node (else each message is routed). No socket spinlock may be
 * held.
 */
static void tipc_conn_out(struct tipc_sock *tsk, struct sk_buff_head *list,
			  bool to_self)
{
	if (!skb_queue_empty_lockless(&tsk->outq) ||
	    test_and_set_bit_lock(0, &tsk->out_busy))
		goto queue;
	/* Holding the bit, an empty outq means all before us has gone */
	if (!skb_queue_empty_lockless(&tsk->outq)) {
		clear_bit_unlock(0, &tsk->out_busy);
		goto queue;
	}
	if (to_self) {
		tipc_sk_rcv(sock_net(&tsk->sk), list);
	} else {
		tipc_conn_address(tsk, list);
		tipc_sk_send_list(sock_net(&tsk->sk), list);
	}
	clear_bit_unlock(0, &tsk->out_busy);
	smp_mb__after_atomic();	/* as in tipc_conn_drain() */
	tipc_conn_drain(tsk);	/* what others queued meanwhile */
	return;
queue:
	tipc_conn_queue_out(tsk, list);
	tipc_conn_drain(tsk);
}

/*
 * Send all of sk_write_queue, @blocks for flow control, to the peer;
 * @tn is the socket's namespace's.
 */
static int tipc_conn_xmit_queue(struct tipc_sock *tsk, struct tipc_net *tn,
				u16 blocks)
{
	u32 peer = tipc_sk_peer_node(tsk);
	bool to_self = tipc_addr_is_own(tn, peer);

	if (unlikely(!to_self && !tipc_node_is_up(sock_net(&tsk->sk), peer))) {
		__skb_queue_purge(&tsk->sk.sk_write_queue);
		return -EHOSTUNREACH;
	}
	tsk->snd_backlog = 0;
	tsk->snt_unacked += blocks;
	tipc_conn_out(tsk, &tsk->sk.sk_write_queue, to_self);
	return 0;
}

/*
 * May a write of @len bytes be bundled with others, in bundles of at
 * most *@mss bytes? A bundle fills one packet of the link to a peer
 * elsewhere.
 */
static bool tipc_conn_nagle(struct tipc_sock *tsk, size_t len, u32 *mss)
{
	struct net *net = sock_net(&tsk->sk);
	u32 peer = tipc_sk_peer_node(tsk);

	if (tsk->oneway++ < tsk->nagle_start ||
	    tsk->sk.sk_type != SOCK_STREAM || tsk->nodelay)
		return false;
	*mss = TIPC_NAGLE_MSS;
	if (!tipc_addr_is_local(net, peer))
		*mss = tipc_node_mtu(net, peer, tsk->port);
	return len <= *mss;
}

/*
 * Bundle a small write of @len bytes; the blocks already held are in
 * *@blocks, and those added too on return. Returns 1 if what is held
 * may wait, 0 if it is to be sent now, or a negative errno.
 */
static int tipc_conn_bundle(struct tipc_sock *tsk, struct msghdr *m,
			    size_t len, u32 mss, u16 *blocks)
{
	struct sk_buff_head *wq = &tsk->sk.sk_write_queue;
	int ret;

	ret = tipc_msg_append(&tsk->hdr, m, len, mss, wq);
	if (ret < 0)
		return ret;
	*blocks += ret;
	tsk->nagle_msgs++;
	if (*blocks <= TIPC_NAGLE_HOLD && tsk->nagle_wait)
		return 1;
	if (*blocks > TIPC_NAGLE_HOLD) {
		tsk->nagle_pkts += skb_queue_len(wq);
		return 0;
	}
	/* The last bundle asks to be acknowledged; until then we hold */
	msg_set_ack_required(buf_msg(skb_peek_tail(wq)), 1);
	tsk->nagle_wait = true;
	tsk->nagle_msgs = 0;
	tsk->nagle_pkts = 0;
	return 0;
}

/*
 * Build one message of @len bytes on the write queue: for a peer
 * elsewhere, already cut to the packets of the link it goes by.
 */
static int tipc_conn_build(struct tipc_sock *tsk, struct msghdr *m,
			   size_t len)
{
	u32 peer = tipc_sk_peer_node(tsk);
	u32 mtu = tipc_node_build_mtu(sock_net(&tsk->sk), peer, tsk->port,
				      msg_hdr_sz(&tsk->hdr) + len);

	return tipc_msg_build_mtu(&tsk->hdr, m, len, mtu, peer,
				  &tsk->sk.sk_write_queue);
}

/*
 * Send @len bytes on the connection: as one message, after anything held
 * back, or bundled with other small writes and perhaps held back.
 */
static int tipc_conn_send_chunk(struct tipc_sock *tsk, struct msghdr *m,
				size_t len)
{
	struct tipc_net *tn = tipc_net(sock_net(&tsk->sk));
	u16 blocks = tsk->snd_backlog;
	u32 mss;
	int ret;

	msg_set_prevnode(&tsk->hdr, READ_ONCE(tn->node_addr));
	if (tipc_conn_nagle(tsk, len, &mss)) {
		ret = tipc_conn_bundle(tsk, m, len, mss, &blocks);
		if (ret < 0)
			return ret;
		if (ret) {
			tsk->snd_backlog = blocks;
			return 0;
		}
	} else {
		ret = tipc_conn_build(tsk, m, len);
		if (ret < 0)
			return ret;
		blocks += tipc_blocks(len + SHORT_H_SIZE);
	}
	return tipc_conn_xmit_queue(tsk, tn, blocks);
}

/*
 * Let what small writes are held back go: onto the outq, which the
 * caller drains once it holds no socket spinlock (tipc_sk_rcv() and the
 * backlog do). With @nagle_ack, the peer answered a bundle that asked
 * for it: judge whether bundling paid off.
 */
void tipc_conn_push(struct tipc_sock *tsk, bool nagle_ack)
{
	struct sk_buff_head *wq = &tsk->sk.sk_write_queue;
	struct sk_buff *tail = skb_peek_tail(wq);

	if (nagle_ack) {
		tsk->nagle_pkts += skb_queue_len(wq);
		if (tsk->nagle_pkts && tsk->nagle_msgs / tsk->nagle_pkts >= 2) {
			tsk->nagle_start = TIPC_NAGLE_START;
			if (tail)
				msg_set_ack_required(buf_msg(tail), 1);
			tsk->nagle_wait = !!tail;
		} else {
			tsk->oneway = 0;
			tsk->nagle_start = min(2 * tsk->nagle_start,
					       TIPC_NAGLE_START_MAX);
			tsk->nagle_wait = false;
		}
		tsk->nagle_msgs = 0;
		tsk->nagle_pkts = 0;
	}
	if (!tail || !tipc_sk_connected(&tsk->sk))
		return;
	if (tsk->nagle_msgs)
		tsk->nagle_pkts += skb_queue_len(wq);
	tsk->snt_unacked += tsk->snd_backlog;
	tsk->snd_backlog = 0;
	tipc_conn_queue_out(tsk, wq);
}

/*
 * Wait for the connection attempt to end. A refusal shows as the socket
 * error; a timeout leaves the attempt going.
 */
static int tipc_conn_wait_connect(struct sock *sk, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	int err = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	while (sk->sk_state == TIPC_CONNECTING) {
		err = sock_error(sk);
		if (err)
			break;
		if (!*timeo) {
			err = -ETIMEDOUT;
			break;
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(*timeo);
			break;
		}
		sk_wait_event(sk, timeo, sk->sk_state != TIPC_CONNECTING,
			      &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return err ?: sock_error(sk);
}

/* Send a SYN to @dst, carrying @dlen bytes of @m. */
static int tipc_conn_syn(struct tipc_sock *tsk, const struct sockaddr_tipc *dst,
			 struct msghdr *m, size_t dlen)
{
	long timeo = sock_sndtimeo(&tsk->sk, m->msg_flags & MSG_DONTWAIT);
	struct sock *sk = &tsk->sk;
	int ret;

	ret = tipc_sk_wait_link(sk, &timeo);
	if (ret)
		return ret;
	/* only a fresh socket may connect this way; a listener never */
	if (sk->sk_state != TIPC_OPEN)
		return sk->sk_state == TIPC_LISTEN ? -EPIPE : -EISCONN;
	if (!list_empty(&tsk->bindings))
		return -EOPNOTSUPP;
	if (dst->addrtype == TIPC_SERVICE_RANGE)
		return -EINVAL;
	msg_set_syn(&tsk->hdr, 1);
	ret = tipc_sk_send_syn(tsk, dst, m, dlen);
	if (ret < 0) {
		msg_set_syn(&tsk->hdr, 0);
		return ret;
	}
	tsk->conn_named = dst->addrtype == TIPC_SERVICE_ADDR;
	tsk->conn_type = dst->addr.name.name.type;
	tsk->conn_inst = dst->addr.name.name.instance;
	if (dlen)
		tsk->snt_unacked = tipc_blocks(dlen + msg_hdr_sz(&tsk->hdr));
	sk->sk_state = TIPC_CONNECTING;
	return ret;
}

int tipc_conn_connect(struct socket *sock, struct sockaddr *uaddr, int alen,
		      int flags)
{
	struct sockaddr_tipc *dst = (struct sockaddr_tipc *)uaddr;
	struct sock *sk = sock->sk;
	struct tipc_sock *tsk = tipc_sk(sk);
	struct msghdr m = {};
	long timeo;
	int ret;

	if (alen != sizeof(*dst) || !tipc_addr_valid(dst, alen) ||
	    dst->addrtype == TIPC_SERVICE_RANGE)
		return -EINVAL;
	lock_sock(sk);
	timeo = (flags & O_NONBLOCK) ? 0 : msecs_to_jiffies(tsk->conn_timeout);
	switch (sk->sk_state) {
	case TIPC_OPEN:
		iov_iter_kvec(&m.msg_iter, ITER_SOURCE, NULL, 0, 0);
		ret = tipc_conn_syn(tsk, dst, &m, 0);
		if (ret >= 0)
			ret = timeo ? tipc_conn_wait_connect(sk, &timeo) :
				      -EINPROGRESS;
		break;
	case TIPC_CONNECTING:
		ret = timeo ? tipc_conn_wait_connect(sk, &timeo) : -EALREADY;
		break;
	case TIPC_ESTABLISHED:
		ret = -EISCONN;
		break;
	default:
		ret = -EINVAL;
	}
	release_sock(sk);
	return ret;
}

int tipc_conn_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	int ret = -EINVAL;

	lock_sock(sk);
	if (sk->sk_state == TIPC_OPEN) {
		sk->sk_state = TIPC_LISTEN;
		ret = 0;
	}
	release_sock(sk);
	return ret;
}

/* Connect the fresh socket @tsk to the sender of @syn, and answer it. */
static void tipc_conn_adopt(struct tipc_sock *tsk, struct sk_buff *syn)
{
	struct tipc_msg *m = buf_msg(syn);
	struct msghdr empty = {};

	tipc_conn_establish(tsk, msg_orignode(m), msg_origport(m));
	msg_set_user(&tsk->hdr, msg_importance(m));
	if (msg_type(m) == TIPC_NAMED_MSG) {
		tsk->conn_named = true;
		tsk->conn_type = msg_nametype(m);
		tsk->conn_inst = msg_nameinst(m);
	}
	/* Data that came with the SYN is the first thing to read */
	if (msg_data_sz(m)) {
		skb_orphan(syn);
		TIPC_SKB_CB(syn)->bytes_read = 0;
		__skb_queue_tail(&tsk->sk.sk_receive_queue, syn);
		skb_set_owner_r(syn, &tsk->sk);
	} else {
		kfree_skb(syn);
	}
	iov_iter_kvec(&empty.msg_iter, ITER_SOURCE, NULL, 0, 0);
	tipc_conn_send_chunk(tsk, &empty, 0);
}

int tipc_conn_accept(struct socket *sock, struct socket *newsock,
		     struct proto_accept_arg *arg)
{
	struct sock *sk = sock->sk;
	struct sk_buff *syn;
	long timeo;
	int err;

	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state != TIPC_LISTEN)
		goto out;
	timeo = sock_rcvtimeo(sk, arg->flags & O_NONBLOCK);
	err = tipc_sk_wait_rcv(sk, &timeo);
	if (err)
		goto out;
	err = tipc_sk_create(sock_net(sk), newsock, 0, arg->kern);
	if (err)
		goto out;
	security_sk_clone(sk, newsock->sk);
	syn = __skb_dequeue(&sk->sk_receive_queue);
	lock_sock_nested(newsock->sk, SINGLE_DEPTH_NESTING);
	tipc_conn_adopt(tipc_sk(newsock->sk), syn);
	release_sock(newsock->sk);
out:
	release_sock(sk);
	return err;
}

/* Tell the peer the connection is over, with @err as the reason. */
static void tipc_conn_fin(struct tipc_sock *tsk, int err)
{
	struct net *net = sock_net(&tsk->sk);
	struct sk_buff_head q;
	struct sk_buff *skb;

	skb = tipc_msg_new(TIPC_CRITICAL_IMPORTANCE, TIPC_CONN_MSG,
			   SHORT_H_SIZE, tipc_own_addr(net), 0);
	if (!skb)
		return;
	msg_set_errcode(buf_msg(skb), err);
	msg_set_origport(buf_msg(skb), tsk->port);
	msg_set_destport(buf_msg(skb), tipc_sk_peer_port(tsk));
	/* Behind any data of ours still on its way */
	__skb_queue_head_init(&q);
	__skb_queue_tail(&q, skb);
	tipc_conn_out(tsk, &q, false);
}

/*
 * Leave the connection (or stop listening) because of @err. The first
 * unread message, if any, goes back to the peer as the notice.
 */
void tipc_conn_close(struct tipc_sock *tsk, int err)
{
	long timeo = msecs_to_jiffies(TIPC_FIN_WAIT);
	struct sock *sk = &tsk->sk;
	struct sk_buff_head xmitq;
	struct sk_buff *skb;

	/* What we queued behind a congested link goes before the FIN */
	if (tipc_sk_link_congested(tsk) && tipc_sk_connected(sk))
		tipc_sk_wait_link(sk, &timeo);
	sk_stop_timer(sk, &sk->sk_timer);
	/* Small writes held back go first; the kept SYN does not */
	if (tipc_sk_connected(sk) && !skb_queue_empty(&sk->sk_write_queue))
		tipc_conn_xmit_queue(tsk, tipc_net(sock_net(sk)),
				     tsk->snd_backlog);
	__skb_queue_purge(&sk->sk_write_queue);
	/* A partly read message is not worth returning */
	tipc_sk_drop_partial(sk);
	switch (sk->sk_state) {
	case TIPC_CONNECTING:
	case TIPC_ESTABLISHED:
		sk->sk_state = TIPC_DISCONNECTING;
		skb = __skb_dequeue(&sk->sk_receive_queue);
		__skb_queue_purge(&sk->sk_receive_queue);
		if (!skb) {
			tipc_conn_fin(tsk, err);
			break;
		}
		__skb_queue_head_init(&xmitq);
		tipc_sk_reject(sock_net(sk), skb, err, &xmitq);
		tipc_conn_out(tsk, &xmitq, false);
		break;
	case TIPC_LISTEN:
		tipc_sk_reject_queue(sk, err);
		break;
	default:
		__skb_queue_purge(&sk->sk_receive_queue);
	}
}

int tipc_conn_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int ret = -ENOTCONN;

	if (how != SHUT_RDWR)
		return -EINVAL;
	lock_sock(sk);
	tipc_conn_close(tipc_sk(sk), TIPC_CONN_SHUTDOWN);
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (sk->sk_state == TIPC_DISCONNECTING) {
		__skb_queue_purge(&sk->sk_receive_queue);
		ret = 0;
	}
	sk->sk_state_change(sk);
	release_sock(sk);
	return ret;
}

/* Wait until the connection may carry more data. */
static int tipc_conn_wait_send(struct tipc_sock *tsk, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = &tsk->sk;
	int err;

	/* The common case, without touching the wait queue */
	if (likely(tipc_sk_connected(sk) && tipc_conn_writable(tsk) &&
		   !READ_ONCE(sk->sk_err)))
		return 0;
	add_wait_queue(sk_sleep(sk), &wait);
	for (;;) {
		err = sock_error(sk);
		if (err)
			break;
		err = -EPIPE;
		if (sk->sk_state == TIPC_DISCONNECTING)
			break;
		err = -ENOTCONN;
		if (!tipc_sk_connected(sk))
			break;
		err = 0;
		if (tipc_conn_writable(tsk))
			break;
		err = tipc_sk_cant_wait(*timeo);
		if (err)
			break;
		sk_wait_event(sk, timeo, tipc_conn_writable(tsk) ||
			      !tipc_sk_connected(sk), &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return err;
}

static int tipc_conn_send_data(struct tipc_sock *tsk, struct msghdr *m,
			       size_t dlen)
{
	long timeo = sock_sndtimeo(&tsk->sk, m->msg_flags & MSG_DONTWAIT);
	size_t sent = 0, chunk;
	int err;

	do {
		err = tipc_conn_wait_send(tsk, &timeo);
		if (err)
			break;
		chunk = min_t(size_t, dlen - sent, TIPC_MAX_USER_MSG_SIZE);
		err = tipc_conn_send_chunk(tsk, m, chunk);
		if (err)
			break;
		sent += chunk;
	} while (sent < dlen);
	return sent ? sent : err;
}

/* sendto() on an unconnected socket sets the connection up with data. */
static int tipc_conn_implicit(struct tipc_sock *tsk, struct msghdr *m,
			      size_t dlen)
{
	long timeo = sock_sndtimeo(&tsk->sk, m->msg_flags & MSG_DONTWAIT);
	int ret;

	if (!tipc_addr_valid(m->msg_name, m->msg_namelen))
		return -EINVAL;
	if (dlen > TIPC_MAX_USER_MSG_SIZE)
		return -EMSGSIZE;
	ret = tipc_conn_syn(tsk, m->msg_name, m, dlen);
	if (ret > 0 && timeo)
		tipc_conn_wait_connect(&tsk->sk, &timeo);
	return ret;
}

int tipc_conn_sendmsg(struct socket *sock, struct msghdr *m, size_t dlen)
{
	struct sock *sk = sock->sk;
	int ret;

	if (dlen > INT_MAX || (sk->sk_type == SOCK_SEQPACKET &&
			       dlen > TIPC_MAX_USER_MSG_SIZE))
		return -EMSGSIZE;
	lock_sock(sk);
	if (m->msg_name && sk->sk_state == TIPC_OPEN)
		ret = tipc_conn_implicit(tipc_sk(sk), m, dlen);
	else
		ret = tipc_conn_send_data(tipc_sk(sk), m, dlen);
	release_sock(sk);
	return ret;
}

/*
 * Copy from the message @skb into @m, at most @room bytes; returns the
 * bytes copied and whether the message is used up.
 */
static int tipc_conn_copy(struct msghdr *m, struct sk_buff *skb, size_t room,
			  bool peek, bool *used_up)
{
	struct tipc_msg *hdr = buf_msg(skb);
	u32 offset = TIPC_SKB_CB(skb)->bytes_read;
	size_t copy = min_t(size_t, msg_data_sz(hdr) - offset, room);
	int err;

	err = skb_copy_datagram_msg(skb, msg_hdr_sz(hdr) + offset, m, copy);
	if (err)
		return err;
	*used_up = offset + copy == msg_data_sz(hdr);
	if (!*used_up && !peek)
		TIPC_SKB_CB(skb)->bytes_read = offset + copy;
	return copy;
}

static void tipc_conn_drop_head(struct tipc_sock *tsk, struct sk_buff *skb)
{
	__skb_unlink(skb, &tsk->sk.sk_receive_queue);
	tipc_conn_consumed(tsk, msg_size(buf_msg(skb)));
	kfree_skb(skb);
}

/* recvmsg() of streams: message boundaries vanish, data is never cut. */
int tipc_conn_recvstream(struct socket *sock, struct msghdr *m,
			 size_t buflen, int flags)
{
	struct sock *sk = sock->sk;
	struct tipc_sock *tsk = tipc_sk(sk);
	bool peek = flags & MSG_PEEK, used_up;
	int copied = 0, target, ret = -ENOTCONN;
	struct sk_buff *skb;
	long timeo;

	if (unlikely(!buflen))
		return -EINVAL;
	lock_sock(sk);
	if (sk->sk_state == TIPC_OPEN)
		goto out;
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, buflen);
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	do {
		skb = tipc_sk_next_msg(sk, &timeo, &ret);
		if (!skb)
			break;
		if (!copied) {
			ret = tipc_sk_msg_meta(tsk, m, skb);
			if (ret)
				break;
		}
		if (msg_errcode(buf_msg(skb))) {
			ret = tipc_sk_error_result(sk, m, skb);
			if (!copied && !ret && !peek)
				tipc_conn_drop_head(tsk, skb);
			break;
		}
		ret = tipc_conn_copy(m, skb, buflen - copied, peek, &used_up);
		if (ret < 0)
			break;
		copied += ret;
		if (!used_up || peek)
			break;
		tipc_conn_drop_head(tsk, skb);
	} while (copied < buflen &&
		 (!skb_queue_empty(&sk->sk_receive_queue) || copied < target));
out:
	release_sock(sk);
	return copied ? copied : ret;
}

int tipc_conn_getpeer(struct tipc_sock *tsk, struct sockaddr_tipc *a,
		      int peer)
{
	struct sock *sk = &tsk->sk;

	/* peer == 2: also the former peer of a connection that ended */
	if (!tipc_sk_connected(sk) &&
	    (peer != 2 || sk->sk_state != TIPC_DISCONNECTING))
		return -ENOTCONN;
	a->addr.id.ref = tipc_sk_peer_port(tsk);
	a->addr.id.node = tipc_sk_peer_node(tsk);
	return sizeof(*a);
}

__poll_t tipc_conn_poll(struct sock *sk, __poll_t mask)
{
	bool readable = !skb_queue_empty_lockless(&sk->sk_receive_queue);

	switch (sk->sk_state) {
	case TIPC_OPEN:
		return mask | EPOLLOUT;
	case TIPC_ESTABLISHED:
		if (tipc_conn_writable(tipc_sk(sk)))
			mask |= EPOLLOUT;
		fallthrough;
	case TIPC_LISTEN:
	case TIPC_CONNECTING:
		return readable ? mask | EPOLLIN | EPOLLRDNORM : mask;
	case TIPC_DISCONNECTING:
		return EPOLLIN | EPOLLRDNORM | EPOLLHUP;
	}
	return mask;
}
