// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: building, validating and rejecting TIPC messages.
 */
#include <linux/skbuff.h>
#include <linux/uio.h>

#include "msg.h"

static struct sk_buff *tipc_msg_alloc(u32 size, gfp_t gfp)
{
	struct sk_buff *skb;

	skb = alloc_skb(TIPC_SKB_HEADROOM + size, gfp);
	if (unlikely(!skb))
		return NULL;
	skb_reserve(skb, TIPC_SKB_HEADROOM);
	memset(skb->cb, 0, sizeof(skb->cb));
	return skb;
}

void tipc_msg_init(struct tipc_msg *m, u32 own_addr, u32 user, u32 type,
		   u32 hsize, u32 dnode)
{
	memset(m, 0, hsize);
	msg_set_version(m, TIPC_VERSION);
	msg_set_user(m, user);
	msg_set_type(m, type);
	msg_set_hdr_sz(m, hsize);
	msg_set_size(m, hsize);
	msg_set_prevnode(m, own_addr);
	if (hsize > SHORT_H_SIZE) {
		msg_set_orignode(m, own_addr);
		msg_set_destnode(m, dnode);
	}
}

/* A new header-only message of @user and @type, from @own to @dnode. */
struct sk_buff *tipc_msg_new(u32 user, u32 type, u32 hsize, u32 own_addr,
			     u32 dnode)
{
	struct sk_buff *skb = tipc_msg_alloc(hsize, GFP_ATOMIC);

	if (likely(skb))
		tipc_msg_init(skb_put(skb, hsize), own_addr, user, type, hsize,
			      dnode);
	return skb;
}

/*
 * The SOCK_WAKEUP that tells the socket of @port, which a congested link
 * made wait at importance @imp, that it may send again. NULL if out of
 * memory.
 */
struct sk_buff *tipc_msg_wakeup(u32 own_addr, u32 port, int imp)
{
	struct sk_buff *skb;

	skb = tipc_msg_new(SOCK_WAKEUP, 0, INT_H_SIZE, own_addr, own_addr);
	if (!skb)
		return NULL;
	msg_set_destport(buf_msg(skb), port);
	msg_set_dest_droppable(buf_msg(skb), 1);
	TIPC_SKB_CB(skb)->imp = imp;
	return skb;
}

/*
 * Build one message from the header template @hdr and @dlen bytes of user
 * data, and append it to @list. Returns @dlen or a negative errno.
 */
int tipc_msg_build(const struct tipc_msg *hdr, struct msghdr *m, size_t dlen,
		   struct sk_buff_head *list)
{
	u32 hsize = msg_hdr_sz(hdr);
	struct tipc_msg *msg;
	struct sk_buff *skb;

	if (unlikely(dlen > TIPC_MAX_USER_MSG_SIZE))
		return -EMSGSIZE;
	skb = tipc_msg_alloc(hsize + dlen, GFP_KERNEL);
	if (unlikely(!skb))
		return -ENOMEM;
	msg = skb_put(skb, hsize + dlen);
	memcpy(msg, hdr, hsize);
	msg_set_size(msg, hsize + dlen);
	if (unlikely(!copy_from_iter_full(msg_data(msg), dlen,
					  &m->msg_iter))) {
		kfree_skb(skb);
		return -EFAULT;
	}
	__skb_queue_tail(list, skb);
	return dlen;
}

/*
 * Add @dlen bytes of user data to the messages on @list: the last one
 * is filled up to @mss bytes, header included, before another is started
 * from the header template @hdr. Returns how many flow control blocks
 * the messages on @list grew by, or a negative errno.
 */
int tipc_msg_append(const struct tipc_msg *hdr, struct msghdr *m, u32 dlen,
		    u32 mss, struct sk_buff_head *list)
{
	struct sk_buff *skb = skb_peek_tail(list);
	u32 hsize = msg_hdr_sz(hdr), size, chunk;
	struct tipc_msg *msg;
	int grown = 0;

	do {
		if (!skb || skb->len >= mss) {
			skb = tipc_msg_alloc(mss, GFP_KERNEL);
			if (unlikely(!skb))
				return -ENOMEM;
			msg = skb_put_data(skb, hdr, hsize);
			msg_set_size(msg, hsize);
			__skb_queue_tail(list, skb);
			grown += tipc_msg_blocks(hsize);
		}
		msg = buf_msg(skb);
		size = msg_size(msg);
		chunk = min(dlen, mss - size);
		if (unlikely(copy_from_iter(skb_tail_pointer(skb), chunk,
					    &m->msg_iter) != chunk)) {
			if (size == hsize) {	/* started here: take it back */
				__skb_unlink(skb, list);
				kfree_skb(skb);
			}
			return -EFAULT;
		}
		skb_put(skb, chunk);
		msg_set_size(msg, size + chunk);
		grown += tipc_msg_blocks(size + chunk) - tipc_msg_blocks(size);
		dlen -= chunk;
	} while (dlen);
	return grown;
}

/*
 * The one gate before any header accessor runs on a received packet:
 * the whole header and the whole message must be present and sane.
 * Trailing bytes beyond the message size are allowed and ignored.
 */
int tipc_msg_validate(struct sk_buff *skb)
{
	struct tipc_msg *m;
	u32 hsize, size;

	if (unlikely(!pskb_may_pull(skb, MIN_H_SIZE)))
		return -EINVAL;
	m = buf_msg(skb);
	if (unlikely(msg_version(m) != TIPC_VERSION))
		return -EPROTO;
	hsize = msg_hdr_sz(m);
	if (unlikely(hsize < MIN_H_SIZE || hsize > MAX_H_SIZE))
		return -EINVAL;
	if (unlikely(!pskb_may_pull(skb, hsize)))
		return -EINVAL;
	m = buf_msg(skb);
	size = msg_size(m);
	if (unlikely(size < hsize || size - hsize > TIPC_MAX_USER_MSG_SIZE))
		return -EINVAL;
	if (unlikely(skb->len < size))
		return -EINVAL;
	return 0;
}

/* Turn the header of a rejected message around, toward its sender. */
static void tipc_msg_turn(struct tipc_msg *m, const struct tipc_msg *orig,
			  u32 own_addr, int err)
{
	msg_set_errcode(m, err);
	msg_set_non_seq(m, 0);
	msg_set_origport(m, msg_destport(orig));
	msg_set_destport(m, msg_origport(orig));
	msg_set_destnode(m, msg_prevnode(orig));
	msg_set_prevnode(m, own_addr);
	msg_set_orignode(m, own_addr);
}

/*
 * Replace *@skb by a copy addressed back to its sender, carrying @err and
 * at most TIPC_MAX_REJECT_DATA bytes of the original data. A short header
 * grows to BASIC_H_SIZE so that it can carry both node addresses.
 * Returns false, with *@skb freed and NULL, when the message must not (or
 * cannot) be returned: it is droppable, or is itself a rejection.
 */
bool tipc_msg_reverse(u32 own_addr, struct sk_buff **skb, int err)
{
	struct sk_buff *old = *skb, *new;
	struct tipc_msg *orig = buf_msg(old), *m;
	u32 ohsize = msg_hdr_sz(orig);
	u32 hsize = max_t(u32, ohsize, BASIC_H_SIZE);
	u32 dlen = min_t(u32, msg_data_sz(orig), TIPC_MAX_REJECT_DATA);

	*skb = NULL;
	if (msg_dest_droppable(orig) || msg_errcode(orig))
		goto drop;
	if (msg_syn(orig) && err == TIPC_ERR_OVERLOAD)
		dlen = 0;
	new = tipc_msg_alloc(hsize + dlen, GFP_ATOMIC);
	if (unlikely(!new))
		goto drop;
	m = skb_put_zero(new, hsize);
	memcpy(m, orig, ohsize);
	msg_set_hdr_sz(m, hsize);
	msg_set_size(m, hsize + dlen);
	tipc_msg_turn(m, orig, own_addr, err);
	if (skb_copy_bits(old, ohsize, skb_put(new, dlen), dlen)) {
		kfree_skb(new);
		goto drop;
	}
	kfree_skb(old);
	*skb = new;
	return true;
drop:
	kfree_skb(old);
	return false;
}

/*
 * Keep @skb, received ahead of its turn, in @dq ordered by sequence
 * number (w2 lo, a link's or a broadcast link's). A duplicate of one
 * already there is freed: returns false then.
 */
bool tipc_msg_defer(struct sk_buff_head *dq, struct sk_buff *skb)
{
	u16 seq = msg_seqno(buf_msg(skb)), cur;
	struct sk_buff *pos;

	skb_queue_reverse_walk(dq, pos) {
		cur = msg_seqno(buf_msg(pos));
		if (cur == seq) {
			kfree_skb(skb);
			return false;
		}
		if (tipc_seq_before(cur, seq)) {
			__skb_queue_after(dq, pos, skb);
			return true;
		}
	}
	__skb_queue_head(dq, skb);
	return true;
}

/*
 * A new packet made of the INT_H_SIZE header @hdr followed by the whole
 * of the message @inner, which stays the caller's. NULL without memory.
 */
struct sk_buff *tipc_msg_wrap(const struct tipc_msg *hdr,
			      const struct sk_buff *inner)
{
	u32 len = msg_size(buf_msg(inner));
	struct sk_buff *skb = tipc_msg_alloc(INT_H_SIZE + len, GFP_ATOMIC);
	struct tipc_msg *m;

	if (unlikely(!skb))
		return NULL;
	m = skb_put_data(skb, hdr, INT_H_SIZE);
	msg_set_size(m, INT_H_SIZE + len);
	if (unlikely(skb_copy_bits(inner, 0, skb_put(skb, len), len))) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}
