// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: where the discovery fields and the Ethernet media address land
 * in a LINK_CONFIG header (tipc-wire.md §6, §8.1).
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>

#include "../bearer.h"
#include "../discover.h"
#include "../msg.h"
#include "../node.h"

static void disc_fields_land_on_the_wire(struct kunit *test)
{
	/* word 1: capabilities in bits 15..27 over the signature's low 15 */
	const u32 w1 = (TIPC_NODE_CAPS << 15) | (0x1234 & 0x7fff);
	const u8 want[][2] = {
		{ 4, w1 >> 24 }, { 5, (w1 >> 16) & 0xff },
		{ 6, (w1 >> 8) & 0xff }, { 7, w1 & 0xff },
		{ 8, 0x01 }, { 11, 0x03 }, { 18, 0x12 }, { 19, 0x67 },
		{ 52, 0xde }, { 55, 0xef }, { 56, 0x11 }, { 59, 0x44 },
	};
	struct tipc_msg m = {};
	u8 *b = (u8 *)&m;
	unsigned int i;

	/* The signature first: the capabilities take over its bit 15 */
	msg_set_node_sig(&m, 0x1234);
	msg_set_node_caps(&m, TIPC_NODE_CAPS);
	msg_set_dest_domain(&m, 0x01002003);
	msg_set_bc_netid(&m, 4711);
	msg_set_peer_net_hash(&m, 0xdeadbeef);
	msg_set_sugg_node_addr(&m, 0x11223344);
	for (i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_EQ_MSG(test, b[want[i][0]], want[i][1],
				    "byte %u", want[i][0]);
	KUNIT_EXPECT_EQ(test, msg_node_sig(&m), 0x9234U);
	KUNIT_EXPECT_EQ(test, msg_node_caps(&m), (u32)TIPC_NODE_CAPS);
	KUNIT_EXPECT_EQ(test, msg_type(&m), (u32)DSC_REQ_MSG);
}

static void eth_address_in_media_info(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct tipc_media_addr a, back;
	struct tipc_msg m = {};
	u8 *info = (u8 *)&m.hdr[TIPC_MEDIA_INFO_WORD];
	unsigned int i;

	tipc_eth_media.from_raw(&a, mac);
	KUNIT_EXPECT_FALSE(test, a.broadcast);
	memset(info, 0xee, TIPC_MEDIA_INFO_LEN);
	tipc_eth_media.to_wire(info, &a);
	KUNIT_EXPECT_PTR_EQ(test, info, (u8 *)&m + 20);
	for (i = 0; i < TIPC_MEDIA_INFO_LEN; i++) {
		u8 w = 0;

		if (i == TIPC_MEDIA_TYPE_AT)
			w = TIPC_MEDIA_TYPE_ETH;
		else if (i >= TIPC_MEDIA_ADDR_AT && i < TIPC_MEDIA_ADDR_AT + 6)
			w = mac[i - TIPC_MEDIA_ADDR_AT];
		KUNIT_EXPECT_EQ_MSG(test, info[i], w, "media info byte %u", i);
	}
	KUNIT_EXPECT_EQ(test, tipc_eth_media.from_wire(&back, info), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&back, &a, sizeof(a)), 0);
}

static void eth_broadcast_is_marked(struct kunit *test)
{
	struct tipc_media_addr a;
	u8 info[TIPC_MEDIA_INFO_LEN] = {};

	eth_broadcast_addr(info + TIPC_MEDIA_ADDR_AT);
	KUNIT_EXPECT_EQ(test, tipc_eth_media.from_wire(&a, info), 0);
	KUNIT_EXPECT_TRUE(test, a.broadcast);
	KUNIT_EXPECT_EQ(test, a.media_id, (u8)TIPC_MEDIA_TYPE_ETH);
}

static struct kunit_case tipc_discover_cases[] = {
	KUNIT_CASE(disc_fields_land_on_the_wire),
	KUNIT_CASE(eth_address_in_media_info),
	KUNIT_CASE(eth_broadcast_is_marked),
	{}
};

static struct kunit_suite tipc_discover_suite = {
	.name = "tipc-discover",
	.test_cases = tipc_discover_cases,
};

kunit_test_suite(tipc_discover_suite);
