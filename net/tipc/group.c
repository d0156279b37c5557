// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: the member table and GROUP_PROTOCOL of a communication group.
 *
 * Joining. A member learns of another from the binding table (the
 * members bound when it joins, then the topology events of a kernel
 * subscription to the group's type) and from that member's JOIN message;
 * the two may come in either order. When it has both, the other member
 * is JOINED: it may send to us and we to it, and the reader gets a
 * TIPC_PUBLISHED member event. LEAVE (or the withdrawal of a member that
 * cannot send LEAVE any more) ends it with a TIPC_WITHDRAWN event.
 *
 * Flow control, counted in 1 KiB blocks. Every member has a window: the
 * blocks we may still send to it, raised by its JOIN and ADV messages.
 * As receiver we advertise to each member either an idle window (room
 * for one maximal message) or, to at most max_active members at a time,
 * an active one twelve times larger. A member that sends to us while
 * idle asks, in effect, to become active; when too many are, we RECLAIM
 * the active window of the least recently active member, which answers
 * with REMIT, telling how much of the window it left unused.
 *
 * Ordering. Broadcasts carry a sequence number per sender; unicasts carry
 * the sender's next broadcast number, so a unicast never overtakes a
 * broadcast sent before it, and a member's departure is reported after
 * its last broadcast. A broadcast sent right after a unicast asks every
 * receiver for an ACK, and the next waits until all have acked.
 *
 * Locking and lifetime: see group.h.
 */
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <linux/tipc.h>
#include <linux/tipc_netlink.h>
#include <net/netlink.h>

#include "addr.h"
#include "core.h"
#include "group.h"
#include "msg.h"
#include "node.h"
#include "subscr.h"

/* Blocks of one maximal message, and the two windows we advertise */
#define TIPC_ADV_UNIT		((MAX_MSG_SIZE + MAX_H_SIZE) / 1024 + 1)
#define TIPC_ADV_IDLE		TIPC_ADV_UNIT
#define TIPC_ADV_ACTIVE		(TIPC_ADV_UNIT * 12)

enum tipc_member_state {
	MBR_JOINING,	/* its JOIN came, its binding not yet seen */
	MBR_PUBLISHED,	/* its binding seen, its JOIN not yet come */
	MBR_JOINED,	/* in service, advertised an idle window */
	MBR_PENDING,	/* wants an active window, waits for one */
	MBR_ACTIVE,	/* advertised an active window */
	MBR_RECLAIMING,	/* asked to give its active window back */
	MBR_REMITTED,	/* gave it back; still has messages in flight */
	MBR_LEAVING,	/* gone; its last messages are being delivered */
};

/**
 * struct tipc_member - another member, as seen by one group socket
 * @tree: in tipc_group.members, by (@node, @port)
 * @rcv: in tipc_group.active or .pending while in those states
 * @deferred: its messages waiting for earlier broadcasts
 * @node: its node
 * @port: its port
 * @instance: the instance it is bound to
 * @state: see enum tipc_member_state
 * @advertised: blocks it may still send us, as far as we know
 * @window: blocks we may still send it
 * @bc_rcv_nxt: number of its next broadcast we expect
 * @bc_syncpt: its broadcast number when it joined or left
 * @bc_pending: it has not acked our last broadcast
 */
struct tipc_member {
	struct rb_node tree;
	struct list_head rcv;
	struct sk_buff_head deferred;
	u32 instance;
	u32 node;
	u32 port;
	enum tipc_member_state state;
	u16 window;
	u16 advertised;
	u16 bc_syncpt;
	u16 bc_rcv_nxt;
	bool bc_pending;
};

/**
 * struct tipc_group - the group as seen by one member socket
 * @members: the other members (and ourselves with loopback)
 * @active: members advertised an active window, least recent first
 * @pending: members waiting for an active window, oldest first
 * @sub: kernel subscription to bindings of @type in @scope
 * @net: namespace
 * @port: our port
 * @type: service type of the group
 * @instance: our instance
 * @scope: TIPC_NODE_SCOPE or TIPC_CLUSTER_SCOPE
 * @member_cnt: entries in @members
 * @active_cnt: members in states ACTIVE, RECLAIMING and REMITTED
 * @max_active: how many members may hold an active window
 * @bc_snd_nxt: number of our next broadcast
 * @bc_ackers: acks still missing for our last broadcast
 * @ack_next_bc: our next broadcast must ask for acks
 * @open: the socket may send without waiting (socket's group_open)
 * @loopback: our own broadcasts and multicasts come back to us
 * @events: the reader wants member events
 */
struct tipc_group {
	struct rb_root members;
	struct list_head active;
	struct list_head pending;
	struct tipc_sub *sub;
	struct net *net;
	u32 port;
	u32 scope;
	u32 type;
	u32 instance;
	u16 bc_snd_nxt;
	u16 bc_ackers;
	u16 member_cnt;
	u16 max_active;
	u16 active_cnt;
	bool ack_next_bc;
	bool loopback;
	bool events;
	bool *open;
};

static u64 tipc_member_key(u32 node, u32 port)
{
	return (u64)node << 32 | port;
}

static struct tipc_member *tipc_member_find(struct tipc_group *grp,
					    u32 node, u32 port)
{
	struct rb_node *n = grp->members.rb_node;
	u64 key = tipc_member_key(node, port), k;
	struct tipc_member *m;

	while (n) {
		m = rb_entry(n, struct tipc_member, tree);
		k = tipc_member_key(m->node, m->port);
		if (key == k)
			return m;
		n = key < k ? n->rb_left : n->rb_right;
	}
	return NULL;
}

static struct tipc_member *tipc_member_new(struct tipc_group *grp, u32 node,
					   u32 port, u32 instance,
					   enum tipc_member_state state)
{
	struct rb_node **link = &grp->members.rb_node, *parent = NULL;
	u64 key = tipc_member_key(node, port);
	struct tipc_member *m;

	while (*link) {
		parent = *link;
		m = rb_entry(parent, struct tipc_member, tree);
		link = key < tipc_member_key(m->node, m->port) ?
			&parent->rb_left : &parent->rb_right;
	}
	m = kmalloc(sizeof(*m), GFP_ATOMIC);
	if (unlikely(!m))
		return NULL;
	*m = (struct tipc_member){ .instance = instance, .node = node,
				   .port = port, .state = state };
	INIT_LIST_HEAD(&m->rcv);
	__skb_queue_head_init(&m->deferred);
	rb_link_node(&m->tree, parent, link);
	rb_insert_color(&m->tree, &grp->members);
	grp->member_cnt++;
	return m;
}

/* May we send to @m? */
static bool tipc_member_receives(const struct tipc_member *m)
{
	return m && m->state != MBR_JOINING && m->state != MBR_LEAVING &&
	       m->state != MBR_PUBLISHED;
}

/* May @m send to us? */
static bool tipc_member_sends(const struct tipc_member *m)
{
	return m && m->state != MBR_JOINING && m->state != MBR_PUBLISHED;
}

static bool tipc_member_holds_active(const struct tipc_member *m)
{
	return m->state == MBR_ACTIVE || m->state == MBR_RECLAIMING ||
	       m->state == MBR_REMITTED;
}

static void tipc_group_set_open(struct tipc_group *grp, bool *wakeup)
{
	WRITE_ONCE(*grp->open, true);
	*wakeup = true;
}

/* Take @m out of the receive-side bookkeeping. */
static void tipc_member_stop(struct tipc_group *grp, struct tipc_member *m)
{
	if (tipc_member_holds_active(m))
		grp->active_cnt--;
	list_del_init(&m->rcv);
	m->state = MBR_LEAVING;
}

static void tipc_member_free(struct tipc_group *grp, struct tipc_member *m)
{
	rb_erase(&m->tree, &grp->members);
	grp->member_cnt--;
	list_del(&m->rcv);
	if (m->bc_pending && grp->bc_ackers && !--grp->bc_ackers)
		WRITE_ONCE(*grp->open, true);
	__skb_queue_purge(&m->deferred);
	kfree(m);
}

/* The window we owe @m in its state, beyond what it has already. */
static u16 tipc_member_adv(const struct tipc_member *m)
{
	switch (m->state) {
	case MBR_ACTIVE:
		return TIPC_ADV_ACTIVE - m->advertised;
	case MBR_JOINED:
	case MBR_PENDING:
		return TIPC_ADV_IDLE - m->advertised;
	default:
		return 0;
	}
}

/* Queue a GROUP_PROTOCOL message of @mtyp to @m on @xmitq. */
static void tipc_group_xmit(struct tipc_group *grp, struct tipc_member *m,
			    int mtyp, struct sk_buff_head *xmitq)
{
	u32 own = tipc_own_addr(grp->net);
	struct tipc_msg *hdr;
	struct sk_buff *skb;
	u16 adv;

	skb = tipc_msg_new(GROUP_PROTOCOL, mtyp, INT_H_SIZE, own, m->node);
	if (!skb)
		return;
	hdr = buf_msg(skb);
	msg_set_origport(hdr, grp->port);
	msg_set_destport(hdr, m->port);
	msg_set_dest_droppable(hdr, 1);
	switch (mtyp) {
	case GRP_JOIN_MSG:
		msg_set_grp_bc_syncpt(hdr, grp->bc_snd_nxt);
		fallthrough;
	case GRP_ADV_MSG:
		adv = tipc_member_adv(m);
		msg_set_adv_win(hdr, adv);
		m->advertised += adv;
		break;
	case GRP_LEAVE_MSG:
		msg_set_grp_bc_syncpt(hdr, grp->bc_snd_nxt);
		break;
	case GRP_ACK_MSG:
		msg_set_grp_bc_acked(hdr, m->bc_rcv_nxt);
		break;
	case GRP_REMIT_MSG:
		msg_set_grp_remitted(hdr, m->window);
		break;
	}
	__skb_queue_tail(xmitq, skb);
}

/*
 * Receive memory for the windows we may have advertised at once: active
 * ones for max_active members, idle ones for the rest; four times the
 * blocks, since a small message costs more than its size.
 */
static void tipc_group_size(struct tipc_group *grp)
{
	u32 n = grp->member_cnt + 1;

	grp->max_active = clamp_t(u32, n / 8, 16, 64);
}

unsigned int tipc_group_rcvbuf(const struct tipc_group *grp)
{
	u32 n = grp->member_cnt + 1, max_active = grp->max_active;
	u32 idle = n > max_active ? n - max_active : 0;

	return (max_active * TIPC_ADV_ACTIVE + idle * TIPC_ADV_IDLE) *
		1024 * 4;
}

/*
 * A new group of socket @port, watching bindings of its type; the
 * members already bound are added with tipc_group_add() and greeted by
 * tipc_group_start().
 */
struct tipc_group *tipc_group_create(struct net *net, u32 port,
				     const struct tipc_group_req *req,
				     bool *open)
{
	u32 filter = TIPC_SUB_PORTS | TIPC_SUB_NO_STATUS;
	struct tipc_group *grp;

	grp = kzalloc(sizeof(*grp), GFP_KERNEL);
	if (!grp)
		return ERR_PTR(-ENOMEM);
	grp->members = RB_ROOT;
	INIT_LIST_HEAD(&grp->active);
	INIT_LIST_HEAD(&grp->pending);
	grp->net = net;
	grp->port = port;
	grp->type = req->type;
	grp->instance = req->instance;
	grp->scope = req->scope;
	grp->loopback = req->flags & TIPC_GROUP_LOOPBACK;
	grp->events = req->flags & TIPC_GROUP_MEMBER_EVTS;
	grp->ack_next_bc = true;
	grp->open = open;
	WRITE_ONCE(*open, false);
	tipc_group_size(grp);
	filter |= req->scope == TIPC_NODE_SCOPE ? TIPC_SUB_NODE_SCOPE :
						  TIPC_SUB_CLUSTER_SCOPE;
	grp->sub = tipc_sub_kern_create(net, port, req->type, filter);
	if (IS_ERR(grp->sub)) {
		long err = PTR_ERR(grp->sub);

		kfree(grp);
		return ERR_PTR(err);
	}
	return grp;
}

/* A member bound before we joined: we will send it JOIN. */
void tipc_group_add(struct tipc_group *grp, u32 node, u32 port, u32 instance)
{
	if (!tipc_member_find(grp, node, port))
		tipc_member_new(grp, node, port, instance, MBR_PUBLISHED);
	tipc_group_size(grp);
}

/* We are bound: say JOIN to every member we know of. */
void tipc_group_start(struct tipc_group *grp, struct sk_buff_head *xmitq)
{
	struct tipc_member *m;
	struct rb_node *n;

	for (n = rb_first(&grp->members); n; n = rb_next(n)) {
		m = rb_entry(n, struct tipc_member, tree);
		tipc_group_xmit(grp, m, GRP_JOIN_MSG, xmitq);
	}
	WRITE_ONCE(*grp->open, true);
}

/* Say LEAVE to everyone and forget the group; no more events come. */
void tipc_group_delete(struct tipc_group *grp, struct sk_buff_head *xmitq)
{
	struct tipc_member *m, *tmp;

	tipc_sub_delete(grp->sub);
	rbtree_postorder_for_each_entry_safe(m, tmp, &grp->members, tree) {
		tipc_group_xmit(grp, m, GRP_LEAVE_MSG, xmitq);
		__skb_queue_purge(&m->deferred);
		kfree(m);
	}
	kfree(grp);
}

u32 tipc_group_type(const struct tipc_group *grp)
{
	return grp->type;
}

u32 tipc_group_instance(const struct tipc_group *grp)
{
	return grp->instance;
}

u32 tipc_group_scope(const struct tipc_group *grp)
{
	return grp->scope;
}

/* The port our own lookups skip: ours, unless we hear ourselves. */
u32 tipc_group_exclude(const struct tipc_group *grp)
{
	return grp->loopback ? 0 : grp->port;
}

/*
 * Queue a member event for the reader, ordered among @m's messages by
 * @seqno. It looks like a message from @m, so that the reader learns
 * who came or went from the source address.
 */
static void tipc_group_event(struct tipc_group *grp, struct tipc_member *m,
			     u32 event, u16 seqno, struct sk_buff_head *inputq)
{
	u32 own = tipc_own_addr(grp->net);
	struct tipc_event evt = {
		.event = event,
		.found_lower = m->instance,
		.found_upper = m->instance,
		.port = { .ref = m->port, .node = m->node },
		.s.seq = { grp->type, m->instance, m->instance },
	};
	struct tipc_msg *hdr;
	struct sk_buff *skb;

	skb = tipc_msg_new(TIPC_CRITICAL_IMPORTANCE, TIPC_GRP_MEMBER_EVT,
			   GROUP_H_SIZE, own, own);
	if (!skb)
		return;
	hdr = buf_msg(skb);
	skb_put_data(skb, &evt, sizeof(evt));
	msg_set_size(hdr, GROUP_H_SIZE + sizeof(evt));
	msg_set_orignode(hdr, m->node);
	msg_set_origport(hdr, m->port);
	msg_set_destport(hdr, grp->port);
	msg_set_nametype(hdr, grp->type);
	msg_set_grp_evt(hdr, event);
	msg_set_grp_bc_seqno(hdr, seqno);
	msg_set_dest_droppable(hdr, 1);
	__skb_queue_tail(inputq, skb);
}

/* Both our JOIN and its binding are known: @m is in service. */
static void tipc_member_joined(struct tipc_group *grp, struct tipc_member *m,
			       int mtyp, struct sk_buff_head *inputq,
			       struct sk_buff_head *xmitq, bool *wakeup)
{
	m->state = MBR_JOINED;
	tipc_group_xmit(grp, m, mtyp, xmitq);
	tipc_group_event(grp, m, TIPC_PUBLISHED, m->bc_syncpt, inputq);
	tipc_group_set_open(grp, wakeup);
}

static void tipc_group_join_rcv(struct tipc_group *grp, struct tipc_member *m,
				struct tipc_msg *hdr,
				struct sk_buff_head *inputq,
				struct sk_buff_head *xmitq, bool *wakeup)
{
	u16 syncpt = msg_grp_bc_syncpt(hdr);

	/* a JOIN may come before the binding it belongs to is seen */
	m = m ?: tipc_member_new(grp, msg_orignode(hdr), msg_origport(hdr), 0,
				 MBR_JOINING);
	if (unlikely(!m))
		return;
	m->window += msg_adv_win(hdr);
	m->bc_rcv_nxt = syncpt;
	m->bc_syncpt = syncpt;
	if (m->state == MBR_PUBLISHED)
		tipc_member_joined(grp, m, GRP_ADV_MSG, inputq, xmitq, wakeup);
}

static void tipc_group_leave_rcv(struct tipc_group *grp, struct tipc_member *m,
				 struct tipc_msg *hdr,
				 struct sk_buff_head *inputq, bool *wakeup)
{
	if (!m)
		return;
	m->bc_syncpt = msg_grp_bc_syncpt(hdr);
	tipc_member_stop(grp, m);
	tipc_group_event(grp, m, TIPC_WITHDRAWN, m->bc_syncpt, inputq);
	tipc_group_set_open(grp, wakeup);
}

static void tipc_group_ack_rcv(struct tipc_group *grp, struct tipc_member *m,
			       struct tipc_msg *hdr, bool *wakeup)
{
	if (!m || !grp->bc_ackers || !m->bc_pending ||
	    msg_grp_bc_acked(hdr) != grp->bc_snd_nxt)
		return;
	m->bc_pending = false;
	if (!--grp->bc_ackers)
		tipc_group_set_open(grp, wakeup);
}

/*
 * Put @m in @state and on @list (none if NULL), and send it @mtyp unless
 * that is negative.
 */
static void tipc_member_move(struct tipc_group *grp, struct tipc_member *m,
			     enum tipc_member_state state,
			     struct list_head *list, int mtyp,
			     struct sk_buff_head *xmitq)
{
	m->state = state;
	if (list)
		list_move_tail(&m->rcv, list);
	else
		list_del_init(&m->rcv);
	if (mtyp >= 0)
		tipc_group_xmit(grp, m, mtyp, xmitq);
}

/* Give the oldest pending member the active window it waits for. */
static void tipc_group_promote(struct tipc_group *grp,
			       struct sk_buff_head *xmitq, bool always)
{
	struct tipc_member *pm;

	pm = list_first_entry_or_null(&grp->pending, struct tipc_member, rcv);
	if (!pm)
		return;
	grp->active_cnt++;
	tipc_member_move(grp, pm, MBR_ACTIVE, &grp->active,
			 always || pm->advertised <= TIPC_ADV_ACTIVE * 3 / 4 ?
			 GRP_ADV_MSG : -1, xmitq);
}

/* @m answers our RECLAIM: it had @remitted blocks of window left. */
static void tipc_group_remit_rcv(struct tipc_group *grp, struct tipc_member *m,
				 u16 remitted, struct sk_buff_head *xmitq)
{
	if (!m || m->state != MBR_RECLAIMING)
		return;
	if (m->advertised > remitted) {
		/* some of what it sent is still to be read */
		m->state = MBR_REMITTED;
		m->advertised = TIPC_ADV_IDLE + (m->advertised - remitted);
		return;
	}
	m->state = MBR_JOINED;
	grp->active_cnt--;
	m->advertised = TIPC_ADV_IDLE;
	tipc_group_promote(grp, xmitq, false);
}

static void tipc_group_proto_rcv(struct tipc_group *grp, struct tipc_msg *hdr,
				 struct sk_buff_head *inputq,
				 struct sk_buff_head *xmitq, bool *wakeup)
{
	u32 node = msg_orignode(hdr), port = msg_origport(hdr);
	struct tipc_member *m;

	if (grp->scope == TIPC_NODE_SCOPE && !tipc_addr_is_local(grp->net, node))
		return;
	m = tipc_member_find(grp, node, port);
	switch (msg_type(hdr)) {
	case GRP_JOIN_MSG:
		tipc_group_join_rcv(grp, m, hdr, inputq, xmitq, wakeup);
		break;
	case GRP_LEAVE_MSG:
		tipc_group_leave_rcv(grp, m, hdr, inputq, wakeup);
		break;
	case GRP_ADV_MSG:
		if (!m)
			break;
		m->window += msg_adv_win(hdr);
		tipc_group_set_open(grp, wakeup);
		break;
	case GRP_ACK_MSG:
		tipc_group_ack_rcv(grp, m, hdr, wakeup);
		break;
	case GRP_RECLAIM_MSG:
		if (!m)
			break;
		tipc_group_xmit(grp, m, GRP_REMIT_MSG, xmitq);
		m->window = TIPC_ADV_IDLE;
		tipc_group_set_open(grp, wakeup);
		break;
	case GRP_REMIT_MSG:
		tipc_group_remit_rcv(grp, m, msg_grp_remitted(hdr), xmitq);
		break;
	}
}

/*
 * Can @node still say LEAVE? Then a withdrawal waits for it: LEAVE tells
 * which broadcast was the member's last, which may still be on its way
 * (by the broadcast link, say). A node that is down cannot.
 */
static bool tipc_group_node_reachable(struct tipc_group *grp, u32 node)
{
	return tipc_addr_is_local(grp->net, node) ||
	       tipc_node_is_up(grp->net, node);
}

/* A binding of the group's type came or went (topology event). */
static void tipc_group_evt_rcv(struct tipc_group *grp,
			       const struct tipc_event *evt,
			       struct sk_buff_head *inputq,
			       struct sk_buff_head *xmitq, bool *wakeup)
{
	u32 node = evt->port.node, port = evt->port.ref;
	struct tipc_member *m;

	if (!grp->loopback && port == grp->port &&
	    tipc_addr_is_local(grp->net, node))
		return;
	m = tipc_member_find(grp, node, port);
	if (evt->event == TIPC_PUBLISHED) {
		if (!m) {
			m = tipc_member_new(grp, node, port, evt->found_lower,
					    MBR_PUBLISHED);
			if (m)
				tipc_group_xmit(grp, m, GRP_JOIN_MSG, xmitq);
		} else if (m->state == MBR_JOINING) {
			m->instance = evt->found_lower;
			tipc_member_joined(grp, m, GRP_JOIN_MSG, inputq, xmitq,
					   wakeup);
		}
	} else if (evt->event == TIPC_WITHDRAWN && m) {
		tipc_member_stop(grp, m);
		tipc_group_set_open(grp, wakeup);
		if (!tipc_group_node_reachable(grp, node))
			tipc_group_event(grp, m, TIPC_WITHDRAWN,
					 m->bc_rcv_nxt, inputq);
	}
	tipc_group_size(grp);
}

/*
 * A GROUP_PROTOCOL message or a topology event arrived; consumes @skb.
 * Member events for the reader go to @inputq, to be filtered like data.
 */
void tipc_group_ctl_rcv(struct tipc_group *grp, struct sk_buff *skb,
			struct sk_buff_head *inputq,
			struct sk_buff_head *xmitq, bool *wakeup)
{
	struct tipc_msg *hdr = buf_msg(skb);

	if (msg_user(hdr) == GROUP_PROTOCOL)
		tipc_group_proto_rcv(grp, hdr, inputq, xmitq, wakeup);
	else if (msg_user(hdr) == TIPC_TOPSRV_EVT &&
		 msg_data_sz(hdr) >= sizeof(struct tipc_event))
		tipc_group_evt_rcv(grp, (struct tipc_event *)msg_data(hdr),
				   inputq, xmitq, wakeup);
	kfree_skb(skb);
}

static bool tipc_grp_is_bcast(const struct tipc_msg *hdr)
{
	return msg_type(hdr) == TIPC_GRP_BCAST_MSG ||
	       msg_type(hdr) == TIPC_GRP_MCAST_MSG;
}

/*
 * Put @skb in @m's deferred queue: broadcasts by number, ahead of any
 * message sent after them; everything else after what is there.
 */
static void tipc_member_defer(struct tipc_member *m, struct sk_buff *skb)
{
	u16 seqno = msg_grp_bc_seqno(buf_msg(skb));
	struct sk_buff *pos;

	if (tipc_grp_is_bcast(buf_msg(skb))) {
		skb_queue_walk(&m->deferred, pos) {
			if (tipc_seq_before(seqno,
					    msg_grp_bc_seqno(buf_msg(pos)))) {
				__skb_queue_before(&m->deferred, pos, skb);
				return;
			}
		}
	}
	__skb_queue_tail(&m->deferred, skb);
}

/*
 * Take the next deliverable message of @m off its deferred queue and
 * decide its fate. Returns false when nothing is deliverable yet or @m
 * is gone.
 */
static bool tipc_member_next(struct tipc_group *grp, struct tipc_member *m,
			     struct sk_buff_head *readq,
			     struct sk_buff_head *xmitq)
{
	struct sk_buff *skb = skb_peek(&m->deferred);
	bool deliver = true, skip = false, ack = false, gone;
	struct tipc_msg *hdr;

	if (!skb)
		return false;
	hdr = buf_msg(skb);
	if (tipc_seq_after(msg_grp_bc_seqno(hdr), m->bc_rcv_nxt))
		return false;
	__skb_unlink(skb, &m->deferred);
	if (tipc_grp_is_bcast(hdr)) {
		m->bc_rcv_nxt++;
		ack = msg_grp_bc_ack_req(hdr);
		skip = msg_type(hdr) == TIPC_GRP_MCAST_MSG &&
		       msg_nameinst(hdr) != grp->instance;
	} else if (msg_is_grp_evt(hdr)) {
		deliver = grp->events;
	}
	/* its withdrawal is the last thing it has for us */
	gone = msg_is_grp_evt(hdr) && msg_grp_evt(hdr) == TIPC_WITHDRAWN &&
	       m->state == MBR_LEAVING;
	if (ack)
		tipc_group_xmit(grp, m, GRP_ACK_MSG, xmitq);
	if (skip)
		tipc_group_consumed(grp, m->node, m->port,
				    tipc_msg_blocks(msg_size(hdr)), xmitq);
	if (deliver && !skip) {
		TIPC_SKB_CB(skb)->member = m->instance;
		__skb_queue_tail(readq, skb);
	} else {
		kfree_skb(skb);
	}
	if (gone) {
		tipc_member_free(grp, m);
		tipc_group_size(grp);
		return false;
	}
	return true;
}

/*
 * A group message (data or member event) arrived; consumes @skb. What the
 * reader may have now, in order, is appended to @readq.
 */
void tipc_group_filter(struct tipc_group *grp, struct sk_buff *skb,
		       struct sk_buff_head *readq, struct sk_buff_head *xmitq)
{
	struct tipc_msg *hdr = buf_msg(skb);
	struct tipc_member *m;

	m = tipc_member_find(grp, msg_orignode(hdr), msg_origport(hdr));
	if (!msg_in_group(hdr) || !tipc_member_sends(m) ||
	    tipc_seq_before(msg_grp_bc_seqno(hdr), m->bc_rcv_nxt)) {
		kfree_skb(skb);
		return;
	}
	tipc_member_defer(m, skb);
	while (tipc_member_next(grp, m, readq, xmitq))
		;
}

/* An idle member sent to us: make it active, reclaiming if need be. */
static void tipc_member_wakes(struct tipc_group *grp, struct tipc_member *m,
			      struct sk_buff_head *xmitq)
{
	u16 busy = grp->active_cnt;
	struct tipc_member *old;

	if (busy <= grp->max_active) {
		tipc_member_move(grp, m, MBR_ACTIVE, &grp->active, GRP_ADV_MSG,
				 xmitq);
		grp->active_cnt++;
	} else {
		tipc_member_move(grp, m, MBR_PENDING, &grp->pending, -1, xmitq);
	}
	if (busy < grp->max_active * 3 / 4)
		return;
	old = list_first_entry_or_null(&grp->active, struct tipc_member, rcv);
	if (old) {
		tipc_member_move(grp, old, MBR_RECLAIMING, NULL,
				 GRP_RECLAIM_MSG, xmitq);
		return;
	}
	/* nobody to reclaim from: the oldest pending member waits idle */
	old = list_first_entry(&grp->pending, struct tipc_member, rcv);
	tipc_member_move(grp, old, MBR_JOINED, NULL, GRP_ADV_MSG, xmitq);
}

/* The reader took @blks blocks of member @m's: its window moves */
static void tipc_member_took(struct tipc_group *grp, struct tipc_member *m,
			     u16 blks, struct sk_buff_head *xmitq)
{
	m->advertised -= blks;
	switch (m->state) {
	case MBR_JOINED:
		tipc_member_wakes(grp, m, xmitq);
		break;
	case MBR_ACTIVE:
		list_move_tail(&m->rcv, &grp->active);
		if (m->advertised <= TIPC_ADV_ACTIVE * 3 / 4)
			tipc_group_xmit(grp, m, GRP_ADV_MSG, xmitq);
		break;
	case MBR_REMITTED:
		if (m->advertised > TIPC_ADV_IDLE)
			break;
		m->state = MBR_JOINED;
		grp->active_cnt--;
		if (m->advertised < TIPC_ADV_IDLE)
			tipc_group_xmit(grp, m, GRP_ADV_MSG, xmitq);
		tipc_group_promote(grp, xmitq, true);
		break;
	default:
		break;
	}
}

/* The reader took @blks blocks sent by (@node, @port). */
void tipc_group_consumed(struct tipc_group *grp, u32 node, u32 port,
			 u16 blks, struct sk_buff_head *xmitq)
{
	struct tipc_member *m = tipc_member_find(grp, node, port);

	if (m)
		tipc_member_took(grp, m, blks, xmitq);
}

/* The member (@node, @port) if we may send to it. */
struct tipc_member *tipc_group_dest(struct tipc_group *grp, u32 node,
				    u32 port)
{
	struct tipc_member *m = tipc_member_find(grp, node, port);

	return tipc_member_receives(m) ? m : NULL;
}

/*
 * Must a message of @blks to @m wait? Then the group is closed until an
 * advertisement comes, and if we have not given @m all the window we owe
 * it, we do now: two members blocked on each other must not wait forever.
 */
bool tipc_group_congested(struct tipc_group *grp, struct tipc_member *m,
			  u16 blks, struct sk_buff_head *xmitq)
{
	if (m->window >= blks)
		return false;
	WRITE_ONCE(*grp->open, false);
	if (tipc_member_adv(m))
		tipc_group_xmit(grp, m, GRP_ADV_MSG, xmitq);
	return true;
}

/* Must a broadcast of @blks wait, for acks or for the smallest window? */
bool tipc_group_bc_congested(struct tipc_group *grp, u16 blks,
			     struct sk_buff_head *xmitq)
{
	struct tipc_member *m, *min = NULL;
	struct rb_node *n;

	if (grp->bc_ackers) {
		WRITE_ONCE(*grp->open, false);
		return true;
	}
	for (n = rb_first(&grp->members); n; n = rb_next(n)) {
		m = rb_entry(n, struct tipc_member, tree);
		if (tipc_member_receives(m) && (!min || m->window < min->window))
			min = m;
	}
	return min && tipc_group_congested(grp, min, blks, xmitq);
}

bool tipc_group_empty(const struct tipc_group *grp)
{
	return !grp->member_cnt;
}

u16 tipc_group_bc_snd_nxt(const struct tipc_group *grp)
{
	return grp->bc_snd_nxt;
}

bool tipc_group_bc_wants_ack(const struct tipc_group *grp)
{
	return grp->ack_next_bc;
}

/* We sent @blks to @m; a broadcast after this must collect acks. */
void tipc_group_sent(struct tipc_group *grp, struct tipc_member *m, u16 blks)
{
	m->window -= blks;
	grp->ack_next_bc = true;
}

/* We broadcast @blks to every receiving member, asking for acks or not. */
void tipc_group_bc_sent(struct tipc_group *grp, u16 blks, bool ack)
{
	unsigned int ackers = 0;
	struct tipc_member *m;
	struct rb_node *n;

	for (n = rb_first(&grp->members); n; n = rb_next(n)) {
		m = rb_entry(n, struct tipc_member, tree);
		if (!tipc_member_receives(m))
			continue;
		m->window -= blks;
		m->bc_pending = ack;
		ackers++;
	}
	if (ack)
		grp->bc_ackers = ackers;
	grp->ack_next_bc = false;
	grp->bc_snd_nxt++;
}

/*
 * The nodes a broadcast goes to: those of the members that receive it,
 * each once, in *@nodes (kfree() it), except our own (@own), which sets
 * *@local instead. Returns how many, or -ENOMEM.
 */
int tipc_group_bc_nodes(struct tipc_group *grp, u32 own, u32 **nodes,
			bool *local)
{
	struct tipc_member *m;
	struct rb_node *n;
	int cnt = 0;

	*local = false;
	*nodes = kmalloc_array(max_t(u32, grp->member_cnt, 1), sizeof(u32),
			       GFP_KERNEL);
	if (!*nodes)
		return -ENOMEM;
	/* the tree is in node order: a node's members are neighbours */
	for (n = rb_first(&grp->members); n; n = rb_next(n)) {
		m = rb_entry(n, struct tipc_member, tree);
		if (!tipc_member_receives(m))
			continue;
		if (m->node == own)
			*local = true;
		else if (!cnt || (*nodes)[cnt - 1] != m->node)
			(*nodes)[cnt++] = m->node;
	}
	return cnt;
}

/* The group, as sock_diag describes a member: a TIPC_NLA_SOCK_GROUP nest */
int tipc_group_put_nl(const struct tipc_group *grp, struct sk_buff *skb)
{
	int scope_flag = grp->scope == TIPC_NODE_SCOPE ?
			 TIPC_NLA_SOCK_GROUP_NODE_SCOPE :
			 TIPC_NLA_SOCK_GROUP_CLUSTER_SCOPE;
	struct nlattr *nest;

	nest = nla_nest_start_noflag(skb, TIPC_NLA_SOCK_GROUP);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, TIPC_NLA_SOCK_GROUP_ID, grp->type) ||
	    nla_put_u32(skb, TIPC_NLA_SOCK_GROUP_INSTANCE, grp->instance) ||
	    nla_put_u32(skb, TIPC_NLA_SOCK_GROUP_BC_SEND_NEXT,
			grp->bc_snd_nxt) ||
	    nla_put_flag(skb, scope_flag) ||
	    (READ_ONCE(*grp->open) &&
	     nla_put_flag(skb, TIPC_NLA_SOCK_GROUP_OPEN))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}
