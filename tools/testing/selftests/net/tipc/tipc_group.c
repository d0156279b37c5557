// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_group: communication group scenarios for the selftests.
 *
 *   tipc_group CASE
 *
 * runs one scenario with several member sockets in this process, in the
 * current namespace, and exits 0 if every check held. What it checks is
 * printed on stdout as "# ..." lines; a failed check says what it got.
 * Every receive has a 5 s timeout, so a lost message fails, not hangs.
 *
 * Messages carry "SENDER SEQ" in their first bytes; receivers check
 * that each sender's messages come in order and none is missing.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/tipc.h>

#define GTYPE		4242
#define MAXMEM		24
#define MSGLEN		100
#define BIGLEN		10000

static int failed;
static unsigned int sent_seq[MAXMEM];	/* next number each member sends */

static void say(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#define check(cond, ...) do {						\
	if (!(cond)) {							\
		say("FAIL: " __VA_ARGS__);			\
		failed = 1;						\
		return -1;						\
	}								\
} while (0)

struct member {
	int sd;
	unsigned int port;
	unsigned int node;
	unsigned int inst;
	unsigned int next[MAXMEM];	/* next sequence number expected */
};

static struct member mbr[MAXMEM];

static int open_rdm(void)
{
	struct timeval tv = { .tv_sec = 5 };
	struct sockaddr_tipc a;
	socklen_t len = sizeof(a);
	int sd = socket(AF_TIPC, SOCK_RDM, 0);

	if (sd < 0) {
		perror("socket");
		exit(2);
	}
	setsockopt(sd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(sd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	getsockname(sd, (struct sockaddr *)&a, &len);
	return sd;
}

static int join(int i, unsigned int inst, unsigned int scope,
		unsigned int flags)
{
	struct tipc_group_req req = { GTYPE, inst, scope, flags };
	struct sockaddr_tipc a;
	socklen_t len = sizeof(a);

	mbr[i].sd = open_rdm();
	getsockname(mbr[i].sd, (struct sockaddr *)&a, &len);
	mbr[i].port = a.addr.id.ref;
	mbr[i].node = a.addr.id.node;
	mbr[i].inst = inst;
	memset(mbr[i].next, 0, sizeof(mbr[i].next));
	check(!setsockopt(mbr[i].sd, SOL_TIPC, TIPC_GROUP_JOIN, &req,
			  sizeof(req)), "member %d: join: %s", i,
	      strerror(errno));
	return 0;
}

static int who(unsigned int port)
{
	int i;

	for (i = 0; i < MAXMEM; i++)
		if (mbr[i].port && mbr[i].port == port)
			return i;
	return -1;
}

/* One received message: from whom, member instance, flags, length. */
struct rcvd {
	int len;
	int from;
	unsigned int inst;
	int flags;
	unsigned int seq;
	int sender;
};

static int rcv(int i, struct rcvd *r, int dontwait)
{
	struct sockaddr_tipc src[2];
	char buf[BIGLEN + 64];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_name = src, .msg_namelen = sizeof(src),
			    .msg_iov = &iov, .msg_iovlen = 1 };

	memset(src, 0, sizeof(src));
	r->len = recvmsg(mbr[i].sd, &m, dontwait ? MSG_DONTWAIT : 0);
	if (r->len < 0)
		return -errno;
	r->flags = m.msg_flags;
	r->from = who(src[0].addr.id.ref);
	r->inst = src[1].addr.name.name.instance;
	r->sender = -1;
	if (r->len >= 2 && sscanf(buf, "%d %u", &r->sender, &r->seq) != 2)
		r->sender = -1;
	if (m.msg_namelen != sizeof(src) || src[1].family != AF_TIPC ||
	    src[1].addr.name.name.type != GTYPE) {
		say("member %d: namelen %d, member address family %d type %u",
		    i, m.msg_namelen, src[1].family,
		    src[1].addr.name.name.type);
		return -EPROTO;
	}
	return 0;
}

/* Member @i must get a member event from @j; @left: a withdrawal. */
static int expect_event(int i, int j, int left)
{
	struct rcvd r;
	int err = rcv(i, &r, 0);

	check(!err, "member %d: waiting for event about %d: %s", i, j,
	      strerror(-err));
	check(r.len == 0 && (r.flags & MSG_OOB), "member %d: got len %d "
	      "flags %#x, want an event", i, r.len, r.flags);
	check(r.from == j && r.inst == mbr[j].inst, "member %d: event from "
	      "%d inst %u, want %d inst %u", i, r.from, r.inst, j,
	      mbr[j].inst);
	check(!!(r.flags & MSG_EOR) == left, "member %d: event about %d: "
	      "MSG_EOR %d, want %d", i, j, !!(r.flags & MSG_EOR), left);
	return 0;
}

/* Member @i must see the members in @mask join, in any order. */
static int expect_joins(int i, unsigned int mask)
{
	struct rcvd r;
	int j;

	while (mask) {
		check(!rcv(i, &r, 0) && r.len == 0 && (r.flags & MSG_OOB) &&
		      !(r.flags & MSG_EOR), "member %d: join events of %#x "
		      "missing", i, mask);
		j = r.from;
		check(j >= 0 && (mask & 1U << j) && r.inst == mbr[j].inst,
		      "member %d: event from %d inst %u, want one of %#x", i,
		      j, r.inst, mask);
		mask &= ~(1U << j);
	}
	return 0;
}

/* Members 0..n-1 joined with events: each sees every other come. */
static int all_joined(int n)
{
	int i, j, seen, k;
	struct rcvd r;

	for (i = 0; i < n; i++) {
		for (seen = 0, k = 0; k < n - 1; k++) {
			check(!rcv(i, &r, 0) && r.len == 0 &&
			      (r.flags & MSG_OOB) && !(r.flags & MSG_EOR),
			      "member %d: join event %d of %d missing", i,
			      k + 1, n - 1);
			j = r.from;
			check(j >= 0 && j < n && j != i && !(seen & 1 << j),
			      "member %d: event from unexpected %d", i, j);
			seen |= 1 << j;
		}
	}
	say("%d members see each other", n);
	return 0;
}

static int xmit(int i, const struct sockaddr_tipc *dst, int len, int flags)
{
	char buf[BIGLEN];
	int ret;

	memset(buf, 'x', len);
	snprintf(buf, len, "%d %u", i, sent_seq[i]);
	ret = sendto(mbr[i].sd, buf, len, flags, (struct sockaddr *)dst,
		     dst ? sizeof(*dst) : 0);
	if (ret < 0)
		return -errno;
	sent_seq[i]++;
	return ret;
}

/* Member @i must get the next message of @from, of @len bytes. */
static int expect_msg(int i, int from, int len)
{
	struct rcvd r;
	int err = rcv(i, &r, 0);

	check(!err, "member %d: waiting for message %u of %d: %s", i,
	      mbr[i].next[from], from, strerror(-err));
	check(r.len == len && r.from == from && r.sender == from &&
	      r.inst == mbr[from].inst && !(r.flags & MSG_OOB),
	      "member %d: got len %d from %d (inst %u, says %d), want %d "
	      "bytes from %d", i, r.len, r.from, r.inst, r.sender, len, from);
	check(r.seq == mbr[i].next[from], "member %d: message %u of %d, "
	      "want %u", i, r.seq, from, mbr[i].next[from]);
	mbr[i].next[from]++;
	return 0;
}

static int expect_nothing(int i)
{
	struct rcvd r;
	int err = rcv(i, &r, 1);

	check(err == -EAGAIN, "member %d: got len %d from %d, want nothing",
	      i, r.len, r.from);
	return 0;
}

static struct sockaddr_tipc svc(unsigned int inst)
{
	struct sockaddr_tipc a = { .family = AF_TIPC,
				   .addrtype = TIPC_SERVICE_ADDR };

	a.addr.name.name.type = GTYPE;
	a.addr.name.name.instance = inst;
	return a;
}

static struct sockaddr_tipc range(unsigned int lower, unsigned int upper)
{
	struct sockaddr_tipc a = { .family = AF_TIPC,
				   .addrtype = TIPC_SERVICE_RANGE };

	a.addr.nameseq.type = GTYPE;
	a.addr.nameseq.lower = lower;
	a.addr.nameseq.upper = upper;
	return a;
}

static struct sockaddr_tipc sockid(int i)
{
	struct sockaddr_tipc a = { .family = AF_TIPC,
				   .addrtype = TIPC_SOCKET_ADDR };

	a.addr.id.ref = mbr[i].port;
	a.addr.id.node = mbr[i].node;
	return a;
}

static int case_errors(void)
{
	struct tipc_group_req req = { 10, 1, TIPC_CLUSTER_SCOPE, 0 };
	struct sockaddr_tipc a = svc(7);
	int sd = open_rdm();
	unsigned int val = 1;
	socklen_t len = sizeof(val);

	check(setsockopt(sd, SOL_TIPC, TIPC_GROUP_JOIN, &req, sizeof(req)) &&
	      errno == EACCES, "reserved type: %s", strerror(errno));
	req.type = GTYPE;
	req.scope = 4;
	check(setsockopt(sd, SOL_TIPC, TIPC_GROUP_JOIN, &req, sizeof(req)) &&
	      errno == EINVAL, "scope 4: %s", strerror(errno));
	check(setsockopt(sd, SOL_TIPC, TIPC_GROUP_JOIN, &req,
			 sizeof(req) - 1) && errno == EINVAL,
	      "short request: %s", strerror(errno));
	check(setsockopt(sd, SOL_TIPC, TIPC_GROUP_LEAVE, NULL, 0) &&
	      errno == EINVAL, "leave before join: %s", strerror(errno));
	req.scope = TIPC_NODE_SCOPE;
	check(!setsockopt(sd, SOL_TIPC, TIPC_GROUP_JOIN, &req, sizeof(req)),
	      "join: %s", strerror(errno));
	check(setsockopt(sd, SOL_TIPC, TIPC_GROUP_JOIN, &req, sizeof(req)) &&
	      errno == EACCES, "second join: %s", strerror(errno));
	check(!getsockopt(sd, SOL_TIPC, TIPC_GROUP_JOIN, &val, &len) &&
	      val == GTYPE, "group type %u, want %u", val, GTYPE);
	check(bind(sd, (struct sockaddr *)&a, sizeof(a)) && errno == EACCES,
	      "bind in a group: %s", strerror(errno));
	check(connect(sd, (struct sockaddr *)&a, sizeof(a)) &&
	      errno == EINVAL, "connect in a group: %s", strerror(errno));
	check(sendto(sd, "x", 1, 0, NULL, 0) < 0 && errno == EHOSTUNREACH,
	      "broadcast alone: %s", strerror(errno));
	check(sendto(sd, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)) < 0 &&
	      errno == EHOSTUNREACH, "anycast to nobody: %s",
	      strerror(errno));
	check(!setsockopt(sd, SOL_TIPC, TIPC_GROUP_LEAVE, NULL, 0),
	      "leave: %s", strerror(errno));
	check(!getsockopt(sd, SOL_TIPC, TIPC_GROUP_JOIN, &val, &len) &&
	      val == 0, "group type %u after leave, want 0", val);
	check(setsockopt(sd, SOL_TIPC, TIPC_GROUP_LEAVE, NULL, 0) &&
	      errno == EINVAL, "second leave: %s", strerror(errno));
	check(!bind(sd, (struct sockaddr *)&a, sizeof(a)),
	      "bind after leave: %s", strerror(errno));
	say("join and leave errors as expected");
	close(sd);
	return 0;
}

static int case_events(void)
{
	struct rcvd r;

	if (join(0, 1, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS) ||
	    join(1, 2, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS) ||
	    join(2, 3, TIPC_CLUSTER_SCOPE, 0))
		return -1;
	/* the joins are seen as they complete, in no fixed order */
	if (expect_joins(0, 1 << 1 | 1 << 2) || expect_joins(1, 1 << 0 | 1 << 2))
		return -1;
	say("members with TIPC_GROUP_MEMBER_EVTS see the others join");
	close(mbr[1].sd);	/* who() still knows its port */
	if (expect_event(0, 1, 1))
		return -1;
	say("a member closing is a withdrawal event (MSG_EOR)");
	check(!setsockopt(mbr[2].sd, SOL_TIPC, TIPC_GROUP_LEAVE, NULL, 0),
	      "leave: %s", strerror(errno));
	if (expect_event(0, 2, 1))
		return -1;
	say("a member leaving is a withdrawal event");
	check(rcv(2, &r, 1) == -EAGAIN, "member without events got len %d",
	      r.len);
	say("a member without TIPC_GROUP_MEMBER_EVTS got no event");
	return 0;
}

static int case_bcast(void)
{
	int i, k;

	for (i = 0; i < 3; i++)
		if (join(i, 10 + i, TIPC_CLUSTER_SCOPE,
			 TIPC_GROUP_MEMBER_EVTS))
			return -1;
	if (all_joined(3))
		return -1;
	for (k = 0; k < 50; k++)
		check(xmit(0, NULL, MSGLEN, 0) == MSGLEN,
		      "broadcast %d: %s", k, strerror(errno));
	for (k = 0; k < 50; k++)
		if (expect_msg(1, 0, MSGLEN) || expect_msg(2, 0, MSGLEN))
			return -1;
	if (expect_nothing(0) || expect_nothing(1) || expect_nothing(2))
		return -1;
	say("50 broadcasts reach both other members in order, not the sender");
	return 0;
}

static int case_loopback(void)
{
	int k;

	if (join(0, 1, TIPC_CLUSTER_SCOPE,
		 TIPC_GROUP_MEMBER_EVTS | TIPC_GROUP_LOOPBACK) ||
	    join(1, 2, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS))
		return -1;
	/* with loopback, member 0 also sees itself join */
	if (expect_event(1, 0, 0))
		return -1;
	for (k = 0; k < 2; k++) {
		struct rcvd r;

		check(!rcv(0, &r, 0) && r.len == 0 && (r.flags & MSG_OOB),
		      "member 0: join event %d missing", k);
	}
	for (k = 0; k < 10; k++)
		check(xmit(0, NULL, MSGLEN, 0) == MSGLEN, "broadcast: %s",
		      strerror(errno));
	for (k = 0; k < 10; k++)
		if (expect_msg(0, 0, MSGLEN) || expect_msg(1, 0, MSGLEN))
			return -1;
	say("with TIPC_GROUP_LOOPBACK a broadcast comes back to its sender");
	return 0;
}

/* Members: 0 (inst 0), 1 and 2 (inst 1), 3 (inst 2). */
static int four_members(void)
{
	static const unsigned int inst[] = { 0, 1, 1, 2 };
	int i;

	for (i = 0; i < 4; i++)
		if (join(i, inst[i], TIPC_CLUSTER_SCOPE,
			 TIPC_GROUP_MEMBER_EVTS))
			return -1;
	return all_joined(4);
}

static int case_anycast(void)
{
	struct sockaddr_tipc a = svc(1), none = svc(9);
	int k;
	unsigned int seen = 0, last;
	struct rcvd r;
	int i;

	if (four_members())
		return -1;
	for (k = 0; k < 20; k++)
		check(xmit(0, &a, MSGLEN, 0) == MSGLEN, "anycast %d: %s", k,
		      strerror(errno));
	/* each gets half, in order; together all of them */
	for (i = 1; i <= 2; i++) {
		for (k = 0, last = 0; k < 10; k++) {
			check(!rcv(i, &r, 0) && r.len == MSGLEN && r.from == 0,
			      "member %d: anycast %d of 10 missing", i, k);
			check(!k || r.seq > last, "member %d: %u after %u", i,
			      r.seq, last);
			last = r.seq;
			seen |= 1U << r.seq;
		}
	}
	check(seen == (1U << 20) - 1, "anycasts seen: %#x", seen);
	if (expect_nothing(1) || expect_nothing(2) || expect_nothing(3))
		return -1;
	check(xmit(0, &none, MSGLEN, 0) == -EHOSTUNREACH,
	      "anycast to an instance nobody has: %s", strerror(errno));
	say("anycast alternates between the two members of instance 1");
	return 0;
}

static int case_unicast(void)
{
	struct sockaddr_tipc a, stranger;
	socklen_t len = sizeof(stranger);
	int sd = open_rdm(), k;

	if (four_members())
		return -1;
	a = sockid(3);
	for (k = 0; k < 10; k++)
		check(xmit(0, &a, MSGLEN, 0) == MSGLEN, "unicast: %s",
		      strerror(errno));
	for (k = 0; k < 10; k++)
		if (expect_msg(3, 0, MSGLEN))
			return -1;
	if (expect_nothing(1) || expect_nothing(2))
		return -1;
	getsockname(sd, (struct sockaddr *)&stranger, &len);
	check(xmit(0, &stranger, MSGLEN, 0) == -EHOSTUNREACH,
	      "unicast to a non-member: %s", strerror(errno));
	say("unicast reaches the member addressed, not a non-member");
	close(sd);
	return 0;
}

static int case_mcast(void)
{
	struct sockaddr_tipc one = range(1, 1), two = range(2, 2);
	struct sockaddr_tipc none = range(9, 9);
	int k;

	if (four_members())
		return -1;
	for (k = 0; k < 10; k++)
		check(xmit(0, &one, MSGLEN, 0) == MSGLEN, "multicast: %s",
		      strerror(errno));
	for (k = 0; k < 10; k++)
		if (expect_msg(1, 0, MSGLEN) || expect_msg(2, 0, MSGLEN))
			return -1;
	if (expect_nothing(3))
		return -1;
	say("multicast to instance 1 reaches both its members only");
	mbr[3].next[0] = sent_seq[0];
	check(xmit(0, &two, MSGLEN, 0) == MSGLEN, "multicast: %s",
	      strerror(errno));
	if (expect_msg(3, 0, MSGLEN) || expect_nothing(1) ||
	    expect_nothing(2))
		return -1;
	check(xmit(0, &none, MSGLEN, 0) == -EHOSTUNREACH,
	      "multicast to nobody: %s", strerror(errno));
	say("multicast to a lone member, and to nobody");
	return 0;
}

static int case_scope(void)
{
	int k;

	if (join(0, 1, TIPC_NODE_SCOPE, TIPC_GROUP_MEMBER_EVTS) ||
	    join(1, 2, TIPC_NODE_SCOPE, TIPC_GROUP_MEMBER_EVTS) ||
	    join(2, 3, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS))
		return -1;
	if (all_joined(2))
		return -1;
	for (k = 0; k < 5; k++)
		check(xmit(0, NULL, MSGLEN, 0) == MSGLEN, "broadcast: %s",
		      strerror(errno));
	for (k = 0; k < 5; k++)
		if (expect_msg(1, 0, MSGLEN))
			return -1;
	if (expect_nothing(2))
		return -1;
	check(xmit(2, NULL, MSGLEN, 0) == -EHOSTUNREACH,
	      "cluster-scope member alone: %s", strerror(errno));
	say("node and cluster scope groups of one type are apart");
	return 0;
}

/* Is member @i writable, as poll() sees it? */
static int writable(int i)
{
	struct pollfd p = { .fd = mbr[i].sd, .events = POLLOUT };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLOUT);
}

static int wait_writable(int i)
{
	struct pollfd p = { .fd = mbr[i].sd, .events = POLLOUT };

	return poll(&p, 1, 5000) == 1 && (p.revents & POLLOUT);
}

/*
 * Member 0 sends @total big messages to @dst (NULL: broadcast) without
 * blocking while members 1..@nrcv read only when it is told to wait.
 */
static int flood(const struct sockaddr_tipc *dst, int nrcv, int total)
{
	unsigned int end = sent_seq[0] + total;
	int sent = 0, blocked = 0, got, ret, i;
	struct rcvd r;

	for (i = 1; i <= nrcv; i++)
		mbr[i].next[0] = sent_seq[0];
	while (sent < total) {
		ret = xmit(0, dst, BIGLEN, MSG_DONTWAIT);
		if (ret == BIGLEN) {
			sent++;
			continue;
		}
		check(ret == -EAGAIN, "send %d: %s", sent, strerror(-ret));
		check(!writable(0), "EAGAIN, yet poll says writable");
		blocked++;
		for (i = 1; i <= nrcv; i++) {
			for (got = 0; !rcv(i, &r, 1); got++) {
				check(r.len == BIGLEN && r.from == 0 &&
				      r.seq == mbr[i].next[0], "member %d: got "
				      "%d bytes, message %u, want %u", i, r.len,
				      r.seq, mbr[i].next[0]);
				mbr[i].next[0]++;
			}
			check(got, "member %d had nothing to read", i);
		}
		check(wait_writable(0), "still not writable after reading");
	}
	for (i = 1; i <= nrcv; i++)
		while (mbr[i].next[0] < end)
			if (expect_msg(i, 0, BIGLEN))
				return -1;
	check(blocked, "%d messages of %d bytes, never blocked", total,
	      BIGLEN);
	say("%d messages of %d bytes, blocked %d times, none lost", total,
	    BIGLEN, blocked);
	return 0;
}

static int case_flow(void)
{
	struct sockaddr_tipc a;

	if (join(0, 1, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS) ||
	    join(1, 2, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS) ||
	    join(2, 3, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS) ||
	    all_joined(3))
		return -1;
	a = sockid(1);
	say("unicast to a slow reader:");
	if (flood(&a, 1, 400))
		return -1;
	say("broadcast to two slow readers:");
	return flood(NULL, 2, 400);
}

static int case_order(void)
{
	struct sockaddr_tipc a;
	int k;

	if (join(0, 1, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS) ||
	    join(1, 2, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS) ||
	    all_joined(2))
		return -1;
	a = sockid(1);
	for (k = 0; k < 60; k++)
		check(xmit(0, k % 3 ? &a : NULL, MSGLEN, 0) == MSGLEN,
		      "send %d: %s", k, strerror(errno));
	for (k = 0; k < 60; k++)
		if (expect_msg(1, 0, MSGLEN))
			return -1;
	say("broadcasts and unicasts arrive in the order sent");
	return 0;
}

/*
 * More senders than a receiver gives active windows to (16): it must
 * reclaim windows from some to serve the others, and still get all.
 */
static int case_many(void)
{
	int i, k, sent[MAXMEM] = { 0 }, done = 0, ret, rounds = 0;
	struct sockaddr_tipc a;
	struct pollfd p;
	struct rcvd r;

	for (i = 0; i < MAXMEM; i++)
		if (join(i, i, TIPC_CLUSTER_SCOPE, TIPC_GROUP_MEMBER_EVTS))
			return -1;
	if (all_joined(MAXMEM))
		return -1;
	a = sockid(0);
	while (done < (MAXMEM - 1) * 20) {
		check(++rounds < 10000, "no progress: %d of %d read", done,
		      (MAXMEM - 1) * 20);
		for (i = 1; i < MAXMEM; i++) {
			for (k = 0; k < 3 && sent[i] < 20; k++) {
				ret = xmit(i, &a, BIGLEN, MSG_DONTWAIT);
				if (ret == -EAGAIN)
					break;
				check(ret == BIGLEN, "member %d: %s", i,
				      strerror(-ret));
				sent[i]++;
			}
		}
		p = (struct pollfd){ .fd = mbr[0].sd, .events = POLLIN };
		check(poll(&p, 1, 5000) == 1, "member 0: nothing to read");
		while (!rcv(0, &r, 1)) {
			check(r.len == BIGLEN && r.from > 0 &&
			      r.seq == mbr[0].next[r.from], "member 0: got %d "
			      "bytes from %d, message %u", r.len, r.from,
			      r.seq);
			mbr[0].next[r.from]++;
			done++;
		}
	}
	say("%d senders, 20 messages each, all read in order (%d rounds)",
	    MAXMEM - 1, rounds);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(void);
} cases[] = {
	{ "errors", case_errors },
	{ "events", case_events },
	{ "bcast", case_bcast },
	{ "loopback", case_loopback },
	{ "anycast", case_anycast },
	{ "unicast", case_unicast },
	{ "mcast", case_mcast },
	{ "scope", case_scope },
	{ "flow", case_flow },
	{ "order", case_order },
	{ "many", case_many },
};

int main(int argc, char **argv)
{
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc == 2 && i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (strcmp(argv[1], cases[i].name))
			continue;
		return cases[i].run() || failed;
	}
	fprintf(stderr, "usage: tipc_group CASE (");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		fprintf(stderr, "%s%s", i ? " " : "", cases[i].name);
	fprintf(stderr, ")\n");
	return 2;
}
