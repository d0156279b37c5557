// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: neighbour monitoring (see monitor.h for the idea and locks).
 *
 * The ring: every peer ever up on the bearer, kept until its link is
 * deleted, in ascending address order starting after ourselves and
 * wrapping around. Our domain is the first ceil(sqrt(N)) - 1 of them.
 * A peer's record lists its own domain; it "applies" as far as its
 * members match the peers that follow it on our ring. Walking the ring
 * from us: our domain members are local; the next peer that is up
 * becomes a head, the members its record applies to are covered by it,
 * the peer after them is the next head, and so on. Local peers and
 * heads we supervise by probing; the others we leave to their heads.
 *
 * Generations: each change of our domain gets a new generation; a peer
 * acknowledges the newest it has in every record it sends (ack_gen),
 * and until it has, we send it the full record and probe it.
 */
#include <linux/bitops.h>
#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>

#include "addr.h"
#include "core.h"
#include "monitor.h"
#include "msg.h"

#define TIPC_MON_MEMBERS_MAX	64
/* Reports of a member's loss by its head before its link is reset */
#define TIPC_MON_LOSS_REPORTS	4

/* A domain record on the wire: big endian, 4-byte aligned at best */
struct tipc_mon_wire {
	__be16 len;
	__be16 gen;
	__be16 ack_gen;
	__be16 cnt;
	__be64 up_map;
	__be32 member[];
} __packed;

/* A domain record in host order */
struct tipc_mon_dom {
	u16 gen;
	u16 cnt;
	u64 up_map;
	u32 member[TIPC_MON_MEMBERS_MAX];
};

/**
 * struct tipc_mon_peer - a node on the ring
 * @addr: its address
 * @dom: its latest domain record, NULL if none (ours: the monitor's)
 * @hnode: in the monitor's hash table (not ourselves)
 * @ring: the ring, in circular address order
 * @applied: leading members of @dom that match the ring after it
 * @loss_cnt: times its head reported it lost; nonzero: probe it
 * @up: its link on this bearer is up
 * @head: head of a domain
 * @local: member of our domain
 */
struct tipc_mon_peer {
	u32 addr;
	struct tipc_mon_dom *dom;
	struct hlist_node hnode;
	struct list_head ring;
	u8 applied;
	u8 loss_cnt;
	bool up;
	bool head;
	bool local;
};

/**
 * struct tipc_monitor - the ring of one bearer
 * @lock: protects all of the monitor but @ref and @net
 * @ref: the bearer and each of its links
 * @net: namespace (outlives every reference)
 * @self: ourselves, the ring's anchor; always up and a head
 * @peers: the other nodes, by address
 * @peer_cnt: nodes on the ring, ourselves included
 * @roles_gen: bumped whenever roles are assigned anew
 * @dom_gen: generation of our domain record
 * @own: our domain
 * @wire: @own as sent, but for ack_gen
 * @wire_len: its length
 */
struct tipc_monitor {
	spinlock_t lock;	/* see above */
	refcount_t ref;
	struct net *net;
	struct tipc_mon_peer self;
	DECLARE_HASHTABLE(peers, 6);
	u32 peer_cnt;
	u16 roles_gen;
	u16 dom_gen;
	struct tipc_mon_dom own;
	u8 wire[TIPC_MON_RECORD_MAX];
	u32 wire_len;
};

static struct tipc_mon_peer *mon_next(struct tipc_mon_peer *p)
{
	return list_next_entry(p, ring);
}

static struct tipc_mon_peer *mon_prev(struct tipc_mon_peer *p)
{
	return list_prev_entry(p, ring);
}

/* The head whose domain @p is in (@p itself if a head) */
static struct tipc_mon_peer *mon_head_of(struct tipc_mon_peer *p)
{
	while (!p->head)
		p = mon_prev(p);
	return p;
}

static struct tipc_mon_peer *mon_find(struct tipc_monitor *mon, u32 addr)
{
	struct tipc_mon_peer *p;

	hash_for_each_possible(mon->peers, p, hnode, addr)
		if (p->addr == addr)
			return p;
	return NULL;
}

/* Domain size for @nodes on the ring, ourselves included */
static u32 mon_domain_size(u32 nodes)
{
	u32 n = int_sqrt(nodes);

	if (n * n < nodes)
		n++;
	return min_t(u32, n, TIPC_MON_MEMBERS_MAX);
}

static bool mon_is_active(struct tipc_monitor *mon)
{
	return mon->peer_cnt > READ_ONCE(tipc_net(mon->net)->mon_threshold);
}

/* How far @p's record matches the ring after @p */
static void mon_apply(struct tipc_mon_peer *p)
{
	struct tipc_mon_peer *m = p;
	u32 i;

	if (!p->dom || !p->up)
		return;
	for (i = 0; i < p->dom->cnt; i++) {
		m = mon_next(m);
		if (m->addr != p->dom->member[i])
			break;
	}
	p->applied = i;
}

/*
 * Re-match the records of @p and of those before it that may reach it.
 * A record may be larger than our ring's size would make it (the peer
 * knew more nodes then), so look as far back as any record reaches.
 */
static void mon_apply_around(struct tipc_monitor *mon, struct tipc_mon_peer *p)
{
	u32 n = min_t(u32, mon->peer_cnt, TIPC_MON_MEMBERS_MAX + 1);

	while (n--) {
		mon_apply(p);
		p = mon_prev(p);
	}
}

/*
 * Head @p's record changed from @old (@old_applied members matching):
 * a member it saw up before and down now, not ours to watch, counts
 * one more loss report; one that left its domain is probed by us.
 */
static void mon_check_losses(struct tipc_mon_peer *p,
			     const struct tipc_mon_dom *old, u32 old_applied)
{
	struct tipc_mon_peer *m = p;
	u32 i;

	for (i = 0; i < old_applied; i++) {
		m = mon_next(m);
		if (!m->up || !(old->up_map & BIT_ULL(i)) || m->local)
			continue;
		if (i >= p->applied)
			m->loss_cnt = 1;
		else if (!(p->dom->up_map & BIT_ULL(i)))
			m->loss_cnt++;
	}
}

/* Our record in wire format, but for ack_gen (filled in per link) */
static void mon_encode_own(struct tipc_monitor *mon)
{
	struct tipc_mon_wire *w = (void *)mon->wire;
	const struct tipc_mon_dom *d = &mon->own;
	u32 i;

	mon->wire_len = struct_size(w, member, d->cnt);
	w->len = htons(mon->wire_len);
	w->gen = htons(d->gen);
	w->ack_gen = 0;
	w->cnt = htons(d->cnt);
	w->up_map = cpu_to_be64(d->up_map);
	for (i = 0; i < d->cnt; i++)
		w->member[i] = htonl(d->member[i]);
}

/* Recompute our domain from the ring; a change is a new generation */
static void mon_update_own(struct tipc_monitor *mon)
{
	struct tipc_mon_dom *d = &mon->own;
	struct tipc_mon_peer *m = &mon->self;
	u32 cnt = mon_domain_size(mon->peer_cnt) - 1, i;
	bool changed = d->cnt != cnt;
	u64 up_map = 0;

	for (i = 0; i < cnt; i++) {
		m = mon_next(m);
		changed |= d->member[i] != m->addr;
		d->member[i] = m->addr;
		if (m->up)
			up_map |= BIT_ULL(i);
	}
	mon->self.applied = cnt;
	if (!changed && d->up_map == up_map)
		return;
	d->cnt = cnt;
	d->up_map = up_map;
	d->gen = ++mon->dom_gen;
	mon_encode_own(mon);
}

/*
 * Walk the ring from @head up to ourselves, giving each peer its role,
 * and stop early at a head already in place: past it nothing changed.
 */
static void mon_assign_roles(struct tipc_monitor *mon,
			     struct tipc_mon_peer *head)
{
	struct tipc_mon_peer *p;
	u32 covered = 0;

	for (p = mon_next(head); p != &mon->self; p = mon_next(p)) {
		p->local = false;
		if (covered++ < head->applied) {
			p->head = false;
			p->local = head == &mon->self;
			continue;
		}
		if (!p->up)
			continue;
		if (p->head)
			break;
		p->head = true;
		head = p;
		covered = 0;
	}
	mon->roles_gen++;
}

/* After a change at @p: our domain if it may be affected, then roles */
static void mon_rearrange(struct tipc_monitor *mon, struct tipc_mon_peer *p)
{
	struct tipc_mon_peer *head = mon_head_of(p), *self = &mon->self;

	if (head == self ||
	    self->applied != mon_domain_size(mon->peer_cnt) - 1) {
		mon_update_own(mon);
		mon_assign_roles(mon, self);
	}
	if (head != self)
		mon_assign_roles(mon, head);
}

/* Put @addr on the ring, in circular order after ourselves */
static struct tipc_mon_peer *mon_insert(struct tipc_monitor *mon, u32 addr)
{
	struct tipc_mon_peer *p, *pos = &mon->self;
	u32 base;

	p = kzalloc(sizeof(*p), GFP_ATOMIC);
	if (!p)
		return NULL;
	/* Our address is settled by the time the first peer comes */
	if (mon->peer_cnt == 1)
		mon->self.addr = tipc_own_addr(mon->net);
	base = mon->self.addr;
	while (mon_next(pos) != &mon->self &&
	       mon_next(pos)->addr - base < addr - base)
		pos = mon_next(pos);
	p->addr = addr;
	list_add(&p->ring, &pos->ring);
	hash_add(mon->peers, &p->hnode, addr);
	mon->peer_cnt++;
	mon_apply_around(mon, p);
	return p;
}

void tipc_mon_peer_up(struct tipc_monitor *mon, u32 addr)
{
	struct tipc_mon_peer *p;

	spin_lock_bh(&mon->lock);
	p = mon_find(mon, addr) ?: mon_insert(mon, addr);
	if (p) {
		p->up = true;
		mon_rearrange(mon, p);
	}
	spin_unlock_bh(&mon->lock);
}

void tipc_mon_peer_down(struct tipc_monitor *mon, u32 addr)
{
	struct tipc_mon_dom *old;
	struct tipc_mon_peer *p;
	u32 old_applied;

	spin_lock_bh(&mon->lock);
	p = mon_find(mon, addr);
	if (!p)
		goto out;
	old = p->dom;
	old_applied = p->applied;
	p->dom = NULL;
	p->applied = 0;
	/* A head going down leaves its domain to us: probe them */
	if (p->head && old)
		mon_check_losses(p, old, old_applied);
	kfree(old);
	p->up = false;
	p->head = false;
	p->local = false;
	p->loss_cnt = 0;
	mon_rearrange(mon, p);
out:
	spin_unlock_bh(&mon->lock);
}

/* The link to @addr is deleted: off the ring */
void tipc_mon_peer_remove(struct tipc_monitor *mon, u32 addr)
{
	struct tipc_mon_peer *p, *prev;

	spin_lock_bh(&mon->lock);
	p = mon_find(mon, addr);
	if (!p)
		goto out;
	prev = mon_prev(p);
	list_del(&p->ring);
	hash_del(&p->hnode);
	kfree(p->dom);
	kfree(p);
	mon->peer_cnt--;
	mon_apply_around(mon, prev);
	/* Back below the threshold: records are stale from now on */
	if (!mon_is_active(mon)) {
		list_for_each_entry(p, &mon->self.ring, ring) {
			kfree(p->dom);
			p->dom = NULL;
			p->applied = 0;
		}
	}
	mon_rearrange(mon, prev);
out:
	spin_unlock_bh(&mon->lock);
}

/*
 * Refresh @st, the view of the link to @addr: whether to supervise it,
 * whether to probe it, whether to give up on it.
 */
void tipc_mon_link_state(struct tipc_monitor *mon, u32 addr,
			 struct tipc_mon_link *st)
{
	struct tipc_mon_peer *p;

	spin_lock_bh(&mon->lock);
	if (!mon_is_active(mon)) {
		st->probing = false;
		st->monitoring = true;
		goto out;
	}
	if (!st->probing && st->roles_gen == mon->roles_gen &&
	    st->tx_acked == mon->dom_gen)
		goto out;
	p = mon_find(mon, addr);
	if (!p)
		goto out;
	st->probing = st->tx_acked != mon->dom_gen || p->loss_cnt;
	st->reset |= p->loss_cnt >= TIPC_MON_LOSS_REPORTS;
	st->monitoring = p->local || p->head;
	st->roles_gen = mon->roles_gen;
out:
	spin_unlock_bh(&mon->lock);
}

/*
 * Our record for a STATE message to the peer of @st, into @buf
 * (TIPC_MON_RECORD_MAX bytes): its length, 0 when not monitoring. Once
 * the peer has our latest generation, an empty record carries the ack.
 */
u32 tipc_mon_record(struct tipc_monitor *mon, const struct tipc_mon_link *st,
		    void *buf)
{
	struct tipc_mon_wire *w = buf;
	u32 len = sizeof(*w);

	spin_lock_bh(&mon->lock);
	if (!mon_is_active(mon)) {
		len = 0;
	} else if (st->tx_acked != mon->dom_gen) {
		len = mon->wire_len;
		memcpy(buf, mon->wire, len);
	} else {
		w->len = htons(len);
		w->gen = htons(mon->dom_gen);
		w->cnt = 0;
		w->up_map = 0;
	}
	spin_unlock_bh(&mon->lock);
	if (len)
		w->ack_gen = htons(st->rx_gen);
	return len;
}

/* Validate a received record: its member count, or -1 */
static int mon_wire_check(const struct tipc_mon_wire *w, u32 len)
{
	u16 cnt;

	if (len < sizeof(*w))
		return -1;
	cnt = ntohs(w->cnt);
	if (cnt > TIPC_MON_MEMBERS_MAX || len != struct_size(w, member, cnt) ||
	    ntohs(w->len) != len)
		return -1;
	return cnt;
}

/* Keep @w as @p's record and see what it tells of the ring */
static void mon_store(struct tipc_monitor *mon, struct tipc_mon_peer *p,
		      const struct tipc_mon_wire *w, u16 cnt)
{
	struct tipc_mon_dom *d, *old = p->dom;
	u32 old_applied = p->applied, i;

	d = kmalloc(sizeof(*d), GFP_ATOMIC);
	if (!d)
		return;
	d->gen = ntohs(w->gen);
	d->cnt = cnt;
	d->up_map = be64_to_cpu(w->up_map);
	for (i = 0; i < cnt; i++)
		d->member[i] = ntohl(w->member[i]);
	p->dom = d;
	mon_apply(p);
	if (old)
		mon_check_losses(p, old, old_applied);
	kfree(old);
	mon_assign_roles(mon, mon_head_of(p));
}

/* The record @data, @len bytes, from the STATE message of @addr's link */
void tipc_mon_rcv(struct tipc_monitor *mon, u32 addr, struct tipc_mon_link *st,
		  const void *data, u32 len)
{
	const struct tipc_mon_wire *w = data;
	bool was_probing = st->probing;
	struct tipc_mon_peer *p;
	u16 gen, ack;
	bool fresh;
	int cnt;

	st->probing = false;
	cnt = mon_wire_check(w, len);
	if (cnt < 0)
		return;
	gen = ntohs(w->gen);
	ack = ntohs(w->ack_gen);
	if (!st->synched) {
		st->rx_gen = gen - 1;
		st->tx_acked = ack;
		st->synched = true;
	}
	if (tipc_seq_after(ack, st->tx_acked))
		st->tx_acked = ack;
	fresh = tipc_seq_after(gen, st->rx_gen);
	/* A repeat is news only as the answer to our probe */
	if (!fresh && !was_probing)
		return;
	spin_lock_bh(&mon->lock);
	p = mon_find(mon, addr);
	if (p && p->up) {
		p->loss_cnt = 0;
		if (fresh) {
			st->rx_gen = gen;
			mon_store(mon, p, w, cnt);
		}
	}
	spin_unlock_bh(&mon->lock);
}

/* ---- life cycle ---- */

struct tipc_monitor *tipc_mon_create(struct net *net)
{
	struct tipc_monitor *mon = kzalloc(sizeof(*mon), GFP_KERNEL);

	if (!mon)
		return NULL;
	spin_lock_init(&mon->lock);
	refcount_set(&mon->ref, 1);
	mon->net = net;
	hash_init(mon->peers);
	INIT_LIST_HEAD(&mon->self.ring);
	mon->self.addr = tipc_own_addr(net);
	mon->self.dom = &mon->own;
	mon->self.up = true;
	mon->self.head = true;
	mon->peer_cnt = 1;
	mon_encode_own(mon);
	return mon;
}

struct tipc_monitor *tipc_mon_get(struct tipc_monitor *mon)
{
	if (mon)
		refcount_inc(&mon->ref);
	return mon;
}

void tipc_mon_put(struct tipc_monitor *mon)
{
	struct tipc_mon_peer *p, *tmp;

	if (!mon || !refcount_dec_and_test(&mon->ref))
		return;
	list_for_each_entry_safe(p, tmp, &mon->self.ring, ring) {
		kfree(p->dom);
		kfree(p);
	}
	kfree(mon);
}

/* ---- what netlink shows ---- */

u32 tipc_mon_threshold(struct net *net)
{
	return READ_ONCE(tipc_net(net)->mon_threshold);
}

int tipc_mon_set_threshold(struct net *net, u32 threshold)
{
	if (threshold > TIPC_MON_THRESHOLD_MAX)
		return -EINVAL;
	WRITE_ONCE(tipc_net(net)->mon_threshold, threshold);
	return 0;
}

/* Whether monitoring is on; the ring's size and role generation */
bool tipc_mon_summary(struct tipc_monitor *mon, u32 *peer_cnt, u32 *list_gen)
{
	bool active;

	spin_lock_bh(&mon->lock);
	*peer_cnt = mon->peer_cnt;
	*list_gen = mon->roles_gen;
	active = mon_is_active(mon);
	spin_unlock_bh(&mon->lock);
	return active;
}

/* The @idx-th node of the ring, ourselves first; -ENOENT past the end */
int tipc_mon_peer_view(struct tipc_monitor *mon, long idx,
		       struct tipc_mon_view *v)
{
	struct tipc_mon_peer *p = &mon->self;
	int err = 0;

	spin_lock_bh(&mon->lock);
	while (idx-- > 0) {
		p = mon_next(p);
		if (p == &mon->self) {
			err = -ENOENT;
			goto out;
		}
	}
	memset(v, 0, sizeof(*v));
	v->addr = p->addr;
	v->applied = p->applied;
	v->up = p->up;
	v->local = p->local;
	v->head = p->head;
	v->has_record = p->dom;
	if (p->dom) {
		v->gen = p->dom->gen;
		v->cnt = p->dom->cnt;
		v->up_map = p->dom->up_map;
		memcpy(v->member, p->dom->member, p->dom->cnt * sizeof(u32));
	}
out:
	spin_unlock_bh(&mon->lock);
	return err;
}
