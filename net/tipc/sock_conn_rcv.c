// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: what arrives at a connection-oriented socket (sock_conn.c
 * sends): the peer's answer to our SYN or its refusal, data and FINs of
 * an established connection, SYNs for a listener, CONN_MANAGER
 * acknowledgements and probes; the timer that sends a refused SYN again,
 * and the notices that end connections to a lost node.
 *
 * tipc_conn_filter() runs with the socket spinlock held and the socket
 * not owned by a task, or from the backlog with the socket owned. The
 * replies, rejections and held small writes it lets go are added to the
 * caller's xmitq, sent once the caller holds no socket spinlock. The
 * timer and tipc_conn_node_lost() say what they hold.
 */
#include <linux/random.h>

#include "addr.h"
#include "node.h"
#include "sock.h"
#include "socket.h"

#define TIPC_SYN_RETRY	100	/* ms before a refused SYN goes again, at least */

/* End the connection because of message @skb; the reader gets to see it. */
static void tipc_conn_abort(struct tipc_sock *tsk, struct sk_buff *skb,
			    struct sk_buff_head *xmitq)
{
	struct sock *sk = &tsk->sk;

	sk->sk_state = TIPC_DISCONNECTING;
	sk->sk_state_change(sk);
	tipc_sk_queue(sk, skb, tipc_sk_rcv_limit(sk, 0), xmitq);
}

static void tipc_conn_rcv_ack(struct tipc_sock *tsk, const struct tipc_msg *m)
{
	bool was_congested = tipc_conn_congested(tsk);

	if (tsk->snt_unacked < msg_conn_ack(m))
		return;
	tipc_conn_push(tsk, msg_nagle_ack(m));
	tsk->snt_unacked -= msg_conn_ack(m);
	tsk->snd_win = msg_adv_win(m);
	if (was_congested && !tipc_conn_congested(tsk))
		tsk->sk.sk_write_space(&tsk->sk);
}

/* CONN_MANAGER: acknowledgements, probes, and aborts by the node layer */
static void tipc_conn_proto_rcv(struct tipc_sock *tsk, struct sk_buff *skb,
				struct sk_buff_head *xmitq)
{
	struct tipc_msg *m = buf_msg(skb);
	struct net *net = sock_net(&tsk->sk);

	if (!tipc_sk_connected(&tsk->sk) || !tipc_conn_from_peer(tsk, m))
		goto drop;
	if (msg_errcode(m)) {
		/* Recast as an empty connection message the reader sees */
		msg_set_user(m, TIPC_CRITICAL_IMPORTANCE);
		msg_set_type(m, TIPC_CONN_MSG);
		msg_set_hdr_sz(m, BASIC_H_SIZE);
		msg_set_size(m, BASIC_H_SIZE);
		tipc_conn_abort(tsk, skb, xmitq);
		return;
	}
	switch (msg_type(m)) {
	case CONN_PROBE:
		msg_set_type(m, CONN_PROBE_REPLY);
		if (tipc_msg_reverse(tipc_own_addr(net), &skb, TIPC_OK))
			__skb_queue_tail(xmitq, skb);
		return;
	case CONN_ACK:
		tipc_conn_rcv_ack(tsk, m);
		break;
	}
drop:
	kfree_skb(skb);
}

/*
 * Timer: while still connecting, send the kept SYN again. The copy goes
 * out after the socket spinlock is dropped: the answer may come straight
 * back to this socket.
 */
void tipc_conn_timeout(struct timer_list *t)
{
	struct sock *sk = from_timer(sk, t, sk_timer);
	struct sk_buff *syn = NULL;
	struct sk_buff_head q;

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk))
		sk_reset_timer(sk, &sk->sk_timer, jiffies + HZ / 20);
	else if (sk->sk_state == TIPC_CONNECTING &&
		 !skb_queue_empty(&sk->sk_write_queue))
		syn = skb_copy(skb_peek(&sk->sk_write_queue), GFP_ATOMIC);
	bh_unlock_sock(sk);
	if (syn) {
		__skb_queue_head_init(&q);
		__skb_queue_tail(&q, syn);
		tipc_sk_xmit(sock_net(sk), &q, msg_destnode(buf_msg(syn)));
	}
	sock_put(sk);
}

/*
 * Our SYN came back because the listener had no room: try again in
 * TIPC_SYN_RETRY ms plus a random part of a quarter of the connect
 * timeout, which (as in the stock module) is raised to 4 ms if lower.
 * False if there is no copy to send.
 */
static bool tipc_conn_retry_later(struct tipc_sock *tsk)
{
	struct sock *sk = &tsk->sk;
	u32 delay;

	if (skb_queue_empty(&sk->sk_write_queue))
		return false;
	tsk->conn_timeout = max_t(u16, tsk->conn_timeout, 4);
	delay = TIPC_SYN_RETRY + get_random_u32_below(tsk->conn_timeout / 4);
	sk_reset_timer(sk, &sk->sk_timer, jiffies + msecs_to_jiffies(delay));
	return true;
}

/* A SYN was refused, or the accepting socket answered. */
static void tipc_conn_rcv_connecting(struct tipc_sock *tsk,
				     struct sk_buff *skb,
				     struct sk_buff_head *xmitq)
{
	struct tipc_msg *m = buf_msg(skb);
	struct sock *sk = &tsk->sk;

	if (msg_connected(m) && !msg_errcode(m)) {
		tipc_conn_establish(tsk, msg_orignode(m), msg_origport(m));
		msg_set_user(&tsk->hdr, msg_importance(m));
		sk->sk_state_change(sk);
		if (msg_data_sz(m))
			tipc_sk_queue(sk, skb, tipc_sk_rcv_limit(sk, 0), xmitq);
		else
			kfree_skb(skb);
		return;
	}
	/* Anything else must be our SYN coming back */
	if (!msg_connected(m) && !tipc_conn_from_peer(tsk, m)) {
		tipc_sk_reject(sock_net(sk), skb, TIPC_ERR_NO_PORT, xmitq);
		return;
	}
	if (msg_errcode(m) == TIPC_ERR_OVERLOAD && !msg_connected(m) &&
	    tipc_conn_retry_later(tsk)) {
		kfree_skb(skb);
		return;
	}
	sk->sk_err = ECONNREFUSED;
	tipc_conn_abort(tsk, skb, xmitq);
}

static void tipc_conn_rcv_established(struct tipc_sock *tsk,
				      struct sk_buff *skb,
				      struct sk_buff_head *xmitq)
{
	struct tipc_msg *m = buf_msg(skb);
	struct sock *sk = &tsk->sk;
	struct sk_buff *ack;

	/* Whatever comes in, what small writes wait may go */
	if (!skb_queue_empty(&sk->sk_write_queue))
		tipc_conn_push(tsk, false);

	if (!tipc_conn_from_peer(tsk, m)) {
		tipc_sk_reject(sock_net(sk), skb, TIPC_ERR_NO_PORT, xmitq);
		return;
	}
	if (msg_errcode(m)) {
		tipc_conn_abort(tsk, skb, xmitq);
		return;
	}
	/* A bundle of small writes wants to hear that it arrived */
	if (msg_ack_required(m)) {
		ack = tipc_conn_ack_msg(tsk);
		if (ack) {
			msg_set_nagle_ack(buf_msg(ack), 1);
			__skb_queue_tail(xmitq, ack);
		}
	}
	tipc_sk_queue(sk, skb, tipc_sk_rcv_limit(sk, 0), xmitq);
}

/* Take @skb into connection socket @tsk; replies go to @xmitq. */
void tipc_conn_filter(struct tipc_sock *tsk, struct sk_buff *skb,
		      struct sk_buff_head *xmitq)
{
	struct tipc_msg *m = buf_msg(skb);
	struct sock *sk = &tsk->sk;

	if (msg_user(m) == CONN_MANAGER) {
		tipc_conn_proto_rcv(tsk, skb, xmitq);
		return;
	}
	if (!msg_isdata(m) && !msg_errcode(m)) {
		kfree_skb(skb);
		return;
	}
	tsk->oneway = 0;
	switch (sk->sk_state) {
	case TIPC_CONNECTING:
		tipc_conn_rcv_connecting(tsk, skb, xmitq);
		return;
	case TIPC_ESTABLISHED:
		tipc_conn_rcv_established(tsk, skb, xmitq);
		return;
	case TIPC_LISTEN:
		/* Only SYNs; even once shut down, until released (as stock) */
		if (msg_syn(m) && !msg_connected(m) && !msg_errcode(m) &&
		    !sock_flag(sk, SOCK_DEAD)) {
			tipc_sk_queue(sk, skb,
				      tipc_sk_rcv_limit(sk, msg_importance(m)),
				      xmitq);
			return;
		}
		break;
	}
	tipc_sk_reject(sock_net(sk), skb, TIPC_ERR_NO_PORT, xmitq);
}

/*
 * If @tsk is connected, or connecting, to a port on node @addr, which was
 * lost, add to @aborts the notice its peer would have sent: an empty
 * CONN_MSG from that port carrying TIPC_ERR_NO_NODE. No lock is held:
 * the socket checks the notice again when it takes it.
 */
void tipc_conn_node_lost(struct tipc_sock *tsk, u32 addr,
			 struct sk_buff_head *aborts)
{
	struct net *net = sock_net(&tsk->sk);
	int state = READ_ONCE(tsk->sk.sk_state);
	struct sk_buff *skb;

	if (state != TIPC_ESTABLISHED && state != TIPC_CONNECTING)
		return;
	if (tipc_sk_connectionless(&tsk->sk) || tipc_sk_peer_node(tsk) != addr)
		return;
	/* A short header: the peer's node is the previous node */
	skb = tipc_msg_new(TIPC_CRITICAL_IMPORTANCE, TIPC_CONN_MSG,
			   SHORT_H_SIZE, addr, tipc_own_addr(net));
	if (!skb)
		return;
	msg_set_errcode(buf_msg(skb), TIPC_ERR_NO_NODE);
	msg_set_origport(buf_msg(skb), tipc_sk_peer_port(tsk));
	msg_set_destport(buf_msg(skb), tsk->port);
	__skb_queue_tail(aborts, skb);
}
