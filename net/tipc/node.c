// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: the node table, the node state machine, and links coming
 * and going; the receive and send paths are node_rcv.c and node_xmit.c.
 * Locking is described in node.h.
 */
#include <linux/bitops.h>
#include <linux/hashtable.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/timer.h>

#include "addr.h"
#include "bclink.h"
#include "bearer.h"
#include "core.h"
#include "discover.h"
#include "link.h"
#include "monitor.h"
#include "msg.h"
#include "name_distr.h"
#include "name_table.h"
#include "node.h"
#include "node_priv.h"
#include "socket.h"

/* Find the node with address @addr and take a reference; any context */
struct tipc_node *tipc_node_find(struct net *net, u32 addr)
{
	struct tipc_node *n;

	rcu_read_lock();
	n = tipc_node_lookup(tipc_nn(net), addr);
	if (n && !refcount_inc_not_zero(&n->ref))
		n = NULL;
	rcu_read_unlock();
	return n;
}

/*
 * Walk the table in address order: the first node (@first) or the one
 * after address @addr, with a reference. Any context.
 */
struct tipc_node *tipc_node_next(struct net *net, u32 addr, bool first)
{
	struct tipc_node *n;

	rcu_read_lock();
	list_for_each_entry_rcu(n, &tipc_nn(net)->list, list) {
		if ((first || n->addr > addr) &&
		    refcount_inc_not_zero(&n->ref)) {
			rcu_read_unlock();
			return n;
		}
	}
	rcu_read_unlock();
	return NULL;
}

/* ---- the node state machine ---- */

static u32 tipc_node_next_state(u32 state, int evt)
{
	switch (state) {
	case SELF_DOWN_PEER_DOWN:
		if (evt == SELF_ESTABL_CONTACT_EVT)
			return SELF_UP_PEER_COMING;
		if (evt == PEER_ESTABL_CONTACT_EVT)
			return SELF_COMING_PEER_UP;
		break;
	case SELF_UP_PEER_UP:
		if (evt == NODE_SYNCH_BEGIN_EVT)
			return NODE_SYNCHING;
		if (evt == NODE_FAILOVER_BEGIN_EVT)
			return NODE_FAILINGOVER;
		fallthrough;
	case NODE_FAILINGOVER:
	case NODE_SYNCHING:
		if (evt == SELF_LOST_CONTACT_EVT)
			return SELF_DOWN_PEER_LEAVING;
		if (evt == PEER_LOST_CONTACT_EVT)
			return SELF_LEAVING_PEER_DOWN;
		if (state == NODE_FAILINGOVER && evt == NODE_FAILOVER_END_EVT)
			return SELF_UP_PEER_UP;
		if (state == NODE_SYNCHING && evt == NODE_SYNCH_END_EVT)
			return SELF_UP_PEER_UP;
		if (state == NODE_SYNCHING && evt == NODE_FAILOVER_BEGIN_EVT)
			return NODE_FAILINGOVER;
		break;
	case SELF_DOWN_PEER_LEAVING:
		if (evt == PEER_LOST_CONTACT_EVT)
			return SELF_DOWN_PEER_DOWN;
		break;
	case SELF_UP_PEER_COMING:
		if (evt == PEER_ESTABL_CONTACT_EVT)
			return SELF_UP_PEER_UP;
		if (evt == SELF_LOST_CONTACT_EVT)
			return SELF_DOWN_PEER_DOWN;
		break;
	case SELF_COMING_PEER_UP:
		if (evt == SELF_ESTABL_CONTACT_EVT)
			return SELF_UP_PEER_UP;
		if (evt == PEER_LOST_CONTACT_EVT)
			return SELF_DOWN_PEER_DOWN;
		break;
	case SELF_LEAVING_PEER_DOWN:
		if (evt == SELF_LOST_CONTACT_EVT)
			return SELF_DOWN_PEER_DOWN;
		break;
	}
	return state;
}

void tipc_node_fsm_evt(struct tipc_node *n, int evt)
{
	n->state = tipc_node_next_state(n->state, evt);
}

/* ---- links coming and going; node lock held ---- */

static void tipc_node_set_timer(struct tipc_node *n, struct tipc_link *l)
{
	u32 intv = min_t(u32, tipc_link_tolerance(l) / 4,
			 TIPC_KEEPALIVE_MAX_MS);

	n->keepalive_ms = min(n->keepalive_ms, max_t(u32, intv, 1));
	tipc_link_set_abort_limit(l, tipc_link_tolerance(l) / n->keepalive_ms);
}

static void tipc_node_disc_dest(struct tipc_node *n, int bearer_id, bool add)
{
	struct tipc_bearer *b;

	rcu_read_lock();
	b = rcu_dereference(tipc_net(n->net)->bearers[bearer_id]);
	if (b && add)
		tipc_disc_add_dest(b);
	else if (b)
		tipc_disc_remove_dest(b);
	rcu_read_unlock();
}

/*
 * The peer came up: it counts among our broadcast link's peers from our
 * next broadcast on, and acknowledges them once it has heard where they
 * start (tipc_node_bc_acked()).
 */
static void tipc_node_bc_join(struct tipc_node *n)
{
	n->bc_acked = tipc_bclink_add_peer(n->net,
					   n->caps & TIPC_CAP_BCAST_RCAST);
	n->bc_acker = true;
	n->bc_synced = false;
}

/* The peer is gone: our broadcasts no longer wait for it */
static void tipc_node_bc_leave(struct tipc_node *n)
{
	if (!n->bc_acker)
		return;
	tipc_bclink_remove_peer(n->net, n->bc_acked,
				n->caps & TIPC_CAP_BCAST_RCAST);
	n->bc_acker = false;
}

/*
 * A second link shares the traffic if its priority equals the first's,
 * takes all of it if higher, stands by if lower; either way the peer is
 * told where the first one's sequence ends.
 */
static void tipc_node_second_link_up(struct tipc_node *n, int bearer_id,
				     struct sk_buff_head *xmitq)
{
	struct tipc_link *nl = n->le[bearer_id].link;
	struct tipc_link *ol = n->le[n->active[0]].link;

	if (tipc_link_prio(nl) > tipc_link_prio(ol)) {
		n->active[0] = bearer_id;
		n->active[1] = bearer_id;
	} else if (tipc_link_prio(nl) == tipc_link_prio(ol)) {
		n->active[1] = bearer_id;
	}
	tipc_link_tnl_synch(ol, nl, xmitq);
}

void tipc_node_link_up(struct tipc_node *n, int bearer_id,
		       struct sk_buff_head *xmitq)
{
	struct tipc_link *l = n->le[bearer_id].link;
	bool was_up = !l || tipc_link_is_up(l);

	/* Only the event that brings the link up counts here */
	if (!was_up)
		tipc_link_fsm_evt(l, LINK_ESTABLISH_EVT);
	if (was_up || !tipc_link_is_up(l))
		return;
	n->working++;
	n->actions |= TIPC_NODE_LINK_ACT;
	tipc_mon_peer_up(tipc_link_monitor(l), n->addr);
	tipc_node_disc_dest(n, bearer_id, true);
	tipc_bclink_link_up(n->net, bearer_id, true);
	pr_debug("Established link <%s>\n", tipc_link_name(l));
	/* A STATE message goes first, then where our broadcasts start */
	tipc_link_build_state_msg(l, xmitq);
	if (tipc_node_up(n)) {
		tipc_node_second_link_up(n, bearer_id, xmitq);
		return;
	}
	n->active[0] = bearer_id;
	n->active[1] = bearer_id;
	tipc_node_fsm_evt(n, SELF_ESTABL_CONTACT_EVT);
	n->actions |= TIPC_NODE_UP_ACT;
	tipc_xo_peer_up(n->net, &n->xo);
	tipc_node_bc_join(n);
	tipc_link_build_bc_init_msg(l, n->bc_acked, xmitq);
}

/* The peer is gone: forget its broadcast and name state */
static void tipc_node_lost_contact(struct tipc_node *n)
{
	int i;

	/* A failover in progress has nobody left to finish it */
	for (i = 0; i < TIPC_MAX_BEARERS; i++)
		if (n->le[i].link)
			tipc_link_fsm_evt(n->le[i].link, LINK_FAILOVER_END_EVT);
	tipc_bc_peer_reset(&n->bcp);
	tipc_node_bc_leave(n);
	tipc_xo_peer_down(&n->xo);
	n->forget_at = jiffies + msecs_to_jiffies(TIPC_NODE_FORGET_MS);
	spin_lock(&n->namedq.lock);
	__skb_queue_purge(&n->namedq);
	n->named_rcv_nxt = 0;
	n->named_open = false;
	spin_unlock(&n->namedq.lock);
	n->actions |= TIPC_NODE_DOWN_ACT;
}

/* The best link still up, other than the one on @skip */
static void tipc_node_pick_active(struct tipc_node *n, int skip)
{
	u32 best = 0;
	int i;

	n->active[0] = TIPC_NO_BEARER;
	n->active[1] = TIPC_NO_BEARER;
	for (i = 0; i < TIPC_MAX_BEARERS; i++) {
		struct tipc_link *l = n->le[i].link;

		if (i == skip || !l || !tipc_link_is_up(l))
			continue;
		if (n->active[0] != TIPC_NO_BEARER && tipc_link_prio(l) < best)
			continue;
		if (n->active[0] == TIPC_NO_BEARER || tipc_link_prio(l) > best)
			n->active[0] = i;
		n->active[1] = i;
		best = tipc_link_prio(l);
	}
}

/*
 * @tnl becomes the tunnel of a failover: any synch ends, and the
 * failover's end stays out of reach until the peer's FAILOVER_MSGs
 * announce their last packet (tipc_node_failover_rcv()).
 */
void tipc_node_tunnel_open(struct tipc_node *n, struct tipc_link *tnl)
{
	tipc_link_fsm_evt(tnl, LINK_SYNCH_END_EVT);
	tipc_node_fsm_evt(n, NODE_SYNCH_END_EVT);
	n->sync_point = tipc_link_rcv_nxt(tnl) + (U16_MAX / 2 - 1);
}

/*
 * @l went down while another link is up: that one, now the tunnel,
 * carries what @l had in hand, and @l stays out of service until the
 * peer has seen all of it through (NODE_FAILINGOVER).
 */
static void tipc_node_failover(struct tipc_node *n, struct tipc_link *l)
{
	int tid = n->active[0];
	struct tipc_link *tnl = n->le[tid].link;

	tipc_node_tunnel_open(n, tnl);
	tipc_link_tnl_failover(l, tnl, &n->le[tid].outq);
	tipc_node_fsm_evt(n, NODE_FAILOVER_BEGIN_EVT);
	/* Out of service until the failover is over */
	tipc_link_restart(l, NULL);
	tipc_link_fsm_evt(l, LINK_FAILOVER_BEGIN_EVT);
}

void tipc_node_link_down(struct tipc_node *n, int bearer_id,
			 struct sk_buff_head *xmitq)
{
	struct tipc_link *l = n->le[bearer_id].link;

	if (!l)
		return;
	if (tipc_link_is_establishing(l)) {
		/* Not up yet: defuse the pending link up */
		tipc_link_reset(l);
		tipc_link_fsm_evt(l, LINK_RESET_EVT);
		return;
	}
	if (tipc_link_is_reset(l))
		return;
	n->working--;
	n->actions |= TIPC_NODE_LINK_ACT;
	tipc_mon_peer_down(tipc_link_monitor(l), n->addr);
	tipc_node_disc_dest(n, bearer_id, false);
	tipc_bclink_link_up(n->net, bearer_id, false);
	tipc_node_pick_active(n, bearer_id);
	pr_debug("Lost link <%s>\n", tipc_link_name(l));
	if (tipc_node_up(n)) {
		tipc_node_failover(n, l);
		return;
	}
	/* The last link is gone; and the peer, if it said it was leaving */
	if (tipc_link_peer_is_down(l))
		tipc_node_fsm_evt(n, PEER_LOST_CONTACT_EVT);
	tipc_node_fsm_evt(n, SELF_LOST_CONTACT_EVT);
	tipc_link_restart(l, xmitq);
	tipc_node_lost_contact(n);
}

/* ---- unlocking: what a node leaves to be done without its lock ---- */

void tipc_node_xmit_queue(struct net *net, int bearer_id,
			  struct sk_buff_head *xmitq,
			  const struct tipc_media_addr *dst)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(xmitq)))
		tipc_bearer_xmit(net, bearer_id, skb, dst);
}

/* Run the actions and deliveries a locked section left behind */
void tipc_node_after(struct tipc_node *n, u32 actions)
{
	struct sk_buff_head bulk;

	if (actions & TIPC_NODE_DOWN_ACT) {
		tipc_named_node_down(n->net, n->addr);
		tipc_sk_node_down(n->net, n->addr);
	}
	if (actions & TIPC_NODE_UP_ACT) {
		__skb_queue_head_init(&bulk);
		tipc_named_node_up(n->net, n->addr, n->caps, &bulk);
		if (!skb_queue_empty(&bulk))
			tipc_node_xmit(n->net, &bulk, n->addr, 0);
	}
	if (actions && refcount_inc_not_zero(&n->ref) &&
	    !schedule_work(&n->state_work))
		tipc_node_put(n);
	if (!skb_queue_empty_lockless(&n->namedq))
		tipc_named_rcv(n->net, &n->namedq, &n->named_rcv_nxt,
			       &n->named_open);
	tipc_bclink_flush(n->net);
	tipc_node_input(n);
}

/*
 * Unlock, taking the lock's leftovers: the actions, the media address of
 * @bearer_id, and the packets queued for other bearers, sent here.
 */
u32 tipc_node_unlock(struct tipc_node *n, int bearer_id,
		     struct tipc_media_addr *dst)
	__releases(&n->lock)
{
	struct tipc_media_addr odst[TIPC_MAX_BEARERS];
	struct sk_buff_head outq[TIPC_MAX_BEARERS];
	u32 actions = n->actions;
	unsigned long out = 0;
	int i;

	n->actions = 0;
	if (dst && bearer_id >= 0 && bearer_id < TIPC_MAX_BEARERS)
		*dst = n->le[bearer_id].maddr;
	for (i = 0; i < TIPC_MAX_BEARERS; i++) {
		if (skb_queue_empty(&n->le[i].outq))
			continue;
		__skb_queue_head_init(&outq[i]);
		skb_queue_splice_tail_init(&n->le[i].outq, &outq[i]);
		odst[i] = n->le[i].maddr;
		__set_bit(i, &out);
	}
	spin_unlock_bh(&n->lock);
	for_each_set_bit(i, &out, TIPC_MAX_BEARERS)
		tipc_node_xmit_queue(n->net, i, &outq[i], &odst[i]);
	return actions;
}

/* Withdraw the link-state binding of @le, if any; state_work only */
static void tipc_node_state_unbind(struct tipc_node *n,
				   struct tipc_link_entry *le)
{
	if (!le->state_binding)
		return;
	tipc_nametbl_unbind(n->net, le->state_binding);
	le->state_binding = NULL;
}

/*
 * Publish {TIPC_LINK_STATE, peer}, port the link's identity, for each
 * link that is up, and withdraw it for each that went down, so that
 * topology subscribers see every link come and go; process context,
 * because binding may sleep.
 */
static void tipc_node_state_work(struct work_struct *work)
{
	struct tipc_node *n = container_of(work, struct tipc_node, state_work);
	u32 id[TIPC_MAX_BEARERS];
	bool up[TIPC_MAX_BEARERS];
	struct tipc_link_entry *le;
	struct tipc_binding *b;
	int i;

	spin_lock_bh(&n->lock);
	for (i = 0; i < TIPC_MAX_BEARERS; i++) {
		le = &n->le[i];
		up[i] = le->link && tipc_link_is_up(le->link);
		id[i] = up[i] ? tipc_link_id(le->link) : 0;
	}
	spin_unlock_bh(&n->lock);
	for (i = 0; i < TIPC_MAX_BEARERS; i++) {
		le = &n->le[i];
		if (!up[i] || le->state_id != id[i])
			tipc_node_state_unbind(n, le);
		if (!up[i] || le->state_binding)
			continue;
		b = tipc_nametbl_bind(n->net, TIPC_LINK_STATE, n->addr,
				      n->addr, TIPC_NODE_SCOPE, id[i], id[i]);
		if (IS_ERR(b))
			continue;
		le->state_binding = b;
		le->state_id = id[i];
	}
	tipc_node_put(n);
}

/* ---- the table ---- */

static struct tipc_node *tipc_node_alloc(struct net *net, u32 addr,
					 const u8 *id, u16 caps, u16 sig)
{
	struct tipc_node *n = kzalloc(sizeof(*n), GFP_ATOMIC);
	int i;

	if (!n)
		return NULL;
	n->addr = addr;
	memcpy(n->id, id, TIPC_ID_LEN);
	tipc_id_to_str(id, n->id_str);
	if (strlen(n->id_str) > 16)
		snprintf(n->id_str, sizeof(n->id_str), "%x", addr);
	n->net = net;
	refcount_set(&n->ref, 1);
	spin_lock_init(&n->lock);
	n->caps = caps;
	n->sig = sig;
	n->state = SELF_DOWN_PEER_LEAVING;
	n->active[0] = TIPC_NO_BEARER;
	n->active[1] = TIPC_NO_BEARER;
	n->keepalive_ms = TIPC_KEEPALIVE_IDLE_MS;
	n->forget_at = jiffies + msecs_to_jiffies(TIPC_NODE_FORGET_MS);
	for (i = 0; i < TIPC_MAX_BEARERS; i++) {
		skb_queue_head_init(&n->le[i].inputq);
		__skb_queue_head_init(&n->le[i].outq);
	}
	skb_queue_head_init(&n->namedq);
	tipc_bc_peer_init(&n->bcp);
	INIT_WORK(&n->state_work, tipc_node_state_work);
	return n;
}

static void tipc_node_timeout(struct timer_list *t);

/* Find or add the node @addr; a reference is returned. Softirq. */
static struct tipc_node *tipc_node_get(struct net *net, u32 addr,
				       const u8 *id, u16 caps, u16 sig)
{
	struct tipc_node_net *nn = tipc_nn(net);
	struct tipc_node *n, *pos;

	n = tipc_node_find(net, addr);
	if (n)
		return n;
	spin_lock_bh(&nn->lock);
	n = tipc_node_find(net, addr);
	if (n || nn->count >= TIPC_MAX_NODES)
		goto out;
	n = tipc_node_alloc(net, addr, id, caps, sig);
	if (!n)
		goto out;
	timer_setup(&n->timer, tipc_node_timeout, 0);
	mod_timer(&n->timer,
		  jiffies + msecs_to_jiffies(TIPC_KEEPALIVE_IDLE_MS));
	refcount_inc(&n->ref);		/* the caller's */
	hash_add_rcu(nn->hash, &n->hash, addr);
	list_for_each_entry(pos, &nn->list, list)
		if (pos->addr > addr)
			break;
	list_add_tail_rcu(&n->list, &pos->list);
	nn->count++;
out:
	spin_unlock_bh(&nn->lock);
	return n;
}

/* Has contact with the peer been lost, on both sides? Node lock held. */
static bool tipc_node_gone(const struct tipc_node *n)
{
	return n->state == SELF_DOWN_PEER_DOWN ||
	       n->state == SELF_DOWN_PEER_LEAVING;
}

/* Out of contact for TIPC_NODE_FORGET_MS: time to forget it. Node lock. */
static bool tipc_node_forget_due(const struct tipc_node *n)
{
	return tipc_node_gone(n) && time_after(jiffies, n->forget_at);
}

/*
 * Take @n out of the table: 0 if this call did, and the caller finishes
 * with tipc_node_delete(); -ENXIO if someone did already; -EBUSY if
 * @if_gone and the peer is in contact.
 */
static int tipc_node_unlist(struct tipc_node *n, bool if_gone)
{
	struct tipc_node_net *nn = tipc_nn(n->net);
	int err = 0;

	spin_lock_bh(&nn->lock);
	spin_lock(&n->lock);
	if (n->dead) {
		err = -ENXIO;
	} else if (if_gone && !tipc_node_gone(n)) {
		err = -EBUSY;
	} else {
		hash_del_rcu(&n->hash);
		list_del_rcu(&n->list);
		nn->count--;
		n->dead = true;
	}
	spin_unlock(&n->lock);
	spin_unlock_bh(&nn->lock);
	return err;
}

/* Free @n, out of the table, once unused; process context */
static void tipc_node_delete(struct tipc_node *n)
{
	int i;

	timer_shutdown_sync(&n->timer);
	spin_lock_bh(&n->lock);
	tipc_node_bc_leave(n);
	for (i = 0; i < TIPC_MAX_BEARERS; i++) {
		if (n->le[i].link && tipc_link_is_up(n->le[i].link))
			tipc_bclink_link_up(n->net, i, false);
		tipc_link_delete(n->le[i].link);
		n->le[i].link = NULL;
		__skb_queue_purge(&n->le[i].outq);
	}
	tipc_bc_peer_reset(&n->bcp);
	spin_unlock_bh(&n->lock);
	tipc_bclink_flush(n->net);
	for (i = 0; i < TIPC_MAX_BEARERS; i++)
		skb_queue_purge(&n->le[i].inputq);
	skb_queue_purge(&n->namedq);
	if (cancel_work_sync(&n->state_work))
		tipc_node_put(n);
	for (i = 0; i < TIPC_MAX_BEARERS; i++)
		tipc_node_state_unbind(n, &n->le[i]);
	tipc_node_put(n);
}

/* Forget a node we have lost contact with; process context */
int tipc_node_remove(struct net *net, u32 addr)
{
	struct tipc_node *n = tipc_node_find(net, addr);
	int err;

	if (!n)
		return -ENXIO;
	err = tipc_node_unlist(n, true);
	if (!err)
		tipc_node_delete(n);
	tipc_node_put(n);
	return err;
}

/* Remove the nodes out of contact for TIPC_NODE_FORGET_MS */
static void tipc_node_forget(struct work_struct *work)
{
	struct tipc_node_net *nn = container_of(work, struct tipc_node_net,
						forget_work);
	struct tipc_node *n, *next;
	bool due;

	for (n = tipc_node_next(nn->net, 0, true); n; n = next) {
		spin_lock_bh(&n->lock);
		due = tipc_node_forget_due(n);
		spin_unlock_bh(&n->lock);
		if (due && !tipc_node_unlist(n, true)) {
			pr_info("node %x removed: out of contact for %u s\n",
				n->addr, TIPC_NODE_FORGET_MS / 1000);
			tipc_node_delete(n);
		}
		next = tipc_node_next(nn->net, n->addr, false);
		tipc_node_put(n);
	}
}

/* ---- discovery ---- */

/* A link to @n over @b, in RESET; node lock held */
static struct tipc_link *tipc_node_new_link(struct tipc_node *n,
					    struct tipc_bearer *b)
{
	struct tipc_net *tn = tipc_net(n->net);
	struct tipc_link_conf c = {
		.if_name = strchr(b->name, ':') + 1,
		.peer_str = n->id_str,
		.bearer_id = b->id,
		.tolerance = b->tolerance,
		.priority = b->priority,
		.min_win = b->win_lo,
		.max_win = b->win_hi,
		.mtu = b->mtu,
		.plane = b->plane,
		.self = tipc_own_addr(n->net),
		.peer = n->addr,
		.peer_caps = n->caps,
		.session = get_random_u16(),
		.mon = b->mon,
	};
	char self[TIPC_ID_STR_LEN];

	if (strlen(tn->node_id_str) > 16)
		snprintf(self, sizeof(self), "%x", c.self);
	else
		strscpy(self, tn->node_id_str, sizeof(self));
	c.self_str = self;
	return tipc_link_create(n->net, &c, &n->bcp, &n->le[b->id].inputq,
				&n->namedq);
}

/* Add the first link's timer, or tighten it for a new link */
static void tipc_node_add_link(struct tipc_node *n, int bearer_id,
			       struct tipc_link *l)
{
	n->le[bearer_id].link = l;
	n->link_cnt++;
	/* Not in service before the failover under way is over */
	if (n->state == NODE_FAILINGOVER)
		tipc_link_fsm_evt(l, LINK_FAILOVER_BEGIN_EVT);
	tipc_node_set_timer(n, l);
	if (n->link_cnt == 1)
		mod_timer(&n->timer,
			  jiffies + msecs_to_jiffies(n->keepalive_ms));
}

/*
 * Node lock held. @n is at media address @maddr on @b, which is not the
 * one we knew: make a link there if there is none yet, else take the
 * address and reset the link. False if there is no link to answer for.
 */
static bool tipc_node_take_maddr(struct tipc_node *n, struct tipc_bearer *b,
				 const struct tipc_media_addr *maddr,
				 struct sk_buff_head *xmitq)
{
	struct tipc_link_entry *le = &n->le[b->id];
	struct tipc_link *l;

	if (!le->link && n->link_cnt < TIPC_NODE_MAX_LINKS && !n->dead) {
		l = tipc_node_new_link(n, b);
		if (l)
			tipc_node_add_link(n, b->id, l);
	}
	if (!le->link)
		return false;
	le->maddr = *maddr;
	if (!tipc_link_is_reset(le->link))
		tipc_node_link_down(n, b->id, xmitq);
	return true;
}

/*
 * Discovery heard node @addr on @b. Decide, from whether its signature
 * and media address are the ones we know and whether the link is up,
 * if we answer, take the new address (and reset the link), or suspect
 * a duplicate. Softirq.
 */
void tipc_node_discovered(struct tipc_bearer *b, u32 addr, const u8 *id,
			  u32 proof, u16 caps, u16 sig,
			  const struct tipc_media_addr *maddr,
			  bool *respond, bool *dupl_addr)
{
	struct sk_buff_head xmitq;
	struct tipc_media_addr dst;
	struct tipc_link_entry *le;
	bool same, up;
	struct tipc_node *n;
	u32 actions;

	*respond = false;
	*dupl_addr = false;
	if (!tipc_own_addr(b->net))
		return;
	n = tipc_node_get(b->net, addr, id, caps, sig);
	if (!n)
		return;
	if (memcmp(n->id, id, TIPC_ID_LEN)) {
		*dupl_addr = true;
		tipc_node_put(n);
		return;
	}
	__skb_queue_head_init(&xmitq);
	spin_lock_bh(&n->lock);
	le = &n->le[b->id];
	up = le->link && tipc_link_is_up(le->link);
	same = le->link && !memcmp(&le->maddr, maddr, sizeof(*maddr));
	n->caps = caps;
	if (up && !same) {
		*dupl_addr = true;	/* a clone, or a moved peer: wait */
		goto unlock;
	}
	/* Not a duplicate: is it a namespace of this kernel? */
	tipc_xo_peer_check(b->net, &n->xo, id, proof);
	n->sig = sig;	/* a restarted peer, if it differs */
	if (same)
		*respond = !up;
	else
		*respond = tipc_node_take_maddr(n, b, maddr, &xmitq);
unlock:
	actions = tipc_node_unlock(n, b->id, &dst);
	tipc_node_xmit_queue(b->net, b->id, &xmitq, &dst);
	tipc_node_after(n, actions);
	tipc_node_put(n);
}

/* ---- supervision ---- */

static void tipc_node_timeout(struct timer_list *t)
{
	struct tipc_node *n = from_timer(n, t, timer);
	struct tipc_media_addr dst[TIPC_MAX_BEARERS];
	struct sk_buff_head xmitq[TIPC_MAX_BEARERS];
	struct tipc_link *l;
	u32 actions;
	bool due;
	int i;

	spin_lock_bh(&n->lock);
	n->keepalive_ms = TIPC_KEEPALIVE_IDLE_MS;
	for (i = 0; i < TIPC_MAX_BEARERS; i++) {
		__skb_queue_head_init(&xmitq[i]);
		l = n->le[i].link;
		if (!l)
			continue;
		tipc_node_set_timer(n, l);
		if (tipc_link_timeout(l, &xmitq[i]) & TIPC_LINK_DOWN_EVT)
			tipc_node_link_down(n, i, &xmitq[i]);
		dst[i] = n->le[i].maddr;
	}
	due = tipc_node_forget_due(n);
	mod_timer(&n->timer, jiffies + msecs_to_jiffies(n->keepalive_ms));
	actions = tipc_node_unlock(n, TIPC_NO_BEARER, NULL);
	if (due)
		queue_work(system_wq, &tipc_nn(n->net)->forget_work);
	for (i = 0; i < TIPC_MAX_BEARERS; i++)
		tipc_node_xmit_queue(n->net, i, &xmitq[i], &dst[i]);
	tipc_node_after(n, actions);
}

/* ---- configuration ---- */

/* Run @fn on the link of every node on bearer @bearer_id; RTNL */
static void tipc_node_each_link(struct net *net, u32 bearer_id,
				void (*fn)(struct tipc_node *n, int id,
					   struct sk_buff_head *xmitq, u32 arg),
				u32 arg)
{
	struct tipc_node *n, *next;
	struct sk_buff_head xmitq;
	struct tipc_media_addr dst;
	u32 actions;

	for (n = tipc_node_next(net, 0, true); n; n = next) {
		__skb_queue_head_init(&xmitq);
		spin_lock_bh(&n->lock);
		if (n->le[bearer_id].link)
			fn(n, bearer_id, &xmitq, arg);
		actions = tipc_node_unlock(n, bearer_id, &dst);
		tipc_node_xmit_queue(net, bearer_id, &xmitq, &dst);
		tipc_node_after(n, actions);
		next = tipc_node_next(net, n->addr, false);
		tipc_node_put(n);
	}
}

static void tipc_node_drop_link(struct tipc_node *n, int id,
				struct sk_buff_head *xmitq, u32 arg)
{
	tipc_node_link_down(n, id, xmitq);
	tipc_link_delete(n->le[id].link);
	n->le[id].link = NULL;
	n->link_cnt--;
}

static void tipc_node_tol_link(struct tipc_node *n, int id,
			       struct sk_buff_head *xmitq, u32 tol)
{
	tipc_link_set_tolerance(n->le[id].link, tol, xmitq);
	tipc_node_set_timer(n, n->le[id].link);
}

static void tipc_node_mtu_link(struct tipc_node *n, int id,
			       struct sk_buff_head *xmitq, u32 mtu)
{
	tipc_link_set_mtu(n->le[id].link, mtu);
}

void tipc_node_bearer_down(struct net *net, u32 bearer_id)
{
	tipc_node_each_link(net, bearer_id, tipc_node_drop_link, 0);
}

void tipc_node_bearer_tolerance(struct net *net, u32 bearer_id, u32 tol)
{
	tipc_node_each_link(net, bearer_id, tipc_node_tol_link, tol);
}

void tipc_node_bearer_mtu(struct net *net, u32 bearer_id, u32 mtu)
{
	tipc_node_each_link(net, bearer_id, tipc_node_mtu_link, mtu);
}

int tipc_node_pernet_init(struct net *net)
{
	struct tipc_node_net *nn = tipc_nn(net);

	spin_lock_init(&nn->lock);
	hash_init(nn->hash);
	INIT_LIST_HEAD(&nn->list);
	nn->count = 0;
	nn->net = net;
	INIT_WORK(&nn->forget_work, tipc_node_forget);
	return 0;
}

/* After the bearers are gone: nothing creates nodes any more */
void tipc_node_pernet_exit(struct net *net)
{
	struct tipc_node_net *nn = tipc_nn(net);
	struct tipc_node *n;

	disable_work_sync(&nn->forget_work);
	while (!list_empty(&nn->list)) {
		n = list_first_entry(&nn->list, struct tipc_node, list);
		if (!tipc_node_unlist(n, false))
			tipc_node_delete(n);
	}
	rcu_barrier();
}

/* ---- the crossover ---- */

/* Namespace @dying leaves: no node of @net may point at it (crossover.h) */
void tipc_node_xo_forget(struct net *net, const struct net *dying)
{
	struct tipc_node *n;

	rcu_read_lock();
	list_for_each_entry_rcu(n, &tipc_nn(net)->list, list) {
		spin_lock_bh(&n->lock);
		tipc_xo_peer_forget(&n->xo, dying);
		spin_unlock_bh(&n->lock);
	}
	rcu_read_unlock();
}

/* The crossover peers, for /proc/net/tipc/crossover */
void tipc_node_xo_show(struct net *net, struct seq_file *seq)
{
	struct tipc_node *n;

	rcu_read_lock();
	list_for_each_entry_rcu(n, &tipc_nn(net)->list, list)
		tipc_xo_show_peer(seq, n->addr, n->id_str, &n->xo);
	rcu_read_unlock();
}

/* ---- for netlink ---- */

/*
 * Call @fn for the nodes after address *@pos, in order, until it returns
 * non-zero; *@pos is left at the last node @fn accepted.
 */
int tipc_node_walk(struct net *net, u32 *pos, bool first,
		   int (*fn)(u32 addr, bool up, void *arg), void *arg)
{
	struct tipc_node *n, *next;
	int err = 0;

	for (n = tipc_node_next(net, *pos, first); n; n = next) {
		err = fn(n->addr, READ_ONCE(n->active[0]) != TIPC_NO_BEARER,
			 arg);
		if (!err)
			*pos = n->addr;
		next = err ? NULL : tipc_node_next(net, n->addr, false);
		tipc_node_put(n);
	}
	return err;
}

/*
 * Call @fn, under the node lock, for each link of the nodes from address
 * *@node, bearer *@bid on, until it returns non-zero; the position of
 * that link is left in *@node and *@bid.
 */
int tipc_node_walk_links(struct net *net, u32 *node, u32 *bid,
			 int (*fn)(struct tipc_link *l, bool active,
				   void *arg), void *arg)
{
	struct tipc_node *n, *next;
	struct tipc_link *l;
	int err = 0;

	for (n = tipc_node_next(net, *node - 1, !*node); n && !err; n = next) {
		if (n->addr != *node)
			*bid = 0;
		*node = n->addr;
		spin_lock_bh(&n->lock);
		for (; *bid < TIPC_MAX_BEARERS && !err; ++*bid) {
			l = n->le[*bid].link;
			if (l)
				err = fn(l, n->active[0] == *bid ||
					 n->active[1] == *bid, arg);
			if (err)
				break;
		}
		spin_unlock_bh(&n->lock);
		next = err ? NULL : tipc_node_next(net, n->addr, false);
		tipc_node_put(n);
	}
	return err;
}

/*
 * Run @fn under the lock of the node whose link is called @name, then
 * send what it queued. -EINVAL if there is no such link.
 */
int tipc_node_link_do(struct net *net, const char *name,
		      int (*fn)(struct tipc_link *l,
				struct sk_buff_head *xmitq, void *arg),
		      void *arg)
{
	struct tipc_node *n, *next;
	struct sk_buff_head xmitq;
	struct tipc_media_addr dst;
	int i, err = -EINVAL;
	u32 actions;

	for (n = tipc_node_next(net, 0, true); n; n = next) {
		__skb_queue_head_init(&xmitq);
		spin_lock_bh(&n->lock);
		for (i = 0; i < TIPC_MAX_BEARERS; i++) {
			struct tipc_link *l = n->le[i].link;

			if (l && !strcmp(tipc_link_name(l), name)) {
				err = fn(l, &xmitq, arg);
				tipc_node_set_timer(n, l);
				break;
			}
		}
		actions = tipc_node_unlock(n, i, &dst);
		if (i < TIPC_MAX_BEARERS) {
			tipc_node_xmit_queue(net, i, &xmitq, &dst);
			tipc_node_after(n, actions);
			tipc_node_put(n);
			break;
		}
		tipc_node_after(n, actions);
		next = tipc_node_next(net, n->addr, false);
		tipc_node_put(n);
	}
	return err;
}
