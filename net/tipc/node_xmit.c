// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: messages from sockets to the link of their destination
 * node, and what senders ask about a node before they send (reachable,
 * capabilities, MTU). Locking is described in node.h.
 */
#include "addr.h"
#include "bearer.h"
#include "core.h"
#include "link.h"
#include "msg.h"
#include "node.h"
#include "node_priv.h"
#include "socket.h"

/* ---- sending ---- */

/*
 * The node at @addr, if the crossover to it is not open: its reference
 * taken. NULL with *@xo set if it is: then @list, if given, has gone
 * through it (no node lock is held there: the peer's receive path may
 * take its own node locks).
 */
static struct tipc_node *tipc_node_route(struct tipc_net *tn, u32 addr,
					 struct sk_buff_head *list, bool *xo)
{
	struct tipc_node *n;

	rcu_read_lock();
	n = tipc_node_lookup(&tn->nodes, addr);
	*xo = n && tipc_xo_open(&n->xo) &&
	      (list ? tipc_xo_xmit(&tn->xo, &n->xo, list) :
		      tipc_xo_active(&tn->xo, &n->xo));
	if (*xo || (n && !refcount_inc_not_zero(&n->ref)))
		n = NULL;
	rcu_read_unlock();
	return n;
}

int tipc_node_xmit(struct net *net, struct sk_buff_head *list, u32 dnode,
		   u32 selector)
{
	struct tipc_net *tn = tipc_net(net);
	struct sk_buff_head xmitq;
	struct tipc_media_addr dst;
	struct tipc_node *n;
	int bearer_id, rc;
	u32 actions;
	bool xo;

	if (tipc_addr_is_own(tn, dnode)) {
		tipc_sk_rcv(net, list);
		return 0;
	}
	n = tipc_node_route(tn, dnode, list, &xo);
	if (xo)
		return 0;
	if (!n) {
		__skb_queue_purge(list);
		return -EHOSTUNREACH;
	}
	__skb_queue_head_init(&xmitq);
	spin_lock_bh(&n->lock);
	bearer_id = n->active[selector & 1];
	if (bearer_id == TIPC_NO_BEARER) {
		spin_unlock_bh(&n->lock);
		tipc_node_put(n);
		__skb_queue_purge(list);
		return -EHOSTUNREACH;
	}
	rc = tipc_link_xmit(n->le[bearer_id].link, list, &xmitq);
	/* A link that cannot queue protocol messages has failed */
	if (rc == -ENOBUFS)
		tipc_node_link_down(n, bearer_id, &xmitq);
	actions = tipc_node_unlock(n, bearer_id, &dst);
	tipc_node_xmit_queue(net, bearer_id, &xmitq, &dst);
	/*
	 * Sending leaves nothing else to do, unless the link failed: no
	 * input or broadcast is queued here, and input queued elsewhere
	 * meanwhile is taken by whoever queued it (tipc_node_input()).
	 */
	if (unlikely(actions))
		tipc_node_after(n, actions);
	tipc_node_put(n);
	return rc;
}

/* One packet to @dnode, by way of tipc_node_xmit() */
int tipc_node_xmit_skb(struct net *net, struct sk_buff *skb, u32 dnode,
		       u32 selector)
{
	struct sk_buff_head one;

	tipc_skb_list_one(&one, skb);
	return tipc_node_xmit(net, &one, dnode, selector);
}

/* Replicast: a copy of @skb to each node that is up but @skip */
void tipc_node_xmit_all(struct net *net, struct sk_buff *skb, u32 skip)
{
	struct tipc_node *n, *next;
	struct sk_buff *copy;

	for (n = tipc_node_next(net, 0, true); n; n = next) {
		if (n->addr != skip && READ_ONCE(n->working)) {
			copy = pskb_copy(skb, GFP_ATOMIC);
			if (copy) {
				msg_set_destnode(buf_msg(copy), n->addr);
				tipc_node_xmit_skb(net, copy, n->addr,
						   n->addr);
			}
		}
		next = tipc_node_next(net, n->addr, false);
		tipc_node_put(n);
	}
	kfree_skb(skb);
}

/* ---- queries ---- */

bool tipc_node_is_up(struct net *net, u32 addr)
{
	struct tipc_node *n;
	bool up;

	rcu_read_lock();
	n = tipc_node_lookup(tipc_nn(net), addr);
	up = n && READ_ONCE(n->active[0]) != TIPC_NO_BEARER;
	rcu_read_unlock();
	return up;
}

/* Does every node in the table have @cap? */
bool tipc_node_all_have(struct net *net, u16 cap)
{
	struct tipc_node *n;
	bool all = true;

	rcu_read_lock();
	list_for_each_entry_rcu(n, &tipc_nn(net)->list, list) {
		if (!(READ_ONCE(n->caps) & cap)) {
			all = false;
			break;
		}
	}
	rcu_read_unlock();
	return all;
}

/* The identity of node @addr, if it is known */
bool tipc_node_get_id(struct net *net, u32 addr, u8 *id)
{
	struct tipc_node *n = tipc_node_find(net, addr);

	if (!n)
		return false;
	memcpy(id, n->id, TIPC_ID_LEN);
	tipc_node_put(n);
	return true;
}

/*
 * Largest message that needs no fragmenting; MAX_MSG_SIZE to this node
 * or through the crossover (the link cuts it up should the crossover
 * close before it is sent)
 */
u32 tipc_node_mtu(struct net *net, u32 addr, u32 selector)
{
	struct tipc_net *tn = tipc_net(net);
	struct tipc_node *n;
	u32 mtu = MAX_MSG_SIZE;
	bool xo;
	int id;

	if (tipc_addr_is_own(tn, addr))
		return mtu;
	n = tipc_node_route(tn, addr, NULL, &xo);
	if (xo)
		return mtu;
	if (!n)
		return TIPC_DEF_MTU;
	spin_lock_bh(&n->lock);
	id = n->active[selector & 1];
	mtu = id == TIPC_NO_BEARER ? TIPC_DEF_MTU :
	      tipc_link_mtu(n->le[id].link);
	spin_unlock_bh(&n->lock);
	tipc_node_put(n);
	return mtu;
}

u32 tipc_node_count_up(struct net *net)
{
	struct tipc_node *n;
	u32 cnt = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(n, &tipc_nn(net)->list, list)
		cnt += READ_ONCE(n->active[0]) != TIPC_NO_BEARER;
	rcu_read_unlock();
	return cnt;
}

int tipc_node_link_name(struct net *net, u32 bearer_id, u32 addr,
			char *name, size_t len)
{
	struct tipc_node *n = tipc_node_find(net, addr);
	int err = -EINVAL;

	if (!n)
		return err;
	spin_lock_bh(&n->lock);
	if (bearer_id < TIPC_MAX_BEARERS && n->le[bearer_id].link) {
		strscpy(name, tipc_link_name(n->le[bearer_id].link), len);
		err = 0;
	}
	spin_unlock_bh(&n->lock);
	tipc_node_put(n);
	return err;
}
