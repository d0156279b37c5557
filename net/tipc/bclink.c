// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: our own broadcasts (see bclink.h).
 */
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "addr.h"
#include "bclink.h"
#include "bearer.h"
#include "core.h"
#include "fragment.h"
#include "msg.h"
#include "node.h"
#include "socket.h"

/* Importance levels with a backlog: the four data levels and "system" */
#define TIPC_BC_IMP_LEVELS	(TIPC_SYSTEM_IMPORTANCE + 1)
/* A packet is sent again at most this often, however many peers ask */
#define TIPC_BC_RETR_GAP	msecs_to_jiffies(10)
/* Without a method-switch handshake, a socket keeps its method this long */
#define TIPC_BC_METHOD_HOLD	msecs_to_jiffies(5000)

/**
 * struct tipc_bclink - a namespace's broadcast send link
 * @lock: see bclink.h
 * @snd_nxt: sequence number of the next packet
 * @peers: nodes that acknowledge our broadcasts (their links are up)
 * @no_rcast: peers among them that cannot take replicast
 * @dests: links up, per bearer: where broadcasts are sent
 * @window: packets sent and not yet acknowledged by all, at most
 * @transmq: those packets; each has in TIPC_SKB_CB()->ackers the peers
 *	still to acknowledge it
 * @backlogq: packets waiting for room in the window
 * @backlog: packets of @backlogq per importance
 * @wakeupq: SOCK_WAKEUPs of senders waiting for room in the backlog
 * @sendq: packets to put on the bearers at the next flush
 * @wakeq: wakeups to deliver at the next flush
 * @mode: TIPC_BC_MODE_* (RTNL writes)
 * @ratio: with TIPC_BC_MODE_AUTO, the share of the cluster, in percent,
 *	that a multicast must reach to go by broadcast (RTNL writes)
 * @stats: counters
 */
struct tipc_bclink {
	spinlock_t lock;	/* see bclink.h */
	u16 snd_nxt;
	u32 peers;
	u32 no_rcast;
	u32 dests[TIPC_MAX_BEARERS];
	u32 window;
	struct sk_buff_head transmq;
	struct sk_buff_head backlogq;
	u16 backlog[TIPC_BC_IMP_LEVELS];
	struct sk_buff_head wakeupq;
	struct sk_buff_head sendq;
	struct sk_buff_head wakeq;
	u32 mode;
	u32 ratio;
	struct tipc_bclink_stats stats;
};

static struct tipc_bclink *tipc_bcl(struct net *net)
{
	return tipc_net(net)->bcl;
}

int tipc_bclink_init(struct net *net)
{
	struct tipc_bclink *bcl = kzalloc(sizeof(*bcl), GFP_KERNEL);

	if (!bcl)
		return -ENOMEM;
	spin_lock_init(&bcl->lock);
	bcl->snd_nxt = 1;
	bcl->window = TIPC_BCLINK_WIN_DEF;
	skb_queue_head_init(&bcl->transmq);
	skb_queue_head_init(&bcl->backlogq);
	skb_queue_head_init(&bcl->wakeupq);
	skb_queue_head_init(&bcl->sendq);
	skb_queue_head_init(&bcl->wakeq);
	bcl->mode = TIPC_BC_MODE_AUTO;
	bcl->ratio = TIPC_BC_RATIO_DEF;
	tipc_net(net)->bcl = bcl;
	return 0;
}

/* After the nodes are gone: nobody sends or acknowledges any more */
void tipc_bclink_exit(struct net *net)
{
	struct tipc_bclink *bcl = tipc_bcl(net);

	skb_queue_purge(&bcl->transmq);
	skb_queue_purge(&bcl->backlogq);
	skb_queue_purge(&bcl->wakeupq);
	skb_queue_purge(&bcl->sendq);
	skb_queue_purge(&bcl->wakeq);
	kfree(bcl);
}

static u32 tipc_bc_backlog_limit(const struct tipc_bclink *bcl, int imp)
{
	/* Twice the window for low importance, up to eight for critical */
	return imp == TIPC_SYSTEM_IMPORTANCE ? U16_MAX : bcl->window * 2 * (imp + 1);
}

/* ---- sending ---- */

/* Number @skb and queue a copy for the bearers; bclink lock held */
static bool tipc_bc_send_one(struct tipc_bclink *bcl, struct sk_buff *skb)
{
	struct tipc_msg *hdr = buf_msg(skb);
	struct sk_buff *copy;

	msg_set_seqno(hdr, bcl->snd_nxt);
	/* Kept, never read before its TIPC header: see tipc_link_send_one() */
	if (!skb_cloned(skb))
		__skb_header_release(skb);
	copy = skb_clone(skb, GFP_ATOMIC);
	if (!copy)
		return false;
	TIPC_SKB_CB(skb)->ackers = bcl->peers;
	TIPC_SKB_CB(skb)->retr_next = jiffies + TIPC_BC_RETR_GAP;
	TIPC_SKB_CB(skb)->retr_cnt = 0;
	__skb_queue_tail(&bcl->transmq, skb);
	__skb_queue_tail(&bcl->sendq, copy);
	bcl->snd_nxt++;
	bcl->stats.tx_pkts++;
	return true;
}

/* Move backlogged packets into the window as it opens; lock held */
static void tipc_bc_advance(struct tipc_bclink *bcl)
{
	u32 room[TIPC_BC_IMP_LEVELS], limit;
	struct sk_buff *skb, *tmp;
	int imp;

	while (skb_queue_len(&bcl->transmq) < bcl->window &&
	       (skb = skb_peek(&bcl->backlogq))) {
		__skb_unlink(skb, &bcl->backlogq);
		if (!tipc_bc_send_one(bcl, skb)) {
			__skb_queue_head(&bcl->backlogq, skb);
			break;
		}
		bcl->backlog[msg_importance(buf_msg(skb))]--;
	}
	if (skb_queue_empty(&bcl->wakeupq))
		return;
	for (imp = 0; imp < TIPC_BC_IMP_LEVELS; imp++) {
		limit = tipc_bc_backlog_limit(bcl, imp);
		room[imp] = bcl->backlog[imp] < limit ?
			    limit - bcl->backlog[imp] : 0;
	}
	skb_queue_walk_safe(&bcl->wakeupq, skb, tmp) {
		imp = TIPC_SKB_CB(skb)->imp;
		if (!room[imp])
			continue;
		room[imp]--;
		__skb_unlink(skb, &bcl->wakeupq);
		__skb_queue_tail(&bcl->wakeq, skb);
	}
}

/* The sender of @port must wait for room; lock held */
static int tipc_bc_block_sender(struct net *net, struct tipc_bclink *bcl,
				u32 port, int imp)
{
	struct sk_buff *skb = tipc_msg_wakeup(tipc_own_addr(net), port, imp);

	if (!skb)
		return -ENOBUFS;
	__skb_queue_tail(&bcl->wakeupq, skb);
	bcl->stats.congs++;
	return -ELINKCONG;
}

/* Mark the packets of @list as broadcast, cut for @mtu; no lock */
static int tipc_bc_prepare(struct net *net, struct sk_buff_head *list,
			   u32 mtu)
{
	u32 self = tipc_own_addr(net), netid = tipc_net(net)->cluster_id;
	struct sk_buff *skb = skb_peek(list);
	struct sk_buff_head frags;
	int err = 0;

	if (msg_user(buf_msg(skb)) == MSG_FRAGMENTER) {
		if (msg_size(buf_msg(skb)) > mtu)
			err = tipc_msg_refragment(list, self, mtu);
	} else if (msg_size(buf_msg(skb)) > mtu) {
		__skb_queue_head_init(&frags);
		__skb_unlink(skb, list);
		err = tipc_msg_fragment(skb, self, mtu, &frags);
		if (err)
			__skb_queue_tail(list, skb);
		else
			skb_queue_splice_tail(&frags, list);
	}
	if (err)
		return err;
	skb_queue_walk(list, skb) {
		msg_set_non_seq(buf_msg(skb), 1);
		msg_set_mc_netid(buf_msg(skb), netid);
		msg_set_ack(buf_msg(skb), 0);
		msg_set_bcast_ack(buf_msg(skb), 0);
	}
	return 0;
}

/**
 * tipc_bclink_xmit() - broadcast one message
 * @net: the namespace
 * @list: the message, whole or in fragments; consumed
 *
 * Packets that fit in the window leave at once, the rest wait in the
 * backlog. With nobody to send to, the message is dropped.
 *
 * Context: process or softirq, no TIPC lock held.
 * Return: 0, -ELINKCONG (accepted, but the sender must wait for a
 * SOCK_WAKEUP), or -ENOBUFS/-EMSGSIZE/-ENOMEM.
 */
int tipc_bclink_xmit(struct net *net, struct sk_buff_head *list)
{
	struct tipc_bclink *bcl = tipc_bcl(net);
	struct sk_buff *skb = skb_peek(list);
	int imp, rc;
	u32 port;

	if (!skb)
		return 0;
	imp = msg_importance(buf_msg(skb));
	port = tipc_skb_origport(skb);
	rc = tipc_bc_prepare(net, list, tipc_bclink_mtu(net));
	if (rc) {
		__skb_queue_purge(list);
		return rc;
	}
	spin_lock_bh(&bcl->lock);
	if (!bcl->peers) {
		spin_unlock_bh(&bcl->lock);
		__skb_queue_purge(list);
		return 0;
	}
	if (skb_queue_len(list) > 1) {
		bcl->stats.tx_fragged++;
		bcl->stats.tx_frags += skb_queue_len(list);
	}
	if (bcl->backlog[imp] >= tipc_bc_backlog_limit(bcl, imp))
		rc = tipc_bc_block_sender(net, bcl, port, imp);
	while ((skb = __skb_dequeue(list))) {
		bcl->backlog[msg_importance(buf_msg(skb))]++;
		__skb_queue_tail(&bcl->backlogq, skb);
	}
	tipc_bc_advance(bcl);
	bcl->stats.q_sum += skb_queue_len(&bcl->transmq) +
			    skb_queue_len(&bcl->backlogq);
	bcl->stats.q_samples++;
	bcl->stats.q_max = max(bcl->stats.q_max,
			       skb_queue_len(&bcl->transmq) +
			       skb_queue_len(&bcl->backlogq));
	spin_unlock_bh(&bcl->lock);
	tipc_bclink_flush(net);
	/* Queued, even when no wakeup could be made to make the sender wait */
	return rc == -ENOBUFS ? 0 : rc;
}

/* Put @skb on bearer @id, to its broadcast address; under RCU */
static void tipc_bc_bearer_xmit(struct net *net, int id, struct sk_buff *skb)
{
	struct tipc_bearer *b = rcu_dereference(tipc_net(net)->bearers[id]);
	struct tipc_media_addr dst;

	if (!b) {
		kfree_skb(skb);
		return;
	}
	dst = b->bcast;
	tipc_bearer_xmit(net, id, skb, &dst);
}

/*
 * Put @skb on the one bearer with links to every peer, if there is one,
 * else a copy on each bearer with links (a node on two of them gets the
 * packet twice, and drops the second). Under RCU.
 */
static void tipc_bc_bearers_xmit(struct net *net, const u32 *dests,
				 u32 peers, struct sk_buff *skb)
{
	struct sk_buff *copy;
	int id;

	for (id = 0; id < TIPC_MAX_BEARERS; id++) {
		if (dests[id] && dests[id] >= peers) {
			tipc_bc_bearer_xmit(net, id, skb);
			return;
		}
	}
	for (id = 0; id < TIPC_MAX_BEARERS; id++) {
		copy = dests[id] ? pskb_copy(skb, GFP_ATOMIC) : NULL;
		if (copy)
			tipc_bc_bearer_xmit(net, id, copy);
	}
	kfree_skb(skb);
}

/**
 * tipc_bclink_flush() - send what was queued for the bearers, and wake
 *	the senders that may send again
 * @net: the namespace
 *
 * Context: softirq or process, no TIPC lock held.
 */
void tipc_bclink_flush(struct net *net)
{
	struct tipc_bclink *bcl = tipc_bcl(net);
	struct sk_buff_head sendq, wakeq;
	u32 dests[TIPC_MAX_BEARERS];
	struct sk_buff *skb;
	u32 peers;

	if (skb_queue_empty_lockless(&bcl->sendq) &&
	    skb_queue_empty_lockless(&bcl->wakeq))
		return;
	__skb_queue_head_init(&sendq);
	__skb_queue_head_init(&wakeq);
	spin_lock_bh(&bcl->lock);
	skb_queue_splice_init(&bcl->sendq, &sendq);
	skb_queue_splice_init(&bcl->wakeq, &wakeq);
	memcpy(dests, bcl->dests, sizeof(dests));
	peers = bcl->peers;
	spin_unlock_bh(&bcl->lock);
	rcu_read_lock();
	while ((skb = __skb_dequeue(&sendq)))
		tipc_bc_bearers_xmit(net, dests, peers, skb);
	rcu_read_unlock();
	if (!skb_queue_empty(&wakeq))
		tipc_sk_rcv(net, &wakeq);
}

/* ---- acknowledgments ---- */

/*
 * A peer acknowledged what follows @from up to @to: those packets wait
 * for one peer less. Acknowledged by all, the head of the queue goes.
 * Lock held.
 */
static void tipc_bc_release(struct tipc_bclink *bcl, u16 from, u16 to)
{
	struct sk_buff *skb, *tmp;
	u16 seq;

	skb_queue_walk_safe(&bcl->transmq, skb, tmp) {
		seq = msg_seqno(buf_msg(skb));
		if (tipc_seq_after(seq, to))
			break;
		if (tipc_seq_after(seq, from) && TIPC_SKB_CB(skb)->ackers)
			TIPC_SKB_CB(skb)->ackers--;
	}
	while ((skb = skb_peek(&bcl->transmq)) && !TIPC_SKB_CB(skb)->ackers) {
		__skb_unlink(skb, &bcl->transmq);
		kfree_skb(skb);
	}
	tipc_bc_advance(bcl);
}

/**
 * tipc_bclink_add_peer() - a node came up: it acknowledges what we
 *	broadcast from now on
 * @net: the namespace
 * @rcast: the node can take multicast by replicast
 *
 * Context: under the node's lock.
 * Return: our last broadcast sequence number so far, where the peer
 * starts: its acknowledgment point, and what the peer is told.
 */
u16 tipc_bclink_add_peer(struct net *net, bool rcast)
{
	struct tipc_bclink *bcl = tipc_bcl(net);
	u16 last;

	spin_lock_bh(&bcl->lock);
	bcl->peers++;
	bcl->no_rcast += !rcast;
	last = bcl->snd_nxt - 1;
	spin_unlock_bh(&bcl->lock);
	return last;
}

/**
 * tipc_bclink_remove_peer() - a node is gone: nothing more is waited
 *	for from it
 * @net: the namespace
 * @acked: what it had acknowledged
 * @rcast: as given to tipc_bclink_add_peer()
 *
 * Context: under the node's lock; tipc_bclink_flush() after.
 */
void tipc_bclink_remove_peer(struct net *net, u16 acked, bool rcast)
{
	struct tipc_bclink *bcl = tipc_bcl(net);

	spin_lock_bh(&bcl->lock);
	tipc_bc_release(bcl, acked, bcl->snd_nxt - 1);
	bcl->peers--;
	bcl->no_rcast -= !rcast;
	if (!bcl->peers) {
		/* Nobody left to send to: what waits is dropped */
		__skb_queue_purge(&bcl->transmq);
		__skb_queue_purge(&bcl->backlogq);
		memset(bcl->backlog, 0, sizeof(bcl->backlog));
		skb_queue_splice_tail_init(&bcl->wakeupq, &bcl->wakeq);
	}
	spin_unlock_bh(&bcl->lock);
}

/**
 * tipc_bclink_ack() - a peer's acknowledgment of our broadcasts
 * @net: the namespace
 * @acked: what the peer had acknowledged; updated
 * @ack: its new acknowledgment (bcast_ack of a packet from it)
 *
 * An acknowledgment of what we never sent is ignored.
 *
 * Context: under the node's lock; tipc_bclink_flush() after.
 */
void tipc_bclink_ack(struct net *net, u16 *acked, u16 ack)
{
	struct tipc_bclink *bcl = tipc_bcl(net);

	if (!tipc_seq_after(ack, *acked))
		return;
	spin_lock_bh(&bcl->lock);
	if (!tipc_seq_after(ack, bcl->snd_nxt - 1)) {
		tipc_bc_release(bcl, *acked, ack);
		*acked = ack;
	}
	spin_unlock_bh(&bcl->lock);
}

/**
 * tipc_bclink_nack() - a peer misses @gap packets after @acked
 * @net: the namespace
 * @acked: its acknowledgment point
 * @gap: bc_gap of its STATE message
 * @fail_ms: how long the first packet it misses may be sent again in
 *	vain before the peer is given up
 *
 * Those still queued are broadcast again, each at most once per
 * TIPC_BC_RETR_GAP (every peer missing it gets it then).
 *
 * Context: under the node's lock; tipc_bclink_flush() after.
 * Return: true if the peer should be given up (its links reset): it has
 * missed our oldest packet for @fail_ms, resent all that time.
 */
bool tipc_bclink_nack(struct net *net, u16 acked, u16 gap, u32 fail_ms)
{
	struct tipc_bclink *bcl = tipc_bcl(net);
	u16 to = acked + gap, seq;
	struct sk_buff *skb, *copy;
	struct tipc_skb_cb *cb;
	bool failed = false;

	spin_lock_bh(&bcl->lock);
	bcl->stats.rx_nacks++;
	skb_queue_walk(&bcl->transmq, skb) {
		seq = msg_seqno(buf_msg(skb));
		cb = TIPC_SKB_CB(skb);
		if (tipc_seq_after(seq, to))
			break;
		if (!tipc_seq_after(seq, acked))
			continue;
		if (skb == skb_peek(&bcl->transmq) && cb->retr_cnt &&
		    time_after(jiffies, cb->retr_stamp +
			       msecs_to_jiffies(fail_ms)))
			failed = true;
		if (time_before(jiffies, cb->retr_next))
			continue;
		copy = skb_clone(skb, GFP_ATOMIC);
		if (!copy)
			break;
		if (!cb->retr_cnt++)
			cb->retr_stamp = jiffies;
		cb->retr_next = jiffies + TIPC_BC_RETR_GAP;
		__skb_queue_tail(&bcl->sendq, copy);
		bcl->stats.retrans++;
	}
	spin_unlock_bh(&bcl->lock);
	return failed;
}

/* A link on @bearer_id came up or went down: where broadcasts go */
void tipc_bclink_link_up(struct net *net, int bearer_id, bool up)
{
	struct tipc_bclink *bcl = tipc_bcl(net);

	spin_lock_bh(&bcl->lock);
	if (up)
		bcl->dests[bearer_id]++;
	else if (bcl->dests[bearer_id])
		bcl->dests[bearer_id]--;
	spin_unlock_bh(&bcl->lock);
}

/* Our last broadcast sequence number, for the peers' information */
u16 tipc_bclink_last_sent(struct net *net)
{
	return READ_ONCE(tipc_bcl(net)->snd_nxt) - 1;
}

/* ---- for sockets ---- */

/* The largest packet every bearer with links carries */
u32 tipc_bclink_mtu(struct net *net)
{
	struct tipc_bclink *bcl = tipc_bcl(net);
	u32 mtu = MAX_MSG_SIZE;
	struct tipc_bearer *b;
	int id;

	rcu_read_lock();
	for (id = 0; id < TIPC_MAX_BEARERS; id++) {
		b = rcu_dereference(tipc_net(net)->bearers[id]);
		if (b && READ_ONCE(bcl->dests[id]))
			mtu = min(mtu, READ_ONCE(b->mtu));
	}
	rcu_read_unlock();
	return mtu;
}

/*
 * Do all bearers with links reach every node with one packet? (Stock
 * does not broadcast over UDP bearers with replicast peers.)
 */
bool tipc_bclink_can_bcast(struct net *net)
{
	struct tipc_bclink *bcl = tipc_bcl(net);
	struct tipc_bearer *b;
	bool ok = true;
	int id;

	rcu_read_lock();
	for (id = 0; id < TIPC_MAX_BEARERS; id++) {
		b = rcu_dereference(tipc_net(net)->bearers[id]);
		if (b && READ_ONCE(bcl->dests[id]) && !b->mcast)
			ok = false;
	}
	rcu_read_unlock();
	return ok;
}

/**
 * tipc_bclink_method() - choose how a socket's multicast to @dests nodes
 *	goes: by replicast (*@rcast) or by broadcast
 * @net: the namespace
 * @dests: nodes with a destination
 * @forced: the socket chose its method (TIPC_MCAST_BROADCAST/REPLICAST)
 * @rcast: the socket's method; updated
 * @expires: until when the socket's method must stay as it is; updated
 *
 * Bearers that cannot broadcast force replicast; peers that cannot take
 * replicast force broadcast. Else a method the socket chose stays;
 * otherwise "tipc link set broadcast" decides, and with AUTOSELECT
 * replicast reaches up to 1 + ratio percent of the peers. Where a node
 * lacks method-switch control (TIPC_CAP_MCAST_RBCTL: the SYN pair of
 * sock_mcast.c), a socket keeps its method, as stock's do then, until it
 * has not multicast for TIPC_BC_METHOD_HOLD: what it sent one way is
 * then delivered before it sends the other.
 *
 * Context: process, under the socket's lock.
 */
void tipc_bclink_method(struct net *net, u32 dests, bool forced, bool *rcast,
			unsigned long *expires)
{
	struct tipc_bclink *bcl = tipc_bcl(net);
	bool hold = time_before(jiffies, *expires), want;
	u32 mode = READ_ONCE(bcl->mode), peers = READ_ONCE(bcl->peers);

	*expires = jiffies + TIPC_BC_METHOD_HOLD;
	if (!tipc_bclink_can_bcast(net)) {
		*rcast = true;
		return;
	}
	if (READ_ONCE(bcl->no_rcast)) {
		*rcast = false;
		return;
	}
	if (forced)
		return;
	if (mode == TIPC_BC_MODE_BCAST)
		want = false;
	else if (mode == TIPC_BC_MODE_RCAST)
		want = true;
	else
		want = dests <= 1 + peers * READ_ONCE(bcl->ratio) / 100;
	if (want != *rcast && hold &&
	    !tipc_node_all_have(net, TIPC_CAP_MCAST_RBCTL))
		return;
	*rcast = want;
}

/* ---- for netlink ---- */

/*
 * Set what is not 0; RTNL. Broadcast or a ratio for choosing it are
 * refused (-ENOPROTOOPT) while a bearer with links cannot broadcast.
 */
int tipc_bclink_set(struct net *net, u32 mode, u32 ratio, u32 window)
{
	struct tipc_bclink *bcl = tipc_bcl(net);

	if ((ratio || (mode && mode != TIPC_BC_MODE_RCAST)) &&
	    !tipc_bclink_can_bcast(net))
		return -ENOPROTOOPT;

	if (mode)
		WRITE_ONCE(bcl->mode, mode);
	if (ratio)
		WRITE_ONCE(bcl->ratio, ratio);
	if (window) {
		spin_lock_bh(&bcl->lock);
		bcl->window = max_t(u32, window, TIPC_BCLINK_WIN_MIN);
		tipc_bc_advance(bcl);
		spin_unlock_bh(&bcl->lock);
		tipc_bclink_flush(net);
	}
	return 0;
}

void tipc_bclink_get(struct net *net, u32 *mode, u32 *ratio, u32 *window,
		     struct tipc_bclink_stats *stats)
{
	struct tipc_bclink *bcl = tipc_bcl(net);

	spin_lock_bh(&bcl->lock);
	*mode = bcl->mode;
	*ratio = bcl->ratio;
	*window = bcl->window;
	*stats = bcl->stats;
	spin_unlock_bh(&bcl->lock);
}

void tipc_bclink_reset_stats(struct net *net)
{
	struct tipc_bclink *bcl = tipc_bcl(net);

	spin_lock_bh(&bcl->lock);
	memset(&bcl->stats, 0, sizeof(bcl->stats));
	spin_unlock_bh(&bcl->lock);
}
