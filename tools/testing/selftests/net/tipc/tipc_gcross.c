// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_gcross: one node's share of a communication group spread over
 * several nodes, for the selftests.
 *
 *   tipc_gcross NODE NODES K STEPS
 *
 * Every node runs it at about the same time, each with its NODE number
 * (1..NODES): K member sockets join group GTYPE here, member i of node n
 * being "n.i". Members n.0 and n.1 are bound to instance 7, the others
 * to one of their own (100 + 16n + i). Once a member has seen all the
 * others join, it sends STEPS messages, step k being
 *
 *   k % 4 == 0   a broadcast
 *   k % 4 == 1   a multicast to instance 7 (members .0 and .1)
 *   k % 4 == 2   a unicast to every other member, one after the other
 *   k % 4 == 3   an anycast to the instance of member 2 of the next node
 *                (a broadcast if there is none)
 *
 * then a broadcast saying it is done.
 *
 * Each member checks that, from every other member, it gets exactly the
 * steps addressed to it, each once, in order, intact (size and bytes are
 * a function of sender and step), then the "done"; and that a member
 * leaves only after its "done". Exits 0 when every member here has sent
 * everything and got everything, 1 on a failed check or when 120 s pass.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/tipc.h>

#define GTYPE		4343
#define SHARED_INST	7
#define MAXK		8
#define MAXNODES	8
#define MAXMSG		20000
#define DEADLINE	120

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const int sizes[] = { 64, 1000, 3000, 9000, MAXMSG };

static int node, nodes, k_here, steps;

struct member {
	int sd;
	int id;				/* 16 * node + index */
	int step;			/* next step to send; steps: the done */
	int uc_next;			/* next unicast peer of a unicast step */
	int joined;			/* others seen joining */
	int finished;
	struct tipc_socket_addr peer[MAXK * MAXNODES];
	int rcv_step[16 * (MAXNODES + 1)];	/* next step wanted, by id */
	struct tipc_socket_addr done_from[16 * (MAXNODES + 1)];
	int done_cnt;
};

static struct member mbr[MAXK];

/* One "# " line of output: a note, or with @fatal a failure that ends us */
static void report(int fatal, const char *fmt, va_list ap)
{
	fputs(fatal ? "# FAIL: " : "# ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	if (fatal)
		exit(1);
}

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(0, fmt, ap);
	va_end(ap);
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(1, fmt, ap);
	va_end(ap);
}

static int others(void)
{
	return nodes * k_here - 1;
}

static unsigned int inst_of(int id)
{
	return id % 16 < 2 ? SHARED_INST : 100 + id;
}

/* Which way step @k of a member goes: 'B', 'M', 'U' or 'A' */
static char kind_of(int k)
{
	switch (k % 4) {
	case 0:
		return 'B';
	case 1:
		return 'M';
	case 2:
		return 'U';
	}
	return k_here > 2 ? 'A' : 'B';
}

/* The member an anycast of @id's goes to: .2 of the next node */
static int anycast_target(int id)
{
	return 16 * (id / 16 % nodes + 1) + 2;
}

/* Does step @k of member @from concern member @to? */
static int wanted(int from, int to, int k)
{
	switch (kind_of(k)) {
	case 'M':
		return inst_of(to) == SHARED_INST;
	case 'A':
		return to == anycast_target(from);
	}
	return 1;
}

static int size_of(int id, int k)
{
	return sizes[(id + k) % ARRAY_SIZE(sizes)];
}

static unsigned char byte_of(int id, int k, int j)
{
	return (id * 31 + k * 7 + j) & 0xff;
}

/* Message @k of member @id: "id k" then the pattern */
static int fill(char *buf, int id, int k)
{
	int len = k == steps ? 16 : size_of(id, k), j, h;

	h = snprintf(buf, 16, "%d %d", id, k) + 1;
	for (j = h; j < len; j++)
		buf[j] = byte_of(id, k, j);
	return len;
}

static void join(struct member *m, int i)
{
	struct tipc_group_req req = { GTYPE, 0, TIPC_CLUSTER_SCOPE,
				      TIPC_GROUP_MEMBER_EVTS };

	m->id = 16 * node + i;
	req.instance = inst_of(m->id);
	m->sd = socket(AF_TIPC, SOCK_RDM, 0);
	if (m->sd < 0)
		fail("socket: %s", strerror(errno));
	if (setsockopt(m->sd, SOL_TIPC, TIPC_GROUP_JOIN, &req, sizeof(req)))
		fail("member %d: join: %s", m->id, strerror(errno));
}

static struct sockaddr_tipc dest(struct member *m, char kind)
{
	struct sockaddr_tipc a = { .family = AF_TIPC };

	switch (kind) {
	case 'M':
		a.addrtype = TIPC_SERVICE_RANGE;
		a.addr.nameseq.type = GTYPE;
		a.addr.nameseq.lower = SHARED_INST;
		a.addr.nameseq.upper = SHARED_INST;
		break;
	case 'A':
		a.addrtype = TIPC_SERVICE_ADDR;
		a.addr.name.name.type = GTYPE;
		a.addr.name.name.instance = inst_of(anycast_target(m->id));
		break;
	case 'U':
		a.addrtype = TIPC_SOCKET_ADDR;
		a.addr.id = m->peer[m->uc_next];
		break;
	}
	return a;
}

/* Send what @m has to send until it would block; 0 when all is sent. */
static int send_some(struct member *m)
{
	static char buf[MAXMSG];
	struct sockaddr_tipc a;
	char kind;
	int len;

	while (m->step <= steps) {
		kind = m->step == steps ? 'B' : kind_of(m->step);
		len = fill(buf, m->id, m->step);
		a = dest(m, kind);
		if (sendto(m->sd, buf, len, MSG_DONTWAIT,
			   kind == 'B' ? NULL : (struct sockaddr *)&a,
			   kind == 'B' ? 0 : sizeof(a)) != len) {
			if (errno == EAGAIN)
				return 1;
			fail("member %d: step %d (%c, %d bytes): %s", m->id,
			     m->step, kind, len, strerror(errno));
		}
		if (kind == 'U' && ++m->uc_next < others())
			continue;
		m->uc_next = 0;
		m->step++;
	}
	return 0;
}

/* The next step after @k, from @from, that concerns @to */
static int next_wanted(int from, int to, int k)
{
	while (k < steps && !wanted(from, to, k))
		k++;
	return k;
}

static void event(struct member *m, struct sockaddr_tipc *src, int flags)
{
	int id = -1, i;

	if (!(flags & MSG_EOR)) {
		if (m->joined >= others())
			fail("member %d: a join too many, %x:%u", m->id,
			     src[0].addr.id.node, src[0].addr.id.ref);
		m->peer[m->joined++] = src[0].addr.id;
		return;
	}
	/* a member leaves: only after its done */
	for (i = 0; i < 16 * (MAXNODES + 1); i++)
		if (m->done_from[i].ref == src[0].addr.id.ref &&
		    m->done_from[i].node == src[0].addr.id.node)
			id = i;
	if (id < 0)
		fail("member %d: %x:%u left before it was done", m->id,
		     src[0].addr.id.node, src[0].addr.id.ref);
}

static void data(struct member *m, struct sockaddr_tipc *src,
		 const char *buf, int len)
{
	int id, k, want, j;

	if (sscanf(buf, "%d %d", &id, &k) != 2 || id < 16 ||
	    id >= 16 * (nodes + 1) || id % 16 >= k_here)
		fail("member %d: a message of %d bytes from %x:%u that "
		     "names no member", m->id, len, src[0].addr.id.node,
		     src[0].addr.id.ref);
	if ((int)src[1].addr.name.name.instance != (int)inst_of(id))
		fail("member %d: %d's message says instance %u", m->id, id,
		     src[1].addr.name.name.instance);
	if (m->done_from[id].ref)
		fail("member %d: step %d of %d after its done", m->id, k, id);
	want = next_wanted(id, m->id, m->rcv_step[id]);
	if (k != want)
		fail("member %d: step %d of %d, want step %d", m->id, k, id,
		     want);
	if (len != (k == steps ? 16 : size_of(id, k)))
		fail("member %d: step %d of %d has %d bytes", m->id, k, id,
		     len);
	for (j = strlen(buf) + 1; k < steps && j < len; j++)
		if ((unsigned char)buf[j] != byte_of(id, k, j))
			fail("member %d: step %d of %d: byte %d differs",
			     m->id, k, id, j);
	m->rcv_step[id] = k + 1;
	if (k == steps) {
		m->done_from[id] = src[0].addr.id;
		m->done_cnt++;
	}
}

/* Take what @m has received, without waiting. */
static void receive(struct member *m)
{
	static char buf[MAXMSG + 1];
	struct sockaddr_tipc src[2];
	struct iovec iov = { buf, MAXMSG };
	struct msghdr mh = { .msg_name = src, .msg_iov = &iov,
			     .msg_iovlen = 1 };
	int len;

	for (;;) {
		memset(src, 0, sizeof(src));
		mh.msg_namelen = sizeof(src);
		len = recvmsg(m->sd, &mh, MSG_DONTWAIT);
		if (len < 0 && errno == EAGAIN)
			return;
		if (len < 0)
			fail("member %d: recvmsg: %s", m->id, strerror(errno));
		if (mh.msg_namelen != sizeof(src))
			fail("member %d: no member address", m->id);
		if (mh.msg_flags & MSG_OOB) {
			event(m, src, mh.msg_flags);
			continue;
		}
		buf[len] = 0;
		data(m, src, buf, len);
	}
}

int main(int argc, char **argv)
{
	struct pollfd pfd[MAXK];
	time_t end;
	int i, busy;

	if (argc < 5)
		fail("usage: tipc_gcross NODE NODES K STEPS");
	node = atoi(argv[1]);
	nodes = atoi(argv[2]);
	k_here = atoi(argv[3]);
	steps = atoi(argv[4]);
	if (node < 1 || node > nodes || nodes > MAXNODES || k_here < 1 ||
	    k_here > MAXK || steps < 1 || nodes * k_here < 2)
		fail("bad arguments");
	for (i = 0; i < k_here; i++)
		join(&mbr[i], i);
	say("node %d: %d members joined, waiting for %d others each", node,
	    k_here, others());
	end = time(NULL) + DEADLINE;
	do {
		busy = 0;
		for (i = 0; i < k_here; i++) {
			struct member *m = &mbr[i];

			receive(m);
			pfd[i].fd = m->sd;
			pfd[i].events = POLLIN;
			if (m->joined == others() && send_some(m))
				pfd[i].events |= POLLOUT;
			m->finished = m->step > steps &&
				      m->done_cnt == others();
			busy |= !m->finished;
		}
		if (busy && time(NULL) > end) {
			for (i = 0; i < k_here; i++)
				say("member %d: %d joined, sent %d steps, "
				    "%d done", mbr[i].id, mbr[i].joined,
				    mbr[i].step, mbr[i].done_cnt);
			fail("not done after %d s", DEADLINE);
		}
		if (busy)
			poll(pfd, k_here, 100);
	} while (busy);
	say("node %d: %d members each sent %d steps and got all %d others'",
	    node, k_here, steps, others());
	return 0;
}
