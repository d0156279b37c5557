/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: what the link's source files share and nobody else sees.
 *
 * A link is split by concern: link.c (state machine, sending,
 * receiving), link_proto.c (RESET, ACTIVATE and STATE messages) and
 * link_tunnel.c (changeover between a node's two links: SYNCH and
 * FAILOVER). Locking is the same throughout: see link.h.
 */
#ifndef _TIPC_LINK_PRIV_H
#define _TIPC_LINK_PRIV_H

#include "link.h"
#include "monitor.h"
#include "msg.h"

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

/* States in which a link neither sends nor takes protocol messages */
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
 * @drop_point: as a tunnel, the failed link's next sequence number due
 * @fdefq: as a tunnel, the failed link's packets received early
 * @freasm: as a tunnel, the failed link's reassembly in progress
 * @tnl_reasm: a FAILOVER packet split into tunnel fragments, in progress
 * @bcp: the peer's broadcast state, shared with the node's other links
 * @mon: the bearer's monitor (a reference)
 * @mon_state: what the monitor says of this peer, and the record exchange
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
	u16 drop_point;
	struct sk_buff_head fdefq;
	struct sk_buff *freasm;
	struct sk_buff *tnl_reasm;
	struct tipc_bc_peer *bcp;
	struct tipc_monitor *mon;
	struct tipc_mon_link mon_state;
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

static inline u16 buf_seqno(const struct sk_buff *skb)
{
	return msg_seqno(buf_msg(skb));
}

/* A blocked link neither sends nor takes protocol messages */
static inline bool tipc_link_is_blocked(const struct tipc_link *l)
{
	return l->state & LINK_BLOCKED_STATES;
}

/* link_proto.c */
void tipc_link_proto_msg(struct tipc_link *l, int mtyp, bool probe,
			 bool reply, u16 rcvgap, u32 tol, u32 prio,
			 struct sk_buff_head *xmitq);
/* A LINK_PROTOCOL message from the peer; consumes @skb */
int tipc_link_proto_rcv(struct tipc_link *l, struct sk_buff *skb,
			struct sk_buff_head *xmitq);

/* link_tunnel.c: a TUNNEL_PROTOCOL packet taken in sequence */
bool tipc_link_tnl_rcv(struct tipc_link *l, struct sk_buff *skb);

/* link.c */
bool tipc_link_take(struct tipc_link *l, struct sk_buff *skb,
		    struct sk_buff **reasm);
int tipc_link_release(struct tipc_link *l, u16 acked, u16 gap,
		      const struct tipc_gap_block *blk, int nblk,
		      struct sk_buff_head *xmitq, bool *retr, int *rc);
void tipc_link_after_ack(struct tipc_link *l, int released, bool retr,
			 struct sk_buff_head *xmitq);

#endif
