// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: sock_diag for AF_TIPC, as "ss --tipc" asks for it.
 *
 * A request is struct tipc_sock_diag_req, always a dump: one
 * SOCK_DIAG_BY_FAMILY message per socket of the requester's namespace
 * whose state is in the request's bit mask, with no fixed header, only a
 * TIPC_NLA_SOCK nest. That nest starts like the one "tipc socket list"
 * gets (sock_nl.c), and adds the type, state, inode, owner, cookie,
 * queue statistics and, for a group member, its group. The walk holds and locks each socket it describes.
 *
 * The stock kernel has this in a module of its own (tipc_diag); here it
 * is part of tipc.ko, which therefore also answers to that module's
 * alias, so that sock_diag can load it on demand.
 */
#include <linux/module.h>
#include <linux/sock_diag.h>
#include <linux/tipc_netlink.h>
#include <linux/tipc_sockets_diag.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "group.h"
#include "netlink.h"
#include "sock.h"

/* Queue lengths, drops, and whether the peer holds us back */
static int tipc_diag_put_stat(struct sk_buff *skb, struct tipc_sock *tsk)
{
	u32 rcvq = skb_queue_len(&tsk->sk.sk_receive_queue);
	u32 sndq = skb_queue_len(&tsk->sk.sk_write_queue);
	u32 drops = atomic_read(&tsk->sk.sk_drops);
	struct nlattr *nest;

	nest = nla_nest_start_noflag(skb, TIPC_NLA_SOCK_STAT);
	if (!nest || nla_put_u32(skb, TIPC_NLA_SOCK_STAT_RCVQ, rcvq) ||
	    nla_put_u32(skb, TIPC_NLA_SOCK_STAT_SENDQ, sndq) ||
	    nla_put_u32(skb, TIPC_NLA_SOCK_STAT_DROP, drops))
		return -EMSGSIZE;
	if (tipc_sk_link_congested(tsk) &&
	    nla_put_flag(skb, TIPC_NLA_SOCK_STAT_LINK_CONG))
		return -EMSGSIZE;
	if (tsk->snt_unacked > tsk->snd_win &&
	    nla_put_flag(skb, TIPC_NLA_SOCK_STAT_CONN_CONG))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The socket's cookie, as SO_COOKIE gives it */
static u64 tipc_diag_cookie(struct sock *sk)
{
	u32 half[2];

	sock_diag_save_cookie(sk, half);
	return (u64)half[1] << 32 | half[0];
}

static int tipc_diag_put_sock(struct sk_buff *skb, struct netlink_callback *cb,
			      struct tipc_sock *tsk)
{
	struct user_namespace *ns = sk_user_ns(NETLINK_CB(cb->skb).sk);
	struct sock *sk = &tsk->sk;
	struct nlattr *nest;

	nest = nla_nest_start_noflag(skb, TIPC_NLA_SOCK);
	if (!nest ||
	    tipc_nl_put_sock_info(skb, tsk) ||
	    nla_put_u32(skb, TIPC_NLA_SOCK_TYPE, sk->sk_type) ||
	    nla_put_u32(skb, TIPC_NLA_SOCK_TIPC_STATE, sk->sk_state) ||
	    nla_put_u32(skb, TIPC_NLA_SOCK_INO, sock_i_ino(sk)) ||
	    nla_put_u32(skb, TIPC_NLA_SOCK_UID,
			from_kuid_munged(ns, sock_i_uid(sk))) ||
	    nla_put_u64_64bit(skb, TIPC_NLA_SOCK_COOKIE, tipc_diag_cookie(sk),
			      TIPC_NLA_SOCK_PAD) ||
	    tipc_diag_put_stat(skb, tsk) ||
	    (tsk->group && tipc_group_put_nl(tsk->group, skb)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* One message for @tsk if the request wants sockets in its state */
static int tipc_diag_fill(struct sk_buff *skb, struct netlink_callback *cb,
			  struct tipc_sock *tsk)
{
	const struct tipc_sock_diag_req *req = nlmsg_data(cb->nlh);
	struct nlmsghdr *nlh;

	if (!(req->tidiag_states & BIT(tsk->sk.sk_state)))
		return 0;
	nlh = nlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			SOCK_DIAG_BY_FAMILY, 0, NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	if (tipc_diag_put_sock(skb, cb, tsk)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

static int tipc_diag_dump_socks(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	return tipc_nl_sock_walk(skb, cb, tipc_diag_fill);
}

static int tipc_diag_dump(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	struct netlink_dump_control c = {
		.start = tipc_nl_sock_start,
		.dump = tipc_diag_dump_socks,
		.done = tipc_nl_sock_done,
	};

	if (nlmsg_len(nlh) < (int)sizeof(struct tipc_sock_diag_req))
		return -EINVAL;
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	return netlink_dump_start(sock_net(skb->sk)->diag_nlsk, skb, nlh, &c);
}

static const struct sock_diag_handler tipc_diag_handler = {
	.owner = THIS_MODULE,
	.family = AF_TIPC,
	.dump = tipc_diag_dump,
};

int tipc_diag_init(void)
{
	return sock_diag_register(&tipc_diag_handler);
}

void tipc_diag_exit(void)
{
	sock_diag_unregister(&tipc_diag_handler);
}

/* What sock_diag asks modprobe for: net-pf-16-proto-4-type-30 */
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_NETLINK, NETLINK_SOCK_DIAG, AF_TIPC);
