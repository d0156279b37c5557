/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: bearers and media.
 *
 * A medium (Ethernet; later UDP) is a kind of network a bearer runs on;
 * its table is global and its link defaults (priority, tolerance, window)
 * apply to bearers enabled after they change. A bearer attaches TIPC to
 * one device of a namespace: up to TIPC_MAX_BEARERS per namespace, found
 * by their identity (0..2) in tipc_net.bearers[].
 *
 * Locking: RTNL serialises enabling, disabling, property changes and
 * device events; a bearer is published with rcu_assign_pointer() and the
 * data path (receive in softirq, transmit from timers and later links)
 * reads it under RCU. Only the "up" bit changes outside RTNL.
 *
 * Data path seams, each one call:
 *   receive:  device -> tipc_bearer_rcv() -> crypto rx -> validate ->
 *	      discovery (LINK_CONFIG) or the link layer (everything else)
 *   transmit: tipc_bearer_xmit() -> crypto tx -> media->send()
 */
#ifndef _TIPC_BEARER_H
#define _TIPC_BEARER_H

#include <linux/netdevice.h>
#include <linux/refcount.h>
#include <linux/tipc.h>

#include "core.h"

/* Link property limits and defaults (shared with the link layer) */
#define TIPC_PRIO_MIN		0
#define TIPC_PRIO_DEF		10
#define TIPC_PRIO_MAX		31
#define TIPC_PRIO_MEDIA		(TIPC_PRIO_MAX + 1)	/* "the media's" */
#define TIPC_TOL_MIN		50
#define TIPC_TOL_DEF		1500
#define TIPC_TOL_MAX		30000
#define TIPC_WIN_MIN		16
#define TIPC_WIN_DEF		50
#define TIPC_WIN_MAX		8191

/* The media address as carried in discovery messages (words 5..12) */
#define TIPC_MEDIA_INFO_LEN	32
#define TIPC_MEDIA_INFO_WORD	5
#define TIPC_MEDIA_TYPE_AT	3	/* byte holding the media type */
#define TIPC_MEDIA_ADDR_AT	4	/* where the address itself starts */

#define TIPC_MEDIA_TYPE_ETH	1
#define TIPC_MEDIA_TYPE_IB	2
#define TIPC_MEDIA_TYPE_UDP	3

/* Smallest device MTU a bearer accepts: the largest header, twice */
#define TIPC_BEARER_MTU_MIN	(MAX_H_SIZE + INT_H_SIZE)

/**
 * struct tipc_media_addr - a bearer-level address
 * @value: the address, in the media's own layout
 * @media_id: TIPC_MEDIA_TYPE_*
 * @broadcast: the address reaches every node of the medium
 */
struct tipc_media_addr {
	u8 value[TIPC_MEDIA_INFO_LEN];
	u8 media_id;
	bool broadcast;
};

struct tipc_bearer;
struct tipc_nl_dump;

/**
 * struct tipc_media - one kind of network TIPC runs over
 * @name: "eth", ...
 * @type_id: TIPC_MEDIA_TYPE_*
 * @hwaddr_len: bytes of a device address
 * @priority: link priority given to new bearers (RTNL)
 * @tolerance: link tolerance in ms given to new bearers (RTNL)
 * @win_lo: smallest link window
 * @win_hi: link window given to new bearers (RTNL)
 * @mtu: for media whose MTU is configured (UDP), else 0
 * @enable: attach @b to its device; RTNL
 * @disable: detach @b; RTNL; no receive is running once it returns
 * @send: transmit @skb to @dst; softirq or process, under RCU
 * @to_wire: write @a into the 32-byte media info of a discovery message
 * @from_wire: read a discovery message's media info; 0 or -EINVAL
 * @from_raw: a device address into a media address
 * @nl_fill: optional; the media's own attributes of a bearer (RTNL)
 * @nl_add: optional; "tipc bearer add": a peer from UDP_OPTS @opts (RTNL)
 * @nl_peers: optional; dump the bearer's peers from *@pos on (RTNL)
 */
struct tipc_media {
	const char *name;
	u32 type_id;
	u32 hwaddr_len;
	u32 mtu;
	u32 tolerance;
	u32 priority;
	u32 win_lo;
	u32 win_hi;
	int (*enable)(struct net *net, struct tipc_bearer *b,
		      struct nlattr **attrs);
	void (*disable)(struct tipc_bearer *b);
	int (*send)(struct tipc_bearer *b, struct sk_buff *skb,
		    const struct tipc_media_addr *dst);
	void (*to_wire)(u8 *info, const struct tipc_media_addr *a);
	int (*from_wire)(struct tipc_media_addr *a, const u8 *info);
	void (*from_raw)(struct tipc_media_addr *a, const u8 *raw);
	int (*nl_fill)(struct sk_buff *skb, const struct tipc_bearer *b);
	int (*nl_add)(struct tipc_bearer *b, struct nlattr *opts,
		      struct netlink_ext_ack *extack);
	int (*nl_peers)(const struct tipc_bearer *b, struct tipc_nl_dump *d,
			unsigned long *pos);
};

/**
 * struct tipc_bearer_stats - what a bearer received, for debugging
 * @rx_invalid: frames tipc_msg_validate() refused
 * @rx_discovery: discovery messages handed to discover.c
 * @rx_link: other messages; dropped until the link layer exists
 */
struct tipc_bearer_stats {
	atomic_t rx_invalid;
	atomic_t rx_discovery;
	atomic_t rx_link;
};

/**
 * struct tipc_bearer - TIPC on one device of one namespace
 * @pt: Ethernet's packet handler for the device
 * @dev: the device (RCU; RTNL writes)
 * @net: namespace of the bearer
 * @name: "media:device"
 * @media: its medium
 * @addr: own media address
 * @bcast: the media's broadcast (discovery) address
 * @mcast: a packet to @bcast reaches every node at once (Ethernet, an UDP
 *	multicast group), rather than a copy each (UDP replicast peers)
 * @id: identity 0..TIPC_MAX_BEARERS - 1
 * @priority: link priority (RTNL)
 * @tolerance: link tolerance, ms (RTNL)
 * @win_lo: smallest link window
 * @win_hi: link window (RTNL)
 * @mtu: device MTU, or the media's for UDP (RTNL)
 * @encap_hlen: bytes the media puts in front of a packet (IP + UDP)
 * @media_ptr: the media's own state, for media without a device (RCU)
 * @domain: discovery domain: the nodes to look for, 0 for all
 * @plane: net plane letter, 'A' + @id
 * @up: bit 0 set while the device carries traffic
 * @disc: its discoverer
 * @mon: its neighbour monitor (one reference)
 * @stats: receive counters
 * @rcu: for freeing after readers are gone
 */
struct tipc_bearer {
	struct packet_type pt;
	struct net_device __rcu *dev;
	struct net *net;
	char name[TIPC_MAX_BEARER_NAME];
	const struct tipc_media *media;
	struct tipc_media_addr addr;
	struct tipc_media_addr bcast;
	bool mcast;
	u32 id;
	u32 mtu;
	u32 encap_hlen;
	void __rcu *media_ptr;
	u32 tolerance;
	u32 priority;
	u32 win_lo;
	u32 win_hi;
	u32 domain;
	char plane;
	unsigned long up;
	struct tipc_disc *disc;
	struct tipc_monitor *mon;
	struct tipc_bearer_stats stats;
	struct rcu_head rcu;
};

extern struct tipc_media tipc_eth_media;

struct tipc_media *tipc_media_find(const char *name);
struct tipc_media *tipc_media_at(unsigned int i);
struct tipc_bearer *tipc_bearer_find(struct net *net, const char *name);
struct tipc_bearer *tipc_bearer_at(struct net *net, unsigned int id);

int tipc_bearer_enable(struct net *net, const char *name, u32 domain,
		       u32 prio, struct nlattr **attrs,
		       struct netlink_ext_ack *extack);
void tipc_bearer_disable(struct tipc_bearer *b);

void tipc_bearer_rcv(struct tipc_bearer *b, struct sk_buff *skb);
void tipc_bearer_xmit(struct net *net, u32 id, struct sk_buff *skb,
		      const struct tipc_media_addr *dst);
bool tipc_bearer_mtu_bad(const struct net_device *dev);

/* eth_media.c: helpers for media on a net_device */
int tipc_l2_enable(struct net *net, struct tipc_bearer *b,
		   struct nlattr **attrs);
void tipc_l2_disable(struct tipc_bearer *b);
int tipc_l2_send(struct tipc_bearer *b, struct sk_buff *skb,
		 const struct tipc_media_addr *dst);

int tipc_bearer_init(void);
void tipc_bearer_exit(void);
void tipc_bearer_pernet_exit(struct net *net);

#endif
