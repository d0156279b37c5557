/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: what the socket files share (socket.c and the sock_*.c files).
 */
#ifndef _TIPC_SOCK_H
#define _TIPC_SOCK_H

#include <linux/tipc.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "msg.h"

struct tipc_group;

/* Socket states, numbered as the stock module reports them in sock_diag */
enum {
	TIPC_OPEN		= TCP_CLOSE,
	TIPC_LISTEN		= TCP_LISTEN,
	TIPC_CONNECTING		= TCP_SYN_SENT,
	TIPC_ESTABLISHED	= TCP_ESTABLISHED,
	TIPC_DISCONNECTING	= TCP_CLOSE_WAIT,
};

/* Connection flow control counts blocks of this many bytes */
#define TIPC_FLOW_BLOCK		1024
#define TIPC_RCVBUF_MIN		(512 * 1024)
#define TIPC_RCVBUF_DEFAULT	(2 * 1024 * 1024)

/* Service types below this are TIPC's own */
#define TIPC_RESERVED_TYPES	64

/**
 * struct tipc_sock - a TIPC socket
 * @sk: the generic socket, first
 * @port: our port number (fixed while in the port table)
 * @port_node: in tipc_net.ports
 * @bindings: our struct tipc_binding entries
 * @bind_count: bindings made so far, for their keys
 * @hdr: template of the header of our messages; once connected it holds
 *	the peer as destination
 * @peer: default destination set by connect() on datagram sockets
 * @conn_timeout: TIPC_CONN_TIMEOUT, in ms; 16 bits, as the stock module
 *	keeps it (a larger value reads back truncated)
 * @conn_type: service type the connection was made to, if @conn_named
 * @conn_inst: service instance the connection was made to, if @conn_named
 * @conn_named: the connection was set up to a service address
 * @mcast_rcast: multicast by replicast, else by broadcast
 * @mcast_forced: the application chose @mcast_rcast
 *	(TIPC_MCAST_BROADCAST/REPLICAST); else tipc_bclink_method() does
 * @mcast_expires: until when @mcast_rcast may not change
 * @mcast_sent: a multicast has gone to other nodes
 * @mcast_sent_rcast: the way the last one went, by replicast or not
 * @mc_held: other nodes' multicasts held back at their method switch
 *	(sock_mcast.c); under the socket lock
 * @nodelay: TIPC_NODELAY was set
 * @group: the communication group joined, if any
 * @group_open: a send would not wait for group flow control; true when
 *	not in a group (also read locklessly by poll)
 * @snd_win: blocks we may have unacknowledged toward the peer
 * @rcv_win: blocks we advertise to the peer
 * @snt_unacked: blocks sent and not yet acknowledged by the peer
 * @rcv_unacked: blocks consumed and not yet acknowledged to the peer
 * @snd_backlog: blocks of small writes held back (Nagle), not yet in
 *	@snt_unacked
 * @oneway: messages sent since the last one received from the peer
 * @nagle_start: @oneway from which small writes are held back
 * @nagle_msgs: small writes bundled since the last judgement
 * @nagle_pkts: messages those writes went out in
 * @nagle_wait: a bundle asked the peer for an acknowledgment, and
 *	small writes wait for it
 * @outq: messages of a connection on their way out, in order (its own
 *	lock, taken under the socket spinlock or alone; see sock_conn.c)
 * @out_busy: bit 0 is set while someone sends from @outq
 * @link_cong: messages of ours that met a congested link, less the
 *	SOCK_WAKEUPs that came for them; we send nothing new while it is
 *	above zero. It may dip below zero when a wakeup overtakes the
 *	count of its congestion: each congestion is counted once, wherever
 *	it is met, and each brings exactly one wakeup.
 *
 * Every field but @port, @port_node, @outq, @out_busy and @link_cong is
 * protected by the socket lock.
 * While connecting, sk_write_queue keeps a copy of our SYN and sk_timer
 * sends it again if the listener had no room for it; once connected, it
 * holds the small writes of a stream held back (see sock_conn.c).
 */
struct tipc_sock {
	struct sock sk;
	u32 port;
	struct rhash_head port_node;
	struct list_head bindings;
	u32 bind_count;
	struct tipc_msg hdr;
	struct sockaddr_tipc peer;
	u16 conn_timeout;
	u32 conn_type;
	u32 conn_inst;
	bool conn_named;
	bool mcast_rcast;
	bool mcast_forced;
	unsigned long mcast_expires;
	bool mcast_sent;
	bool mcast_sent_rcast;
	struct sk_buff_head mc_held;
	bool nodelay;
	struct tipc_group *group;
	bool group_open;
	u16 snd_win;
	u16 rcv_win;
	u16 snt_unacked;
	u16 rcv_unacked;
	u16 snd_backlog;
	u32 oneway;
	u32 nagle_start;
	u32 nagle_msgs;
	u32 nagle_pkts;
	bool nagle_wait;
	struct sk_buff_head outq;
	unsigned long out_busy;
	atomic_t link_cong;
};

static inline struct tipc_sock *tipc_sk(const struct sock *sk)
{
	return container_of(sk, struct tipc_sock, sk);
}

static inline bool tipc_sk_connectionless(const struct sock *sk)
{
	return sk->sk_type == SOCK_RDM || sk->sk_type == SOCK_DGRAM;
}

static inline bool tipc_sk_connected(const struct sock *sk)
{
	return sk->sk_state == TIPC_ESTABLISHED;
}

/* Must the socket wait for a SOCK_WAKEUP before it sends? */
static inline bool tipc_sk_link_congested(const struct tipc_sock *tsk)
{
	return atomic_read(&tsk->link_cong) > 0;
}

static inline u32 tipc_sk_peer_node(const struct tipc_sock *tsk)
{
	return msg_destnode(&tsk->hdr);
}

static inline u32 tipc_sk_peer_port(const struct tipc_sock *tsk)
{
	return msg_destport(&tsk->hdr);
}

/*
 * Receive queue limit for messages of importance @imp: more important
 * messages get more room. Computed wide: SO_RCVBUFFORCE allows INT_MAX.
 */
static inline unsigned int tipc_sk_rcv_limit(const struct sock *sk, u32 imp)
{
	return min_t(u64, (u64)READ_ONCE(sk->sk_rcvbuf) << imp, UINT_MAX);
}

/*
 * Why a sender that would have to wait cannot: its time is up (-EAGAIN)
 * or a signal came; 0 if it may wait.
 */
static inline int tipc_sk_cant_wait(long timeo)
{
	if (!timeo)
		return -EAGAIN;
	if (signal_pending(current))
		return sock_intr_errno(timeo);
	return 0;
}

/* socket.c */
struct tipc_sock *tipc_sk_get_port(struct net *net, u32 port);
int tipc_sk_create(struct net *net, struct socket *sock, int protocol,
		   int kern);
int tipc_sk_error_result(struct sock *sk, struct msghdr *m,
			 struct sk_buff *skb);
void tipc_sk_queue(struct sock *sk, struct sk_buff *skb, unsigned int limit,
		   struct sk_buff_head *xmitq);
void tipc_sk_reject(struct net *net, struct sk_buff *skb, int err,
		    struct sk_buff_head *xmitq);
void tipc_sk_reject_queue(struct sock *sk, int err);
void tipc_sk_drop_partial(struct sock *sk);
void tipc_sk_send_list(struct net *net, struct sk_buff_head *list);
int tipc_sk_group_mcast(struct tipc_sock *tsk, struct sk_buff *skb,
			const u32 *nodes, int n, bool local, bool rcast);
int tipc_sk_wait_rcv(struct sock *sk, long *timeo);
struct sk_buff *tipc_sk_next_msg(struct sock *sk, long *timeo, int *err);
int tipc_sk_msg_meta(struct tipc_sock *tsk, struct msghdr *m,
		     struct sk_buff *skb);

int tipc_sk_bind_range(struct tipc_sock *tsk,
		       const struct tipc_service_range *sr, u32 scope);
int tipc_sk_unbind_range(struct tipc_sock *tsk,
			 const struct tipc_service_range *sr, u32 scope);

/* sock_group.c */
int tipc_sk_join(struct tipc_sock *tsk, const struct tipc_group_req *req);
int tipc_sk_leave(struct tipc_sock *tsk);
int tipc_group_sendmsg(struct tipc_sock *tsk, struct msghdr *m, size_t dlen);
void tipc_group_sk_filter(struct tipc_sock *tsk, struct sk_buff *skb,
			  struct sk_buff_head *xmitq);
int tipc_group_sk_result(struct msghdr *m, struct sk_buff *skb, int ret);
void tipc_group_sk_consumed(struct tipc_sock *tsk, struct sk_buff *skb);
void tipc_group_sk_srcname(struct msghdr *m, struct sk_buff *skb);

/* sock_mcast.c */
void tipc_mcast_order(struct sk_buff_head *held, struct sk_buff *skb,
		      struct sk_buff_head *out, unsigned int limit);

/* sock_conn.c */
void tipc_conn_init(struct tipc_sock *tsk);
int tipc_conn_connect(struct socket *sock, struct sockaddr *uaddr, int alen,
		      int flags);
int tipc_conn_listen(struct socket *sock, int backlog);
int tipc_conn_accept(struct socket *sock, struct socket *newsock,
		     struct proto_accept_arg *arg);
int tipc_conn_shutdown(struct socket *sock, int how);
void tipc_conn_close(struct tipc_sock *tsk, int err);
int tipc_conn_sendmsg(struct socket *sock, struct msghdr *m, size_t dlen);
int tipc_conn_recvstream(struct socket *sock, struct msghdr *m,
			 size_t buflen, int flags);
void tipc_conn_consumed(struct tipc_sock *tsk, u32 msglen);
int tipc_conn_getpeer(struct tipc_sock *tsk, struct sockaddr_tipc *a,
		      int peer);
__poll_t tipc_conn_poll(struct sock *sk, __poll_t mask);
void tipc_conn_drain(struct tipc_sock *tsk);
/* ... and for sock_conn_rcv.c, under the socket lock */
bool tipc_conn_congested(const struct tipc_sock *tsk);
void tipc_conn_establish(struct tipc_sock *tsk, u32 node, u32 port);
bool tipc_conn_from_peer(struct tipc_sock *tsk, const struct tipc_msg *m);
struct sk_buff *tipc_conn_ack_msg(struct tipc_sock *tsk);
void tipc_conn_push(struct tipc_sock *tsk, bool nagle_ack);

/* sock_conn_rcv.c */
void tipc_conn_filter(struct tipc_sock *tsk, struct sk_buff *skb,
		      struct sk_buff_head *xmitq);
void tipc_conn_timeout(struct timer_list *t);
void tipc_conn_node_lost(struct tipc_sock *tsk, u32 addr,
			 struct sk_buff_head *aborts);

/* sock_opt.c */
int tipc_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
int tipc_setsockopt(struct socket *sock, int level, int opt,
		    sockptr_t optval, unsigned int optlen);
int tipc_getsockopt(struct socket *sock, int level, int opt,
		    char __user *optval, int __user *optlen);

/* sock_send.c */
bool tipc_addr_valid(const struct sockaddr_tipc *a, int len);
void tipc_sk_route(struct net *net, struct sk_buff_head *list,
		   struct sk_buff_head *local);
int tipc_sk_send_to(struct tipc_sock *tsk, struct tipc_msg *hdr,
		    const struct sockaddr_tipc *dst, struct msghdr *m,
		    size_t dlen);
int tipc_sk_send_syn(struct tipc_sock *tsk, const struct sockaddr_tipc *dst,
		     struct msghdr *m, size_t dlen);
int tipc_sk_wait_link(struct sock *sk, long *timeo);
void tipc_sk_link_woken(struct net *net, struct sk_buff *skb);

#endif
