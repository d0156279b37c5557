// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: socket options and ioctls of AF_TIPC sockets.
 *
 * The SOL_TIPC options set fields of the socket's header template
 * (importance, droppable bits), its connection timeout, Nagle switch and
 * multicast method, or join and leave a group; all under the socket
 * lock. The two ioctls look up a peer's identity and a link's name.
 */
#include <linux/tipc.h>
#include <net/sock.h>

#include "addr.h"
#include "core.h"
#include "group.h"
#include "msg.h"
#include "node.h"
#include "sock.h"

static int tipc_ioctl_nodeid(struct net *net, void __user *argp)
{
	struct tipc_sioc_nodeid_req req;
	struct tipc_net *tn = tipc_net(net);

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	/* With no identity yet there is nothing to tell, and no error */
	if (tipc_has_identity(tn)) {
		if (req.peer == tipc_own_addr(net))
			memcpy(req.node_id, tn->node_id, TIPC_NODEID_LEN);
		else if (!tipc_node_get_id(net, req.peer, req.node_id))
			return -EADDRNOTAVAIL;
	}
	return copy_to_user(argp, &req, sizeof(req)) ? -EFAULT : 0;
}

/* The name of our link to a peer, on the bearer given (low 16 bits) */
static int tipc_ioctl_linkname(struct net *net, void __user *argp)
{
	struct tipc_sioc_ln_req req;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (tipc_node_link_name(net, req.bearer_id & 0xffff, req.peer,
				req.linkname, sizeof(req.linkname)))
		return -EADDRNOTAVAIL;
	return copy_to_user(argp, &req, sizeof(req)) ? -EFAULT : 0;
}

int tipc_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case SIOCGETNODEID:
		return tipc_ioctl_nodeid(sock_net(sock->sk), (void __user *)arg);
	case SIOCGETLINKNAME:
		return tipc_ioctl_linkname(sock_net(sock->sk),
					   (void __user *)arg);
	}
	return -ENOIOCTLCMD;
}

static int tipc_sk_set_opt(struct tipc_sock *tsk, int opt, u32 val)
{
	switch (opt) {
	case TIPC_IMPORTANCE:
		if (val > TIPC_CRITICAL_IMPORTANCE)
			return -EINVAL;
		msg_set_user(&tsk->hdr, val);
		return 0;
	case TIPC_SRC_DROPPABLE:
		if (tsk->sk.sk_type == SOCK_STREAM)
			return -ENOPROTOOPT;
		msg_set_src_droppable(&tsk->hdr, !!val);
		return 0;
	case TIPC_DEST_DROPPABLE:
		msg_set_dest_droppable(&tsk->hdr, !!val);
		return 0;
	case TIPC_CONN_TIMEOUT:
		tsk->conn_timeout = val;
		return 0;
	case TIPC_NODELAY:
		tsk->nodelay = !!val;
		return 0;
	case TIPC_MCAST_BROADCAST:
	case TIPC_MCAST_REPLICAST:
		tsk->mcast_rcast = opt == TIPC_MCAST_REPLICAST;
		tsk->mcast_forced = true;
		return 0;
	case TIPC_GROUP_LEAVE:
		return tipc_sk_leave(tsk);
	}
	return -EINVAL;
}

/* The options that take an int; the others take nothing but a group. */
static bool tipc_opt_takes_int(int opt)
{
	return opt == TIPC_IMPORTANCE || opt == TIPC_SRC_DROPPABLE ||
	       opt == TIPC_DEST_DROPPABLE || opt == TIPC_CONN_TIMEOUT ||
	       opt == TIPC_NODELAY;
}

int tipc_setsockopt(struct socket *sock, int level, int opt,
		    sockptr_t optval, unsigned int optlen)
{
	struct tipc_group_req req;
	struct sock *sk = sock->sk;
	u32 val = 0;
	int err;

	/* TCP options are accepted and ignored on streams, like stock */
	if (level == IPPROTO_TCP && sock->type == SOCK_STREAM)
		return 0;
	if (level != SOL_TIPC)
		return -ENOPROTOOPT;
	if (tipc_opt_takes_int(opt)) {
		if (optlen < sizeof(val))
			return -EINVAL;
		if (copy_from_sockptr(&val, optval, sizeof(val)))
			return -EFAULT;
	} else if (opt == TIPC_GROUP_JOIN) {
		if (optlen < sizeof(req))
			return -EINVAL;
		if (copy_from_sockptr(&req, optval, sizeof(req)))
			return -EFAULT;
	} else if (!sockptr_is_null(optval) || optlen) {
		return -EINVAL;
	}
	lock_sock(sk);
	if (opt == TIPC_GROUP_JOIN)
		err = tipc_sk_join(tipc_sk(sk), &req);
	else
		err = tipc_sk_set_opt(tipc_sk(sk), opt, val);
	release_sock(sk);
	return err;
}

static int tipc_sk_get_int(struct tipc_sock *tsk, int opt, u32 *val)
{
	struct sock *sk = &tsk->sk;

	switch (opt) {
	case TIPC_IMPORTANCE:
		*val = msg_user(&tsk->hdr);
		return 0;
	case TIPC_SRC_DROPPABLE:
		*val = msg_src_droppable(&tsk->hdr);
		return 0;
	case TIPC_DEST_DROPPABLE:
		*val = msg_dest_droppable(&tsk->hdr);
		return 0;
	case TIPC_CONN_TIMEOUT:
		*val = tsk->conn_timeout;
		return 0;
	case TIPC_NODE_RECVQ_DEPTH:
		*val = 0;	/* obsolete */
		return 0;
	case TIPC_SOCK_RECVQ_DEPTH:
		*val = skb_queue_len(&sk->sk_receive_queue);
		return 0;
	case TIPC_SOCK_RECVQ_USED:
		*val = sk_rmem_alloc_get(sk);
		return 0;
	case TIPC_GROUP_JOIN:
		*val = tsk->group ? tipc_group_type(tsk->group) : 0;
		return 0;
	}
	return -EINVAL;
}

int tipc_getsockopt(struct socket *sock, int level, int opt,
		    char __user *optval, int __user *optlen)
{
	struct sock *sk = sock->sk;
	int len, err;
	u32 val;

	if (level == IPPROTO_TCP && sock->type == SOCK_STREAM)
		return put_user(0, optlen);
	if (level != SOL_TIPC)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	lock_sock(sk);
	err = tipc_sk_get_int(tipc_sk(sk), opt, &val);
	release_sock(sk);
	if (err)
		return err;
	if (len < (int)sizeof(val))
		return -EINVAL;
	if (copy_to_user(optval, &val, sizeof(val)))
		return -EFAULT;
	return put_user(sizeof(val), optlen);
}
