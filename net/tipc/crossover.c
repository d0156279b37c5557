// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: the crossover between namespaces of this kernel: the table
 * of local namespaces, checking a peer's proof, sending directly, the
 * switch and the counters. The design and its locking: crossover.h.
 */
#include <linux/etherdevice.h>
#include <linux/hashtable.h>
#include <linux/if_ether.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <linux/u64_stats_sync.h>
#include <net/net_namespace.h>
#include <net/netns/hash.h>

#include "core.h"
#include "crossover.h"
#include "fragment.h"
#include "msg.h"
#include "node.h"
#include "socket.h"

/* What one CPU counted for a namespace */
struct tipc_xo_stats {
	u64_stats_t tx_msgs;
	u64_stats_t tx_bytes;
	u64_stats_t rx_msgs;
	u64_stats_t rx_bytes;
	u64_stats_t fallbacks;
	struct u64_stats_sync syncp;
};

/* Every namespace of this module, by proof and by identity */
#define TIPC_XO_HASH_BITS	8
static DEFINE_HASHTABLE(tipc_xo_by_proof, TIPC_XO_HASH_BITS);
static DEFINE_HASHTABLE(tipc_xo_by_id, TIPC_XO_HASH_BITS);
static DEFINE_SPINLOCK(tipc_xo_lock);	/* guards both tables' writers */

static struct tipc_xo_net *tipc_xo(const struct net *net)
{
	return &tipc_net(net)->xo;
}

static u32 tipc_xo_id_key(const u8 *id)
{
	return jhash(id, TIPC_ID_LEN, 0);
}

/*
 * Both namespace hash mixes and our random value: only code running in
 * this kernel can know it. In init_net it reduces to the random value.
 */
u32 tipc_xo_proof(const struct net *net)
{
	return net_hash_mix(&init_net) ^ net_hash_mix(net) ^
	       tipc_net(net)->random;
}

/* ---- the table and the proof check ---- */

/* Is @x the namespace that claims identity @id in @net's cluster? */
static bool tipc_xo_is(const struct net *net, const struct tipc_xo_net *x,
		       const u8 *id)
{
	const struct tipc_net *tx = tipc_net(x->net);

	return x->net != net && check_net(x->net) &&
	       READ_ONCE(tx->cluster_id) == READ_ONCE(tipc_net(net)->cluster_id) &&
	       !memcmp(tx->node_id, id, TIPC_ID_LEN);
}

/*
 * The local namespace a peer with identity @id and proof @proof is, or
 * NULL. A proof or an identity of a local namespace that does not come
 * with the rest is counted as rejected.
 */
static struct tipc_xo_net *tipc_xo_find(struct net *net, const u8 *id,
					u32 proof)
{
	struct tipc_xo_net *x, *found = NULL;
	bool forged = false;

	rcu_read_lock();
	hash_for_each_possible_rcu(tipc_xo_by_proof, x, by_proof, proof) {
		if (x->proof != proof || x->net == net)
			continue;
		if (tipc_xo_is(net, x, id)) {
			found = x;
			break;
		}
		forged = true;
	}
	if (!found && !forged) {
		hash_for_each_possible_rcu(tipc_xo_by_id, x, by_id,
					   tipc_xo_id_key(id))
			forged |= tipc_xo_is(net, x, id);
	}
	rcu_read_unlock();
	if (forged)
		atomic_long_inc(&tipc_xo(net)->rejected);
	return found;
}

void tipc_xo_id_changed(struct net *net)
{
	struct tipc_xo_net *xo = tipc_xo(net);

	spin_lock_bh(&tipc_xo_lock);
	if (!hlist_unhashed(&xo->by_id))
		hash_del_rcu(&xo->by_id);
	hash_add_rcu(tipc_xo_by_id, &xo->by_id,
		     tipc_xo_id_key(tipc_net(net)->node_id));
	spin_unlock_bh(&tipc_xo_lock);
}

/* ---- a peer node's state, under its lock ---- */

/* Discovery heard the peer with @proof: which namespace is it? */
void tipc_xo_peer_check(struct net *net, struct tipc_xo_peer *p,
			const u8 *id, u32 proof)
{
	if (proof == p->proof)
		return;
	p->proof = proof;
	p->cand = tipc_xo_find(net, id, proof);
}

/* Both switches on, and the peer namespace not on its way out */
static bool tipc_xo_allowed(const struct tipc_xo_net *self,
			    const struct tipc_xo_net *peer)
{
	return READ_ONCE(self->enabled) && READ_ONCE(peer->enabled) &&
	       check_net(peer->net);
}

/* Contact established: open the crossover if both sides allow it */
void tipc_xo_peer_up(struct net *net, struct tipc_xo_peer *p)
{
	if (p->cand && tipc_xo_allowed(tipc_xo(net), p->cand))
		rcu_assign_pointer(p->peer, p->cand);
}

/* Contact lost: the next discovery message checks the proof again */
void tipc_xo_peer_down(struct tipc_xo_peer *p)
{
	RCU_INIT_POINTER(p->peer, NULL);
	p->cand = NULL;
	p->proof = 0;
}

/*
 * @dying leaves: forget it if this peer is it. The published pointer
 * may still name a namespace the peer no longer proves to be (its
 * proof changed while in contact), so both are looked at.
 */
void tipc_xo_peer_forget(struct tipc_xo_peer *p, const struct net *dying)
{
	/* the node lock is held: the pointer cannot change under us */
	struct tipc_xo_net *peer = rcu_dereference_protected(p->peer, true);

	if ((p->cand && p->cand->net == dying) ||
	    (peer && peer->net == dying))
		tipc_xo_peer_down(p);
}

/* ---- sending ---- */

static void tipc_xo_count(struct tipc_xo_net *self, struct tipc_xo_net *peer,
			  u32 msgs, u32 bytes)
{
	struct tipc_xo_stats *s;

	s = this_cpu_ptr(self->stats);
	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->tx_msgs, msgs);
	u64_stats_add(&s->tx_bytes, bytes);
	u64_stats_update_end(&s->syncp);
	s = this_cpu_ptr(peer->stats);
	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->rx_msgs, msgs);
	u64_stats_add(&s->rx_bytes, bytes);
	u64_stats_update_end(&s->syncp);
}

static void tipc_xo_count_fallback(struct tipc_xo_net *self)
{
	struct tipc_xo_stats *s = this_cpu_ptr(self->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->fallbacks);
	u64_stats_update_end(&s->syncp);
}

/*
 * For packet taps on @peer's loopback device: each message as a frame
 * of EtherType ETH_P_TIPC, as if it had come in there. Nothing else
 * takes such frames on a loopback device; the stack drops them.
 */
static void tipc_xo_trace(struct net *peer, struct sk_buff_head *list)
{
	struct net_device *lo = peer->loopback_dev;
	struct sk_buff *skb, *copy;
	struct ethhdr *eth;

	if (!lo || !dev_nit_active(lo))
		return;
	skb_queue_walk(list, skb) {
		copy = skb_copy_expand(skb, ETH_HLEN, 0, GFP_ATOMIC);
		if (!copy)
			return;
		eth = skb_push(copy, ETH_HLEN);
		eth_zero_addr(eth->h_dest);
		eth_zero_addr(eth->h_source);
		eth->h_proto = htons(ETH_P_TIPC);
		copy->protocol = eth_type_trans(copy, lo);
		copy->pkt_type = PACKET_HOST;
		copy->ip_summed = CHECKSUM_UNNECESSARY;
		netif_rx(copy);
	}
}

/*
 * A fragmented message (a multicast built for the broadcast link's
 * MTU) is put back together here: the peer's sockets take it whole.
 * Consumes @list's packets; false if they do not make one message.
 */
static bool tipc_xo_reassemble(struct sk_buff_head *list)
{
	struct sk_buff *head = NULL, *skb, *whole = NULL;

	while ((skb = __skb_dequeue(list))) {
		if (whole || tipc_msg_reassemble(&head, &skb) < 0) {
			kfree_skb(skb);
			continue;
		}
		whole = skb;
	}
	kfree_skb(head);
	if (!whole)
		return false;
	__skb_queue_tail(list, whole);
	return true;
}

/* What may cross: user data and the sockets' own protocols */
static bool tipc_xo_takes(u32 user)
{
	return user <= TIPC_CRITICAL_IMPORTANCE || user == CONN_MANAGER ||
	       user == GROUP_PROTOCOL || user == MSG_FRAGMENTER;
}

/* Deliver @list to @peer's sockets; RCU read side */
static void tipc_xo_deliver(struct tipc_xo_net *self, struct tipc_xo_net *peer,
			    struct sk_buff_head *list)
{
	struct sk_buff *skb;
	u32 bytes = 0;

	skb_queue_walk(list, skb)
		bytes += msg_size(buf_msg(skb));
	tipc_xo_count(self, peer, skb_queue_len(list), bytes);
	tipc_xo_trace(peer->net, list);
	tipc_sk_rcv(peer->net, list);
}

/*
 * Send @list (one message, or its fragments) straight to the peer's
 * sockets if the crossover to it is open and the message may take it.
 * The node lock is not held: the peer's receive path may take its own
 * node locks. True if @list was consumed (a broken fragment train is
 * dropped, as a link would drop it); false leaves it to the link.
 */
bool tipc_xo_xmit(struct tipc_xo_net *self, struct tipc_xo_peer *p,
		  struct sk_buff_head *list)
{
	struct tipc_xo_net *peer = rcu_dereference(p->peer);
	struct sk_buff *skb = skb_peek(list);

	if (!peer || !skb || !tipc_xo_takes(msg_user(buf_msg(skb))))
		return false;
	if (!tipc_xo_allowed(self, peer)) {
		tipc_xo_count_fallback(self);
		return false;
	}
	if (msg_user(buf_msg(skb)) != MSG_FRAGMENTER ||
	    tipc_xo_reassemble(list))
		tipc_xo_deliver(self, peer, list);
	return true;
}

bool tipc_xo_active(const struct tipc_xo_net *self, struct tipc_xo_peer *p)
{
	struct tipc_xo_net *peer = rcu_dereference(p->peer);

	return peer && tipc_xo_allowed(self, peer);
}

/* ---- /proc/net/tipc/crossover ---- */

void tipc_xo_show_peer(struct seq_file *seq, u32 addr, const char *id,
		       struct tipc_xo_peer *p)
{
	struct tipc_xo_net *peer = rcu_dereference(p->peer);

	if (peer)
		seq_printf(seq, "peer %x %s netns %u\n", addr, id,
			   peer->net->ns.inum);
}

static void tipc_xo_sum(struct tipc_xo_net *xo, u64 *v)
{
	struct tipc_xo_stats *s;
	unsigned int start;
	int cpu;

	memset(v, 0, 5 * sizeof(*v));
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(xo->stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v[0] += u64_stats_read(&s->tx_msgs);
			v[1] += u64_stats_read(&s->tx_bytes);
			v[2] += u64_stats_read(&s->rx_msgs);
			v[3] += u64_stats_read(&s->rx_bytes);
			v[4] += u64_stats_read(&s->fallbacks);
		} while (u64_stats_fetch_retry(&s->syncp, start));
	}
}

static int tipc_xo_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	struct tipc_xo_net *xo = tipc_xo(net);
	u64 c[5];

	tipc_xo_sum(xo, c);
	seq_printf(seq, "enabled %d\n", READ_ONCE(xo->enabled));
	seq_printf(seq, "tx_msgs %llu\ntx_bytes %llu\n", c[0], c[1]);
	seq_printf(seq, "rx_msgs %llu\nrx_bytes %llu\n", c[2], c[3]);
	seq_printf(seq, "fallbacks %llu\n", c[4]);
	seq_printf(seq, "rejected %lu\n", atomic_long_read(&xo->rejected));
	tipc_node_xo_show(net, seq);
	return 0;
}

/* ---- the switch: sysctl net.tipc.crossover ---- */

static struct ctl_table tipc_xo_sysctl[] = {
	{
		.procname	= "crossover",
		.mode		= 0644,
		.maxlen		= sizeof(int),
		/* 0 or 1; .data is set per namespace */
		.extra2		= SYSCTL_ONE,
		.extra1		= SYSCTL_ZERO,
		.proc_handler	= proc_dointvec_minmax,
	},
};

static int tipc_xo_sysctl_init(struct net *net)
{
	struct tipc_xo_net *xo = tipc_xo(net);
	struct ctl_table *t;

	t = kmemdup(tipc_xo_sysctl, sizeof(tipc_xo_sysctl), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t[0].data = &xo->enabled;
	xo->sysctl = register_net_sysctl_sz(net, "net/tipc", t,
					    ARRAY_SIZE(tipc_xo_sysctl));
	if (!xo->sysctl) {
		kfree(t);
		return -ENOMEM;
	}
	return 0;
}

static void tipc_xo_sysctl_exit(struct net *net)
{
	struct tipc_xo_net *xo = tipc_xo(net);
	const struct ctl_table *t = xo->sysctl->ctl_table_arg;

	unregister_net_sysctl_table(xo->sysctl);
	kfree(t);
}

/* ---- namespace life cycle ---- */

/* After tipc_net.random is drawn: list the namespace */
int tipc_xo_pernet_init(struct net *net)
{
	struct tipc_xo_net *xo = tipc_xo(net);
	struct proc_dir_entry *dir;
	int err;

	xo->net = net;
	xo->enabled = 1;
	xo->proof = tipc_xo_proof(net);
	INIT_HLIST_NODE(&xo->by_id);
	xo->stats = netdev_alloc_pcpu_stats(struct tipc_xo_stats);
	if (!xo->stats)
		return -ENOMEM;
	err = tipc_xo_sysctl_init(net);
	if (err)
		goto free_stats;
	err = -ENOMEM;
	dir = proc_net_mkdir(net, "tipc", net->proc_net);
	if (!dir)
		goto sysctl;
	if (!proc_create_net_single("crossover", 0444, dir, tipc_xo_show,
				    NULL))
		goto proc;
	spin_lock_bh(&tipc_xo_lock);
	hash_add_rcu(tipc_xo_by_proof, &xo->by_proof, xo->proof);
	spin_unlock_bh(&tipc_xo_lock);
	return 0;

proc:
	remove_proc_subtree("tipc", net->proc_net);
sysctl:
	tipc_xo_sysctl_exit(net);
free_stats:
	free_percpu(xo->stats);
	return err;
}

/*
 * The namespace dies: no discovery message finds it from now on, and no
 * peer node of any namespace keeps pointing at it.
 */
void tipc_xo_pernet_pre_exit(struct net *net)
{
	struct tipc_xo_net *xo = tipc_xo(net), *x;
	int bkt;

	spin_lock_bh(&tipc_xo_lock);
	hash_del_rcu(&xo->by_proof);
	if (!hlist_unhashed(&xo->by_id))
		hash_del_rcu(&xo->by_id);
	spin_unlock_bh(&tipc_xo_lock);
	rcu_read_lock();
	hash_for_each_rcu(tipc_xo_by_proof, bkt, x, by_proof)
		tipc_node_xo_forget(x->net, net);
	rcu_read_unlock();
}

/* After the RCU grace period that follows pre_exit */
void tipc_xo_pernet_exit(struct net *net)
{
	struct tipc_xo_net *xo = tipc_xo(net);

	remove_proc_subtree("tipc", net->proc_net);
	tipc_xo_sysctl_exit(net);
	free_percpu(xo->stats);
}
