// SPDX-License-Identifier: GPL-2.0
/*
 * tipc-xns: module entry points and per-namespace life cycle.
 */
#include <linux/module.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/tipc_netlink.h>
#include <net/genetlink.h>

#include "bclink.h"
#include "bearer.h"
#include "core.h"
#include "crossover.h"
#include "discover.h"
#include "monitor.h"
#include "name_table.h"
#include "netlink.h"
#include "node.h"
#include "socket.h"
#include "subscr.h"

unsigned int tipc_net_id __read_mostly;

static int __net_init tipc_pernet_init(struct net *net)
{
	struct tipc_net *tn = tipc_net(net);
	int err;

	tn->cluster_id = TIPC_DEF_CLUSTER_ID;
	tn->random = get_random_u32();
	tn->mon_threshold = TIPC_MON_THRESHOLD_DEF;
	tipc_disc_pernet_init(net);
	tipc_node_pernet_init(net);
	err = tipc_xo_pernet_init(net);
	if (err)
		return err;
	err = tipc_bclink_init(net);
	if (err)
		goto err_xo;
	err = tipc_sk_pernet_init(net);
	if (err)
		goto err_bclink;
	err = tipc_nametbl_init(net);
	if (err)
		goto err_sockets;
	return 0;

err_sockets:
	tipc_sk_pernet_exit(net);
err_bclink:
	tipc_bclink_exit(net);
err_xo:
	tipc_xo_pernet_pre_exit(net);
	synchronize_rcu();
	tipc_xo_pernet_exit(net);
	return err;
}

/* Before the RCU grace period that precedes the exits */
static void __net_exit tipc_pernet_pre_exit(struct net *net)
{
	tipc_xo_pernet_pre_exit(net);
}

static void __net_exit tipc_pernet_exit(struct net *net)
{
	/* Bearers first: they feed discovery, which commits addresses */
	tipc_bearer_pernet_exit(net);
	tipc_disc_pernet_exit(net);
	tipc_node_pernet_exit(net);
	tipc_bclink_exit(net);
	tipc_nametbl_exit(net);
	tipc_sk_pernet_exit(net);
	tipc_xo_pernet_exit(net);
}

static struct pernet_operations tipc_pernet_ops = {
	.init = tipc_pernet_init,
	.pre_exit = tipc_pernet_pre_exit,
	.exit = tipc_pernet_exit,
	.id   = &tipc_net_id,
	.size = sizeof(struct tipc_net),
};

/*
 * The topology server is a socket user: its own pernet operations come
 * after AF_TIPC exists, and go (in every namespace) before it does.
 */
static struct pernet_operations tipc_topsrv_pernet_ops = {
	.init = tipc_topsrv_start,
	.exit = tipc_topsrv_stop,
};

static int __init tipc_init(void)
{
	int err;

	/* Device events reach bearers for as long as any can exist */
	err = tipc_bearer_init();
	if (err)
		return err;
	err = register_pernet_device(&tipc_pernet_ops);
	if (err)
		goto err_bearer;
	err = tipc_socket_init();
	if (err)
		goto err_pernet;
	err = register_pernet_device(&tipc_topsrv_pernet_ops);
	if (err)
		goto err_socket;
	err = tipc_netlink_init();
	if (err)
		goto err_topsrv;
	err = tipc_diag_init();
	if (err)
		goto err_netlink;
	pr_info("tipc-xns started\n");
	return 0;

err_netlink:
	tipc_netlink_exit();
err_topsrv:
	unregister_pernet_device(&tipc_topsrv_pernet_ops);
err_socket:
	tipc_socket_exit();
err_pernet:
	unregister_pernet_device(&tipc_pernet_ops);
err_bearer:
	tipc_bearer_exit();
	return err;
}

static void __exit tipc_exit(void)
{
	tipc_diag_exit();
	tipc_netlink_exit();
	unregister_pernet_device(&tipc_topsrv_pernet_ops);
	tipc_socket_exit();
	unregister_pernet_device(&tipc_pernet_ops);
	tipc_bearer_exit();
	pr_info("tipc-xns stopped\n");
}

module_init(tipc_init);
module_exit(tipc_exit);

MODULE_DESCRIPTION("TIPC: Transparent Inter Process Communication (tipc-xns)");
MODULE_LICENSE("GPL");
MODULE_ALIAS_NETPROTO(PF_TIPC);
MODULE_ALIAS_GENL_FAMILY(TIPC_GENL_V2_NAME);
