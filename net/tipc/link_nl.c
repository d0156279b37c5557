// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: links and nodes over netlink ("tipc link ...", "tipc node
 * list"). Links are reached through node.c's walkers, which hold the
 * node lock while a link is read or changed.
 */
#include <linux/tipc_netlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "addr.h"
#include "bclink.h"
#include "bearer.h"
#include "link.h"
#include "netlink.h"
#include "node.h"

static const struct nla_policy tipc_nl_link_policy[TIPC_NLA_LINK_MAX + 1] = {
	[TIPC_NLA_LINK_NAME]		= { .type = NLA_NUL_STRING,
					    .len = TIPC_MAX_LINK_NAME },
	[TIPC_NLA_LINK_BROADCAST]	= { .type = NLA_FLAG },
	[TIPC_NLA_LINK_PROP]		= { .type = NLA_NESTED },
};

static int tipc_nl_put_u32s(struct sk_buff *skb, const u32 (*kv)[2], int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (nla_put_u32(skb, kv[i][0], kv[i][1]))
			return -EMSGSIZE;
	return 0;
}

/*
 * The STATS nest of a unicast link. Every attribute is sent, in number
 * order; the RX_INFO and TX_INFO ones stay zero for unicast links.
 */
static int tipc_nl_link_stats(struct sk_buff *skb,
			      const struct tipc_link_stats *s)
{
	u32 v[TIPC_NLA_STATS_MAX + 1] = {};
	struct nlattr *nest;
	int i;

	v[TIPC_NLA_STATS_RX_FRAGMENTS] = s->rx_frags;
	v[TIPC_NLA_STATS_RX_FRAGMENTED] = s->rx_defragged;
	v[TIPC_NLA_STATS_RX_BUNDLES] = s->rx_bundles;
	v[TIPC_NLA_STATS_RX_BUNDLED] = s->rx_bundled;
	v[TIPC_NLA_STATS_RX_STATES] = s->rx_states;
	v[TIPC_NLA_STATS_RX_PROBES] = s->rx_probes;
	v[TIPC_NLA_STATS_RX_NACKS] = s->rx_nacks;
	v[TIPC_NLA_STATS_RX_DEFERRED] = s->rx_deferred;
	v[TIPC_NLA_STATS_DUPLICATES] = s->rx_dups;
	v[TIPC_NLA_STATS_TX_FRAGMENTS] = s->tx_frags;
	v[TIPC_NLA_STATS_TX_FRAGMENTED] = s->tx_fragged;
	v[TIPC_NLA_STATS_TX_BUNDLES] = s->tx_bundles;
	v[TIPC_NLA_STATS_TX_BUNDLED] = s->tx_bundled;
	v[TIPC_NLA_STATS_TX_STATES] = s->tx_states;
	v[TIPC_NLA_STATS_TX_PROBES] = s->tx_probes;
	v[TIPC_NLA_STATS_TX_NACKS] = s->tx_nacks;
	v[TIPC_NLA_STATS_TX_ACKS] = s->tx_acks;
	v[TIPC_NLA_STATS_RETRANSMITTED] = s->tx_retrans;
	v[TIPC_NLA_STATS_LINK_CONGS] = s->tx_congs;
	v[TIPC_NLA_STATS_MAX_QUEUE] = s->q_max;
	v[TIPC_NLA_STATS_AVG_QUEUE] = s->q_samples ?
				      s->q_sum / s->q_samples : 0;
	/* The tool divides by the profile total: never zero */
	v[TIPC_NLA_STATS_MSG_PROF_TOT] = max(s->prof_msgs, 1u);
	v[TIPC_NLA_STATS_MSG_LEN_CNT] = s->prof_msgs;
	v[TIPC_NLA_STATS_MSG_LEN_TOT] = s->prof_bytes;
	for (i = 0; i < ARRAY_SIZE(s->prof_sizes); i++)
		v[TIPC_NLA_STATS_MSG_LEN_P0 + i] = s->prof_sizes[i];

	nest = nla_nest_start_noflag(skb, TIPC_NLA_LINK_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = TIPC_NLA_STATS_RX_INFO; i <= TIPC_NLA_STATS_MAX; i++)
		if (nla_put_u32(skb, i, v[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The body of a LINK nest for unicast link @l */
static int tipc_nl_link_body(struct sk_buff *skb, struct tipc_link *l,
			     bool active, u32 self)
{
	const struct tipc_link_stats *s = tipc_link_stats(l);
	struct nlattr *prop;

	if (nla_put_string(skb, TIPC_NLA_LINK_NAME, tipc_link_name(l)) ||
	    nla_put_u32(skb, TIPC_NLA_LINK_DEST, self & 0xfffff000) ||
	    nla_put_u32(skb, TIPC_NLA_LINK_MTU, tipc_link_mtu(l)) ||
	    nla_put_u32(skb, TIPC_NLA_LINK_RX, s->rx_pkts) ||
	    nla_put_u32(skb, TIPC_NLA_LINK_TX, s->tx_pkts))
		return -EMSGSIZE;
	if (tipc_link_is_up(l) && nla_put_flag(skb, TIPC_NLA_LINK_UP))
		return -EMSGSIZE;
	if (active && nla_put_flag(skb, TIPC_NLA_LINK_ACTIVE))
		return -EMSGSIZE;
	prop = nla_nest_start_noflag(skb, TIPC_NLA_LINK_PROP);
	if (!prop ||
	    nla_put_u32(skb, TIPC_NLA_PROP_PRIO, tipc_link_prio(l)) ||
	    nla_put_u32(skb, TIPC_NLA_PROP_TOL, tipc_link_tolerance(l)) ||
	    nla_put_u32(skb, TIPC_NLA_PROP_WIN, tipc_link_window(l)))
		return -EMSGSIZE;
	nla_nest_end(skb, prop);
	return tipc_nl_link_stats(skb, s);
}

/* The STATS nest of the broadcast send link: what stock sends for it */
static int tipc_nl_bc_stats(struct sk_buff *skb,
			    const struct tipc_bclink_stats *s)
{
	const u32 kv[][2] = {
		{ TIPC_NLA_STATS_RX_INFO, 0 },
		{ TIPC_NLA_STATS_RX_FRAGMENTS, 0 },
		{ TIPC_NLA_STATS_RX_FRAGMENTED, 0 },
		{ TIPC_NLA_STATS_RX_BUNDLES, 0 },
		{ TIPC_NLA_STATS_RX_BUNDLED, 0 },
		{ TIPC_NLA_STATS_TX_INFO, s->tx_pkts },
		{ TIPC_NLA_STATS_TX_FRAGMENTS, s->tx_frags },
		{ TIPC_NLA_STATS_TX_FRAGMENTED, s->tx_fragged },
		{ TIPC_NLA_STATS_TX_BUNDLES, 0 },
		{ TIPC_NLA_STATS_TX_BUNDLED, 0 },
		{ TIPC_NLA_STATS_RX_NACKS, s->rx_nacks },
		{ TIPC_NLA_STATS_RX_DEFERRED, 0 },
		{ TIPC_NLA_STATS_TX_NACKS, 0 },
		{ TIPC_NLA_STATS_TX_ACKS, 0 },
		{ TIPC_NLA_STATS_RETRANSMITTED, s->retrans },
		{ TIPC_NLA_STATS_DUPLICATES, 0 },
		{ TIPC_NLA_STATS_LINK_CONGS, s->congs },
		{ TIPC_NLA_STATS_MAX_QUEUE, s->q_max },
		{ TIPC_NLA_STATS_AVG_QUEUE, s->q_samples ?
		  (u32)div_u64(s->q_sum, s->q_samples) : 0 },
	};
	struct nlattr *nest;

	nest = nla_nest_start_noflag(skb, TIPC_NLA_LINK_STATS);
	if (!nest || tipc_nl_put_u32s(skb, kv, ARRAY_SIZE(kv)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The broadcast send link: always up; its ratio only with AUTOSELECT */
static int tipc_nl_bc_body(struct net *net, struct sk_buff *skb)
{
	struct tipc_bclink_stats s;
	u32 mode, ratio, window;
	struct nlattr *prop;

	tipc_bclink_get(net, &mode, &ratio, &window, &s);
	if (nla_put_flag(skb, TIPC_NLA_LINK_UP) ||
	    nla_put_flag(skb, TIPC_NLA_LINK_BROADCAST) ||
	    nla_put_string(skb, TIPC_NLA_LINK_NAME, TIPC_BCLINK_NAME) ||
	    nla_put_u32(skb, TIPC_NLA_LINK_RX, 0) ||
	    nla_put_u32(skb, TIPC_NLA_LINK_TX, 0))
		return -EMSGSIZE;
	prop = nla_nest_start_noflag(skb, TIPC_NLA_LINK_PROP);
	if (!prop || nla_put_u32(skb, TIPC_NLA_PROP_WIN, window) ||
	    nla_put_u32(skb, TIPC_NLA_PROP_BROADCAST, mode) ||
	    (mode == TIPC_BC_MODE_AUTO &&
	     nla_put_u32(skb, TIPC_NLA_PROP_BROADCAST_RATIO, ratio)))
		return -EMSGSIZE;
	nla_nest_end(skb, prop);
	return tipc_nl_bc_stats(skb, &s);
}

struct tipc_nl_link_ctx {
	struct tipc_nl_dump d;
	u32 self;
};

static int tipc_nl_link_one(struct tipc_link *l, bool active, void *arg)
{
	struct tipc_nl_link_ctx *c = arg;
	struct nlattr *nest;
	void *hdr;

	hdr = tipc_nl_dump_start(&c->d, TIPC_NL_LINK_GET, TIPC_NLA_LINK,
				 &nest);
	if (!hdr)
		return -EMSGSIZE;
	if (tipc_nl_link_body(c->d.skb, l, active, c->self)) {
		genlmsg_cancel(c->d.skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(c->d.skb, nest);
	genlmsg_end(c->d.skb, hdr);
	return 0;
}

/*
 * Dump: the broadcast link, then each node's links. cb->args: [0] the
 * broadcast link is done, [1] node address, [2] bearer of the next link.
 */
int tipc_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct tipc_nl_link_ctx c = {
		.d = { .skb = skb, .cb = cb },
		.self = tipc_own_addr(net),
	};
	u32 node = cb->args[1], bid = cb->args[2];
	struct nlattr *nest;
	void *hdr;
	int err;

	if (!cb->args[0]) {
		hdr = tipc_nl_dump_start(&c.d, TIPC_NL_LINK_GET,
					 TIPC_NLA_LINK, &nest);
		if (!hdr)
			return -EMSGSIZE;
		if (tipc_nl_bc_body(sock_net(skb->sk), skb)) {
			genlmsg_cancel(skb, hdr);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
		genlmsg_end(skb, hdr);
		cb->args[0] = 1;
	}
	err = tipc_node_walk_links(net, &node, &bid, tipc_nl_link_one, &c);
	cb->args[1] = node;
	cb->args[2] = bid;
	if (err && !skb->len)
		return err;
	return skb->len;
}

/* The LINK nest of a request, and the link name in it */
static int tipc_nl_link_nest(struct genl_info *info, struct nlattr **tb,
			     const char **name)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, TIPC_NLA_LINK))
		return -EINVAL;
	err = nla_parse_nested_deprecated(tb, TIPC_NLA_LINK_MAX,
					  info->attrs[TIPC_NLA_LINK],
					  tipc_nl_link_policy, info->extack);
	if (err)
		return err;
	if (!tb[TIPC_NLA_LINK_NAME]) {
		NL_SET_ERR_MSG(info->extack, "Link name missing");
		return -EINVAL;
	}
	*name = nla_data(tb[TIPC_NLA_LINK_NAME]);
	return 0;
}

struct tipc_nl_link_get_ctx {
	struct sk_buff *rep;
	u32 self;
};

static int tipc_nl_link_fill(struct tipc_link *l, struct sk_buff_head *xmitq,
			     void *arg)
{
	struct tipc_nl_link_get_ctx *c = arg;

	return tipc_nl_link_body(c->rep, l, tipc_link_is_up(l), c->self);
}

int tipc_nl_link_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_LINK_MAX + 1];
	struct net *net = genl_info_net(info);
	struct tipc_nl_link_get_ctx c;
	struct nlattr *nest;
	const char *name;
	void *hdr;
	int err;

	err = tipc_nl_link_nest(info, tb, &name);
	if (err)
		return err;
	c.rep = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	c.self = tipc_own_addr(net);
	if (!c.rep)
		return -ENOMEM;
	hdr = tipc_nl_reply_start(c.rep, info, TIPC_NL_LINK_GET);
	nest = hdr ? nla_nest_start_noflag(c.rep, TIPC_NLA_LINK) : NULL;
	if (!nest) {
		err = -EMSGSIZE;
		goto fail;
	}
	if (!strcmp(name, TIPC_BCLINK_NAME))
		err = tipc_nl_bc_body(net, c.rep);
	else
		err = tipc_node_link_do(net, name, tipc_nl_link_fill, &c);
	if (err)
		goto fail;
	nla_nest_end(c.rep, nest);
	genlmsg_end(c.rep, hdr);
	return genlmsg_reply(c.rep, info);
fail:
	nlmsg_free(c.rep);
	return err;
}

static int tipc_nl_link_apply(struct tipc_link *l, struct sk_buff_head *xmitq,
			      void *arg)
{
	struct nlattr **props = arg;

	if (props[TIPC_NLA_PROP_TOL])
		tipc_link_set_tolerance(l, nla_get_u32(props[TIPC_NLA_PROP_TOL]),
					xmitq);
	if (props[TIPC_NLA_PROP_PRIO])
		tipc_link_set_prio(l, nla_get_u32(props[TIPC_NLA_PROP_PRIO]),
				   xmitq);
	if (props[TIPC_NLA_PROP_WIN])
		tipc_link_set_window(l, nla_get_u32(props[TIPC_NLA_PROP_WIN]));
	return 0;
}

/*
 * "tipc link set broadcast ..." and "tipc link set window W link
 * broadcast-link": the method, the AUTOSELECT ratio, the window.
 */
static int tipc_nl_bc_set(struct net *net, struct nlattr **props,
			  struct netlink_ext_ack *extack)
{
	u32 mode = 0, ratio = 0, window = 0;
	int err;

	if (props[TIPC_NLA_PROP_BROADCAST]) {
		mode = nla_get_u32(props[TIPC_NLA_PROP_BROADCAST]);
		if (mode != TIPC_BC_MODE_BCAST && mode != TIPC_BC_MODE_RCAST &&
		    mode != TIPC_BC_MODE_AUTO) {
			NL_SET_ERR_MSG(extack, "unknown broadcast method");
			return -EINVAL;
		}
	}
	if (props[TIPC_NLA_PROP_BROADCAST_RATIO]) {
		ratio = nla_get_u32(props[TIPC_NLA_PROP_BROADCAST_RATIO]);
		if (!ratio || ratio > 100) {
			NL_SET_ERR_MSG(extack, "broadcast ratio must be 1..100");
			return -EINVAL;
		}
	}
	if (props[TIPC_NLA_PROP_WIN])
		window = nla_get_u32(props[TIPC_NLA_PROP_WIN]);
	if (!mode && !ratio && !window) {
		NL_SET_ERR_MSG(extack,
			       "the broadcast link takes a window, a method or a ratio");
		return -EOPNOTSUPP;
	}
	err = tipc_bclink_set(net, mode, ratio, window);
	if (err == -ENOPROTOOPT)
		NL_SET_ERR_MSG(extack,
			       "a bearer with links cannot broadcast (UDP replicast)");
	return err;
}

int tipc_nl_link_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *props[TIPC_NLA_PROP_MAX + 1] = {};
	struct nlattr *tb[TIPC_NLA_LINK_MAX + 1];
	struct net *net = genl_info_net(info);
	const char *name;
	int err;

	err = tipc_nl_link_nest(info, tb, &name);
	if (err)
		return err;
	if (tb[TIPC_NLA_LINK_PROP]) {
		err = tipc_nl_props(tb[TIPC_NLA_LINK_PROP], props);
		if (err)
			return err;
	}
	if (!strcmp(name, TIPC_BCLINK_NAME))
		return tipc_nl_bc_set(net, props, info->extack);
	return tipc_node_link_do(net, name, tipc_nl_link_apply, props);
}

static int tipc_nl_link_zero(struct tipc_link *l, struct sk_buff_head *xmitq,
			     void *arg)
{
	tipc_link_reset_stats(l);
	return 0;
}

int tipc_nl_link_reset_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_LINK_MAX + 1];
	const char *name;
	int err;

	err = tipc_nl_link_nest(info, tb, &name);
	if (err)
		return err;
	if (!strcmp(name, TIPC_BCLINK_NAME)) {
		tipc_bclink_reset_stats(genl_info_net(info));
		return 0;
	}
	return tipc_node_link_do(genl_info_net(info), name, tipc_nl_link_zero,
				 NULL);
}

static int tipc_nl_node_one(u32 addr, bool up, void *arg)
{
	struct tipc_nl_dump *d = arg;
	struct nlattr *nest;
	void *hdr;

	hdr = tipc_nl_dump_start(d, TIPC_NL_NODE_GET, TIPC_NLA_NODE, &nest);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(d->skb, TIPC_NLA_NODE_ADDR, addr) ||
	    (up && nla_put_flag(d->skb, TIPC_NLA_NODE_UP))) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(d->skb, nest);
	genlmsg_end(d->skb, hdr);
	return 0;
}

/* Dump of the peer nodes; cb->args: [0] started, [1] last address */
int tipc_nl_node_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct tipc_nl_dump d = { .skb = skb, .cb = cb };
	u32 pos = cb->args[1];
	int err;

	err = tipc_node_walk(sock_net(skb->sk), &pos, !cb->args[0],
			     tipc_nl_node_one, &d);
	cb->args[0] = 1;
	cb->args[1] = pos;
	if (err && !skb->len)
		return err;
	return skb->len;
}
