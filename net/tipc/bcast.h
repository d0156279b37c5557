/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: receiving a peer's broadcasts.
 *
 * A peer sends its broadcast link's packets once, to every node, with a
 * sequence of their own (w2 lo) and the cluster id in w5. Per peer we
 * keep where that sequence stands for us: we deliver its packets in
 * order, exactly once, and tell the peer how far we got (bcast_ack in
 * w1 lo of everything our link to it sends) and which packets we miss
 * (bc_gap in w8 of our STATE messages); the peer resends those.
 *
 * This node does not broadcast itself: its multicasts go by replicast.
 *
 * Locking: a struct tipc_bc_peer is part of its node and is used only
 * under that node's lock.
 */
#ifndef _TIPC_BCAST_H
#define _TIPC_BCAST_H

#include <linux/skbuff.h>

/**
 * struct tipc_bc_peer - what a node knows of its peer's broadcasts
 * @rcv_nxt: next broadcast sequence number expected from the peer
 * @snd_nxt: the peer's next one as it last told us (STATE messages)
 * @acked: the last @rcv_nxt - 1 we sent the peer
 * @up: @rcv_nxt is synchronised with the peer
 * @deferdq: packets received ahead of @rcv_nxt, in sequence order
 * @reasm: the message being reassembled from fragments
 * @rx_pkts: packets delivered in order
 * @rx_frags: fragments among them
 * @rx_defragged: messages reassembled
 * @rx_bundles: bundles among them
 * @rx_deferred: packets received early
 * @rx_dups: packets received twice
 */
struct tipc_bc_peer {
	u16 rcv_nxt;
	u16 snd_nxt;
	u16 acked;
	bool up;
	struct sk_buff_head deferdq;
	struct sk_buff *reasm;
	u32 rx_pkts, rx_frags, rx_defragged, rx_bundles;
	u32 rx_deferred, rx_dups;
};

/* What tipc_bc_peer_rcv() asks of the node */
#define TIPC_BC_SND_STATE	0x1	/* acknowledge or report a gap now */
#define TIPC_BC_FAILED		0x2	/* reassembly failed: reset the links */

void tipc_bc_peer_init(struct tipc_bc_peer *bcp);
void tipc_bc_peer_reset(struct tipc_bc_peer *bcp);
void tipc_bc_peer_start(struct tipc_bc_peer *bcp, u16 rcv_nxt);
int tipc_bc_peer_rcv(struct tipc_bc_peer *bcp, struct sk_buff *skb, u32 self,
		     struct sk_buff_head *inputq);
void tipc_bc_peer_sync(struct tipc_bc_peer *bcp, u16 snd_nxt);
u16 tipc_bc_peer_gap(const struct tipc_bc_peer *bcp);
bool tipc_bc_peer_unacked(const struct tipc_bc_peer *bcp);

#endif
