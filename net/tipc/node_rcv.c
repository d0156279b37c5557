// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: packets from bearers to links, and what the links received
 * to sockets. Outside the steady state each packet is first weighed
 * against the node state machine: a new link synching behind the old
 * one, a failover by way of the tunnel, a peer coming or leaving.
 * Locking is described in node.h.
 */
#include "addr.h"
#include "bclink.h"
#include "bearer.h"
#include "core.h"
#include "link.h"
#include "msg.h"
#include "node.h"
#include "node_priv.h"
#include "socket.h"

/* ---- delivering to sockets ---- */

/* Is there anything in the links' inputqs? */
static bool tipc_node_has_input(struct tipc_node *n)
{
	int i;

	for (i = 0; i < TIPC_MAX_BEARERS; i++)
		if (!skb_queue_empty_lockless(&n->le[i].inputq))
			return true;
	return false;
}

/*
 * Deliver what the links left for sockets (wakeups and received data),
 * in the order they left it. One CPU at a time does it for a node: one
 * that finds another at it leaves its messages to that one, which looks
 * again before it stops. Were two to deliver at once, a message could
 * overtake an earlier one to the same socket.
 */
void tipc_node_input(struct tipc_node *n)
{
	struct sk_buff_head q;
	int i;

	__skb_queue_head_init(&q);
	while (tipc_node_has_input(n)) {
		/* Our queueing before the look at the bit, as below */
		smp_mb();
		if (test_and_set_bit_lock(0, &n->input_busy))
			return;
		for (i = 0; i < TIPC_MAX_BEARERS; i++) {
			spin_lock_bh(&n->le[i].inputq.lock);
			skb_queue_splice_tail_init(&n->le[i].inputq, &q);
			spin_unlock_bh(&n->le[i].inputq.lock);
		}
		tipc_sk_rcv(n->net, &q);
		clear_bit_unlock(0, &n->input_busy);
		/* Our release before the look at the queues */
		smp_mb__after_atomic();
	}
}

/* ---- receiving ---- */

/* Does the peer see its link to us as up? Its node as up? */
static bool msg_peer_link_is_up(const struct tipc_msg *hdr)
{
	return msg_user(hdr) != LINK_PROTOCOL || msg_type(hdr) == STATE_MSG;
}

static bool msg_peer_node_is_up(const struct tipc_msg *hdr)
{
	return msg_peer_link_is_up(hdr) || msg_redundant_link(hdr);
}

/* The node's other link than the one on @bearer_id, or -1 */
static int tipc_node_other(struct tipc_node *n, int bearer_id)
{
	int i;

	for (i = 0; i < TIPC_MAX_BEARERS; i++)
		if (i != bearer_id && n->le[i].link)
			return i;
	return TIPC_NO_BEARER;
}

/*
 * A FAILOVER_MSG arrived on @tid: the peer lost its end of the other
 * link, @pid. Fail ours too if not done yet (which tunnels what we had
 * in flight on it), or at least let the peer know we follow. The
 * failover ends with the last tunnel packet the peer announced.
 */
static void tipc_node_failover_rcv(struct tipc_node *n, int tid, int pid,
				   const struct tipc_msg *hdr,
				   struct sk_buff_head *xmitq)
{
	struct tipc_link *tnl = n->le[tid].link;
	struct tipc_link *pl = pid < 0 ? NULL : n->le[pid].link;
	u16 syncpt = msg_seqno(hdr) + msg_msgcnt(hdr) - 1;

	if (pl && !tipc_link_is_reset(pl)) {
		tipc_node_link_down(n, pid, &n->le[pid].outq);
		/* What @pl delivered goes to sockets before the tunnel's */
		spin_lock(&n->le[pid].inputq.lock);
		spin_lock_nested(&n->le[tid].inputq.lock, SINGLE_DEPTH_NESTING);
		skb_queue_splice_init(&n->le[pid].inputq, &n->le[tid].inputq);
		spin_unlock(&n->le[tid].inputq.lock);
		spin_unlock(&n->le[pid].inputq.lock);
	}
	if (n->state != NODE_FAILINGOVER && tipc_link_is_up(tnl) &&
	    (!pl || tipc_link_is_reset(pl))) {
		tipc_node_tunnel_open(n, tnl);
		tipc_link_tnl_failover_start(tnl, xmitq);
		if (pl)
			tipc_link_fsm_evt(pl, LINK_FAILOVER_BEGIN_EVT);
		tipc_node_fsm_evt(n, NODE_FAILOVER_BEGIN_EVT);
	}
	if (tipc_seq_before(syncpt, n->sync_point))
		n->sync_point = syncpt;
}

/*
 * A SYNCH_MSG, first packet of the new link @nid: hold that link's
 * traffic back until the old one has delivered up to the sync point.
 */
static void tipc_node_synch_rcv(struct tipc_node *n, int nid,
				const struct tipc_msg *hdr,
				struct sk_buff_head *xmitq)
{
	struct tipc_link *nl = n->le[nid].link;

	/* Older peers tunnel packets instead: not followed, see node.h */
	if (!(n->caps & TIPC_CAP_TUNNEL_ENHANCED))
		return;
	if (!tipc_link_is_up(nl))
		tipc_node_link_up(n, nid, xmitq);
	if (n->state != SELF_UP_PEER_UP)
		return;
	n->sync_point = msg_syncpt(hdr);
	tipc_link_fsm_evt(nl, LINK_SYNCH_BEGIN_EVT);
	tipc_node_fsm_evt(n, NODE_SYNCH_BEGIN_EVT);
}

/*
 * While synching: a packet on link @id (the other is @pid) passes if it
 * is on the old link, or is protocol. The new link opens once the old
 * one has delivered beyond the sync point, counting what still waits
 * in its input queue as not delivered.
 */
static bool tipc_node_synch_check(struct tipc_node *n, int id, int pid,
				  const struct tipc_msg *hdr)
{
	int old = tipc_link_is_synching(n->le[id].link) ? pid : id;
	struct tipc_link *ol = n->le[old].link;
	u16 dlv_nxt;

	dlv_nxt = tipc_link_rcv_nxt(ol) -
		  skb_queue_len_lockless(&n->le[old].inputq);
	if (tipc_seq_after(dlv_nxt, n->sync_point)) {
		tipc_link_fsm_evt(n->le[old == id ? pid : id].link,
				  LINK_SYNCH_END_EVT);
		tipc_node_fsm_evt(n, NODE_SYNCH_END_EVT);
		return true;
	}
	if (old == id || msg_user(hdr) == LINK_PROTOCOL)
		return true;
	return msg_user(hdr) == TUNNEL_PROTOCOL && msg_type(hdr) == SYNCH_MSG;
}

/*
 * Outside the steady state, see whether @skb, arrived on @id, moves the
 * node's state and whether the link may take it. Node lock held.
 */
static bool tipc_node_check_state(struct tipc_node *n, int id,
				  const struct tipc_msg *hdr,
				  struct sk_buff_head *xmitq)
{
	struct tipc_link *l = n->le[id].link;
	int usr = msg_user(hdr), pid;
	struct tipc_link *pl;

	if (!tipc_link_validate_msg(l, hdr))
		return false;
	switch (n->state) {
	case SELF_UP_PEER_COMING:
		/* The peer is up once it shows its link to us is */
		if (!tipc_link_is_up(l) || !msg_peer_link_is_up(hdr))
			return true;
		tipc_node_fsm_evt(n, PEER_ESTABL_CONTACT_EVT);
		break;
	case SELF_DOWN_PEER_LEAVING:
		/* Nothing until the peer shows it has seen us go */
		if (msg_peer_node_is_up(hdr))
			return false;
		tipc_node_fsm_evt(n, PEER_LOST_CONTACT_EVT);
		return true;
	case SELF_LEAVING_PEER_DOWN:
		return false;
	}
	/* A duplicate: the link drops it */
	if (usr != LINK_PROTOCOL &&
	    tipc_seq_before(msg_seqno(hdr), tipc_link_rcv_nxt(l)))
		return true;
	pid = tipc_node_other(n, id);
	if (usr == TUNNEL_PROTOCOL && msg_type(hdr) == FAILOVER_MSG)
		tipc_node_failover_rcv(n, id, pid, hdr, xmitq);
	pl = pid < 0 ? NULL : n->le[pid].link;
	if (n->state == NODE_FAILINGOVER && tipc_link_is_up(l)) {
		/* The tunnel has brought everything: the other may restart */
		if (!tipc_seq_after(tipc_link_rcv_nxt(l), n->sync_point))
			return true;
		tipc_node_fsm_evt(n, NODE_FAILOVER_END_EVT);
		if (pl)
			tipc_link_fsm_evt(pl, LINK_FAILOVER_END_EVT);
		return true;
	}
	if (!pl || !tipc_link_is_up(pl))
		return true;
	if (usr == TUNNEL_PROTOCOL && msg_type(hdr) == SYNCH_MSG &&
	    msg_seqno(hdr) == 1)
		tipc_node_synch_rcv(n, id, hdr, xmitq);
	if (n->state == NODE_SYNCHING)
		return tipc_node_synch_check(n, id, pid, hdr);
	return true;
}

/*
 * Peers that cannot announce where their broadcasts start send it in
 * every RESET and ACTIVATE instead.
 */
static void tipc_node_bc_compat(struct tipc_node *n, const struct tipc_msg *hdr)
{
	if (n->bcp.up || (n->caps & TIPC_CAP_BCAST_SYNCH))
		return;
	if (msg_type(hdr) != STATE_MSG && !msg_peer_node_is_up(hdr))
		n->bcp.rcv_nxt = msg_last_bcast(hdr) + 1;
}

/*
 * What a packet from the peer, arrived on link @l, says of our
 * broadcasts: how far it has received them (bcast_ack, in every
 * packet), and in a STATE message how many it misses after that
 * (bc_gap). Heeded once the peer has acknowledged the first packet of
 * a link: the one that told it where our broadcasts start. A peer that
 * misses our oldest broadcast for ten link tolerances, however often we
 * send it again, loses its links, as in stock. Node lock held.
 */
static void tipc_node_bc_acked(struct tipc_node *n, struct tipc_link *l,
			       const struct tipc_msg *hdr)
{
	int usr = msg_user(hdr), i;
	bool state = usr == LINK_PROTOCOL && msg_type(hdr) == STATE_MSG;

	if (!n->bc_acker)
		return;
	if (!n->bc_synced && (!state || !msg_ack(hdr)))
		return;
	n->bc_synced = true;
	if ((usr == LINK_PROTOCOL || usr == NAME_DISTRIBUTOR ||
	     usr == BCAST_PROTOCOL) && msg_bc_ack_invalid(hdr))
		return;
	tipc_bclink_ack(n->net, &n->bc_acked, msg_bcast_ack(hdr));
	if (!state || !msg_bc_gap(hdr) ||
	    !tipc_bclink_nack(n->net, n->bc_acked, msg_bc_gap(hdr),
			      tipc_link_tolerance(l) * 10))
		return;
	pr_warn("node %x keeps missing broadcast %u: resetting its links\n",
		n->addr, (u16)(n->bc_acked + 1));
	for (i = 0; i < TIPC_MAX_BEARERS; i++)
		tipc_node_link_down(n, i, &n->le[i].outq);
}

/* Is @skb a packet this node's link layer should see at all? */
static struct tipc_node *tipc_node_of(struct tipc_bearer *b,
				      struct sk_buff *skb)
{
	struct tipc_msg *hdr = buf_msg(skb);

	if (msg_hdr_sz(hdr) != SHORT_H_SIZE &&
	    msg_destnode(hdr) != tipc_own_addr(b->net))
		return NULL;
	if (msg_user(hdr) == LINK_PROTOCOL && skb_linearize(skb))
		return NULL;
	return tipc_node_find(b->net, msg_prevnode(hdr));
}

/*
 * A packet of the broadcast link of the node that sent it, heard on @b;
 * softirq, consumes @skb. Taken while our link to that node on @b is
 * up; what it completes goes to our sockets, and acks and gap reports
 * ride on that link. BCAST_PROTOCOL NACKs concern the sender's
 * broadcasts to others, never ours: we send none.
 */
static void tipc_node_bc_rcv(struct tipc_bearer *b, struct sk_buff *skb)
{
	struct sk_buff_head xmitq, inputq;
	struct tipc_media_addr dst;
	struct tipc_msg *hdr = buf_msg(skb);
	struct tipc_node *n;
	struct tipc_link *l;
	u32 actions;
	int rc;

	if (msg_user(hdr) == BCAST_PROTOCOL ||
	    msg_mc_netid(hdr) != tipc_net(b->net)->cluster_id)
		goto drop;
	n = tipc_node_find(b->net, msg_prevnode(hdr));
	if (!n)
		goto drop;
	__skb_queue_head_init(&xmitq);
	__skb_queue_head_init(&inputq);
	spin_lock_bh(&n->lock);
	l = n->le[b->id].link;
	if (l && tipc_link_is_up(l)) {
		rc = tipc_bc_peer_rcv(&n->bcp, skb, tipc_own_addr(b->net),
				      &inputq);
		skb = NULL;
		/* In order behind what came before: tipc_node_input() */
		spin_lock(&n->le[b->id].inputq.lock);
		skb_queue_splice_tail_init(&inputq, &n->le[b->id].inputq);
		spin_unlock(&n->le[b->id].inputq.lock);
		if (rc & TIPC_BC_SND_STATE)
			tipc_link_build_state_msg(l, &xmitq);
		if (rc & TIPC_BC_FAILED)
			tipc_node_link_down(n, b->id, &xmitq);
	}
	actions = tipc_node_unlock(n, b->id, &dst);
	tipc_node_xmit_queue(b->net, b->id, &xmitq, &dst);
	tipc_node_after(n, actions);
	tipc_node_put(n);
drop:
	kfree_skb(skb);
}

/* A validated, sequenced packet from bearer @b; softirq, consumes @skb */
void tipc_node_rcv(struct tipc_bearer *b, struct sk_buff *skb)
{
	struct sk_buff_head xmitq;
	struct tipc_media_addr dst;
	struct tipc_msg *hdr;
	struct tipc_node *n;
	struct tipc_link *l;
	int rc = 0;
	u32 actions;

	if (msg_non_seq(buf_msg(skb))) {
		tipc_node_bc_rcv(b, skb);
		return;
	}
	n = tipc_node_of(b, skb);
	if (!n) {
		kfree_skb(skb);
		return;
	}
	hdr = buf_msg(skb);
	__skb_queue_head_init(&xmitq);
	spin_lock_bh(&n->lock);
	if (msg_user(hdr) == LINK_PROTOCOL)
		tipc_node_bc_compat(n, hdr);
	l = n->le[b->id].link;
	if (l && ((n->state == SELF_UP_PEER_UP &&
		   msg_user(hdr) != TUNNEL_PROTOCOL) ||
		  tipc_node_check_state(n, b->id, hdr, &xmitq))) {
		if (tipc_link_is_up(l))
			tipc_node_bc_acked(n, l, hdr);
		rc = tipc_link_rcv(l, skb, &xmitq);
		skb = NULL;
	}
	if (rc & TIPC_LINK_UP_EVT)
		tipc_node_link_up(n, b->id, &xmitq);
	if (rc & TIPC_LINK_DOWN_EVT)
		tipc_node_link_down(n, b->id, &xmitq);
	actions = tipc_node_unlock(n, b->id, &dst);
	kfree_skb(skb);
	tipc_node_xmit_queue(b->net, b->id, &xmitq, &dst);
	tipc_node_after(n, actions);
	tipc_node_put(n);
}
