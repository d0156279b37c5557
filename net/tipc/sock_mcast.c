// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: a peer's multicasts stay in order across its switch between
 * broadcast and replicast (TIPC_CAP_MCAST_RBCTL, as stock does it).
 *
 * The two ways are two sequences, and what goes one way can overtake
 * what went the other. So a sending socket marks its switch with a SYN
 * pair (tipc_sk_mcast_switch()): a header-only copy of its first
 * message goes the old way, behind everything sent that way, and the
 * message itself the new way; both carry the SYN bit and, in is_rcast,
 * the way they went; the copy also an error code, which tells them
 * apart. A receiving socket that gets one of a pair holds it, and all
 * that comes from that sender the same way after it, until the twin
 * comes the other way: then the message is delivered, followed by what
 * was held behind it, and the copy dropped. Messages coming the other
 * way before the twin were sent before the switch: they pass.
 *
 * A twin may never come: the socket bound between the two, the sender's
 * node was lost, the peer does not play by the rules. So what is held is
 * bounded (by the socket's receive buffer): beyond it, the sender held
 * longest gives up its order, and what it had held goes as it came.
 *
 * The held messages are the socket's (tsk->mc_held), under its lock.
 */
#include <linux/skbuff.h>

#include "msg.h"
#include "sock.h"

static bool tipc_mc_same_sender(const struct tipc_msg *a,
				const struct tipc_msg *b)
{
	return msg_orignode(a) == msg_orignode(b) &&
	       msg_origport(a) == msg_origport(b);
}

/* The first message held from @hdr's sender, or NULL */
static struct sk_buff *tipc_mc_first_held(struct sk_buff_head *held,
					  const struct tipc_msg *hdr)
{
	struct sk_buff *skb;

	skb_queue_walk(held, skb)
		if (tipc_mc_same_sender(buf_msg(skb), hdr))
			return skb;
	return NULL;
}

/* After a pair met: what @hdr's sender sent behind it, to its next SYN */
static void tipc_mc_release(struct sk_buff_head *held,
			    const struct tipc_msg *hdr, struct sk_buff_head *out)
{
	struct sk_buff *skb, *tmp;

	skb_queue_walk_safe(held, skb, tmp) {
		if (!tipc_mc_same_sender(buf_msg(skb), hdr))
			continue;
		if (msg_syn(buf_msg(skb)))
			break;
		__skb_unlink(skb, held);
		__skb_queue_tail(out, skb);
	}
}

static void tipc_mc_order(struct sk_buff_head *held, struct sk_buff *skb,
			  struct sk_buff_head *out)
{
	struct tipc_msg *hdr = buf_msg(skb);
	struct sk_buff *first;

	first = tipc_mc_first_held(held, hdr);
	if (!first) {
		/* The first of a pair waits for its twin */
		__skb_queue_tail(msg_syn(hdr) ? held : out, skb);
		return;
	}
	/* The way the held one came: behind it */
	if (msg_is_rcast(hdr) == msg_is_rcast(buf_msg(first))) {
		__skb_queue_tail(held, skb);
		return;
	}
	/* The other way, sent before the switch */
	if (!msg_syn(hdr)) {
		__skb_queue_tail(out, skb);
		return;
	}
	/* The twin: deliver the message, not the copy */
	__skb_unlink(first, held);
	if (msg_errcode(hdr)) {
		kfree_skb(skb);
		skb = first;
	} else {
		kfree_skb(first);
	}
	__skb_queue_tail(out, skb);
	tipc_mc_release(held, buf_msg(skb), out);
}

/* The first sender held gives up waiting: all it has held, but copies */
static void tipc_mc_give_up(struct sk_buff_head *held,
			    struct sk_buff_head *out)
{
	struct tipc_msg *first = buf_msg(skb_peek(held));
	u32 node = msg_orignode(first), port = msg_origport(first);
	struct sk_buff *skb, *tmp;

	skb_queue_walk_safe(held, skb, tmp) {
		if (msg_orignode(buf_msg(skb)) != node ||
		    msg_origport(buf_msg(skb)) != port)
			continue;
		__skb_unlink(skb, held);
		if (msg_errcode(buf_msg(skb)))
			kfree_skb(skb);
		else
			__skb_queue_tail(out, skb);
	}
}

static unsigned int tipc_mc_held_size(const struct sk_buff_head *held)
{
	unsigned int size = 0;
	struct sk_buff *skb;

	skb_queue_walk(held, skb)
		size += skb->truesize;
	return size;
}

/**
 * tipc_mcast_order() - hold or pass a multicast from another node
 * @held: the receiving socket's held messages (it is locked)
 * @skb: a TIPC_MCAST_MSG for it
 * @out: where what may be delivered now goes, in order
 * @limit: the most bytes (truesize) that may be held
 *
 * Consumes @skb: onto @out, onto @held, or freed (the copy of a SYN
 * pair).
 */
void tipc_mcast_order(struct sk_buff_head *held, struct sk_buff *skb,
		      struct sk_buff_head *out, unsigned int limit)
{
	tipc_mc_order(held, skb, out);
	while (!skb_queue_empty(held) && tipc_mc_held_size(held) > limit)
		tipc_mc_give_up(held, out);
}
