// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: the "TIPCv2" generic netlink family, as iproute2's tipc tool
 * speaks it. Command and attribute numbers are fixed by the uapi header.
 *
 * Every request runs under the genl mutex; those that change state also
 * take RTNL, which protects the namespace configuration (see core.h).
 */
#include <linux/rtnetlink.h>
#include <linux/tipc_netlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "addr.h"
#include "core.h"
#include "name_table.h"
#include "netlink.h"
#include "node.h"

static const struct nla_policy tipc_nl_sock_policy[TIPC_NLA_SOCK_MAX + 1] = {
	[TIPC_NLA_SOCK_REF]		= { .type = NLA_U32 },
};

static const struct nla_policy tipc_nl_net_policy[TIPC_NLA_NET_MAX + 1] = {
	[TIPC_NLA_NET_NODEID]		= { .type = NLA_U64 },
	[TIPC_NLA_NET_NODEID_W1]	= { .type = NLA_U64 },
	[TIPC_NLA_NET_ID]		= { .type = NLA_U32 },
	[TIPC_NLA_NET_ADDR]		= { .type = NLA_U32 },
};

static const struct nla_policy tipc_nl_mon_policy[TIPC_NLA_MON_MAX + 1] = {
	[TIPC_NLA_MON_ACTIVATION_THRESHOLD]	= { .type = NLA_U32 },
	[TIPC_NLA_MON_REF]			= { .type = NLA_U32 },
};

/* Top level: one nest per object; nests without a policy are unused yet. */
static const struct nla_policy tipc_nl_policy[TIPC_NLA_MAX + 1] = {
	[TIPC_NLA_BEARER]	= { .type = NLA_NESTED },
	[TIPC_NLA_SOCK]		= NLA_POLICY_NESTED(tipc_nl_sock_policy),
	[TIPC_NLA_PUBL]		= { .type = NLA_NESTED },
	[TIPC_NLA_LINK]		= { .type = NLA_NESTED },
	[TIPC_NLA_MEDIA]	= { .type = NLA_NESTED },
	[TIPC_NLA_NODE]		= { .type = NLA_NESTED },
	[TIPC_NLA_NET]		= NLA_POLICY_NESTED(tipc_nl_net_policy),
	[TIPC_NLA_NAME_TABLE]	= { .type = NLA_NESTED },
	[TIPC_NLA_MON]		= NLA_POLICY_NESTED(tipc_nl_mon_policy),
	[TIPC_NLA_MON_PEER]	= { .type = NLA_NESTED },
};

static struct genl_family tipc_genl_family;

/* Start a reply message of a dump, bare. */
void *tipc_nl_dump_hdr(struct tipc_nl_dump *d, int cmd)
{
	return genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			   d->cb->nlh->nlmsg_seq, &tipc_genl_family,
			   NLM_F_MULTI, cmd);
}

/* Start a reply message of a dump, with the outer nest @type opened. */
void *tipc_nl_dump_start(struct tipc_nl_dump *d, int cmd, int type,
			 struct nlattr **nest)
{
	void *hdr = tipc_nl_dump_hdr(d, cmd);

	if (!hdr)
		return NULL;
	*nest = nla_nest_start_noflag(d->skb, type);
	if (!*nest) {
		genlmsg_cancel(d->skb, hdr);
		return NULL;
	}
	return hdr;
}

/* Start the reply to a doit request @info: a message of @cmd. */
void *tipc_nl_reply_start(struct sk_buff *rep, struct genl_info *info, u8 cmd)
{
	return genlmsg_put_reply(rep, info, &tipc_genl_family, 0, cmd);
}

/* One dump message of @cmd with nest @type filled by @fill */
int tipc_nl_dump_one(struct tipc_nl_dump *d, int cmd, int type,
		     int (*fill)(struct sk_buff *, const void *),
		     const void *obj)
{
	struct nlattr *nest;
	void *hdr;

	hdr = tipc_nl_dump_start(d, cmd, type, &nest);
	if (!hdr)
		return -EMSGSIZE;
	if (fill(d->skb, obj)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(d->skb, nest);
	genlmsg_end(d->skb, hdr);
	return 0;
}

/* The reply to a GET doit: one message of @cmd, nest @type */
int tipc_nl_reply_one(struct genl_info *info, int cmd, int type,
		      int (*fill)(struct sk_buff *, const void *),
		      const void *obj)
{
	struct nlattr *nest;
	struct sk_buff *rep;
	void *hdr;

	rep = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rep)
		return -ENOMEM;
	hdr = tipc_nl_reply_start(rep, info, cmd);
	nest = hdr ? nla_nest_start_noflag(rep, type) : NULL;
	if (!nest || fill(rep, obj)) {
		nlmsg_free(rep);
		return -EMSGSIZE;
	}
	nla_nest_end(rep, nest);
	genlmsg_end(rep, hdr);
	return genlmsg_reply(rep, info);
}

static int tipc_nl_put_net(struct tipc_nl_dump *d, const struct tipc_net *tn)
{
	struct nlattr *nest;
	u64 id[2];
	void *hdr;

	hdr = tipc_nl_dump_start(d, TIPC_NL_NET_GET, TIPC_NLA_NET, &nest);
	if (!hdr)
		return -EMSGSIZE;
	/* The identity travels as two u64 holding its bytes in memory order */
	memcpy(id, tn->node_id, sizeof(id));
	if (nla_put_u32(d->skb, TIPC_NLA_NET_ID, READ_ONCE(tn->cluster_id)) ||
	    nla_put_u64_64bit(d->skb, TIPC_NLA_NET_NODEID, id[0],
			      TIPC_NLA_NET_UNSPEC) ||
	    nla_put_u64_64bit(d->skb, TIPC_NLA_NET_NODEID_W1, id[1],
			      TIPC_NLA_NET_UNSPEC)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(d->skb, nest);
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int tipc_nl_get_net(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct tipc_nl_dump d = { .skb = skb, .cb = cb };
	int err;

	if (cb->args[0])
		return 0;
	rtnl_lock();
	err = tipc_nl_put_net(&d, tipc_net(sock_net(skb->sk)));
	rtnl_unlock();
	if (err)
		return err;
	cb->args[0] = 1;
	return skb->len;
}

static int tipc_nl_set_identity(struct net *net, struct nlattr **attrs,
				struct netlink_ext_ack *extack)
{
	u64 id[2];
	int err;

	if (!attrs[TIPC_NLA_NET_NODEID_W1]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[TIPC_NLA_NET_NODEID],
				    "node identity needs both of its halves");
		return -EINVAL;
	}
	id[0] = nla_get_u64(attrs[TIPC_NLA_NET_NODEID]);
	id[1] = nla_get_u64(attrs[TIPC_NLA_NET_NODEID_W1]);
	err = tipc_net_set_identity(net, (u8 *)id);
	if (err == -EALREADY) {
		/* Accepted and ignored, as the stock module does */
		pr_info("node identity is already configured\n");
		err = 0;
	}
	return err;
}

static int tipc_nl_set_addr(struct net *net, struct nlattr *attr,
			    struct netlink_ext_ack *extack)
{
	u32 addr = nla_get_u32(attr);
	int err;

	if (!addr) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "node address must not be 0");
		return -EINVAL;
	}
	tipc_net(net)->legacy_addr = true;
	err = tipc_net_set_addr(net, addr);
	if (err == -EALREADY) {
		pr_info("node identity is configured, address ignored\n");
		err = 0;
	}
	return err;
}

static int tipc_nl_set_net(struct net *net, struct nlattr **attrs,
			   struct netlink_ext_ack *extack)
{
	struct tipc_net *tn = tipc_net(net);
	int err;

	if (tn->node_addr) {
		NL_SET_ERR_MSG(extack, "node address is committed, cannot change");
		return -EPERM;
	}
	if (attrs[TIPC_NLA_NET_ID]) {
		err = tipc_net_set_cluster_id(net,
					      nla_get_u32(attrs[TIPC_NLA_NET_ID]));
		if (err) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[TIPC_NLA_NET_ID],
					    "cluster id must be 1..9999");
			return err;
		}
	}
	if (attrs[TIPC_NLA_NET_ADDR]) {
		err = tipc_nl_set_addr(net, attrs[TIPC_NLA_NET_ADDR], extack);
		if (err)
			return err;
	}
	if (attrs[TIPC_NLA_NET_NODEID])
		return tipc_nl_set_identity(net, attrs, extack);
	return 0;
}

static int tipc_nl_put_binding(const struct tipc_binding *b, void *arg)
{
	const u32 attrs[][2] = {
		{ TIPC_NLA_PUBL_TYPE, b->type },
		{ TIPC_NLA_PUBL_LOWER, b->lower },
		{ TIPC_NLA_PUBL_UPPER, b->upper },
		{ TIPC_NLA_PUBL_SCOPE, b->scope },
		{ TIPC_NLA_PUBL_NODE, b->node },
		{ TIPC_NLA_PUBL_REF, b->port },
		{ TIPC_NLA_PUBL_KEY, b->key },
	};
	struct tipc_nl_dump *d = arg;
	struct nlattr *outer, *publ;
	void *hdr;
	int i;

	hdr = tipc_nl_dump_start(d, TIPC_NL_NAME_TABLE_GET,
				 TIPC_NLA_NAME_TABLE, &outer);
	if (!hdr)
		return -EMSGSIZE;
	publ = nla_nest_start_noflag(d->skb, TIPC_NLA_NAME_TABLE_PUBL);
	if (!publ)
		goto cancel;
	for (i = 0; i < ARRAY_SIZE(attrs); i++)
		if (nla_put_u32(d->skb, attrs[i][0], attrs[i][1]))
			goto cancel;
	nla_nest_end(d->skb, publ);
	nla_nest_end(d->skb, outer);
	genlmsg_end(d->skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(d->skb, hdr);
	return -EMSGSIZE;
}

/* One message per binding; cb->args[0] counts those already sent. */
static int tipc_nl_get_name_table(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct tipc_nl_dump d = { .skb = skb, .cb = cb };
	int err;

	err = tipc_nametbl_walk(sock_net(skb->sk), &cb->args[0],
				tipc_nl_put_binding, &d);
	if (err && !skb->len)
		return err;
	return skb->len;
}

/*
 * Peer nodes come with links; until then the list is empty, as on a lone
 * node of the stock module, and "tipc node list" prints its header only.
 */
/* Parse the nest @type of a request into @tb, after the family policy. */
static int tipc_nl_nest(struct genl_info *info, int type, int maxtype,
			const struct nla_policy *policy, struct nlattr **tb)
{
	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	return nla_parse_nested_deprecated(tb, maxtype, info->attrs[type],
					   policy, info->extack);
}

static int tipc_nl_set_net_cmd(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_NET_MAX + 1];
	int err;

	err = tipc_nl_nest(info, TIPC_NLA_NET, TIPC_NLA_NET_MAX,
			   tipc_nl_net_policy, tb);
	if (!err) {
		rtnl_lock();
		err = tipc_nl_set_net(genl_info_net(info), tb, info->extack);
		rtnl_unlock();
	}
	return err;
}

/*
 * "tipc peer remove": forget a node we have lost contact with, named by
 * its address or its identity.
 */
static int tipc_nl_peer_remove(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TIPC_NLA_NET_MAX + 1];
	struct net *net = genl_info_net(info);
	u64 id[2];
	u32 addr;
	int err;

	err = tipc_nl_nest(info, TIPC_NLA_NET, TIPC_NLA_NET_MAX,
			   tipc_nl_net_policy, tb);
	if (err)
		return err;
	if (tb[TIPC_NLA_NET_NODEID] && tb[TIPC_NLA_NET_NODEID_W1]) {
		id[0] = nla_get_u64(tb[TIPC_NLA_NET_NODEID]);
		id[1] = nla_get_u64(tb[TIPC_NLA_NET_NODEID_W1]);
		addr = tipc_id_to_addr((u8 *)id);
	} else if (tb[TIPC_NLA_NET_ADDR]) {
		addr = nla_get_u32(tb[TIPC_NLA_NET_ADDR]);
	} else {
		NL_SET_ERR_MSG(info->extack, "peer address or identity missing");
		return -EINVAL;
	}
	if (!addr)
		return -EINVAL;
	if (addr == tipc_own_addr(net)) {
		NL_SET_ERR_MSG(info->extack, "this node cannot be removed");
		return -ENOTSUPP;
	}
	err = tipc_node_remove(net, addr);
	if (err == -EBUSY)
		NL_SET_ERR_MSG(info->extack, "the peer is still up");
	return err;
}

/*
 * The stock family validated these commands leniently; iproute2 relies
 * on that, so every command keeps it.
 */
#define TIPC_NL_LENIENT	(GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP)

static const struct genl_ops tipc_genl_ops[] = {
	{ .cmd = TIPC_NL_BEARER_DISABLE, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_bearer_disable },
	{ .cmd = TIPC_NL_BEARER_ENABLE, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_bearer_enable },
	{ .cmd = TIPC_NL_BEARER_GET, .validate = TIPC_NL_LENIENT,
	  .doit = tipc_nl_bearer_get, .dumpit = tipc_nl_bearer_dump },
	{ .cmd = TIPC_NL_BEARER_SET, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_bearer_set },
	{ .cmd = TIPC_NL_BEARER_ADD, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_bearer_add },
	{ .cmd = TIPC_NL_UDP_GET_REMOTEIP,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP_STRICT,
	  .dumpit = tipc_nl_bearer_peers },
	{ .cmd = TIPC_NL_MEDIA_GET, .validate = TIPC_NL_LENIENT,
	  .doit = tipc_nl_media_get, .dumpit = tipc_nl_media_dump },
	{ .cmd = TIPC_NL_MEDIA_SET, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_media_set },
	{ .cmd = TIPC_NL_NET_GET, .validate = TIPC_NL_LENIENT,
	  .dumpit = tipc_nl_get_net },
	{ .cmd = TIPC_NL_NET_SET, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_set_net_cmd },
	{ .cmd = TIPC_NL_NAME_TABLE_GET, .validate = TIPC_NL_LENIENT,
	  .dumpit = tipc_nl_get_name_table },
	{ .cmd = TIPC_NL_NODE_GET, .validate = TIPC_NL_LENIENT,
	  .dumpit = tipc_nl_node_dump },
	{ .cmd = TIPC_NL_PEER_REMOVE, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_peer_remove },
	{ .cmd = TIPC_NL_LINK_GET, .validate = TIPC_NL_LENIENT,
	  .doit = tipc_nl_link_get, .dumpit = tipc_nl_link_dump },
	{ .cmd = TIPC_NL_LINK_SET, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_link_set },
	{ .cmd = TIPC_NL_LINK_RESET_STATS, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_link_reset_stats },
	{ .cmd = TIPC_NL_SOCK_GET, .validate = TIPC_NL_LENIENT,
	  .start = tipc_nl_sock_start, .dumpit = tipc_nl_sock_dump,
	  .done = tipc_nl_sock_done },
	{ .cmd = TIPC_NL_MON_SET, .validate = TIPC_NL_LENIENT,
	  .flags = GENL_UNS_ADMIN_PERM, .doit = tipc_nl_mon_set },
	{ .cmd = TIPC_NL_MON_GET, .validate = TIPC_NL_LENIENT,
	  .doit = tipc_nl_mon_get, .dumpit = tipc_nl_mon_dump },
	/* These dumps read their request, so genl must parse it */
	{ .cmd = TIPC_NL_MON_PEER_GET, .validate = GENL_DONT_VALIDATE_STRICT |
	  GENL_DONT_VALIDATE_DUMP_STRICT, .dumpit = tipc_nl_mon_peer_dump },
	{ .cmd = TIPC_NL_PUBL_GET, .validate = GENL_DONT_VALIDATE_STRICT |
	  GENL_DONT_VALIDATE_DUMP_STRICT, .dumpit = tipc_nl_publ_dump },
};

static struct genl_family tipc_genl_family __ro_after_init = {
	.name		= TIPC_GENL_V2_NAME,
	.version	= TIPC_GENL_V2_VERSION,
	.module		= THIS_MODULE,
	.netnsok	= true,
	.policy		= tipc_nl_policy,
	.maxattr	= TIPC_NLA_MAX,
	.ops		= tipc_genl_ops,
	.n_ops		= ARRAY_SIZE(tipc_genl_ops),
	.resv_start_op	= TIPC_NL_ADDR_LEGACY_GET + 1,
};

int tipc_netlink_init(void)
{
	return genl_register_family(&tipc_genl_family);
}

void tipc_netlink_exit(void)
{
	genl_unregister_family(&tipc_genl_family);
}
