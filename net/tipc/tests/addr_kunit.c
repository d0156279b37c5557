// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: node identities and addresses.
 */
#include <kunit/test.h>

#include "../addr.h"

static void addr_hash_xors_words(struct kunit *test)
{
	u8 id[TIPC_ID_LEN] = { 0x11, 0x22, 0x33, 0x44, 0x01, 0x02, 0x03, 0x04 };

	KUNIT_EXPECT_EQ(test, tipc_id_to_addr(id), 0x11223344 ^ 0x01020304);
}

static void addr_hash_falls_back_to_or(struct kunit *test)
{
	u8 id[TIPC_ID_LEN] = { 0xaa, 0, 0, 0, 0xaa, 0, 0, 1 };
	u8 zero[TIPC_ID_LEN] = {};

	/* 0xaa000000 ^ 0xaa000001 is 1: not zero, so it stays */
	KUNIT_EXPECT_EQ(test, tipc_id_to_addr(id), 1U);
	id[7] = 0;
	KUNIT_EXPECT_EQ(test, tipc_id_to_addr(id), 0xaa000000U);
	KUNIT_EXPECT_EQ(test, tipc_id_to_addr(zero), 0U);
}

static void addr_hash_of_text_identity(struct kunit *test)
{
	u8 id[TIPC_ID_LEN] = "11111111";

	/* "1111" ^ "1111" cancel: the OR of the words, 0x31313131 */
	KUNIT_EXPECT_EQ(test, tipc_id_to_addr(id), 0x31313131U);
}

static void addr_str_keeps_names(struct kunit *test)
{
	u8 id[TIPC_ID_LEN] = "node-1.a:b_c@d";
	char str[TIPC_ID_STR_LEN];

	tipc_id_to_str(id, str);
	KUNIT_EXPECT_STREQ(test, str, "node-1.a:b_c@d");
}

static void addr_str_hex_strips_zeroes(struct kunit *test)
{
	u8 id[TIPC_ID_LEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 };
	char str[TIPC_ID_STR_LEN];

	tipc_id_to_str(id, str);
	KUNIT_EXPECT_STREQ(test, str, "0242ac110002");
	memset(id, 0, sizeof(id));
	id[15] = 0xff;
	tipc_id_to_str(id, str);
	KUNIT_EXPECT_STREQ(test, str, "000000000000000000000000000000ff");
}

static void addr_str_all_zero_is_empty(struct kunit *test)
{
	u8 id[TIPC_ID_LEN] = {};
	char str[TIPC_ID_STR_LEN];

	tipc_id_to_str(id, str);
	KUNIT_EXPECT_STREQ(test, str, "");
}

static void addr_scope(struct kunit *test)
{
	u32 addr = tipc_addr(1, 2, 3);

	KUNIT_EXPECT_TRUE(test, tipc_addr_in_scope(false, 0, addr));
	KUNIT_EXPECT_TRUE(test, tipc_addr_in_scope(false, addr, addr));
	KUNIT_EXPECT_FALSE(test, tipc_addr_in_scope(false, addr + 1, addr));
	KUNIT_EXPECT_FALSE(test, tipc_addr_in_scope(false, tipc_addr(1, 2, 0),
						    addr));
	KUNIT_EXPECT_TRUE(test, tipc_addr_in_scope(true, tipc_addr(1, 2, 0),
						   addr));
	KUNIT_EXPECT_TRUE(test, tipc_addr_in_scope(true, tipc_addr(1, 0, 0),
						   addr));
	KUNIT_EXPECT_FALSE(test, tipc_addr_in_scope(true, tipc_addr(1, 3, 0),
						    addr));
}

static struct kunit_case tipc_addr_cases[] = {
	KUNIT_CASE(addr_hash_xors_words),
	KUNIT_CASE(addr_hash_falls_back_to_or),
	KUNIT_CASE(addr_hash_of_text_identity),
	KUNIT_CASE(addr_str_keeps_names),
	KUNIT_CASE(addr_str_hex_strips_zeroes),
	KUNIT_CASE(addr_str_all_zero_is_empty),
	KUNIT_CASE(addr_scope),
	{}
};

static struct kunit_suite tipc_addr_suite = {
	.name = "tipc_addr",
	.test_cases = tipc_addr_cases,
};

kunit_test_suite(tipc_addr_suite);
