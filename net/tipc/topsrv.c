// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: the topology server of a namespace.
 *
 * A kernel SEQPACKET socket bound to {TIPC_TOP_SRV, TIPC_TOP_SRV} (node
 * scope) accepts subscriber connections. Each connection reads struct
 * tipc_subscr requests and writes struct tipc_event notifications; a bad
 * request, or too many subscriptions, closes it.
 *
 * All socket work runs on the namespace's ordered workqueue: the
 * sockets' callbacks only queue work. Events are produced in atomic
 * context (binding table changes, timers) and queued on the connection.
 *
 * Lifetime: a connection is referenced by the server's list, by each
 * queued work item and by its socket's sk_user_data (cleared under
 * sk_callback_lock when it closes). Subscriptions are deleted, and their
 * timers stopped, before the connection goes away.
 *
 * Kernel sockets would keep our own module pinned: their module
 * references are dropped at creation and taken back before release.
 */
#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/sock.h>

#include "addr.h"
#include "core.h"
#include "msg.h"
#include "socket.h"
#include "subscr.h"

/**
 * struct tipc_topsrv - the topology server of a namespace
 * @net: its namespace
 * @listener: the listening socket
 * @wq: ordered workqueue of all socket work
 * @accept_work: accepts pending connections
 * @lock: protects @conns and @stopping
 * @conns: open connections
 * @stopping: the namespace is going away
 * @kevents: events for kernel subscribers, as messages to their sockets
 *	(its own lock)
 * @kevent_work: delivers @kevents
 */
struct tipc_topsrv {
	struct net *net;
	struct socket *listener;
	struct workqueue_struct *wq;
	struct work_struct accept_work;
	spinlock_t lock; /* see above */
	struct list_head conns;
	bool stopping;
	struct sk_buff_head kevents;
	struct work_struct kevent_work;
};

/**
 * struct tipc_topconn - one subscriber connection
 * @ref: see the lifetime rules at the top
 * @srv: the server
 * @sock: the connection's socket; NULL once released (workqueue only)
 * @node: in the server's list
 * @rx_work: reads requests
 * @tx_work: sends queued events
 * @lock: protects @events and @subs
 * @events: events waiting to be sent
 * @subs: the connection's subscriptions
 */
struct tipc_topconn {
	struct kref ref;
	struct tipc_topsrv *srv;
	struct socket *sock;
	struct list_head node;
	struct work_struct rx_work;
	struct work_struct tx_work;
	spinlock_t lock; /* see above */
	struct list_head events;
	struct list_head subs;
};

struct tipc_topevt {
	struct list_head node;
	struct tipc_event evt;
};

static void tipc_topconn_free(struct kref *ref)
{
	kfree(container_of(ref, struct tipc_topconn, ref));
}

static void tipc_topconn_put(struct tipc_topconn *con)
{
	kref_put(&con->ref, tipc_topconn_free);
}

/* Queue @work of @con, holding a reference for it. */
static void tipc_topconn_queue(struct tipc_topconn *con,
			       struct work_struct *work)
{
	kref_get(&con->ref);
	if (!queue_work(con->srv->wq, work))
		tipc_topconn_put(con);
}

/* Called in atomic context; the event is sent from the workqueue. */
void tipc_topsrv_queue_evt(struct tipc_topconn *con,
			   const struct tipc_event *evt)
{
	struct tipc_topevt *e = kmalloc(sizeof(*e), GFP_ATOMIC);

	if (!e)
		return;
	e->evt = *evt;
	spin_lock_bh(&con->lock);
	list_add_tail(&e->node, &con->events);
	spin_unlock_bh(&con->lock);
	tipc_topconn_queue(con, &con->tx_work);
}

/*
 * An event for the kernel subscriber @port. It comes with the binding
 * table locked, so it is delivered later, from the workqueue, as a
 * droppable message: a socket closing meanwhile loses nothing it wants.
 */
void tipc_topsrv_kern_evt(struct net *net, u32 port,
			  const struct tipc_event *evt)
{
	struct tipc_topsrv *srv = tipc_net(net)->topsrv;
	u32 own = tipc_own_addr(net);
	struct sk_buff *skb;

	if (!srv || READ_ONCE(srv->stopping))
		return;
	skb = tipc_msg_new(TIPC_TOPSRV_EVT, 0, INT_H_SIZE, own, own);
	if (!skb)
		return;
	skb_put_data(skb, evt, sizeof(*evt));
	msg_set_size(buf_msg(skb), INT_H_SIZE + sizeof(*evt));
	msg_set_destport(buf_msg(skb), port);
	msg_set_dest_droppable(buf_msg(skb), 1);
	skb_queue_tail(&srv->kevents, skb);
	queue_work(srv->wq, &srv->kevent_work);
}

static void tipc_topsrv_kevent_work(struct work_struct *work)
{
	struct tipc_topsrv *srv = container_of(work, struct tipc_topsrv,
					       kevent_work);
	struct sk_buff_head list;

	__skb_queue_head_init(&list);
	spin_lock_bh(&srv->kevents.lock);
	skb_queue_splice_tail_init(&srv->kevents, &list);
	spin_unlock_bh(&srv->kevents.lock);
	tipc_sk_rcv(srv->net, &list);
}

/* The socket callbacks: find the connection, if it is still open. */
static struct tipc_topconn *tipc_topconn_of(struct sock *sk)
{
	return sk->sk_user_data;
}

static void tipc_topconn_data_ready(struct sock *sk)
{
	struct tipc_topconn *con;

	read_lock_bh(&sk->sk_callback_lock);
	con = tipc_topconn_of(sk);
	if (con)
		tipc_topconn_queue(con, &con->rx_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void tipc_topconn_write_space(struct sock *sk)
{
	struct tipc_topconn *con;

	read_lock_bh(&sk->sk_callback_lock);
	con = tipc_topconn_of(sk);
	if (con)
		tipc_topconn_queue(con, &con->tx_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

/* Give back the module references a kernel socket holds on us. */
static void tipc_kernel_sock_unpin(struct socket *sock)
{
	module_put(sock->ops->owner);
	module_put(sock->sk->sk_prot_creator->owner);
}

static void tipc_kernel_sock_release(struct socket *sock)
{
	__module_get(sock->ops->owner);
	__module_get(sock->sk->sk_prot_creator->owner);
	sock_release(sock);
}

/*
 * Stop @con's inputs: its socket callbacks, and its subscriptions, whose
 * timers are stopped. After this no new work is queued for it.
 */
static void tipc_topconn_detach(struct tipc_topconn *con)
{
	struct tipc_sub *sub, *tmp;
	LIST_HEAD(subs);

	write_lock_bh(&con->sock->sk->sk_callback_lock);
	con->sock->sk->sk_user_data = NULL;
	write_unlock_bh(&con->sock->sk->sk_callback_lock);
	spin_lock_bh(&con->lock);
	list_splice_init(&con->subs, &subs);
	spin_unlock_bh(&con->lock);
	list_for_each_entry_safe(sub, tmp, &subs, conn_node)
		tipc_sub_delete(sub);
}

/* Drop unsent events, release the socket and the list's reference. */
static void tipc_topconn_release(struct tipc_topconn *con)
{
	struct tipc_topevt *e, *tmp;
	struct socket *sock = con->sock;

	spin_lock_bh(&con->srv->lock);
	list_del(&con->node);
	spin_unlock_bh(&con->srv->lock);
	spin_lock_bh(&con->lock);
	list_for_each_entry_safe(e, tmp, &con->events, node)
		kfree(e);
	INIT_LIST_HEAD(&con->events);
	spin_unlock_bh(&con->lock);
	con->sock = NULL;
	tipc_kernel_sock_release(sock);
	tipc_topconn_put(con);
}

/*
 * Close @con from its own work; work queued meanwhile finds no socket.
 * Once the server is stopping, tipc_topsrv_stop() closes everything.
 */
static void tipc_topconn_close(struct tipc_topconn *con)
{
	if (READ_ONCE(con->srv->stopping))
		return;
	tipc_topconn_detach(con);
	tipc_topconn_release(con);
}

/* A cancel removes the matching subscription, if there is one. */
static void tipc_topconn_cancel(struct tipc_topconn *con,
				const struct tipc_subscr *req)
{
	struct tipc_sub *sub, *found = NULL;

	spin_lock_bh(&con->lock);
	list_for_each_entry(sub, &con->subs, conn_node) {
		if (tipc_sub_matches(sub, req)) {
			found = sub;
			list_del(&sub->conn_node);
			break;
		}
	}
	spin_unlock_bh(&con->lock);
	if (found)
		tipc_sub_delete(found);
}

static int tipc_topconn_request(struct tipc_topconn *con,
				const struct tipc_subscr *req)
{
	struct tipc_sub *sub;

	if (tipc_sub_is_cancel(req)) {
		tipc_topconn_cancel(con, req);
		return 0;
	}
	sub = tipc_sub_create(con->srv->net, con, req);
	if (IS_ERR(sub))
		return PTR_ERR(sub);
	spin_lock_bh(&con->lock);
	list_add_tail(&sub->conn_node, &con->subs);
	spin_unlock_bh(&con->lock);
	return 0;
}

static void tipc_topconn_rx_work(struct work_struct *work)
{
	struct tipc_topconn *con = container_of(work, struct tipc_topconn,
						rx_work);
	struct tipc_subscr req;
	struct kvec iov = { &req, sizeof(req) };
	struct msghdr m = { .msg_flags = MSG_DONTWAIT };
	int ret;

	while (con->sock) {
		ret = kernel_recvmsg(con->sock, &m, &iov, 1, sizeof(req),
				     MSG_DONTWAIT);
		if (ret == -EAGAIN)
			break;
		if (ret != sizeof(req) || tipc_topconn_request(con, &req)) {
			tipc_topconn_close(con);
			break;
		}
		cond_resched();
	}
	tipc_topconn_put(con);
}

static void tipc_topconn_tx_work(struct work_struct *work)
{
	struct tipc_topconn *con = container_of(work, struct tipc_topconn,
						tx_work);
	struct msghdr m = { .msg_flags = MSG_DONTWAIT };
	struct tipc_topevt *e;
	struct kvec iov;
	int ret;

	while (con->sock) {
		spin_lock_bh(&con->lock);
		e = list_first_entry_or_null(&con->events, struct tipc_topevt,
					     node);
		if (e)
			list_del(&e->node);
		spin_unlock_bh(&con->lock);
		if (!e)
			break;
		iov = (struct kvec){ &e->evt, sizeof(e->evt) };
		ret = kernel_sendmsg(con->sock, &m, &iov, 1, sizeof(e->evt));
		if (ret == -EAGAIN) {
			/* Congested: write_space brings us back */
			spin_lock_bh(&con->lock);
			list_add(&e->node, &con->events);
			spin_unlock_bh(&con->lock);
			break;
		}
		kfree(e);
		if (ret < 0) {
			tipc_topconn_close(con);
			break;
		}
	}
	tipc_topconn_put(con);
}

static void tipc_topsrv_adopt(struct tipc_topsrv *srv, struct socket *sock)
{
	struct tipc_topconn *con = kzalloc(sizeof(*con), GFP_KERNEL);
	struct sock *sk = sock->sk;

	tipc_kernel_sock_unpin(sock);
	if (!con) {
		tipc_kernel_sock_release(sock);
		return;
	}
	kref_init(&con->ref);	/* the server list's reference */
	con->srv = srv;
	con->sock = sock;
	spin_lock_init(&con->lock);
	INIT_LIST_HEAD(&con->events);
	INIT_LIST_HEAD(&con->subs);
	INIT_WORK(&con->rx_work, tipc_topconn_rx_work);
	INIT_WORK(&con->tx_work, tipc_topconn_tx_work);
	spin_lock_bh(&srv->lock);
	list_add_tail(&con->node, &srv->conns);
	spin_unlock_bh(&srv->lock);
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = con;
	sk->sk_data_ready = tipc_topconn_data_ready;
	sk->sk_write_space = tipc_topconn_write_space;
	write_unlock_bh(&sk->sk_callback_lock);
	/* Requests may have arrived before the callbacks were ours */
	tipc_topconn_queue(con, &con->rx_work);
}

static void tipc_topsrv_accept_work(struct work_struct *work)
{
	struct tipc_topsrv *srv = container_of(work, struct tipc_topsrv,
					       accept_work);
	struct socket *sock;

	while (!READ_ONCE(srv->stopping)) {
		if (kernel_accept(srv->listener, &sock, O_NONBLOCK))
			break;
		tipc_topsrv_adopt(srv, sock);
	}
}

static void tipc_topsrv_listener_ready(struct sock *sk)
{
	struct tipc_topsrv *srv;

	read_lock_bh(&sk->sk_callback_lock);
	srv = sk->sk_user_data;
	if (srv && !READ_ONCE(srv->stopping))
		queue_work(srv->wq, &srv->accept_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static int tipc_topsrv_listen(struct tipc_topsrv *srv)
{
	struct sockaddr_tipc a = {
		.family = AF_TIPC,
		.addrtype = TIPC_SERVICE_RANGE,
		.scope = TIPC_NODE_SCOPE,
		.addr.nameseq = { TIPC_TOP_SRV, TIPC_TOP_SRV, TIPC_TOP_SRV },
	};
	int imp = TIPC_CRITICAL_IMPORTANCE;
	struct socket *sock;
	int err;

	err = sock_create_kern(srv->net, AF_TIPC, SOCK_SEQPACKET, 0, &sock);
	if (err)
		return err;
	err = sock->ops->setsockopt(sock, SOL_TIPC, TIPC_IMPORTANCE,
				    KERNEL_SOCKPTR(&imp), sizeof(imp)) ?:
	      kernel_bind(sock, (struct sockaddr *)&a, sizeof(a)) ?:
	      kernel_listen(sock, 0);
	if (err) {
		sock_release(sock);
		return err;
	}
	write_lock_bh(&sock->sk->sk_callback_lock);
	sock->sk->sk_user_data = srv;
	sock->sk->sk_data_ready = tipc_topsrv_listener_ready;
	write_unlock_bh(&sock->sk->sk_callback_lock);
	tipc_kernel_sock_unpin(sock);
	srv->listener = sock;
	return 0;
}

int tipc_topsrv_start(struct net *net)
{
	struct tipc_topsrv *srv;
	int err = -ENOMEM;

	srv = kzalloc(sizeof(*srv), GFP_KERNEL);
	if (!srv)
		return err;
	srv->net = net;
	spin_lock_init(&srv->lock);
	INIT_LIST_HEAD(&srv->conns);
	INIT_WORK(&srv->accept_work, tipc_topsrv_accept_work);
	skb_queue_head_init(&srv->kevents);
	INIT_WORK(&srv->kevent_work, tipc_topsrv_kevent_work);
	srv->wq = alloc_ordered_workqueue("tipc_topsrv", 0);
	if (!srv->wq)
		goto err_free;
	err = tipc_topsrv_listen(srv);
	if (err)
		goto err_wq;
	tipc_net(net)->topsrv = srv;
	return 0;

err_wq:
	destroy_workqueue(srv->wq);
err_free:
	kfree(srv);
	return err;
}

/*
 * The namespace is going away. First every input stops (listener,
 * connections' callbacks, subscriptions), then the queued work is
 * drained, then the connections are released: no work runs meanwhile.
 */
void tipc_topsrv_stop(struct net *net)
{
	struct tipc_topsrv *srv = tipc_net(net)->topsrv;
	struct tipc_topconn *con, *tmp;
	struct sock *sk;

	if (!srv)
		return;
	WRITE_ONCE(srv->stopping, true);
	sk = srv->listener->sk;
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	write_unlock_bh(&sk->sk_callback_lock);
	flush_workqueue(srv->wq);
	/* Only this function changes the list now */
	list_for_each_entry(con, &srv->conns, node)
		tipc_topconn_detach(con);
	flush_workqueue(srv->wq);
	list_for_each_entry_safe(con, tmp, &srv->conns, node)
		tipc_topconn_release(con);
	tipc_kernel_sock_release(srv->listener);
	destroy_workqueue(srv->wq);
	skb_queue_purge(&srv->kevents);
	tipc_net(net)->topsrv = NULL;
	kfree(srv);
}
