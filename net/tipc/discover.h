/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: neighbour discovery (user LINK_CONFIG).
 *
 * Each bearer has a discoverer: a timer that broadcasts requests, fast at
 * first and slower once links exist, and answers requests heard from
 * peers. A node whose address is not yet committed first runs a 1 s
 * address trial (DSC_TRIAL_MSG); peers that know the address as another
 * node's answer DSC_TRIAL_FAIL_MSG with a suggestion.
 *
 * Locking: tipc_disc.lock guards a discoverer's timer interval and
 * counters (softirq and process context, _bh); tipc_disc_net.lock guards
 * the namespace's trial state and peer table and nests inside it. The
 * discoverer lives as long as its bearer: created and deleted under RTNL,
 * deleted only after the media stopped delivering packets.
 */
#ifndef _TIPC_DISCOVER_H
#define _TIPC_DISCOVER_H

#include <linux/types.h>

struct net;
struct sk_buff;
struct tipc_bearer;

/* Discovery message types (w1 bits 29..31) */
enum tipc_disc_type {
	DSC_REQ_MSG,
	DSC_RESP_MSG,
	DSC_TRIAL_MSG,
	DSC_TRIAL_FAIL_MSG,
};

/* Size on the wire: 60-byte header, then the sender's 16-byte identity */
#define TIPC_DISC_MSG_SIZE	(MAX_H_SIZE + TIPC_ID_LEN)


int tipc_disc_create(struct net *net, struct tipc_bearer *b);
void tipc_disc_start(struct tipc_bearer *b);
void tipc_disc_reset(struct tipc_bearer *b);
void tipc_disc_delete(struct tipc_bearer *b);
void tipc_disc_rcv(struct tipc_bearer *b, struct sk_buff *skb);

/* For the link layer: a link to a peer on this bearer came up / went */
void tipc_disc_add_dest(struct tipc_bearer *b);
void tipc_disc_remove_dest(struct tipc_bearer *b);

void tipc_disc_pernet_init(struct net *net);
void tipc_disc_pernet_exit(struct net *net);

#endif
