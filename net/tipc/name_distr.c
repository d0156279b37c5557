// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: name distribution, the exchange of cluster-scope bindings
 * between nodes. See name_distr.h for the message format and locking.
 *
 * Receiving, a node's updates come in two kinds. "Unordered" ones, the
 * bulk and anything from a peer that does not number its updates, are
 * applied as soon as they are seen. Numbered single updates wait until
 * the last bulk message has told us which number comes next; from then
 * on each is applied when its turn comes, and one whose turn has passed
 * is thrown away.
 */
#include <linux/skbuff.h>

#include "addr.h"
#include "core.h"
#include "msg.h"
#include "name_distr.h"
#include "name_table.h"
#include "node.h"

void tipc_named_init(struct tipc_named_net *dn)
{
	spin_lock_init(&dn->rcv_lock);
	dn->snd_nxt = 0;
}

/*
 * A NAME_DISTRIBUTOR message of @mtype with room for @items items, from
 * @self to @dnode.
 */
static struct sk_buff *tipc_named_msg(u32 self, u32 mtype, u32 items,
				      u32 dnode, gfp_t gfp)
{
	u32 size = INT_H_SIZE + items * TIPC_NAMED_ITEM_SIZE;
	struct sk_buff *skb;

	skb = alloc_skb(TIPC_SKB_HEADROOM + size, gfp);
	if (!skb)
		return NULL;
	skb_reserve(skb, TIPC_SKB_HEADROOM);
	memset(skb->cb, 0, sizeof(skb->cb));
	skb_put(skb, size);
	tipc_msg_init(buf_msg(skb), self, NAME_DISTRIBUTOR, mtype, INT_H_SIZE,
		      dnode);
	msg_set_size(buf_msg(skb), size);
	return skb;
}

void tipc_named_item_put(struct tipc_named_item *i,
			 const struct tipc_binding *b)
{
	i->type = cpu_to_be32(b->type);
	i->lower = cpu_to_be32(b->lower);
	i->upper = cpu_to_be32(b->upper);
	i->port = cpu_to_be32(b->port);
	i->key = cpu_to_be32(b->key);
}

/* Room for one single update; filled in later by tipc_named_stamp() */
struct sk_buff *tipc_named_alloc(gfp_t gfp)
{
	return tipc_named_msg(0, PUBLICATION, 1, 0, gfp);
}

/*
 * Under tipc_nametbl.lock, right where binding @b was made or undone:
 * number @skb (from tipc_named_alloc(), may be NULL) and describe @b in
 * it. Returns the message to hand to tipc_named_send() after unlocking,
 * or NULL when there is nothing to send; @skb is freed then.
 */
struct sk_buff *tipc_named_stamp(struct tipc_named_net *dn, u32 self,
				 struct sk_buff *skb,
				 const struct tipc_binding *b, u32 mtype)
{
	struct tipc_msg *hdr;

	if (!skb)
		return NULL;
	/* Without an address there is no peer, and nothing to number */
	if (!self || b->scope != TIPC_CLUSTER_SCOPE) {
		kfree_skb(skb);
		return NULL;
	}
	hdr = buf_msg(skb);
	msg_set_type(hdr, mtype);
	msg_set_prevnode(hdr, self);
	msg_set_orignode(hdr, self);
	msg_set_non_legacy(hdr, 1);
	msg_set_named_seqno(hdr, dn->snd_nxt++);
	tipc_named_item_put((struct tipc_named_item *)msg_data(hdr), b);
	return skb;
}

/* A copy of the single update @skb to every node up; consumes @skb. */
void tipc_named_send(struct net *net, struct sk_buff *skb)
{
	if (skb)
		tipc_node_xmit_all(net, skb, 0);
}

/* Collects the bulk for one node, under tipc_nametbl.lock */
struct tipc_bulk {
	struct sk_buff_head *list;
	struct sk_buff *skb;	/* being filled */
	u32 self;
	u32 dnode;
	u32 per_msg;		/* items a message holds */
	u32 used;		/* items in @skb */
	bool failed;
};

static struct sk_buff *tipc_bulk_msg(struct tipc_bulk *bk, u32 items)
{
	struct sk_buff *skb;
	struct tipc_msg *hdr;

	skb = tipc_named_msg(bk->self, PUBLICATION, items, bk->dnode,
			     GFP_ATOMIC);
	if (!skb)
		return NULL;
	hdr = buf_msg(skb);
	msg_set_bulk(hdr, 1);
	msg_set_non_legacy(hdr, 1);
	msg_set_bc_ack_invalid(hdr, 1);
	return skb;
}

/* Shrink the message being filled to the items in it, and queue it. */
static void tipc_bulk_flush(struct tipc_bulk *bk)
{
	u32 size = INT_H_SIZE + bk->used * TIPC_NAMED_ITEM_SIZE;

	if (!bk->skb)
		return;
	skb_trim(bk->skb, size);
	msg_set_size(buf_msg(bk->skb), size);
	__skb_queue_tail(bk->list, bk->skb);
	bk->skb = NULL;
	bk->used = 0;
}

static void tipc_bulk_add(const struct tipc_binding *b, void *arg)
{
	struct tipc_bulk *bk = arg;
	struct tipc_named_item *items;

	if (bk->failed)
		return;
	if (!bk->skb) {
		bk->skb = tipc_bulk_msg(bk, bk->per_msg);
		if (!bk->skb) {
			bk->failed = true;
			return;
		}
	}
	items = (struct tipc_named_item *)msg_data(buf_msg(bk->skb));
	tipc_named_item_put(&items[bk->used++], b);
	if (bk->used == bk->per_msg)
		tipc_bulk_flush(bk);
}

/*
 * Node @dnode came up (@caps unused: we never use the broadcast link for
 * updates). The last bulk message carries the number of our next single
 * update; with no bindings at all an empty one still goes, so that the
 * peer starts taking our single updates.
 */
void tipc_named_node_up(struct net *net, u32 dnode, u16 caps,
			struct sk_buff_head *list)
{
	u32 mtu = tipc_node_mtu(net, dnode, 0);
	struct sk_buff_head bulk;
	struct tipc_bulk bk = {
		.list = &bulk,
		.self = tipc_own_addr(net),
		.dnode = dnode,
		.per_msg = 1,
	};
	struct tipc_msg *hdr;
	u16 next;

	if (mtu >= INT_H_SIZE + 2 * TIPC_NAMED_ITEM_SIZE)
		bk.per_msg = (mtu - INT_H_SIZE) / TIPC_NAMED_ITEM_SIZE;
	__skb_queue_head_init(&bulk);
	next = tipc_nametbl_local_cluster(net, tipc_bulk_add, &bk);
	tipc_bulk_flush(&bk);
	if (bk.failed)
		pr_warn_ratelimited("bulk of bindings for %x incomplete\n",
				    dnode);
	if (skb_queue_empty(&bulk)) {
		bk.skb = tipc_bulk_msg(&bk, 0);
		if (!bk.skb)
			return;
		__skb_queue_tail(&bulk, bk.skb);
	}
	hdr = buf_msg(skb_peek_tail(&bulk));
	msg_set_last_bulk(hdr, 1);
	msg_set_named_seqno(hdr, next);
	skb_queue_splice_tail(&bulk, list);
}

/* What to do with a queued update, given the node's receive state */
enum tipc_named_verdict {
	TIPC_NAMED_HOLD,
	TIPC_NAMED_APPLY,
	TIPC_NAMED_DROP,
};

/*
 * Under the queue lock. A last bulk message opens the stream at its
 * number; numbered singles are applied in turn once the stream is open.
 * While it is closed nothing numbered is judged stale: the bulk that
 * says where the stream starts may still be on its way.
 */
static enum tipc_named_verdict tipc_named_judge(const struct tipc_msg *hdr,
						u16 *rcv_nxt, bool *open)
{
	u16 seqno = msg_named_seqno(hdr);

	if (msg_last_bulk(hdr)) {
		*rcv_nxt = seqno;
		*open = true;
	}
	if (msg_bulk(hdr) || !msg_non_legacy(hdr))
		return TIPC_NAMED_APPLY;
	if (!*open)
		return TIPC_NAMED_HOLD;
	if (seqno == *rcv_nxt) {
		(*rcv_nxt)++;
		return TIPC_NAMED_APPLY;
	}
	if (tipc_seq_before(seqno, *rcv_nxt))
		return TIPC_NAMED_DROP;
	return TIPC_NAMED_HOLD;
}

/*
 * The next update of @namedq that is due, taken off the queue; stale
 * ones met on the way are freed. Each call looks at the whole queue
 * again, since the last one applied may have made a held one due.
 */
static struct sk_buff *tipc_named_next(struct sk_buff_head *namedq,
				       u16 *rcv_nxt, bool *open)
{
	struct sk_buff *skb, *tmp, *due = NULL;

	spin_lock_bh(&namedq->lock);
	skb_queue_walk_safe(namedq, skb, tmp) {
		enum tipc_named_verdict v = TIPC_NAMED_DROP;

		if (!skb_linearize(skb))
			v = tipc_named_judge(buf_msg(skb), rcv_nxt, open);
		if (v == TIPC_NAMED_HOLD)
			continue;
		__skb_unlink(skb, namedq);
		if (v == TIPC_NAMED_APPLY) {
			due = skb;
			break;
		}
		kfree_skb(skb);
	}
	spin_unlock_bh(&namedq->lock);
	return due;
}

/* Apply one item of a message from @node. */
static void tipc_named_apply_item(struct net *net,
				  const struct tipc_named_item *i, u32 node,
				  u32 mtype)
{
	u32 type = be32_to_cpu(i->type);
	u32 lower = be32_to_cpu(i->lower);
	u32 upper = be32_to_cpu(i->upper);
	u32 port = be32_to_cpu(i->port);
	u32 key = be32_to_cpu(i->key);
	int err;

	/* Could never be looked up nor withdrawn */
	if (lower > upper)
		return;
	if (mtype == PUBLICATION)
		err = tipc_nametbl_add_remote(net, type, lower, upper, node,
					      port, key);
	else
		err = tipc_nametbl_del_remote(net, type, lower, upper, node,
					      port, key);
	if (err && err != -EEXIST)
		pr_warn_ratelimited("%s of {%u,%u,%u} by %x failed: %d\n",
				    mtype == PUBLICATION ? "binding" :
				    "unbinding", type, lower, upper, node, err);
}

static void tipc_named_apply(struct net *net, struct sk_buff *skb)
{
	struct tipc_msg *hdr = buf_msg(skb);
	const struct tipc_named_item *i;
	u32 node = msg_orignode(hdr);
	u32 mtype = msg_type(hdr);
	u32 n;

	if (mtype != PUBLICATION && mtype != WITHDRAWAL) {
		pr_warn_ratelimited("unknown binding update type %u\n", mtype);
		return;
	}
	/* Our own bindings are ours to make, never a peer's */
	if (tipc_addr_is_local(net, node))
		return;
	i = (const struct tipc_named_item *)msg_data(hdr);
	for (n = msg_data_sz(hdr) / TIPC_NAMED_ITEM_SIZE; n; n--, i++)
		tipc_named_apply_item(net, i, node, mtype);
}

void tipc_named_rcv(struct net *net, struct sk_buff_head *namedq,
		    u16 *rcv_nxt, bool *open)
{
	struct tipc_named_net *dn = &tipc_net(net)->nametbl.distr;
	struct sk_buff *skb;

	spin_lock_bh(&dn->rcv_lock);
	while ((skb = tipc_named_next(namedq, rcv_nxt, open))) {
		tipc_named_apply(net, skb);
		kfree_skb(skb);
	}
	spin_unlock_bh(&dn->rcv_lock);
}

void tipc_named_node_down(struct net *net, u32 addr)
{
	struct tipc_named_net *dn = &tipc_net(net)->nametbl.distr;

	/* After any update of that node being applied right now */
	spin_lock_bh(&dn->rcv_lock);
	tipc_nametbl_purge_node(net, addr);
	spin_unlock_bh(&dn->rcv_lock);
}
