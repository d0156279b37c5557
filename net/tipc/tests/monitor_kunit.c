// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: neighbour monitoring (monitor.c): the ring's order and roles,
 * domain records as they arrive on the wire (built here byte by byte
 * from the wire layout), malformed ones ignored, and loss reports
 * leading to probing, then to a reset.
 */
#include <kunit/test.h>
#include <linux/unaligned.h>
#include <net/net_namespace.h>

#include "../addr.h"
#include "../monitor.h"

#define PEERS	5

struct mk_ctx {
	struct tipc_monitor *mon;
	struct tipc_mon_view v;
	u32 addr[PEERS + 1];	/* [0]: ourselves, then the ring's order */
	u32 saved_threshold;
};

/* A monitor with five peers up, monitoring on (threshold 0) */
static int mk_init(struct kunit *test)
{
	struct mk_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int i;

	if (!c)
		return -ENOMEM;
	c->saved_threshold = tipc_mon_threshold(&init_net);
	tipc_mon_set_threshold(&init_net, 0);
	c->mon = tipc_mon_create(&init_net);
	if (!c->mon)
		return -ENOMEM;
	for (i = 0; i <= PEERS; i++)
		c->addr[i] = tipc_own_addr(&init_net) + i;
	/* Out of order: the ring sorts them */
	for (i = PEERS; i >= 1; i -= 2)
		tipc_mon_peer_up(c->mon, c->addr[i]);
	for (i = PEERS - 1; i >= 1; i -= 2)
		tipc_mon_peer_up(c->mon, c->addr[i]);
	test->priv = c;
	return 0;
}

static void mk_exit(struct kunit *test)
{
	struct mk_ctx *c = test->priv;

	tipc_mon_put(c->mon);
	tipc_mon_set_threshold(&init_net, c->saved_threshold);
}

/* Ring position @i (0: ourselves) */
static struct tipc_mon_view *mk_view(struct kunit *test, int i)
{
	struct mk_ctx *c = test->priv;

	KUNIT_ASSERT_EQ(test, tipc_mon_peer_view(c->mon, i, &c->v), 0);
	return &c->v;
}

/* A domain record in @buf: @cnt members, bit i of @up_map: member i up */
static u32 mk_record(u8 *buf, u16 gen, u16 ack, const u32 *member,
		     u16 cnt, u64 up_map)
{
	u32 len = 16 + 4 * cnt, i;

	put_unaligned_be16(len, buf);
	put_unaligned_be16(gen, buf + 2);
	put_unaligned_be16(ack, buf + 4);
	put_unaligned_be16(cnt, buf + 6);
	put_unaligned_be64(up_map, buf + 8);
	for (i = 0; i < cnt; i++)
		put_unaligned_be32(member[i], buf + 16 + 4 * i);
	return len;
}

/* Six nodes: domains of two; ours is local, the others are heads */
static void mk_ring(struct kunit *test)
{
	struct mk_ctx *c = test->priv;
	struct tipc_mon_view *v;
	u32 n, gen;
	int i;

	KUNIT_EXPECT_TRUE(test, tipc_mon_summary(c->mon, &n, &gen));
	KUNIT_EXPECT_EQ(test, n, PEERS + 1);
	for (i = 0; i <= PEERS; i++) {
		v = mk_view(test, i);
		KUNIT_EXPECT_EQ(test, v->addr, c->addr[i]);
		KUNIT_EXPECT_TRUE(test, v->up);
		KUNIT_EXPECT_EQ(test, v->local, (bool)(i == 1 || i == 2));
		KUNIT_EXPECT_EQ(test, v->head, (bool)(i == 0 || i >= 3));
	}
	v = mk_view(test, 0);
	KUNIT_EXPECT_TRUE(test, v->has_record);
	KUNIT_EXPECT_EQ(test, v->cnt, 2);
	KUNIT_EXPECT_EQ(test, v->member[0], c->addr[1]);
	KUNIT_EXPECT_EQ(test, v->member[1], c->addr[2]);
	KUNIT_EXPECT_EQ(test, v->up_map, 3);
	KUNIT_EXPECT_EQ(test, tipc_mon_peer_view(c->mon, PEERS + 1, v),
			-ENOENT);
}

/* The head at position 3 covers 4 and 5: they are no longer ours */
static void mk_record_applied(struct kunit *test)
{
	struct mk_ctx *c = test->priv;
	struct tipc_mon_link st = {};
	struct tipc_mon_view *v;
	u8 rec[TIPC_MON_RECORD_MAX];
	u32 len;

	len = mk_record(rec, 7, 0, &c->addr[4], 2, 3);
	tipc_mon_rcv(c->mon, c->addr[3], &st, rec, len);
	v = mk_view(test, 3);
	KUNIT_EXPECT_TRUE(test, v->has_record);
	KUNIT_EXPECT_EQ(test, v->gen, 7);
	KUNIT_EXPECT_EQ(test, v->applied, 2);
	KUNIT_EXPECT_TRUE(test, v->head);
	KUNIT_EXPECT_FALSE(test, mk_view(test, 4)->head);
	KUNIT_EXPECT_FALSE(test, mk_view(test, 5)->head);
	KUNIT_EXPECT_FALSE(test, mk_view(test, 5)->local);
	/* A peer we leave to its head: not supervised, not probed */
	memset(&st, 0, sizeof(st));
	st.tx_acked = 0xffff;
	tipc_mon_link_state(c->mon, c->addr[5], &st);
	KUNIT_EXPECT_FALSE(test, st.monitoring);
	/* ... but one of our domain is */
	memset(&st, 0, sizeof(st));
	tipc_mon_link_state(c->mon, c->addr[1], &st);
	KUNIT_EXPECT_TRUE(test, st.monitoring);
}

/* Records that lie about their size are ignored */
static void mk_record_malformed(struct kunit *test)
{
	struct mk_ctx *c = test->priv;
	u8 rec[TIPC_MON_RECORD_MAX + 8];
	struct tipc_mon_link st = {};
	u32 len;

	len = mk_record(rec, 7, 0, &c->addr[4], 2, 3);
	tipc_mon_rcv(c->mon, c->addr[3], &st, rec, len - 4);	/* short */
	tipc_mon_rcv(c->mon, c->addr[3], &st, rec, len + 4);	/* long */
	put_unaligned_be16(len + 4, rec);			/* len field */
	tipc_mon_rcv(c->mon, c->addr[3], &st, rec, len);
	put_unaligned_be16(65, rec + 6);			/* 65 members */
	put_unaligned_be16(16 + 4 * 65, rec);
	tipc_mon_rcv(c->mon, c->addr[3], &st, rec, 16 + 4 * 65);
	tipc_mon_rcv(c->mon, c->addr[3], &st, rec, 8);		/* a stub */
	KUNIT_EXPECT_FALSE(test, mk_view(test, 3)->has_record);
	KUNIT_EXPECT_FALSE(test, st.synched);
}

/*
 * The head reports member 5 down in each new record: we probe it from
 * the first report, and give it up after the fourth
 */
static void mk_loss_reports(struct kunit *test)
{
	struct mk_ctx *c = test->priv;
	struct tipc_mon_link st = {}, st5 = {};
	u8 rec[TIPC_MON_RECORD_MAX];
	u16 gen = 10;
	u32 len;
	int i;

	for (i = 0; i < 4; i++) {
		len = mk_record(rec, gen++, 0, &c->addr[4], 2, 3);
		tipc_mon_rcv(c->mon, c->addr[3], &st, rec, len);
		len = mk_record(rec, gen++, 0, &c->addr[4], 2, 1);
		tipc_mon_rcv(c->mon, c->addr[3], &st, rec, len);
		tipc_mon_link_state(c->mon, c->addr[5], &st5);
		KUNIT_EXPECT_TRUE(test, st5.probing);
		KUNIT_EXPECT_EQ(test, st5.reset, (bool)(i == 3));
	}
	/* A repeated record is not news, and counts nothing */
	tipc_mon_rcv(c->mon, c->addr[3], &st, rec, len);
	KUNIT_EXPECT_EQ(test, mk_view(test, 3)->gen, gen - 1);
}

/* The record we send: the full one until acked, then an empty one */
static void mk_own_record(struct kunit *test)
{
	struct mk_ctx *c = test->priv;
	struct tipc_mon_link st = {};
	u8 rec[TIPC_MON_RECORD_MAX];
	u16 gen;

	st.rx_gen = 5;
	KUNIT_ASSERT_EQ(test, tipc_mon_record(c->mon, &st, rec), 16 + 8);
	gen = get_unaligned_be16(rec + 2);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(rec), 16 + 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(rec + 4), 5);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(rec + 6), 2);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(rec + 8), 3);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(rec + 16), c->addr[1]);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(rec + 20), c->addr[2]);
	st.tx_acked = gen;
	KUNIT_ASSERT_EQ(test, tipc_mon_record(c->mon, &st, rec), 16);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(rec + 6), 0);
	/* Down below the threshold: nothing */
	tipc_mon_set_threshold(&init_net, PEERS + 1);
	KUNIT_EXPECT_EQ(test, tipc_mon_record(c->mon, &st, rec), 0);
}

static struct kunit_case tipc_monitor_cases[] = {
	KUNIT_CASE(mk_ring),
	KUNIT_CASE(mk_record_applied),
	KUNIT_CASE(mk_record_malformed),
	KUNIT_CASE(mk_loss_reports),
	KUNIT_CASE(mk_own_record),
	{}
};

static struct kunit_suite tipc_monitor_suite = {
	.name = "tipc_monitor",
	.init = mk_init,
	.exit = mk_exit,
	.test_cases = tipc_monitor_cases,
};

kunit_test_suite(tipc_monitor_suite);
