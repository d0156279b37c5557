/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: neighbour monitoring of one bearer ("overlapping ring").
 *
 * Below the activation threshold every link supervises its peer on its
 * own (full mesh). Above it, the nodes of the bearer sit on a ring in
 * address order; each supervises only the next ~sqrt(N) of them (its
 * domain) and tells its peers, in STATE messages, which of those are
 * up. A node then supervises its own domain and the heads of the other
 * domains, and learns of the others' fate from their heads' records.
 *
 * Locking: a monitor has its own spinlock, taken inside the node lock
 * (node lock -> monitor lock) and never around anything else. The
 * bearer holds one reference, each link on the bearer another; it is
 * freed with the last.
 */
#ifndef _TIPC_MONITOR_H
#define _TIPC_MONITOR_H

#include <linux/types.h>

struct net;
struct tipc_monitor;

/* Monitoring starts when a bearer's nodes (self included) exceed this */
#define TIPC_MON_THRESHOLD_DEF	32
#define TIPC_MON_THRESHOLD_MAX	4095
/* Largest domain record: a 16-byte head and 64 member addresses */
#define TIPC_MON_RECORD_MAX	(16 + 4 * 64)

/**
 * struct tipc_mon_link - a link's view of the monitor; under the node lock
 * @roles_gen: the monitor's role generation the flags below come from
 * @rx_gen: newest domain generation received from the peer
 * @tx_acked: our domain generation the peer has acknowledged
 * @monitoring: the peer is ours to supervise: silence counts
 * @probing: probe the peer at every timer tick
 * @reset: enough domain heads report the peer lost: reset the link
 * @synched: @rx_gen and @tx_acked are set from the peer's first record
 *
 * Zeroed whenever the link resets.
 */
struct tipc_mon_link {
	u16 roles_gen;
	u16 rx_gen;
	u16 tx_acked;
	bool monitoring;
	bool probing;
	bool reset;
	bool synched;
};

struct tipc_monitor *tipc_mon_create(struct net *net);
struct tipc_monitor *tipc_mon_get(struct tipc_monitor *mon);
void tipc_mon_put(struct tipc_monitor *mon);

void tipc_mon_peer_up(struct tipc_monitor *mon, u32 addr);
void tipc_mon_peer_down(struct tipc_monitor *mon, u32 addr);
void tipc_mon_peer_remove(struct tipc_monitor *mon, u32 addr);

void tipc_mon_link_state(struct tipc_monitor *mon, u32 addr,
			 struct tipc_mon_link *st);
u32 tipc_mon_record(struct tipc_monitor *mon, const struct tipc_mon_link *st,
		    void *buf);
void tipc_mon_rcv(struct tipc_monitor *mon, u32 addr, struct tipc_mon_link *st,
		  const void *data, u32 len);

/**
 * struct tipc_mon_view - one peer of a monitor, as netlink shows it
 * @addr: node address
 * @applied: leading members of its record that match our ring
 * @up: its link on this bearer is up
 * @local: in our own domain
 * @head: head of a domain we supervise
 * @has_record: a domain record of it is held; then:
 * @gen: the record's generation
 * @cnt: its member count
 * @up_map: bit i set: member i is up, as the peer sees it
 * @member: the members' addresses
 */
struct tipc_mon_view {
	u32 addr;
	u8 applied;
	bool up;
	bool local;
	bool head;
	bool has_record;
	u16 gen;
	u16 cnt;
	u64 up_map;
	u32 member[64];
};

u32 tipc_mon_threshold(struct net *net);
int tipc_mon_set_threshold(struct net *net, u32 threshold);
bool tipc_mon_summary(struct tipc_monitor *mon, u32 *peer_cnt, u32 *list_gen);
int tipc_mon_peer_view(struct tipc_monitor *mon, long idx,
		       struct tipc_mon_view *v);

#endif
