// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: reliable links. The state machine, sending (window, backlog,
 * sender wakeup), receiving (in-order delivery, deferral of early
 * packets, gap reports) and the link protocol messages. Locking and
 * ownership rules are in link.h.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "bearer.h"
#include "core.h"
#include "fragment.h"
#include "link.h"
#include "msg.h"
#include "node.h"

/* A sequence number is accepted up to this far beyond the next expected */
#define TIPC_RCV_WINDOW		8191
/* Acknowledge explicitly after this many packets received silently */
#define TIPC_ACK_EVERY		16
/* Retransmit one packet at most this often */
#define TIPC_RETR_INTERVAL	msecs_to_jiffies(1)
/* Gap ACK blocks: at most this many per direction */
#define TIPC_GAP_BLOCKS_MAX	64
#define TIPC_GAP_RECORD_MAX	(4 + 4 * 2 * TIPC_GAP_BLOCKS_MAX)
/* Interface name carried in RESET and ACTIVATE messages */
#define TIPC_IF_NAME_LEN	16

/* Importance levels with a backlog: the four data levels and "system" */
#define TIPC_IMP_LEVELS		(TIPC_SYSTEM_IMPORTANCE + 1)

/* Until failover exists, a link is "blocked" only while resetting */
#define LINK_BLOCKED_STATES	(LINK_RESETTING | LINK_PEER_RESET | \
				 LINK_FAILINGOVER)

/**
 * struct tipc_link_backlog - queued messages of one importance
 * @len: messages queued (a bundle counts once)
 * @limit: beyond this, senders of that importance must wait
 * @bundle: the open bundle new small messages may join, if any
 */
struct tipc_link_backlog {
	u16 len;
	u16 limit;
	struct sk_buff *bundle;
};

/**
 * struct tipc_link - one link; all of it under the node lock
 * @name: "<self>:<if>-<peer>:<peer if>"
 * @if_name: our interface, sent to the peer in RESET/ACTIVATE
 * @net: namespace
 * @self: our node address
 * @addr: the peer's node address
 * @bearer_id: our bearer
 * @peer_bearer_id: the peer's bearer, learnt from RESET/ACTIVATE
 * @peer_caps: the peer's capabilities
 * @state: FSM state
 * @session: our session number, changes at every reset
 * @peer_session: the peer's, valid while @in_session
 * @in_session: the peer's session is known
 * @tolerance: ms of silence before the link fails
 * @priority: link priority
 * @plane: network plane letter
 * @mtu: largest packet, the lower of ours and the peer's
 * @advertised_mtu: our bearer's
 * @abort_limit: silent timer ticks tolerated
 * @silent_intv_cnt: timer ticks without hearing from the peer
 * @rst_cnt: RESET messages sent while in LINK_RESET
 * @snd_nxt: next sequence number to send
 * @rcv_nxt: next sequence number expected
 * @acked: highest sequence number the peer acknowledged
 * @checkpoint: @snd_nxt at the previous timer tick
 * @snd_nxt_state: numbering of our STATE messages
 * @rcv_nxt_state: next STATE number expected from the peer
 * @rcv_unacked: packets received since we last acknowledged
 * @window: congestion window (packets in flight)
 * @min_win: window after a stall
 * @max_win: largest window
 * @ssthresh: slow start threshold
 * @cong_acks: acks counted towards the next window increase
 * @transmq: sent, not yet acknowledged
 * @backlogq: waiting for room in the window
 * @deferdq: received early, ordered by sequence number
 * @wakeupq: SOCK_WAKEUP messages for blocked senders
 * @backlog: per-importance accounting of @backlogq
 * @reasm: message being reassembled from fragments
 * @bcp: the peer's broadcast state, shared with the node's other links
 * @inputq: messages for sockets (has its own lock)
 * @namedq: name distribution messages (has its own lock)
 * @stats: counters
 */
struct tipc_link {
	char name[TIPC_MAX_LINK_NAME];
	char if_name[TIPC_IF_NAME_LEN];
	struct net *net;
	u32 self;
	u32 addr;
	u32 bearer_id;
	u32 peer_bearer_id;
	u16 peer_caps;
	u32 state;
	u16 session;
	u16 peer_session;
	bool in_session;
	u32 tolerance;
	u32 priority;
	char plane;
	u32 mtu;
	u32 advertised_mtu;
	u32 abort_limit;
	u32 silent_intv_cnt;
	u32 rst_cnt;
	u16 snd_nxt;
	u16 rcv_nxt;
	u16 acked;
	u16 checkpoint;
	u16 snd_nxt_state;
	u16 rcv_nxt_state;
	u16 rcv_unacked;
	u16 window;
	u16 min_win;
	u16 max_win;
	u16 ssthresh;
	u16 cong_acks;
	struct sk_buff_head transmq;
	struct sk_buff_head backlogq;
	struct sk_buff_head deferdq;
	struct sk_buff_head wakeupq;
	struct tipc_link_backlog backlog[TIPC_IMP_LEVELS];
	struct sk_buff *reasm;
	struct tipc_bc_peer *bcp;
	struct sk_buff_head *inputq;
	struct sk_buff_head *namedq;
	struct tipc_link_stats stats;
};

/* One gap ACK block: the last packet of a received run, then a hole */
struct tipc_gap_block {
	__be16 ack;
	__be16 gap;
};

/* The gap ACK record at the start of a STATE message's data */
struct tipc_gap_record {
	__be16 len;
	u8 uc_cnt;
	u8 bc_cnt;
	struct tipc_gap_block blk[];
};

static u16 buf_seqno(const struct sk_buff *skb)
{
	return msg_seqno(buf_msg(skb));
}

bool tipc_link_is_up(const struct tipc_link *l)
{
	return l->state & (LINK_ESTABLISHED | LINK_SYNCHING);
}

bool tipc_link_is_reset(const struct tipc_link *l)
{
	return l->state & (LINK_RESET | LINK_FAILINGOVER | LINK_ESTABLISHING);
}

bool tipc_link_is_establishing(const struct tipc_link *l)
{
	return l->state == LINK_ESTABLISHING;
}

bool tipc_link_peer_is_down(const struct tipc_link *l)
{
	return l->state == LINK_PEER_RESET;
}

static bool tipc_link_is_blocked(const struct tipc_link *l)
{
	return l->state & LINK_BLOCKED_STATES;
}

const char *tipc_link_name(const struct tipc_link *l)
{
	return l->name;
}

/* The identity published with the link-state binding */
u32 tipc_link_id(const struct tipc_link *l)
{
	return l->peer_bearer_id << 16 | l->bearer_id;
}

u32 tipc_link_mtu(const struct tipc_link *l)
{
	return l->mtu;
}

u32 tipc_link_prio(const struct tipc_link *l)
{
	return l->priority;
}

u32 tipc_link_tolerance(const struct tipc_link *l)
{
	return l->tolerance;
}

/* The current send window, as netlink reports it */
u32 tipc_link_window(const struct tipc_link *l)
{
	return l->window;
}

u32 tipc_link_state(const struct tipc_link *l)
{
	return l->state;
}

const struct tipc_link_stats *tipc_link_stats(const struct tipc_link *l)
{
	return &l->stats;
}

void tipc_link_reset_stats(struct tipc_link *l)
{
	memset(&l->stats, 0, sizeof(l->stats));
}

void tipc_link_set_abort_limit(struct tipc_link *l, u32 limit)
{
	l->abort_limit = limit;
}

/* Window limits, and the backlog each importance may fill */
static void tipc_link_set_limits(struct tipc_link *l, u32 min_win,
				 u32 max_win)
{
	int imp;

	l->min_win = min_win;
	l->max_win = max_win;
	l->ssthresh = max_win;
	l->window = min_win;
	for (imp = 0; imp < TIPC_SYSTEM_IMPORTANCE; imp++)
		l->backlog[imp].limit = min_win * 2 * (imp + 1);
	l->backlog[TIPC_SYSTEM_IMPORTANCE].limit =
		max_t(u32, 65535 / max_t(u32, l->mtu / 20, 1), 1);
}

void tipc_link_set_window(struct tipc_link *l, u32 max_win)
{
	tipc_link_set_limits(l, l->min_win, max_win);
}

struct tipc_link *tipc_link_create(struct net *net,
				   const struct tipc_link_conf *c,
				   struct tipc_bc_peer *bcp,
				   struct sk_buff_head *inputq,
				   struct sk_buff_head *namedq)
{
	struct tipc_link *l = kzalloc(sizeof(*l), GFP_ATOMIC);

	if (!l)
		return NULL;
	snprintf(l->name, sizeof(l->name), "%s:%s-%s:unknown", c->self_str,
		 c->if_name, c->peer_str);
	strscpy(l->if_name, c->if_name, sizeof(l->if_name));
	l->net = net;
	l->self = c->self;
	l->addr = c->peer;
	l->bearer_id = c->bearer_id;
	l->peer_caps = c->peer_caps;
	l->session = c->session;
	l->tolerance = c->tolerance;
	l->priority = c->priority;
	l->plane = c->plane;
	l->mtu = c->mtu;
	l->advertised_mtu = c->mtu;
	l->abort_limit = 4;
	tipc_link_set_limits(l, c->min_win, c->max_win);
	l->bcp = bcp;
	l->inputq = inputq;
	l->namedq = namedq;
	__skb_queue_head_init(&l->transmq);
	__skb_queue_head_init(&l->backlogq);
	__skb_queue_head_init(&l->deferdq);
	__skb_queue_head_init(&l->wakeupq);
	l->state = LINK_RESETTING;
	tipc_link_reset(l);
	tipc_link_fsm_evt(l, LINK_RESET_EVT);
	return l;
}

/* Waiting senders are woken rather than forgotten. */
static void tipc_link_release_waiters(struct tipc_link *l)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&l->wakeupq)))
		skb_queue_tail(l->inputq, skb);
}

void tipc_link_delete(struct tipc_link *l)
{
	if (!l)
		return;
	tipc_link_reset(l);
	kfree(l);
}

/*
 * Back to the start: new session, queues emptied, counters zeroed.
 * Blocked senders are woken (their next send fails or waits anew).
 */
void tipc_link_reset(struct tipc_link *l)
{
	int imp;

	l->in_session = false;
	l->peer_session--;	/* forces a fresh session from the peer */
	l->session++;
	l->mtu = l->advertised_mtu;
	tipc_link_release_waiters(l);
	__skb_queue_purge(&l->transmq);
	__skb_queue_purge(&l->backlogq);
	__skb_queue_purge(&l->deferdq);
	for (imp = 0; imp < TIPC_IMP_LEVELS; imp++) {
		l->backlog[imp].len = 0;
		l->backlog[imp].bundle = NULL;
	}
	kfree_skb(l->reasm);
	l->reasm = NULL;
	/* Both directions, data and STATE numbering, start over at 1 */
	l->acked = 0;
	l->checkpoint = 1;
	l->rcv_nxt_state = 1;
	l->snd_nxt_state = 1;
	l->rcv_nxt = 1;
	l->snd_nxt = 1;
	l->rcv_unacked = 0;
	l->silent_intv_cnt = 0;
	l->rst_cnt = 0;
	l->window = l->min_win;
	l->ssthresh = l->max_win;
	l->cong_acks = 0;
	tipc_link_reset_stats(l);
}

/* The transitions out of each state; anything unlisted leaves it be. */
static u32 tipc_link_next_state(u32 state, int evt)
{
	switch (state) {
	case LINK_RESETTING:
		if (evt == LINK_PEER_RESET_EVT)
			return LINK_PEER_RESET;
		if (evt == LINK_RESET_EVT)
			return LINK_RESET;
		break;
	case LINK_RESET:
		if (evt == LINK_PEER_RESET_EVT)
			return LINK_ESTABLISHING;
		break;
	case LINK_PEER_RESET:
		if (evt == LINK_RESET_EVT)
			return LINK_ESTABLISHING;
		break;
	case LINK_ESTABLISHING:
		if (evt == LINK_ESTABLISH_EVT)
			return LINK_ESTABLISHED;
		if (evt == LINK_RESET_EVT)
			return LINK_RESET;
		break;
	case LINK_ESTABLISHED:
	case LINK_SYNCHING:
		if (evt == LINK_PEER_RESET_EVT)
			return LINK_PEER_RESET;
		if (evt == LINK_FAILURE_EVT)
			return LINK_RESETTING;
		if (evt == LINK_RESET_EVT)
			return LINK_RESET;
		break;
	}
	return state;
}

/* Returns TIPC_LINK_DOWN_EVT when the link stops being up. */
int tipc_link_fsm_evt(struct tipc_link *l, int evt)
{
	bool was_up = tipc_link_is_up(l);

	l->state = tipc_link_next_state(l->state, evt);
	if (was_up && !tipc_link_is_up(l) && evt != LINK_RESET_EVT)
		return TIPC_LINK_DOWN_EVT;
	return 0;
}

/* ---- protocol messages ---- */

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
	msg_set_last_bcast(hdr, 0);	/* we have broadcast nothing */
	msg_set_redundant_link(hdr, bc_up);
	/* Outside any window: protocol messages are not sequenced */
	msg_set_seqno(hdr, l->snd_nxt + U16_MAX / 2);
}

static void tipc_link_proto_msg(struct tipc_link *l, int mtyp, bool probe,
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
	skb = tipc_msg_new(LINK_PROTOCOL, mtyp,
			   INT_H_SIZE + TIPC_GAP_RECORD_MAX, l->self, l->addr);
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
 * Tell a peer we just reached where our broadcasts start: a
 * BCAST_PROTOCOL message sent in sequence on the new link.
 */
void tipc_link_build_bc_init_msg(struct tipc_link *l,
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
	msg_set_last_bcast(hdr, 0);
	msg_set_bcast_ack(hdr, l->bcp->rcv_nxt - 1);
	msg_set_bcgap_after(hdr, l->bcp->rcv_nxt - 1);
	msg_set_bcgap_to(hdr, l->bcp->rcv_nxt - 1);
	msg_set_bc_ack_invalid(hdr, 1);
	__skb_queue_head_init(&list);
	__skb_queue_tail(&list, skb);
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

/*
 * A new bearer MTU: what we advertise from the next session on; a lower
 * one also bounds the packets we build now, a higher one waits for the
 * peer's answer in that next session.
 */
void tipc_link_set_mtu(struct tipc_link *l, u32 mtu)
{
	l->advertised_mtu = mtu;
	l->mtu = min(l->mtu, mtu);
}

void tipc_link_set_prio(struct tipc_link *l, u32 level,
			struct sk_buff_head *xmitq)
{
	l->priority = level;
	tipc_link_proto_msg(l, STATE_MSG, false, false, 0, 0, level, xmitq);
}

/* ---- the timer ---- */

/* Window after an ack round: grow, or shrink after loss or a stall */
static void tipc_link_update_window(struct tipc_link *l, int released,
				    bool retransmitted)
{
	u32 queued = skb_queue_len(&l->transmq) + skb_queue_len(&l->backlogq);
	u16 win = l->window;

	if (retransmitted || !released) {
		l->ssthresh = max_t(u16, win / 2, 300);
		l->window = retransmitted ? min(l->ssthresh, win) : l->min_win;
		return;
	}
	/* Grow only under pressure, and not across holes */
	if (queued < win)
		return;
	if (!skb_queue_empty(&l->transmq) &&
	    (u16)(l->snd_nxt - buf_seqno(skb_peek(&l->transmq))) !=
	    skb_queue_len(&l->transmq))
		return;
	l->cong_acks += released;
	if (win <= l->ssthresh) {
		l->window = min_t(u32, win + released, l->max_win);
	} else if (l->cong_acks >= win) {
		l->window = min_t(u32, win + 1, l->max_win);
		l->cong_acks = 0;
	}
}

/* A supervision tick's sample of the send queue (see tipc_link_stats) */
static void tipc_link_sample(struct tipc_link *l)
{
	static const u32 tops[] = { 64, 256, 1024, 4096, 16384, 32768 };
	struct tipc_link_stats *s = &l->stats;
	struct sk_buff *skb = skb_peek(&l->transmq);
	u32 qlen = skb_queue_len(&l->transmq);
	struct tipc_msg *hdr;
	u32 len, i;

	s->q_sum += qlen;
	s->q_samples++;
	s->q_max = max(s->q_max, qlen);
	if (!skb)
		return;
	hdr = buf_msg(skb);
	len = msg_size(hdr);
	if (msg_user(hdr) == MSG_FRAGMENTER) {
		if (msg_type(hdr) != FIRST_FRAGMENT)
			return;
		len = msg_size((struct tipc_msg *)msg_data(hdr));
	}
	s->prof_msgs++;
	s->prof_bytes += len;
	for (i = 0; i < ARRAY_SIZE(tops) && len > tops[i]; i++)
		;
	s->prof_sizes[i]++;
}

int tipc_link_timeout(struct tipc_link *l, struct sk_buff_head *xmitq)
{
	bool state = false, probe = false, setup = false;
	int mtyp = STATE_MSG;

	switch (l->state) {
	case LINK_ESTABLISHED:
	case LINK_SYNCHING:
		tipc_link_sample(l);
		if (l->silent_intv_cnt > l->abort_limit)
			return tipc_link_fsm_evt(l, LINK_FAILURE_EVT);
		state = l->rcv_unacked || !skb_queue_empty(&l->transmq) ||
			tipc_bc_peer_unacked(l->bcp);
		/* Silent for a whole tick: ask; reception zeroes the count */
		probe = l->silent_intv_cnt++;
		probe |= !skb_queue_empty(&l->deferdq);
		if (l->snd_nxt == l->checkpoint) {
			tipc_link_update_window(l, 0, false);
			probe = true;
		}
		l->checkpoint = l->snd_nxt;
		break;
	case LINK_RESET:
		/* Five quick RESETs, then one every 16 ticks */
		mtyp = RESET_MSG;
		setup = l->rst_cnt++ <= 4 || !(l->rst_cnt % 16);
		break;
	case LINK_ESTABLISHING:
		mtyp = ACTIVATE_MSG;
		setup = true;
		break;
	default:
		break;
	}
	if (state || probe || setup)
		tipc_link_proto_msg(l, mtyp, probe, false, 0, 0, 0, xmitq);
	return 0;
}

/* ---- sending ---- */

/* A sender must wait: queue its wakeup for when the backlog drains */
static int tipc_link_block_sender(struct tipc_link *l, u32 port, int imp)
{
	struct sk_buff *skb;

	skb = tipc_msg_new(SOCK_WAKEUP, 0, INT_H_SIZE, l->self, l->self);
	if (!skb)
		return -ENOBUFS;
	msg_set_destport(buf_msg(skb), port);
	msg_set_dest_droppable(buf_msg(skb), 1);
	TIPC_SKB_CB(skb)->imp = imp;
	__skb_queue_tail(&l->wakeupq, skb);
	l->stats.tx_congs++;
	return -ELINKCONG;
}

/* Wake as many blocked senders as each importance has room for */
static void tipc_link_wake_senders(struct tipc_link *l)
{
	int room[TIPC_IMP_LEVELS], imp;
	struct sk_buff *skb, *tmp;

	for (imp = 0; imp < TIPC_IMP_LEVELS; imp++)
		room[imp] = l->backlog[imp].limit - l->backlog[imp].len;
	skb_queue_walk_safe(&l->wakeupq, skb, tmp) {
		imp = TIPC_SKB_CB(skb)->imp;
		if (room[imp] <= 0)
			continue;
		room[imp]--;
		__skb_unlink(skb, &l->wakeupq);
		skb_queue_tail(l->inputq, skb);
	}
}

/* Number @skb, keep it for retransmission and queue a copy to send. */
static bool tipc_link_send_one(struct tipc_link *l, struct sk_buff *skb,
			       struct sk_buff_head *xmitq)
{
	struct tipc_msg *hdr = buf_msg(skb);
	struct sk_buff *copy;

	msg_set_seqno(hdr, l->snd_nxt);
	msg_set_ack(hdr, l->rcv_nxt - 1);
	msg_set_bcast_ack(hdr, l->bcp->rcv_nxt - 1);
	if (l->bcp->up)
		l->bcp->acked = l->bcp->rcv_nxt - 1;
	copy = skb_clone(skb, GFP_ATOMIC);
	if (!copy)
		return false;
	TIPC_SKB_CB(skb)->retr_next = jiffies + TIPC_RETR_INTERVAL;
	TIPC_SKB_CB(skb)->retr_cnt = 0;
	__skb_queue_tail(&l->transmq, skb);
	__skb_queue_tail(xmitq, copy);
	l->snd_nxt++;
	l->rcv_unacked = 0;
	l->stats.tx_pkts++;
	return true;
}

/*
 * Put @skb behind the window. A small message joins the open bundle of
 * its importance, or becomes the message the next one may join.
 */
static void tipc_link_backlog_one(struct tipc_link *l, struct sk_buff *skb,
				  int imp)
{
	struct tipc_link_backlog *bl = &l->backlog[imp];
	bool fresh = false;
	bool ok = tipc_msg_try_bundle(bl->bundle, &skb, l->mtu - INT_H_SIZE,
				      l->addr, &fresh);

	if (ok && !skb) {
		/* Joined: a fresh bundle also holds the one it was */
		l->stats.tx_bundles += fresh;
		l->stats.tx_bundled += 1 + fresh;
		return;
	}
	/* Not bundleable: no bundle to join; else the next may join it */
	bl->bundle = ok ? skb : NULL;
	bl->len++;
	__skb_queue_tail(&l->backlogq, skb);
}

/* Split a message too large for the link into fragments, in place. */
static int tipc_link_fragment(struct tipc_link *l, struct sk_buff_head *list)
{
	struct sk_buff *skb = skb_peek(list);
	struct sk_buff_head frags;
	int err;

	if (skb_queue_len(list) != 1)
		return -EMSGSIZE;
	__skb_queue_head_init(&frags);
	__skb_unlink(skb, list);
	/* On success @skb is gone; on failure it is still ours */
	err = tipc_msg_fragment(skb, l->self, l->mtu, &frags);
	if (err) {
		__skb_queue_tail(list, skb);
		return err;
	}
	l->stats.tx_fragged++;
	l->stats.tx_frags += skb_queue_len(&frags);
	skb_queue_splice_tail(&frags, list);
	return 0;
}

/*
 * Send the message in @list (one message, or the fragments of one):
 * packets that fit in the window are numbered and queued on @xmitq,
 * the rest wait in the backlog. Consumes @list. Returns 0, -ELINKCONG
 * (accepted, but the sender must wait), or -ENOBUFS/-EMSGSIZE.
 */
int tipc_link_xmit(struct tipc_link *l, struct sk_buff_head *list,
		   struct sk_buff_head *xmitq)
{
	struct sk_buff *skb;
	int imp, rc = 0;
	u32 port, size;

	skb = skb_peek(list);
	if (!skb)
		return 0;
	imp = msg_importance(buf_msg(skb));
	port = msg_origport(buf_msg(skb));
	size = msg_size(buf_msg(skb));
	if (size > l->mtu) {
		rc = tipc_link_fragment(l, list);
		if (rc) {
			__skb_queue_purge(list);
			return rc;
		}
	}
	if (unlikely(l->backlog[imp].len >= l->backlog[imp].limit)) {
		if (imp == TIPC_SYSTEM_IMPORTANCE) {
			pr_warn("%s: link overflow\n", l->name);
			__skb_queue_purge(list);
			return -ENOBUFS;
		}
		rc = tipc_link_block_sender(l, port, imp);
	}
	while ((skb = __skb_dequeue(list))) {
		if (skb_queue_len(&l->transmq) < l->window &&
		    skb_queue_empty(&l->backlogq)) {
			if (!tipc_link_send_one(l, skb, xmitq)) {
				kfree_skb(skb);
				__skb_queue_purge(list);
				return -ENOBUFS;
			}
			continue;
		}
		tipc_link_backlog_one(l, skb, imp);
	}
	return rc;
}

/* Move backlogged packets into the window as it opens. */
static void tipc_link_advance_backlog(struct tipc_link *l,
				      struct sk_buff_head *xmitq)
{
	struct tipc_link_backlog *bl;
	struct sk_buff *skb;

	while (skb_queue_len(&l->transmq) < l->window) {
		skb = skb_peek(&l->backlogq);
		if (!skb)
			break;
		bl = &l->backlog[msg_importance(buf_msg(skb))];
		__skb_unlink(skb, &l->backlogq);
		if (!tipc_link_send_one(l, skb, xmitq)) {
			__skb_queue_head(&l->backlogq, skb);
			break;
		}
		bl->len--;
		if (bl->bundle == skb)
			bl->bundle = NULL;
	}
}

/* A retransmitted packet unacknowledged for 10 tolerances: give up */
static bool tipc_link_retr_failed(struct tipc_link *l)
{
	struct sk_buff *skb = skb_peek(&l->transmq);

	if (!skb || !TIPC_SKB_CB(skb)->retr_cnt)
		return false;
	if (time_before(jiffies, TIPC_SKB_CB(skb)->retr_stamp +
			msecs_to_jiffies(l->tolerance * 10)))
		return false;
	pr_warn("Retransmission failure on link <%s>\n", l->name);
	return true;
}

static void tipc_link_retransmit(struct tipc_link *l, struct sk_buff *skb,
				 struct sk_buff_head *xmitq)
{
	struct tipc_skb_cb *cb = TIPC_SKB_CB(skb);
	struct sk_buff *copy;

	if (time_before(jiffies, cb->retr_next))
		return;
	cb->retr_next = jiffies + TIPC_RETR_INTERVAL;
	copy = pskb_copy(skb, GFP_ATOMIC);
	if (!copy)
		return;
	msg_set_ack(buf_msg(copy), l->rcv_nxt - 1);
	msg_set_bcast_ack(buf_msg(copy), l->bcp->rcv_nxt - 1);
	copy->priority = TC_PRIO_CONTROL;
	__skb_queue_tail(xmitq, copy);
	l->stats.tx_retrans++;
	if (!cb->retr_cnt++)
		cb->retr_stamp = jiffies;
}

/*
 * The peer has everything up to @acked, is missing the @gap packets
 * after it, and (@blk, @nblk) describes further runs it holds and holes
 * it lacks. Release what it has, resend (onto @xmitq) what it lacks.
 * Returns the number released; *@retr tells whether anything was
 * resent, *@rc gets
 * TIPC_LINK_DOWN_EVT when retransmission has failed for too long.
 */
static int tipc_link_release(struct tipc_link *l, u16 acked, u16 gap,
			     const struct tipc_gap_block *blk, int nblk,
			     struct sk_buff_head *xmitq, bool *retr, int *rc)
{
	u32 before = skb_queue_len(&l->transmq);
	struct sk_buff *skb, *tmp;
	u16 seq, have = acked, hole = gap;
	int i = 0;

	skb_queue_walk_safe(&l->transmq, skb, tmp) {
		seq = buf_seqno(skb);
again:
		if (!tipc_seq_after(seq, have)) {
			__skb_unlink(skb, &l->transmq);
			kfree_skb(skb);
		} else if (!tipc_seq_after(seq, (u16)(have + hole))) {
			if (seq == (u16)(acked + 1) && tipc_link_retr_failed(l)) {
				*rc |= tipc_link_fsm_evt(l, LINK_FAILURE_EVT);
				break;
			}
			tipc_link_retransmit(l, skb, xmitq);
			*retr = true;
		} else {
			if (i >= nblk)
				break;
			have = ntohs(blk[i].ack);
			hole = ntohs(blk[i].gap);
			i++;
			goto again;
		}
	}
	if (tipc_seq_after(acked, l->acked))
		l->acked = acked;
	return before - skb_queue_len(&l->transmq);
}

/* ---- receiving ---- */

static void tipc_link_deliver(struct tipc_link *l, struct sk_buff *skb);

/* The peer told us where its broadcasts start */
static void tipc_link_bc_synch(struct tipc_link *l, const struct tipc_msg *hdr)
{
	tipc_bc_peer_start(l->bcp, msg_last_bcast(hdr) + 1);
}

static void tipc_link_unbundle(struct tipc_link *l, struct sk_buff *skb)
{
	struct sk_buff *inner;
	int pos = 0;

	l->stats.rx_bundles++;
	while (tipc_msg_extract(skb, &inner, &pos)) {
		l->stats.rx_bundled++;
		tipc_link_deliver(l, inner);
	}
}

/* Returns false when the link must fail: reassembly went wrong */
static bool tipc_link_defragment(struct tipc_link *l, struct sk_buff *skb)
{
	int rc;

	l->stats.rx_frags++;
	rc = tipc_msg_reassemble(&l->reasm, &skb);
	if (rc < 0) {
		pr_warn_ratelimited("%s: bad fragment\n", l->name);
		return false;
	}
	if (rc > 0) {
		l->stats.rx_defragged++;
		tipc_link_deliver(l, skb);
	}
	return true;
}

/* Hand a message received in order to whoever takes it. Consumes @skb. */
static void tipc_link_deliver(struct tipc_link *l, struct sk_buff *skb)
{
	struct tipc_msg *hdr = buf_msg(skb);

	switch (msg_user(hdr)) {
	case TIPC_LOW_IMPORTANCE ... TIPC_CRITICAL_IMPORTANCE:
	case CONN_MANAGER:
	case GROUP_PROTOCOL:
		skb_queue_tail(l->inputq, skb);
		return;
	case NAME_DISTRIBUTOR:
		/* Name tables are sent after the broadcast synch point */
		tipc_bc_peer_start(l->bcp, l->bcp->rcv_nxt);
		skb_queue_tail(l->namedq, skb);
		return;
	case MSG_BUNDLER:
		tipc_link_unbundle(l, skb);
		return;
	case BCAST_PROTOCOL:
		tipc_link_bc_synch(l, hdr);
		break;
	default:
		break;
	}
	kfree_skb(skb);
}

/* Report a hole after 3, 19, 35... packets were deferred */
static void tipc_link_nack(struct tipc_link *l, struct sk_buff_head *xmitq)
{
	u32 n = skb_queue_len(&l->deferdq);
	u16 gap;

	l->stats.rx_deferred++;
	if (n < 3 || (n - 3) % 16)
		return;
	gap = buf_seqno(skb_peek(&l->deferdq)) - l->rcv_nxt;
	tipc_link_proto_msg(l, STATE_MSG, false, false, gap, 0, 0, xmitq);
}

/* Take one in-sequence packet; false if the link must fail */
static bool tipc_link_input(struct tipc_link *l, struct sk_buff *skb,
			    struct sk_buff_head *xmitq)
{
	bool ok = true;

	l->rcv_nxt++;
	l->stats.rx_pkts++;
	if (msg_user(buf_msg(skb)) == MSG_FRAGMENTER)
		ok = tipc_link_defragment(l, skb);
	else if (msg_user(buf_msg(skb)) == TUNNEL_PROTOCOL)
		kfree_skb(skb);		/* no failover yet */
	else
		tipc_link_deliver(l, skb);
	if (++l->rcv_unacked >= TIPC_ACK_EVERY)
		tipc_link_build_state_msg(l, xmitq);
	return ok;
}

/* The first packet of the deferred queue, if it is now in sequence */
static struct sk_buff *tipc_link_next_deferred(struct tipc_link *l)
{
	struct sk_buff *skb = skb_peek(&l->deferdq);

	if (!skb || buf_seqno(skb) != l->rcv_nxt)
		return NULL;
	__skb_unlink(skb, &l->deferdq);
	return skb;
}

/* After an ack: adjust the window, fill it, wake senders with room */
static void tipc_link_after_ack(struct tipc_link *l, int released, bool retr,
				struct sk_buff_head *xmitq)
{
	if (released || retr)
		tipc_link_update_window(l, released, retr);
	if (released)
		tipc_link_advance_backlog(l, xmitq);
	if (!skb_queue_empty(&l->wakeupq))
		tipc_link_wake_senders(l);
}

static int tipc_link_proto_rcv(struct tipc_link *l, struct sk_buff *skb,
			       struct sk_buff_head *xmitq);

/*
 * A packet from the peer (data or link protocol). Consumes @skb.
 * Returns TIPC_LINK_UP_EVT / TIPC_LINK_DOWN_EVT for the node to act on.
 */
int tipc_link_rcv(struct tipc_link *l, struct sk_buff *skb,
		  struct sk_buff_head *xmitq)
{
	int released = 0, rc = 0;
	bool retr = false;
	u16 seq;

	if (unlikely(msg_user(buf_msg(skb)) == LINK_PROTOCOL))
		return tipc_link_proto_rcv(l, skb, xmitq);
	l->silent_intv_cnt = 0;
	do {
		if (unlikely(!tipc_link_is_up(l))) {
			/* Data from a peer that is up brings us up too */
			rc = tipc_link_is_establishing(l) ? TIPC_LINK_UP_EVT : 0;
			kfree_skb(skb);
			break;
		}
		seq = buf_seqno(skb);
		if (tipc_seq_before(seq, l->rcv_nxt) ||
		    tipc_seq_after(seq, (u16)(l->rcv_nxt + TIPC_RCV_WINDOW))) {
			l->stats.rx_dups++;
			kfree_skb(skb);
			break;
		}
		released += tipc_link_release(l, msg_ack(buf_msg(skb)), 0,
					      NULL, 0, xmitq, &retr, &rc);
		if (seq != l->rcv_nxt) {
			if (!tipc_msg_defer(&l->deferdq, skb))
				l->stats.rx_dups++;
			tipc_link_nack(l, xmitq);
			break;
		}
		if (!tipc_link_input(l, skb, xmitq)) {
			rc |= tipc_link_fsm_evt(l, LINK_FAILURE_EVT);
			break;
		}
	} while ((skb = tipc_link_next_deferred(l)));
	if (released)
		tipc_link_after_ack(l, released, false, xmitq);
	return rc;
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

static int tipc_link_proto_rcv(struct tipc_link *l, struct sk_buff *skb,
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
