// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: the bearer and media commands of the TIPCv2 netlink family:
 * "tipc bearer enable|disable|list|get|set" and "tipc media list|get|set".
 *
 * Every handler runs under the genl mutex and takes RTNL around what it
 * reads or changes of bearers and media (see bearer.h). Errors and their
 * extack messages are the stock module's.
 */
#include <linux/rtnetlink.h>
#include <linux/tipc_netlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "bearer.h"
#include "core.h"
#include "netlink.h"
#include "node.h"
#include "udp_media.h"

static const struct netlink_range_validation tipc_nl_mtu_range = {
	.max = U16_MAX,
};

static const struct nla_policy tipc_nl_prop_policy[TIPC_NLA_PROP_MAX + 1] = {
	[TIPC_NLA_PROP_PRIO]		= { .type = NLA_U32 },
	[TIPC_NLA_PROP_TOL]		= { .type = NLA_U32 },
	[TIPC_NLA_PROP_WIN]		= { .type = NLA_U32 },
	[TIPC_NLA_PROP_MTU]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							&tipc_nl_mtu_range),
	[TIPC_NLA_PROP_BROADCAST]	= { .type = NLA_U32 },
	[TIPC_NLA_PROP_BROADCAST_RATIO]	= { .type = NLA_U32 },
};

static const struct nla_policy
tipc_nl_bearer_policy[TIPC_NLA_BEARER_MAX + 1] = {
	[TIPC_NLA_BEARER_NAME]		= { .type = NLA_NUL_STRING,
					    .len = TIPC_MAX_BEARER_NAME },
	[TIPC_NLA_BEARER_PROP]		= { .type = NLA_NESTED },
	[TIPC_NLA_BEARER_DOMAIN]	= { .type = NLA_U32 },
	[TIPC_NLA_BEARER_UDP_OPTS]	= { .type = NLA_NESTED },
};

static const struct nla_policy tipc_nl_media_policy[TIPC_NLA_MEDIA_MAX + 1] = {
	[TIPC_NLA_MEDIA_NAME]		= { .type = NLA_STRING },
	[TIPC_NLA_MEDIA_PROP]		= { .type = NLA_NESTED },
};

/* Link properties: parse @nest into @props and check their ranges. */
int tipc_nl_props(struct nlattr *nest, struct nlattr **props)
{
	static const u32 range[][3] = {
		{ TIPC_NLA_PROP_PRIO, TIPC_PRIO_MIN, TIPC_PRIO_MAX },
		{ TIPC_NLA_PROP_TOL, TIPC_TOL_MIN, TIPC_TOL_MAX },
		{ TIPC_NLA_PROP_WIN, TIPC_WIN_DEF, TIPC_WIN_MAX },
	};
	unsigned int i;
	int err;
	u32 v;

	err = nla_parse_nested_deprecated(props, TIPC_NLA_PROP_MAX, nest,
					  tipc_nl_prop_policy, NULL);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(range); i++) {
		if (!props[range[i][0]])
			continue;
		v = nla_get_u32(props[range[i][0]]);
		if (v < range[i][1] || v > range[i][2])
			return -EINVAL;
	}
	return 0;
}

/*
 * Parse the nest @top of a request with @policy into @tb, and find in
 * it the name attribute @name_attr, which every such request must have.
 */
static int tipc_nl_named_nest(struct genl_info *info, int top, int maxattr,
			      const struct nla_policy *policy, int name_attr,
			      struct nlattr **tb, const char **name)
{
	struct nlattr *nest = info->attrs[top];
	int err = -EINVAL;

	if (nest)
		err = nla_parse_nested_deprecated(tb, maxattr, nest, policy,
						  info->extack);
	if (!err && !tb[name_attr])
		err = -EINVAL;
	if (!err)
		*name = nla_data(tb[name_attr]);
	return err;
}

/* A request's bearer nest, parsed, with the name it must carry */
static int tipc_nl_bearer_req(struct genl_info *info, struct nlattr **tb,
			      const char **name)
{
	return tipc_nl_named_nest(info, TIPC_NLA_BEARER, TIPC_NLA_BEARER_MAX,
				  tipc_nl_bearer_policy, TIPC_NLA_BEARER_NAME,
				  tb, name);
}

static int tipc_nl_media_req(struct genl_info *info, struct nlattr **tb,
			     const char **name)
{
	return tipc_nl_named_nest(info, TIPC_NLA_MEDIA, TIPC_NLA_MEDIA_MAX,
				  tipc_nl_media_policy, TIPC_NLA_MEDIA_NAME,
				  tb, name);
}

/* NAME and PROP{PRIO, TOL, WIN, [MTU]} into an open nest */
static int tipc_nl_put_props(struct sk_buff *skb, int name_type,
			     const char *name, int prop_type,
			     const u32 *vals, bool with_mtu)
{
	struct nlattr *prop;

	if (nla_put_string(skb, name_type, name))
		return -EMSGSIZE;
	prop = nla_nest_start_noflag(skb, prop_type);
	if (!prop ||
	    nla_put_u32(skb, TIPC_NLA_PROP_PRIO, vals[0]) ||
	    nla_put_u32(skb, TIPC_NLA_PROP_TOL, vals[1]) ||
	    nla_put_u32(skb, TIPC_NLA_PROP_WIN, vals[2]) ||
	    (with_mtu && nla_put_u32(skb, TIPC_NLA_PROP_MTU, vals[3])))
		return -EMSGSIZE;
	nla_nest_end(skb, prop);
	return 0;
}

static int tipc_nl_fill_bearer(struct sk_buff *skb, const void *obj)
{
	const struct tipc_bearer *b = obj;
	const u32 vals[] = { b->priority, b->tolerance, b->win_hi, b->mtu };
	int err;

	err = tipc_nl_put_props(skb, TIPC_NLA_BEARER_NAME, b->name,
				TIPC_NLA_BEARER_PROP, vals,
				b->media->type_id == TIPC_MEDIA_TYPE_UDP);
	if (!err && b->media->nl_fill)
		err = b->media->nl_fill(skb, b);
	return err;
}

static int tipc_nl_fill_media(struct sk_buff *skb, const void *obj)
{
	const struct tipc_media *m = obj;
	const u32 vals[] = { m->priority, m->tolerance, m->win_hi, m->mtu };

	return tipc_nl_put_props(skb, TIPC_NLA_MEDIA_NAME, m->name,
				 TIPC_NLA_MEDIA_PROP, vals,
				 m->type_id == TIPC_MEDIA_TYPE_UDP);
}

int tipc_nl_bearer_enable(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_BEARER_MAX + 1];
	struct nlattr *props[TIPC_NLA_PROP_MAX + 1];
	u32 prio = TIPC_PRIO_MEDIA, domain = 0;
	const char *name;
	int err;

	err = tipc_nl_bearer_req(info, tb, &name);
	if (err)
		return err;
	if (tb[TIPC_NLA_BEARER_DOMAIN])
		domain = nla_get_u32(tb[TIPC_NLA_BEARER_DOMAIN]);
	if (tb[TIPC_NLA_BEARER_PROP]) {
		err = tipc_nl_props(tb[TIPC_NLA_BEARER_PROP], props);
		if (err)
			return err;
		if (props[TIPC_NLA_PROP_PRIO])
			prio = nla_get_u32(props[TIPC_NLA_PROP_PRIO]);
	}
	rtnl_lock();
	err = tipc_bearer_enable(genl_info_net(info), name, domain, prio, tb,
				 info->extack);
	rtnl_unlock();
	return err;
}

/*
 * Run @op on the bearer a request names, under RTNL; its nest is parsed
 * into @tb for @op to read the rest from.
 */
static int tipc_nl_on_bearer(struct genl_info *info, struct nlattr **tb,
			     int (*op)(struct tipc_bearer *b, struct nlattr **tb,
				       struct genl_info *info))
{
	struct tipc_bearer *b;
	const char *name;
	int err;

	err = tipc_nl_bearer_req(info, tb, &name);
	if (err)
		return err;
	rtnl_lock();
	b = tipc_bearer_find(genl_info_net(info), name);
	if (b) {
		err = op(b, tb, info);
	} else {
		NL_SET_ERR_MSG(info->extack, "Bearer not found");
		err = -EINVAL;
	}
	rtnl_unlock();
	return err;
}

static int tipc_nl_bearer_do_disable(struct tipc_bearer *b, struct nlattr **tb,
				     struct genl_info *info)
{
	tipc_bearer_disable(b);
	return 0;
}

int tipc_nl_bearer_disable(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_BEARER_MAX + 1];

	return tipc_nl_on_bearer(info, tb, tipc_nl_bearer_do_disable);
}

static int tipc_nl_bearer_do_get(struct tipc_bearer *b, struct nlattr **tb,
				 struct genl_info *info)
{
	return tipc_nl_reply_one(info, TIPC_NL_BEARER_GET, TIPC_NLA_BEARER,
				 tipc_nl_fill_bearer, b);
}

int tipc_nl_bearer_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_BEARER_MAX + 1];

	return tipc_nl_on_bearer(info, tb, tipc_nl_bearer_do_get);
}

/*
 * A dump of one message of @cmd per bearer, by identity: nest @type,
 * filled by @fill from the bearer (under RTNL). cb->args[0] is the next
 * identity to send.
 */
int tipc_nl_bearer_walk(struct sk_buff *skb, struct netlink_callback *cb,
			int cmd, int type,
			int (*fill)(struct sk_buff *, const void *))
{
	struct tipc_nl_dump d = { .skb = skb, .cb = cb };
	struct net *net = sock_net(skb->sk);
	struct tipc_bearer *b;
	unsigned long id;

	rtnl_lock();
	for (id = cb->args[0]; id < TIPC_MAX_BEARERS; id++) {
		b = tipc_bearer_at(net, id);
		if (b && tipc_nl_dump_one(&d, cmd, type, fill, b))
			break;
	}
	rtnl_unlock();
	cb->args[0] = id;
	return skb->len;
}

int tipc_nl_bearer_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return tipc_nl_bearer_walk(skb, cb, TIPC_NL_BEARER_GET,
				   TIPC_NLA_BEARER, tipc_nl_fill_bearer);
}

/*
 * An MTU property: UDP media and bearers have one, of at least the
 * smallest bearer MTU plus their IP and UDP headers (@hlen).
 */
static int tipc_nl_mtu_check(const struct tipc_media *m, struct nlattr *attr,
			     u32 hlen, struct netlink_ext_ack *extack)
{
	bool udp = m->type_id == TIPC_MEDIA_TYPE_UDP;

	if (udp && !tipc_udp_mtu_bad(nla_get_u32(attr), hlen))
		return 0;
	if (udp)
		NL_SET_ERR_MSG(extack, "MTU value is out-of-range");
	else
		NL_SET_ERR_MSG(extack, "MTU property is unsupported");
	return -EINVAL;
}

/*
 * New properties apply to the bearer; its links take a new tolerance at
 * once (and announce it), priority and window when next created.
 */
static int tipc_nl_bearer_apply(struct tipc_bearer *b, struct nlattr **props,
				struct netlink_ext_ack *extack)
{
	int err;

	if (props[TIPC_NLA_PROP_MTU]) {
		err = tipc_nl_mtu_check(b->media, props[TIPC_NLA_PROP_MTU],
					b->encap_hlen, extack);
		if (err)
			return err;
		b->mtu = nla_get_u32(props[TIPC_NLA_PROP_MTU]);
		tipc_node_bearer_mtu(b->net, b->id, b->mtu);
	}
	if (props[TIPC_NLA_PROP_TOL]) {
		b->tolerance = nla_get_u32(props[TIPC_NLA_PROP_TOL]);
		tipc_node_bearer_tolerance(b->net, b->id, b->tolerance);
	}
	if (props[TIPC_NLA_PROP_PRIO])
		b->priority = nla_get_u32(props[TIPC_NLA_PROP_PRIO]);
	if (props[TIPC_NLA_PROP_WIN])
		b->win_hi = nla_get_u32(props[TIPC_NLA_PROP_WIN]);
	return 0;
}

static int tipc_nl_bearer_do_set(struct tipc_bearer *b, struct nlattr **tb,
				 struct genl_info *info)
{
	struct nlattr *props[TIPC_NLA_PROP_MAX + 1];
	int err;

	if (!tb[TIPC_NLA_BEARER_PROP])
		return 0;
	err = tipc_nl_props(tb[TIPC_NLA_BEARER_PROP], props);
	return err ? err : tipc_nl_bearer_apply(b, props, info->extack);
}

int tipc_nl_bearer_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_BEARER_MAX + 1];

	return tipc_nl_on_bearer(info, tb, tipc_nl_bearer_do_set);
}

static int tipc_nl_bearer_do_add(struct tipc_bearer *b, struct nlattr **tb,
				 struct genl_info *info)
{
	if (!tb[TIPC_NLA_BEARER_UDP_OPTS] || !b->media->nl_add)
		return -EINVAL;
	return b->media->nl_add(b, tb[TIPC_NLA_BEARER_UDP_OPTS], info->extack);
}

/* "tipc bearer add": a replicast peer for an UDP bearer */
int tipc_nl_bearer_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_BEARER_MAX + 1];

	return tipc_nl_on_bearer(info, tb, tipc_nl_bearer_do_add);
}

/*
 * The replicast peers of the UDP bearer the request names, one message
 * each. cb->args[0] is the bearer's identity + 1 once found, args[1]
 * the peers sent so far.
 */
int tipc_nl_bearer_peers(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->info.attrs;
	struct tipc_nl_dump d = { .skb = skb, .cb = cb };
	struct nlattr *tb[TIPC_NLA_BEARER_MAX + 1];
	struct net *net = sock_net(skb->sk);
	struct tipc_bearer *b = NULL;
	const char *name;
	int err = 0;

	if (!cb->args[0]) {
		if (!attrs[TIPC_NLA_BEARER])
			return -EINVAL;
		err = nla_parse_nested_deprecated(tb, TIPC_NLA_BEARER_MAX,
						  attrs[TIPC_NLA_BEARER],
						  tipc_nl_bearer_policy, NULL);
		if (err || !tb[TIPC_NLA_BEARER_NAME])
			return -EINVAL;
		name = nla_data(tb[TIPC_NLA_BEARER_NAME]);
	}
	rtnl_lock();
	if (cb->args[0])
		b = tipc_bearer_at(net, cb->args[0] - 1);
	else
		b = tipc_bearer_find(net, name);
	if (!b || !b->media->nl_peers) {
		err = -EINVAL;
	} else {
		cb->args[0] = b->id + 1;
		if (b->media->nl_peers(b, &d, &cb->args[1]) &&
		    !skb->len)
			err = -EMSGSIZE;
	}
	rtnl_unlock();
	return err ? err : skb->len;
}

int tipc_nl_media_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_MEDIA_MAX + 1];
	struct tipc_media *m;
	const char *name;
	int err;

	err = tipc_nl_media_req(info, tb, &name);
	if (err)
		return err;
	rtnl_lock();
	m = tipc_media_find(name);
	if (m) {
		err = tipc_nl_reply_one(info, TIPC_NL_MEDIA_GET,
					TIPC_NLA_MEDIA, tipc_nl_fill_media, m);
	} else {
		NL_SET_ERR_MSG(info->extack, "Media not found");
		err = -EINVAL;
	}
	rtnl_unlock();
	return err;
}

int tipc_nl_media_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct tipc_nl_dump d = { .skb = skb, .cb = cb };
	struct tipc_media *m;
	unsigned long i;

	rtnl_lock();
	for (i = cb->args[0]; (m = tipc_media_at(i)); i++)
		if (tipc_nl_dump_one(&d, TIPC_NL_MEDIA_GET, TIPC_NLA_MEDIA,
				     tipc_nl_fill_media, m))
			break;
	rtnl_unlock();
	cb->args[0] = i;
	return skb->len;
}

/* Media defaults are global, as in the stock module: every namespace's */
int tipc_nl_media_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_MEDIA_MAX + 1];
	struct nlattr *props[TIPC_NLA_PROP_MAX + 1];
	struct tipc_media *m;
	const char *name;
	int err;

	err = tipc_nl_media_req(info, tb, &name);
	if (err)
		return err;
	m = tipc_media_find(name);
	if (unlikely(!m)) {
		NL_SET_ERR_MSG(info->extack, "Media not found");
		return -EINVAL;
	}
	if (!tb[TIPC_NLA_MEDIA_PROP])
		return 0;
	err = tipc_nl_props(tb[TIPC_NLA_MEDIA_PROP], props);
	if (err)
		return err;
	err = props[TIPC_NLA_PROP_MTU] ?
	      tipc_nl_mtu_check(m, props[TIPC_NLA_PROP_MTU], TIPC_UDP4_HLEN,
				info->extack) : 0;
	if (err)
		return err;
	rtnl_lock();
	if (props[TIPC_NLA_PROP_MTU])
		WRITE_ONCE(m->mtu, nla_get_u32(props[TIPC_NLA_PROP_MTU]));
	if (props[TIPC_NLA_PROP_TOL])
		WRITE_ONCE(m->tolerance, nla_get_u32(props[TIPC_NLA_PROP_TOL]));
	if (props[TIPC_NLA_PROP_PRIO])
		WRITE_ONCE(m->priority, nla_get_u32(props[TIPC_NLA_PROP_PRIO]));
	if (props[TIPC_NLA_PROP_WIN])
		WRITE_ONCE(m->win_hi, nla_get_u32(props[TIPC_NLA_PROP_WIN]));
	rtnl_unlock();
	return 0;
}
