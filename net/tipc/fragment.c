// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: fragmentation (MSG_FRAGMENTER) and bundling (MSG_BUNDLER).
 *
 * A message larger than a link's packet size travels as a train of
 * fragments, each a 40-byte internal header followed by the next slice
 * of the complete original message (its own header included). Small
 * messages waiting in a link backlog are packed into one bundle, a
 * 40-byte internal header followed by the messages, each starting on a
 * 4-byte boundary.
 */
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/uio.h>

#include "msg.h"
#include "fragment.h"

/*
 * While a message is being reassembled, its head skb is private to the
 * reassembly and its cb holds this instead of a struct tipc_skb_cb. The
 * cb is zeroed again when the message is complete.
 */
struct tipc_reasm_cb {
	struct sk_buff *chain_end;	/* last skb on the frag_list */
	u32 whole;			/* size of the complete message */
};

#define TIPC_REASM_CB(skb) ((struct tipc_reasm_cb *)&((skb)->cb[0]))

/* A reassembled message may use at most this many times its size */
#define TIPC_REASM_TRUESIZE_RATIO	4

static struct sk_buff *tipc_frag_alloc(u32 size, gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(TIPC_SKB_HEADROOM + size, gfp);

	if (unlikely(!skb))
		return NULL;
	skb_reserve(skb, TIPC_SKB_HEADROOM);
	memset(skb->cb, 0, sizeof(skb->cb));
	return skb;
}

/*
 * Where the bytes of a message being cut into fragments come from:
 * either the complete message in @skb, or the header @hdr (its size
 * field already set) followed by user data still to be read from @iter.
 * @port is the sending port, kept in each fragment's cb: the fragment
 * header has no room for it, and the link must know whom to block.
 */
struct tipc_frag_src {
	const struct sk_buff *skb;
	const struct tipc_msg *hdr;
	struct iov_iter *iter;
	u32 port;
};

/* Copy @len bytes, from offset @off of the message on, to @to */
static int tipc_frag_read(struct tipc_frag_src *src, u32 off, u8 *to,
			  u32 len)
{
	u32 hsize, part;

	if (src->skb)
		return skb_copy_bits(src->skb, off, to, len);
	/* Reads come in order: the header first, then the user's bytes */
	hsize = msg_hdr_sz(src->hdr);
	if (off < hsize) {
		part = min(len, hsize - off);
		memcpy(to, (const u8 *)src->hdr + off, part);
		to += part;
		len -= part;
	}
	return copy_from_iter_full(to, len, src->iter) ? 0 : -EFAULT;
}

/* The header all fragments of one message start from */
static void tipc_frag_tmpl(struct tipc_msg *tmpl, u32 own_addr, u32 dnode,
			   u32 imp)
{
	tipc_msg_init(tmpl, own_addr, MSG_FRAGMENTER, FIRST_FRAGMENT,
		      INT_H_SIZE, dnode);
	msg_set_int_importance(tmpl, imp);
}

/*
 * Cut the @size bytes of @src into fragments of at most @pktmax bytes,
 * each headed by a copy of @tmpl, and append them to @frags. On failure
 * nothing is appended.
 */
static int tipc_frag_train(struct tipc_frag_src *src,
			   const struct tipc_msg *tmpl, u32 size, u32 pktmax,
			   gfp_t gfp, struct sk_buff_head *frags)
{
	u32 room = pktmax - INT_H_SIZE, off, chunk, no = 1;
	struct sk_buff_head train;
	struct tipc_msg *m;
	struct sk_buff *f;
	int err = -ENOMEM;

	__skb_queue_head_init(&train);
	for (off = 0; off < size; off += chunk, no++) {
		chunk = min(room, size - off);
		f = tipc_frag_alloc(INT_H_SIZE + chunk, gfp);
		if (unlikely(!f))
			goto fail;
		__skb_queue_tail(&train, f);
		TIPC_SKB_CB(f)->port = src->port;
		m = skb_put_data(f, tmpl, INT_H_SIZE);
		msg_set_size(m, INT_H_SIZE + chunk);
		msg_set_fragm_no(m, no);
		if (off + chunk == size)
			msg_set_type(m, LAST_FRAGMENT);
		else if (off)
			msg_set_type(m, FRAGMENT);
		err = tipc_frag_read(src, off, skb_put(f, chunk), chunk);
		if (unlikely(err))
			goto fail;
	}
	skb_queue_splice_tail(&train, frags);
	return 0;
fail:
	__skb_queue_purge(&train);
	return err;
}

/**
 * tipc_msg_fragment() - split a message into MSG_FRAGMENTER packets
 * @skb: one complete message, linear or not; its header must be valid
 * @own_addr: this node's address, put in prevnode and orignode
 * @pktmax: the largest packet allowed, fragment header included
 * @frags: the queue the fragments are appended to, in order
 *
 * Every fragment is @pktmax bytes long, except the last one, which holds
 * what is left. Their header is INT_H_SIZE bytes: the FIRST_FRAGMENT,
 * FRAGMENT or LAST_FRAGMENT type, the fragment number counting from 1,
 * the importance of @skb, and its destination node (for a short header,
 * the one in TIPC_SKB_CB(@skb)->dnode).
 *
 * Context: any; allocates with GFP_ATOMIC. @frags is not locked.
 * Return: 0 when @skb was consumed and the fragments queued on @frags;
 * -EINVAL when @skb needs no fragmenting, is shorter than its header
 * claims, or @pktmax is below INT_H_SIZE + MAX_H_SIZE; -ENOMEM when out
 * of memory. On failure @skb still belongs to the caller and @frags is
 * left as it was.
 */
int tipc_msg_fragment(struct sk_buff *skb, u32 own_addr, u32 pktmax,
		      struct sk_buff_head *frags)
{
	struct tipc_frag_src src = { .skb = skb };
	struct tipc_msg tmpl, *m;
	u32 size, hsize, dnode;
	int err;

	if (pktmax < INT_H_SIZE + MAX_H_SIZE)
		return -EINVAL;
	if (unlikely(!pskb_may_pull(skb, MIN_H_SIZE)))
		return -EINVAL;
	hsize = msg_hdr_sz(buf_msg(skb));
	if (unlikely(hsize < MIN_H_SIZE || !pskb_may_pull(skb, hsize)))
		return -EINVAL;
	m = buf_msg(skb);
	size = msg_size(m);
	if (size <= pktmax - INT_H_SIZE || skb->len < size)
		return -EINVAL;

	dnode = hsize == SHORT_H_SIZE ? TIPC_SKB_CB(skb)->dnode :
					msg_destnode(m);
	src.port = msg_isdata(m) ? msg_origport(m) : 0;
	tipc_frag_tmpl(&tmpl, own_addr, dnode, msg_importance(m));
	err = tipc_frag_train(&src, &tmpl, size, pktmax, GFP_ATOMIC, frags);
	if (unlikely(err))
		return err == -ENOMEM ? err : -EINVAL;
	consume_skb(skb);
	return 0;
}

/**
 * tipc_msg_build_mtu() - build a message of user data, in fragments if
 * it does not fit in one packet of the path it is to take
 * @hdr: header template, with prevnode set; its size is set here
 * @m: where the @dlen bytes of user data are read from
 * @dlen: length of the user data
 * @pktmax: the largest packet of the path to the destination
 * @dnode: the destination node (a short header does not name it)
 * @list: where the message, or its train of fragments, is appended
 *
 * Building the fragments here, straight from the user's buffer, copies
 * each byte once; the link would otherwise copy the whole message again.
 * Each fragment keeps the sending port in its cb (tipc_skb_origport()).
 *
 * Context: process; may sleep.
 * Return: @dlen, or -EMSGSIZE, -ENOMEM or -EFAULT with @list unchanged.
 */
int tipc_msg_build_mtu(const struct tipc_msg *hdr, struct msghdr *m,
		       size_t dlen, u32 pktmax, u32 dnode,
		       struct sk_buff_head *list)
{
	struct tipc_frag_src src = { .iter = &m->msg_iter };
	u32 hsize = msg_hdr_sz(hdr);
	struct tipc_msg whole, tmpl;
	int err;

	if (hsize + dlen <= pktmax || pktmax < INT_H_SIZE + MAX_H_SIZE)
		return tipc_msg_build(hdr, m, dlen, list);
	if (unlikely(dlen > TIPC_MAX_USER_MSG_SIZE))
		return -EMSGSIZE;
	memcpy(&whole, hdr, hsize);
	msg_set_size(&whole, hsize + dlen);
	src.hdr = &whole;
	src.port = msg_origport(hdr);
	tipc_frag_tmpl(&tmpl, msg_prevnode(hdr), dnode, msg_importance(hdr));
	err = tipc_frag_train(&src, &tmpl, hsize + dlen, pktmax, GFP_KERNEL,
			      list);
	return err ? err : dlen;
}

/**
 * tipc_msg_refragment() - cut a train of fragments again, smaller
 * @train: all fragments of one message, in order
 * @own_addr: this node's address
 * @pktmax: the packet size the fragments must now fit in
 *
 * For a train built for a larger packet size than its link now has
 * (the path changed between building and sending). Rare: the message
 * is put back together in one buffer and cut again.
 *
 * Context: any; allocates with GFP_ATOMIC.
 * Return: 0 with the new train on @train, or a negative errno with
 * @train unchanged.
 */
int tipc_msg_refragment(struct sk_buff_head *train, u32 own_addr,
			u32 pktmax)
{
	struct sk_buff *f, *whole;
	struct sk_buff_head frags;
	u32 size = 0, part;
	int err;

	skb_queue_walk(train, f) {
		if (unlikely(f->len < INT_H_SIZE))
			return -EINVAL;
		size += f->len - INT_H_SIZE;
	}
	whole = tipc_frag_alloc(size, GFP_ATOMIC);
	if (unlikely(!whole))
		return -ENOMEM;
	skb_queue_walk(train, f) {
		part = f->len - INT_H_SIZE;
		if (WARN_ON(skb_copy_bits(f, INT_H_SIZE, skb_put(whole, part),
					  part)))
			goto bad;
	}
	f = skb_peek(train);
	TIPC_SKB_CB(whole)->dnode = msg_destnode(buf_msg(f));
	__skb_queue_head_init(&frags);
	err = tipc_msg_fragment(whole, own_addr, pktmax, &frags);
	if (err) {
		kfree_skb(whole);
		return err;
	}
	__skb_queue_purge(train);
	skb_queue_splice_tail(&frags, train);
	return 0;
bad:
	kfree_skb(whole);
	return -EINVAL;
}

/* Drop a reassembly in progress together with the packet that broke it */
static int tipc_reasm_abort(struct sk_buff **head, struct sk_buff **frag,
			    int err)
{
	kfree_skb(*frag);
	kfree_skb(*head);
	*frag = NULL;
	*head = NULL;
	return err;
}

/* Make a FIRST_FRAGMENT's payload the head of a new reassembly */
static int tipc_reasm_start(struct sk_buff **head, struct sk_buff *skb)
{
	u32 whole;

	BUILD_BUG_ON(sizeof(struct tipc_reasm_cb) >
		     sizeof_field(struct sk_buff, cb));
	if (skb_has_frag_list(skb) && __skb_linearize(skb)) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	skb = skb_unshare(skb, GFP_ATOMIC);	/* frees @skb on failure */
	if (unlikely(!skb))
		return -ENOMEM;
	if (unlikely(!pskb_may_pull(skb, MIN_H_SIZE)))
		goto fail;
	whole = msg_size(buf_msg(skb));
	if (whole > MAX_MSG_SIZE || whole <= skb->len)
		goto fail;
	TIPC_REASM_CB(skb)->chain_end = NULL;
	TIPC_REASM_CB(skb)->whole = whole;
	*head = skb;
	return 0;
fail:
	kfree_skb(skb);
	return -EINVAL;
}

/* Add the payload @skb to the end of the reassembly @head */
static int tipc_reasm_add(struct sk_buff *head, struct sk_buff *skb)
{
	struct tipc_reasm_cb *cb = TIPC_REASM_CB(head);
	bool stolen;
	int delta;

	if (head->len + skb->len > cb->whole) {
		kfree_skb(skb);
		return -EINVAL;
	}
	if (skb_has_frag_list(skb) && __skb_linearize(skb)) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	if (skb_try_coalesce(head, skb, &stolen, &delta)) {
		kfree_skb_partial(skb, stolen);
		return 0;
	}
	if (cb->chain_end)
		cb->chain_end->next = skb;
	else
		skb_shinfo(head)->frag_list = skb;
	cb->chain_end = skb;
	head->len += skb->len;
	head->data_len += skb->len;
	head->truesize += skb->truesize;
	return 0;
}

/* Turn a complete reassembly into an ordinary, validated message */
static struct sk_buff *tipc_reasm_finish(struct sk_buff *head)
{
	u32 budget = (head->len / 1024 + 1) * 1024;
	struct sk_buff *copy;

	memset(head->cb, 0, sizeof(head->cb));
	if (head->truesize / budget >= TIPC_REASM_TRUESIZE_RATIO) {
		copy = skb_copy_expand(head, TIPC_SKB_HEADROOM, 0, GFP_ATOMIC);
		kfree_skb(head);
		head = copy;
		if (unlikely(!head))
			return NULL;
	}
	if (unlikely(tipc_msg_validate(head))) {
		kfree_skb(head);
		return NULL;
	}
	return head;
}

/**
 * tipc_msg_reassemble() - add a received fragment to a reassembly
 * @head: the reassembly in progress on this link, or NULL for none
 * @frag: a received MSG_FRAGMENTER packet, its header validated
 *
 * The reassembled message is built by chaining the fragments' payloads
 * on the head's frag_list (or coalescing them into it), so it may be
 * non-linear; its header is in the linear part. Its truesize is that of
 * its fragments; when that exceeds TIPC_REASM_TRUESIZE_RATIO times its
 * size (rounded up to 1 KiB) it is replaced by a compact copy.
 *
 * Context: the caller serialises calls for one @head (the link lock).
 * @*frag is always consumed.
 * Return: 1 when @*frag completed a valid message: @*frag is then that
 * message, owned by the caller, and @*head is NULL. 0 when more
 * fragments are needed: @*frag is NULL and @*head holds the reassembly.
 * -EINVAL on a protocol error (a FRAGMENT or LAST_FRAGMENT without a
 * FIRST_FRAGMENT, a FIRST_FRAGMENT while one is in progress, a message
 * larger than MAX_MSG_SIZE or than its header says, an invalid result)
 * or -ENOMEM: both @*head and @*frag are then freed and set to NULL.
 */
int tipc_msg_reassemble(struct sk_buff **head, struct sk_buff **frag)
{
	struct sk_buff *skb = *frag;
	struct tipc_msg *m;
	u32 type;
	int rc;

	if (unlikely(!skb))
		return tipc_reasm_abort(head, frag, -EINVAL);
	skb_mark_not_on_list(skb);
	m = buf_msg(skb);
	type = msg_type(m);
	if (msg_user(m) != MSG_FRAGMENTER || type > LAST_FRAGMENT ||
	    msg_size(m) < msg_hdr_sz(m) || pskb_trim(skb, msg_size(m)) ||
	    !pskb_pull(skb, msg_hdr_sz(m)))
		return tipc_reasm_abort(head, frag, -EINVAL);

	if (type == FIRST_FRAGMENT) {
		if (*head)
			return tipc_reasm_abort(head, frag, -EINVAL);
		*frag = NULL;
		rc = tipc_reasm_start(head, skb);
		return rc ? tipc_reasm_abort(head, frag, rc) : 0;
	}
	if (!*head)
		return tipc_reasm_abort(head, frag, -EINVAL);

	*frag = NULL;
	rc = tipc_reasm_add(*head, skb);
	if (rc)
		return tipc_reasm_abort(head, frag, rc);
	if (type == FRAGMENT) {
		/* only a LAST_FRAGMENT may complete the message */
		if ((*head)->len >= TIPC_REASM_CB(*head)->whole)
			return tipc_reasm_abort(head, frag, -EINVAL);
		return 0;
	}
	if ((*head)->len != TIPC_REASM_CB(*head)->whole)
		return tipc_reasm_abort(head, frag, -EINVAL);
	*frag = tipc_reasm_finish(*head);
	*head = NULL;
	return *frag ? 1 : -EINVAL;
}

/**
 * tipc_msg_extract() - take the next message out of a bundle
 * @bundle: a received MSG_BUNDLER packet, its header validated
 * @iskb: where the extracted message is returned
 * @pos: offset of the next message in @bundle's data; 0 to start
 *
 * Each call copies the message at @*pos into a new skb, validates it
 * and advances @*pos past it, to the next 4-byte boundary. The walk
 * stops when fewer than MIN_H_SIZE bytes remain after @*pos, or when the
 * message found there does not fit in the bundle or is invalid.
 *
 * Context: any; allocates with GFP_ATOMIC.
 * Return: true with @*iskb a new message owned by the caller, and
 * @bundle still the caller's; false with @*iskb NULL and @bundle freed.
 */
bool tipc_msg_extract(struct sk_buff *bundle, struct sk_buff **iskb,
		      int *pos)
{
	struct tipc_msg *outer, *inner;
	struct sk_buff *skb;
	int dsz, isz;

	*iskb = NULL;
	if (unlikely(skb_linearize(bundle)))
		goto bad;
	outer = buf_msg(bundle);
	if (unlikely(bundle->len < msg_size(outer)))
		goto bad;
	dsz = msg_data_sz(outer);
	if (*pos < 0 || *pos > dsz - MIN_H_SIZE) {
		consume_skb(bundle);	/* the normal end of the walk */
		return false;
	}
	inner = (struct tipc_msg *)(msg_data(outer) + *pos);
	isz = msg_size(inner);
	if (isz > dsz - *pos)
		goto bad;
	skb = tipc_frag_alloc(isz, GFP_ATOMIC);
	if (unlikely(!skb))
		goto bad;
	skb_put_data(skb, inner, isz);
	if (tipc_msg_validate(skb)) {
		kfree_skb(skb);
		goto bad;
	}
	*pos += ALIGN(isz, 4);
	*iskb = skb;
	return true;
bad:
	kfree_skb(bundle);
	return false;
}

/* Wrap the single message @skb in a bundle header, with room up to @mss */
static int tipc_bundle_wrap(struct sk_buff *skb, u32 mss, u32 dnode)
{
	u32 msz = msg_size(buf_msg(skb)), prevnode, imp;
	struct tipc_msg *outer;

	if (skb_is_nonlinear(skb) || skb->len != msz)
		return -EINVAL;
	if (pskb_expand_head(skb, INT_H_SIZE, mss - msz - INT_H_SIZE,
			     GFP_ATOMIC))
		return -ENOMEM;
	prevnode = msg_prevnode(buf_msg(skb));
	imp = msg_importance(buf_msg(skb));
	outer = skb_push(skb, INT_H_SIZE);
	tipc_msg_init(outer, prevnode, MSG_BUNDLER, 0, INT_H_SIZE, dnode);
	msg_set_int_importance(outer, imp);
	msg_set_size(outer, INT_H_SIZE + msz);
	msg_set_msgcnt(outer, 1);
	return 0;
}

/* Append @skb's message to the bundle @bundle, if it fits in @mss */
static bool tipc_bundle_append(struct sk_buff *bundle, struct sk_buff *skb,
			       u32 mss)
{
	struct tipc_msg *outer = buf_msg(bundle);
	u32 bsz = msg_size(outer), msz = msg_size(buf_msg(skb));
	u32 start = ALIGN(bsz, 4);

	if (skb_is_nonlinear(bundle) || skb_cloned(bundle) ||
	    bundle->len != bsz || skb->len < msz)
		return false;
	if (start + msz > mss || skb_tailroom(bundle) < start - bsz + msz)
		return false;
	skb_put_zero(bundle, start - bsz);
	if (skb_copy_bits(skb, 0, skb_put(bundle, msz), msz)) {
		skb_trim(bundle, bsz);
		return false;
	}
	msg_set_size(outer, start + msz);
	msg_set_msgcnt(outer, msg_msgcnt(outer) + 1);
	return true;
}

/* Whether a message of this user and size may ever travel in a bundle */
static bool tipc_bundleable(const struct tipc_msg *m, u32 mss)
{
	u32 user = msg_user(m);

	if (user == MSG_FRAGMENTER || user == TUNNEL_PROTOCOL ||
	    user == BCAST_PROTOCOL)
		return false;
	return mss > INT_H_SIZE + msg_size(m);
}

/**
 * tipc_msg_try_bundle() - bundle a message with the last one of a backlog
 * @tail: the last message of the backlog level, or NULL
 * @skb: the new message; NULLed when it was bundled
 * @mss: the largest packet allowed on the link, header included
 * @dnode: the destination node, put in a new bundle's header
 * @new_bundle: set true when @tail was turned into a bundle by this call
 *
 * @tail is either a bundle (MSG_BUNDLER) built by this function, or a
 * message this function accepted earlier. When @tail is not yet a
 * bundle and both messages fit in @mss, @tail itself is turned into a
 * bundle of one (headroom and tailroom grown in place, outer header
 * pushed: user MSG_BUNDLER, prevnode and orignode from the message, w9
 * msgcnt and importance) and @*skb appended to it.
 *
 * Context: the caller owns @tail (the link lock); GFP_ATOMIC.
 * Return: false when @*skb may never be bundled (a MSG_FRAGMENTER,
 * TUNNEL_PROTOCOL or BCAST_PROTOCOL message, or too large): nothing
 * changed. true when it may be: either it was appended to @tail's bundle
 * and consumed (@*skb NULL; @*new_bundle tells whether @tail became a
 * bundle now), or it could not be this time (@*skb unchanged and still
 * the caller's, who may keep it as the next @tail).
 */
bool tipc_msg_try_bundle(struct sk_buff *tail, struct sk_buff **skb,
			 u32 mss, u32 dnode, bool *new_bundle)
{
	struct tipc_msg *m = buf_msg(*skb), *t;
	u32 tsz;

	*new_bundle = false;
	if (!tipc_bundleable(m, mss))
		return false;
	if (!tail)
		return true;
	t = buf_msg(tail);
	if (msg_user(t) != MSG_BUNDLER) {
		tsz = msg_size(t);
		if (!tipc_bundleable(t, mss) ||
		    ALIGN(INT_H_SIZE + tsz, 4) + msg_size(m) > mss)
			return true;
		if (tipc_bundle_wrap(tail, mss, dnode))
			return true;
		*new_bundle = true;
	}
	if (!tipc_bundle_append(tail, *skb, mss))
		return true;	/* still the caller's: a candidate tail */
	consume_skb(*skb);
	*skb = NULL;
	return true;
}
