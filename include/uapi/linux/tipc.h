/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * tipc.h: the AF_TIPC socket interface.
 *
 * Written for tipc-xns; ABI-identical to the Linux uapi header of the
 * same name: names, values and layouts below are fixed by that ABI.
 */
#ifndef _LINUX_TIPC_H_
#define _LINUX_TIPC_H_

#include <linux/types.h>
#include <linux/sockios.h>

/*
 * Addresses. A socket is known by its port and node; a service by a
 * type and an instance, or a range of instances.
 */
struct tipc_socket_addr {
	__u32 ref;		/* port number */
	__u32 node;		/* node address */
};

struct tipc_service_addr {
	__u32 type;
	__u32 instance;
};

struct tipc_service_range {
	__u32 type;
	__u32 lower;
	__u32 upper;
};

/* Service types used by TIPC itself; applications bind from 64 up. */
#define TIPC_NODE_STATE		0	/* one binding per reachable node */
#define TIPC_TOP_SRV		1	/* the topology server */
#define TIPC_LINK_STATE		2	/* one binding per working link */
#define TIPC_RESERVED_TYPES	64

/* How far a binding is visible. 0 also means cluster scope. */
enum tipc_scope {
	TIPC_CLUSTER_SCOPE = 2,
	TIPC_NODE_SCOPE = 3,
};

/* Largest message an application may send */
#define TIPC_MAX_USER_MSG_SIZE	66000U

/* Message importance, also the sending socket's default */
#define TIPC_LOW_IMPORTANCE		0
#define TIPC_MEDIUM_IMPORTANCE		1
#define TIPC_HIGH_IMPORTANCE		2
#define TIPC_CRITICAL_IMPORTANCE	3

/* Why a message came back to its sender (TIPC_ERRINFO) */
#define TIPC_OK			0
#define TIPC_ERR_NO_NAME	1	/* no socket bound to the service */
#define TIPC_ERR_NO_PORT	2	/* no socket with that port */
#define TIPC_ERR_NO_NODE	3	/* destination node unreachable */
#define TIPC_ERR_OVERLOAD	4	/* receive queue full */
#define TIPC_CONN_SHUTDOWN	5	/* connection closed in order */

/*
 * The topology server: connect to {TIPC_TOP_SRV, TIPC_TOP_SRV}, send
 * subscriptions, read events.
 */
#define TIPC_SUB_PORTS		0x01	/* an event per matching binding */
#define TIPC_SUB_SERVICE	0x02	/* events at first up and last down */
#define TIPC_SUB_CANCEL		0x04	/* withdraw an earlier subscription */

#define TIPC_WAIT_FOREVER	(~0)	/* subscription without timeout */

struct tipc_subscr {
	struct tipc_service_range seq;	/* what to watch */
	__u32 timeout;			/* ms, or TIPC_WAIT_FOREVER */
	__u32 filter;			/* TIPC_SUB_* */
	char usr_handle[8];		/* returned untouched in events */
};

#define TIPC_PUBLISHED		1
#define TIPC_WITHDRAWN		2
#define TIPC_SUBSCR_TIMEOUT	3

struct tipc_event {
	__u32 event;			/* TIPC_PUBLISHED etc. */
	__u32 found_lower;		/* the part of the watched range */
	__u32 found_upper;		/* that the event is about */
	struct tipc_socket_addr port;	/* the bound socket */
	struct tipc_subscr s;		/* the subscription */
};

/* The socket family; libc may have defined these already */
#ifndef AF_TIPC
#define AF_TIPC		30
#endif

#ifndef PF_TIPC
#define PF_TIPC		AF_TIPC
#endif

#ifndef SOL_TIPC
#define SOL_TIPC	271
#endif

/* sockaddr_tipc.addrtype */
#define TIPC_ADDR_MCAST		1
#define TIPC_SERVICE_RANGE	1
#define TIPC_SERVICE_ADDR	2
#define TIPC_SOCKET_ADDR	3

struct sockaddr_tipc {
	unsigned short family;
	unsigned char  addrtype;
	signed   char  scope;	/* negative in bind(): unbind */
	union {
		struct tipc_socket_addr id;
		struct tipc_service_range nameseq;
		struct {
			struct tipc_service_addr name;
			__u32 domain;	/* node to look the service up on */
		} name;
	} addr;
};

/* Ancillary data types, level SOL_TIPC */
#define TIPC_ERRINFO	1	/* error code and returned data length */
#define TIPC_RETDATA	2	/* the returned data */
#define TIPC_DESTNAME	3	/* service the message was sent to */

/* Socket options, level SOL_TIPC */
#define TIPC_IMPORTANCE		127	/* TIPC_*_IMPORTANCE; default low */
#define TIPC_SRC_DROPPABLE	128	/* default depends on socket type */
#define TIPC_DEST_DROPPABLE	129	/* default depends on socket type */
#define TIPC_CONN_TIMEOUT	130	/* connect() timeout, ms; 8000 */
#define TIPC_NODE_RECVQ_DEPTH	131	/* read only */
#define TIPC_SOCK_RECVQ_DEPTH	132	/* read only: queued messages */
#define TIPC_MCAST_BROADCAST	133	/* no argument */
#define TIPC_MCAST_REPLICAST	134	/* no argument */
#define TIPC_GROUP_JOIN		135	/* struct tipc_group_req */
#define TIPC_GROUP_LEAVE	136	/* no argument */
#define TIPC_SOCK_RECVQ_USED	137	/* read only: queued bytes */
#define TIPC_NODELAY		138	/* no Nagle on streams; default off */

/* tipc_group_req.flags */
#define TIPC_GROUP_LOOPBACK	0x1	/* also deliver our own sends */
#define TIPC_GROUP_MEMBER_EVTS	0x2	/* report joins and leaves */

struct tipc_group_req {
	__u32 type;		/* group */
	__u32 instance;		/* our member id */
	__u32 scope;		/* TIPC_CLUSTER_SCOPE or TIPC_NODE_SCOPE */
	__u32 flags;
};

/* Sizes of names and identities */
#define TIPC_NODEID_LEN		16
#define TIPC_MAX_MEDIA_NAME	16
#define TIPC_MAX_IF_NAME	16
#define TIPC_MAX_BEARER_NAME	32
#define TIPC_MAX_LINK_NAME	68

/* ioctl()s on AF_TIPC sockets */
#define SIOCGETLINKNAME		SIOCPROTOPRIVATE
#define SIOCGETNODEID		(SIOCPROTOPRIVATE + 1)

struct tipc_sioc_ln_req {
	__u32 peer;
	__u32 bearer_id;
	char linkname[TIPC_MAX_LINK_NAME];
};

struct tipc_sioc_nodeid_req {
	__u32 peer;
	char node_id[TIPC_NODEID_LEN];
};

/*
 * Encryption keys, as "tipc node set key" passes them: an AEAD algorithm
 * name and a key of 16, 24 or 32 bytes followed by a 4-byte salt.
 */
#define TIPC_AEAD_ALG_NAME		(32)

struct tipc_aead_key {
	char alg_name[TIPC_AEAD_ALG_NAME];
	unsigned int keylen;	/* bytes of key[], salt included */
	char key[];
};

#define TIPC_AEAD_KEYLEN_MIN		(16 + 4)
#define TIPC_AEAD_KEYLEN_MAX		(32 + 4)
#define TIPC_AEAD_KEY_SIZE_MAX		(sizeof(struct tipc_aead_key) + \
					 TIPC_AEAD_KEYLEN_MAX)

static inline int tipc_aead_key_size(struct tipc_aead_key *key)
{
	return sizeof(*key) + key->keylen;
}

#define TIPC_REKEYING_NOW		(~0U)

/*
 * Deprecated names, kept for old programs: legacy <zone.cluster.node>
 * addresses and the first names of the address types.
 */
#define TIPC_CFG_SRV		0
#define TIPC_ZONE_SCOPE		1

#define TIPC_ADDR_NAMESEQ	1
#define TIPC_ADDR_NAME		2
#define TIPC_ADDR_ID		3

#define TIPC_NODE_BITS		12
#define TIPC_CLUSTER_BITS	12
#define TIPC_ZONE_BITS		8

#define TIPC_NODE_OFFSET	0
#define TIPC_CLUSTER_OFFSET	TIPC_NODE_BITS
#define TIPC_ZONE_OFFSET	(TIPC_CLUSTER_OFFSET + TIPC_CLUSTER_BITS)

#define TIPC_NODE_SIZE		((1UL << TIPC_NODE_BITS) - 1)
#define TIPC_CLUSTER_SIZE	((1UL << TIPC_CLUSTER_BITS) - 1)
#define TIPC_ZONE_SIZE		((1UL << TIPC_ZONE_BITS) - 1)

#define TIPC_NODE_MASK		(TIPC_NODE_SIZE << TIPC_NODE_OFFSET)
#define TIPC_CLUSTER_MASK	(TIPC_CLUSTER_SIZE << TIPC_CLUSTER_OFFSET)
#define TIPC_ZONE_MASK		(TIPC_ZONE_SIZE << TIPC_ZONE_OFFSET)

#define TIPC_ZONE_CLUSTER_MASK	(TIPC_ZONE_MASK | TIPC_CLUSTER_MASK)

#define tipc_portid	tipc_socket_addr
#define tipc_name	tipc_service_addr
#define tipc_name_seq	tipc_service_range

static inline __u32 tipc_addr(unsigned int zone, unsigned int cluster,
			      unsigned int node)
{
	return zone << TIPC_ZONE_OFFSET | cluster << TIPC_CLUSTER_OFFSET |
	       node;
}

static inline unsigned int tipc_zone(__u32 addr)
{
	return addr >> TIPC_ZONE_OFFSET;
}

static inline unsigned int tipc_cluster(__u32 addr)
{
	return (addr & TIPC_CLUSTER_MASK) >> TIPC_CLUSTER_OFFSET;
}

static inline unsigned int tipc_node(__u32 addr)
{
	return addr & TIPC_NODE_MASK;
}

#endif /* _LINUX_TIPC_H_ */
