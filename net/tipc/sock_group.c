// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: the socket side of communication groups.
 *
 * An RDM or DGRAM socket joins a group with TIPC_GROUP_JOIN: it binds
 * {type, instance} in the group's scope and learns of the other members
 * (group.c). From then on, what it sends goes to members only:
 *
 *   no address         broadcast to every member
 *   TIPC_SERVICE_ADDR  anycast: one member bound to that instance,
 *                      round-robin, preferring one with window left
 *   TIPC_SOCKET_ADDR   unicast to that member
 *   TIPC_SERVICE_RANGE multicast to the members bound to its lower
 *                      instance (a unicast when there is only one)
 *
 * The service type of an address is ignored: it is the group's. A send
 * waits while a destination has no window for it (or returns EAGAIN).
 * The reader gets each member's messages in the order sent and, with
 * TIPC_GROUP_MEMBER_EVTS, an empty MSG_OOB message when a member joins,
 * with MSG_EOR as well when it leaves; the source address is then
 * followed by the member's service address.
 *
 * Everything here runs with the socket lock owned, except
 * tipc_group_sk_filter(), which runs where delivery does (socket.c).
 */
#include <linux/sched/signal.h>
#include <linux/tipc.h>
#include <net/sock.h>

#include "addr.h"
#include "core.h"
#include "group.h"
#include "msg.h"
#include "name_table.h"
#include "sock.h"
#include "socket.h"

/* A destination member, looked up again after every wait */
struct tipc_group_dst {
	u32 node;
	u32 port;
	u16 blks;
	struct tipc_member *m;
};

static void tipc_group_add_binding(const struct tipc_binding *b, void *grp)
{
	tipc_group_add(grp, b->node, b->port, b->lower);
}

int tipc_sk_join(struct tipc_sock *tsk, const struct tipc_group_req *req)
{
	struct tipc_service_range sr = { req->type, req->instance,
					 req->instance };
	struct net *net = sock_net(&tsk->sk);
	struct tipc_group_req r = *req;
	struct sk_buff_head xmitq;
	struct tipc_group *grp;
	int err;

	if (r.type < TIPC_RESERVED_TYPES)
		return -EACCES;
	if (r.scope > TIPC_NODE_SCOPE)
		return -EINVAL;
	if (r.scope != TIPC_NODE_SCOPE)
		r.scope = TIPC_CLUSTER_SCOPE;
	if (tsk->group)
		return -EACCES;
	if (!tipc_sk_connectionless(&tsk->sk))
		return -EOPNOTSUPP;
	grp = tipc_group_create(net, tsk->port, &r, &tsk->group_open);
	if (IS_ERR(grp))
		return PTR_ERR(grp);
	tipc_nametbl_visit(net, r.type, 0, ~0U, r.scope,
			   tipc_group_add_binding, grp);
	err = tipc_sk_bind_range(tsk, &sr, r.scope);
	__skb_queue_head_init(&xmitq);
	if (err) {
		tipc_group_delete(grp, &xmitq);
		__skb_queue_purge(&xmitq);
		WRITE_ONCE(tsk->group_open, true);
		return err;
	}
	tsk->group = grp;
	msg_set_lookup_scope(&tsk->hdr, r.scope);
	msg_set_nametype(&tsk->hdr, r.type);
	msg_set_dest_droppable(&tsk->hdr, 1);
	tipc_group_start(grp, &xmitq);
	WRITE_ONCE(tsk->sk.sk_rcvbuf, tipc_group_rcvbuf(grp));
	tipc_sk_send_list(net, &xmitq);
	return 0;
}

int tipc_sk_leave(struct tipc_sock *tsk)
{
	struct tipc_group *grp = tsk->group;
	struct tipc_service_range sr;
	struct sk_buff_head xmitq;
	u32 scope;

	if (!grp)
		return -EINVAL;
	sr.type = tipc_group_type(grp);
	sr.lower = tipc_group_instance(grp);
	sr.upper = sr.lower;
	scope = tipc_group_scope(grp);
	__skb_queue_head_init(&xmitq);
	tipc_group_delete(grp, &xmitq);
	tsk->group = NULL;
	WRITE_ONCE(tsk->group_open, true);
	/* LEAVE ahead of the withdrawal, as stock: a peer may wait for it */
	tipc_sk_send_list(sock_net(&tsk->sk), &xmitq);
	tipc_sk_unbind_range(tsk, &sr, scope);
	return 0;
}

/*
 * Wait until no link congestion holds us back and @ready() is true,
 * which it is also when the group is gone.
 * @ready() closes the group (group_open) whenever it answers false, and
 * whatever reopens it wakes us.
 */
static int tipc_group_wait(struct tipc_sock *tsk, long *timeo,
			   bool (*ready)(struct tipc_sock *, void *), void *arg)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = &tsk->sk;
	int err = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	while (tipc_sk_link_congested(tsk) || !ready(tsk, arg)) {
		err = sock_error(sk);
		if (err)
			break;
		if (sk->sk_shutdown & SEND_SHUTDOWN) {
			err = -EPIPE;
			break;
		}
		if (!*timeo) {
			err = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(*timeo);
			break;
		}
		sk_wait_event(sk, timeo, READ_ONCE(tsk->group_open) &&
			      !tipc_sk_link_congested(tsk), &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return err;
}

/* Is there window toward @arg's member, if it is one? */
static bool tipc_group_uc_ready(struct tipc_sock *tsk, void *arg)
{
	struct tipc_group_dst *d = arg;
	struct sk_buff_head xmitq;
	bool cong;

	d->m = NULL;
	if (!tsk->group)
		return true;
	d->m = tipc_group_dest(tsk->group, d->node, d->port);
	if (!d->m)
		return true;
	__skb_queue_head_init(&xmitq);
	cong = tipc_group_congested(tsk->group, d->m, d->blks, &xmitq);
	tipc_sk_send_list(sock_net(&tsk->sk), &xmitq);
	return !cong;
}

static bool tipc_group_bc_ready(struct tipc_sock *tsk, void *arg)
{
	struct sk_buff_head xmitq;
	bool cong;

	if (!tsk->group)
		return true;
	__skb_queue_head_init(&xmitq);
	cong = tipc_group_bc_congested(tsk->group, *(u16 *)arg, &xmitq);
	tipc_sk_send_list(sock_net(&tsk->sk), &xmitq);
	return !cong;
}

/* The header of a group message of @mtyp, from the socket's template. */
static void tipc_group_hdr(struct tipc_sock *tsk, struct tipc_msg *hdr,
			   int mtyp, u32 dnode, u32 dport, u32 inst)
{
	u32 own = tipc_own_addr(sock_net(&tsk->sk));

	*hdr = tsk->hdr;
	msg_set_type(hdr, mtyp);
	msg_set_hdr_sz(hdr, GROUP_H_SIZE);
	msg_set_prevnode(hdr, own);
	msg_set_orignode(hdr, own);
	msg_set_destnode(hdr, dnode);
	msg_set_destport(hdr, dport);
	msg_set_nameinst(hdr, inst);
	msg_set_nameupper(hdr, 0);
	msg_set_grp_bc_seqno(hdr, tipc_group_bc_snd_nxt(tsk->group));
}

/* Send to the member found in @d, which has window for it. */
static int tipc_group_send_one(struct tipc_sock *tsk, struct msghdr *m,
			       size_t dlen, struct tipc_group_dst *d)
{
	struct net *net = sock_net(&tsk->sk);
	struct sk_buff_head pkts;
	struct tipc_msg hdr;
	int err;

	tipc_group_hdr(tsk, &hdr, TIPC_GRP_UCAST_MSG, d->node, d->port, 0);
	__skb_queue_head_init(&pkts);
	err = tipc_msg_build(&hdr, m, dlen, &pkts);
	if (err < 0)
		return err;
	tipc_group_sent(tsk->group, d->m, d->blks);
	err = tipc_sk_xmit(net, &pkts, d->node);
	return err ? err : dlen;
}

static int tipc_group_unicast(struct tipc_sock *tsk, struct msghdr *m,
			      size_t dlen, long *timeo, u32 node, u32 port)
{
	struct tipc_group_dst d = { node, port,
				    tipc_msg_blocks(GROUP_H_SIZE + dlen) };
	int err;

	if (!node && !port)
		return -EHOSTUNREACH;
	err = tipc_group_wait(tsk, timeo, tipc_group_uc_ready, &d);
	if (err)
		return err;
	if (!d.m)
		return -EHOSTUNREACH;
	return tipc_group_send_one(tsk, m, dlen, &d);
}

/* The next member bound to @inst, round-robin; false if there is none. */
static bool tipc_group_pick(struct tipc_sock *tsk, u32 inst,
			    struct tipc_group_dst *d)
{
	struct tipc_group *grp = tsk->group;
	struct tipc_dest dest;

	if (!tipc_nametbl_lookup_scoped(sock_net(&tsk->sk),
					tipc_group_type(grp), inst,
					tipc_group_scope(grp),
					tipc_group_exclude(grp), &dest))
		return false;
	d->node = dest.node;
	d->port = dest.port;
	d->m = tipc_group_dest(grp, dest.node, dest.port);
	return true;
}

/*
 * Anycast: the next member bound to @inst that has window; if none has,
 * wait for the first one tried. A member that has not finished joining
 * yet makes us look again, at most three times.
 */
static int tipc_group_anycast(struct tipc_sock *tsk, struct msghdr *m,
			      size_t dlen, long *timeo, u32 inst)
{
	struct tipc_group_dst d = { .blks = tipc_msg_blocks(GROUP_H_SIZE +
							    dlen) };
	struct tipc_member *first;
	struct sk_buff_head xmitq;
	int tries, err;
	bool cong;

	__skb_queue_head_init(&xmitq);
	for (tries = 0; tries < 3; tries++) {
		first = NULL;
		for (;;) {
			if (!tipc_group_pick(tsk, inst, &d))
				return -EHOSTUNREACH;
			cong = d.m && tipc_group_congested(tsk->group, d.m,
							   d.blks, &xmitq);
			if (!cong || d.m == first)
				break;
			if (!first)
				first = d.m;
		}
		tipc_sk_send_list(sock_net(&tsk->sk), &xmitq);
		if (!d.m)
			continue;
		if (cong) {
			err = tipc_group_wait(tsk, timeo, tipc_group_uc_ready,
					      &d);
			if (err)
				return err;
		}
		if (d.m)
			return tipc_group_send_one(tsk, m, dlen, &d);
		if (!tsk->group)
			break;
	}
	return -EHOSTUNREACH;
}

/*
 * Broadcast, or multicast to the members bound to @inst if @mcast: one
 * copy to each node with a member that receives it (stock's way); there
 * every member gets it, and one not bound to @inst only counts it.
 */
static int tipc_group_bcast(struct tipc_sock *tsk, struct msghdr *m,
			    size_t dlen, long *timeo, bool mcast, u32 inst)
{
	u16 blks = tipc_msg_blocks(GROUP_H_SIZE + dlen);
	struct net *net = sock_net(&tsk->sk);
	struct sk_buff_head pkts;
	struct tipc_group *grp;
	struct tipc_msg hdr;
	bool ack, local;
	u32 *nodes;
	int err, n;

	err = tipc_group_wait(tsk, timeo, tipc_group_bc_ready, &blks);
	if (err)
		return err;
	grp = tsk->group;
	if (!grp || tipc_group_empty(grp))
		return -EHOSTUNREACH;
	ack = tipc_group_bc_wants_ack(grp);
	tipc_group_hdr(tsk, &hdr, mcast ? TIPC_GRP_MCAST_MSG :
			TIPC_GRP_BCAST_MSG, 0, 0, mcast ? inst : 0);
	msg_set_grp_bc_ack_req(&hdr, ack);
	n = tipc_group_bc_nodes(grp, tipc_own_addr(net), &nodes, &local);
	if (n < 0)
		return n;
	/* with no member in service yet, it counts as sent to nobody */
	if (n || local) {
		__skb_queue_head_init(&pkts);
		err = tipc_msg_build(&hdr, m, dlen, &pkts);
		if (err < 0)
			goto out;
		err = tipc_sk_group_mcast(tsk, __skb_dequeue(&pkts), nodes, n,
					  local, ack);
		if (err < 0)
			goto out;
	}
	tipc_group_bc_sent(grp, blks, ack);
	err = dlen;
out:
	kfree(nodes);
	return err;
}

struct tipc_group_count {
	struct net *net;
	u32 exclude;
	u32 n;
	u32 node;
	u32 port;
};

static void tipc_group_count_binding(const struct tipc_binding *b, void *arg)
{
	struct tipc_group_count *c = arg;

	if (b->port == c->exclude && tipc_addr_is_local(c->net, b->node))
		return;
	if (!c->n++) {
		c->node = b->node;
		c->port = b->port;
	}
}

static int tipc_group_mcast(struct tipc_sock *tsk, struct msghdr *m,
			    size_t dlen, long *timeo, u32 inst)
{
	struct tipc_group *grp = tsk->group;
	struct tipc_group_count c = { .net = sock_net(&tsk->sk),
				      .exclude = tipc_group_exclude(grp) };

	tipc_nametbl_visit(c.net, tipc_group_type(grp), inst, inst,
			   tipc_group_scope(grp), tipc_group_count_binding, &c);
	if (!c.n)
		return -EHOSTUNREACH;
	if (c.n == 1)
		return tipc_group_unicast(tsk, m, dlen, timeo, c.node, c.port);
	return tipc_group_bcast(tsk, m, dlen, timeo, true, inst);
}

/* sendmsg() of a group member; @m's address is valid or absent. */
int tipc_group_sendmsg(struct tipc_sock *tsk, struct msghdr *m, size_t dlen)
{
	struct sockaddr_tipc *dst = m->msg_name;
	long timeo = sock_sndtimeo(&tsk->sk, m->msg_flags & MSG_DONTWAIT);

	if (!dst)
		return tipc_group_bcast(tsk, m, dlen, &timeo, false, 0);
	switch (dst->addrtype) {
	case TIPC_SERVICE_ADDR:
		return tipc_group_anycast(tsk, m, dlen, &timeo,
					  dst->addr.name.name.instance);
	case TIPC_SOCKET_ADDR:
		return tipc_group_unicast(tsk, m, dlen, &timeo,
					  dst->addr.id.node, dst->addr.id.ref);
	case TIPC_SERVICE_RANGE:
		return tipc_group_mcast(tsk, m, dlen, &timeo,
					dst->addr.nameseq.lower);
	}
	return -EINVAL;
}

/*
 * Delivery to a group member (socket locked as in tipc_sk_filter()):
 * protocol messages and topology events update the group, data and
 * member events go to the reader in the order the group allows.
 */
void tipc_group_sk_filter(struct tipc_sock *tsk, struct sk_buff *skb,
			  struct sk_buff_head *xmitq)
{
	struct tipc_group *grp = tsk->group;
	struct sk_buff_head inputq, readq;
	struct sock *sk = &tsk->sk;
	bool ctl, wakeup = false;

	__skb_queue_head_init(&inputq);
	__skb_queue_head_init(&readq);
	ctl = !msg_isdata(buf_msg(skb));
	if (ctl)
		tipc_group_ctl_rcv(grp, skb, &inputq, xmitq, &wakeup);
	else
		__skb_queue_tail(&inputq, skb);
	while ((skb = __skb_dequeue(&inputq)))
		tipc_group_filter(grp, skb, &readq, xmitq);
	if (ctl)
		WRITE_ONCE(sk->sk_rcvbuf, tipc_group_rcvbuf(grp));
	while ((skb = __skb_dequeue(&readq)))
		tipc_sk_queue(sk, skb, READ_ONCE(sk->sk_rcvbuf), xmitq);
	if (wakeup)
		sk->sk_write_space(sk);
}

/*
 * What recvmsg() returns for @skb, given @ret from copying its data: a
 * member event reads as an empty out-of-band message, an end of record
 * as well when the member left.
 */
int tipc_group_sk_result(struct msghdr *m, struct sk_buff *skb, int ret)
{
	struct tipc_msg *hdr = buf_msg(skb);

	if (ret < 0 || !msg_is_grp_evt(hdr))
		return ret;
	m->msg_flags |= MSG_OOB;
	if (msg_grp_evt(hdr) == TIPC_WITHDRAWN)
		m->msg_flags |= MSG_EOR;
	return 0;
}

/* The reader is done with @skb: group data frees window for its sender. */
void tipc_group_sk_consumed(struct tipc_sock *tsk, struct sk_buff *skb)
{
	struct tipc_msg *hdr = buf_msg(skb);
	struct sk_buff_head xmitq;

	if (!tsk->group || !msg_in_group(hdr) || msg_is_grp_evt(hdr))
		return;
	__skb_queue_head_init(&xmitq);
	tipc_group_consumed(tsk->group, msg_orignode(hdr), msg_origport(hdr),
			    tipc_msg_blocks(msg_size(hdr)), &xmitq);
	tipc_sk_send_list(sock_net(&tsk->sk), &xmitq);
}

/* A group message's source is followed by the member's service address. */
void tipc_group_sk_srcname(struct msghdr *m, struct sk_buff *skb)
{
	DECLARE_SOCKADDR(struct sockaddr_tipc *, src, m->msg_name);
	struct tipc_msg *hdr = buf_msg(skb);

	if (!src || !msg_in_group(hdr))
		return;
	memset(&src[1], 0, sizeof(src[1]));
	src[1].family = AF_TIPC;
	src[1].addrtype = TIPC_SERVICE_ADDR;
	src[1].addr.name.name.type = msg_nametype(hdr);
	src[1].addr.name.name.instance = TIPC_SKB_CB(skb)->member;
	m->msg_namelen = 2 * sizeof(*src);
}
