// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: netlink views of sockets, for "tipc socket list": every
 * socket of the namespace (TIPC_NL_SOCK_GET) and the bindings of one
 * (TIPC_NL_PUBL_GET). The socket walk and the attributes that say who a
 * socket is are shared with sock_diag (diag.c).
 *
 * A socket walk keeps an rhashtable iterator between dump calls. Each
 * socket found is held, the walk paused (leaving RCU), and the socket
 * locked while it is described, so that what is said about it is one
 * consistent state.
 */
#include <linux/rhashtable.h>
#include <linux/tipc_netlink.h>
#include <net/genetlink.h>

#include "addr.h"
#include "core.h"
#include "name_table.h"
#include "netlink.h"
#include "sock.h"

static int tipc_nl_put_conn(struct sk_buff *skb, const struct tipc_sock *tsk)
{
	struct nlattr *nest = nla_nest_start_noflag(skb, TIPC_NLA_SOCK_CON);

	if (!nest ||
	    nla_put_u32(skb, TIPC_NLA_CON_NODE, tipc_sk_peer_node(tsk)) ||
	    nla_put_u32(skb, TIPC_NLA_CON_SOCK, tipc_sk_peer_port(tsk)))
		return -EMSGSIZE;
	if (tsk->conn_named &&
	    (nla_put_flag(skb, TIPC_NLA_CON_FLAG) ||
	     nla_put_u32(skb, TIPC_NLA_CON_TYPE, tsk->conn_type) ||
	     nla_put_u32(skb, TIPC_NLA_CON_INST, tsk->conn_inst)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Who @tsk is: its port and node, then its peer if connected, else
 * whether it has bindings. The caller holds the socket lock.
 */
int tipc_nl_put_sock_info(struct sk_buff *skb, const struct tipc_sock *tsk)
{
	const struct sock *sk = &tsk->sk;

	if (nla_put_u32(skb, TIPC_NLA_SOCK_REF, tsk->port) ||
	    nla_put_u32(skb, TIPC_NLA_SOCK_ADDR, tipc_own_addr(sock_net(sk))))
		return -EMSGSIZE;
	if (tipc_sk_connected(sk))
		return tipc_nl_put_conn(skb, tsk);
	if (!list_empty(&tsk->bindings))
		return nla_put_flag(skb, TIPC_NLA_SOCK_HAS_PUBL);
	return 0;
}

static int tipc_nl_put_sock(struct sk_buff *skb, struct netlink_callback *cb,
			    struct tipc_sock *tsk)
{
	struct tipc_nl_dump d = { .skb = skb, .cb = cb };
	struct nlattr *nest;
	void *hdr;

	hdr = tipc_nl_dump_start(&d, TIPC_NL_SOCK_GET, TIPC_NLA_SOCK, &nest);
	if (!hdr)
		return -EMSGSIZE;
	if (tipc_nl_put_sock_info(skb, tsk)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

/* Set up a socket walk of the requester's namespace in cb->args[0]. */
int tipc_nl_sock_start(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter;

	iter = kmalloc(sizeof(*iter), GFP_KERNEL);
	if (!iter)
		return -ENOMEM;
	rhashtable_walk_enter(&tipc_net(sock_net(cb->skb->sk))->ports, iter);
	cb->args[0] = (long)iter;
	return 0;
}

int tipc_nl_sock_done(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];

	if (iter) {
		rhashtable_walk_exit(iter);
		kfree(iter);
	}
	return 0;
}

/* Call @fill on @tsk, held and locked, outside of the walk's RCU section. */
static int tipc_nl_sock_visit(struct rhashtable_iter *iter,
			      struct tipc_sock *tsk, struct sk_buff *skb,
			      struct netlink_callback *cb,
			      int (*fill)(struct sk_buff *skb,
					  struct netlink_callback *cb,
					  struct tipc_sock *tsk))
	__releases(RCU) __acquires(RCU)
{
	struct sock *sk = &tsk->sk;
	int err;

	/* Being released: it has nothing more to say */
	if (!refcount_inc_not_zero(&sk->sk_refcnt))
		return 0;
	rhashtable_walk_stop(iter);
	lock_sock(sk);
	err = fill(skb, cb, tsk);
	release_sock(sk);
	sock_put(sk);
	rhashtable_walk_start(iter);
	return err;
}

/*
 * Describe every socket of the walk set up by tipc_nl_sock_start() with
 * @fill, which returns nonzero when @skb is full (that socket then comes
 * first in the next call) and may leave a socket out.
 */
int tipc_nl_sock_walk(struct sk_buff *skb, struct netlink_callback *cb,
		      int (*fill)(struct sk_buff *skb,
				  struct netlink_callback *cb,
				  struct tipc_sock *tsk))
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	struct tipc_sock *tsk;

	rhashtable_walk_start(iter);
	for (;;) {
		tsk = rhashtable_walk_peek(iter);
		if (IS_ERR(tsk) && PTR_ERR(tsk) == -EAGAIN)
			continue;	/* the table was resized: carry on */
		if (IS_ERR_OR_NULL(tsk) ||
		    tipc_nl_sock_visit(iter, tsk, skb, cb, fill))
			break;
		rhashtable_walk_next(iter);
	}
	rhashtable_walk_stop(iter);
	return skb->len;
}

/* One message per socket */
int tipc_nl_sock_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return tipc_nl_sock_walk(skb, cb, tipc_nl_put_sock);
}

static int tipc_nl_put_sock_binding(struct tipc_nl_dump *d,
				    const struct tipc_binding *b)
{
	const u32 attrs[][2] = {
		{ TIPC_NLA_PUBL_KEY, b->key },
		{ TIPC_NLA_PUBL_TYPE, b->type },
		{ TIPC_NLA_PUBL_LOWER, b->lower },
		{ TIPC_NLA_PUBL_UPPER, b->upper },
	};
	struct nlattr *nest;
	void *hdr;
	int i;

	hdr = tipc_nl_dump_start(d, TIPC_NL_PUBL_GET, TIPC_NLA_PUBL, &nest);
	if (!hdr)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		if (nla_put_u32(d->skb, attrs[i][0], attrs[i][1])) {
			genlmsg_cancel(d->skb, hdr);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(d->skb, nest);
	genlmsg_end(d->skb, hdr);
	return 0;
}

/* The port named by the request's TIPC_NLA_SOCK nest, or 0 */
static u32 tipc_nl_requested_port(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct nlattr *tb[TIPC_NLA_SOCK_MAX + 1];
	struct nlattr *sock = info->info.attrs[TIPC_NLA_SOCK];

	/* The family policy has validated the nest's content already */
	if (!sock || nla_parse_nested_deprecated(tb, TIPC_NLA_SOCK_MAX, sock,
						 NULL, cb->extack) ||
	    !tb[TIPC_NLA_SOCK_REF])
		return 0;
	return nla_get_u32(tb[TIPC_NLA_SOCK_REF]);
}

/* Bindings of one socket; cb->args[0] counts those already sent. */
int tipc_nl_publ_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct tipc_nl_dump d = { .skb = skb, .cb = cb };
	u32 port = tipc_nl_requested_port(cb);
	struct tipc_binding *b;
	struct tipc_sock *tsk;
	long i = 0;

	if (!port) {
		NL_SET_ERR_MSG(cb->extack, "socket reference missing");
		return -EINVAL;
	}
	tsk = tipc_sk_get_port(sock_net(skb->sk), port);
	if (!tsk) {
		NL_SET_ERR_MSG(cb->extack, "no socket with that reference");
		return -EINVAL;
	}
	lock_sock(&tsk->sk);
	list_for_each_entry(b, &tsk->bindings, owner) {
		if (i++ < cb->args[0])
			continue;
		if (tipc_nl_put_sock_binding(&d, b))
			break;
		cb->args[0]++;
	}
	release_sock(&tsk->sk);
	sock_put(&tsk->sk);
	return skb->len;
}
