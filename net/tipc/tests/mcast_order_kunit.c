// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a peer's multicasts across its switch between broadcast and
 * replicast (sock_mcast.c): the SYN pair holds back what comes the new
 * way until the old way has delivered all it had.
 */
#include <kunit/test.h>

#include "../msg.h"
#include "../sock.h"

#define PEER	0x2002
#define OTHER	0x3003
#define PORT	77
#define BY_R	true	/* replicast */
#define BY_B	false	/* broadcast */

struct mo_ctx {
	struct sk_buff_head held;
	struct sk_buff_head out;
	unsigned int limit;
};

static int mo_init(struct kunit *test)
{
	struct mo_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	__skb_queue_head_init(&c->held);
	__skb_queue_head_init(&c->out);
	c->limit = UINT_MAX;
	test->priv = c;
	return 0;
}

static void mo_exit(struct kunit *test)
{
	struct mo_ctx *c = test->priv;

	__skb_queue_purge(&c->held);
	__skb_queue_purge(&c->out);
}

/*
 * Multicast number @n from @node, come by replicast if @rcast; @syn
 * marks a switch; @copy makes it the header-only copy of the pair
 */
static void mo_rcv(struct kunit *test, u32 node, u32 n, bool rcast, bool syn,
		   bool copy)
{
	struct mo_ctx *c = test->priv;
	struct tipc_msg *hdr;
	struct sk_buff *skb;

	skb = tipc_msg_new(TIPC_LOW_IMPORTANCE, TIPC_MCAST_MSG,
			   MCAST_H_SIZE + 4, node, 0);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	hdr = buf_msg(skb);
	msg_set_hdr_sz(hdr, MCAST_H_SIZE);
	msg_set_origport(hdr, PORT);
	msg_set_is_rcast(hdr, rcast);
	msg_set_syn(hdr, syn);
	if (copy) {
		msg_set_errcode(hdr, TIPC_ERR_NO_PORT);
		skb_trim(skb, MCAST_H_SIZE);
		msg_set_size(hdr, MCAST_H_SIZE);
	} else {
		*(u32 *)msg_data(hdr) = n;
	}
	tipc_mcast_order(&c->held, skb, &c->out, c->limit);
}

/* What came out, as "node:n" numbers, out emptied; copies show as -1 */
static void mo_expect(struct kunit *test, const u32 *want, int cnt)
{
	struct mo_ctx *c = test->priv;
	struct sk_buff *skb;
	int i = 0;

	while ((skb = __skb_dequeue(&c->out))) {
		struct tipc_msg *hdr = buf_msg(skb);

		KUNIT_EXPECT_EQ(test, msg_errcode(hdr), 0);
		if (i < cnt && msg_data_sz(hdr) == 4)
			KUNIT_EXPECT_EQ(test, *(u32 *)msg_data(hdr), want[i]);
		i++;
		kfree_skb(skb);
	}
	KUNIT_EXPECT_EQ(test, i, cnt);
}

/* Without a switch nothing waits */
static void mo_plain(struct kunit *test)
{
	static const u32 want[] = { 1, 2, 3 };

	mo_rcv(test, PEER, 1, BY_B, false, false);
	mo_rcv(test, PEER, 2, BY_B, false, false);
	mo_rcv(test, PEER, 3, BY_R, false, false);
	mo_expect(test, want, 3);
}

/*
 * Broadcast to replicast: the new way's SYN (message 3) overtakes the
 * old way's 2 and the copy; 4 and 5 wait behind 3 until the copy comes
 */
static void mo_new_way_first(struct kunit *test)
{
	static const u32 want1[] = { 1, 2 }, want2[] = { 3, 4, 5 };

	mo_rcv(test, PEER, 1, BY_B, false, false);
	mo_rcv(test, PEER, 3, BY_R, true, false);
	mo_rcv(test, PEER, 4, BY_R, false, false);
	mo_rcv(test, PEER, 2, BY_B, false, false);
	mo_expect(test, want1, 2);
	mo_rcv(test, PEER, 5, BY_R, false, false);
	mo_expect(test, NULL, 0);
	mo_rcv(test, PEER, 0, BY_B, true, true);
	mo_expect(test, want2, 3);
	mo_rcv(test, PEER, 6, BY_R, false, false);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&((struct mo_ctx *)test->priv)->out),
			1);
}

/* The old way's copy first: it waits, and the message passes after it */
static void mo_old_way_first(struct kunit *test)
{
	static const u32 want[] = { 1, 2, 3 };
	struct mo_ctx *c = test->priv;

	mo_rcv(test, PEER, 1, BY_R, false, false);
	mo_rcv(test, PEER, 0, BY_R, true, true);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&c->held), 1);
	mo_rcv(test, PEER, 2, BY_B, true, false);
	mo_rcv(test, PEER, 3, BY_B, false, false);
	mo_expect(test, want, 3);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&c->held));
}

/* Another sender's messages pass while one sender's are held */
static void mo_senders_apart(struct kunit *test)
{
	static const u32 want1[] = { 7 }, want2[] = { 2, 3 };

	mo_rcv(test, PEER, 2, BY_B, true, false);
	mo_rcv(test, PEER, 3, BY_B, false, false);
	mo_rcv(test, OTHER, 7, BY_B, false, false);
	mo_expect(test, want1, 1);
	mo_rcv(test, PEER, 0, BY_R, true, true);
	mo_expect(test, want2, 2);
}

/* A second switch before the first pair met: released up to its SYN */
static void mo_two_switches(struct kunit *test)
{
	static const u32 want1[] = { 2, 3 }, want2[] = { 4, 5 };

	mo_rcv(test, PEER, 2, BY_R, true, false);	/* to replicast */
	mo_rcv(test, PEER, 3, BY_R, false, false);
	mo_rcv(test, PEER, 4, BY_R, true, true);	/* copy: back... */
	mo_rcv(test, PEER, 0, BY_B, true, true);	/* first pair met */
	mo_expect(test, want1, 2);
	mo_rcv(test, PEER, 4, BY_B, true, false);	/* ...to broadcast */
	mo_rcv(test, PEER, 5, BY_B, false, false);
	mo_expect(test, want2, 2);
}

/*
 * A twin that never comes holds no more than the limit: past it, the
 * sender held longest gives up its order, copies dropped; another
 * sender's pair still works
 */
static void mo_limit(struct kunit *test)
{
	static const u32 want1[] = { 2, 3, 4, 5 }, want2[] = { 8, 9 };
	struct mo_ctx *c = test->priv;
	struct sk_buff *skb;

	mo_rcv(test, PEER, 2, BY_R, true, false);
	skb = skb_peek(&c->held);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	c->limit = skb->truesize * 4;
	mo_rcv(test, OTHER, 0, BY_R, true, true);	/* OTHER's copy */
	mo_rcv(test, PEER, 3, BY_R, false, false);
	mo_rcv(test, PEER, 4, BY_R, false, false);
	mo_expect(test, NULL, 0);
	mo_rcv(test, PEER, 5, BY_R, false, false);	/* one too many */
	mo_expect(test, want1, 4);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&c->held), 1);
	mo_rcv(test, OTHER, 8, BY_B, true, false);	/* OTHER's twin */
	mo_rcv(test, OTHER, 9, BY_B, false, false);
	mo_expect(test, want2, 2);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&c->held));
}

static struct kunit_case tipc_mcast_order_cases[] = {
	KUNIT_CASE(mo_plain),
	KUNIT_CASE(mo_new_way_first),
	KUNIT_CASE(mo_old_way_first),
	KUNIT_CASE(mo_senders_apart),
	KUNIT_CASE(mo_two_switches),
	KUNIT_CASE(mo_limit),
	{}
};

static struct kunit_suite tipc_mcast_order_suite = {
	.name = "tipc_mcast_order",
	.init = mo_init,
	.exit = mo_exit,
	.test_cases = tipc_mcast_order_cases,
};

kunit_test_suite(tipc_mcast_order_suite);
