// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: the binding table, mapping service ranges to sockets.
 *
 * Each service type has a tree of distinct instance ranges ordered by
 * (lower, upper), augmented with the largest upper bound of each subtree
 * so that the first range holding an instance is found in O(log n).
 * Every range keeps its bound sockets in a list that anycast lookups
 * rotate, which spreads load round-robin over equal bindings.
 *
 * The table holds other nodes' cluster-scope bindings too, as their name
 * distributors announced them (name_distr.c); ours of cluster scope are
 * announced to them from here, right as they are made and undone.
 */
#include <linux/hash.h>
#include <linux/rbtree_augmented.h>
#include <linux/rhashtable.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "addr.h"
#include "core.h"
#include "name_table.h"
#include "subscr.h"

/**
 * struct tipc_srange - one distinct instance range of a service
 * @lower: first instance
 * @upper: last instance
 * @max_upper: largest @upper in this subtree
 * @node: in the service's range tree
 * @members: bindings of this exact range, round-robin order
 */
struct tipc_srange {
	u32 lower;
	u32 upper;
	u32 max_upper;
	struct rb_node node;
	struct list_head members;
};

/**
 * struct tipc_service - all bindings of one service type
 * @type: service type, the hash key
 * @hnode: in tipc_nametbl.services
 * @lock: protects @ranges, the member lists and @dead
 * @ranges: tree of struct tipc_srange
 * @dead: unlinked from the table, about to be freed
 * @rcu: frees the service after readers are done
 */
struct tipc_service {
	u32 type;
	struct rhash_head hnode;
	spinlock_t lock; /* see struct tipc_service */
	struct rb_root ranges;
	bool dead;
	struct rcu_head rcu;
};

static const struct rhashtable_params tipc_service_params = {
	.key_len = sizeof(u32),
	.key_offset = offsetof(struct tipc_service, type),
	.head_offset = offsetof(struct tipc_service, hnode),
	.automatic_shrinking = true,
};

#define srange_of(rbn) rb_entry(rbn, struct tipc_srange, node)

static u32 srange_upper(struct tipc_srange *r)
{
	return r->upper;
}

RB_DECLARE_CALLBACKS_MAX(static, srange_augment, struct tipc_srange, node,
			 u32, max_upper, srange_upper)

/* Does @r sort before the range [@lower, @upper]? */
static bool srange_before(const struct tipc_srange *r, u32 lower, u32 upper)
{
	return r->lower < lower || (r->lower == lower && r->upper < upper);
}

static struct tipc_srange *srange_get(struct tipc_service *svc, u32 lower,
				      u32 upper)
{
	struct rb_node **link = &svc->ranges.rb_node, *parent = NULL;
	struct tipc_srange *r;

	while (*link) {
		parent = *link;
		r = srange_of(parent);
		if (r->lower == lower && r->upper == upper)
			return r;
		if (r->max_upper < upper)
			r->max_upper = upper;
		link = srange_before(r, lower, upper) ? &parent->rb_right :
							&parent->rb_left;
	}
	r = kzalloc(sizeof(*r), GFP_ATOMIC);
	if (!r)
		return NULL;
	r->lower = lower;
	r->upper = upper;
	r->max_upper = upper;
	INIT_LIST_HEAD(&r->members);
	rb_link_node(&r->node, parent, link);
	rb_insert_augmented(&r->node, &svc->ranges, &srange_augment);
	return r;
}

/*
 * The first range, in (lower, upper) order, that holds @inst. Whenever a
 * left subtree reaches @inst, the answer is there or nowhere: anything
 * further right starts above @inst.
 */
static struct tipc_srange *srange_first_holding(struct tipc_service *svc,
						u32 inst)
{
	struct rb_node *n = svc->ranges.rb_node;
	struct tipc_srange *r;

	while (n && srange_of(n)->max_upper >= inst) {
		if (n->rb_left && srange_of(n->rb_left)->max_upper >= inst) {
			n = n->rb_left;
			continue;
		}
		r = srange_of(n);
		if (r->lower > inst)
			return NULL;
		if (r->upper >= inst)
			return r;
		n = n->rb_right;
	}
	return NULL;
}

/* The next range after @r, in tree order, that holds @inst */
static struct tipc_srange *srange_next_holding(struct tipc_srange *r,
					       u32 inst)
{
	struct rb_node *n;

	for (n = rb_next(&r->node); n; n = rb_next(n)) {
		r = srange_of(n);
		if (r->lower > inst)
			break;
		if (r->upper >= inst)
			return r;
	}
	return NULL;
}

/* The range exactly [@lower, @upper] of @svc, if there is one */
static struct tipc_srange *srange_find(struct tipc_service *svc, u32 lower,
				       u32 upper)
{
	struct rb_node *n = svc->ranges.rb_node;
	struct tipc_srange *r;

	while (n) {
		r = srange_of(n);
		if (r->lower == lower && r->upper == upper)
			return r;
		n = srange_before(r, lower, upper) ? n->rb_right : n->rb_left;
	}
	return NULL;
}

/* Under RCU; the service stays valid until rcu_read_unlock(). */
static struct tipc_service *tipc_service_find(struct tipc_nametbl *nt,
					      u32 type)
{
	return rhashtable_lookup(&nt->services, &type, tipc_service_params);
}

static struct tipc_service *tipc_service_get(struct tipc_nametbl *nt,
					     u32 type)
{
	struct tipc_service *svc;
	int err;

	lockdep_assert_held(&nt->lock);
	/* Services are only removed under nt->lock: no RCU section needed */
	svc = rhashtable_lookup_fast(&nt->services, &type, tipc_service_params);
	if (svc)
		return svc;
	svc = kzalloc(sizeof(*svc), GFP_ATOMIC);
	if (!svc)
		return ERR_PTR(-ENOMEM);
	svc->type = type;
	spin_lock_init(&svc->lock);
	svc->ranges = RB_ROOT;
	err = rhashtable_insert_fast(&nt->services, &svc->hnode,
				     tipc_service_params);
	if (err) {
		kfree(svc);
		return ERR_PTR(err);
	}
	return svc;
}

/* Drop @r if it has no members, and @svc if it has no ranges left. */
static void tipc_service_prune(struct tipc_nametbl *nt,
			       struct tipc_service *svc, struct tipc_srange *r)
{
	lockdep_assert_held(&nt->lock);
	lockdep_assert_held(&svc->lock);
	if (!list_empty(&r->members))
		return;
	rb_erase_augmented(&r->node, &svc->ranges, &srange_augment);
	kfree(r);
	if (!RB_EMPTY_ROOT(&svc->ranges))
		return;
	svc->dead = true;
	rhashtable_remove_fast(&nt->services, &svc->hnode, tipc_service_params);
	kfree_rcu(svc, rcu);
}

static struct hlist_head *tipc_watch_bucket(struct tipc_nametbl *nt, u32 type)
{
	return &nt->watches[hash_32(type, ilog2(TIPC_WATCH_BUCKETS))];
}

/* Tell the subscriptions watching @b's type that it came or went. */
static void tipc_nametbl_notify(struct tipc_nametbl *nt,
				const struct tipc_binding *b, u32 event,
				bool first_or_last)
{
	struct tipc_sub *sub;

	lockdep_assert_held(&nt->lock);
	hlist_for_each_entry(sub, tipc_watch_bucket(nt, b->type), watch)
		tipc_sub_report(sub, b, event, first_or_last);
}

static int tipc_binding_insert(struct tipc_nametbl *nt, struct tipc_binding *b)
{
	struct tipc_service *svc;
	struct tipc_srange *r;

	lockdep_assert_held(&nt->lock);
	svc = tipc_service_get(nt, b->type);
	if (IS_ERR(svc))
		return PTR_ERR(svc);
	spin_lock(&svc->lock);
	r = srange_get(svc, b->lower, b->upper);
	if (r) {
		bool first = list_empty(&r->members);

		b->svc = svc;
		b->range = r;
		list_add_tail(&b->member, &r->members);
		list_add_tail(&b->all, &nt->bindings);
		tipc_nametbl_notify(nt, b, TIPC_PUBLISHED, first);
	} else if (RB_EMPTY_ROOT(&svc->ranges)) {
		svc->dead = true;
		rhashtable_remove_fast(&nt->services, &svc->hnode,
				       tipc_service_params);
		kfree_rcu(svc, rcu);
	}
	spin_unlock(&svc->lock);
	return r ? 0 : -ENOMEM;
}

/*
 * Bind port @port of this node to [@lower, @upper] of service @type.
 * Returns the binding, to be handed back to tipc_nametbl_unbind(), or an
 * ERR_PTR.
 */
struct tipc_binding *tipc_nametbl_bind(struct net *net, u32 type, u32 lower,
				       u32 upper, u32 scope, u32 port,
				       u32 key)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	struct sk_buff *skb = NULL;
	struct tipc_binding *b;
	int err = -EINVAL;

	if (lower > upper)
		return ERR_PTR(-EINVAL);
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return ERR_PTR(-ENOMEM);
	*b = (struct tipc_binding){ .type = type, .lower = lower,
				    .upper = upper, .scope = scope,
				    .port = port, .key = key };
	INIT_LIST_HEAD(&b->owner);
	if (scope == TIPC_CLUSTER_SCOPE)
		skb = tipc_named_alloc(GFP_KERNEL);
	spin_lock_bh(&nt->lock);
	if (nt->local_count < TIPC_MAX_BINDINGS) {
		b->node = nt->self;
		err = tipc_binding_insert(nt, b);
	}
	if (!err) {
		nt->local_count++;
		skb = tipc_named_stamp(&nt->distr, nt->self, skb, b,
				       PUBLICATION);
	}
	spin_unlock_bh(&nt->lock);
	if (err) {
		kfree_skb(skb);
		kfree(b);
		return ERR_PTR(err);
	}
	tipc_named_send(net, skb);
	return b;
}

static void tipc_binding_remove(struct tipc_nametbl *nt, struct tipc_binding *b)
{
	struct tipc_service *svc = b->svc;

	lockdep_assert_held(&nt->lock);
	spin_lock(&svc->lock);
	list_del(&b->member);
	list_del(&b->all);
	tipc_nametbl_notify(nt, b, TIPC_WITHDRAWN, list_empty(&b->range->members));
	tipc_service_prune(nt, svc, b->range);
	spin_unlock(&svc->lock);
}

/* Undo our binding @b; withdraw it from other nodes if @announce */
static void tipc_local_unbind(struct net *net, struct tipc_binding *b,
			      bool announce)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	struct sk_buff *skb = NULL;

	if (announce && b->scope == TIPC_CLUSTER_SCOPE)
		skb = tipc_named_alloc(GFP_KERNEL);
	spin_lock_bh(&nt->lock);
	tipc_binding_remove(nt, b);
	nt->local_count--;
	skb = tipc_named_stamp(&nt->distr, nt->self, skb, b, WITHDRAWAL);
	spin_unlock_bh(&nt->lock);
	kfree_rcu(b, rcu);
	tipc_named_send(net, skb);
}

void tipc_nametbl_unbind(struct net *net, struct tipc_binding *b)
{
	tipc_local_unbind(net, b, true);
}

/*
 * Our copy of the binding that @tmpl describes, published by another
 * node: same range, node, port and key.
 */
static struct tipc_binding *tipc_remote_find(struct tipc_nametbl *nt,
					     const struct tipc_binding *tmpl)
{
	struct tipc_binding *b, *found = NULL;
	struct tipc_service *svc;
	struct tipc_srange *r;

	lockdep_assert_held(&nt->lock);
	svc = rhashtable_lookup_fast(&nt->services, &tmpl->type,
				     tipc_service_params);
	if (!svc)
		return NULL;
	spin_lock(&svc->lock);
	r = srange_find(svc, tmpl->lower, tmpl->upper);
	if (r) {
		list_for_each_entry(b, &r->members, member) {
			if (b->node == tmpl->node && b->port == tmpl->port &&
			    b->key == tmpl->key) {
				found = b;
				break;
			}
		}
	}
	spin_unlock(&svc->lock);
	return found;
}

/*
 * Node @node published [@lower, @upper] of @type for its port @port,
 * with @key. Returns -EEXIST if we knew that already.
 */
int tipc_nametbl_add_remote(struct net *net, u32 type, u32 lower, u32 upper,
			    u32 node, u32 port, u32 key)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	struct tipc_binding *b;
	int err = -EEXIST;

	if (lower > upper || !node)
		return -EINVAL;
	b = kzalloc(sizeof(*b), GFP_ATOMIC);
	if (!b)
		return -ENOMEM;
	*b = (struct tipc_binding){ .type = type, .lower = lower,
				    .upper = upper,
				    .scope = TIPC_CLUSTER_SCOPE, .node = node,
				    .port = port, .key = key };
	INIT_LIST_HEAD(&b->owner);
	spin_lock_bh(&nt->lock);
	if (!tipc_remote_find(nt, b))
		err = tipc_binding_insert(nt, b);
	spin_unlock_bh(&nt->lock);
	if (err)
		kfree(b);
	return err;
}

/* Node @node withdrew what tipc_nametbl_add_remote() recorded. */
int tipc_nametbl_del_remote(struct net *net, u32 type, u32 lower, u32 upper,
			    u32 node, u32 port, u32 key)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	struct tipc_binding tmpl = { .type = type, .lower = lower,
				     .upper = upper, .node = node,
				     .port = port, .key = key };
	struct tipc_binding *b;

	spin_lock_bh(&nt->lock);
	b = tipc_remote_find(nt, &tmpl);
	if (b)
		tipc_binding_remove(nt, b);
	spin_unlock_bh(&nt->lock);
	if (!b)
		return -ENOENT;
	kfree_rcu(b, rcu);
	return 0;
}

/* Drop the bindings node @node published; those of all others if 0. */
static void tipc_remote_purge(struct tipc_nametbl *nt, u32 node)
{
	struct tipc_binding *b, *tmp;

	spin_lock_bh(&nt->lock);
	list_for_each_entry_safe(b, tmp, &nt->bindings, all) {
		if (!b->node || b->node == nt->self ||
		    (node && b->node != node))
			continue;
		tipc_binding_remove(nt, b);
		kfree_rcu(b, rcu);
	}
	spin_unlock_bh(&nt->lock);
}

/* Node @node went down: what it published goes too. */
void tipc_nametbl_purge_node(struct net *net, u32 node)
{
	if (node)
		tipc_remote_purge(&tipc_net(net)->nametbl, node);
}

/*
 * Call @fn on each of our cluster-scope bindings, in the order they were
 * made, and return the number our next single update will carry: both
 * under one hold of the table lock, so that they agree. @fn must not
 * sleep.
 */
u16 tipc_nametbl_local_cluster(struct net *net,
			       void (*fn)(const struct tipc_binding *b,
					  void *arg),
			       void *arg)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	struct tipc_binding *b;
	u16 next;

	spin_lock_bh(&nt->lock);
	list_for_each_entry(b, &nt->bindings, all)
		if (b->scope == TIPC_CLUSTER_SCOPE && b->node == nt->self)
			fn(b, arg);
	next = nt->distr.snd_nxt;
	spin_unlock_bh(&nt->lock);
	return next;
}

/* Which bindings an anycast lookup may choose; zero fields do not count */
struct tipc_pick {
	struct net *net;
	u32 node;	/* only bindings of this node */
	bool local;	/* only bindings of our own node */
	bool ours_first; /* ours, if the range has any allowed */
	u32 scope;	/* only bindings made with this scope */
	u32 exclude;	/* never this port of our own node */
};

static bool tipc_pick_allows(const struct tipc_pick *p,
			     const struct tipc_binding *b)
{
	bool ours = tipc_addr_is_local(p->net, b->node);

	if ((p->local && !ours) || (p->node && b->node != p->node) ||
	    (p->scope && b->scope != p->scope))
		return false;
	return !p->exclude || b->port != p->exclude || !ours;
}

/* The first member of @r that @p allows, ours first if @p says so */
static struct tipc_binding *tipc_pick_member(const struct tipc_pick *p,
					     struct tipc_srange *r)
{
	struct tipc_binding *b, *other = NULL;

	list_for_each_entry(b, &r->members, member) {
		if (!tipc_pick_allows(p, b))
			continue;
		if (!p->ours_first || tipc_addr_is_local(p->net, b->node))
			return b;
		if (!other)
			other = b;
	}
	return other;
}

/*
 * Resolve @type, @instance to one binding that @p allows, round-robin
 * among those of the first range holding the instance; when only our
 * own will do, the first range holding one of ours.
 */
static bool tipc_nametbl_pick(u32 type, u32 instance,
			      const struct tipc_pick *p, struct tipc_dest *dest)
{
	struct tipc_nametbl *nt = &tipc_net(p->net)->nametbl;
	struct tipc_binding *found = NULL;
	struct tipc_service *svc;
	struct tipc_srange *r;

	rcu_read_lock();
	svc = tipc_service_find(nt, type);
	if (!svc)
		goto out;
	spin_lock_bh(&svc->lock);
	r = svc->dead ? NULL : srange_first_holding(svc, instance);
	while (r) {
		found = tipc_pick_member(p, r);
		if (found || !p->local)
			break;
		r = srange_next_holding(r, instance);
	}
	if (found) {
		list_move_tail(&found->member, &r->members);
		*dest = (struct tipc_dest){ .node = found->node,
					    .port = found->port };
	}
	spin_unlock_bh(&svc->lock);
out:
	rcu_read_unlock();
	return found;
}

/*
 * Resolve service @type, @instance to one socket, round-robin among the
 * bindings of the first range holding it, of any node. A @lookup_node
 * that is our own address restricts the choice to our own sockets; with
 * legacy addressing and no @lookup_node, ours are preferred if the range
 * has any. A legacy domain holding us means the whole cluster; any other
 * node only the bindings of that node.
 */
bool tipc_nametbl_lookup(struct net *net, u32 type, u32 instance,
			 u32 lookup_node, struct tipc_dest *dest)
{
	const struct tipc_net *tn = tipc_net(net);
	bool legacy = READ_ONCE(tn->legacy_addr);
	struct tipc_pick p = { .net = net };
	u32 own = READ_ONCE(tn->node_addr);

	if (lookup_node == own)
		p.local = true;
	else if (!lookup_node)
		p.ours_first = legacy;
	else if (!tipc_addr_in_scope(legacy, lookup_node, own))
		p.node = lookup_node;

	return tipc_nametbl_pick(type, instance, &p, dest);
}

/*
 * Group anycast: like tipc_nametbl_lookup(), but only among bindings made
 * with exactly @scope, and never our own port @exclude.
 */
bool tipc_nametbl_lookup_scoped(struct net *net, u32 type, u32 instance,
				u32 scope, u32 exclude, struct tipc_dest *dest)
{
	struct tipc_pick p = { .net = net, .scope = scope,
			       .exclude = exclude };

	return tipc_nametbl_pick(type, instance, &p, dest);
}

/*
 * Call @fn on every binding of @type made with exactly @scope (any scope
 * if 0) whose range meets [@lower, @upper]. @fn runs under the service
 * lock: it must not sleep nor take a socket lock.
 */
void tipc_nametbl_visit(struct net *net, u32 type, u32 lower, u32 upper,
			u32 scope,
			void (*fn)(const struct tipc_binding *b, void *arg),
			void *arg)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	struct tipc_service *svc;
	struct tipc_binding *b;
	struct tipc_srange *r;
	struct rb_node *rb;

	rcu_read_lock();
	svc = tipc_service_find(nt, type);
	if (!svc)
		goto out;
	spin_lock_bh(&svc->lock);
	for (rb = rb_first(&svc->ranges); rb; rb = rb_next(rb)) {
		r = srange_of(rb);
		if (r->lower > upper)
			break;
		if (r->upper < lower)
			continue;
		list_for_each_entry(b, &r->members, member)
			if (!scope || b->scope == scope)
				fn(b, arg);
	}
	spin_unlock_bh(&svc->lock);
out:
	rcu_read_unlock();
}

/* Add @port to the sorted set @set of @n ports, growing it as needed. */
static int tipc_port_set_add(u32 **set, int *n, int *cap, u32 port)
{
	int lo = 0, hi = *n, mid;
	u32 *grown;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((*set)[mid] == port)
			return 0;
		if ((*set)[mid] < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		grown = krealloc_array(*set, *cap, sizeof(u32), GFP_ATOMIC);
		if (!grown)
			return -ENOMEM;
		*set = grown;
	}
	memmove(&(*set)[lo + 1], &(*set)[lo], (*n - lo) * sizeof(u32));
	(*set)[lo] = port;
	(*n)++;
	return 0;
}

/* Collects the ports or nodes of tipc_nametbl_mcast_ports()/_nodes() */
struct tipc_port_set {
	struct net *net;
	u32 *ports;
	int n;
	int cap;
	int err;
	bool cluster_only;
};

static void tipc_port_set_visit(const struct tipc_binding *b, void *arg)
{
	struct tipc_port_set *set = arg;

	if (set->err || !b->port || !tipc_addr_is_local(set->net, b->node))
		return;
	if (set->cluster_only && b->scope == TIPC_NODE_SCOPE)
		return;
	set->err = tipc_port_set_add(&set->ports, &set->n, &set->cap, b->port);
}

static void tipc_node_set_visit(const struct tipc_binding *b, void *arg)
{
	struct tipc_port_set *set = arg;

	if (set->err || tipc_addr_is_local(set->net, b->node))
		return;
	set->err = tipc_port_set_add(&set->ports, &set->n, &set->cap, b->node);
}

/* Run @fn over the range; the set found in *@out (kfree() it), or errno */
static int tipc_nametbl_collect(struct tipc_port_set *set, u32 type,
				u32 lower, u32 upper, u32 scope,
				void (*fn)(const struct tipc_binding *b,
					   void *arg),
				u32 **out)
{
	tipc_nametbl_visit(set->net, type, lower, upper, scope, fn, set);
	if (set->err) {
		kfree(set->ports);
		*out = NULL;
		return set->err;
	}
	*out = set->ports;
	return set->n;
}

/*
 * The ports of this node's sockets bound to anything in [@lower, @upper]
 * of @type, each once, in *@ports (kfree() it). A multicast from another
 * node (@remote) reaches cluster-scope bindings only. Returns how many,
 * or a negative errno.
 */
int tipc_nametbl_mcast_ports(struct net *net, u32 type, u32 lower, u32 upper,
			     bool remote, u32 **ports)
{
	struct tipc_port_set set = { .net = net, .cluster_only = remote };

	return tipc_nametbl_collect(&set, type, lower, upper, 0,
				    tipc_port_set_visit, ports);
}

/*
 * The ports of this node's sockets bound to any instance of @type with
 * exactly @scope (a group's members), each once, in *@ports (kfree()
 * it). Returns how many, or a negative errno.
 */
int tipc_nametbl_group_ports(struct net *net, u32 type, u32 scope,
			     u32 **ports)
{
	struct tipc_port_set set = { .net = net };

	if (scope != TIPC_CLUSTER_SCOPE && scope != TIPC_NODE_SCOPE) {
		*ports = NULL;
		return 0;
	}
	return tipc_nametbl_collect(&set, type, 0, ~0U, scope,
				    tipc_port_set_visit, ports);
}

/*
 * The other nodes with a cluster-scope binding in [@lower, @upper] of
 * @type, each once, in *@nodes (kfree() it): where a multicast goes.
 */
int tipc_nametbl_mcast_nodes(struct net *net, u32 type, u32 lower, u32 upper,
			     u32 **nodes)
{
	struct tipc_port_set set = { .net = net };

	return tipc_nametbl_collect(&set, type, lower, upper,
				    TIPC_CLUSTER_SCOPE, tipc_node_set_visit,
				    nodes);
}

/*
 * Our node address has been committed: stamp it on the bindings made
 * before, and announce the node itself as {TIPC_NODE_STATE, addr}.
 */
int tipc_nametbl_node_up(struct net *net, u32 addr)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	struct tipc_binding *b;

	spin_lock_bh(&nt->lock);
	nt->self = addr;
	list_for_each_entry(b, &nt->bindings, all) {
		spin_lock(&b->svc->lock);
		if (!b->node)
			b->node = addr;
		spin_unlock(&b->svc->lock);
	}
	spin_unlock_bh(&nt->lock);
	b = tipc_nametbl_bind(net, TIPC_NODE_STATE, addr, addr,
			      TIPC_CLUSTER_SCOPE, 0, addr);
	if (IS_ERR(b))
		return PTR_ERR(b);
	nt->node_state = b;
	return 0;
}

/* Report to a new subscription what is bound in its range already. */
static void tipc_nametbl_report_bound(struct tipc_nametbl *nt,
				      struct tipc_sub *sub)
{
	struct tipc_service *svc;
	struct tipc_binding *b;
	struct tipc_srange *r;
	struct rb_node *n;

	svc = rhashtable_lookup_fast(&nt->services, &sub->type,
				     tipc_service_params);
	if (!svc)
		return;
	spin_lock(&svc->lock);
	for (n = rb_first(&svc->ranges); n; n = rb_next(n)) {
		r = srange_of(n);
		if (r->lower > sub->upper)
			break;
		list_for_each_entry(b, &r->members, member) {
			tipc_sub_report(sub, b, TIPC_PUBLISHED, true);
			if (!(sub->filter & TIPC_SUB_PORTS))
				break;
		}
	}
	spin_unlock(&svc->lock);
}

/* Start sending @sub events; first about what is bound already. */
int tipc_nametbl_watch(struct net *net, struct tipc_sub *sub)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	int err = -ENOSPC;

	spin_lock_bh(&nt->lock);
	if (nt->watch_count < TIPC_MAX_SUBSCRIPTIONS) {
		hlist_add_head(&sub->watch, tipc_watch_bucket(nt, sub->type));
		nt->watch_count++;
		if (!(sub->filter & TIPC_SUB_NO_STATUS))
			tipc_nametbl_report_bound(nt, sub);
		err = 0;
	}
	spin_unlock_bh(&nt->lock);
	return err;
}

void tipc_nametbl_unwatch(struct net *net, struct tipc_sub *sub)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;

	spin_lock_bh(&nt->lock);
	hlist_del(&sub->watch);
	nt->watch_count--;
	spin_unlock_bh(&nt->lock);
}

/*
 * Call @fn on every binding from position *@pos on, in the order they
 * were made, until it returns nonzero; *@pos is left at the binding
 * @fn refused, so that a later call resumes there. @fn must not sleep.
 */
int tipc_nametbl_walk(struct net *net, unsigned long *pos,
		      int (*fn)(const struct tipc_binding *b, void *arg),
		      void *arg)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	struct tipc_binding *b;
	unsigned long i = 0;
	int err = 0;

	spin_lock_bh(&nt->lock);
	list_for_each_entry(b, &nt->bindings, all) {
		if (i++ < *pos)
			continue;
		err = fn(b, arg);
		if (err)
			break;
		(*pos)++;
	}
	spin_unlock_bh(&nt->lock);
	return err;
}

int tipc_nametbl_init(struct net *net)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;
	int i;

	spin_lock_init(&nt->lock);
	INIT_LIST_HEAD(&nt->bindings);
	tipc_named_init(&nt->distr);
	for (i = 0; i < TIPC_WATCH_BUCKETS; i++)
		INIT_HLIST_HEAD(&nt->watches[i]);
	return rhashtable_init(&nt->services, &tipc_service_params);
}

/*
 * Every socket of the namespace is gone; only our own entries and those
 * of other nodes remain. Nothing is announced any more.
 */
void tipc_nametbl_exit(struct net *net)
{
	struct tipc_nametbl *nt = &tipc_net(net)->nametbl;

	tipc_remote_purge(nt, 0);
	if (nt->node_state)
		tipc_local_unbind(net, nt->node_state, false);
	WARN_ON_ONCE(!list_empty(&nt->bindings) || nt->watch_count);
	rhashtable_destroy(&nt->services);
}
