// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: reliable links. The state machine, sending (window, backlog,
 * sender wakeup) and receiving (in-order delivery, deferral of early
 * packets, gap reports); the protocol messages are in link_proto.c.
 * Locking and ownership rules are in link.h.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "bearer.h"
#include "core.h"
#include "fragment.h"
#include "link_priv.h"
#include "node.h"

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

bool tipc_link_is_synching(const struct tipc_link *l)
{
	return l->state == LINK_SYNCHING;
}

u16 tipc_link_rcv_nxt(const struct tipc_link *l)
{
	return l->rcv_nxt;
}

struct tipc_monitor *tipc_link_monitor(const struct tipc_link *l)
{
	return l->mon;
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
	l->mon = tipc_mon_get(c->mon);
	l->inputq = inputq;
	l->namedq = namedq;
	__skb_queue_head_init(&l->transmq);
	__skb_queue_head_init(&l->backlogq);
	__skb_queue_head_init(&l->deferdq);
	__skb_queue_head_init(&l->fdefq);
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
	tipc_mon_peer_remove(l->mon, l->addr);
	tipc_mon_put(l->mon);
	kfree(l);
}

/*
 * A link that was in service goes back to RESET, with a new session;
 * with @xmitq, a RESET message asks the peer to start over too.
 */
void tipc_link_restart(struct tipc_link *l, struct sk_buff_head *xmitq)
{
	tipc_link_fsm_evt(l, LINK_RESET_EVT);
	tipc_link_reset(l);
	if (xmitq)
		tipc_link_build_reset_msg(l, xmitq);
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
	/* Nor is it a tunnel any more */
	__skb_queue_purge(&l->fdefq);
	kfree_skb(l->freasm);
	l->freasm = NULL;
	kfree_skb(l->tnl_reasm);
	l->tnl_reasm = NULL;
	l->drop_point = 1;
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
	memset(&l->mon_state, 0, sizeof(l->mon_state));
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
		if (evt == LINK_FAILOVER_BEGIN_EVT)
			return LINK_FAILINGOVER;
		break;
	case LINK_PEER_RESET:
		if (evt == LINK_RESET_EVT)
			return LINK_ESTABLISHING;
		break;
	case LINK_FAILINGOVER:
		if (evt == LINK_FAILOVER_END_EVT)
			return LINK_RESET;
		break;
	case LINK_ESTABLISHING:
		if (evt == LINK_ESTABLISH_EVT)
			return LINK_ESTABLISHED;
		if (evt == LINK_FAILOVER_BEGIN_EVT)
			return LINK_FAILINGOVER;
		if (evt == LINK_RESET_EVT)
			return LINK_RESET;
		break;
	case LINK_ESTABLISHED:
	case LINK_SYNCHING:
		if (evt == LINK_SYNCH_BEGIN_EVT && state == LINK_ESTABLISHED)
			return LINK_SYNCHING;
		if (evt == LINK_SYNCH_END_EVT && state == LINK_SYNCHING)
			return LINK_ESTABLISHED;
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
		tipc_mon_link_state(l->mon, l->addr, &l->mon_state);
		if (l->silent_intv_cnt > l->abort_limit || l->mon_state.reset)
			return tipc_link_fsm_evt(l, LINK_FAILURE_EVT);
		state = l->rcv_unacked || !skb_queue_empty(&l->transmq) ||
			tipc_bc_peer_unacked(l->bcp);
		/*
		 * Silent for a whole tick: ask; reception zeroes the count.
		 * Silence counts only for peers the monitor leaves to us.
		 */
		probe = l->silent_intv_cnt || l->mon_state.probing;
		if (probe || l->mon_state.monitoring)
			l->silent_intv_cnt++;
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
	struct sk_buff *skb = tipc_msg_wakeup(l->self, port, imp);

	if (!skb)
		return -ENOBUFS;
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
	/*
	 * What we keep is only read from its TIPC header on (a resend is a
	 * pskb_copy()): the headroom goes to the copy, whose media header
	 * then needs no copy of the whole packet.
	 */
	if (!skb_cloned(skb))
		__skb_header_release(skb);
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

/*
 * Cut the message on @list, too large for the link, into fragments, in
 * place. A socket may have cut it already, for the larger packets of a
 * link that was the way to its peer then: cut it again.
 */
static int tipc_link_fragment(struct tipc_link *l, struct sk_buff_head *list)
{
	struct sk_buff *skb = skb_peek(list);
	struct sk_buff_head frags;
	int err;

	if (msg_user(buf_msg(skb)) == MSG_FRAGMENTER)
		return tipc_msg_refragment(list, l->self, l->mtu);
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
	port = tipc_skb_origport(skb);
	size = msg_size(buf_msg(skb));
	if (size > l->mtu) {
		rc = tipc_link_fragment(l, list);
		if (rc) {
			__skb_queue_purge(list);
			return rc;
		}
	}
	if (msg_user(buf_msg(skb_peek(list))) == MSG_FRAGMENTER) {
		l->stats.tx_fragged++;
		l->stats.tx_frags += skb_queue_len(list);
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
int tipc_link_release(struct tipc_link *l, u16 acked, u16 gap,
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
static bool tipc_link_defragment(struct tipc_link *l, struct sk_buff *skb,
				 struct sk_buff **reasm)
{
	int rc;

	l->stats.rx_frags++;
	rc = tipc_msg_reassemble(reasm, &skb);
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

/*
 * A packet in its turn, from this link or from a tunnel: a fragment
 * joins the reassembly @reasm, anything else is delivered. Returns
 * false if the link must fail.
 */
bool tipc_link_take(struct tipc_link *l, struct sk_buff *skb,
		    struct sk_buff **reasm)
{
	if (msg_user(buf_msg(skb)) == MSG_FRAGMENTER)
		return tipc_link_defragment(l, skb, reasm);
	tipc_link_deliver(l, skb);
	return true;
}

/* Take one in-sequence packet; false if the link must fail */
static bool tipc_link_input(struct tipc_link *l, struct sk_buff *skb,
			    struct sk_buff_head *xmitq)
{
	bool ok = true;

	l->rcv_nxt++;
	l->stats.rx_pkts++;
	if (msg_user(buf_msg(skb)) == TUNNEL_PROTOCOL)
		ok = tipc_link_tnl_rcv(l, skb);
	else
		ok = tipc_link_take(l, skb, &l->reasm);
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
void tipc_link_after_ack(struct tipc_link *l, int released, bool retr,
			 struct sk_buff_head *xmitq)
{
	if (released || retr)
		tipc_link_update_window(l, released, retr);
	if (released)
		tipc_link_advance_backlog(l, xmitq);
	if (!skb_queue_empty(&l->wakeupq))
		tipc_link_wake_senders(l);
}

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
