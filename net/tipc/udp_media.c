// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: UDP media. Each TIPC packet is the payload of one UDP
 * datagram over IPv4 or IPv6; every bearer owns a kernel UDP tunnel
 * socket, bound to its local port (6118 unless told otherwise).
 *
 * Neighbours are found through an IP multicast group, or, when the
 * remote address given at enable time is a unicast one, through a list
 * of peers ("replicast"): discovery and broadcast then go to each of them
 * in turn, and "tipc bearer add" lengthens the list.
 *
 * An UDP media address (struct tipc_udp_ep) is 20 bytes, in network
 * order: the EtherType naming the IP version, the UDP port, then 16
 * bytes of IP address, an IPv4 one in the first four. It fills the start
 * of tipc_media_addr.value, and in discovery messages the media info
 * from byte 4 on, after the media type in byte 3.
 *
 * Locking: enable, disable and the peer list's writers run under RTNL;
 * the tunnel's receive callback (softirq) and transmit read the bearer's
 * state under RCU. Closing a socket that joined a multicast group takes
 * RTNL, so the socket is released from a workqueue.
 */
#include <linux/if_ether.h>
#include <linux/igmp.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <linux/tipc_netlink.h>
#include <linux/udp.h>
#include <linux/workqueue.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "addr.h"
#include "bearer.h"
#include "core.h"
#include "msg.h"
#include "netlink.h"
#include "udp_media.h"

/* Room for the link layer, the larger IP header and UDP's */
#define TIPC_UDP_HEADROOM	(LL_MAX_HEADER + sizeof(struct ipv6hdr) + \
				 sizeof(struct udphdr))

/* A replicast list longer than this is surely a mistake */
#define TIPC_UDP_MAX_PEERS	256

/**
 * struct tipc_udp_ep - an UDP media address, as carried on the wire
 * @ethertype: ETH_P_IP or ETH_P_IPV6
 * @port: UDP port
 * @ip4: IPv4 address
 * @ip6: IPv6 address
 */
struct tipc_udp_ep {
	__be16 ethertype;
	__be16 port;
	union {
		__be32 ip4;
		struct in6_addr ip6;
	};
};

static_assert(sizeof(struct tipc_udp_ep) == 20);
static_assert(TIPC_MEDIA_ADDR_AT + sizeof(struct tipc_udp_ep) <=
	      TIPC_MEDIA_INFO_LEN);

/**
 * struct tipc_udp_peer - one replicast destination
 * @list: in tipc_udp_bearer.peers
 * @ep: its address
 */
struct tipc_udp_peer {
	struct list_head list;
	struct tipc_udp_ep ep;
};

/**
 * struct tipc_udp_bearer - what a bearer of the UDP media owns
 * @b: its bearer, NULL once disabled (RCU)
 * @sock: the tunnel socket
 * @ifindex: device holding the local address
 * @mcast: discovery goes to a multicast group, not to @peers
 * @peers: replicast destinations (RCU; RTNL writes)
 * @npeers: entries on @peers
 * @release: closes @sock and frees all this, outside RTNL
 */
struct tipc_udp_bearer {
	struct tipc_bearer __rcu *b;
	struct socket *sock;
	int ifindex;
	bool mcast;
	struct list_head peers;
	unsigned int npeers;
	struct work_struct release;
};

static struct workqueue_struct *tipc_udp_wq;

/* Addresses come as a struct sockaddr_in or sockaddr_in6, at most */
#define TIPC_UDP_ADDR_ATTR { .type = NLA_BINARY, \
			     .len = sizeof(struct sockaddr_storage) }

static const struct nla_policy tipc_udp_policy[TIPC_NLA_UDP_MAX + 1] = {
	[TIPC_NLA_UDP_LOCAL]		= TIPC_UDP_ADDR_ATTR,
	[TIPC_NLA_UDP_REMOTE]		= TIPC_UDP_ADDR_ATTR,
	[TIPC_NLA_UDP_MULTI_REMOTEIP]	= { .type = NLA_FLAG },
};

static bool tipc_udp_is_v4(const struct tipc_udp_ep *ep)
{
	return ep->ethertype == htons(ETH_P_IP);
}

static bool tipc_udp_is_mcast(const struct tipc_udp_ep *ep)
{
	if (tipc_udp_is_v4(ep))
		return ipv4_is_multicast(ep->ip4);
	return ipv6_addr_is_multicast(&ep->ip6);
}

/* The endpoint a media address holds (which may sit unaligned) */
static void tipc_udp_ep_get(struct tipc_udp_ep *ep,
			    const struct tipc_media_addr *a)
{
	memcpy(ep, a->value, sizeof(*ep));
}

static void tipc_udp_maddr_set(struct tipc_media_addr *a,
			       const struct tipc_udp_ep *ep)
{
	memset(a, 0, sizeof(*a));
	memcpy(a->value, ep, sizeof(*ep));
	a->media_id = TIPC_MEDIA_TYPE_UDP;
	a->broadcast = tipc_udp_is_mcast(ep);
}

static void tipc_udp_from_raw(struct tipc_media_addr *a, const u8 *raw)
{
	struct tipc_udp_ep ep;

	memcpy(&ep, raw, sizeof(ep));
	tipc_udp_maddr_set(a, &ep);
}

/* Media info: three zero bytes, the type, then the endpoint */
static void tipc_udp_to_wire(u8 *info, const struct tipc_media_addr *a)
{
	memset(info, 0, TIPC_MEDIA_INFO_LEN);
	info[TIPC_MEDIA_TYPE_AT] = TIPC_MEDIA_TYPE_UDP;
	memcpy(info + TIPC_MEDIA_ADDR_AT, a->value, sizeof(struct tipc_udp_ep));
}

static int tipc_udp_from_wire(struct tipc_media_addr *a, const u8 *info)
{
	struct tipc_udp_ep ep;

	if (info[TIPC_MEDIA_TYPE_AT] != TIPC_MEDIA_TYPE_UDP)
		return -EINVAL;
	memcpy(&ep, info + TIPC_MEDIA_ADDR_AT, sizeof(ep));
	if (!tipc_udp_is_v4(&ep) && ep.ethertype != htons(ETH_P_IPV6))
		return -EINVAL;
	tipc_udp_maddr_set(a, &ep);
	return 0;
}

/* Under RCU; consumes @skb, which has the headroom of both IP versions. */
static int tipc_udp_xmit4(struct tipc_udp_bearer *ub, struct sk_buff *skb,
			  const struct tipc_udp_ep *src,
			  const struct tipc_udp_ep *dst)
{
	struct sock *sk = ub->sock->sk;
	struct flowi4 fl4 = {
		.daddr = dst->ip4,
		.saddr = src->ip4,
		.flowi4_proto = IPPROTO_UDP,
	};
	struct rtable *rt;

	/* A group is reached through the bearer's own device */
	if (ipv4_is_multicast(dst->ip4))
		fl4.flowi4_oif = ub->ifindex;
	rt = ip_route_output_key(sock_net(sk), &fl4);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		return PTR_ERR(rt);
	}
	/* No UDP checksum over IPv4, as the stock module sends */
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, src->port,
			    dst->port, false, true);
	return 0;
}

static int tipc_udp_xmit6(struct tipc_udp_bearer *ub, struct sk_buff *skb,
			  const struct tipc_udp_ep *src,
			  const struct tipc_udp_ep *dst)
{
	struct sock *sk = ub->sock->sk;
	struct flowi6 fl6 = {
		.daddr = dst->ip6,
		.saddr = src->ip6,
		.flowi6_proto = IPPROTO_UDP,
	};
	struct dst_entry *route;

	if (!IS_ENABLED(CONFIG_IPV6)) {
		kfree_skb(skb);
		return -EAFNOSUPPORT;
	}
	if (ipv6_addr_is_multicast(&dst->ip6) ||
	    (ipv6_addr_type(&dst->ip6) & IPV6_ADDR_LINKLOCAL))
		fl6.flowi6_oif = ub->ifindex;
	route = ip6_dst_lookup_flow(sock_net(sk), sk, &fl6, NULL);
	if (IS_ERR(route)) {
		kfree_skb(skb);
		return PTR_ERR(route);
	}
	udp_tunnel6_xmit_skb(route, sk, skb, NULL, &fl6.saddr, &fl6.daddr, 0,
			     ip6_dst_hoplimit(route), 0, src->port, dst->port,
			     false);
	return 0;
}

static int tipc_udp_xmit(struct tipc_udp_bearer *ub, struct sk_buff *skb,
			 const struct tipc_udp_ep *src,
			 const struct tipc_udp_ep *dst)
{
	if (tipc_udp_is_v4(dst))
		return tipc_udp_xmit4(ub, skb, src, dst);
	return tipc_udp_xmit6(ub, skb, src, dst);
}

/*
 * Called under RCU by tipc_bearer_xmit(); consumes @skb. The broadcast
 * address of a replicast bearer means: a copy to every peer.
 */
static int tipc_udp_send(struct tipc_bearer *b, struct sk_buff *skb,
			 const struct tipc_media_addr *dst)
{
	struct tipc_udp_bearer *ub = rcu_dereference(b->media_ptr);
	struct tipc_udp_ep src, to;
	struct tipc_udp_peer *p;
	struct sk_buff *copy;

	if (unlikely(!ub)) {
		kfree_skb(skb);
		return -ENODEV;
	}
	if (unlikely(skb_cow_head(skb, TIPC_UDP_HEADROOM))) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	skb_set_inner_protocol(skb, htons(ETH_P_TIPC));
	tipc_udp_ep_get(&src, &b->addr);
	if (!dst->broadcast || ub->mcast) {
		tipc_udp_ep_get(&to, dst);
		return tipc_udp_xmit(ub, skb, &src, &to);
	}
	list_for_each_entry_rcu(p, &ub->peers, list) {
		copy = pskb_copy(skb, GFP_ATOMIC);
		if (!copy)
			break;
		tipc_udp_xmit(ub, copy, &src, &p->ep);
	}
	consume_skb(skb);
	return 0;
}

/*
 * The tunnel socket's receive callback, in softirq under RCU: @skb starts
 * at the UDP header. Always consumes it.
 */
static int tipc_udp_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct tipc_udp_bearer *ub = rcu_dereference_sk_user_data(sk);
	struct tipc_bearer *b = ub ? rcu_dereference(ub->b) : NULL;

	if (unlikely(!b || !test_bit(0, &b->up))) {
		kfree_skb(skb);
		return 0;
	}
	__skb_pull(skb, sizeof(struct udphdr));
	skb_mark_not_on_list(skb);
	memset(skb->cb, 0, sizeof(struct tipc_skb_cb));
	tipc_bearer_rcv(b, skb);
	return 0;
}

/*
 * A sockaddr_in or sockaddr_in6 from netlink into @ep. For a local
 * address @scope, if given, takes the IPv6 scope identifier, which a
 * link-local address must have.
 */
static int tipc_udp_parse_ep(const struct nlattr *attr,
			     struct tipc_udp_ep *ep, int *scope)
{
	struct sockaddr_storage ss = {};
	const struct sockaddr_in6 *sin6 = (void *)&ss;
	const struct sockaddr_in *sin = (void *)&ss;

	nla_memcpy(&ss, attr, sizeof(ss));
	memset(ep, 0, sizeof(*ep));
	if (ss.ss_family == AF_INET) {
		ep->ethertype = htons(ETH_P_IP);
		ep->port = sin->sin_port;
		ep->ip4 = sin->sin_addr.s_addr;
	} else if (IS_ENABLED(CONFIG_IPV6) && ss.ss_family == AF_INET6) {
		ep->ethertype = htons(ETH_P_IPV6);
		ep->port = sin6->sin6_port;
		ep->ip6 = sin6->sin6_addr;
		if (scope) {
			if (!sin6->sin6_scope_id &&
			    __ipv6_addr_needs_scope_id(ipv6_addr_type(&ep->ip6)))
				return -EINVAL;
			*scope = sin6->sin6_scope_id;
		}
	} else {
		return -EADDRNOTAVAIL;
	}
	if (!ep->port)
		ep->port = htons(TIPC_UDP_PORT);
	return 0;
}

static int tipc_udp_put_ep(struct sk_buff *skb, int type,
			   const struct tipc_udp_ep *ep)
{
	struct sockaddr_in6 sin6;
	struct sockaddr_in sin;

	if (tipc_udp_is_v4(ep)) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = ep->port;
		sin.sin_addr.s_addr = ep->ip4;
		return nla_put(skb, type, sizeof(sin), &sin);
	}
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = ep->port;
	sin6.sin6_addr = ep->ip6;
	return nla_put(skb, type, sizeof(sin6), &sin6);
}

/* RTNL: add @ep to the replicast list, unless it is on it already */
static int tipc_udp_peer_add(struct tipc_udp_bearer *ub,
			     const struct tipc_udp_ep *ep)
{
	struct tipc_udp_peer *p;

	list_for_each_entry(p, &ub->peers, list)
		if (!memcmp(&p->ep, ep, sizeof(*ep)))
			return 0;
	if (ub->npeers >= TIPC_UDP_MAX_PEERS)
		return -ENOSPC;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->ep = *ep;
	/* Newest first: the order the stock module lists them in */
	list_add_rcu(&p->list, &ub->peers);
	ub->npeers++;
	if (tipc_udp_is_v4(ep))
		pr_info("replicast to %pI4 port %u\n", &ep->ip4, ntohs(ep->port));
	else
		pr_info("replicast to %pI6c port %u\n", &ep->ip6,
			ntohs(ep->port));
	return 0;
}

/* The device holding the local address, or NULL; RTNL, no reference */
static struct net_device *tipc_udp_local_dev(struct net *net,
					     const struct tipc_udp_ep *local,
					     int scope)
{
	struct net_device *dev = NULL;

	if (tipc_udp_is_v4(local))
		return __ip_dev_find(net, local->ip4, false);
	if (!IS_ENABLED(CONFIG_IPV6))
		return NULL;
	if (scope) {
		dev = __dev_get_by_index(net, scope);
		if (!dev)
			return NULL;
	}
	return ipv6_dev_find(net, &local->ip6, dev);
}

/* A node without an identity takes its local IP address as one. */
static int tipc_udp_identity(struct net *net, const struct tipc_udp_ep *local)
{
	struct tipc_net *tn = tipc_net(net);
	u8 id[TIPC_ID_LEN];

	if (!tipc_has_identity(tn)) {
		/* The address union, zero after an IPv4 address */
		memcpy(id, &local->ip6, sizeof(id));
		tipc_net_set_identity(net, id);
	}
	if (!tipc_has_identity(tn)) {
		pr_warn("no node identity from %pI6c: set one\n", &local->ip6);
		return -EINVAL;
	}
	return 0;
}

/*
 * The tunnel socket: bound to the local port and, unless it must take
 * a group's datagrams too, to the local address.
 */
static int tipc_udp_sock_open(struct net *net, struct tipc_udp_bearer *ub,
			      const struct tipc_udp_ep *local)
{
	struct udp_tunnel_sock_cfg tcfg = {};
	struct udp_port_cfg ucfg = {};
	int err;

	ucfg.local_udp_port = local->port;
	if (tipc_udp_is_v4(local)) {
		ucfg.family = AF_INET;
		ucfg.local_ip.s_addr = ub->mcast ? htonl(INADDR_ANY) :
						   local->ip4;
		ucfg.use_udp_checksums = false;
	} else {
		ucfg.family = AF_INET6;
		ucfg.local_ip6 = ub->mcast ? in6addr_any : local->ip6;
		ucfg.use_udp6_tx_checksums = true;
		ucfg.use_udp6_rx_checksums = true;
		ucfg.ipv6_v6only = 1;
	}
	err = udp_sock_create(net, &ucfg, &ub->sock);
	if (err)
		return err;
	tcfg.sk_user_data = ub;
	tcfg.encap_type = 1;
	tcfg.encap_rcv = tipc_udp_rcv;
	setup_udp_tunnel_sock(net, ub->sock, &tcfg);
	return 0;
}

/* RTNL: the socket joins the group discovery goes to */
static int tipc_udp_join(struct tipc_udp_bearer *ub,
			 const struct tipc_udp_ep *group)
{
	struct sock *sk = ub->sock->sk;
	struct ip_mreqn mr = {};
	int err;

	if (tipc_udp_is_v4(group)) {
		mr.imr_multiaddr.s_addr = group->ip4;
		mr.imr_ifindex = ub->ifindex;
		return ip_mc_join_group(sk, &mr);
	}
	if (!IS_ENABLED(CONFIG_IPV6))
		return -EAFNOSUPPORT;
	lock_sock(sk);
	err = ipv6_sock_mc_join(sk, ub->ifindex, &group->ip6);
	release_sock(sk);
	return err;
}

static void tipc_udp_free(struct tipc_udp_bearer *ub)
{
	struct tipc_udp_peer *p, *tmp;

	list_for_each_entry_safe(p, tmp, &ub->peers, list) {
		list_del(&p->list);
		kfree(p);
	}
	kfree(ub);
}

/* Workqueue: close the socket, then free what receivers might still see */
static void tipc_udp_release(struct work_struct *work)
{
	struct tipc_udp_bearer *ub = container_of(work, struct tipc_udp_bearer,
						  release);

	udp_tunnel_sock_release(ub->sock);
	synchronize_net();
	tipc_udp_free(ub);
}

/*
 * The two addresses of the request's UDP_OPTS, LOCAL and REMOTE, of one
 * address family; @scope is LOCAL's IPv6 scope id (0 for IPv4).
 */
static int tipc_udp_parse_opts(struct nlattr **attrs, struct tipc_udp_ep *local,
			       struct tipc_udp_ep *remote, int *scope)
{
	struct nlattr *opts[TIPC_NLA_UDP_MAX + 1];
	int err;

	if (!attrs || !attrs[TIPC_NLA_BEARER_UDP_OPTS])
		return -EINVAL;
	err = nla_parse_nested_deprecated(opts, TIPC_NLA_UDP_MAX,
					  attrs[TIPC_NLA_BEARER_UDP_OPTS],
					  tipc_udp_policy, NULL);
	if (err)
		return err;
	if (!opts[TIPC_NLA_UDP_LOCAL] || !opts[TIPC_NLA_UDP_REMOTE]) {
		pr_err("UDP bearer needs a local and a remote address\n");
		return -EINVAL;
	}
	err = tipc_udp_parse_ep(opts[TIPC_NLA_UDP_LOCAL], local, scope);
	if (!err)
		err = tipc_udp_parse_ep(opts[TIPC_NLA_UDP_REMOTE], remote,
					NULL);
	if (err)
		return err;
	return local->ethertype == remote->ethertype ? 0 : -EINVAL;
}

/* Addresses, header room and MTU of @b, once @ub is open */
static void tipc_udp_bearer_set(struct tipc_bearer *b,
				struct tipc_udp_bearer *ub,
				const struct tipc_udp_ep *local,
				const struct tipc_udp_ep *remote)
{
	tipc_udp_maddr_set(&b->addr, local);
	tipc_udp_maddr_set(&b->bcast, remote);
	b->bcast.broadcast = true;	/* the group, or every peer */
	b->mcast = ub->mcast;
	if (tipc_udp_is_v4(local)) {
		b->encap_hlen = sizeof(struct iphdr) + sizeof(struct udphdr);
		b->mtu = READ_ONCE(b->media->mtu);
	} else {
		b->encap_hlen = sizeof(struct ipv6hdr) + sizeof(struct udphdr);
		b->mtu = TIPC_UDP6_MTU;
	}
	rcu_assign_pointer(ub->b, b);
	rcu_assign_pointer(b->media_ptr, ub);
}

/*
 * Enable @b from the request's UDP_OPTS. REMOTE is a multicast group to
 * join, or the first replicast peer. RTNL held.
 */
static int tipc_udp_enable(struct net *net, struct tipc_bearer *b,
			   struct nlattr **attrs)
{
	struct tipc_udp_ep local, remote;
	struct tipc_udp_bearer *ub;
	struct net_device *dev;
	int scope = 0;
	int err;

	err = tipc_udp_parse_opts(attrs, &local, &remote, &scope);
	if (err)
		return err;
	err = tipc_udp_identity(net, &local);
	if (err)
		return err;
	dev = tipc_udp_local_dev(net, &local, scope);
	if (!dev)
		return -ENODEV;

	ub = kzalloc(sizeof(*ub), GFP_KERNEL);
	if (!ub)
		return -ENOMEM;
	INIT_LIST_HEAD(&ub->peers);
	INIT_WORK(&ub->release, tipc_udp_release);
	ub->ifindex = dev->ifindex;
	ub->mcast = tipc_udp_is_mcast(&remote);
	err = tipc_udp_sock_open(net, ub, &local);
	if (err)
		goto free;
	if (ub->mcast)
		err = tipc_udp_join(ub, &remote);
	else
		err = tipc_udp_peer_add(ub, &remote);
	if (err)
		goto release;	/* no group joined: RTNL is not needed */
	tipc_udp_bearer_set(b, ub, &local, &remote);
	return 0;

release:
	udp_tunnel_sock_release(ub->sock);
	synchronize_net();
free:
	tipc_udp_free(ub);
	return err;
}

/* RTNL. No receive or send uses the bearer once this returns. */
static void tipc_udp_disable(struct tipc_bearer *b)
{
	struct tipc_udp_bearer *ub = rtnl_dereference(b->media_ptr);

	if (!ub)
		return;
	RCU_INIT_POINTER(ub->b, NULL);
	RCU_INIT_POINTER(b->media_ptr, NULL);
	synchronize_net();
	queue_work(tipc_udp_wq, &ub->release);
}

/* UDP_OPTS{LOCAL, REMOTE, [MULTI_REMOTEIP]} of a bearer; RTNL */
static int tipc_udp_nl_fill(struct sk_buff *skb, const struct tipc_bearer *b)
{
	struct tipc_udp_bearer *ub = rtnl_dereference(b->media_ptr);
	struct tipc_udp_ep local, remote;
	struct nlattr *nest;

	if (!ub)
		return -ENODEV;
	tipc_udp_ep_get(&local, &b->addr);
	tipc_udp_ep_get(&remote, &b->bcast);
	nest = nla_nest_start_noflag(skb, TIPC_NLA_BEARER_UDP_OPTS);
	if (!nest)
		return -EMSGSIZE;
	if (tipc_udp_put_ep(skb, TIPC_NLA_UDP_LOCAL, &local) ||
	    tipc_udp_put_ep(skb, TIPC_NLA_UDP_REMOTE, &remote) ||
	    (!list_empty(&ub->peers) &&
	     nla_put_flag(skb, TIPC_NLA_UDP_MULTI_REMOTEIP))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* "tipc bearer add": one more replicast peer; RTNL */
static int tipc_udp_nl_add(struct tipc_bearer *b, struct nlattr *attr,
			   struct netlink_ext_ack *extack)
{
	struct tipc_udp_bearer *ub = rtnl_dereference(b->media_ptr);
	struct nlattr *opts[TIPC_NLA_UDP_MAX + 1];
	struct tipc_udp_ep ep, local;
	int err;

	if (!ub)
		return -ENODEV;
	if (nla_parse_nested_deprecated(opts, TIPC_NLA_UDP_MAX, attr,
					tipc_udp_policy, NULL) ||
	    !opts[TIPC_NLA_UDP_REMOTE])
		return -EINVAL;
	err = tipc_udp_parse_ep(opts[TIPC_NLA_UDP_REMOTE], &ep, NULL);
	if (err)
		return err;
	if (ub->mcast) {
		NL_SET_ERR_MSG(extack,
			       "Bearer discovers by multicast, not replicast");
		return -EINVAL;
	}
	tipc_udp_ep_get(&local, &b->addr);
	if (ep.ethertype != local.ethertype)
		return -EINVAL;
	return tipc_udp_peer_add(ub, &ep);
}

/*
 * The replicast peers from *@pos on, one message each holding a bare
 * TIPC_NLA_UDP_REMOTE; RTNL. Advances *@pos past those sent.
 */
static int tipc_udp_nl_peers(const struct tipc_bearer *b,
			     struct tipc_nl_dump *d, unsigned long *pos)
{
	struct tipc_udp_bearer *ub = rtnl_dereference(b->media_ptr);
	struct tipc_udp_peer *p;
	unsigned long i = 0;
	void *hdr;

	if (!ub)
		return -ENODEV;
	list_for_each_entry(p, &ub->peers, list) {
		if (i++ < *pos)
			continue;
		hdr = tipc_nl_dump_hdr(d, TIPC_NL_BEARER_GET);
		if (!hdr)
			return -EMSGSIZE;
		if (tipc_udp_put_ep(d->skb, TIPC_NLA_UDP_REMOTE, &p->ep)) {
			genlmsg_cancel(d->skb, hdr);
			return -EMSGSIZE;
		}
		genlmsg_end(d->skb, hdr);
		*pos = i;
	}
	return 0;
}

struct tipc_media tipc_udp_media = {
	.name		= "udp",
	.type_id	= TIPC_MEDIA_TYPE_UDP,
	.hwaddr_len	= 0,
	.mtu		= TIPC_UDP_MTU_DEF,
	.priority	= TIPC_PRIO_DEF,
	.tolerance	= TIPC_TOL_DEF,
	.win_lo	= TIPC_WIN_DEF,
	.win_hi	= TIPC_WIN_DEF,
	.enable		= tipc_udp_enable,
	.disable	= tipc_udp_disable,
	.send		= tipc_udp_send,
	.to_wire	= tipc_udp_to_wire,
	.from_wire	= tipc_udp_from_wire,
	.from_raw	= tipc_udp_from_raw,
	.nl_fill	= tipc_udp_nl_fill,
	.nl_add		= tipc_udp_nl_add,
	.nl_peers	= tipc_udp_nl_peers,
};

/* A namespace's bearers are gone: wait until their sockets are closed */
void tipc_udp_pernet_exit(struct net *net)
{
	flush_workqueue(tipc_udp_wq);
}

int tipc_udp_init(void)
{
	tipc_udp_wq = alloc_workqueue("tipc_udp", 0, 0);
	return tipc_udp_wq ? 0 : -ENOMEM;
}

void tipc_udp_exit(void)
{
	destroy_workqueue(tipc_udp_wq);
}
