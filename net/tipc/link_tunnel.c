// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: changeover between the two links of a node pair.
 *
 * Synch: when a second link comes up beside a working one, the peer is
 * told, in a SYNCH_MSG that is the new link's first packet, the last
 * sequence number the old link will use. The peer holds back what the
 * new link brings until the old one has delivered that far, so that a
 * sender's messages, whichever link they took, arrive in order.
 *
 * Failover: when a link fails while another is up, every packet it had
 * not got acknowledged, sent or still in its backlog, is wrapped whole
 * in a FAILOVER_MSG and sent on the survivor (the "tunnel"). The peer
 * unwraps them and takes, in order, those its own end of the failed
 * link had not yet: the tunnel link remembers where that end stopped
 * (drop_point), what it had received early and what it was
 * reassembling. A packet too large for the tunnel is cut into tunnel
 * fragments, for peers that announce TIPC_CAP_TUNNEL_ENHANCED.
 *
 * The node decides when each of these happens (node.c, node_rcv.c);
 * here only the packets are built and taken. Locking: see link.h.
 */
#include "core.h"
#include "fragment.h"
#include "link_priv.h"
#include "node.h"

/*
 * Tell the peer where @l, the working link, stops carrying what was
 * sent before @tnl, the new one, came up. Peers without enhanced
 * tunnels expect every packet in flight tunnelled instead: they are
 * sent nothing, and synchronise on their own timing.
 */
void tipc_link_tnl_synch(struct tipc_link *l, struct tipc_link *tnl,
			 struct sk_buff_head *xmitq)
{
	struct sk_buff_head list;
	struct tipc_msg *hdr;
	struct sk_buff *skb;

	if (!(tnl->peer_caps & TIPC_CAP_TUNNEL_ENHANCED))
		return;
	skb = tipc_msg_new(TUNNEL_PROTOCOL, SYNCH_MSG, INT_H_SIZE, l->self,
			   l->addr);
	if (!skb)
		return;
	hdr = buf_msg(skb);
	msg_set_syncpt(hdr, l->snd_nxt + skb_queue_len(&l->backlogq) - 1);
	msg_set_bearer_id(hdr, l->peer_bearer_id);
	tipc_skb_list_one(&list, skb);
	tipc_link_xmit(tnl, &list, xmitq);
}

/* Cut @skb (left as it is) into tunnel fragments headed like @th */
static int tipc_tnl_fragment(struct tipc_link *tnl, const struct tipc_msg *th,
			     struct sk_buff *skb, struct sk_buff_head *q)
{
	struct sk_buff_head frags;
	struct sk_buff *copy, *f;
	struct tipc_msg *m;
	u32 n;

	if (!(tnl->peer_caps & TIPC_CAP_TUNNEL_ENHANCED))
		return -EMSGSIZE;
	copy = pskb_copy(skb, GFP_ATOMIC);
	if (!copy)
		return -ENOMEM;
	__skb_queue_head_init(&frags);
	if (tipc_msg_fragment(copy, tnl->self, tnl->mtu, &frags)) {
		kfree_skb(copy);
		return -ENOMEM;
	}
	n = skb_queue_len(&frags);
	skb_queue_walk(&frags, f) {
		m = buf_msg(f);
		msg_set_user(m, TUNNEL_PROTOCOL);
		msg_set_type(m, msg_type(th));
		msg_set_int_importance(m, 0);
		msg_set_bearer_id(m, msg_bearer_id(th));
		msg_set_nof_fragms(m, n);
	}
	skb_queue_splice_tail(&frags, q);
	return 0;
}

/* Wrap a copy of each packet of @from onto @q; false if one could not be */
static bool tipc_tnl_wrap(struct tipc_link *tnl, const struct tipc_msg *th,
			  struct sk_buff_head *from, struct sk_buff_head *q)
{
	struct sk_buff *skb, *t;

	skb_queue_walk(from, skb) {
		if (msg_size(buf_msg(skb)) > tnl->mtu - INT_H_SIZE) {
			if (tipc_tnl_fragment(tnl, th, skb, q))
				return false;
			continue;
		}
		t = tipc_msg_wrap(th, skb);
		if (!t)
			return false;
		__skb_queue_tail(q, t);
	}
	return true;
}

/* A message to nobody: a tunnel is never empty, the peer counts on it */
static struct sk_buff *tipc_tnl_dummy(struct tipc_link *l)
{
	struct sk_buff *skb;

	skb = tipc_msg_new(TIPC_LOW_IMPORTANCE, TIPC_DIRECT_MSG, BASIC_H_SIZE,
			   l->self, l->addr);
	if (skb)
		msg_set_errcode(buf_msg(skb), TIPC_ERR_NO_PORT);
	return skb;
}

/*
 * @l has failed and @tnl carries on: send on @tnl everything @l had in
 * flight or waiting, and let @tnl finish what @l was receiving. The
 * caller resets @l afterwards.
 */
void tipc_link_tnl_failover(struct tipc_link *l, struct tipc_link *tnl,
			    struct sk_buff_head *xmitq)
{
	struct sk_buff_head list, tnlq;
	struct sk_buff *skb;
	struct tipc_msg th;
	u16 seqno;
	u32 cnt;

	__skb_queue_head_init(&tnlq);
	skb = tipc_tnl_dummy(l);
	if (skb) {
		tipc_skb_list_one(&list, skb);
		tipc_link_xmit(l, &list, &tnlq);
		__skb_queue_purge(&tnlq);	/* @l sends nothing more */
	}
	/* What waits in the backlog gets the numbers it would have had */
	seqno = l->snd_nxt;
	skb_queue_walk(&l->backlogq, skb)
		msg_set_seqno(buf_msg(skb), seqno++);
	tipc_msg_init(&th, l->self, TUNNEL_PROTOCOL, FAILOVER_MSG, INT_H_SIZE,
		      l->addr);
	msg_set_bearer_id(&th, l->peer_bearer_id);
	if (!tipc_tnl_wrap(tnl, &th, &l->transmq, &tnlq) ||
	    !tipc_tnl_wrap(tnl, &th, &l->backlogq, &tnlq)) {
		pr_warn_ratelimited("%s: failover incomplete\n", l->name);
		__skb_queue_purge(&tnlq);
	}
	cnt = skb_queue_len(&tnlq);
	skb_queue_walk(&tnlq, skb)
		msg_set_msgcnt(buf_msg(skb), cnt);
	tipc_link_xmit(tnl, &tnlq, xmitq);

	/* The rest of what @l was receiving now comes through @tnl */
	tnl->drop_point = l->rcv_nxt;
	kfree_skb(tnl->freasm);
	tnl->freasm = l->reasm;
	l->reasm = NULL;
	__skb_queue_purge(&tnl->fdefq);
	skb_queue_splice_init(&l->deferdq, &tnl->fdefq);
}

/*
 * Failover toward a peer whose other link we never had up: nothing to
 * hand over, but the peer waits for a FAILOVER_MSG to end its own.
 */
void tipc_link_tnl_failover_start(struct tipc_link *tnl,
				  struct sk_buff_head *xmitq)
{
	struct sk_buff_head list;
	struct sk_buff *dummy, *skb;
	struct tipc_msg th;

	tipc_msg_init(&th, tnl->self, TUNNEL_PROTOCOL, FAILOVER_MSG,
		      INT_H_SIZE, tnl->addr);
	msg_set_bearer_id(&th, tnl->peer_bearer_id);
	msg_set_msgcnt(&th, 1);
	dummy = tipc_tnl_dummy(tnl);
	skb = dummy ? tipc_msg_wrap(&th, dummy) : NULL;
	kfree_skb(dummy);
	if (skb) {
		tipc_skb_list_one(&list, skb);
		tipc_link_xmit(tnl, &list, xmitq);
	}
	tnl->drop_point = 1;
	kfree_skb(tnl->freasm);
	tnl->freasm = NULL;
	__skb_queue_purge(&tnl->fdefq);
}

/* The packet a FAILOVER_MSG carries, once complete; NULL if not yet */
static struct sk_buff *tipc_tnl_unwrap(struct tipc_link *l,
				       struct sk_buff *skb, bool *ok)
{
	struct tipc_msg *hdr = buf_msg(skb);
	struct sk_buff *inner;
	u32 no = msg_fragm_no(hdr);
	int pos = 0;

	*ok = true;
	if (!msg_nof_fragms(hdr)) {
		if (!tipc_msg_extract(skb, &inner, &pos))
			return NULL;	/* malformed: dropped */
		kfree_skb(skb);
		return inner;
	}
	/* A tunnel fragment, numbered 1..nof_fragms: made a plain one */
	msg_set_user(hdr, MSG_FRAGMENTER);
	if (no == 1)
		msg_set_type(hdr, FIRST_FRAGMENT);
	else if (no < msg_nof_fragms(hdr))
		msg_set_type(hdr, FRAGMENT);
	else
		msg_set_type(hdr, LAST_FRAGMENT);
	switch (tipc_msg_reassemble(&l->tnl_reasm, &skb)) {
	case 1:
		return skb;
	case 0:
		return NULL;
	default:
		*ok = false;
		return NULL;
	}
}

/* The next packet the failed link had received early, if in turn now */
static struct sk_buff *tipc_tnl_next_deferred(struct tipc_link *l)
{
	struct sk_buff *skb = skb_peek(&l->fdefq);

	if (!skb || buf_seqno(skb) != l->drop_point)
		return NULL;
	__skb_unlink(skb, &l->fdefq);
	return skb;
}

/*
 * A tunnel packet, in sequence on @l; consumes @skb. A SYNCH_MSG has
 * done its work in the node already. What a FAILOVER_MSG carries is
 * taken if the failed link had not taken it. False if @l must fail.
 */
bool tipc_link_tnl_rcv(struct tipc_link *l, struct sk_buff *skb)
{
	struct sk_buff *inner;
	bool ok;
	u16 seq;

	if (msg_type(buf_msg(skb)) != FAILOVER_MSG) {
		kfree_skb(skb);
		return true;
	}
	inner = tipc_tnl_unwrap(l, skb, &ok);
	while (inner) {
		seq = buf_seqno(inner);
		if (tipc_seq_before(seq, l->drop_point)) {
			kfree_skb(inner);	/* it got there before it failed */
		} else if (seq != l->drop_point) {
			tipc_msg_defer(&l->fdefq, inner);
		} else {
			l->drop_point++;
			if (!tipc_link_take(l, inner, &l->freasm))
				return false;
		}
		inner = tipc_tnl_next_deferred(l);
	}
	return ok;
}
