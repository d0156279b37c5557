// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: node identities and 32-bit node addresses.
 *
 * A node is known by a 128-bit identity. Its 32-bit address is a hash of
 * that identity, committed once (configuration, or later the end of the
 * duplicate-address trial). After that, nothing about the node's naming
 * may change.
 */
#include <linux/rtnetlink.h>
#include <linux/string.h>

#include "addr.h"
#include "name_table.h"

u32 tipc_id_to_addr(const u8 *id)
{
	u32 words[TIPC_ID_LEN / 4], mix = 0, any = 0;
	int i;

	memcpy(words, id, sizeof(words));
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		mix ^= be32_to_cpu((__force __be32)words[i]);
		any |= be32_to_cpu((__force __be32)words[i]);
	}
	/* The XOR of an identity can be zero: fall back to the OR then. */
	return mix ? mix : any;
}

/* ASCII only: the kernel's isalnum() also accepts Latin-1 letters. */
static bool tipc_id_char_printable(u8 c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr(".:_-@", c));
}

/*
 * Identities made only of name characters (and NUL padding) print as
 * themselves; anything else prints as hex without its trailing zeroes.
 * @str must hold TIPC_ID_STR_LEN bytes.
 */
void tipc_id_to_str(const u8 *id, char *str)
{
	int i, len;

	for (i = 0; i < TIPC_ID_LEN; i++)
		if (id[i] && !tipc_id_char_printable(id[i]))
			break;
	if (i == TIPC_ID_LEN) {
		memcpy(str, id, TIPC_ID_LEN);
		str[TIPC_ID_LEN] = '\0';
		return;
	}
	len = snprintf(str, TIPC_ID_STR_LEN, "%*phN", TIPC_ID_LEN, id);
	while (len > 0 && str[len - 1] == '0')
		str[--len] = '\0';
}

/* Legacy Z.C.N addresses also match a domain naming their zone or cluster. */
bool tipc_addr_in_scope(bool legacy, u32 domain, u32 addr)
{
	if (!domain || domain == addr)
		return true;
	if (!legacy)
		return false;
	return domain == (addr & 0xfffff000) || domain == (addr & 0xff000000);
}

static void tipc_net_store_identity(struct tipc_net *tn, const u8 *id)
{
	memcpy(tn->node_id, id, TIPC_ID_LEN);
	tipc_id_to_str(id, tn->node_id_str);
	tn->trial_addr = tipc_id_to_addr(id);
	tipc_xo_id_changed(tn->xo.net);
	pr_info("node identity %s, cluster %u\n", tn->node_id_str,
		tn->cluster_id);
}

/*
 * Returns -EALREADY when an identity exists: it is configured once. The
 * netlink layer reports that as success, as the stock module does. An
 * all-zero identity is no identity: storing it changes nothing.
 */
int tipc_net_set_identity(struct net *net, const u8 *id)
{
	struct tipc_net *tn = tipc_net(net);

	ASSERT_RTNL();
	if (tipc_has_identity(tn))
		return -EALREADY;
	tipc_net_store_identity(tn, id);
	return 0;
}

/*
 * Commit @addr as this node's address and derive the identity from it.
 * A node that already has an identity keeps it and its own address:
 * -EALREADY, which netlink reports as success like the stock module.
 */
int tipc_net_set_addr(struct net *net, u32 addr)
{
	struct tipc_net *tn = tipc_net(net);
	u8 id[TIPC_ID_LEN + 1] = {};
	int err;

	ASSERT_RTNL();
	if (!addr)
		return -EINVAL;
	if (tn->node_addr)
		return -EPERM;
	if (tipc_has_identity(tn))
		return -EALREADY;
	snprintf(id, sizeof(id), "%x", addr);
	err = tipc_nametbl_node_up(net, addr);
	if (err)
		return err;
	tipc_net_store_identity(tn, id);
	tn->trial_addr = addr;
	WRITE_ONCE(tn->node_addr, addr);
	pr_info("node address %x committed\n", addr);
	return 0;
}

int tipc_net_set_cluster_id(struct net *net, u32 cluster_id)
{
	ASSERT_RTNL();
	if (!cluster_id || cluster_id > TIPC_MAX_CLUSTER_ID)
		return -EINVAL;
	WRITE_ONCE(tipc_net(net)->cluster_id, cluster_id);
	return 0;
}
