// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: header fields, validation and rejection.
 */
#include <kunit/test.h>

#include "../msg.h"

static struct sk_buff *msg_make(struct kunit *test, u32 hsize, u32 dlen,
				u32 type)
{
	struct sk_buff *skb = alloc_skb(hsize + dlen + 16, GFP_KERNEL);
	struct tipc_msg *m;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	m = skb_put_zero(skb, hsize + dlen);
	tipc_msg_init(m, 0x1001, TIPC_LOW_IMPORTANCE, type, hsize, 0x1001);
	msg_set_size(m, hsize + dlen);
	memset(msg_data(m), 0xa5, dlen);
	return skb;
}

static void msg_fields_land_on_the_wire(struct kunit *test)
{
	struct tipc_msg m = {};
	u8 *b = (u8 *)&m;

	msg_set_version(&m, TIPC_VERSION);
	KUNIT_EXPECT_EQ(test, b[0], 0x40);
	msg_set_user(&m, LINK_CONFIG);
	KUNIT_EXPECT_EQ(test, b[0], 0x40 | (LINK_CONFIG << 1));
	msg_set_size(&m, 0x1ffff);
	KUNIT_EXPECT_EQ(test, b[1], 0x01);
	KUNIT_EXPECT_EQ(test, b[2], 0xff);
	KUNIT_EXPECT_EQ(test, b[3], 0xff);
	KUNIT_EXPECT_EQ(test, msg_user(&m), (u32)LINK_CONFIG);
	msg_set_type(&m, TIPC_DIRECT_MSG);
	KUNIT_EXPECT_EQ(test, b[4], TIPC_DIRECT_MSG << 5);
	msg_set_destport(&m, 0x01020304);
	KUNIT_EXPECT_EQ(test, b[20], 0x01);
	KUNIT_EXPECT_EQ(test, b[23], 0x04);
}

static void msg_fields_do_not_overlap(struct kunit *test)
{
	struct tipc_msg m = {};

	msg_set_errcode(&m, 0xf);
	msg_set_lookup_scope(&m, 3);
	msg_set_type(&m, 7);
	msg_set_reroute_cnt(&m, 0);
	KUNIT_EXPECT_EQ(test, msg_errcode(&m), 0xfU);
	KUNIT_EXPECT_EQ(test, msg_lookup_scope(&m), 3U);
	KUNIT_EXPECT_EQ(test, msg_type(&m), 7U);
	KUNIT_EXPECT_EQ(test, msg_bcast_ack(&m), 0U);
	msg_set_errcode(&m, 0);
	KUNIT_EXPECT_EQ(test, msg_type(&m), 7U);
	KUNIT_EXPECT_EQ(test, msg_lookup_scope(&m), 3U);
}

static void msg_short_header_origin(struct kunit *test)
{
	struct tipc_msg m = {};

	tipc_msg_init(&m, 0x2002, 0, TIPC_CONN_MSG, SHORT_H_SIZE, 0);
	KUNIT_EXPECT_EQ(test, msg_orignode(&m), 0x2002U);
	KUNIT_EXPECT_EQ(test, msg_hdr_sz(&m), (u32)SHORT_H_SIZE);
}

static void msg_validate_accepts_good(struct kunit *test)
{
	struct sk_buff *skb = msg_make(test, NAMED_H_SIZE, 100, TIPC_NAMED_MSG);

	KUNIT_EXPECT_EQ(test, tipc_msg_validate(skb), 0);
	/* padding after the message is allowed */
	skb_put_zero(skb, 8);
	KUNIT_EXPECT_EQ(test, tipc_msg_validate(skb), 0);
	kfree_skb(skb);
}

static void msg_validate_rejects_bad(struct kunit *test)
{
	struct sk_buff *skb = msg_make(test, BASIC_H_SIZE, 10, TIPC_DIRECT_MSG);
	struct tipc_msg *m = buf_msg(skb);

	msg_set_version(m, 3);
	KUNIT_EXPECT_LT(test, tipc_msg_validate(skb), 0);
	msg_set_version(m, TIPC_VERSION);
	msg_set_hdr_sz(m, 20);
	KUNIT_EXPECT_LT(test, tipc_msg_validate(skb), 0);
	msg_set_hdr_sz(m, BASIC_H_SIZE);
	msg_set_size(m, BASIC_H_SIZE - 4);
	KUNIT_EXPECT_LT(test, tipc_msg_validate(skb), 0);
	msg_set_size(m, BASIC_H_SIZE + 11);	/* one byte missing */
	KUNIT_EXPECT_LT(test, tipc_msg_validate(skb), 0);
	skb_trim(skb, 10);
	KUNIT_EXPECT_LT(test, tipc_msg_validate(skb), 0);
	kfree_skb(skb);
}

static void msg_reverse_turns_around(struct kunit *test)
{
	struct sk_buff *skb = msg_make(test, NAMED_H_SIZE, 2000,
				       TIPC_NAMED_MSG);
	struct tipc_msg *m = buf_msg(skb);

	msg_set_origport(m, 11);
	msg_set_destport(m, 22);
	msg_set_prevnode(m, 0x3003);
	KUNIT_ASSERT_TRUE(test, tipc_msg_reverse(0x4004, &skb,
						 TIPC_ERR_NO_PORT));
	m = buf_msg(skb);
	KUNIT_EXPECT_EQ(test, msg_errcode(m), (u32)TIPC_ERR_NO_PORT);
	KUNIT_EXPECT_EQ(test, msg_origport(m), 22U);
	KUNIT_EXPECT_EQ(test, msg_destport(m), 11U);
	KUNIT_EXPECT_EQ(test, msg_destnode(m), 0x3003U);
	KUNIT_EXPECT_EQ(test, msg_orignode(m), 0x4004U);
	KUNIT_EXPECT_EQ(test, msg_data_sz(m), (u32)TIPC_MAX_REJECT_DATA);
	KUNIT_EXPECT_EQ(test, msg_data(m)[0], 0xa5);
	/* a rejection is never rejected again */
	KUNIT_EXPECT_FALSE(test, tipc_msg_reverse(0x4004, &skb,
						  TIPC_ERR_NO_PORT));
	KUNIT_EXPECT_NULL(test, skb);
}

static void msg_reverse_grows_short_header(struct kunit *test)
{
	struct sk_buff *skb = msg_make(test, SHORT_H_SIZE, 5, TIPC_CONN_MSG);

	KUNIT_ASSERT_TRUE(test, tipc_msg_reverse(0x4004, &skb,
						 TIPC_ERR_NO_PORT));
	KUNIT_EXPECT_EQ(test, msg_hdr_sz(buf_msg(skb)), (u32)BASIC_H_SIZE);
	KUNIT_EXPECT_EQ(test, msg_data_sz(buf_msg(skb)), 5U);
	KUNIT_EXPECT_EQ(test, tipc_msg_validate(skb), 0);
	kfree_skb(skb);
}

static void msg_reverse_respects_droppable(struct kunit *test)
{
	struct sk_buff *skb = msg_make(test, BASIC_H_SIZE, 5, TIPC_DIRECT_MSG);

	msg_set_dest_droppable(buf_msg(skb), 1);
	KUNIT_EXPECT_FALSE(test, tipc_msg_reverse(0x4004, &skb,
						  TIPC_ERR_NO_PORT));
	KUNIT_EXPECT_NULL(test, skb);
}

static void msg_reverse_syn_overload_drops_data(struct kunit *test)
{
	struct sk_buff *skb = msg_make(test, NAMED_H_SIZE, 50, TIPC_NAMED_MSG);

	msg_set_syn(buf_msg(skb), 1);
	KUNIT_ASSERT_TRUE(test, tipc_msg_reverse(0x4004, &skb,
						 TIPC_ERR_OVERLOAD));
	KUNIT_EXPECT_EQ(test, msg_data_sz(buf_msg(skb)), 0U);
	kfree_skb(skb);
}

static struct kunit_case tipc_msg_cases[] = {
	KUNIT_CASE(msg_fields_land_on_the_wire),
	KUNIT_CASE(msg_fields_do_not_overlap),
	KUNIT_CASE(msg_short_header_origin),
	KUNIT_CASE(msg_validate_accepts_good),
	KUNIT_CASE(msg_validate_rejects_bad),
	KUNIT_CASE(msg_reverse_turns_around),
	KUNIT_CASE(msg_reverse_grows_short_header),
	KUNIT_CASE(msg_reverse_respects_droppable),
	KUNIT_CASE(msg_reverse_syn_overload_drops_data),
	{}
};

static struct kunit_suite tipc_msg_suite = {
	.name = "tipc_msg",
	.test_cases = tipc_msg_cases,
};

kunit_test_suite(tipc_msg_suite);
