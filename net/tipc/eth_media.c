// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: Ethernet media, on any device with an Ethernet-like header
 * (veth included), EtherType 0x88CA. The helpers named tipc_l2_* serve
 * any media attached straight to a net_device.
 *
 * Locking: enable and disable run under RTNL. The packet handler runs in
 * softirq inside the RCU read section the receive core holds, and finds
 * its bearer through dev->tipc_ptr, which RTNL writes.
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "addr.h"
#include "bearer.h"
#include "core.h"
#include "msg.h"

static int tipc_l2_rcv(struct sk_buff *skb, struct net_device *dev,
		       struct packet_type *pt, struct net_device *orig_dev)
{
	struct tipc_bearer *b;

	b = rcu_dereference(dev->tipc_ptr);
	if (!b)
		b = rcu_dereference(orig_dev->tipc_ptr);
	if (unlikely(!b || !test_bit(0, &b->up) ||
		     skb->pkt_type > PACKET_MULTICAST)) {
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	/* A packet tap may hold it too: TIPC changes the skb, so take our own */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return NET_RX_DROP;
	skb_mark_not_on_list(skb);
	memset(skb->cb, 0, sizeof(struct tipc_skb_cb));
	tipc_bearer_rcv(b, skb);
	return NET_RX_SUCCESS;
}

/* A node without an identity takes its device's address as one. */
static int tipc_l2_identity(struct net *net, const struct net_device *dev,
			    u32 hwaddr_len)
{
	struct tipc_net *tn = tipc_net(net);
	u8 id[TIPC_ID_LEN] = {};

	if (!tipc_has_identity(tn) && hwaddr_len <= TIPC_ID_LEN) {
		memcpy(id, dev->dev_addr, hwaddr_len);
		tipc_net_set_identity(net, id);
	}
	if (tipc_has_identity(tn))
		return 0;
	pr_warn("Failed to obtain node identity\n");
	return -EINVAL;
}

/* Attach @b to the device its name gives; RTNL held. */
int tipc_l2_enable(struct net *net, struct tipc_bearer *b,
		   struct nlattr **attrs)
{
	const char *ifname = strchr(b->name, ':') + 1;
	const struct tipc_media *m = b->media;
	struct net_device *dev;
	int err = -EINVAL;

	dev = dev_get_by_name(net, ifname);
	if (!dev)
		return -ENODEV;
	if (tipc_bearer_mtu_bad(dev))
		goto put;
	if (dev == net->loopback_dev) {
		pr_info("Enabling <%s> not permitted\n", b->name);
		goto put;
	}
	err = tipc_l2_identity(net, dev, m->hwaddr_len);
	if (err)
		goto put;

	b->bcast.media_id = m->type_id;
	b->bcast.broadcast = true;
	b->mcast = true;
	memcpy(b->bcast.value, dev->broadcast, m->hwaddr_len);
	m->from_raw(&b->addr, dev->dev_addr);
	b->mtu = dev->mtu;
	b->pt.type = htons(ETH_P_TIPC);
	b->pt.dev = dev;
	b->pt.func = tipc_l2_rcv;
	rcu_assign_pointer(b->dev, dev);	/* our reference now */
	rcu_assign_pointer(dev->tipc_ptr, b);
	dev_add_pack(&b->pt);
	return 0;
put:
	dev_put(dev);
	return err;
}

/* Detach @b from its device; RTNL held. No receive runs after this. */
void tipc_l2_disable(struct tipc_bearer *b)
{
	struct net_device *dev = rtnl_dereference(b->dev);

	dev_remove_pack(&b->pt);	/* waits for running handlers */
	RCU_INIT_POINTER(dev->tipc_ptr, NULL);
	RCU_INIT_POINTER(b->dev, NULL);
	synchronize_net();		/* for senders that still see @dev */
	dev_put(dev);
}

/* Called under RCU by tipc_bearer_xmit(); consumes @skb. */
int tipc_l2_send(struct tipc_bearer *b, struct sk_buff *skb,
		 const struct tipc_media_addr *dst)
{
	struct net_device *dev = rcu_dereference(b->dev);

	if (unlikely(!dev || skb_cow_head(skb, dev->hard_header_len))) {
		kfree_skb(skb);
		return -ENODEV;
	}
	skb_reset_network_header(skb);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_TIPC);
	if (dev_hard_header(skb, dev, ETH_P_TIPC, dst->value, dev->dev_addr,
			    skb->len) < 0) {
		kfree_skb(skb);
		return -EINVAL;
	}
	return dev_queue_xmit(skb);
}

static void tipc_eth_from_raw(struct tipc_media_addr *a, const u8 *raw)
{
	memset(a, 0, sizeof(*a));
	ether_addr_copy(a->value, raw);
	a->media_id = TIPC_MEDIA_TYPE_ETH;
	a->broadcast = is_broadcast_ether_addr(raw);
}

/* Media info: three zero bytes, the type, then the MAC address */
static void tipc_eth_to_wire(u8 *info, const struct tipc_media_addr *a)
{
	memset(info, 0, TIPC_MEDIA_INFO_LEN);
	info[TIPC_MEDIA_TYPE_AT] = TIPC_MEDIA_TYPE_ETH;
	ether_addr_copy(info + TIPC_MEDIA_ADDR_AT, a->value);
}

/* The type byte is not checked, as the stock module does not either */
static int tipc_eth_from_wire(struct tipc_media_addr *a, const u8 *info)
{
	tipc_eth_from_raw(a, info + TIPC_MEDIA_ADDR_AT);
	return 0;
}

struct tipc_media tipc_eth_media = {
	.name		= "eth",
	.type_id	= TIPC_MEDIA_TYPE_ETH,
	.hwaddr_len	= ETH_ALEN,
	.priority	= TIPC_PRIO_DEF,
	.tolerance	= TIPC_TOL_DEF,
	.win_lo	= TIPC_WIN_DEF,
	.win_hi	= TIPC_WIN_MAX,
	.enable		= tipc_l2_enable,
	.disable	= tipc_l2_disable,
	.send		= tipc_l2_send,
	.to_wire	= tipc_eth_to_wire,
	.from_wire	= tipc_eth_from_wire,
	.from_raw	= tipc_eth_from_raw,
};
