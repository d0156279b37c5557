// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: receiving a peer's broadcasts (bcast.c): order, duplicates,
 * gaps, and when the peer is told.
 */
#include <kunit/test.h>

#include "../bcast.h"
#include "../msg.h"

#define PEER		0x2002
#define NETID		4711
/* Our address: acks go out when the next expected number ends in 0xe */
#define SELF		0x1001

/* Broadcast packet @seq of the peer: a multicast, w5 the cluster id */
static struct sk_buff *bk_pkt(struct kunit *test, u16 seq)
{
	struct sk_buff *skb;
	struct tipc_msg *m;

	skb = alloc_skb(TIPC_SKB_HEADROOM + MCAST_H_SIZE + 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, TIPC_SKB_HEADROOM);
	memset(skb->cb, 0, sizeof(skb->cb));
	m = skb_put_zero(skb, MCAST_H_SIZE + 8);
	tipc_msg_init(m, PEER, TIPC_LOW_IMPORTANCE, TIPC_MCAST_MSG,
		      MCAST_H_SIZE, 0);
	msg_set_size(m, MCAST_H_SIZE + 8);
	msg_set_non_seq(m, 1);
	msg_set_mc_netid(m, NETID);
	msg_set_seqno(m, seq);
	*(u16 *)msg_data(m) = seq;
	return skb;
}

/* The numbers of the packets on @q, in order, and @q emptied */
static void bk_expect(struct kunit *test, struct sk_buff_head *q,
		      const u16 *seqs, int n)
{
	struct sk_buff *skb;
	int i = 0;

	while ((skb = __skb_dequeue(q))) {
		if (i < n)
			KUNIT_EXPECT_EQ(test, *(u16 *)msg_data(buf_msg(skb)),
					seqs[i]);
		KUNIT_EXPECT_EQ(test, msg_destport(buf_msg(skb)), 0);
		i++;
		kfree_skb(skb);
	}
	KUNIT_EXPECT_EQ(test, i, n);
}

static void bc_in_order(struct kunit *test)
{
	static const u16 want[] = { 100, 101, 102 };
	struct tipc_bc_peer bcp;
	struct sk_buff_head q;
	u16 seq;

	__skb_queue_head_init(&q);
	tipc_bc_peer_init(&bcp);
	tipc_bc_peer_start(&bcp, 100);
	for (seq = 100; seq < 103; seq++)
		tipc_bc_peer_rcv(&bcp, bk_pkt(test, seq), SELF, &q);
	bk_expect(test, &q, want, 3);
	KUNIT_EXPECT_EQ(test, bcp.rcv_nxt, 103);
	KUNIT_EXPECT_EQ(test, tipc_bc_peer_gap(&bcp), 0);
	tipc_bc_peer_reset(&bcp);
}

/* Early packets wait for the missing one; the gap is counted to them */
static void bc_early_wait(struct kunit *test)
{
	static const u16 want[] = { 1, 2, 3, 4 };
	struct tipc_bc_peer bcp;
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	tipc_bc_peer_init(&bcp);
	tipc_bc_peer_start(&bcp, 1);
	tipc_bc_peer_rcv(&bcp, bk_pkt(test, 4), SELF, &q);
	tipc_bc_peer_rcv(&bcp, bk_pkt(test, 3), SELF, &q);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&q));
	KUNIT_EXPECT_EQ(test, tipc_bc_peer_gap(&bcp), 2);
	tipc_bc_peer_rcv(&bcp, bk_pkt(test, 1), SELF, &q);
	KUNIT_EXPECT_EQ(test, tipc_bc_peer_gap(&bcp), 1);
	tipc_bc_peer_rcv(&bcp, bk_pkt(test, 2), SELF, &q);
	bk_expect(test, &q, want, 4);
	KUNIT_EXPECT_EQ(test, bcp.rx_deferred, 2);
	KUNIT_EXPECT_EQ(test, bcp.rcv_nxt, 5);
	tipc_bc_peer_reset(&bcp);
}

/* Twice the same, one from before the start, one far ahead: dropped */
static void bc_drops(struct kunit *test)
{
	static const u16 want[] = { 10 };
	struct tipc_bc_peer bcp;
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	tipc_bc_peer_init(&bcp);
	tipc_bc_peer_rcv(&bcp, bk_pkt(test, 10), SELF, &q);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&q));	/* not started */
	tipc_bc_peer_start(&bcp, 10);
	tipc_bc_peer_rcv(&bcp, bk_pkt(test, 9), SELF, &q);
	tipc_bc_peer_rcv(&bcp, bk_pkt(test, 10), SELF, &q);
	tipc_bc_peer_rcv(&bcp, bk_pkt(test, 10), SELF, &q);
	tipc_bc_peer_rcv(&bcp, bk_pkt(test, 11 + 2000), SELF, &q);
	bk_expect(test, &q, want, 1);
	KUNIT_EXPECT_EQ(test, bcp.rx_dups, 3);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&bcp.deferdq));
	tipc_bc_peer_reset(&bcp);
}

/*
 * What the peer announced and we lack is a gap, until an ack goes out:
 * that may still be on its way, the ack does not report it.
 */
static void bc_announced_gap(struct kunit *test)
{
	struct tipc_bc_peer bcp;
	struct sk_buff_head q;
	int rc = 0, i;

	__skb_queue_head_init(&q);
	tipc_bc_peer_init(&bcp);
	tipc_bc_peer_start(&bcp, 0x10);
	tipc_bc_peer_sync(&bcp, 0x30);
	KUNIT_EXPECT_EQ(test, tipc_bc_peer_gap(&bcp), 0x20);
	/* Up to 0x1d: rcv_nxt 0x1e, whose low bits with SELF's are 0xf */
	for (i = 0; i < 0x20 && bcp.rcv_nxt != 0x1e; i++)
		rc = tipc_bc_peer_rcv(&bcp, bk_pkt(test, bcp.rcv_nxt), SELF,
				      &q);
	KUNIT_EXPECT_EQ(test, rc, TIPC_BC_SND_STATE);
	KUNIT_EXPECT_EQ(test, tipc_bc_peer_gap(&bcp), 0);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&q), 0x0e);
	__skb_queue_purge(&q);
	tipc_bc_peer_reset(&bcp);
}

static struct kunit_case tipc_bcast_cases[] = {
	KUNIT_CASE(bc_in_order),
	KUNIT_CASE(bc_early_wait),
	KUNIT_CASE(bc_drops),
	KUNIT_CASE(bc_announced_gap),
	{}
};

static struct kunit_suite tipc_bcast_suite = {
	.name = "tipc_bcast",
	.test_cases = tipc_bcast_cases,
};

kunit_test_suite(tipc_bcast_suite);
