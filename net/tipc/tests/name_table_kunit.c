// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the binding table, exercised in the initial namespace on
 * service types no application can bind (they are above any test's use
 * and removed again by each case).
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/tipc.h>
#include <net/net_namespace.h>

#include "../name_table.h"

#define KT_TYPE		0xfffff001
#define KT_MAX		256

struct kt_ctx {
	struct tipc_binding *b[KT_MAX];
	int n;
};

static void kt_bind(struct kunit *test, struct kt_ctx *c, u32 lower,
		    u32 upper, u32 port)
{
	struct tipc_binding *b;

	KUNIT_ASSERT_LT(test, c->n, KT_MAX);
	b = tipc_nametbl_bind(&init_net, KT_TYPE, lower, upper,
			      TIPC_CLUSTER_SCOPE, port, port);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	c->b[c->n++] = b;
}

static void kt_unbind_all(struct kt_ctx *c)
{
	while (c->n)
		tipc_nametbl_unbind(&init_net, c->b[--c->n]);
}

/* The port a lookup of @inst resolves to, or 0 when it fails. */
static u32 kt_lookup(u32 inst)
{
	struct tipc_dest d = {};

	if (!tipc_nametbl_lookup(&init_net, KT_TYPE, inst, 0, &d))
		return 0;
	return d.port;
}

static int kt_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct kt_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void kt_exit(struct kunit *test)
{
	kt_unbind_all(test->priv);
}

static void nt_first_range_wins(struct kunit *test)
{
	struct kt_ctx *c = test->priv;

	kt_bind(test, c, 10, 20, 1);
	kt_bind(test, c, 5, 15, 2);
	kt_bind(test, c, 5, 12, 3);
	KUNIT_EXPECT_EQ(test, kt_lookup(11), 3U);
	KUNIT_EXPECT_EQ(test, kt_lookup(13), 2U);
	KUNIT_EXPECT_EQ(test, kt_lookup(18), 1U);
	KUNIT_EXPECT_EQ(test, kt_lookup(20), 1U);
	KUNIT_EXPECT_EQ(test, kt_lookup(21), 0U);
	KUNIT_EXPECT_EQ(test, kt_lookup(4), 0U);
}

static void nt_round_robin(struct kunit *test)
{
	struct kt_ctx *c = test->priv;

	kt_bind(test, c, 7, 7, 1);
	kt_bind(test, c, 7, 7, 2);
	kt_bind(test, c, 7, 7, 3);
	KUNIT_EXPECT_EQ(test, kt_lookup(7), 1U);
	KUNIT_EXPECT_EQ(test, kt_lookup(7), 2U);
	KUNIT_EXPECT_EQ(test, kt_lookup(7), 3U);
	KUNIT_EXPECT_EQ(test, kt_lookup(7), 1U);
}

static void nt_node_restriction(struct kunit *test)
{
	struct kt_ctx *c = test->priv;
	struct tipc_dest d;

	kt_bind(test, c, 1, 1, 1);
	KUNIT_EXPECT_FALSE(test, tipc_nametbl_lookup(&init_net, KT_TYPE, 1,
						     0xdead, &d));
	KUNIT_EXPECT_TRUE(test, tipc_nametbl_lookup(&init_net, KT_TYPE, 1, 0,
						    &d));
}

static void nt_unbind_removes(struct kunit *test)
{
	struct kt_ctx *c = test->priv;

	kt_bind(test, c, 1, 100, 1);
	kt_bind(test, c, 50, 60, 2);
	tipc_nametbl_unbind(&init_net, c->b[0]);
	c->b[0] = c->b[--c->n];
	KUNIT_EXPECT_EQ(test, kt_lookup(10), 0U);
	KUNIT_EXPECT_EQ(test, kt_lookup(55), 2U);
	kt_unbind_all(c);
	KUNIT_EXPECT_EQ(test, kt_lookup(55), 0U);
	kt_bind(test, c, 55, 55, 3);
	KUNIT_EXPECT_EQ(test, kt_lookup(55), 3U);
}

static void nt_bind_rejects_inverted_range(struct kunit *test)
{
	struct tipc_binding *b;

	b = tipc_nametbl_bind(&init_net, KT_TYPE, 5, 4, TIPC_CLUSTER_SCOPE,
			      1, 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(b), -EINVAL);
}

/* The answer a plain scan gives: first holding range in sort order. */
static u32 kt_scan(const u32 (*r)[3], int n, u32 inst)
{
	int i, best = -1;

	for (i = 0; i < n; i++) {
		if (r[i][0] > inst || r[i][1] < inst)
			continue;
		if (best < 0 || r[i][0] < r[best][0] ||
		    (r[i][0] == r[best][0] && r[i][1] < r[best][1]))
			best = i;
	}
	return best < 0 ? 0 : r[best][2];
}

static void nt_matches_linear_scan(struct kunit *test)
{
	struct kt_ctx *c = test->priv;
	u32 (*r)[3], seed = 12345, inst;
	int i, n = 200;

	r = kunit_kcalloc(test, n, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		r[i][0] = (seed >> 8) % 1000;
		seed = seed * 1103515245 + 12345;
		r[i][1] = r[i][0] + (seed >> 8) % 40;
		r[i][2] = i + 1;
		kt_bind(test, c, r[i][0], r[i][1], r[i][2]);
	}
	for (inst = 0; inst < 1100; inst++) {
		u32 want = kt_scan(r, n, inst), got = kt_lookup(inst);

		if (!want || !got) {
			KUNIT_EXPECT_EQ(test, got, want);
			continue;
		}
		/* the same range, though maybe another of its members */
		KUNIT_EXPECT_EQ(test, r[got - 1][0], r[want - 1][0]);
		KUNIT_EXPECT_EQ(test, r[got - 1][1], r[want - 1][1]);
	}
}

static struct kunit_case tipc_nametbl_cases[] = {
	KUNIT_CASE(nt_first_range_wins),
	KUNIT_CASE(nt_round_robin),
	KUNIT_CASE(nt_node_restriction),
	KUNIT_CASE(nt_unbind_removes),
	KUNIT_CASE(nt_bind_rejects_inverted_range),
	KUNIT_CASE(nt_matches_linear_scan),
	{}
};

static struct kunit_suite tipc_nametbl_suite = {
	.name = "tipc_name_table",
	.init = kt_init,
	.exit = kt_exit,
	.test_cases = tipc_nametbl_cases,
};

kunit_test_suite(tipc_nametbl_suite);
