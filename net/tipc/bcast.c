// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: receiving a peer's broadcasts (see bcast.h).
 */
#include "core.h"
#include "bcast.h"
#include "fragment.h"
#include "msg.h"

/* Packets further ahead than this are dropped, not deferred */
#define TIPC_BC_DEFER_MAX	1024

void tipc_bc_peer_init(struct tipc_bc_peer *bcp)
{
	memset(bcp, 0, sizeof(*bcp));
	__skb_queue_head_init(&bcp->deferdq);
}

/* Contact lost: nothing of the old sequence is kept */
void tipc_bc_peer_reset(struct tipc_bc_peer *bcp)
{
	__skb_queue_purge(&bcp->deferdq);
	kfree_skb(bcp->reasm);
	bcp->reasm = NULL;
	bcp->up = false;
}

/* The peer's next broadcast is @rcv_nxt: receive from there on */
void tipc_bc_peer_start(struct tipc_bc_peer *bcp, u16 rcv_nxt)
{
	if (bcp->up)
		return;
	bcp->rcv_nxt = rcv_nxt;
	bcp->snd_nxt = rcv_nxt;
	bcp->acked = rcv_nxt - 1;
	bcp->up = true;
}

static u16 bc_seqno(const struct sk_buff *skb)
{
	return msg_seqno(buf_msg(skb));
}

/*
 * One message of the peer's broadcast sequence, whole: multicasts, group
 * ones too, go to our sockets (tipc_sk_rcv() finds them), bundles are
 * opened. Name distribution is not taken by broadcast: we do not
 * advertise it. Consumes @skb.
 */
static void tipc_bc_deliver(struct tipc_bc_peer *bcp, struct sk_buff *skb,
			    struct sk_buff_head *inputq)
{
	struct tipc_msg *hdr = buf_msg(skb);
	struct sk_buff *inner;
	int pos = 0;

	if (msg_user(hdr) == MSG_BUNDLER) {
		bcp->rx_bundles++;
		while (tipc_msg_extract(skb, &inner, &pos))
			tipc_bc_deliver(bcp, inner, inputq);
		return;
	}
	if (msg_isdata(hdr) && msg_is_mcast(hdr)) {
		/* w5 carried the cluster id on the way: no port yet */
		msg_set_destport(hdr, 0);
		__skb_queue_tail(inputq, skb);
		return;
	}
	kfree_skb(skb);
}

/* The next packet in sequence; false if the links must be reset */
static bool tipc_bc_input(struct tipc_bc_peer *bcp, struct sk_buff *skb,
			  struct sk_buff_head *inputq)
{
	int rc;

	bcp->rcv_nxt++;
	bcp->rx_pkts++;
	if (msg_user(buf_msg(skb)) != MSG_FRAGMENTER) {
		tipc_bc_deliver(bcp, skb, inputq);
		return true;
	}
	bcp->rx_frags++;
	rc = tipc_msg_reassemble(&bcp->reasm, &skb);
	if (rc < 0)
		return false;
	if (rc > 0) {
		bcp->rx_defragged++;
		tipc_bc_deliver(bcp, skb, inputq);
	}
	return true;
}

/*
 * A broadcast packet from the peer; messages it completes go to
 * @inputq. Acks are asked for at one in 16 packets, staggered by our
 * address so that the peer's nodes do not all answer at once, and gap
 * reports at one in 16 packets received early, likewise. Consumes @skb.
 */
int tipc_bc_peer_rcv(struct tipc_bc_peer *bcp, struct sk_buff *skb, u32 self,
		     struct sk_buff_head *inputq)
{
	u16 seq = bc_seqno(skb);
	u32 n;

	if (!bcp->up || tipc_seq_before(seq, bcp->rcv_nxt) ||
	    (u16)(seq - bcp->rcv_nxt) > TIPC_BC_DEFER_MAX) {
		bcp->rx_dups += bcp->up;
		kfree_skb(skb);
		return 0;
	}
	if (seq != bcp->rcv_nxt) {
		if (!tipc_msg_defer(&bcp->deferdq, skb)) {
			bcp->rx_dups++;
			return 0;
		}
		/* Out of order may just mean delayed: STATE messages carry
		 * the gap anyway; here only one early packet in 16 asks
		 */
		n = ++bcp->rx_deferred;
		return (n & 0xf) == (self & 0xf) ? TIPC_BC_SND_STATE : 0;
	}
	do {
		if (!tipc_bc_input(bcp, skb, inputq))
			return TIPC_BC_FAILED;
		skb = skb_peek(&bcp->deferdq);
		if (skb && bc_seqno(skb) == bcp->rcv_nxt)
			__skb_unlink(skb, &bcp->deferdq);
		else
			skb = NULL;
	} while (skb);
	if (((bcp->rcv_nxt ^ self) & 0xf) == 0xf) {
		/*
		 * An ack. What the peer announced beyond what came may
		 * still be on its way: not reported missing in this one
		 * (as in stock); the next announcement brings it back.
		 */
		bcp->snd_nxt = bcp->rcv_nxt;
		return TIPC_BC_SND_STATE;
	}
	if (tipc_seq_after(bcp->rcv_nxt, bcp->snd_nxt))
		bcp->snd_nxt = bcp->rcv_nxt;
	return 0;
}

/* A STATE message told us the peer's next broadcast sequence number */
void tipc_bc_peer_sync(struct tipc_bc_peer *bcp, u16 snd_nxt)
{
	if (bcp->up && !tipc_seq_before(snd_nxt, bcp->rcv_nxt) &&
	    (u16)(snd_nxt - bcp->rcv_nxt) <= TIPC_BC_DEFER_MAX)
		bcp->snd_nxt = snd_nxt;
}

/*
 * How many packets after our last in-sequence one we miss: up to the
 * first one we have, or to the peer's last if we have none.
 */
u16 tipc_bc_peer_gap(const struct tipc_bc_peer *bcp)
{
	struct sk_buff *skb = skb_peek(&bcp->deferdq);
	u16 gap;

	if (!bcp->up)
		return 0;
	gap = skb ? bc_seqno(skb) - bcp->rcv_nxt : bcp->snd_nxt - bcp->rcv_nxt;
	return min_t(u16, gap, 0x3ff);	/* a 10-bit field */
}

/* Is there an ack or a gap the peer has not heard of? */
bool tipc_bc_peer_unacked(const struct tipc_bc_peer *bcp)
{
	return bcp->up && (bcp->acked != (u16)(bcp->rcv_nxt - 1) ||
			   tipc_bc_peer_gap(bcp));
}
