/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: UDP media (CONFIG_TIPC_MEDIA_UDP). Without it the media table
 * simply ends before UDP and the hooks below do nothing.
 */
#ifndef _TIPC_UDP_MEDIA_H
#define _TIPC_UDP_MEDIA_H

#include <net/net_namespace.h>
/* struct iphdr and udphdr, for the encapsulation's size */
#include <linux/ip.h>
#include <linux/udp.h>

#include "bearer.h"
#include "msg.h"

#define TIPC_UDP_PORT		6118	/* IANA assigned */
#define TIPC_UDP_MTU_DEF	14000	/* IPv4; IPv6 bearers start at 1280 */
#define TIPC_UDP6_MTU		1280
#define TIPC_UDP4_HLEN		(sizeof(struct iphdr) + sizeof(struct udphdr))

#if IS_ENABLED(CONFIG_TIPC_MEDIA_UDP)

extern struct tipc_media tipc_udp_media;
#define TIPC_UDP_MEDIA	(&tipc_udp_media)

int tipc_udp_init(void);
void tipc_udp_exit(void);
void tipc_udp_pernet_exit(struct net *net);

#else

#define TIPC_UDP_MEDIA	NULL

static inline int tipc_udp_init(void)
{
	return 0;
}

static inline void tipc_udp_exit(void)
{
}

static inline void tipc_udp_pernet_exit(struct net *net)
{
}

#endif

/* Smallest MTU a UDP bearer or the media takes: IPv4 headers included */
static inline bool tipc_udp_mtu_bad(u32 mtu, u32 encap_hlen)
{
	return mtu < TIPC_BEARER_MTU_MIN + encap_hlen;
}

#endif
