/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: the TIPC message header.
 *
 * A header is an array of 32-bit big-endian words. Every field is declared
 * once in the TIPC_HDR_FIELD() table below as (name, word, lowest bit,
 * width), which generates its msg_<name>() and msg_set_<name>() accessors. A bit
 * that means different things for different users gets one entry per
 * meaning, all pointing at the same position.
 *
 * Accessors trust the buffer: tipc_msg_validate() must have accepted an
 * incoming packet before any of them is used on it.
 */
#ifndef _TIPC_MSG_H
#define _TIPC_MSG_H

#include <linux/bits.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tipc.h>

#define TIPC_VERSION		2

/* Header sizes in bytes */
#define SHORT_H_SIZE		24	/* connected data */
#define BASIC_H_SIZE		32	/* data to a socket address, errors */
#define NAMED_H_SIZE		40	/* data to a service address */
#define MCAST_H_SIZE		44	/* data to a service range */
#define GROUP_H_SIZE		44	/* data within a communication group */
#define INT_H_SIZE		40	/* internal users */
#define MIN_H_SIZE		24
#define MAX_H_SIZE		60
#define MAX_MSG_SIZE		(MAX_H_SIZE + TIPC_MAX_USER_MSG_SIZE)

/* Message users (w0 bits 25..28); data users equal their importance. */
enum tipc_msg_user {
	TIPC_SYSTEM_IMPORTANCE = 4,	/* importance class, not on the wire */
	BCAST_PROTOCOL,
	MSG_BUNDLER,
	LINK_PROTOCOL,
	CONN_MANAGER,
	GROUP_PROTOCOL,
	TUNNEL_PROTOCOL,
	NAME_DISTRIBUTOR,
	MSG_FRAGMENTER,
	LINK_CONFIG,
	MSG_CRYPTO,
	SOCK_WAKEUP = MSG_CRYPTO,	/* link congestion over, never on the wire */
	TIPC_TOPSRV_EVT = 15,	/* member event to a group, never on the wire */
};

/* GROUP_PROTOCOL message types */
enum tipc_group_proto_type {
	GRP_JOIN_MSG,
	GRP_LEAVE_MSG,
	GRP_ADV_MSG,
	GRP_ACK_MSG,
	GRP_RECLAIM_MSG,
	GRP_REMIT_MSG,
};

/* CONN_MANAGER message types */
enum tipc_conn_mgr_type {
	CONN_PROBE,
	CONN_PROBE_REPLY,
	CONN_ACK,
};

/* MSG_FRAGMENTER message types */
enum tipc_frag_type {
	FIRST_FRAGMENT,
	FRAGMENT,
	LAST_FRAGMENT,
};

/* Data message types (w1 bits 29..31) */
enum tipc_data_type {
	TIPC_CONN_MSG,
	TIPC_MCAST_MSG,
	TIPC_NAMED_MSG,
	TIPC_DIRECT_MSG,
	TIPC_GRP_MEMBER_EVT,
	TIPC_GRP_BCAST_MSG,
	TIPC_GRP_MCAST_MSG,
	TIPC_GRP_UCAST_MSG,
};

/* Bytes of returned data a rejected message keeps */
#define TIPC_MAX_REJECT_DATA	1024

/* Room reserved in front of every message for lower-layer headers */
#define TIPC_SKB_HEADROOM	(LL_MAX_HEADER + 48)

struct tipc_msg {
	__be32 hdr[MAX_H_SIZE / 4];
};

static inline u32 tipc_hdr_get(const struct tipc_msg *m, int word, int lsb,
			       int width)
{
	return (be32_to_cpu(m->hdr[word]) >> lsb) & GENMASK(width - 1, 0);
}

static inline void tipc_hdr_set(struct tipc_msg *m, int word, int lsb,
				int width, u32 val)
{
	u32 mask = GENMASK(width - 1, 0) << lsb;
	u32 w = be32_to_cpu(m->hdr[word]);

	m->hdr[word] = cpu_to_be32((w & ~mask) | ((val << lsb) & mask));
}

#define TIPC_HDR_FIELD(name, word, lsb, width)				\
static inline u32 msg_##name(const struct tipc_msg *m)			\
{									\
	return tipc_hdr_get(m, word, lsb, width);			\
}									\
static inline void msg_set_##name(struct tipc_msg *m, u32 val)		\
{									\
	tipc_hdr_set(m, word, lsb, width, val);				\
}

/*             name            word lsb width */
TIPC_HDR_FIELD(version,          0, 29,  3)
TIPC_HDR_FIELD(user,             0, 25,  4)
TIPC_HDR_FIELD(hdr_words,        0, 21,  4)
TIPC_HDR_FIELD(non_seq,          0, 20,  1)
TIPC_HDR_FIELD(dest_droppable,   0, 19,  1)
TIPC_HDR_FIELD(src_droppable,    0, 18,  1)
TIPC_HDR_FIELD(syn,              0, 17,  1)
/* Bit 18 again: on stream data, and on the CONN_ACK answering it */
TIPC_HDR_FIELD(ack_required,     0, 18,  1)
TIPC_HDR_FIELD(nagle_ack,        0, 18,  1)
/* ... and on multicasts: the way it went, replicast or broadcast */
TIPC_HDR_FIELD(is_rcast,         0, 18,  1)
TIPC_HDR_FIELD(size,             0,  0, 17)
TIPC_HDR_FIELD(type,             1, 29,  3)
TIPC_HDR_FIELD(errcode,          1, 25,  4)
TIPC_HDR_FIELD(reroute_cnt,      1, 21,  4)
TIPC_HDR_FIELD(lookup_scope,     1, 19,  2)
TIPC_HDR_FIELD(bcast_ack,        1,  0, 16)
TIPC_HDR_FIELD(ack,              2, 16, 16)
TIPC_HDR_FIELD(seqno,            2,  0, 16)
TIPC_HDR_FIELD(prevnode,         3,  0, 32)
TIPC_HDR_FIELD(origport,         4,  0, 32)
TIPC_HDR_FIELD(destport,         5,  0, 32)
TIPC_HDR_FIELD(orignode_word,    6,  0, 32)
TIPC_HDR_FIELD(destnode,         7,  0, 32)
TIPC_HDR_FIELD(nametype,         8,  0, 32)
TIPC_HDR_FIELD(nameinst,         9,  0, 32)
TIPC_HDR_FIELD(namelower,        9,  0, 32)
TIPC_HDR_FIELD(conn_ack,         9, 16, 16)
TIPC_HDR_FIELD(adv_win,          9,  0, 16)
TIPC_HDR_FIELD(nameupper,       10,  0, 32)
/* Group data (words 9-10) and GROUP_PROTOCOL (word 9) reuse these bits */
TIPC_HDR_FIELD(grp_bc_syncpt,    9, 16, 16)
TIPC_HDR_FIELD(grp_bc_acked,     9, 16, 16)
TIPC_HDR_FIELD(grp_remitted,     9, 16, 16)
TIPC_HDR_FIELD(grp_bc_seqno,    10, 16, 16)
TIPC_HDR_FIELD(grp_evt,         10,  0,  2)
TIPC_HDR_FIELD(grp_bc_ack_req,  10,  0,  1)
/* LINK_CONFIG (discovery, 60-byte header): words 1-4, 13 and 14 */
TIPC_HDR_FIELD(node_sig,         1,  0, 16)
TIPC_HDR_FIELD(node_caps,        1, 15, 13)
TIPC_HDR_FIELD(dest_domain,      2,  0, 32)
TIPC_HDR_FIELD(bc_netid,         4,  0, 32)
TIPC_HDR_FIELD(peer_net_hash,   13,  0, 32)
TIPC_HDR_FIELD(sugg_node_addr,  14,  0, 32)
/* MSG_FRAGMENTER and MSG_BUNDLER (40-byte header): words 4 and 9 */
TIPC_HDR_FIELD(fragm_no,         4, 16, 16)
TIPC_HDR_FIELD(nof_fragms,       4,  0, 16)
TIPC_HDR_FIELD(msgcnt,           9, 16, 16)
TIPC_HDR_FIELD(int_importance,   9,  0,  3)
/* TUNNEL_PROTOCOL: a SYNCH_MSG's sync point sits where FAILOVER has msgcnt */
TIPC_HDR_FIELD(syncpt,           9, 16, 16)
/* LINK_PROTOCOL (40-byte header) */
TIPC_HDR_FIELD(keepalive,        0, 19,  1)
TIPC_HDR_FIELD(seq_gap,          1, 16, 13)
TIPC_HDR_FIELD(dest_session_ok,  1, 16,  1)
TIPC_HDR_FIELD(dest_session,     1,  0, 16)
TIPC_HDR_FIELD(last_bcast,       4, 16, 16)
TIPC_HDR_FIELD(next_sent,        4,  0, 16)
TIPC_HDR_FIELD(session,          5, 16, 16)
TIPC_HDR_FIELD(bc_ack_invalid,   5, 14,  1)
TIPC_HDR_FIELD(peer_stopping,    5, 13,  1)
TIPC_HDR_FIELD(redundant_link,   5, 12,  1)
TIPC_HDR_FIELD(bearer_id,        5,  9,  3)
TIPC_HDR_FIELD(linkprio,         5,  4,  5)
TIPC_HDR_FIELD(plane_no,         5,  1,  3)
TIPC_HDR_FIELD(probe,            5,  0,  1)
TIPC_HDR_FIELD(bc_gap,           8,  0, 10)
TIPC_HDR_FIELD(max_pkt_words,    9, 16, 16)
TIPC_HDR_FIELD(link_tolerance,   9,  0, 16)
/* BCAST_PROTOCOL: the broadcast gap being reported */
TIPC_HDR_FIELD(bcgap_after,      2, 16, 16)
TIPC_HDR_FIELD(bcgap_to,         2,  0, 16)
/* Any broadcast packet: the cluster id, over whatever word 5 held */
TIPC_HDR_FIELD(mc_netid,         5,  0, 32)
/* NAME_DISTRIBUTOR: bulk flags (word 1) and update number (word 4) */
TIPC_HDR_FIELD(bulk,             1, 28,  1)
TIPC_HDR_FIELD(last_bulk,        1, 27,  1)
TIPC_HDR_FIELD(non_legacy,       1, 26,  1)
TIPC_HDR_FIELD(named_seqno,      4,  0, 16)

#undef TIPC_HDR_FIELD

static inline struct tipc_msg *buf_msg(const struct sk_buff *skb)
{
	return (struct tipc_msg *)skb->data;
}

static inline u32 msg_hdr_sz(const struct tipc_msg *m)
{
	return msg_hdr_words(m) * 4;
}

static inline void msg_set_hdr_sz(struct tipc_msg *m, u32 bytes)
{
	msg_set_hdr_words(m, bytes / 4);
}

static inline u32 msg_data_sz(const struct tipc_msg *m)
{
	return msg_size(m) - msg_hdr_sz(m);
}

static inline u8 *msg_data(const struct tipc_msg *m)
{
	return (u8 *)m + msg_hdr_sz(m);
}

static inline bool msg_isdata(const struct tipc_msg *m)
{
	return msg_user(m) <= TIPC_CRITICAL_IMPORTANCE;
}

static inline bool msg_connected(const struct tipc_msg *m)
{
	return msg_type(m) == TIPC_CONN_MSG;
}

static inline bool msg_in_group(const struct tipc_msg *m)
{
	return msg_type(m) >= TIPC_GRP_MEMBER_EVT;
}

/* Data for every socket bound to a name: plain or group multicast */
static inline bool msg_is_mcast(const struct tipc_msg *m)
{
	return msg_type(m) == TIPC_MCAST_MSG ||
	       msg_type(m) == TIPC_GRP_BCAST_MSG ||
	       msg_type(m) == TIPC_GRP_MCAST_MSG;
}

/* A short (connected) header has no word 6: the origin is the sender. */
static inline u32 msg_orignode(const struct tipc_msg *m)
{
	if (msg_hdr_sz(m) == SHORT_H_SIZE)
		return msg_prevnode(m);
	return msg_orignode_word(m);
}

static inline void msg_set_orignode(struct tipc_msg *m, u32 node)
{
	msg_set_orignode_word(m, node);
}

static inline bool msg_is_grp_evt(const struct tipc_msg *m)
{
	return msg_type(m) == TIPC_GRP_MEMBER_EVT;
}

/*
 * 16-bit sequence numbers wrap around: @a precedes @b when @b is less
 * than half the number space ahead of it.
 */
static inline bool tipc_seq_before(u16 a, u16 b)
{
	u16 ahead = b - a;

	return ahead && ahead < 0x8000;
}

static inline bool tipc_seq_after(u16 a, u16 b)
{
	return (u16)(b - a) >= 0x8000;
}

/* Flow control counts messages in blocks of 1 KiB, started ones whole */
static inline u16 tipc_msg_blocks(u32 bytes)
{
	return bytes / 1024 + 1;
}

/* Fragments and bundles carry the importance of what they hold */
static inline u32 msg_importance(const struct tipc_msg *m)
{
	u32 user = msg_user(m);

	if (user == MSG_FRAGMENTER || user == MSG_BUNDLER)
		return msg_int_importance(m);
	if (msg_isdata(m) && !msg_errcode(m))
		return user;
	return TIPC_SYSTEM_IMPORTANCE;
}

/* Per-packet state kept in skb->cb while a message is inside TIPC */
struct tipc_skb_cb {
	u32 bytes_read;		/* of a message partly read with MSG_EOR */
	u32 member;		/* instance of the group member it came from */
	u32 dnode;		/* where a short-header message goes, if sent */
	u32 port;		/* fragment: the port its message is from */
	unsigned long retr_next;	/* link: not resent before this */
	unsigned long retr_stamp;	/* link: when first resent */
	u16 retr_cnt;		/* link: times resent */
	u8 imp;			/* link: importance of a blocked sender */
	u16 ackers;		/* bclink: peers yet to acknowledge it */
};

#define TIPC_SKB_CB(skb) ((struct tipc_skb_cb *)&((skb)->cb[0]))

void tipc_msg_init(struct tipc_msg *m, u32 own_addr, u32 user, u32 type,
		   u32 hsize, u32 dnode);
struct sk_buff *tipc_msg_new(u32 user, u32 type, u32 hsize, u32 own_addr,
			     u32 dnode);
struct sk_buff *tipc_msg_wakeup(u32 own_addr, u32 port, int imp);
int tipc_msg_append(const struct tipc_msg *hdr, struct msghdr *m, u32 dlen,
		    u32 mss, struct sk_buff_head *list);
int tipc_msg_build(const struct tipc_msg *hdr, struct msghdr *m, size_t dlen,
		   struct sk_buff_head *list);
int tipc_msg_validate(struct sk_buff *skb);
bool tipc_msg_reverse(u32 own_addr, struct sk_buff **skb, int err);
bool tipc_msg_defer(struct sk_buff_head *dq, struct sk_buff *skb);

/*
 * The port an outgoing packet was sent from, the one to block when its
 * link is congested. Fragment headers do not carry it: their cb does.
 */
static inline u32 tipc_skb_origport(const struct sk_buff *skb)
{
	const struct tipc_msg *m = buf_msg(skb);

	if (msg_user(m) == MSG_FRAGMENTER)
		return TIPC_SKB_CB(skb)->port;
	return msg_origport(m);
}

/* Make @list a private queue holding the single packet @skb */
static inline void tipc_skb_list_one(struct sk_buff_head *list,
				     struct sk_buff *skb)
{
	__skb_queue_head_init(list);
	__skb_queue_tail(list, skb);
}

struct sk_buff *tipc_msg_wrap(const struct tipc_msg *hdr,
			      const struct sk_buff *inner);

#endif
