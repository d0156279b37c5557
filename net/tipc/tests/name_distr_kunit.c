// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: name distribution. Updates of made-up peer nodes are fed to the
 * receive path on a private queue of the initial namespace, on a service
 * type no application binds, and are purged again by each case.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>
#include <linux/tipc.h>
#include <net/net_namespace.h>

#include "../addr.h"
#include "../core.h"
#include "../msg.h"
#include "../name_distr.h"
#include "../name_table.h"

#define KD_TYPE		0xfffff002
#define KD_PEER		0x7ee70001
#define KD_BINDS	150

/* A peer's message of @mtype holding @n items {KD_TYPE, lo[i], hi[i]} */
static struct sk_buff *kd_msg(u32 mtype, const u32 *lo, const u32 *hi,
			      int n, u32 seqno)
{
	u32 size = INT_H_SIZE + n * TIPC_NAMED_ITEM_SIZE;
	struct tipc_named_item *it;
	struct tipc_msg *hdr;
	struct sk_buff *skb;
	int i;

	skb = alloc_skb(size, GFP_KERNEL);
	if (!skb)
		return NULL;
	hdr = skb_put(skb, size);
	tipc_msg_init(hdr, KD_PEER, NAME_DISTRIBUTOR, mtype, INT_H_SIZE, 0);
	msg_set_size(hdr, size);
	msg_set_non_legacy(hdr, 1);
	msg_set_named_seqno(hdr, seqno);
	it = (struct tipc_named_item *)msg_data(hdr);
	for (i = 0; i < n; i++) {
		it[i].type = cpu_to_be32(KD_TYPE);
		it[i].lower = cpu_to_be32(lo[i]);
		it[i].upper = cpu_to_be32(hi[i]);
		it[i].port = cpu_to_be32(1000 + lo[i]);
		it[i].key = cpu_to_be32(lo[i]);
	}
	return skb;
}

static struct sk_buff *kd_single(u32 mtype, u32 inst, u32 seqno)
{
	return kd_msg(mtype, &inst, &inst, 1, seqno);
}

/* The port that the peer's binding of @inst resolves to, or 0 */
static u32 kd_peer_port(u32 inst)
{
	struct tipc_dest d = {};

	if (!tipc_nametbl_lookup(&init_net, KD_TYPE, inst, KD_PEER, &d))
		return 0;
	return d.node == KD_PEER ? d.port : 0;
}

struct kd_ctx {
	struct sk_buff_head q;
	u16 rcv_nxt;
	bool open;
};

static void kd_feed(struct kunit *test, struct kd_ctx *c, struct sk_buff *skb)
{
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_queue_tail(&c->q, skb);
	tipc_named_rcv(&init_net, &c->q, &c->rcv_nxt, &c->open);
}

static int kd_init(struct kunit *test)
{
	struct kd_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	skb_queue_head_init(&c->q);
	test->priv = c;
	return 0;
}

static void kd_exit(struct kunit *test)
{
	struct kd_ctx *c = test->priv;

	skb_queue_purge(&c->q);
	tipc_named_node_down(&init_net, KD_PEER);
}

static void nd_item_is_big_endian(struct kunit *test)
{
	struct tipc_binding b = { .type = 0x01020304, .lower = 5,
				  .upper = 0x0a0b0c0d, .port = 7, .key = 9 };
	static const u8 want[20] = { 1, 2, 3, 4, 0, 0, 0, 5,
				     0x0a, 0x0b, 0x0c, 0x0d, 0, 0, 0, 7,
				     0, 0, 0, 9 };
	struct tipc_named_item it;

	KUNIT_ASSERT_EQ(test, sizeof(it), 20UL);
	tipc_named_item_put(&it, &b);
	KUNIT_EXPECT_MEMEQ(test, &it, want, sizeof(want));
}

static void nd_remote_insert_remove(struct kunit *test)
{
	struct tipc_dest d = {};

	KUNIT_EXPECT_EQ(test, tipc_nametbl_add_remote(&init_net, KD_TYPE, 3, 9,
						      KD_PEER, 77, 1), 0);
	KUNIT_EXPECT_EQ(test, tipc_nametbl_add_remote(&init_net, KD_TYPE, 3, 9,
						      KD_PEER, 77, 1), -EEXIST);
	KUNIT_EXPECT_TRUE(test, tipc_nametbl_lookup(&init_net, KD_TYPE, 5, 0,
						    &d) ==
			  (tipc_own_addr(&init_net) != 0));
	KUNIT_EXPECT_EQ(test, kd_peer_port(5), 77U);
	/* our own node's lookup never leaves it */
	KUNIT_EXPECT_FALSE(test, tipc_nametbl_lookup(&init_net, KD_TYPE, 5,
						     tipc_own_addr(&init_net),
						     &d));
	KUNIT_EXPECT_EQ(test, tipc_nametbl_del_remote(&init_net, KD_TYPE, 3, 9,
						      KD_PEER, 77, 2), -ENOENT);
	KUNIT_EXPECT_EQ(test, tipc_nametbl_del_remote(&init_net, KD_TYPE, 3, 9,
						      KD_PEER, 77, 1), 0);
	KUNIT_EXPECT_EQ(test, kd_peer_port(5), 0U);
}

static void nd_purge_node(struct kunit *test)
{
	u32 i;

	for (i = 0; i < 20; i++)
		KUNIT_EXPECT_EQ(test, tipc_nametbl_add_remote(&init_net,
							      KD_TYPE, i, i,
							      KD_PEER, 1000 + i,
							      i), 0);
	KUNIT_EXPECT_EQ(test, kd_peer_port(19), 1019U);
	tipc_named_node_down(&init_net, KD_PEER);
	for (i = 0; i < 20; i++)
		KUNIT_EXPECT_EQ(test, kd_peer_port(i), 0U);
}

/* Singles wait for the last bulk, then go in turn; stale ones are lost */
static void nd_rcv_order(struct kunit *test)
{
	struct kd_ctx *c = test->priv;
	struct sk_buff *bulk;
	u32 two = 2;

	kd_feed(test, c, kd_single(PUBLICATION, 1, 5));
	KUNIT_EXPECT_EQ(test, skb_queue_len(&c->q), 1U);
	KUNIT_EXPECT_EQ(test, kd_peer_port(1), 0U);

	bulk = kd_msg(PUBLICATION, &two, &two, 1, 5);
	KUNIT_ASSERT_NOT_NULL(test, bulk);
	msg_set_bulk(buf_msg(bulk), 1);
	msg_set_last_bulk(buf_msg(bulk), 1);
	kd_feed(test, c, bulk);
	KUNIT_EXPECT_TRUE(test, c->open);
	KUNIT_EXPECT_EQ(test, c->rcv_nxt, 6);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&c->q), 0U);
	KUNIT_EXPECT_EQ(test, kd_peer_port(1), 1001U);
	KUNIT_EXPECT_EQ(test, kd_peer_port(2), 1002U);

	kd_feed(test, c, kd_single(PUBLICATION, 3, 7));	/* early */
	KUNIT_EXPECT_EQ(test, kd_peer_port(3), 0U);
	kd_feed(test, c, kd_single(PUBLICATION, 4, 4));	/* stale */
	KUNIT_EXPECT_EQ(test, skb_queue_len(&c->q), 1U);
	KUNIT_EXPECT_EQ(test, kd_peer_port(4), 0U);
	kd_feed(test, c, kd_single(WITHDRAWAL, 1, 6));
	KUNIT_EXPECT_EQ(test, kd_peer_port(1), 0U);
	KUNIT_EXPECT_EQ(test, kd_peer_port(3), 1003U);
	KUNIT_EXPECT_EQ(test, c->rcv_nxt, 8);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&c->q), 0U);
}

/* Unnumbered (legacy) updates and bulks apply at once; bad items do not */
static void nd_rcv_legacy_and_inverted(struct kunit *test)
{
	struct kd_ctx *c = test->priv;
	u32 lo[2] = { 20, 31 }, hi[2] = { 25, 30 };
	struct sk_buff *skb;

	skb = kd_single(PUBLICATION, 9, 1234);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	msg_set_non_legacy(buf_msg(skb), 0);
	kd_feed(test, c, skb);
	KUNIT_EXPECT_FALSE(test, c->open);
	KUNIT_EXPECT_EQ(test, kd_peer_port(9), 1009U);

	skb = kd_msg(PUBLICATION, lo, hi, 2, 0);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	msg_set_bulk(buf_msg(skb), 1);
	kd_feed(test, c, skb);
	KUNIT_EXPECT_FALSE(test, c->open);
	KUNIT_EXPECT_EQ(test, kd_peer_port(22), 1020U);
	KUNIT_EXPECT_EQ(test, kd_peer_port(30), 0U);
	KUNIT_EXPECT_EQ(test, kd_peer_port(31), 0U);
}

/* The header of one bulk message; apart, to keep stack frames small */
static noinline void nd_check_bulk_hdr(struct kunit *test,
				       const struct sk_buff *skb, bool last)
{
	const struct tipc_msg *hdr = buf_msg(skb);

	KUNIT_EXPECT_EQ(test, msg_user(hdr), (u32)NAME_DISTRIBUTOR);
	KUNIT_EXPECT_EQ(test, msg_type(hdr), (u32)PUBLICATION);
	KUNIT_EXPECT_EQ(test, msg_hdr_sz(hdr), (u32)INT_H_SIZE);
	KUNIT_EXPECT_EQ(test, msg_size(hdr), skb->len);
	KUNIT_EXPECT_EQ(test, msg_bulk(hdr), 1U);
	KUNIT_EXPECT_EQ(test, msg_bc_ack_invalid(hdr), 1U);
	KUNIT_EXPECT_EQ(test, msg_destnode(hdr), KD_PEER);
	KUNIT_EXPECT_EQ(test, msg_last_bulk(hdr), last ? 1U : 0U);
}

/* The bulk: full messages of bulk items, the last one numbered */
static void nd_bulk_layout(struct kunit *test)
{
	struct tipc_nametbl *nt = &tipc_net(&init_net)->nametbl;
	struct tipc_binding **b;
	const struct tipc_named_item *it;
	struct sk_buff_head list;
	u32 seen = 0, want = 0, n;
	struct tipc_msg *hdr;
	struct sk_buff *skb;
	int i;

	b = kunit_kcalloc(test, KD_BINDS, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	for (i = 0; i < KD_BINDS; i++) {
		b[i] = tipc_nametbl_bind(&init_net, KD_TYPE, i, i,
					 TIPC_CLUSTER_SCOPE, 4000 + i, i + 1);
		KUNIT_ASSERT_FALSE(test, IS_ERR(b[i]));
	}
	__skb_queue_head_init(&list);
	tipc_named_node_up(&init_net, KD_PEER, 0, &list);
	KUNIT_EXPECT_FALSE(test, skb_queue_empty(&list));
	skb_queue_walk(&list, skb) {
		hdr = buf_msg(skb);
		nd_check_bulk_hdr(test, skb, skb_queue_is_last(&list, skb));
		it = (const struct tipc_named_item *)msg_data(hdr);
		for (n = msg_data_sz(hdr) / TIPC_NAMED_ITEM_SIZE; n; n--, it++) {
			seen++;
			if (be32_to_cpu(it->type) != KD_TYPE)
				continue;
			/* ours come in the order they were made */
			KUNIT_EXPECT_EQ(test, be32_to_cpu(it->lower), want);
			KUNIT_EXPECT_EQ(test, be32_to_cpu(it->port), 4000 + want);
			want++;
		}
	}
	KUNIT_EXPECT_EQ(test, want, (u32)KD_BINDS);
	KUNIT_EXPECT_GE(test, seen, (u32)KD_BINDS);
	KUNIT_EXPECT_EQ(test, msg_named_seqno(buf_msg(skb_peek_tail(&list))),
			(u32)nt->distr.snd_nxt);
	__skb_queue_purge(&list);
	for (i = 0; i < KD_BINDS; i++)
		tipc_nametbl_unbind(&init_net, b[i]);
}

static struct kunit_case tipc_named_cases[] = {
	KUNIT_CASE(nd_item_is_big_endian),
	KUNIT_CASE(nd_remote_insert_remove),
	KUNIT_CASE(nd_purge_node),
	KUNIT_CASE(nd_rcv_order),
	KUNIT_CASE(nd_rcv_legacy_and_inverted),
	KUNIT_CASE(nd_bulk_layout),
	{}
};

static struct kunit_suite tipc_named_suite = {
	.name = "tipc_name_distr",
	.init = kd_init,
	.exit = kd_exit,
	.test_cases = tipc_named_cases,
};

kunit_test_suite(tipc_named_suite);
