// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: topology subscriptions.
 *
 * A subscription watches a range of one service type in the binding
 * table and turns bindings that overlap it into TIPC_PUBLISHED and
 * TIPC_WITHDRAWN events: every one with TIPC_SUB_PORTS, only the first
 * binding of a range and the last one leaving it with TIPC_SUB_SERVICE.
 * After its timeout it sends TIPC_SUBSCR_TIMEOUT and falls silent.
 *
 * Subscribers may write in either byte order; the filter word tells
 * which, since one of its low three bits must be set. Events go back in
 * the subscriber's order.
 *
 * Lock order: binding table lock -> service lock -> sub->lock ->
 * connection lock (topsrv.c).
 */
#include <linux/slab.h>
#include <linux/swab.h>

#include "name_table.h"
#include "subscr.h"

#define TIPC_SUB_FILTERS (TIPC_SUB_PORTS | TIPC_SUB_SERVICE | TIPC_SUB_CANCEL)

/* Does the subscriber use the other byte order? */
static bool tipc_sub_swapped(const struct tipc_subscr *raw)
{
	return !(raw->filter & TIPC_SUB_FILTERS);
}

static u32 tipc_sub_val(bool swap, u32 v)
{
	return swap ? swab32(v) : v;
}

bool tipc_sub_is_cancel(const struct tipc_subscr *raw)
{
	return tipc_sub_val(tipc_sub_swapped(raw), raw->filter) &
	       TIPC_SUB_CANCEL;
}

/* Is @cancel, minus its cancel bit, the subscription @sub was made of? */
bool tipc_sub_matches(const struct tipc_sub *sub,
		      const struct tipc_subscr *cancel)
{
	struct tipc_subscr s = *cancel;
	bool swap = tipc_sub_swapped(cancel);

	s.filter = tipc_sub_val(swap, tipc_sub_val(swap, s.filter) &
					~TIPC_SUB_CANCEL);
	return !memcmp(&s, &sub->raw, sizeof(s));
}

static void tipc_sub_send(struct tipc_sub *sub, u32 event, u32 lower,
			  u32 upper, u32 port, u32 node)
{
	struct tipc_event evt = { .s = sub->raw };

	evt.event = tipc_sub_val(sub->swap, event);
	evt.found_lower = tipc_sub_val(sub->swap, lower);
	evt.found_upper = tipc_sub_val(sub->swap, upper);
	evt.port.ref = tipc_sub_val(sub->swap, port);
	evt.port.node = tipc_sub_val(sub->swap, node);
	if (sub->conn)
		tipc_topsrv_queue_evt(sub->conn, &evt);
	else
		tipc_topsrv_kern_evt(sub->net, sub->port, &evt);
}

/*
 * Binding @b appeared or went (@event). @first_or_last: it was the first
 * binding of its range, or the last. Called under the table lock.
 */
void tipc_sub_report(struct tipc_sub *sub, const struct tipc_binding *b,
		     u32 event, bool first_or_last)
{
	if (b->type != sub->type || b->upper < sub->lower ||
	    b->lower > sub->upper)
		return;
	if (!first_or_last && !(sub->filter & TIPC_SUB_PORTS))
		return;
	if ((sub->filter & TIPC_SUB_NODE_SCOPE && b->scope != TIPC_NODE_SCOPE) ||
	    (sub->filter & TIPC_SUB_CLUSTER_SCOPE &&
	     b->scope == TIPC_NODE_SCOPE))
		return;
	spin_lock_bh(&sub->lock);
	if (!sub->expired)
		tipc_sub_send(sub, event, b->lower, b->upper, b->port,
			      b->node);
	spin_unlock_bh(&sub->lock);
}

static void tipc_sub_timeout(struct timer_list *t)
{
	struct tipc_sub *sub = from_timer(sub, t, timer);

	spin_lock_bh(&sub->lock);
	tipc_sub_send(sub, TIPC_SUBSCR_TIMEOUT, sub->lower, sub->upper, 0, 0);
	sub->expired = true;
	spin_unlock_bh(&sub->lock);
}

/*
 * Take a subscription from @raw for connection @conn: validate it, start
 * watching (which reports what is bound already) and arm the timeout.
 * Returns an ERR_PTR for a subscription the connection must be closed for.
 */
struct tipc_sub *tipc_sub_create(struct net *net, struct tipc_topconn *conn,
				 const struct tipc_subscr *raw)
{
	bool swap = tipc_sub_swapped(raw);
	struct tipc_sub *sub;
	u32 timeout;
	int err;

	sub = kzalloc(sizeof(*sub), GFP_KERNEL);
	if (!sub)
		return ERR_PTR(-ENOMEM);
	sub->raw = *raw;
	sub->swap = swap;
	sub->type = tipc_sub_val(swap, raw->seq.type);
	sub->lower = tipc_sub_val(swap, raw->seq.lower);
	sub->upper = tipc_sub_val(swap, raw->seq.upper);
	sub->filter = tipc_sub_val(swap, raw->filter);
	sub->conn = conn;
	sub->net = net;
	spin_lock_init(&sub->lock);
	timer_setup(&sub->timer, tipc_sub_timeout, 0);
	if ((sub->filter & TIPC_SUB_PORTS && sub->filter & TIPC_SUB_SERVICE) ||
	    sub->lower > sub->upper) {
		err = -EINVAL;
		goto err_free;
	}
	err = tipc_nametbl_watch(net, sub);
	if (err)
		goto err_free;
	timeout = tipc_sub_val(swap, raw->timeout);
	if (timeout != TIPC_WAIT_FOREVER)
		mod_timer(&sub->timer, jiffies + msecs_to_jiffies(timeout));
	return sub;

err_free:
	kfree(sub);
	return ERR_PTR(err);
}

/*
 * A subscription of the kernel socket @port (a communication group) to
 * the bindings of @type, for as long as the socket keeps it: no timeout.
 */
struct tipc_sub *tipc_sub_kern_create(struct net *net, u32 port, u32 type,
				      u32 filter)
{
	struct tipc_sub *sub;
	int err;

	sub = kzalloc(sizeof(*sub), GFP_KERNEL);
	if (!sub)
		return ERR_PTR(-ENOMEM);
	sub->raw.seq = (struct tipc_name_seq){ type, 0, ~0U };
	sub->raw.timeout = TIPC_WAIT_FOREVER;
	sub->raw.filter = filter;
	sub->type = type;
	sub->upper = ~0U;
	sub->filter = filter;
	sub->port = port;
	sub->net = net;
	spin_lock_init(&sub->lock);
	timer_setup(&sub->timer, tipc_sub_timeout, 0);
	err = tipc_nametbl_watch(net, sub);
	if (err) {
		kfree(sub);
		return ERR_PTR(err);
	}
	return sub;
}

/* Stop watching and free; no event of @sub is queued after this. */
void tipc_sub_delete(struct tipc_sub *sub)
{
	tipc_nametbl_unwatch(sub->net, sub);
	timer_shutdown_sync(&sub->timer);
	kfree(sub);
}
