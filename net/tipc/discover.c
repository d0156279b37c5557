// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: neighbour discovery. Building, sending and answering
 * LINK_CONFIG messages, the address trial, and the table of peers heard.
 * Locking is described in discover.h.
 */
#include <linux/jiffies.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/timer.h>

#include "addr.h"
#include "bearer.h"
#include "core.h"
#include "crossover.h"
#include "discover.h"
#include "msg.h"
#include "node.h"
#include "socket.h"

/* Request intervals: start, cap without links, cap with links */
#define TIPC_DISC_FIRST		msecs_to_jiffies(125)
#define TIPC_DISC_FAST		msecs_to_jiffies(1000)
#define TIPC_DISC_SLOW		msecs_to_jiffies(60000)
#define TIPC_ADDR_TRIAL		msecs_to_jiffies(1000)

/* Peers kept per namespace; more are not remembered (nor answered) */
#define TIPC_DISC_MAX_PEERS	1024

/**
 * struct tipc_disc - a bearer's discoverer
 * @timer: sends the next request
 * @lock: guards @interval and @dests
 * @b: its bearer, which outlives it
 * @interval: current request interval in jiffies; 0 when stopped
 * @dests: peers with a working link on the bearer (link layer)
 */
struct tipc_disc {
	struct timer_list timer;
	spinlock_t lock;		/* see above */
	struct tipc_bearer *b;
	unsigned long interval;
	u32 dests;
};

/**
 * struct tipc_peer - a neighbour heard by discovery
 * @list: in tipc_disc_net.peers
 * @id: its node identity
 * @addr: its node address
 * @sig: its signature (changes when it restarts)
 * @caps: its capabilities
 * @net_hash: the "peer net hash" it sent, its crossover proof
 * @bearers: bit per bearer identity it was heard on
 * @maddr: its media address on each of those bearers
 */
struct tipc_peer {
	struct list_head list;
	u8 id[TIPC_ID_LEN];
	u32 addr;
	u16 sig;
	u16 caps;
	u32 net_hash;
	unsigned long bearers;
	struct tipc_media_addr maddr[TIPC_MAX_BEARERS];
};

/* What a received discovery message says, read before the skb goes */
struct tipc_disc_info {
	u32 type;
	u32 dst;
	u32 src;
	u32 sugg;
	u32 net_id;
	u32 net_hash;
	u16 sig;
	u16 caps;
	u8 id[TIPC_ID_LEN];
	struct tipc_media_addr maddr;
};

static struct sk_buff *tipc_disc_build(struct tipc_bearer *b, u32 type,
				       u32 dst, u32 sugg)
{
	struct tipc_net *tn = tipc_net(b->net);
	struct tipc_msg *hdr;
	struct sk_buff *skb;

	skb = alloc_skb(TIPC_SKB_HEADROOM + TIPC_DISC_MSG_SIZE, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, TIPC_SKB_HEADROOM);
	hdr = skb_put_zero(skb, TIPC_DISC_MSG_SIZE);
	tipc_msg_init(hdr, READ_ONCE(tn->trial_addr), LINK_CONFIG, type,
		      MAX_H_SIZE, dst);
	msg_set_size(hdr, TIPC_DISC_MSG_SIZE);
	msg_set_non_seq(hdr, 1);
	/* The capabilities overlap the signature's top bit: write them last */
	msg_set_node_sig(hdr, tn->random & 0xffff);
	msg_set_node_caps(hdr, TIPC_NODE_CAPS);
	msg_set_dest_domain(hdr, dst);
	msg_set_bc_netid(hdr, READ_ONCE(tn->cluster_id));
	b->media->to_wire((u8 *)&hdr->hdr[TIPC_MEDIA_INFO_WORD], &b->addr);
	msg_set_peer_net_hash(hdr, tipc_xo_proof(b->net));
	msg_set_sugg_node_addr(hdr, sugg);
	memcpy(msg_data(hdr), tn->node_id, TIPC_ID_LEN);
	return skb;
}

static void tipc_disc_send(struct tipc_bearer *b, u32 type, u32 dst,
			   u32 sugg, const struct tipc_media_addr *to)
{
	struct sk_buff *skb = tipc_disc_build(b, type, dst, sugg);

	if (skb)
		tipc_bearer_xmit(b->net, b->id, skb, to);
}

/* Is the namespace within its address trial? Takes tipc_disc_net.lock. */
static bool tipc_disc_in_trial(struct net *net)
{
	struct tipc_disc_net *dn = &tipc_net(net)->disc;
	bool trial;

	spin_lock_bh(&dn->lock);
	trial = time_before(jiffies, dn->trial_end);
	spin_unlock_bh(&dn->lock);
	return trial && !tipc_own_addr(net);
}

/* The trial is over without objection: make its address ours. */
static void tipc_disc_commit(struct work_struct *work)
{
	struct tipc_disc_net *dn = container_of(work, struct tipc_disc_net,
						commit);
	struct net *net = dn->net;
	struct tipc_net *tn = tipc_net(net);
	u32 addr;
	int err;

	rtnl_lock();
	if (tn->node_addr || tipc_disc_in_trial(net))
		goto out;
	spin_lock_bh(&dn->lock);
	addr = tn->trial_addr;
	spin_unlock_bh(&dn->lock);
	err = tipc_nametbl_node_up(net, addr);
	if (err) {
		pr_warn("cannot commit node address %x: %d\n", addr, err);
		goto out;
	}
	WRITE_ONCE(tn->node_addr, addr);
	tipc_sk_reinit(net);
	pr_info("node address %x committed\n", addr);
out:
	rtnl_unlock();
}

/* A single-node domain that was found needs no more requests. */
static bool tipc_disc_done(const struct tipc_disc *d)
{
	return (d->b->domain & 0xfff) && d->dests;
}

static void tipc_disc_timeout(struct timer_list *t)
{
	struct tipc_disc *d = from_timer(d, t, timer);
	struct tipc_bearer *b = d->b;
	struct net *net = b->net;
	u32 type = DSC_REQ_MSG;
	bool trial;

	spin_lock_bh(&d->lock);
	if (tipc_disc_done(d)) {
		d->interval = 0;
		spin_unlock_bh(&d->lock);
		return;
	}
	trial = tipc_disc_in_trial(net);
	if (!trial && !tipc_own_addr(net)) {
		/* The trial just ended: commit, then go on asking */
		mod_timer(&d->timer, jiffies + TIPC_DISC_FIRST);
		spin_unlock_bh(&d->lock);
		schedule_work(&tipc_net(net)->disc.commit);
		return;
	}
	if (trial) {
		d->interval = TIPC_DISC_FIRST;
		type = DSC_TRIAL_MSG;
	} else {
		d->interval = min(2 * d->interval,
				  d->dests ? TIPC_DISC_SLOW : TIPC_DISC_FAST);
	}
	mod_timer(&d->timer, jiffies + d->interval);
	spin_unlock_bh(&d->lock);
	tipc_disc_send(b, type, b->domain, 0, &b->bcast);
}

/* Set up @b's discoverer, and the address trial if one is due; RTNL. */
int tipc_disc_create(struct net *net, struct tipc_bearer *b)
{
	struct tipc_disc_net *dn = &tipc_net(net)->disc;
	struct tipc_disc *d;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	spin_lock_init(&d->lock);
	timer_setup(&d->timer, tipc_disc_timeout, 0);
	d->b = b;
	d->interval = TIPC_DISC_FIRST;
	b->disc = d;
	if (!tipc_own_addr(net)) {
		spin_lock_bh(&dn->lock);
		dn->trial_end = jiffies + TIPC_ADDR_TRIAL;
		spin_unlock_bh(&dn->lock);
	}
	return 0;
}

/* The bearer is published: the first request goes out now, then more. */
void tipc_disc_start(struct tipc_bearer *b)
{
	u32 type = tipc_disc_in_trial(b->net) ? DSC_TRIAL_MSG : DSC_REQ_MSG;

	mod_timer(&b->disc->timer, jiffies + TIPC_DISC_FIRST);
	tipc_disc_send(b, type, b->domain, 0, &b->bcast);
}

/*
 * The bearer's device changed (down, MTU, address): start over fast,
 * with one request now. RTNL.
 */
void tipc_disc_reset(struct tipc_bearer *b)
{
	struct tipc_disc *d = b->disc;
	u32 type;

	spin_lock_bh(&d->lock);
	d->dests = 0;
	d->interval = TIPC_DISC_FIRST;
	mod_timer(&d->timer, jiffies + d->interval);
	spin_unlock_bh(&d->lock);
	type = tipc_disc_in_trial(b->net) ? DSC_TRIAL_MSG : DSC_REQ_MSG;
	tipc_disc_send(b, type, b->domain, 0, &b->bcast);
}

/* Forget what was heard on bearer @id; peers heard nowhere else go. */
static void tipc_disc_forget(struct net *net, u32 id)
{
	struct tipc_disc_net *dn = &tipc_net(net)->disc;
	struct tipc_peer *p, *tmp;

	spin_lock_bh(&dn->lock);
	list_for_each_entry_safe(p, tmp, &dn->peers, list) {
		clear_bit(id, &p->bearers);
		if (p->bearers)
			continue;
		list_del(&p->list);
		dn->npeers--;
		kfree(p);
	}
	spin_unlock_bh(&dn->lock);
}

/* After the media stopped receiving on @b; RTNL. */
void tipc_disc_delete(struct tipc_bearer *b)
{
	timer_shutdown_sync(&b->disc->timer);
	kfree(b->disc);
	b->disc = NULL;
	tipc_disc_forget(b->net, b->id);
}

void tipc_disc_add_dest(struct tipc_bearer *b)
{
	struct tipc_disc *d = b->disc;

	spin_lock_bh(&d->lock);
	d->dests++;
	spin_unlock_bh(&d->lock);
}

void tipc_disc_remove_dest(struct tipc_bearer *b)
{
	struct tipc_disc *d = b->disc;

	spin_lock_bh(&d->lock);
	if (d->dests && !--d->dests &&
	    (!d->interval || d->interval > TIPC_DISC_FAST)) {
		d->interval = TIPC_DISC_FIRST;
		mod_timer(&d->timer, jiffies + d->interval);
	}
	spin_unlock_bh(&d->lock);
}

/* Peer lookups; tipc_disc_net.lock held */
static struct tipc_peer *tipc_peer_by_addr(struct tipc_disc_net *dn, u32 addr)
{
	struct tipc_peer *p;

	list_for_each_entry(p, &dn->peers, list)
		if (p->addr == addr)
			return p;
	return NULL;
}

static struct tipc_peer *tipc_peer_by_id(struct tipc_disc_net *dn,
					 const u8 *id)
{
	struct tipc_peer *p;

	list_for_each_entry(p, &dn->peers, list)
		if (!memcmp(p->id, id, TIPC_ID_LEN))
			return p;
	return NULL;
}

/* An address no known peer uses, derived from the contested @addr */
static u32 tipc_disc_suggest(struct net *net, u32 addr)
{
	struct tipc_disc_net *dn = &tipc_net(net)->disc;

	addr ^= tipc_net(net)->random;
	while (tipc_peer_by_addr(dn, addr))
		addr++;
	return addr;
}

/*
 * A peer with identity @id tries address @addr: the address to suggest
 * instead, or 0 if it may have it. tipc_disc_net.lock held.
 */
static u32 tipc_disc_try_addr(struct net *net, const u8 *id, u32 addr)
{
	struct tipc_disc_net *dn = &tipc_net(net)->disc;
	struct tipc_peer *p;

	p = tipc_peer_by_addr(dn, addr);
	if (p)
		return memcmp(p->id, id, TIPC_ID_LEN) ?
		       tipc_disc_suggest(net, addr) : 0;
	p = tipc_peer_by_id(dn, id);
	if (p)
		return p->addr;
	if (tipc_net(net)->trial_addr == addr)
		return tipc_disc_suggest(net, addr);
	return 0;
}

/*
 * Trial messages, ours and theirs. Returns true when @in was consumed:
 * it was a trial message, or our address is not committed yet and we
 * take no requests or responses.
 */
static bool tipc_disc_trial_rcv(struct tipc_bearer *b,
				const struct tipc_disc_info *in)
{
	struct net *net = b->net;
	struct tipc_net *tn = tipc_net(net);
	struct tipc_disc_net *dn = &tn->disc;
	u32 self = tipc_own_addr(net);
	bool trial;
	u32 sugg;

	spin_lock_bh(&dn->lock);
	trial = !self && time_before(jiffies, dn->trial_end);
	if (in->type == DSC_TRIAL_FAIL_MSG) {
		/* Only a suggestion for our current trial address counts */
		if (trial && in->dst == tn->trial_addr) {
			tn->trial_addr = in->sugg;
			dn->trial_end = jiffies + TIPC_ADDR_TRIAL;
		}
		spin_unlock_bh(&dn->lock);
		return true;
	}
	if (!trial && !self)
		schedule_work(&dn->commit);
	sugg = 0;
	if (in->type == DSC_TRIAL_MSG)
		sugg = tipc_disc_try_addr(net, in->id, in->src);
	spin_unlock_bh(&dn->lock);

	/* Links need our address: nothing else until it is committed */
	if (in->type != DSC_TRIAL_MSG)
		return trial || !self;
	if (sugg)
		tipc_disc_send(b, DSC_TRIAL_FAIL_MSG, in->src, sugg,
			       &in->maddr);
	return true;
}

static struct tipc_peer *tipc_peer_new(struct tipc_disc_net *dn,
				       const struct tipc_disc_info *in)
{
	struct tipc_peer *p;

	if (dn->npeers >= TIPC_DISC_MAX_PEERS)
		return NULL;
	p = kzalloc(sizeof(*p), GFP_ATOMIC);
	if (!p)
		return NULL;
	memcpy(p->id, in->id, TIPC_ID_LEN);
	p->addr = in->src;
	list_add_tail(&p->list, &dn->peers);
	dn->npeers++;
	return p;
}

/*
 * Record a request or response from a peer, for address trials; false
 * if its address is known as another node's.
 */
static bool tipc_disc_peer_seen(struct tipc_bearer *b,
				const struct tipc_disc_info *in)
{
	struct tipc_disc_net *dn = &tipc_net(b->net)->disc;
	struct tipc_peer *p;
	bool answer = false;

	spin_lock_bh(&dn->lock);
	p = tipc_peer_by_addr(dn, in->src);
	if (p && memcmp(p->id, in->id, TIPC_ID_LEN)) {
		pr_warn_ratelimited("Duplicate %x using %pM seen on <%s>\n",
				    in->src, in->maddr.value, b->name);
		goto out;
	}
	if (!p)
		p = tipc_peer_new(dn, in);
	if (!p)
		goto out;
	p->sig = in->sig;
	p->caps = in->caps;
	p->net_hash = in->net_hash;
	p->maddr[b->id] = in->maddr;
	set_bit(b->id, &p->bearers);
	answer = true;
out:
	spin_unlock_bh(&dn->lock);
	return answer;
}

/* Read @skb into @in; false if it is not a usable discovery message. */
static bool tipc_disc_parse(struct tipc_bearer *b, struct sk_buff *skb,
			    struct tipc_disc_info *in)
{
	struct tipc_msg *hdr;

	if (skb_linearize(skb))
		return false;
	hdr = buf_msg(skb);
	if (msg_hdr_sz(hdr) < MAX_H_SIZE)
		return false;
	in->type = msg_type(hdr);
	in->dst = msg_dest_domain(hdr);
	in->src = msg_prevnode(hdr);
	in->sugg = msg_sugg_node_addr(hdr);
	in->net_id = msg_bc_netid(hdr);
	in->net_hash = msg_peer_net_hash(hdr);
	in->sig = msg_node_sig(hdr);
	in->caps = msg_node_caps(hdr);
	memset(in->id, 0, TIPC_ID_LEN);
	if (!(in->caps & TIPC_CAP_NODE_ID128))
		snprintf(in->id, TIPC_ID_LEN, "%x", in->src);
	else if (msg_data_sz(hdr) >= TIPC_ID_LEN)
		memcpy(in->id, msg_data(hdr), TIPC_ID_LEN);
	else
		return false;
	return !b->media->from_wire(&in->maddr,
				    (u8 *)&hdr->hdr[TIPC_MEDIA_INFO_WORD]);
}

/* A discovery message arrived on @b (softirq, RCU); consumes @skb. */
void tipc_disc_rcv(struct tipc_bearer *b, struct sk_buff *skb)
{
	struct tipc_net *tn = tipc_net(b->net);
	struct tipc_disc_info in;
	bool ok, respond, dupl;
	u32 self;

	ok = tipc_disc_parse(b, skb, &in);
	consume_skb(skb);
	if (!ok || in.maddr.broadcast) {
		pr_warn_ratelimited("Rcv corrupt discovery message\n");
		return;
	}
	/* Our own broadcast, looped back */
	if (!memcmp(in.maddr.value, b->addr.value, sizeof(in.maddr.value)))
		return;
	if (in.net_id != READ_ONCE(tn->cluster_id))
		return;
	if (tipc_disc_trial_rcv(b, &in))
		return;
	self = tipc_own_addr(b->net);
	if (in.src == self) {
		pr_warn_ratelimited("Duplicate %x using %pM seen on <%s>\n",
				    self, in.maddr.value, b->name);
		return;
	}
	if (!tipc_addr_in_scope(tn->legacy_addr, in.dst, self) ||
	    !tipc_addr_in_scope(tn->legacy_addr, b->domain, in.src))
		return;
	if (!tipc_disc_peer_seen(b, &in))
		return;
	tipc_node_discovered(b, in.src, in.id, in.net_hash, in.caps, in.sig,
			     &in.maddr, &respond, &dupl);
	if (dupl)
		pr_warn_ratelimited("Duplicate %x using %pM seen on <%s>\n",
				    in.src, in.maddr.value, b->name);
	if (respond && in.type == DSC_REQ_MSG)
		tipc_disc_send(b, DSC_RESP_MSG, in.src, 0, &in.maddr);
}

void tipc_disc_pernet_init(struct net *net)
{
	struct tipc_disc_net *dn = &tipc_net(net)->disc;

	spin_lock_init(&dn->lock);
	INIT_LIST_HEAD(&dn->peers);
	INIT_WORK(&dn->commit, tipc_disc_commit);
	dn->trial_end = jiffies;	/* no trial until a bearer starts one */
	dn->net = net;
}

/* After the bearers are gone: nothing schedules the commit any more. */
void tipc_disc_pernet_exit(struct net *net)
{
	struct tipc_disc_net *dn = &tipc_net(net)->disc;
	struct tipc_peer *p, *tmp;

	cancel_work_sync(&dn->commit);
	list_for_each_entry_safe(p, tmp, &dn->peers, list) {
		list_del(&p->list);
		kfree(p);
	}
	dn->npeers = 0;
}
