// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: fragmentation, reassembly, bundling and bundle extraction.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/socket.h>
#include <linux/uio.h>

#include "../msg.h"
#include "../fragment.h"

#define OWN	0x1001
#define PEER	0x2002

/* Counts the test skbs that reach kfree_skb()/consume_skb() */
static atomic_t fk_freed;

static void fk_count_free(struct sk_buff *skb)
{
	atomic_inc(&fk_freed);
}

static void fk_watch(struct sk_buff *skb)
{
	skb->destructor = fk_count_free;
}

/* A message of @hsize header bytes and @dlen data bytes, data patterned */
static struct sk_buff *fk_msg(struct kunit *test, u32 user, u32 hsize,
			      u32 dlen, u8 seed)
{
	struct sk_buff *skb;
	struct tipc_msg *m;
	u8 *d;
	u32 i;

	skb = alloc_skb(TIPC_SKB_HEADROOM + hsize + dlen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, TIPC_SKB_HEADROOM);
	memset(skb->cb, 0, sizeof(skb->cb));
	m = skb_put_zero(skb, hsize + dlen);
	tipc_msg_init(m, OWN, user, TIPC_NAMED_MSG, hsize, PEER);
	msg_set_size(m, hsize + dlen);
	d = msg_data(m);
	for (i = 0; i < dlen; i++)
		d[i] = (u8)(i * 7 + seed);
	return skb;
}

static void *fk_save(struct kunit *test, struct sk_buff *skb)
{
	void *copy = kunit_kmalloc(test, skb->len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, copy, skb->len), 0);
	return copy;
}

static void fk_expect_same(struct kunit *test, struct sk_buff *skb,
			   const void *orig, u32 len)
{
	KUNIT_ASSERT_EQ(test, skb->len, len);
	KUNIT_ASSERT_EQ(test, skb_linearize(skb), 0);
	KUNIT_EXPECT_EQ(test, memcmp(skb->data, orig, len), 0);
}

static void fragment_roundtrip_66000(struct kunit *test)
{
	const u32 pktmax = 1500, room = pktmax - INT_H_SIZE;
	const u32 total = NAMED_H_SIZE + TIPC_MAX_USER_MSG_SIZE;
	const u32 nfrags = DIV_ROUND_UP(total, room);
	struct sk_buff *skb, *head = NULL, *f, *whole = NULL;
	struct sk_buff_head frags;
	struct tipc_msg *m;
	u32 no = 0, type;
	void *orig;
	int rc = 0;

	skb = fk_msg(test, TIPC_HIGH_IMPORTANCE, NAMED_H_SIZE,
		     TIPC_MAX_USER_MSG_SIZE, 3);
	orig = fk_save(test, skb);
	__skb_queue_head_init(&frags);
	KUNIT_ASSERT_EQ(test, tipc_msg_fragment(skb, OWN, pktmax, &frags), 0);
	KUNIT_ASSERT_EQ(test, skb_queue_len(&frags), nfrags);

	skb_queue_walk(&frags, f) {
		m = buf_msg(f);
		no++;
		type = no == 1 ? FIRST_FRAGMENT :
		       no == nfrags ? LAST_FRAGMENT : FRAGMENT;
		KUNIT_EXPECT_EQ(test, msg_version(m), (u32)TIPC_VERSION);
		KUNIT_EXPECT_EQ(test, msg_user(m), (u32)MSG_FRAGMENTER);
		KUNIT_EXPECT_EQ(test, msg_type(m), type);
		KUNIT_EXPECT_EQ(test, msg_hdr_sz(m), (u32)INT_H_SIZE);
		KUNIT_EXPECT_EQ(test, msg_fragm_no(m), no);
		KUNIT_EXPECT_EQ(test, msg_int_importance(m),
				(u32)TIPC_HIGH_IMPORTANCE);
		KUNIT_EXPECT_EQ(test, msg_prevnode(m), (u32)OWN);
		KUNIT_EXPECT_EQ(test, msg_orignode(m), (u32)OWN);
		KUNIT_EXPECT_EQ(test, msg_destnode(m), (u32)PEER);
		KUNIT_EXPECT_EQ(test, msg_size(m), f->len);
		if (no < nfrags)
			KUNIT_EXPECT_EQ(test, f->len, pktmax);
		else
			KUNIT_EXPECT_EQ(test, f->len, INT_H_SIZE + total -
					(nfrags - 1) * room);
		KUNIT_EXPECT_EQ(test, tipc_msg_validate(f), 0);
	}

	no = 0;
	while ((f = __skb_dequeue(&frags))) {
		no++;
		rc = tipc_msg_reassemble(&head, &f);
		if (no < nfrags) {
			KUNIT_EXPECT_EQ(test, rc, 0);
			KUNIT_EXPECT_NULL(test, f);
			KUNIT_EXPECT_NOT_NULL(test, head);
		} else {
			whole = f;	/* the loop's next dequeue clears f */
		}
	}
	KUNIT_ASSERT_EQ(test, rc, 1);
	KUNIT_EXPECT_NULL(test, head);
	KUNIT_ASSERT_NOT_NULL(test, whole);
	KUNIT_EXPECT_LT(test, whole->truesize, 4 * (total / 1024 + 1) * 1024);
	fk_expect_same(test, whole, orig, total);
	kfree_skb(whole);
}

static void fragment_refuses_small(struct kunit *test)
{
	struct sk_buff *skb = fk_msg(test, 0, NAMED_H_SIZE, 1000, 1);
	struct sk_buff_head frags;

	__skb_queue_head_init(&frags);
	/* fits in one packet with a fragment header: no fragmenting */
	KUNIT_EXPECT_EQ(test, tipc_msg_fragment(skb, OWN, 1500, &frags),
			-EINVAL);
	/* a packet that cannot even hold the largest header */
	KUNIT_EXPECT_EQ(test, tipc_msg_fragment(skb, OWN, 99, &frags),
			-EINVAL);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&frags));
	kfree_skb(skb);
}

/* Fragments of a 300-byte message, each watched for being freed */
static void fk_small_train(struct kunit *test, struct sk_buff_head *frags)
{
	struct sk_buff *skb = fk_msg(test, 0, NAMED_H_SIZE, 260, 9), *f;

	__skb_queue_head_init(frags);
	KUNIT_ASSERT_EQ(test, tipc_msg_fragment(skb, OWN, 100, frags), 0);
	KUNIT_ASSERT_EQ(test, skb_queue_len(frags), 5U);
	skb_queue_walk(frags, f)
		fk_watch(f);
	atomic_set(&fk_freed, 0);
}

static void reassemble_fragment_without_first(struct kunit *test)
{
	struct sk_buff *head = NULL, *f;
	struct sk_buff_head frags;

	fk_small_train(test, &frags);
	kfree_skb(__skb_dequeue(&frags));	/* lose the FIRST_FRAGMENT */
	f = __skb_dequeue(&frags);
	KUNIT_EXPECT_EQ(test, tipc_msg_reassemble(&head, &f), -EINVAL);
	KUNIT_EXPECT_NULL(test, head);
	KUNIT_EXPECT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, atomic_read(&fk_freed), 2);
	__skb_queue_purge(&frags);
	KUNIT_EXPECT_EQ(test, atomic_read(&fk_freed), 5);
}

static void reassemble_double_first(struct kunit *test)
{
	struct sk_buff *head = NULL, *f, *again;
	struct sk_buff_head frags;

	fk_small_train(test, &frags);
	f = __skb_dequeue(&frags);
	again = skb_copy(f, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, again);
	fk_watch(again);
	KUNIT_EXPECT_EQ(test, tipc_msg_reassemble(&head, &f), 0);
	f = __skb_dequeue(&frags);
	KUNIT_EXPECT_EQ(test, tipc_msg_reassemble(&head, &f), 0);
	KUNIT_EXPECT_EQ(test, tipc_msg_reassemble(&head, &again), -EINVAL);
	KUNIT_EXPECT_NULL(test, head);
	KUNIT_EXPECT_NULL(test, again);
	/* both fragments held by the reassembly, and the second FIRST */
	KUNIT_EXPECT_EQ(test, atomic_read(&fk_freed), 3);
	__skb_queue_purge(&frags);
	KUNIT_EXPECT_EQ(test, atomic_read(&fk_freed), 6);
}

static void reassemble_last_too_early(struct kunit *test)
{
	struct sk_buff *head = NULL, *f;
	struct sk_buff_head frags;

	fk_small_train(test, &frags);
	f = __skb_dequeue(&frags);
	KUNIT_EXPECT_EQ(test, tipc_msg_reassemble(&head, &f), 0);
	kfree_skb(__skb_dequeue(&frags));	/* lose a FRAGMENT */
	f = __skb_dequeue(&frags);
	KUNIT_EXPECT_EQ(test, tipc_msg_reassemble(&head, &f), 0);
	f = __skb_dequeue(&frags);
	KUNIT_EXPECT_EQ(test, tipc_msg_reassemble(&head, &f), 0);
	f = __skb_dequeue(&frags);
	KUNIT_EXPECT_EQ(test, msg_type(buf_msg(f)), (u32)LAST_FRAGMENT);
	KUNIT_EXPECT_EQ(test, tipc_msg_reassemble(&head, &f), -EINVAL);
	KUNIT_EXPECT_NULL(test, head);
	KUNIT_EXPECT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, atomic_read(&fk_freed), 5);
}

static struct sk_buff *fk_bundle_of_three(struct kunit *test, void **orig,
					  u32 *len)
{
	static const u32 hsz[3] = { SHORT_H_SIZE, BASIC_H_SIZE, NAMED_H_SIZE };
	static const u32 dlen[3] = { 17, 33, 101 };
	struct sk_buff *tail = NULL, *skb;
	bool nb = true;
	int i;

	for (i = 0; i < 3; i++) {
		skb = fk_msg(test, TIPC_MEDIUM_IMPORTANCE, hsz[i], dlen[i],
			     i + 1);
		orig[i] = fk_save(test, skb);
		len[i] = skb->len;
		KUNIT_EXPECT_TRUE(test, tipc_msg_try_bundle(tail, &skb, 1500,
							    PEER, &nb));
		if (!tail) {
			KUNIT_ASSERT_NOT_NULL(test, skb);
			tail = skb;
			continue;
		}
		KUNIT_EXPECT_NULL(test, skb);
		KUNIT_EXPECT_EQ(test, nb, i == 1);
	}
	return tail;
}

static void bundle_three_and_extract(struct kunit *test)
{
	struct sk_buff *bundle, *iskb;
	struct tipc_msg *m;
	void *orig[3];
	u32 len[3];
	int pos = 0, i;

	bundle = fk_bundle_of_three(test, orig, len);
	m = buf_msg(bundle);
	KUNIT_EXPECT_EQ(test, msg_user(m), (u32)MSG_BUNDLER);
	KUNIT_EXPECT_EQ(test, msg_type(m), 0U);
	KUNIT_EXPECT_EQ(test, msg_hdr_sz(m), (u32)INT_H_SIZE);
	KUNIT_EXPECT_EQ(test, msg_msgcnt(m), 3U);
	KUNIT_EXPECT_EQ(test, msg_int_importance(m),
			(u32)TIPC_MEDIUM_IMPORTANCE);
	KUNIT_EXPECT_EQ(test, msg_destnode(m), (u32)PEER);
	KUNIT_EXPECT_EQ(test, msg_prevnode(m), (u32)OWN);
	KUNIT_EXPECT_EQ(test, msg_size(m), INT_H_SIZE + ALIGN(len[0], 4) +
			ALIGN(len[1], 4) + len[2]);
	KUNIT_EXPECT_EQ(test, msg_size(m), bundle->len);
	KUNIT_ASSERT_EQ(test, tipc_msg_validate(bundle), 0);

	fk_watch(bundle);
	atomic_set(&fk_freed, 0);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_TRUE(test, tipc_msg_extract(bundle, &iskb, &pos));
		fk_expect_same(test, iskb, orig[i], len[i]);
		kfree_skb(iskb);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&fk_freed), 0);
	KUNIT_EXPECT_FALSE(test, tipc_msg_extract(bundle, &iskb, &pos));
	KUNIT_EXPECT_NULL(test, iskb);
	KUNIT_EXPECT_EQ(test, atomic_read(&fk_freed), 1);
}

static void extract_rejects_truncated(struct kunit *test)
{
	struct sk_buff *bundle, *iskb;
	struct tipc_msg *m;
	void *orig[3];
	u32 len[3], off;
	int pos = 0;

	bundle = fk_bundle_of_three(test, orig, len);
	/* the second message claims more bytes than the bundle holds */
	off = INT_H_SIZE + ALIGN(len[0], 4);
	m = (struct tipc_msg *)(bundle->data + off);
	msg_set_size(m, bundle->len - off + 4);
	fk_watch(bundle);
	atomic_set(&fk_freed, 0);
	KUNIT_ASSERT_TRUE(test, tipc_msg_extract(bundle, &iskb, &pos));
	fk_expect_same(test, iskb, orig[0], len[0]);
	kfree_skb(iskb);
	KUNIT_EXPECT_FALSE(test, tipc_msg_extract(bundle, &iskb, &pos));
	KUNIT_EXPECT_NULL(test, iskb);
	KUNIT_EXPECT_EQ(test, atomic_read(&fk_freed), 1);
}

static void bundle_refuses(struct kunit *test)
{
	struct sk_buff *skb = fk_msg(test, 0, NAMED_H_SIZE, 100, 5);
	struct sk_buff *tail = fk_msg(test, 0, NAMED_H_SIZE, 100, 6);
	struct sk_buff *orig = skb;
	bool nb = true;

	/* too large for the mss together with a bundle header */
	KUNIT_EXPECT_FALSE(test, tipc_msg_try_bundle(tail, &skb,
						     INT_H_SIZE + skb->len,
						     PEER, &nb));
	KUNIT_EXPECT_PTR_EQ(test, skb, orig);
	msg_set_user(buf_msg(skb), MSG_FRAGMENTER);
	KUNIT_EXPECT_FALSE(test, tipc_msg_try_bundle(tail, &skb, 1500, PEER,
						     &nb));
	msg_set_user(buf_msg(skb), TUNNEL_PROTOCOL);
	KUNIT_EXPECT_FALSE(test, tipc_msg_try_bundle(tail, &skb, 1500, PEER,
						     &nb));
	msg_set_user(buf_msg(skb), 0);
	/* bundleable, but the two do not fit together: kept for later */
	KUNIT_EXPECT_TRUE(test, tipc_msg_try_bundle(tail, &skb, 250, PEER,
						    &nb));
	KUNIT_EXPECT_PTR_EQ(test, skb, orig);
	KUNIT_EXPECT_FALSE(test, nb);
	KUNIT_EXPECT_EQ(test, msg_user(buf_msg(tail)), 0U);
	kfree_skb(skb);
	kfree_skb(tail);
}

/* A short-header connection message template from port 77 to PEER */
static void fk_conn_hdr(struct tipc_msg *hdr)
{
	tipc_msg_init(hdr, OWN, TIPC_HIGH_IMPORTANCE, TIPC_CONN_MSG,
		      SHORT_H_SIZE, PEER);
	msg_set_origport(hdr, 77);
	msg_set_destport(hdr, 88);
}

/* Build @len patterned bytes with tipc_msg_build_mtu() */
static int fk_build(struct kunit *test, u32 len, u32 pktmax,
		    struct sk_buff_head *list, u8 **data)
{
	struct msghdr msg = {};
	struct tipc_msg hdr;
	struct kvec kv;
	u32 i;

	*data = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *data);
	for (i = 0; i < len; i++)
		(*data)[i] = (u8)(i * 13 + 1);
	kv.iov_base = *data;
	kv.iov_len = len;
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &kv, 1, len);
	fk_conn_hdr(&hdr);
	return tipc_msg_build_mtu(&hdr, &msg, len, pktmax, PEER, list);
}

/* Put a train back together; the whole message, or NULL */
static struct sk_buff *fk_reassemble(struct kunit *test,
				     struct sk_buff_head *frags)
{
	struct sk_buff *head = NULL, *f, *whole = NULL;

	while ((f = __skb_dequeue(frags))) {
		if (tipc_msg_reassemble(&head, &f) == 1)
			whole = f;
	}
	KUNIT_EXPECT_NULL(test, head);
	return whole;
}

/* Building from the user's buffer gives the fragments the link cuts */
static void build_mtu_matches_link_fragments(struct kunit *test)
{
	const u32 len = TIPC_MAX_USER_MSG_SIZE, pktmax = 1500;
	struct sk_buff_head built, cut;
	struct sk_buff *whole, *a, *b;
	u8 *data;

	__skb_queue_head_init(&built);
	KUNIT_ASSERT_EQ(test, fk_build(test, len, pktmax, &built, &data),
			(int)len);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&built),
			DIV_ROUND_UP(SHORT_H_SIZE + len, pktmax - INT_H_SIZE));

	/* The same message, whole, cut the link's way */
	whole = alloc_skb(TIPC_SKB_HEADROOM + SHORT_H_SIZE + len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, whole);
	skb_reserve(whole, TIPC_SKB_HEADROOM);
	memset(whole->cb, 0, sizeof(whole->cb));
	fk_conn_hdr(skb_put(whole, SHORT_H_SIZE));
	msg_set_size(buf_msg(whole), SHORT_H_SIZE + len);
	skb_put_data(whole, data, len);
	TIPC_SKB_CB(whole)->dnode = PEER;
	__skb_queue_head_init(&cut);
	KUNIT_ASSERT_EQ(test, tipc_msg_fragment(whole, OWN, pktmax, &cut), 0);

	KUNIT_ASSERT_EQ(test, skb_queue_len(&built), skb_queue_len(&cut));
	b = skb_peek(&cut);
	skb_queue_walk(&built, a) {
		KUNIT_EXPECT_EQ(test, a->len, b->len);
		KUNIT_EXPECT_EQ(test, memcmp(a->data, b->data, a->len), 0);
		KUNIT_EXPECT_EQ(test, tipc_skb_origport(a), 77U);
		KUNIT_EXPECT_EQ(test, tipc_skb_origport(b), 77U);
		b = b->next;
	}
	__skb_queue_purge(&cut);
	whole = fk_reassemble(test, &built);
	KUNIT_ASSERT_NOT_NULL(test, whole);
	KUNIT_ASSERT_EQ(test, whole->len, SHORT_H_SIZE + len);
	KUNIT_ASSERT_EQ(test, skb_linearize(whole), 0);
	KUNIT_EXPECT_EQ(test, msg_origport(buf_msg(whole)), 77U);
	KUNIT_EXPECT_EQ(test, memcmp(msg_data(buf_msg(whole)), data, len), 0);
	kfree_skb(whole);
}

/* A message that fits in one packet is built whole */
static void build_mtu_small_is_whole(struct kunit *test)
{
	struct sk_buff_head list;
	struct sk_buff *skb;
	u8 *data;

	__skb_queue_head_init(&list);
	KUNIT_ASSERT_EQ(test, fk_build(test, 1500 - SHORT_H_SIZE, 1500, &list,
				       &data), 1500 - SHORT_H_SIZE);
	KUNIT_ASSERT_EQ(test, skb_queue_len(&list), 1U);
	skb = skb_peek(&list);
	KUNIT_EXPECT_EQ(test, msg_user(buf_msg(skb)),
			(u32)TIPC_HIGH_IMPORTANCE);
	KUNIT_EXPECT_EQ(test, msg_size(buf_msg(skb)), 1500U);
	__skb_queue_purge(&list);
	KUNIT_EXPECT_EQ(test, fk_build(test, TIPC_MAX_USER_MSG_SIZE + 1,
				       1500, &list, &data), -EMSGSIZE);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&list));
}

/* A train cut for a larger packet is cut again for a smaller one */
static void refragment_for_smaller_link(struct kunit *test)
{
	const u32 len = 20000;
	struct sk_buff_head train;
	struct sk_buff *whole, *f;
	u8 *data;

	__skb_queue_head_init(&train);
	KUNIT_ASSERT_EQ(test, fk_build(test, len, 9000, &train, &data),
			(int)len);
	KUNIT_ASSERT_EQ(test, skb_queue_len(&train), 3U);
	KUNIT_ASSERT_EQ(test, tipc_msg_refragment(&train, OWN, 1000), 0);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&train),
			DIV_ROUND_UP(SHORT_H_SIZE + len, 1000 - INT_H_SIZE));
	skb_queue_walk(&train, f) {
		KUNIT_EXPECT_LE(test, f->len, 1000U);
		KUNIT_EXPECT_EQ(test, msg_destnode(buf_msg(f)), (u32)PEER);
		KUNIT_EXPECT_EQ(test, tipc_skb_origport(f), 77U);
	}
	whole = fk_reassemble(test, &train);
	KUNIT_ASSERT_NOT_NULL(test, whole);
	KUNIT_ASSERT_EQ(test, whole->len, SHORT_H_SIZE + len);
	KUNIT_ASSERT_EQ(test, skb_linearize(whole), 0);
	KUNIT_EXPECT_EQ(test, memcmp(msg_data(buf_msg(whole)), data, len), 0);
	kfree_skb(whole);
}

static struct kunit_case tipc_fragment_cases[] = {
	KUNIT_CASE(fragment_roundtrip_66000),
	KUNIT_CASE(fragment_refuses_small),
	KUNIT_CASE(build_mtu_matches_link_fragments),
	KUNIT_CASE(build_mtu_small_is_whole),
	KUNIT_CASE(refragment_for_smaller_link),
	KUNIT_CASE(reassemble_fragment_without_first),
	KUNIT_CASE(reassemble_double_first),
	KUNIT_CASE(reassemble_last_too_early),
	KUNIT_CASE(bundle_three_and_extract),
	KUNIT_CASE(extract_rejects_truncated),
	KUNIT_CASE(bundle_refuses),
	{}
};

static struct kunit_suite tipc_fragment_suite = {
	.name = "tipc_fragment",
	.test_cases = tipc_fragment_cases,
};

kunit_test_suite(tipc_fragment_suite);
