// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: bearers. Enabling and disabling them, following their devices,
 * and the one receive and one transmit path every packet takes.
 * Locking is described in bearer.h.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>

#include "addr.h"
#include "bearer.h"
#include "core.h"
#include "discover.h"
#include "monitor.h"
#include "node.h"
#include "msg.h"
#include "udp_media.h"

/* Registered media, in the order "tipc media list" shows them */
static struct tipc_media *const tipc_media_table[] = {
	&tipc_eth_media,
	TIPC_UDP_MEDIA,		/* NULL, the end, without UDP support */
};

struct tipc_media *tipc_media_at(unsigned int i)
{
	return i < ARRAY_SIZE(tipc_media_table) ? tipc_media_table[i] : NULL;
}

struct tipc_media *tipc_media_find(const char *name)
{
	struct tipc_media *m;
	unsigned int i;

	for (i = 0; (m = tipc_media_at(i)); i++)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

/* The bearer of identity @id, or NULL; caller holds RTNL. */
struct tipc_bearer *tipc_bearer_at(struct net *net, unsigned int id)
{
	if (id >= TIPC_MAX_BEARERS)
		return NULL;
	return rtnl_dereference(tipc_net(net)->bearers[id]);
}

/* Caller holds RTNL. */
struct tipc_bearer *tipc_bearer_find(struct net *net, const char *name)
{
	struct tipc_bearer *b;
	unsigned int id;

	for (id = 0; id < TIPC_MAX_BEARERS; id++) {
		b = tipc_bearer_at(net, id);
		if (b && !strcmp(b->name, name))
			return b;
	}
	return NULL;
}

bool tipc_bearer_mtu_bad(const struct net_device *dev)
{
	if (READ_ONCE(dev->mtu) >= TIPC_BEARER_MTU_MIN)
		return false;
	netdev_warn(dev, "MTU too low for tipc bearer\n");
	return true;
}

/*
 * A bearer name is "media:device": each part non-empty and shorter than
 * its limit (16 with the NUL). On success @media holds the media part.
 */
static bool tipc_bearer_name_ok(const char *name, char *media)
{
	const char *colon = strchr(name, ':');
	size_t mlen, dlen;

	if (!colon || strlen(name) >= TIPC_MAX_BEARER_NAME)
		return false;
	mlen = colon - name;
	dlen = strlen(colon + 1);
	if (!mlen || mlen >= TIPC_MAX_MEDIA_NAME ||
	    !dlen || dlen >= TIPC_MAX_IF_NAME)
		return false;
	memcpy(media, name, mlen);
	media[mlen] = '\0';
	return true;
}

/*
 * Pick a free identity for a bearer of priority *@prio. No more than two
 * bearers share a priority: a third is moved one priority down, again if
 * need be, as the stock module does. Returns the identity or an errno.
 */
static int tipc_bearer_pick_id(struct net *net, const char *name, u32 *prio,
			       struct netlink_ext_ack *extack)
{
	unsigned int id, same;
	struct tipc_bearer *b;
	int free_id;

again:
	free_id = -ENFILE;
	same = 0;
	for (id = TIPC_MAX_BEARERS; id-- > 0;) {
		b = tipc_bearer_at(net, id);
		if (!b) {
			free_id = id;
			continue;
		}
		if (!strcmp(b->name, name)) {
			NL_SET_ERR_MSG(extack, "Already enabled");
			return -EINVAL;
		}
		if (b->priority == *prio && ++same >= 2) {
			pr_warn("Bearer <%s>: already 2 bearers with priority %u\n",
				name, *prio);
			if (*prio == TIPC_PRIO_MIN) {
				NL_SET_ERR_MSG(extack, "Cannot adjust to lower");
				return -EINVAL;
			}
			pr_warn("Bearer <%s>: trying with adjusted priority\n",
				name);
			(*prio)--;
			goto again;
		}
	}
	if (free_id < 0) {
		NL_SET_ERR_MSG(extack, "Max 3 bearers permitted");
		return -EINVAL;
	}
	return free_id;
}

static struct tipc_bearer *tipc_bearer_new(const struct tipc_media *m,
					   const char *name, int id, u32 prio,
					   u32 domain)
{
	struct tipc_bearer *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return NULL;
	strscpy(b->name, name);
	b->media = m;
	b->id = id;
	b->priority = prio;
	b->tolerance = READ_ONCE(m->tolerance);
	b->win_lo = m->win_lo;
	b->win_hi = READ_ONCE(m->win_hi);
	b->domain = domain;
	b->plane = 'A' + id;
	return b;
}

/* Validate the request: returns the medium, or NULL with @err set. */
static struct tipc_media *tipc_bearer_check(const char *name, u32 *prio,
					    struct netlink_ext_ack *extack,
					    int *err)
{
	char media[TIPC_MAX_MEDIA_NAME];
	struct tipc_media *m;

	*err = -EINVAL;
	if (!tipc_bearer_name_ok(name, media)) {
		NL_SET_ERR_MSG(extack, "Illegal name");
		return NULL;
	}
	if (*prio > TIPC_PRIO_MAX && *prio != TIPC_PRIO_MEDIA) {
		NL_SET_ERR_MSG(extack, "Illegal priority");
		return NULL;
	}
	m = tipc_media_find(media);
	if (!m) {
		NL_SET_ERR_MSG(extack, "Media not registered");
		return NULL;
	}
	if (*prio == TIPC_PRIO_MEDIA)
		*prio = READ_ONCE(m->priority);
	return m;
}

/*
 * Enable the bearer @name ("eth:veth0"). Without a node identity the
 * media may derive one from its device. @attrs is the request's bearer
 * nest, for media options (UDP). Caller holds RTNL.
 */
int tipc_bearer_enable(struct net *net, const char *name, u32 domain,
		       u32 prio, struct nlattr **attrs,
		       struct netlink_ext_ack *extack)
{
	struct tipc_net *tn = tipc_net(net);
	struct tipc_bearer *b;
	struct tipc_media *m;
	int id, err;

	ASSERT_RTNL();
	m = tipc_bearer_check(name, &prio, extack, &err);
	if (!m)
		goto rejected;
	id = tipc_bearer_pick_id(net, name, &prio, extack);
	if (id < 0) {
		err = id;
		goto rejected;
	}
	b = tipc_bearer_new(m, name, id, prio, domain);
	if (!b)
		return -ENOMEM;
	b->net = net;
	err = m->enable(net, b, attrs);
	if (err) {
		kfree(b);
		NL_SET_ERR_MSG(extack, "Failed to enable media");
		goto rejected;
	}
	/* The monitor first: the discoverer starts links at once */
	b->mon = tipc_mon_create(net);
	err = b->mon ? tipc_disc_create(net, b) : -ENOMEM;
	if (err) {
		tipc_mon_put(b->mon);
		m->disable(b);
		kfree(b);
		NL_SET_ERR_MSG(extack, "Failed to create discoverer");
		goto rejected;
	}
	set_bit(0, &b->up);
	rcu_assign_pointer(tn->bearers[id], b);
	tipc_disc_start(b);
	pr_info("Enabled bearer <%s>, priority %u\n", name, prio);
	return 0;

rejected:
	pr_warn("Enabling of bearer <%s> rejected (%d)\n", name, err);
	return err;
}

/*
 * Take @b out of service and free it once no reader can see it, with
 * its links. Caller holds RTNL.
 */
void tipc_bearer_disable(struct tipc_bearer *b)
{
	struct tipc_net *tn = tipc_net(b->net);

	ASSERT_RTNL();
	pr_info("Disabling bearer <%s>\n", b->name);
	pr_debug("bearer <%s>: rx %u discovery, %u for links, %u invalid\n",
		 b->name, atomic_read(&b->stats.rx_discovery),
		 atomic_read(&b->stats.rx_link),
		 atomic_read(&b->stats.rx_invalid));
	clear_bit(0, &b->up);
	b->media->disable(b);		/* no receive runs after this */
	tipc_node_bearer_down(b->net, b->id);
	tipc_disc_delete(b);		/* nor does the discovery timer */
	tipc_mon_put(b->mon);		/* links left behind hold their own */
	RCU_INIT_POINTER(tn->bearers[b->id], NULL);
	kfree_rcu(b, rcu);
}

/* Every bearer of a dying namespace, before its other state goes. */
void tipc_bearer_pernet_exit(struct net *net)
{
	struct tipc_bearer *b;
	unsigned int id;

	rtnl_lock();
	for (id = 0; id < TIPC_MAX_BEARERS; id++) {
		b = tipc_bearer_at(net, id);
		if (b)
			tipc_bearer_disable(b);
	}
	rtnl_unlock();
	tipc_udp_pernet_exit(net);	/* sockets released outside RTNL */
}

/*
 * Seam for the AEAD layer: decrypt and authenticate a received packet,
 * returning it, or NULL once consumed. Packets pass unchanged for now.
 */
static struct sk_buff *tipc_bearer_crypto_rx(struct tipc_bearer *b,
					     struct sk_buff *skb)
{
	return skb;
}

/* Seam for the AEAD layer: encrypt before the media sends; NULL if consumed. */
static struct sk_buff *tipc_bearer_crypto_tx(struct tipc_bearer *b,
					     struct sk_buff *skb,
					     const struct tipc_media_addr *dst)
{
	return skb;
}

/* Sequenced packets and peers' broadcasts go to the node layer */
static void tipc_bearer_to_link(struct tipc_bearer *b, struct sk_buff *skb)
{
	atomic_inc(&b->stats.rx_link);
	tipc_node_rcv(b, skb);
}

/*
 * The one entry point of received packets, from the media in softirq
 * with the RCU read lock held; @b is up. Consumes @skb.
 */
void tipc_bearer_rcv(struct tipc_bearer *b, struct sk_buff *skb)
{
	struct tipc_msg *hdr;

	/*
	 * From a sender in this kernel (veth, loopback) the data may still
	 * be that of the packet its link keeps (link.c): ours to write to
	 * only once copied.
	 */
	skb = skb_unshare(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return;
	skb = tipc_bearer_crypto_rx(b, skb);
	if (!skb)
		return;
	if (unlikely(tipc_msg_validate(skb))) {
		atomic_inc(&b->stats.rx_invalid);
		kfree_skb(skb);
		return;
	}
	hdr = buf_msg(skb);
	if (msg_user(hdr) == LINK_CONFIG && msg_non_seq(hdr)) {
		atomic_inc(&b->stats.rx_discovery);
		tipc_disc_rcv(b, skb);
		return;
	}
	tipc_bearer_to_link(b, skb);
}

/*
 * The one transmit path: send @skb on bearer @id of @net to @dst, if
 * that bearer is up. Any context; consumes @skb.
 */
void tipc_bearer_xmit(struct net *net, u32 id, struct sk_buff *skb,
		      const struct tipc_media_addr *dst)
{
	struct tipc_bearer *b = NULL;

	rcu_read_lock();
	if (id < TIPC_MAX_BEARERS)
		b = rcu_dereference(tipc_net(net)->bearers[id]);
	if (likely(b && test_bit(0, &b->up))) {
		skb = tipc_bearer_crypto_tx(b, skb, dst);
		if (skb)
			b->media->send(b, skb, dst);
	} else {
		kfree_skb(skb);
	}
	rcu_read_unlock();
}

/* The device changed under the bearer: its links start over. RTNL. */
static void tipc_bearer_reset(struct tipc_bearer *b)
{
	tipc_node_bearer_down(b->net, b->id);
	tipc_disc_reset(b);
}

/* The device's MTU changed: too small a one disables the bearer. */
static void tipc_bearer_new_mtu(struct tipc_bearer *b, struct net_device *dev)
{
	if (tipc_bearer_mtu_bad(dev)) {
		tipc_bearer_disable(b);
		return;
	}
	b->mtu = dev->mtu;
	tipc_bearer_reset(b);
}

/*
 * Device events, under RTNL. A device leaving the namespace is
 * unregistered from it first, so that case disables the bearer too.
 */
static int tipc_bearer_dev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct tipc_bearer *b = rtnl_dereference(dev->tipc_ptr);

	if (!b)
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_CHANGE:
		if (netif_carrier_ok(dev) && netif_oper_up(dev)) {
			set_bit(0, &b->up);
			break;
		}
		fallthrough;
	case NETDEV_GOING_DOWN:
		clear_bit(0, &b->up);
		tipc_bearer_reset(b);
		break;
	case NETDEV_UP:
		set_bit(0, &b->up);
		break;
	case NETDEV_CHANGEMTU:
		tipc_bearer_new_mtu(b, dev);
		break;
	case NETDEV_CHANGEADDR:
		b->media->from_raw(&b->addr, dev->dev_addr);
		tipc_bearer_reset(b);
		break;
	case NETDEV_UNREGISTER:
	case NETDEV_CHANGENAME:
		tipc_bearer_disable(b);
		break;
	}
	return NOTIFY_OK;
}

static struct notifier_block tipc_bearer_notifier = {
	.notifier_call = tipc_bearer_dev_event,
};

int tipc_bearer_init(void)
{
	int err = tipc_udp_init();

	if (err)
		return err;
	err = register_netdevice_notifier(&tipc_bearer_notifier);
	if (err)
		tipc_udp_exit();
	return err;
}

void tipc_bearer_exit(void)
{
	unregister_netdevice_notifier(&tipc_bearer_notifier);
	tipc_udp_exit();
}
