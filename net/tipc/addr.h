/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: node identities and 32-bit node addresses.
 */
#ifndef _TIPC_ADDR_H
#define _TIPC_ADDR_H

#include "core.h"

/* The committed address of this namespace's node; 0 until committed. */
static inline u32 tipc_own_addr(const struct net *net)
{
	return READ_ONCE(tipc_net(net)->node_addr);
}

/* An identity is configured once its printable form is non-empty. */
static inline bool tipc_has_identity(const struct tipc_net *tn)
{
	return tn->node_id_str[0] != '\0';
}

/* A destination node of 0 or our own address means "this node". */
static inline bool tipc_addr_is_own(const struct tipc_net *tn, u32 addr)
{
	return !addr || addr == READ_ONCE(tn->node_addr);
}

static inline bool tipc_addr_is_local(const struct net *net, u32 addr)
{
	return tipc_addr_is_own(tipc_net(net), addr);
}

u32 tipc_id_to_addr(const u8 *id);
void tipc_id_to_str(const u8 *id, char *str);
bool tipc_addr_in_scope(bool legacy, u32 domain, u32 addr);

int tipc_net_set_identity(struct net *net, const u8 *id);
int tipc_net_set_addr(struct net *net, u32 addr);
int tipc_net_set_cluster_id(struct net *net, u32 cluster_id);

#endif
