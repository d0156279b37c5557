/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tipc-xns: the "TIPCv2" generic netlink family.
 */
#ifndef _TIPC_NETLINK_H
#define _TIPC_NETLINK_H

int tipc_netlink_init(void);
void tipc_netlink_exit(void);

#endif
