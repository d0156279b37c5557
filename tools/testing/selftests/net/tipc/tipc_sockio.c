// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_sockio: socket behaviour scenarios for the TIPC selftests.
 *
 * Each command runs one scenario on this node, in one process (with a
 * child where something has to block), and prints what it saw, one fact
 * a line, for the calling script to compare with what the stock module
 * does. Lines starting with '#' are diagnostics: counts that depend on
 * buffer accounting and so differ between implementations. A system call
 * the scenario depends on that fails prints "error WHAT ENAME" and exits
 * 1; so does a scenario that runs longer than a minute.
 *
 *   tipc_sockio peek -t rdm|dgram|seqpacket|stream
 *	MSG_PEEK leaves the data queued; short peeks; the stream position
 *   tipc_sockio waitall
 *	MSG_WAITALL on a stream: with MSG_DONTWAIT, with SO_RCVTIMEO, with
 *	data coming in three parts, and at end of file
 *   tipc_sockio rcvtimeo | sndtimeo
 *	SO_RCVTIMEO on every type and on accept(); SO_SNDTIMEO on a
 *	connection whose reader does not read
 *   tipc_sockio nonblock
 *	O_NONBLOCK and MSG_DONTWAIT: recv, accept, connect and its states
 *   tipc_sockio shutdown -t seqpacket|stream
 *	reading after our own shutdown, the peer's, and the peer's close
 *   tipc_sockio poll -t TYPE | tipc_sockio wakeup
 *	poll() and select() readiness through a socket's life (and what
 *	shutdown() does to a datagram socket); epoll waking up for data,
 *	for the peer's shutdown and for window space
 *   tipc_sockio maxsize -t TYPE
 *	66000 bytes go through whole, 66001 are EMSGSIZE (not on streams)
 *   tipc_sockio stream -n BYTES [-s WRITE]
 *	BYTES through a stream in writes of WRITE bytes (default: one),
 *	the writer blocking first, the reader then reading it all
 *   tipc_sockio smallw -t seqpacket|stream [-n COUNT] [-s SIZE] [-N]
 *	COUNT writes of SIZE bytes (-N: with TIPC_NODELAY), read as they
 *	come: a stream delivers every byte, SEQPACKET every message apart
 *   tipc_sockio overload -t rdm|dgram [-i IMP] [-D 0|1] [-r RCVBUF]
 *	[-n COUNT] [-s SIZE]
 *	COUNT messages at a receiver that does not read; which are queued,
 *	which come back (TIPC_ERRINFO), in what order
 *   tipc_sockio importance [-r RCVBUF] | tipc_sockio rcvbuf
 *	how far each importance fills the receive queue; what SO_RCVBUF
 *	changes
 *   tipc_sockio connflow -t seqpacket|stream [-n COUNT] [-s SIZE]
 *	MSG_DONTWAIT sender against a reader that pauses, then resumes
 *   tipc_sockio connblock -t seqpacket|stream [-n COUNT] [-s SIZE]
 *	the same with a blocking sender
 *   tipc_sockio connect -w MS [-m listen|bound|rdm]
 *	connect with TIPC_CONN_TIMEOUT MS to a listener that accepts only
 *	after connect() returned, to a bound socket that does not listen, or
 *	to an RDM socket
 *   tipc_sockio timeoopt
 *	what TIPC_CONN_TIMEOUT reads back
 *   tipc_sockio synflood -w MS
 *	connect to a listener whose queue is full; then it accepts all
 *   tipc_sockio ioctl
 *	SIOCGETLINKNAME and SIOCGETNODEID on a lone node
 */
#define _GNU_SOURCE	/* POLLRDHUP */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/tipc.h>

#define SVC		18888		/* the service type every scenario uses */
#define MAX_DATA	66000		/* TIPC_MAX_USER_MSG_SIZE */
#define BIG		(1 << 20)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static unsigned char buf[BIG], want[BIG];

static const char *ename(int err)
{
	static const struct { int err; const char *name; } names[] = {
		{ EAGAIN, "EAGAIN" }, { EINPROGRESS, "EINPROGRESS" },
		{ EALREADY, "EALREADY" }, { EISCONN, "EISCONN" },
		{ ENOTCONN, "ENOTCONN" }, { ECONNREFUSED, "ECONNREFUSED" },
		{ ECONNRESET, "ECONNRESET" }, { ETIMEDOUT, "ETIMEDOUT" },
		{ EPIPE, "EPIPE" }, { EMSGSIZE, "EMSGSIZE" },
		{ EINVAL, "EINVAL" }, { EFAULT, "EFAULT" },
		{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, { ENOTTY, "ENOTTY" },
		{ EHOSTUNREACH, "EHOSTUNREACH" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ENOPROTOOPT, "ENOPROTOOPT" }, { ECONNABORTED, "ECONNABORTED" },
		{ EINTR, "EINTR" }, { ENOMEM, "ENOMEM" }, { ENOBUFS, "ENOBUFS" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].err == err)
			return names[i].name;
	return strerror(err);
}

static void out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void die(const char *what)
{
	out("error %s %s", what, ename(errno));
	exit(1);
}

/* A return value as printed: the number, or the errno's name */
static const char *rv(long ret)
{
	static char nums[8][24];
	static int next;
	char *b;

	if (ret < 0)
		return ename(errno);
	b = nums[next++ % 8];
	snprintf(b, sizeof(nums[0]), "%ld", ret);
	return b;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static int sock_type(const char *name)
{
	if (!strcmp(name, "rdm"))
		return SOCK_RDM;
	if (!strcmp(name, "dgram"))
		return SOCK_DGRAM;
	if (!strcmp(name, "seqpacket"))
		return SOCK_SEQPACKET;
	if (!strcmp(name, "stream"))
		return SOCK_STREAM;
	fprintf(stderr, "tipc_sockio: unknown socket type %s\n", name);
	exit(2);
}

static int connectionless(int type)
{
	return type == SOCK_RDM || type == SOCK_DGRAM;
}

static int sock_of(int type)
{
	int sd = socket(AF_TIPC, type, 0);

	if (sd < 0)
		die("socket");
	return sd;
}

static struct sockaddr_tipc svc(unsigned int inst)
{
	struct sockaddr_tipc a = { .family = AF_TIPC,
				   .addrtype = TIPC_SERVICE_ADDR };

	a.addr.name.name.type = SVC;
	a.addr.name.name.instance = inst;
	return a;
}

static void bind_svc(int sd, unsigned int inst)
{
	struct sockaddr_tipc a = { .family = AF_TIPC,
				   .addrtype = TIPC_SERVICE_RANGE,
				   .scope = TIPC_CLUSTER_SCOPE };

	a.addr.nameseq.type = SVC;
	a.addr.nameseq.lower = inst;
	a.addr.nameseq.upper = inst;
	if (bind(sd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
}

static int connect_svc(int sd, unsigned int inst)
{
	struct sockaddr_tipc a = svc(inst);

	return connect(sd, (struct sockaddr *)&a, sizeof(a));
}

static void set_nonblock(int sd, int on)
{
	int fl = fcntl(sd, F_GETFL);

	if (fl < 0 || fcntl(sd, F_SETFL, on ? fl | O_NONBLOCK :
			    fl & ~O_NONBLOCK))
		die("fcntl");
}

static void set_int(int sd, int level, int opt, int val, const char *what)
{
	if (setsockopt(sd, level, opt, &val, sizeof(val)))
		die(what);
}

static int get_int(int sd, int level, int opt, const char *what)
{
	socklen_t len = sizeof(int);
	int val;

	if (getsockopt(sd, level, opt, &val, &len))
		die(what);
	return val;
}

static void set_timeo(int sd, int opt, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	if (setsockopt(sd, SOL_SOCKET, opt, &tv, sizeof(tv)))
		die("SO_RCVTIMEO/SO_SNDTIMEO");
}

static int depth(int sd)
{
	return get_int(sd, SOL_TIPC, TIPC_SOCK_RECVQ_DEPTH, "RECVQ_DEPTH");
}

static int used(int sd)
{
	return get_int(sd, SOL_TIPC, TIPC_SOCK_RECVQ_USED, "RECVQ_USED");
}

static int listener(int type, unsigned int inst)
{
	int sd = sock_of(type);

	bind_svc(sd, inst);
	if (listen(sd, 8))
		die("listen");
	return sd;
}

/*
 * A connection of @type: *cli connected (without blocking, as both ends
 * are ours) to *srv, the accepted socket; each on a service instance of
 * its own, above 100.
 */
static void conn_pair(int type, int *cli, int *srv)
{
	static unsigned int inst = 100;
	int lsn = listener(type, ++inst);

	*cli = sock_of(type);
	set_nonblock(*cli, 1);
	if (connect_svc(*cli, inst) == 0 || errno != EINPROGRESS)
		die("connect");
	*srv = accept(lsn, NULL, NULL);
	if (*srv < 0)
		die("accept");
	set_nonblock(*cli, 0);
	close(lsn);
}

/* Byte @off of a test stream; it does not repeat within 64 KiB */
static unsigned char stream_byte(size_t off)
{
	return (unsigned char)(off * 7 + (off >> 8) * 3 + (off >> 16));
}

static void fill_stream(unsigned char *p, size_t len, size_t off)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = stream_byte(off + i);
}

/* Message @seq of @len bytes: the number first, then a pattern of it */
static void make_msg(unsigned char *p, size_t len, uint32_t seq)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seq * 31 + i * 7);
	if (len >= sizeof(seq))
		memcpy(p, &seq, sizeof(seq));
}

/* The number of message @p of @len bytes, or -1 if it is not intact */
static long msg_seq(const unsigned char *p, size_t len)
{
	uint32_t seq;
	size_t i;

	if (len < sizeof(seq))
		return -1;
	memcpy(&seq, p, sizeof(seq));
	for (i = sizeof(seq); i < len; i++)
		if (p[i] != (unsigned char)(seq * 31 + i * 7))
			return -1;
	return seq;
}

static const char *poll_names(int ev)
{
	static const struct { int bit; const char *name; } bits[] = {
		{ POLLIN, "IN" }, { POLLPRI, "PRI" }, { POLLOUT, "OUT" },
		{ POLLERR, "ERR" }, { POLLHUP, "HUP" }, { POLLRDHUP, "RDHUP" },
		{ POLLRDNORM, "RDNORM" }, { POLLWRNORM, "WRNORM" },
	};
	static char s[80];
	size_t i;

	s[0] = 0;
	for (i = 0; i < ARRAY_SIZE(bits); i++) {
		if (!(ev & bits[i].bit))
			continue;
		if (s[0])
			strcat(s, " ");
		strcat(s, bits[i].name);
	}
	return s[0] ? s : "-";
}

static int revents(int sd)
{
	struct pollfd p = { sd, POLLIN | POLLPRI | POLLOUT | POLLRDHUP |
			    POLLRDNORM | POLLWRNORM, 0 };

	if (poll(&p, 1, 0) < 0)
		die("poll");
	return p.revents;
}

static pid_t child(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid)
		alarm(60);
	return pid;
}

/* Reap @pid; its exit status */
static int reap(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		die("waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * Receive at most @len bytes with @flags and print "WHAT N ok|bad
 * [trunc]", ok when the data equals @expect; or "WHAT ENAME".
 */
static void show_recv(const char *what, int sd, size_t len, int flags,
		      const unsigned char *expect)
{
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n = recvmsg(sd, &m, flags);

	if (n < 0) {
		out("%s %s", what, ename(errno));
		return;
	}
	out("%s %zd %s%s", what, n, memcmp(buf, expect, n) ? "bad" : "ok",
	    m.msg_flags & MSG_TRUNC ? " trunc" : "");
}

/* Send @len bytes from @sd of @type: datagrams go to service instance 1 */
static ssize_t put(int sd, int type, const void *p, size_t len, int flags)
{
	struct sockaddr_tipc a = svc(1);

	if (connectionless(type))
		return sendto(sd, p, len, flags, (struct sockaddr *)&a,
			      sizeof(a));
	return send(sd, p, len, flags);
}

/* A sender *s and a receiver *r of @type: bound, or connected */
static void endpoints(int type, int *s, int *r)
{
	if (!connectionless(type)) {
		conn_pair(type, s, r);
		return;
	}
	*r = sock_of(type);
	bind_svc(*r, 1);
	*s = sock_of(type);
}

/* Two messages, 100 then 200 bytes of one stream; peek at them. */
static int cmd_peek(int type)
{
	int s, r;

	endpoints(type, &s, &r);
	fill_stream(want, 300, 0);
	if (put(s, type, want, 100, 0) != 100 ||
	    put(s, type, want + 100, 200, 0) != 200)
		die("send");
	show_recv("peek", r, 1000, MSG_PEEK, want);
	show_recv("peek", r, 1000, MSG_PEEK, want);
	show_recv("peek", r, 10, MSG_PEEK, want);
	out("depth %d", depth(r));
	if (type == SOCK_STREAM) {
		show_recv("recv", r, 30, 0, want);
		show_recv("peek", r, 1000, MSG_PEEK, want + 30);
		show_recv("recv", r, 1000, 0, want + 30);
	} else {
		show_recv("recv", r, 1000, 0, want);
		show_recv("peek", r, 1000, MSG_PEEK, want + 100);
		show_recv("recv", r, 1000, 0, want + 100);
	}
	show_recv("peek", r, 1000, MSG_PEEK | MSG_DONTWAIT, want);
	show_recv("recv", r, 1000, MSG_DONTWAIT, want);
	return 0;
}

static int blocked(pid_t pid, long nr, long nr2)
{
	char path[64], line[256], *p;
	char state = 0;
	long call = -2;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		die("stat of a blocking process");
	if (fgets(line, sizeof(line), f)) {
		p = strrchr(line, ')');
		if (p && p[1])
			state = p[2];
	}
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%ld", &call) != 1)
			call = -2;
		fclose(f);
	}
	return state == 'S' && (call == nr || call == nr2);
}

/*
 * Wait until process @pid sleeps in system call @nr or @nr2, and (if @sd
 * is a socket) nothing is left in the receive queue of @sd.
 */
static void wait_blocked(pid_t pid, long nr, long nr2, int sd)
{
	int i;

	for (i = 0; i < 4000; i++) {
		if (blocked(pid, nr, nr2) && (sd < 0 || !depth(sd)))
			return;
		usleep(5000);
	}
	errno = ETIMEDOUT;
	die("waiting for a process to block");
}

/* MSG_WAITALL on a stream */
static int cmd_waitall(void)
{
	pid_t pid;
	int s, r, i;

	conn_pair(SOCK_STREAM, &s, &r);
	fill_stream(want, 3000, 0);
	if (send(s, want, 1000, 0) != 1000)
		die("send");
	out("dontwait %s", rv(recv(r, buf, 3000, MSG_WAITALL | MSG_DONTWAIT)));
	set_timeo(r, SO_RCVTIMEO, 100);
	if (send(s, want, 1000, 0) != 1000)
		die("send");
	out("timeout %s", rv(recv(r, buf, 3000, MSG_WAITALL)));
	set_timeo(r, SO_RCVTIMEO, 0);
	pid = child();
	if (!pid)
		_exit(recv(r, buf, 3000, MSG_WAITALL) != 3000 ||
		      memcmp(buf, want, 3000));
	for (i = 0; i < 3; i++) {
		wait_blocked(pid, SYS_recvfrom, -1, r);
		if (send(s, want + i * 1000, 1000, 0) != 1000)
			die("send");
	}
	out("in parts %s", reap(pid) ? "bad" : "3000 ok");
	if (send(s, want, 1000, 0) != 1000)
		die("send");
	if (shutdown(s, SHUT_RDWR))
		die("shutdown");
	out("eof %s", rv(recv(r, buf, 3000, MSG_WAITALL)));
	out("then %s", rv(recv(r, buf, 3000, MSG_WAITALL)));
	return 0;
}

/* recv() (or accept()) on @sd with a 100 ms SO_RCVTIMEO */
static void timed_recv(const char *what, int sd, int accepting)
{
	struct timespec t0;
	long ret, ms;
	int err;

	set_timeo(sd, SO_RCVTIMEO, 100);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = accepting ? accept(sd, NULL, NULL) : recv(sd, buf, 100, 0);
	err = errno;
	ms = ms_since(&t0);
	errno = err;
	out("%s %s%s", what, rv(ret), ms >= 50 ? " after waiting" : " at once");
}

static int cmd_rcvtimeo(void)
{
	int s, r;

	r = sock_of(SOCK_RDM);
	timed_recv("rdm", r, 0);
	r = sock_of(SOCK_DGRAM);
	timed_recv("dgram", r, 0);
	conn_pair(SOCK_SEQPACKET, &s, &r);
	timed_recv("seqpacket", r, 0);
	timed_recv("seqpacket client", s, 0);
	conn_pair(SOCK_STREAM, &s, &r);
	timed_recv("stream", r, 0);
	r = listener(SOCK_STREAM, 2);
	timed_recv("accept", r, 1);
	return 0;
}

/* Read what is queued on @r without waiting; the byte count */
static long drain_stream(int r, long off, int *ok)
{
	long got = 0, n, i;

	while ((n = recv(r, buf, BIG, MSG_DONTWAIT)) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] != stream_byte(off + got + i))
				*ok = 0;
		got += n;
	}
	return got;
}

static int cmd_sndtimeo(void)
{
	struct timespec t0;
	long n, got, k = 0;
	int s, r, ok = 1;

	conn_pair(SOCK_STREAM, &s, &r);
	set_timeo(s, SO_SNDTIMEO, 100);
	fill_stream(buf, BIG, 0);
	n = send(s, buf, BIG, 0);
	out("stream %s", n > 0 && n < BIG ? "partly sent" : rv(n));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	out("stream again %s", rv(send(s, buf, 1000, 0)));
	out("# waited %ld ms", ms_since(&t0));
	got = drain_stream(r, 0, &ok);
	out("stream reader %s", ok && got == n ? "got all sent" : "bad");
	conn_pair(SOCK_SEQPACKET, &s, &r);
	set_timeo(s, SO_SNDTIMEO, 100);
	while (k < 100000 && send(s, buf, 10000, 0) == 10000)
		k++;
	out("seqpacket %s", rv(-1));
	out("# %ld messages of 10000 bytes before", k);
	out("seqpacket reader %s", depth(r) == k ? "has all sent" : "bad");
	return 0;
}

static void so_error(const char *what, int sd)
{
	int err = get_int(sd, SOL_SOCKET, SO_ERROR, "SO_ERROR");

	out("%s so_error %s", what, err ? ename(err) : "0");
}

static int cmd_nonblock(void)
{
	int r, lsn, c, srv, q;

	r = sock_of(SOCK_RDM);
	bind_svc(r, 2);
	set_nonblock(r, 1);
	out("rdm recv %s", rv(recv(r, buf, 100, 0)));
	lsn = listener(SOCK_SEQPACKET, 1);
	set_nonblock(lsn, 1);
	out("accept %s", rv(accept(lsn, NULL, NULL)));
	c = sock_of(SOCK_SEQPACKET);
	set_nonblock(c, 1);
	out("send unconnected %s", rv(send(c, "x", 1, 0)));
	out("connect %s", rv(connect_svc(c, 1)));
	out("connect again %s", rv(connect_svc(c, 1)));
	out("connecting poll %s", poll_names(revents(c)));
	out("connecting send %s", rv(send(c, "x", 1, 0)));
	out("connecting recv %s", rv(recv(c, buf, 100, 0)));
	srv = accept(lsn, NULL, NULL);
	if (srv < 0)
		die("accept");
	out("accepted poll %s", poll_names(revents(c)));
	out("connect again %s", rv(connect_svc(c, 1)));
	so_error("connected", c);
	out("recv %s", rv(recv(c, buf, 100, 0)));
	out("send %s", rv(send(c, "hello", 5, 0)));
	out("server recv %s", rv(recv(srv, buf, 100, MSG_DONTWAIT)));
	out("server recv %s", rv(recv(srv, buf, 100, MSG_DONTWAIT)));
	q = sock_of(SOCK_SEQPACKET);
	bind_svc(q, 3);
	c = sock_of(SOCK_SEQPACKET);
	set_nonblock(c, 1);
	out("not listening: connect %s", rv(connect_svc(c, 3)));
	out("not listening: poll %s", poll_names(revents(c)));
	so_error("not listening:", c);
	out("not listening: connect again %s", rv(connect_svc(c, 3)));
	c = sock_of(SOCK_STREAM);
	set_nonblock(c, 1);
	out("stream unconnected send %s", rv(send(c, "x", 1, 0)));
	out("stream unconnected recv %s", rv(recv(c, buf, 100, 0)));
	return 0;
}

/* Reading after the peer's shutdown or close, and after our own */
static int cmd_shutdown(int type)
{
	int c, s;

	conn_pair(type, &c, &s);
	set_timeo(c, SO_RCVTIMEO, 100);
	set_timeo(s, SO_RCVTIMEO, 100);
	if (send(s, buf, 100, 0) != 100)
		die("send");
	out("peer shutdown %s", rv(shutdown(s, SHUT_RDWR)));
	out("recv %s", rv(recv(c, buf, 1000, 0)));
	out("recv %s", rv(recv(c, buf, 1000, 0)));
	out("recv again %s", rv(recv(c, buf, 1000, 0)));
	out("recv dontwait %s", rv(recv(c, buf, 1000, MSG_DONTWAIT)));
	out("send %s", rv(send(c, buf, 100, 0)));
	out("shutdown %s", rv(shutdown(c, SHUT_RDWR)));
	out("recv %s", rv(recv(c, buf, 1000, 0)));
	out("recv dontwait %s", rv(recv(c, buf, 1000, MSG_DONTWAIT)));
	out("own side recv %s", rv(recv(s, buf, 1000, 0)));
	out("own side recv dontwait %s",
	    rv(recv(s, buf, 1000, MSG_DONTWAIT)));
	conn_pair(type, &c, &s);
	set_timeo(c, SO_RCVTIMEO, 100);
	if (send(s, buf, 100, 0) != 100)
		die("send");
	close(s);
	out("after close recv %s", rv(recv(c, buf, 1000, 0)));
	out("after close recv %s", rv(recv(c, buf, 1000, 0)));
	out("after close recv %s", rv(recv(c, buf, 1000, 0)));
	out("after close send %s", rv(send(c, buf, 100, 0)));
	return 0;
}

static const char *select_names(int sd)
{
	struct timeval tv = { 0, 0 };
	fd_set r, w, e;
	static char s[8];

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(sd, &r);
	FD_SET(sd, &w);
	FD_SET(sd, &e);
	if (select(sd + 1, &r, &w, &e, &tv) < 0)
		die("select");
	snprintf(s, sizeof(s), "%s%s%s", FD_ISSET(sd, &r) ? "r" : "-",
		 FD_ISSET(sd, &w) ? "w" : "-", FD_ISSET(sd, &e) ? "e" : "-");
	return s;
}

static void show_poll(const char *what, int sd)
{
	const char *sel = select_names(sd);

	out("%s: %s (select %s)", what, poll_names(revents(sd)), sel);
}

/* What came back to @sd: "returned ERR" per message, or why not */
static void show_returned(int sd)
{
	char ctl[CMSG_SPACE(1024) + 256];
	struct iovec iov = { buf, 100 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm;
	unsigned int err = 0;

	if (recvmsg(sd, &m, MSG_DONTWAIT) < 0) {
		out("returned %s", ename(errno));
		return;
	}
	for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
		if (cm->cmsg_level == SOL_TIPC &&
		    cm->cmsg_type == TIPC_ERRINFO)
			memcpy(&err, CMSG_DATA(cm), sizeof(err));
	out("returned with error %u", err);
}

static int poll_dgram(int type)
{
	int s, r;

	endpoints(type, &s, &r);
	show_poll("bound", r);
	if (put(s, type, buf, 100, 0) != 100)
		die("send");
	show_poll("with a message", r);
	if (recv(r, buf, 100, 0) != 100)
		die("recv");
	show_poll("read", r);
	set_int(s, SOL_TIPC, TIPC_DEST_DROPPABLE, 0, "DROPPABLE");
	if (put(s, type, buf, 100, 0) != 100)
		die("send");
	out("shutdown %s", rv(shutdown(r, SHUT_RDWR)));
	out("queued after shutdown %d", depth(r));
	show_returned(s);
	show_poll("shut down", r);
	out("recv %s", rv(recv(r, buf, 100, MSG_DONTWAIT)));
	if (put(s, type, buf, 100, 0) != 100)
		die("send");
	show_poll("shut down, sent to", r);
	out("recv %s", rv(recv(r, buf, 100, MSG_DONTWAIT)));
	set_timeo(r, SO_RCVTIMEO, 100);
	out("recv %s", rv(recv(r, buf, 100, 0)));
	out("send %s", rv(put(r, type, buf, 100, 0)));
	return 0;
}

static int cmd_poll(int type)
{
	int lsn, c, s;

	if (connectionless(type))
		return poll_dgram(type);
	lsn = listener(type, 1);
	show_poll("listening", lsn);
	c = sock_of(type);
	show_poll("open", c);
	set_nonblock(c, 1);
	if (connect_svc(c, 1) == 0 || errno != EINPROGRESS)
		die("connect");
	show_poll("connecting", c);
	show_poll("listening with a request", lsn);
	s = accept(lsn, NULL, NULL);
	if (s < 0)
		die("accept");
	show_poll("connected", c);
	show_poll("accepted", s);
	if (send(s, buf, 100, 0) != 100)
		die("send");
	show_poll("with data", c);
	if (recv(c, buf, 1000, 0) != 100)
		die("recv");
	if (shutdown(s, SHUT_RDWR))
		die("shutdown");
	show_poll("peer shut down", c);
	show_poll("shut down", s);
	out("recv %s", rv(recv(c, buf, 1000, 0)));
	show_poll("end of file read", c);
	conn_pair(type, &c, &s);
	close(s);
	show_poll("peer closed", c);
	c = sock_of(type);
	out("open shutdown %s", rv(shutdown(c, SHUT_RDWR)));
	show_poll("open, shut down", c);
	out("listener shutdown %s", rv(shutdown(lsn, SHUT_RDWR)));
	show_poll("listener, shut down", lsn);
	c = sock_of(type);
	set_nonblock(c, 1);
	out("connect to it %s", rv(connect_svc(c, 1)));
	show_poll("connecting to it", c);
	out("listener holds %d", depth(lsn));
	return 0;
}

/* epoll_wait() on @ep, up to 10 s; the events as names */
static const char *epoll_names(int ep, int ms)
{
	struct epoll_event ev = { 0 };
	int n = epoll_wait(ep, &ev, 1, ms);

	if (n < 0)
		die("epoll_wait");
	return n ? poll_names(ev.events) : "-";
}

static int epoll_on(int sd, unsigned int events)
{
	struct epoll_event ev = { .events = events };
	int ep = epoll_create1(0);

	ev.data.fd = sd;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, sd, &ev))
		die("epoll");
	return ep;
}

/* A child that acts once the parent sleeps in epoll_wait() */
static pid_t when_parent_waits(void)
{
	pid_t pid = child();

	if (!pid)
		wait_blocked(getppid(), SYS_epoll_wait, SYS_epoll_pwait, -1);
	return pid;
}

static int cmd_wakeup(void)
{
	int c, s, ep, ok = 1;
	pid_t pid;
	long k = 0;

	conn_pair(SOCK_SEQPACKET, &c, &s);
	ep = epoll_on(c, EPOLLIN | EPOLLRDHUP);
	out("idle: %s", epoll_names(ep, 0));
	pid = when_parent_waits();
	if (!pid)
		_exit(send(s, buf, 100, 0) != 100);
	out("data: %s", epoll_names(ep, 10000));
	if (reap(pid) || recv(c, buf, 1000, 0) != 100)
		die("send or recv");
	pid = when_parent_waits();
	if (!pid)
		_exit(shutdown(s, SHUT_RDWR) != 0);
	out("peer shutdown: %s", epoll_names(ep, 10000));
	reap(pid);
	conn_pair(SOCK_STREAM, &c, &s);
	fill_stream(buf, 4000, 0);
	while (k < 100000 && send(c, buf, 4000, MSG_DONTWAIT) == 4000)
		k++;
	ep = epoll_on(c, EPOLLOUT);
	out("window full: %s", epoll_names(ep, 0));
	pid = when_parent_waits();
	if (!pid)
		_exit(drain_stream(s, 0, &ok) <= 0);
	out("window open: %s", epoll_names(ep, 10000));
	reap(pid);
	return 0;
}

static int cmd_maxsize(int type)
{
	int s, r;

	endpoints(type, &s, &r);
	make_msg(want, MAX_DATA + 1, 7);
	out("send 66000 %s", rv(put(s, type, want, MAX_DATA, 0)));
	show_recv("recv", r, BIG, 0, want);
	out("send 66001 %s", rv(put(s, type, want, MAX_DATA + 1, 0)));
	if (type == SOCK_STREAM) {
		show_recv("recv", r, MAX_DATA + 1, MSG_WAITALL, want);
		return 0;
	}
	out("send 66000 %s", rv(put(s, type, want, MAX_DATA, 0)));
	show_recv("short recv", r, 1000, 0, want);
	show_recv("then", r, BIG, MSG_DONTWAIT, want);
	return 0;
}

/* The writer of cmd_stream: @total bytes in writes of @wsize */
static void stream_writer(int c, long total, long wsize)
{
	unsigned char *p = malloc(wsize);
	long off = 0, n;

	if (!p)
		_exit(2);
	while (off < total) {
		n = total - off < wsize ? total - off : wsize;
		fill_stream(p, n, off);
		n = send(c, p, n, 0);
		if (n <= 0)
			_exit(1);
		off += n;
	}
	_exit(shutdown(c, SHUT_RDWR) != 0);
}

static int cmd_stream(long total, long wsize)
{
	long got = 0, n, i;
	int c, s, ok = 1;
	pid_t pid;

	conn_pair(SOCK_STREAM, &c, &s);
	pid = child();
	if (!pid)
		stream_writer(c, total, wsize ? wsize : total);
	wait_blocked(pid, SYS_sendto, -1, -1);
	out("writer blocked, queue %s",
	    used(s) < get_int(s, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF") ?
	    "within SO_RCVBUF" : "over SO_RCVBUF");
	while ((n = recv(s, buf, BIG, 0)) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] != stream_byte(got + i))
				ok = 0;
		got += n;
	}
	out("read %s, %s", rv(n ? n : got), ok ? "intact" : "corrupt");
	out("writer %s", reap(pid) ? "failed" : "done");
	return 0;
}

/*
 * smallw: @n writes of @size bytes on a connection of @type, optionally
 * with TIPC_NODELAY, while the reader reads all along: small writes may
 * travel bundled (Nagle), but a stream must deliver every byte in order
 * and SEQPACKET must keep every message whole and apart.
 */
static void smallw_writer(int c, int type, int n, int size)
{
	unsigned char *p = malloc(size);
	long off = 0;
	int i;

	if (!p)
		_exit(2);
	for (i = 0; i < n; i++, off += size) {
		if (type == SOCK_STREAM)
			fill_stream(p, size, off);
		else
			make_msg(p, size, i);
		if (send(c, p, size, 0) != size)
			_exit(1);
	}
	_exit(shutdown(c, SHUT_RDWR) != 0);
}

static int cmd_smallw(int type, int n, int size, int nodelay)
{
	long got = 0, msgs = 0, len, i;
	int c, s, ok = 1;
	pid_t pid;

	conn_pair(type, &c, &s);
	if (nodelay)
		set_int(c, SOL_TIPC, TIPC_NODELAY, 1, "TIPC_NODELAY");
	pid = child();
	if (!pid)
		smallw_writer(c, type, n, size);
	while ((len = recv(s, buf, BIG, 0)) > 0) {
		if (type != SOCK_STREAM) {
			if (len != size || msg_seq(buf, len) != msgs)
				ok = 0;
		} else {
			for (i = 0; i < len; i++)
				if (buf[i] != stream_byte(got + i))
					ok = 0;
		}
		got += len;
		msgs++;
	}
	if (type == SOCK_STREAM)
		out("read %s, %s", rv(len ? len : got), ok ? "intact" : "corrupt");
	else
		out("read %ld messages, %s", msgs,
		    ok ? "whole and in order" : "merged, cut or out of order");
	out("writer %s", reap(pid) ? "failed" : "done");
	return 0;
}

/*
 * Read the messages that came back to @sd; mark each in @back. A good
 * one carries no data but TIPC_ERR_OVERLOAD and the first (up to) 1024
 * bytes of what was sent; count the others in *bad.
 */
static void read_returns(int sd, int size, char *back, int n, int *bad)
{
	int err, dlen, plen, rlen = size < 1024 ? size : 1024;
	char ctl[CMSG_SPACE(1024) + 256];
	struct cmsghdr *cm;
	struct msghdr m;
	struct iovec iov;
	unsigned char *p;
	ssize_t len;
	long seq;

	for (;;) {
		iov = (struct iovec){ buf, 100 };
		m = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctl,
				     .msg_controllen = sizeof(ctl) };
		len = recvmsg(sd, &m, MSG_DONTWAIT);
		if (len < 0 && errno == EAGAIN)
			return;
		if (len < 0)
			die("recv a returned message");
		err = -1;
		dlen = -1;
		plen = -1;
		p = NULL;
		for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
			if (cm->cmsg_level != SOL_TIPC)
				continue;
			if (cm->cmsg_type == TIPC_ERRINFO) {
				memcpy(&err, CMSG_DATA(cm), sizeof(err));
				memcpy(&dlen, CMSG_DATA(cm) + 4, sizeof(dlen));
			} else if (cm->cmsg_type == TIPC_RETDATA) {
				p = CMSG_DATA(cm);
				plen = cm->cmsg_len - CMSG_LEN(0);
			}
		}
		seq = p ? msg_seq(p, plen) : -1;
		if (len || err != TIPC_ERR_OVERLOAD || dlen != rlen ||
		    plen != rlen || seq < 0 || seq >= n || back[seq])
			(*bad)++;
		else
			back[seq] = 1;
	}
}

/* Read what @r holds: messages 0, 1, ... of @size bytes? Their count */
static int read_in_order(int r, int size, int *ok)
{
	ssize_t len;
	int k = 0;

	while ((len = recv(r, buf, BIG, MSG_DONTWAIT)) >= 0) {
		if (len != size || msg_seq(buf, len) != k)
			*ok = 0;
		k++;
	}
	return k;
}

static int cmd_overload(int type, int imp, int droppable, int rcvbuf, int n,
			int size)
{
	int s, r, i, k, bad = 0, ok = 1, nback = 0, rest = 1;
	char *back = calloc(n, 1);

	if (!back)
		die("calloc");
	r = sock_of(type);
	bind_svc(r, 1);
	if (rcvbuf)
		set_int(r, SOL_SOCKET, SO_RCVBUF, rcvbuf, "SO_RCVBUF");
	s = sock_of(type);
	set_int(s, SOL_TIPC, TIPC_IMPORTANCE, imp, "TIPC_IMPORTANCE");
	set_int(s, SOL_TIPC, TIPC_DEST_DROPPABLE, droppable, "DROPPABLE");
	for (i = 0; i < n; i++) {
		make_msg(want, size, i);
		if (put(s, type, want, size, 0) != size)
			die("send");
		read_returns(s, size, back, n, &bad);
	}
	out("# %d of %d queued in %d bytes, SO_RCVBUF %d", depth(r), n,
	    used(r), get_int(r, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF"));
	k = read_in_order(r, size, &ok);
	for (i = 0; i < n; i++) {
		nback += back[i];
		if (i >= k && !back[i])
			rest = 0;
	}
	out("queued %s", !k ? "none" : k == n ? "all" : "the first ones");
	out("queued ones %s", ok ? "read in order" : "bad");
	out("returned %s", !nback ? "none" :
	    rest && nback == n - k ? "the rest" : "some");
	if (nback || bad)
		out("returned ones %s", bad ? "bad" :
		    "with TIPC_ERR_OVERLOAD and their data");
	return 0;
}

static const char *const imp_names[] = { "low", "medium", "high",
					 "critical" };

/*
 * Send messages of @size bytes from @s to @r until @r refuses one; how
 * many went in. @r's queue then holds what its limit allows.
 */
static int fill_up(int s, int r, int size)
{
	int k, d;

	for (k = 0; k < 100000; k++) {
		d = depth(r);
		make_msg(want, size, k);
		if (put(s, SOCK_RDM, want, size, 0) != size)
			die("send");
		if (depth(r) == d)
			return k;
	}
	return k;
}

/* Is @u bytes queued what a limit of @lim leaves room for? */
static const char *full_at(int u, long lim)
{
	return u < lim && u >= lim - 8192 ? "fills to its limit" :
	       "does not fill to its limit";
}

static int cmd_importance(int rcvbuf)
{
	int s, r, imp, k, b;

	r = sock_of(SOCK_RDM);
	bind_svc(r, 1);
	set_int(r, SOL_SOCKET, SO_RCVBUF, rcvbuf, "SO_RCVBUF");
	b = get_int(r, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
	s = sock_of(SOCK_RDM);
	for (imp = TIPC_LOW_IMPORTANCE; imp <= TIPC_CRITICAL_IMPORTANCE;
	     imp++) {
		set_int(s, SOL_TIPC, TIPC_IMPORTANCE, imp, "IMPORTANCE");
		k = fill_up(s, r, 1000);
		out("# %s: %d more, %d bytes queued, limit %ld",
		    imp_names[imp], k, used(r), (long)b << imp);
		out("%s %s %s", imp_names[imp], k ? "gets in," : "refused,",
		    full_at(used(r), (long)b << imp));
	}
	return 0;
}

static int cmd_rcvbuf(void)
{
	int r, s, i, k[2], b;
	static const int sizes[2] = { 16384, 65536 };

	r = sock_of(SOCK_RDM);
	out("default SO_RCVBUF %d",
	    get_int(r, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF"));
	for (i = 0; i < 2; i++) {
		r = sock_of(SOCK_RDM);
		bind_svc(r, 10 + i);
		set_int(r, SOL_SOCKET, SO_RCVBUF, sizes[i], "SO_RCVBUF");
		b = get_int(r, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
		s = sock_of(SOCK_RDM);
		k[i] = 0;
		while (k[i] < 100000) {
			struct sockaddr_tipc a = svc(10 + i);
			int d = depth(r);

			if (sendto(s, buf, 1000, 0, (struct sockaddr *)&a,
				   sizeof(a)) != 1000)
				die("send");
			if (depth(r) == d)
				break;
			k[i]++;
		}
		out("# SO_RCVBUF %d: %d messages, %d bytes", sizes[i], k[i],
		    used(r));
		out("SO_RCVBUF %d reads back %d, low importance %s", sizes[i],
		    b, full_at(used(r), b));
		close(r);
		close(s);
	}
	out("four times the buffer holds %s", k[1] >= 3 * k[0] ?
	    "about four times the messages" : "too few");
	return 0;
}

/*
 * The sender's part of a connection test: message @seq of @size bytes,
 * or on a stream @size bytes of the stream from offset @seq * @size.
 */
static void make_chunk(int type, unsigned char *p, int size, long seq)
{
	if (type == SOCK_STREAM)
		fill_stream(p, size, seq * size);
	else
		make_msg(p, size, seq);
}

/*
 * The reader's part: take what @r holds (waiting for it only if @wait)
 * and check it continues what came before; *pos counts messages
 * (SEQPACKET) or bytes (STREAM), *ok drops on a gap or corruption.
 */
static long take(int type, int r, int size, long *pos, int *ok, int wait)
{
	long before = *pos, n, i;

	while ((n = recv(r, buf, BIG, wait ? 0 : MSG_DONTWAIT)) > 0) {
		if (type == SOCK_STREAM) {
			for (i = 0; i < n; i++)
				if (buf[i] != stream_byte(*pos + i))
					*ok = 0;
			*pos += n;
		} else {
			if (n != size || msg_seq(buf, n) != *pos)
				*ok = 0;
			(*pos)++;
		}
	}
	return *pos - before;
}

static int cmd_connflow(int type, int n, int size)
{
	long sent = 0, pos = 0, unit;
	int c, s, ok = 1, err;

	conn_pair(type, &c, &s);
	unit = type == SOCK_STREAM ? size : 1;
	while (sent < n) {
		make_chunk(type, want, size, sent);
		if (send(c, want, size, MSG_DONTWAIT) != size)
			break;
		sent++;
	}
	err = errno;
	out("# %ld sent before the window closed", sent);
	errno = err;
	out("send %s", sent < n ? rv(-1) : "never blocked");
	out("poll %s", poll_names(revents(c)));
	out("send again %s", rv(send(c, want, size, MSG_DONTWAIT)));
	take(type, s, size, &pos, &ok, 0);
	out("reader %s", pos == sent * unit && ok ? "got all sent, in order" :
	    "bad");
	out("poll %s", poll_names(revents(c)));
	while (sent < n) {
		make_chunk(type, want, size, sent);
		if (send(c, want, size, MSG_DONTWAIT) == size)
			sent++;
		else if (errno != EAGAIN)
			die("send");
		else if (!take(type, s, size, &pos, &ok, 0))
			die("stuck: neither side can go on");
	}
	take(type, s, size, &pos, &ok, 0);
	out("all %d %s", n, pos == n * unit && ok ? "in order, once" : "bad");
	out("then %s", rv(recv(s, buf, 100, MSG_DONTWAIT)));
	return 0;
}

static int cmd_connblock(int type, int n, int size)
{
	int c, s, i, ok = 1;
	long pos = 0, unit;
	pid_t pid;

	conn_pair(type, &c, &s);
	unit = type == SOCK_STREAM ? size : 1;
	pid = child();
	if (!pid) {
		for (i = 0; i < n; i++) {
			make_chunk(type, want, size, i);
			if (send(c, want, size, 0) != size)
				_exit(1);
		}
		_exit(shutdown(c, SHUT_RDWR) != 0);
	}
	wait_blocked(pid, SYS_sendto, -1, -1);
	out("writer blocked, queue %s",
	    used(s) < get_int(s, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF") ?
	    "within SO_RCVBUF" : "over SO_RCVBUF");
	take(type, s, size, &pos, &ok, 1);
	out("all %d %s", n, pos == n * unit && ok ? "in order, once" : "bad");
	out("writer %s", reap(pid) ? "failed" : "done");
	return 0;
}

static void show_conn(const char *what, int c)
{
	int err = get_int(c, SOL_SOCKET, SO_ERROR, "SO_ERROR");

	out("%s: poll %s, so_error %s", what, poll_names(revents(c)),
	    err ? ename(err) : "0");
}

/*
 * A blocking connect() with TIPC_CONN_TIMEOUT @ms to a listener that
 * does not accept in time (then does), to a bound socket that does not
 * listen, or to an RDM socket.
 */
static int cmd_connect(int ms, const char *mode)
{
	int target, c, s, listening = !strcmp(mode, "listen");
	struct timespec t0;
	long ret;

	if (listening)
		target = listener(SOCK_SEQPACKET, 1);
	else
		target = sock_of(strcmp(mode, "rdm") ? SOCK_SEQPACKET :
				 SOCK_RDM);
	if (!listening)
		bind_svc(target, 1);
	c = sock_of(SOCK_SEQPACKET);
	set_int(c, SOL_TIPC, TIPC_CONN_TIMEOUT, ms, "TIPC_CONN_TIMEOUT");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = connect_svc(c, 1);
	out("connect %s", rv(ret));
	out("# after %ld ms", ms_since(&t0));
	out("TIPC_CONN_TIMEOUT now %d",
	    get_int(c, SOL_TIPC, TIPC_CONN_TIMEOUT, "TIPC_CONN_TIMEOUT"));
	show_conn("then", c);
	if (!listening)
		return 0;
	s = accept(target, NULL, NULL);
	if (s < 0)
		die("accept");
	show_conn("accepted", c);
	out("connect again %s", rv(connect_svc(c, 1)));
	return 0;
}

/* What TIPC_CONN_TIMEOUT reads back after setting it */
static int cmd_timeoopt(void)
{
	static const int vals[] = { 0, 1, 4, 65535, 65536, 70000 };
	int sd = sock_of(SOCK_SEQPACKET);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		set_int(sd, SOL_TIPC, TIPC_CONN_TIMEOUT, vals[i], "set");
		out("%d reads back %d", vals[i],
		    get_int(sd, SOL_TIPC, TIPC_CONN_TIMEOUT, "get"));
	}
	return 0;
}

/*
 * Connect to a listener whose receive queue is full (SO_RCVBUF at its
 * minimum): the requests that do not fit are refused with
 * TIPC_ERR_OVERLOAD. Then one with TIPC_CONN_TIMEOUT @ms; then the
 * listener accepts until every client is connected.
 */
static int cmd_synflood(int ms)
{
	int lsn, c[64], n, d = 0, i, x, ok = 0;

	lsn = listener(SOCK_SEQPACKET, 1);
	set_int(lsn, SOL_SOCKET, SO_RCVBUF, 1, "SO_RCVBUF");
	for (n = 0; n < 60; n++) {
		c[n] = sock_of(SOCK_SEQPACKET);
		set_nonblock(c[n], 1);
		if (connect_svc(c[n], 1) == 0 || errno != EINPROGRESS)
			die("connect");
		if (depth(lsn) == d)
			break;
		d = depth(lsn);
	}
	if (n == 60) {
		out("the listener never overloaded");
		return 0;
	}
	out("# %d requests queued", d);
	show_conn("overloaded", c[n++]);
	x = sock_of(SOCK_SEQPACKET);
	set_int(x, SOL_TIPC, TIPC_CONN_TIMEOUT, ms, "TIPC_CONN_TIMEOUT");
	out("connect %s", rv(connect_svc(x, 1)));
	out("TIPC_CONN_TIMEOUT now %d",
	    get_int(x, SOL_TIPC, TIPC_CONN_TIMEOUT, "TIPC_CONN_TIMEOUT"));
	c[n++] = x;
	set_timeo(lsn, SO_RCVTIMEO, 15000);
	for (i = 0; i < n; i++)
		if (accept(lsn, NULL, NULL) < 0)
			break;
	out("accepted %s", i == n ? "every client" : rv(-1));
	for (i = 0; i < n; i++)
		ok += (revents(c[i]) & (POLLOUT | POLLHUP)) == POLLOUT;
	out("connected %s", ok == n ? "every client" : "not all");
	return 0;
}

static int cmd_ioctl(void)
{
	struct tipc_sioc_nodeid_req nr = { 0 };
	struct tipc_sioc_ln_req lr = { 0 };
	struct sockaddr_tipc a;
	socklen_t len = sizeof(a);
	int sd = sock_of(SOCK_RDM);
	unsigned int own, i, zero = 1;

	if (getsockname(sd, (struct sockaddr *)&a, &len))
		die("getsockname");
	own = a.addr.id.node;
	lr.peer = own;
	out("linkname own %s", rv(ioctl(sd, SIOCGETLINKNAME, &lr)));
	lr.peer = own ^ 0x1000;
	out("linkname other %s", rv(ioctl(sd, SIOCGETLINKNAME, &lr)));
	lr.peer = own;
	lr.bearer_id = 0xffff;
	out("linkname bad bearer %s", rv(ioctl(sd, SIOCGETLINKNAME, &lr)));
	out("linkname bad pointer %s",
	    rv(ioctl(sd, SIOCGETLINKNAME, (void *)16)));
	nr.peer = own;
	out("nodeid own %s", rv(ioctl(sd, SIOCGETNODEID, &nr)));
	for (i = 0; i < sizeof(nr.node_id); i++)
		zero &= !nr.node_id[i];
	out("nodeid own is %s", zero ? "all zero" : "an identity");
	nr.peer = own ^ 0x1000;
	out("nodeid other %s", rv(ioctl(sd, SIOCGETNODEID, &nr)));
	out("nodeid bad pointer %s",
	    rv(ioctl(sd, SIOCGETNODEID, (void *)16)));
	out("FIONREAD %s", rv(ioctl(sd, FIONREAD, &zero)));
	return 0;
}

int main(int argc, char **argv)
{
	int type = SOCK_RDM, ms = 0, n = 2000, size = 1000, imp = 0;
	int droppable = 0, rcvbuf = 0, nodelay = 0, opt;
	const char *mode = "listen", *cmd;
	long total = 0, wsize = 0;

	if (argc < 2)
		goto usage;
	cmd = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "t:w:m:n:s:i:D:r:N")) != -1) {
		switch (opt) {
		case 't': type = sock_type(optarg); break;
		case 'w': ms = atoi(optarg); break;
		case 'm': mode = optarg; break;
		case 'n': n = atoi(optarg); total = atol(optarg); break;
		case 's': size = atoi(optarg); wsize = atol(optarg); break;
		case 'i': imp = atoi(optarg); break;
		case 'D': droppable = atoi(optarg); break;
		case 'r': rcvbuf = atoi(optarg); break;
		case 'N': nodelay = 1; break;
		default: goto usage;
		}
	}
	if (size < 4 || size > MAX_DATA || n < 1)
		goto usage;
	signal(SIGPIPE, SIG_IGN);
	alarm(60);
	if (!strcmp(cmd, "peek"))
		return cmd_peek(type);
	if (!strcmp(cmd, "waitall"))
		return cmd_waitall();
	if (!strcmp(cmd, "rcvtimeo"))
		return cmd_rcvtimeo();
	if (!strcmp(cmd, "sndtimeo"))
		return cmd_sndtimeo();
	if (!strcmp(cmd, "nonblock"))
		return cmd_nonblock();
	if (!strcmp(cmd, "shutdown"))
		return cmd_shutdown(type);
	if (!strcmp(cmd, "poll"))
		return cmd_poll(type);
	if (!strcmp(cmd, "wakeup"))
		return cmd_wakeup();
	if (!strcmp(cmd, "maxsize"))
		return cmd_maxsize(type);
	if (!strcmp(cmd, "stream"))
		return cmd_stream(total, wsize);
	if (!strcmp(cmd, "smallw"))
		return cmd_smallw(type, n, size, nodelay);
	if (!strcmp(cmd, "overload"))
		return cmd_overload(type, imp, droppable, rcvbuf, n, size);
	if (!strcmp(cmd, "importance"))
		return cmd_importance(rcvbuf ? rcvbuf : 32768);
	if (!strcmp(cmd, "rcvbuf"))
		return cmd_rcvbuf();
	if (!strcmp(cmd, "connflow"))
		return cmd_connflow(type, n, size);
	if (!strcmp(cmd, "connblock"))
		return cmd_connblock(type, n, size);
	if (!strcmp(cmd, "connect"))
		return cmd_connect(ms, mode);
	if (!strcmp(cmd, "timeoopt"))
		return cmd_timeoopt();
	if (!strcmp(cmd, "synflood"))
		return cmd_synflood(ms);
	if (!strcmp(cmd, "ioctl"))
		return cmd_ioctl();
usage:
	fprintf(stderr, "usage: see the top of tipc_sockio.c\n");
	return 2;
}
