// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: the link protocol. RESET and ACTIVATE set a link up, STATE
 * messages carry acks, gap reports, probes and property changes. Built
 * here, and taken here when they arrive. Locking: see link.h.
 */
#include <linux/string.h>

#include "bclink.h"
#include "bearer.h"
#include "core.h"
#include "link_priv.h"
#include "node.h"

/* Gap ACK blocks describing @dq, appended at @blk; returns the count */
static u8 tipc_link_gap_blocks(const struct sk_buff_head *dq,
			       struct tipc_gap_block *blk)
{
	struct sk_buff *skb;
	u16 expect, seq = 0;
	u8 n = 0;

	skb = skb_peek(dq);
	if (!skb)
		return 0;
	expect = buf_seqno(skb);
	skb_queue_walk(dq, skb) {
		seq = buf_seqno(skb);
		if (seq != expect) {
			blk[n].ack = htons(expect - 1);
			blk[n].gap = htons(seq - expect);
			if (++n == TIPC_GAP_BLOCKS_MAX)
				return n;
		}
		expect = seq + 1;
	}
	blk[n].ack = htons(seq);
	blk[n].gap = 0;
	return n + 1;
}

/* The gap record of a STATE message; unicast blocks only with a NACK */
static u32 tipc_link_gap_record(struct tipc_link *l, struct tipc_msg *hdr)
{
	struct tipc_gap_record *r = (void *)msg_data(hdr);

	r->bc_cnt = 0;
	r->uc_cnt = msg_seq_gap(hdr) ?
		    tipc_link_gap_blocks(&l->deferdq, r->blk) : 0;
	r->len = htons(4 + 4 * r->uc_cnt);
	return 4 + 4 * r->uc_cnt;
}

/* The fields every link protocol message carries */
static void tipc_link_proto_common(struct tipc_link *l, struct tipc_msg *hdr)
{
	bool bc_up = l->bcp->up;

	if (bc_up)
		l->bcp->acked = l->bcp->rcv_nxt - 1;
	msg_set_session(hdr, l->session);
	msg_set_bearer_id(hdr, l->bearer_id);
	msg_set_plane_no(hdr, l->plane - 'A');
	msg_set_next_sent(hdr, l->snd_nxt);
	msg_set_ack(hdr, l->rcv_nxt - 1);
	msg_set_bcast_ack(hdr, l->bcp->rcv_nxt - 1);
	msg_set_bc_ack_invalid(hdr, !bc_up);
	msg_set_last_bcast(hdr, tipc_bclink_last_sent(l->net));
	msg_set_redundant_link(hdr, bc_up);
	/* Outside any window: protocol messages are not sequenced */
	msg_set_seqno(hdr, l->snd_nxt + U16_MAX / 2);
}

/* Build one protocol message of type @mtyp onto @xmitq */
void tipc_link_proto_msg(struct tipc_link *l, int mtyp, bool probe,
			 bool reply, u16 rcvgap, u32 tol, u32 prio,
			 struct sk_buff_head *xmitq)
{
	struct tipc_msg *hdr;
	struct sk_buff *skb;
	u32 dlen;

	if (tipc_link_is_blocked(l))
		return;
	if (mtyp == STATE_MSG && !tipc_link_is_up(l))
		return;
	if ((probe || reply) && !skb_queue_empty(&l->deferdq))
		rcvgap = buf_seqno(skb_peek(&l->deferdq)) - l->rcv_nxt;
	skb = tipc_msg_new(LINK_PROTOCOL, mtyp, INT_H_SIZE +
			   TIPC_GAP_RECORD_MAX + TIPC_MON_RECORD_MAX,
			   l->self, l->addr);
	if (!skb)
		return;
	hdr = buf_msg(skb);
	msg_set_hdr_sz(hdr, INT_H_SIZE);
	tipc_link_proto_common(l, hdr);
	msg_set_link_tolerance(hdr, tol);
	msg_set_linkprio(hdr, prio);
	if (mtyp == STATE_MSG) {
		if (l->peer_caps & TIPC_CAP_PROTO_SEQNO)
			msg_set_seqno(hdr, l->snd_nxt_state++);
		msg_set_seq_gap(hdr, rcvgap);
		msg_set_bc_gap(hdr, tipc_bc_peer_gap(l->bcp));
		msg_set_probe(hdr, probe);
		msg_set_keepalive(hdr, probe || reply);
		dlen = 0;
		if (l->peer_caps & TIPC_CAP_GAP_ACK_BLOCK)
			dlen = tipc_link_gap_record(l, hdr);
		dlen += tipc_mon_record(l->mon, &l->mon_state,
					msg_data(hdr) + dlen);
		l->stats.tx_states++;
		l->rcv_unacked = 0;
	} else {
		if (mtyp == ACTIVATE_MSG) {
			msg_set_dest_session_ok(hdr, 1);
			msg_set_dest_session(hdr, l->peer_session);
		}
		msg_set_max_pkt_words(hdr, l->advertised_mtu / 4);
		memcpy(msg_data(hdr), l->if_name, TIPC_IF_NAME_LEN);
		dlen = TIPC_IF_NAME_LEN;
	}
	msg_set_size(hdr, INT_H_SIZE + dlen);
	skb_trim(skb, INT_H_SIZE + dlen);
	l->stats.tx_probes += probe;
	l->stats.tx_nacks += !!rcvgap;
	skb->priority = TC_PRIO_CONTROL;
	__skb_queue_tail(xmitq, skb);
}

/* RESET, or ACTIVATE once the peer's reset has been heard */
void tipc_link_build_reset_msg(struct tipc_link *l, struct sk_buff_head *xmitq)
{
	int mtyp = l->state == LINK_ESTABLISHING ? ACTIVATE_MSG : RESET_MSG;
	struct sk_buff *skb;

	tipc_link_proto_msg(l, mtyp, false, false, 0, 0, 0, xmitq);
	skb = skb_peek_tail(xmitq);
	/* Going down ourselves: the peer should start over too */
	if (skb && l->state == LINK_RESET)
		msg_set_peer_stopping(buf_msg(skb), 1);
}

void tipc_link_build_state_msg(struct tipc_link *l, struct sk_buff_head *xmitq)
{
	l->stats.tx_acks++;
	tipc_link_proto_msg(l, STATE_MSG, false, false, 0, 0, 0, xmitq);
}

/*
 * Tell a peer we just reached that our broadcasts start after @last: a
 * BCAST_PROTOCOL message sent in sequence on the new link.
 */
void tipc_link_build_bc_init_msg(struct tipc_link *l, u16 last,
				 struct sk_buff_head *xmitq)
{
	struct sk_buff_head list;
	struct tipc_msg *hdr;
	struct sk_buff *skb;

	skb = tipc_msg_new(BCAST_PROTOCOL, STATE_MSG, INT_H_SIZE, l->self,
			   l->addr);
	if (!skb)
		return;
	hdr = buf_msg(skb);
	msg_set_last_bcast(hdr, last);
	msg_set_bcast_ack(hdr, l->bcp->rcv_nxt - 1);
	msg_set_bcgap_after(hdr, l->bcp->rcv_nxt - 1);
	msg_set_bcgap_to(hdr, l->bcp->rcv_nxt - 1);
	msg_set_bc_ack_invalid(hdr, 1);
	tipc_skb_list_one(&list, skb);
	tipc_link_xmit(l, &list, xmitq);
}

void tipc_link_set_tolerance(struct tipc_link *l, u32 ms,
			     struct sk_buff_head *xmitq)
{
	l->tolerance = ms;
	if (tipc_link_is_up(l))
		tipc_link_proto_msg(l, STATE_MSG, false, false, 0, ms, 0,
				    xmitq);
}

void tipc_link_set_prio(struct tipc_link *l, u32 level,
			struct sk_buff_head *xmitq)
{
	l->priority = level;
	tipc_link_proto_msg(l, STATE_MSG, false, false, 0, 0, level, xmitq);
}

/* Is this protocol message from the peer's current session? */
bool tipc_link_validate_msg(struct tipc_link *l, const struct tipc_msg *hdr)
{
	u16 session = msg_session(hdr);

	if (msg_user(hdr) != LINK_PROTOCOL)
		return true;
	switch (msg_type(hdr)) {
	case RESET_MSG:
		return !l->in_session ||
		       tipc_seq_after(session, l->peer_session);
	case ACTIVATE_MSG:
		return !l->in_session ||
		       !tipc_seq_before(session, l->peer_session);
	case STATE_MSG:
		if (!l->in_session || session != l->peer_session)
			return false;
		if (!tipc_link_is_up(l) && msg_ack(hdr))
			return false;
		return !(l->peer_caps & TIPC_CAP_PROTO_SEQNO) ||
		       !tipc_seq_before(msg_seqno(hdr), l->rcv_nxt_state);
	}
	return false;
}

static void tipc_link_adopt_tolerance(struct tipc_link *l, u32 tol)
{
	if (tol >= TIPC_TOL_MIN && tol <= TIPC_TOL_MAX)
		l->tolerance = tol;
}

/* RESET or ACTIVATE from the peer */
static int tipc_link_reset_rcv(struct tipc_link *l, struct tipc_msg *hdr)
{
	u32 prio = msg_linkprio(hdr), max_pkt = msg_max_pkt_words(hdr) * 4;
	char *peer_if = strrchr(l->name, ':') + 1;
	int rc = 0;

	if (max_pkt < TIPC_BEARER_MTU_MIN ||
	    msg_data_sz(hdr) < TIPC_IF_NAME_LEN)
		return 0;
	strscpy(peer_if, msg_data(hdr),
		min_t(size_t, TIPC_IF_NAME_LEN,
		      sizeof(l->name) - (peer_if - l->name)));
	tipc_link_adopt_tolerance(l, msg_link_tolerance(hdr));
	if (prio > l->priority && prio <= TIPC_PRIO_MAX)
		l->priority = prio;
	if (msg_peer_stopping(hdr))
		return tipc_link_fsm_evt(l, LINK_FAILURE_EVT);
	/* We were re-created while the peer was establishing: catch up */
	if (msg_type(hdr) == ACTIVATE_MSG && msg_dest_session_ok(hdr) &&
	    msg_dest_session(hdr) != l->session) {
		if (tipc_seq_before(l->session, msg_dest_session(hdr)))
			l->session = msg_dest_session(hdr) + 1;
		return 0;
	}
	if (msg_type(hdr) == RESET_MSG || !tipc_link_is_up(l))
		rc = tipc_link_fsm_evt(l, LINK_PEER_RESET_EVT);
	l->mtu = min(l->mtu, max_pkt);
	l->peer_bearer_id = msg_bearer_id(hdr);
	l->peer_session = msg_session(hdr);
	l->in_session = true;
	if (msg_type(hdr) == ACTIVATE_MSG && l->state == LINK_ESTABLISHING)
		rc = TIPC_LINK_UP_EVT;
	return rc;
}

/* The gap record of a received STATE message, or NULL if unusable */
static const struct tipc_gap_record *
tipc_link_gap_rcv(struct tipc_link *l, struct tipc_msg *hdr, u32 *len)
{
	const struct tipc_gap_record *r = (void *)msg_data(hdr);

	*len = 0;
	if (!(l->peer_caps & TIPC_CAP_GAP_ACK_BLOCK) || msg_data_sz(hdr) < 4)
		return NULL;
	*len = ntohs(r->len);
	if (*len > msg_data_sz(hdr) ||
	    *len != 4 + 4 * (r->uc_cnt + r->bc_cnt) || !r->uc_cnt)
		return NULL;
	return r;
}

/* STATE from the peer: acks, gaps, probes */
static int tipc_link_state_rcv(struct tipc_link *l, struct tipc_msg *hdr,
			       struct sk_buff_head *xmitq)
{
	const struct tipc_gap_record *r;
	u16 peer_nxt = msg_next_sent(hdr), gap = 0;
	u32 prio = msg_linkprio(hdr), glen;
	bool reply = msg_probe(hdr), retr = false;
	int released, rc = 0;

	r = tipc_link_gap_rcv(l, hdr, &glen);
	if (glen > msg_data_sz(hdr))
		return 0;
	l->rcv_nxt_state = msg_seqno(hdr) + 1;
	tipc_link_adopt_tolerance(l, msg_link_tolerance(hdr));
	if (prio && prio <= TIPC_PRIO_MAX && prio != l->priority) {
		l->priority = prio;
		rc = tipc_link_fsm_evt(l, LINK_FAILURE_EVT);
	}
	l->silent_intv_cnt = 0;
	l->stats.rx_states++;
	l->stats.rx_probes += reply;
	if (!tipc_link_is_up(l))
		return l->state == LINK_ESTABLISHING ? TIPC_LINK_UP_EVT : rc;
	tipc_bc_peer_sync(l->bcp, msg_last_bcast(hdr) + 1);
	/* The monitor's record follows the gap record, usable or not */
	tipc_mon_rcv(l->mon, l->addr, &l->mon_state, msg_data(hdr) + glen,
		     msg_data_sz(hdr) - glen);
	/* The peer sent more than we have, and we hold nothing back */
	if ((reply || msg_keepalive(hdr)) &&
	    tipc_seq_after(peer_nxt, l->rcv_nxt) &&
	    skb_queue_empty(&l->deferdq))
		gap = peer_nxt - l->rcv_nxt;
	if (gap || reply)
		tipc_link_proto_msg(l, STATE_MSG, false, reply, gap, 0, 0,
				    xmitq);
	released = tipc_link_release(l, msg_ack(hdr), msg_seq_gap(hdr),
				     r ? &r->blk[r->bc_cnt] : NULL,
				     r ? r->uc_cnt : 0, xmitq, &retr, &rc);
	l->stats.rx_nacks += !!msg_seq_gap(hdr);
	tipc_link_after_ack(l, released, retr, xmitq);
	return rc;
}

int tipc_link_proto_rcv(struct tipc_link *l, struct sk_buff *skb,
			struct sk_buff_head *xmitq)
{
	struct tipc_msg *hdr;
	int rc = 0;

	if (tipc_link_is_blocked(l) || skb_linearize(skb))
		goto out;
	hdr = buf_msg(skb);
	/* The node with the lower address decides the network plane */
	if (l->self > msg_prevnode(hdr))
		l->plane = 'A' + msg_plane_no(hdr);
	if (!tipc_link_validate_msg(l, hdr))
		goto out;
	switch (msg_type(hdr)) {
	case RESET_MSG:
	case ACTIVATE_MSG:
		rc = tipc_link_reset_rcv(l, hdr);
		break;
	case STATE_MSG:
		rc = tipc_link_state_rcv(l, hdr, xmitq);
		break;
	}
out:
	kfree_skb(skb);
	return rc;
}
