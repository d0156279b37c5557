// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_topfuzz: throw malformed and random requests at the topology
 * server, then check that it still serves.
 *
 *   tipc_topfuzz SEED ROUNDS
 *
 * Each round, on one of several subscriber connections (SEQPACKET and
 * STREAM), does one of: send random bytes of random length, send a
 * struct tipc_subscr with random fields (either byte order, any filter
 * bits including TIPC_SUB_CANCEL, short timeouts), close the connection
 * abruptly, or bind/unbind a socket in the watched types so that events
 * flow (which nobody may read). Then a fresh subscriber must get its
 * event. Exits 0 if it does; the kernel log tells the rest.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/tipc.h>

#define CONNS		8
#define BINDERS		8
#define TYPE0		7000	/* the watched types: TYPE0..TYPE0+3 */

static int conn[CONNS];
static int binder[BINDERS];

static int topsrv_connect(int type)
{
	struct sockaddr_tipc a = { .family = AF_TIPC,
				   .addrtype = TIPC_SERVICE_ADDR };
	int sd = socket(AF_TIPC, type, 0);

	a.addr.name.name.type = TIPC_TOP_SRV;
	a.addr.name.name.instance = TIPC_TOP_SRV;
	if (sd < 0 || connect(sd, (struct sockaddr *)&a, sizeof(a))) {
		perror("connect to the topology server");
		exit(1);
	}
	return sd;
}

static uint32_t pick(uint32_t n)
{
	return (uint32_t)random() % n;
}

static uint32_t any32(void)
{
	return (uint32_t)random() << 16 ^ (uint32_t)random();
}

static void random_subscr(struct tipc_subscr *s)
{
	int swap = pick(2);
	uint32_t lower = pick(4) ? pick(8) : any32();
	uint32_t upper = pick(4) ? lower + pick(8) : any32();
	uint32_t filter = pick(8) ? 1 + pick(2) : any32();
	uint32_t timeout = pick(3) ? pick(50) : (uint32_t)TIPC_WAIT_FOREVER;

	if (!pick(6))
		filter |= TIPC_SUB_CANCEL;
	memset(s, 0, sizeof(*s));
	s->seq.type = swap ? htonl(TYPE0 + pick(4)) : TYPE0 + pick(4);
	s->seq.lower = swap ? htonl(lower) : lower;
	s->seq.upper = swap ? htonl(upper) : upper;
	s->filter = swap ? htonl(filter) : filter;
	s->timeout = swap ? htonl(timeout) : timeout;
	s->usr_handle[0] = pick(256);
}

static void send_junk(int sd)
{
	unsigned char buf[128];
	struct tipc_subscr s;
	size_t len = pick(sizeof(buf));
	size_t i;

	if (pick(2)) {
		for (i = 0; i < len; i++)
			buf[i] = pick(256);
		(void)send(sd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		return;
	}
	random_subscr(&s);
	(void)send(sd, &s, pick(4) ? sizeof(s) : pick(sizeof(s)),
		   MSG_DONTWAIT | MSG_NOSIGNAL);
}

static void toggle_binding(int i)
{
	struct sockaddr_tipc a = { .family = AF_TIPC,
				   .addrtype = TIPC_SERVICE_RANGE,
				   .scope = TIPC_NODE_SCOPE };

	if (binder[i] >= 0) {
		close(binder[i]);
		binder[i] = -1;
		return;
	}
	binder[i] = socket(AF_TIPC, SOCK_RDM, 0);
	a.addr.nameseq.type = TYPE0 + pick(4);
	a.addr.nameseq.lower = pick(8);
	a.addr.nameseq.upper = a.addr.nameseq.lower + pick(4);
	(void)bind(binder[i], (struct sockaddr *)&a, sizeof(a));
}

/* Read whatever events wait on @sd, without blocking. */
static void drain(int sd)
{
	char buf[512];

	while (recv(sd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static void one_round(void)
{
	int c = pick(CONNS);

	switch (pick(10)) {
	case 0:
		close(conn[c]);
		conn[c] = topsrv_connect(pick(2) ? SOCK_SEQPACKET :
					 SOCK_STREAM);
		break;
	case 1:
	case 2:
		toggle_binding(pick(BINDERS));
		break;
	case 3:
		drain(conn[c]);
		break;
	default:
		send_junk(conn[c]);
	}
}

/* A fresh subscriber must hear of a new binding within 5 s. */
static int still_serving(void)
{
	struct tipc_subscr s = { .seq = { TYPE0 + 10, 0, 0 },
				 .timeout = TIPC_WAIT_FOREVER,
				 .filter = TIPC_SUB_PORTS };
	struct sockaddr_tipc a = { .family = AF_TIPC,
				   .addrtype = TIPC_SERVICE_ADDR };
	struct pollfd p;
	struct tipc_event e;
	int sd = topsrv_connect(SOCK_SEQPACKET), b;

	if (send(sd, &s, sizeof(s), 0) != sizeof(s))
		return 0;
	b = socket(AF_TIPC, SOCK_RDM, 0);
	a.addr.name.name.type = TYPE0 + 10;
	if (bind(b, (struct sockaddr *)&a, sizeof(a)))
		return 0;
	p = (struct pollfd){ .fd = sd, .events = POLLIN };
	if (poll(&p, 1, 5000) != 1 || recv(sd, &e, sizeof(e), 0) != sizeof(e))
		return 0;
	return e.event == TIPC_PUBLISHED && e.s.seq.type == TYPE0 + 10;
}

int main(int argc, char **argv)
{
	long rounds;
	int i;

	if (argc != 3) {
		fprintf(stderr, "usage: tipc_topfuzz SEED ROUNDS\n");
		return 2;
	}
	srandom(atoi(argv[1]));
	rounds = atol(argv[2]);
	for (i = 0; i < CONNS; i++)
		conn[i] = topsrv_connect(i % 2 ? SOCK_STREAM : SOCK_SEQPACKET);
	for (i = 0; i < BINDERS; i++)
		binder[i] = -1;
	while (rounds-- > 0)
		one_round();
	for (i = 0; i < CONNS; i++)
		close(conn[i]);
	for (i = 0; i < BINDERS; i++)
		if (binder[i] >= 0)
			close(binder[i]);
	if (!still_serving()) {
		printf("# the topology server no longer serves\n");
		return 1;
	}
	printf("# the topology server still serves\n");
	return 0;
}
