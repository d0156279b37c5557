// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: "tipc link monitor": the activation threshold, a summary per
 * bearer and the ring of one bearer (TIPC_NL_MON_SET/GET/PEER_GET).
 * Bearers, and so their monitors, are looked up under RTNL.
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/tipc_netlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "bearer.h"
#include "core.h"
#include "monitor.h"
#include "netlink.h"

/* The request's TIPC_NLA_MON nest, parsed (the family policy checked it) */
static int tipc_nl_mon_attrs(struct nlattr **attrs, struct nlattr **tb,
			     struct netlink_ext_ack *extack)
{
	if (!attrs[TIPC_NLA_MON]) {
		NL_SET_ERR_MSG(extack, "monitor attributes missing");
		return -EINVAL;
	}
	return nla_parse_nested_deprecated(tb, TIPC_NLA_MON_MAX,
					   attrs[TIPC_NLA_MON], NULL, extack);
}

int tipc_nl_mon_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_MON_MAX + 1];
	struct nlattr *attr;
	int err;

	err = tipc_nl_mon_attrs(info->attrs, tb, info->extack);
	if (err)
		return err;
	attr = tb[TIPC_NLA_MON_ACTIVATION_THRESHOLD];
	if (!attr)
		return 0;
	err = tipc_mon_set_threshold(genl_info_net(info), nla_get_u32(attr));
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "threshold out of range (0-4095)");
	return err;
}

static int tipc_nl_fill_threshold(struct sk_buff *skb, const void *net)
{
	return nla_put_u32(skb, TIPC_NLA_MON_ACTIVATION_THRESHOLD,
			   tipc_mon_threshold((struct net *)net));
}

int tipc_nl_mon_get(struct sk_buff *skb, struct genl_info *info)
{
	return tipc_nl_reply_one(info, TIPC_NL_MON_GET, TIPC_NLA_MON,
				 tipc_nl_fill_threshold, genl_info_net(info));
}

static int tipc_nl_fill_mon(struct sk_buff *skb, const void *obj)
{
	const struct tipc_bearer *b = obj;
	u32 peer_cnt, list_gen;
	bool active;

	active = tipc_mon_summary(b->mon, &peer_cnt, &list_gen);
	if (nla_put_u32(skb, TIPC_NLA_MON_REF, b->id) ||
	    (active && nla_put_flag(skb, TIPC_NLA_MON_ACTIVE)) ||
	    nla_put_string(skb, TIPC_NLA_MON_BEARER_NAME, b->name) ||
	    nla_put_u32(skb, TIPC_NLA_MON_PEERCNT, peer_cnt) ||
	    nla_put_u32(skb, TIPC_NLA_MON_LISTGEN, list_gen))
		return -EMSGSIZE;
	return 0;
}

/* One entry per bearer */
int tipc_nl_mon_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return tipc_nl_bearer_walk(skb, cb, TIPC_NL_MON_GET, TIPC_NLA_MON,
				   tipc_nl_fill_mon);
}

static int tipc_nl_fill_mon_peer(struct sk_buff *skb, const void *obj)
{
	const struct tipc_mon_view *v = obj;

	if (nla_put_u32(skb, TIPC_NLA_MON_PEER_ADDR, v->addr) ||
	    nla_put_u32(skb, TIPC_NLA_MON_PEER_APPLIED, v->applied) ||
	    (v->up && nla_put_flag(skb, TIPC_NLA_MON_PEER_UP)) ||
	    (v->local && nla_put_flag(skb, TIPC_NLA_MON_PEER_LOCAL)) ||
	    (v->head && nla_put_flag(skb, TIPC_NLA_MON_PEER_HEAD)))
		return -EMSGSIZE;
	if (!v->has_record)
		return 0;
	if (nla_put_u32(skb, TIPC_NLA_MON_PEER_DOMGEN, v->gen) ||
	    nla_put_u64_64bit(skb, TIPC_NLA_MON_PEER_UPMAP, v->up_map,
			      TIPC_NLA_MON_PEER_PAD) ||
	    nla_put(skb, TIPC_NLA_MON_PEER_MEMBERS, v->cnt * sizeof(u32),
		    v->member))
		return -EMSGSIZE;
	return 0;
}

/* The bearer identity the request names, or a negative errno */
static long tipc_nl_mon_requested(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct nlattr *tb[TIPC_NLA_MON_MAX + 1];
	u32 id;
	int err;

	err = tipc_nl_mon_attrs(info->info.attrs, tb, cb->extack);
	if (err)
		return err;
	if (!tb[TIPC_NLA_MON_REF]) {
		NL_SET_ERR_MSG(cb->extack, "bearer reference missing");
		return -EINVAL;
	}
	id = nla_get_u32(tb[TIPC_NLA_MON_REF]);
	if (id >= TIPC_MAX_BEARERS) {
		NL_SET_ERR_MSG(cb->extack, "bearer reference out of range");
		return -EINVAL;
	}
	return id;
}

/* The ring of one bearer, ourselves first; cb->args[0] nodes sent so far */
int tipc_nl_mon_peer_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct tipc_nl_dump d = { .skb = skb, .cb = cb };
	long id = tipc_nl_mon_requested(cb);
	struct tipc_mon_view *v;
	struct tipc_bearer *b;
	int err = 0;

	if (id < 0)
		return id;
	v = kmalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	rtnl_lock();
	b = tipc_bearer_at(sock_net(skb->sk), id);
	if (!b) {
		NL_SET_ERR_MSG(cb->extack, "no bearer with that reference");
		err = -EINVAL;
	}
	while (b && !tipc_mon_peer_view(b->mon, cb->args[0], v)) {
		if (tipc_nl_dump_one(&d, TIPC_NL_MON_PEER_GET,
				     TIPC_NLA_MON_PEER, tipc_nl_fill_mon_peer,
				     v))
			break;
		cb->args[0]++;
	}
	rtnl_unlock();
	kfree(v);
	return err ?: skb->len;
}
