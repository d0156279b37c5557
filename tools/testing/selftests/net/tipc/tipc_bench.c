// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_bench: TIPC throughput and round-trip times, for vm/bench.sh,
 * vm/bench_pair.sh and a correctness smoke test. Node-local, the process
 * forks: the child receives (or answers), the parent sends and prints
 * one result line. Between two nodes, -L on one runs the receiving ends
 * and -P on the other the sending ones (see "Two nodes" below).
 *
 *   tipc_bench rdm -s SIZE (-t SECS | -c COUNT) [-r] [-V]
 *	RDM messages of SIZE bytes (at least 8) to a bound receiver, as
 *	fast as the sender can. The receiver counts what arrives within
 *	SECS of its first message (-c: everything of COUNT messages).
 *	Overload drops messages (destination droppable, the RDM default);
 *	-r makes them returnable: the sender then drains and counts them.
 *	Prints "rdm size= secs= bytes= msgs= sent= rx_total= returned=
 *	lost= bad= rcvbuf= MBps=", lost being sent - rx_total - returned,
 *	rcvbuf the receiver's SO_RCVBUF.
 *   tipc_bench stream -s SIZE (-t SECS | -c BYTES) [-V]
 *	a connected SOCK_STREAM, writes of SIZE bytes; the receiver reads
 *	as much as it can at a time. Prints "stream size= secs= bytes=
 *	sent_bytes= rx_total= bad= rcvbuf= MBps=".
 *   tipc_bench rtt -T rdm|seqpacket|stream -s SIZE -n COUNT [-t SECS] [-V]
 *	COUNT ping-pongs of SIZE bytes (after a few not measured), at most
 *	SECS seconds. Prints "rtt type= size= n= median_us= mean_us=
 *	min_us= p99_us= bad=".
 *
 *   tipc_bench stream -s SIZE (-t SECS | -c BYTES) -I IPV4 [-R NETNS]
 *	the same over TCP instead of TIPC, to compare: the receiver listens
 *	on IPV4 (an address of its namespace), port 20000 + TYPE % 20000.
 *
 * Common options: -S TYPE the service type to bind (default: one per
 * process; with -L or -P 0x7a000001), -R NETNS the receiver enters
 * network namespace NETNS (a name under /run/netns or /var/run/netns,
 * or a path)
 * before it opens its socket, -C CPU[,CPU] pins the sender to the first
 * CPU and the receiver to the second (the same if only one is given).
 *
 * Two nodes: "tipc_bench -L [-S TYPE] [-C CPU]" serves until killed: it
 * binds a SEQPACKET listener to {TYPE, 0} in cluster scope and, for each
 * connection, forks a receiver that takes the request (command, sizes,
 * times), binds {TYPE, N} as the local child would, and reports back.
 * Any of the commands above with -P is the sending side against such a
 * server anywhere in the cluster: it waits (topology server) for
 * {TYPE, 0}, connects, sends its request, waits for {TYPE, N} and then
 * sends as it does node-local, printing the same result line with the
 * server's counters. The control connection carries what the two
 * processes share through memory node-local: ready, stop, sent_all and
 * the final counters, as the struct below in host byte order (both ends
 * run the same tipc_bench on the same architecture).
 *
 * Every message starts with its sequence number and length; the rest,
 * and the whole byte stream of a connection, follows a fixed pseudo-
 * random pattern. -V compares every byte with it; without -V only
 * lengths, sequence numbers and byte counts are checked. MB is 10^6
 * bytes. Messages failing a check count as bad; any bad one, a lost one
 * with -r, or a short stream makes the exit status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/tipc.h>

#define PAT_LEN		65521U		/* a prime: no write size divides it */
#define MAX_IO		(1024U * 1024U)	/* largest stream write or read */
#define HDR_LEN		8U
#define QUIET_MS	300		/* this long without data ends a receiver */
#define PAIR_TYPE	0x7a000001U	/* the default service type of -L, -P */
#define POLL_SECS	0.01		/* -P, -L: how often to check for news */

/* What the two processes share */
struct shared {
	int ready;		/* the receiver is bound (and listening) */
	int stop;		/* the measuring window is over */
	int sent_all;		/* the sender is done */
	int done;		/* the receiver is done: counters are final */
	uint64_t bytes;		/* received within the window */
	uint64_t msgs;
	uint64_t rx_total;	/* received in all (bytes for streams) */
	uint64_t bad;
	double secs;		/* length of the window */
	int rcvbuf;		/* the receiving socket's SO_RCVBUF */
};

/* Two nodes: a control message (host byte order) */
enum { CTL_REQ = 1, CTL_READY, CTL_STOP, CTL_SENT_ALL, CTL_RESULT };
enum { CMD_RDM = 1, CMD_STREAM, CMD_RTT };

struct ctl_msg {
	uint32_t kind;
	uint32_t cmd;		/* CTL_REQ: what to run, and how */
	uint32_t rtt_type;
	uint32_t inst;		/* the instance to bind */
	uint32_t verify;
	uint32_t returnable;
	uint64_t size;
	uint64_t count;
	double secs;
	struct shared res;	/* CTL_RESULT: the receiver's counters */
};

static struct shared *sh;
static unsigned char pat[PAT_LEN + MAX_IO];
static unsigned char rbuf[MAX_IO];
static unsigned char out[TIPC_MAX_USER_MSG_SIZE];	/* a ping */

/* Options */
static const char *netns;
static const char *tcp_ip;	/* -I: stream over TCP to this address */
static int cpu_tx = -1, cpu_rx = -1;
static unsigned int svc_type;
static size_t size;
static double secs;
static uint64_t count;
static int returnable, verify, rtt_type = SOCK_RDM;
static unsigned int svc_inst = 1;
static int listen_mode, peer_mode;

/* Two nodes: the control connection (-1 node-local) */
static int ctl = -1;
static double ctl_polled;

static void die(const char *what)
{
	fprintf(stderr, "tipc_bench: %s: %s\n", what, strerror(errno));
	printf("error %s\n", what);
	exit(1);
}

static void usage_exit(void)
{
	fprintf(stderr,
		"usage: tipc_bench rdm|stream -s SIZE (-t SECS | -c COUNT) [-r] [-V]\n"
		"       tipc_bench rtt -T rdm|seqpacket|stream -s SIZE -n COUNT [-t SECS] [-V]\n"
		"       tipc_bench stream -s SIZE (-t SECS | -c COUNT) -I IPV4\n"
		"       tipc_bench -L [-S TYPE] [-C CPU]\n"
		"       common: [-S TYPE] [-R NETNS] [-C CPU[,CPU]] [-P]\n");
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int flag(int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void set_flag(int *p)
{
	__atomic_store_n(p, 1, __ATOMIC_RELEASE);
}

static void fill_pattern(void)
{
	uint32_t x = 2463534242u;
	size_t i;

	/* xorshift32; the tail repeats the head so any offset has MAX_IO */
	for (i = 0; i < PAT_LEN; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		pat[i] = (unsigned char)x;
	}
	for (; i < sizeof(pat); i++)
		pat[i] = pat[i - PAT_LEN];
}

static struct sockaddr_tipc service(void)
{
	struct sockaddr_tipc a = { .family = AF_TIPC };

	a.addrtype = TIPC_SERVICE_ADDR;
	a.addr.name.name.type = svc_type;
	a.addr.name.name.instance = svc_inst;
	return a;
}

/* -I: the TCP receiver's address */
static struct sockaddr_in tcp_addr(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	a.sin_port = htons(20000 + svc_type % 20000);
	if (inet_pton(AF_INET, tcp_ip, &a.sin_addr) != 1) {
		errno = EINVAL;
		die("-I (an IPv4 address)");
	}
	return a;
}

/* -I: a TCP socket listening on tcp_addr() */
static int tcp_listener(void)
{
	struct sockaddr_in a = tcp_addr();
	int sd, on = 1;

	sd = socket(AF_INET, SOCK_STREAM, 0);
	if (sd < 0)
		die("socket (TCP)");
	if (setsockopt(sd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)))
		die("SO_REUSEADDR");
	if (bind(sd, (struct sockaddr *)&a, sizeof(a)) || listen(sd, 1))
		die("bind, listen (TCP)");
	return sd;
}

static void set_timeout(int sd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000,
			      .tv_usec = (ms % 1000) * 1000 };

	if (setsockopt(sd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		die("SO_RCVTIMEO");
}

static void note_rcvbuf(int sd)
{
	socklen_t len = sizeof(sh->rcvbuf);

	if (getsockopt(sd, SOL_SOCKET, SO_RCVBUF, &sh->rcvbuf, &len))
		die("SO_RCVBUF");
}

static void ctl_send(struct ctl_msg *m)
{
	if (send(ctl, m, sizeof(*m), 0) != sizeof(*m))
		die("send (control)");
}

/*
 * Take in what the peer said on the control connection: set the flags
 * (and counters) it stands for. With @wait, block for one message, up
 * to the socket's timeout. The result is the last message: the server
 * closes the connection after it, which the client must not read.
 */
static void ctl_poll(int wait)
{
	struct ctl_msg m;
	ssize_t n;

	ctl_polled = now();
	while (!flag(&sh->done)) {
		n = recv(ctl, &m, sizeof(m), wait ? 0 : MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
			      errno == EINTR))
			return;
		if (n < 0)
			die("recv (control)");
		if (!n) {
			errno = ECONNRESET;
			die("the peer closed the control connection");
		}
		if (n != sizeof(m)) {
			errno = EPROTO;
			die("recv (control message size)");
		}
		switch (m.kind) {
		case CTL_READY:
			set_flag(&sh->ready);
			break;
		case CTL_STOP:
			set_flag(&sh->stop);
			break;
		case CTL_SENT_ALL:
			set_flag(&sh->sent_all);
			break;
		case CTL_RESULT:
			sh->bytes = m.res.bytes;
			sh->msgs = m.res.msgs;
			sh->rx_total = m.res.rx_total;
			sh->bad = m.res.bad;
			sh->secs = m.res.secs;
			sh->rcvbuf = m.res.rcvbuf;
			set_flag(&sh->stop);
			set_flag(&sh->done);
			break;
		default:
			errno = EPROTO;
			die("recv (control message kind)");
		}
		wait = 0;
	}
}

/* A flag the other end sets: with a peer node, ask it now and then */
static int peer_flag(int *p)
{
	if (ctl >= 0 && !flag(p) && now() - ctl_polled >= POLL_SECS)
		ctl_poll(0);
	return flag(p);
}

/* Set a flag for the other end; with a peer node, tell it (once) */
static void signal_peer(int *p, uint32_t kind)
{
	struct ctl_msg m = { .kind = kind };

	if (flag(p))
		return;
	set_flag(p);
	if (ctl < 0)
		return;
	if (kind == CTL_RESULT)
		m.res = *sh;
	ctl_send(&m);
}

/* Wait until {svc_type, @inst} is in this node's name table */
static void wait_bound(unsigned int inst, unsigned int ms)
{
	struct sockaddr_tipc top = { .family = AF_TIPC };
	struct tipc_subscr sub = { 0 };
	struct tipc_event ev;
	int sd;

	top.addrtype = TIPC_SERVICE_ADDR;
	top.addr.name.name.type = TIPC_TOP_SRV;
	top.addr.name.name.instance = TIPC_TOP_SRV;
	sub.seq.type = svc_type;
	sub.seq.lower = inst;
	sub.seq.upper = inst;
	sub.timeout = ms;
	sub.filter = TIPC_SUB_SERVICE;
	sd = socket(AF_TIPC, SOCK_SEQPACKET, 0);
	if (sd < 0)
		die("socket (topology server)");
	if (connect(sd, (struct sockaddr *)&top, sizeof(top)))
		die("connect (topology server)");
	if (send(sd, &sub, sizeof(sub), 0) != sizeof(sub))
		die("send (subscription)");
	set_timeout(sd, ms + 1000);
	if (recv(sd, &ev, sizeof(ev), 0) != sizeof(ev))
		die("recv (topology event)");
	if (ev.event != TIPC_PUBLISHED) {
		errno = ETIMEDOUT;
		die("the service is not bound in the cluster");
	}
	close(sd);
}

/* The receiver's socket: in its namespace, bound, listening if need be */
static int open_receiver(int type)
{
	struct sockaddr_tipc a = service();
	char path[256];
	int sd, fd;

	if (netns) {
		/* a name: where ip(8) keeps it, /run or /var/run */
		snprintf(path, sizeof(path), "%s%s",
			 strchr(netns, '/') ? "" : "/run/netns/", netns);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && !strchr(netns, '/')) {
			snprintf(path, sizeof(path), "/var/run/netns/%s",
				 netns);
			fd = open(path, O_RDONLY | O_CLOEXEC);
		}
		if (fd < 0 || setns(fd, CLONE_NEWNET))
			die("setns");
		close(fd);
	}
	if (tcp_ip) {
		sd = tcp_listener();
	} else {
		sd = socket(AF_TIPC, type, 0);
		if (sd < 0)
			die("socket");
		a.scope = TIPC_CLUSTER_SCOPE;
		if (bind(sd, (struct sockaddr *)&a, sizeof(a)))
			die("bind");
		if ((type == SOCK_STREAM || type == SOCK_SEQPACKET) &&
		    listen(sd, 1))
			die("listen");
	}
	set_timeout(sd, 10000);
	note_rcvbuf(sd);
	return sd;
}

/* The listener's one connection, its reads ending after QUIET_MS */
static int accept_one(int ld)
{
	int sd = accept(ld, NULL, NULL);

	if (sd < 0)
		die("accept");
	close(ld);
	set_timeout(sd, QUIET_MS);
	note_rcvbuf(sd);
	return sd;
}

static int open_sender(int type)
{
	struct sockaddr_tipc a = service();
	struct sockaddr_in in;
	int sd;

	if (tcp_ip) {
		in = tcp_addr();
		sd = socket(AF_INET, SOCK_STREAM, 0);
		if (sd < 0 || connect(sd, (struct sockaddr *)&in, sizeof(in)))
			die("socket, connect (TCP)");
		return sd;
	}
	sd = socket(AF_TIPC, type, 0);
	if (sd < 0)
		die("socket");
	if (type != SOCK_RDM && connect(sd, (struct sockaddr *)&a, sizeof(a)))
		die("connect");
	return sd;
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

/*
 * -P: connect to the server's control listener, ask it to run receiver
 * @cmd with our options, and wait until its socket is bound here too.
 */
static void start_remote(uint32_t cmd)
{
	struct ctl_msg m = { .kind = CTL_REQ, .cmd = cmd };
	struct sockaddr_tipc a;

	svc_inst = 0;
	a = service();
	wait_bound(0, 30000);
	ctl = socket(AF_TIPC, SOCK_SEQPACKET, 0);
	if (ctl < 0)
		die("socket (control)");
	if (connect(ctl, (struct sockaddr *)&a, sizeof(a)))
		die("connect (control)");
	/* a new instance per run: no binding of an earlier run matches */
	svc_inst = 1 + (getpid() & 0xffff);
	m.inst = svc_inst;
	m.rtt_type = rtt_type;
	m.verify = verify;
	m.returnable = returnable;
	m.size = size;
	m.count = count;
	m.secs = secs;
	ctl_send(&m);
	set_timeout(ctl, 10000);
	ctl_poll(1);
	if (!flag(&sh->ready)) {
		errno = ETIMEDOUT;
		die("the server's receiver did not start");
	}
	wait_bound(svc_inst, 10000);
}

/*
 * Fork the receiver running @fn; return once it is ready. With -P the
 * server runs it (as @cmd): there is no process here.
 */
static pid_t start_receiver(void (*fn)(void), uint32_t cmd)
{
	double t0 = now();
	pid_t pid;

	if (peer_mode) {
		start_remote(cmd);
		return 0;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		pin(cpu_rx);
		fn();
		fflush(stdout);
		_exit(0);
	}
	while (!flag(&sh->ready)) {
		if (waitpid(pid, NULL, WNOHANG) == pid || now() - t0 > 10) {
			errno = ETIMEDOUT;
			die("receiver did not start");
		}
		usleep(1000);
	}
	/* In another namespace: its binding reaches ours by the link */
	if (netns && !tcp_ip)
		wait_bound(svc_inst, 10000);
	return pid;
}

static void wait_receiver(pid_t pid)
{
	int status;

	if (ctl >= 0) {
		while (!flag(&sh->done))
			ctl_poll(1);
		return;
	}
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = ECHILD;
		die("receiver failed");
	}
}

/* How many units to take between clock readings: about 64 KiB worth */
static unsigned int clock_stride(size_t unit)
{
	return unit >= 65536 ? 1 : 65536 / unit;
}

/* Has the window that started at @t0 ended (time or the sender)? */
static int window_over(double t0, double *t1)
{
	*t1 = now();
	return count ? 0 : *t1 - t0 >= secs;
}

/* A message's header and (with -V) body: 0 if as sent */
static int check_msg(const unsigned char *p, size_t len, uint32_t *last,
		     int first)
{
	uint32_t seq, mlen;

	if (len < HDR_LEN || len != size)
		return -1;
	memcpy(&seq, p, 4);
	memcpy(&mlen, p + 4, 4);
	if (mlen != len || (!first && seq <= *last))
		return -1;
	*last = seq;
	if (verify && memcmp(p + HDR_LEN, pat + seq % PAT_LEN, len - HDR_LEN))
		return -1;
	return 0;
}

static void rdm_receiver(void)
{
	unsigned int stride = clock_stride(size), n = 0;
	uint64_t bytes = 0, msgs = 0, total = 0, bad = 0;
	double t0 = 0, t1 = 0;
	uint32_t last = 0;
	int sd, in_window = 1;
	ssize_t len;

	sd = open_receiver(SOCK_RDM);
	set_timeout(sd, QUIET_MS);
	signal_peer(&sh->ready, CTL_READY);
	for (;;) {
		len = recv(sd, rbuf, sizeof(rbuf), 0);
		if (len < 0) {
			if (errno != EAGAIN && errno != EINTR)
				die("recv");
			/* quiet: the end once the sender is done or stopped */
			if (peer_flag(&sh->sent_all) || flag(&sh->stop))
				break;
			continue;
		}
		if (check_msg(rbuf, len, &last, !total))
			bad++;
		if (!total) {
			t0 = now();
			t1 = t0;
		}
		total++;
		if (!in_window)
			continue;
		bytes += len;
		msgs++;
		if (count) {
			t1 = now();
		} else if (++n >= stride) {
			n = 0;
			if (window_over(t0, &t1)) {
				in_window = 0;
				signal_peer(&sh->stop, CTL_STOP);
			}
		}
	}
	close(sd);
	sh->bytes = bytes;
	sh->msgs = msgs;
	sh->rx_total = total;
	sh->bad = bad;
	sh->secs = t1 - t0;
	signal_peer(&sh->stop, CTL_STOP);
	signal_peer(&sh->done, CTL_RESULT);
}

/* Read what came back to the sender; 1 if anything did. */
static int drain_returns(int sd, uint64_t *returned, uint64_t *bad, int wait)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(8) + CMSG_SPACE(1024) + CMSG_SPACE(12)];
	} ctl;
	struct iovec iov = { rbuf, sizeof(rbuf) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	int got = 0, err;

	for (;;) {
		m.msg_control = ctl.buf;
		m.msg_controllen = sizeof(ctl.buf);
		if (recvmsg(sd, &m, wait ? 0 : MSG_DONTWAIT) < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				return got;
			die("recvmsg (returns)");
		}
		got = 1;
		err = 0;
		for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
			if (c->cmsg_level == SOL_TIPC &&
			    c->cmsg_type == TIPC_ERRINFO)
				err = 1;
		if (err)
			(*returned)++;
		else
			(*bad)++;
	}
}

static void cmd_rdm(void)
{
	uint64_t sent = 0, returned = 0, bad = 0, lost;
	struct sockaddr_tipc dst;
	struct iovec iov[2];
	struct msghdr m = { .msg_name = &dst, .msg_namelen = sizeof(dst),
			    .msg_iov = iov, .msg_iovlen = 2 };
	uint32_t hdr[2];
	double t0, cap;
	unsigned int every = returnable ? 1 : 256, n = 0;
	int sd, zero = 0;
	pid_t pid;

	if (size < HDR_LEN || size > TIPC_MAX_USER_MSG_SIZE)
		usage_exit();
	pid = start_receiver(rdm_receiver, CMD_RDM);
	dst = service();	/* with -P, the instance the server bound */
	sd = open_sender(SOCK_RDM);
	if (returnable &&
	    setsockopt(sd, SOL_TIPC, TIPC_DEST_DROPPABLE, &zero, sizeof(zero)))
		die("TIPC_DEST_DROPPABLE");
	hdr[1] = size;
	iov[0].iov_base = hdr;
	iov[0].iov_len = HDR_LEN;
	iov[1].iov_len = size - HDR_LEN;
	t0 = now();
	cap = 3 * secs + 10;
	while (count ? sent < count : !peer_flag(&sh->stop)) {
		hdr[0] = sent;
		iov[1].iov_base = pat + sent % PAT_LEN;
		if (sendmsg(sd, &m, 0) < 0) {
			if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR)
				die("sendmsg");
			drain_returns(sd, &returned, &bad, 0);
			sched_yield();
			continue;
		}
		sent++;
		if (++n < every)
			continue;
		n = 0;
		drain_returns(sd, &returned, &bad, 0);
		if (!count && now() - t0 > cap)
			break;
	}
	signal_peer(&sh->sent_all, CTL_SENT_ALL);
	/* Returns come back while the receiver drains and when it closes */
	set_timeout(sd, QUIET_MS);
	while (!peer_flag(&sh->done))
		if (!returnable || !drain_returns(sd, &returned, &bad, 1))
			usleep(1000);
	drain_returns(sd, &returned, &bad, returnable);
	wait_receiver(pid);
	lost = sent - sh->rx_total - returned;
	bad += sh->bad;
	printf("rdm size=%zu secs=%.3f bytes=%llu msgs=%llu sent=%llu rx_total=%llu returned=%llu lost=%lld bad=%llu rcvbuf=%d MBps=%.3f\n",
	       size, sh->secs, (unsigned long long)sh->bytes,
	       (unsigned long long)sh->msgs, (unsigned long long)sent,
	       (unsigned long long)sh->rx_total,
	       (unsigned long long)returned, (long long)lost,
	       (unsigned long long)bad, sh->rcvbuf,
	       sh->secs > 0 ? sh->bytes / sh->secs / 1e6 : 0.0);
	if (bad || !sh->msgs || (returnable && lost))
		exit(1);
}

static void stream_receiver(void)
{
	size_t rsize = size < 65536 ? 65536 : size;
	unsigned int stride = clock_stride(rsize), n = 0;
	uint64_t bytes = 0, msgs = 0, total = 0, bad = 0;
	double t0 = 0, t1 = 0;
	int sd, in_window = 1;
	ssize_t len;

	sd = open_receiver(SOCK_STREAM);
	signal_peer(&sh->ready, CTL_READY);
	sd = accept_one(sd);
	for (;;) {
		len = recv(sd, rbuf, rsize, 0);
		if (len < 0 && (errno == EAGAIN || errno == EINTR))
			continue;	/* slow sender: wait for EOF */
		if (len < 0)
			die("recv");
		if (!len)
			break;
		if (verify && memcmp(rbuf, pat + total % PAT_LEN, len))
			bad++;
		if (!total) {
			t0 = now();
			t1 = t0;
		}
		total += len;
		if (!in_window)
			continue;
		bytes += len;
		msgs++;
		if (count) {
			t1 = now();
		} else if (++n >= stride) {
			n = 0;
			if (window_over(t0, &t1)) {
				in_window = 0;
				signal_peer(&sh->stop, CTL_STOP);
			}
		}
	}
	close(sd);
	sh->bytes = bytes;
	sh->msgs = msgs;
	sh->rx_total = total;
	sh->bad = bad;
	sh->secs = t1 - t0;
	signal_peer(&sh->done, CTL_RESULT);
}

static void cmd_stream(void)
{
	uint64_t sent = 0, bad;
	size_t len;
	double t0, cap;
	ssize_t n;
	int sd;
	pid_t pid;

	if (!size || size > MAX_IO)
		usage_exit();
	pid = start_receiver(stream_receiver, CMD_STREAM);
	sd = open_sender(SOCK_STREAM);
	t0 = now();
	cap = 3 * secs + 10;
	while (count ? sent < count : !peer_flag(&sh->stop)) {
		len = size;
		if (count && count - sent < len)
			len = count - sent;
		n = send(sd, pat + sent % PAT_LEN, len, 0);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("send");
		}
		sent += n;
		if (!count && now() - t0 > cap)
			break;
	}
	/* TIPC shuts down both ways only; what is sent is delivered */
	if (shutdown(sd, SHUT_RDWR))
		die("shutdown");
	signal_peer(&sh->sent_all, CTL_SENT_ALL);
	wait_receiver(pid);
	close(sd);
	bad = sh->bad + (sh->rx_total != sent);
	printf("stream size=%zu secs=%.3f bytes=%llu sent_bytes=%llu rx_total=%llu bad=%llu rcvbuf=%d MBps=%.3f\n",
	       size, sh->secs, (unsigned long long)sh->bytes,
	       (unsigned long long)sent, (unsigned long long)sh->rx_total,
	       (unsigned long long)bad, sh->rcvbuf,
	       sh->secs > 0 ? sh->bytes / sh->secs / 1e6 : 0.0);
	if (bad || !sh->bytes)
		exit(1);
}

/* Read exactly @len bytes of a stream; 0 at a clean end of file. */
static ssize_t read_full(int sd, unsigned char *p, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = recv(sd, p + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			return got ? -1 : 0;
		got += n;
	}
	return got;
}

/* One message (or SIZE stream bytes) in; 0 at the end */
static ssize_t rtt_recv(int sd, struct sockaddr_tipc *src)
{
	socklen_t alen = sizeof(*src);

	if (rtt_type == SOCK_STREAM)
		return read_full(sd, rbuf, size);
	if (rtt_type == SOCK_RDM)
		return recvfrom(sd, rbuf, sizeof(rbuf), 0,
				(struct sockaddr *)src, &alen);
	return recv(sd, rbuf, sizeof(rbuf), 0);
}

/* Echo until the client goes away (RDM: a message of length field 0) */
static void rtt_server(void)
{
	struct sockaddr_tipc src;
	uint32_t mlen;
	ssize_t len;
	int sd, idle = 0;

	sd = open_receiver(rtt_type);
	signal_peer(&sh->ready, CTL_READY);
	if (rtt_type != SOCK_RDM)
		sd = accept_one(sd);
	/* with -L, check every second that the client is still there */
	set_timeout(sd, ctl >= 0 && rtt_type != SOCK_STREAM ? 1000 : 10000);
	for (;;) {
		len = rtt_recv(sd, &src);
		if (len < 0 && errno == EAGAIN && ctl >= 0 &&
		    rtt_type != SOCK_STREAM && ++idle < 10) {
			ctl_poll(0);
			continue;
		}
		if (len < 0)
			die("recv");
		idle = 0;
		if (!len)
			break;
		memcpy(&mlen, rbuf + 4, 4);
		if (rtt_type == SOCK_RDM && len >= HDR_LEN && !mlen)
			break;
		if (sendto(sd, rbuf, len, 0,
			   rtt_type == SOCK_RDM ? (struct sockaddr *)&src : NULL,
			   rtt_type == SOCK_RDM ? sizeof(src) : 0) != len)
			die("send (echo)");
	}
	close(sd);
	signal_peer(&sh->done, CTL_RESULT);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void cmd_rtt(void)
{
	struct sockaddr_tipc dst, src;
	uint64_t i, n = 0, bad = 0, warm;
	double *us, t, t_end, sum = 0;
	uint32_t hdr[2];
	ssize_t len;
	pid_t pid;
	int sd;

	if (size < HDR_LEN || size > TIPC_MAX_USER_MSG_SIZE || !count)
		usage_exit();
	us = calloc(count, sizeof(*us));
	if (!us)
		die("calloc");
	pid = start_receiver(rtt_server, CMD_RTT);
	dst = service();
	sd = open_sender(rtt_type);
	set_timeout(sd, 10000);
	warm = count / 10 < 50 ? count / 10 : 50;
	t_end = secs ? now() + secs : 0;
	memcpy(out, pat, size);
	for (i = 0; i < warm + count; i++) {
		hdr[0] = i;
		hdr[1] = size;
		memcpy(out, hdr, HDR_LEN);
		t = now();
		if (sendto(sd, out, size, 0,
			   rtt_type == SOCK_RDM ? (struct sockaddr *)&dst : NULL,
			   rtt_type == SOCK_RDM ? sizeof(dst) : 0) != (ssize_t)size)
			die("send");
		len = rtt_recv(sd, &src);
		if (len < 0)
			die("recv (echo)");
		t = now() - t;
		if ((size_t)len != size || memcmp(rbuf, hdr, HDR_LEN) ||
		    (verify && memcmp(rbuf + HDR_LEN, pat + HDR_LEN,
				      size - HDR_LEN)))
			bad++;
		if (i < warm)
			continue;
		us[n++] = t * 1e6;
		sum += t * 1e6;
		if (t_end && now() > t_end)
			break;
	}
	if (rtt_type == SOCK_RDM) {
		memset(out + 4, 0, 4);
		if (sendto(sd, out, HDR_LEN, 0, (struct sockaddr *)&dst,
			   sizeof(dst)) != HDR_LEN)
			die("send (end)");
	} else if (shutdown(sd, SHUT_RDWR)) {
		die("shutdown");
	}
	wait_receiver(pid);
	close(sd);
	qsort(us, n, sizeof(*us), cmp_double);
	printf("rtt type=%s size=%zu n=%llu median_us=%.2f mean_us=%.2f min_us=%.2f p99_us=%.2f bad=%llu\n",
	       rtt_type == SOCK_RDM ? "rdm" :
	       rtt_type == SOCK_STREAM ? "stream" : "seqpacket",
	       size, (unsigned long long)n,
	       n ? (n % 2 ? us[n / 2] : (us[n / 2 - 1] + us[n / 2]) / 2) : 0,
	       n ? sum / n : 0, n ? us[0] : 0, n ? us[n * 99 / 100] : 0,
	       (unsigned long long)bad);
	free(us);
	if (bad || !n)
		exit(1);
}

/* -L: one client's request, run as the forked receiver would */
static void serve_one(void)
{
	struct ctl_msg m;

	set_timeout(ctl, 10000);
	if (recv(ctl, &m, sizeof(m), 0) != sizeof(m) || m.kind != CTL_REQ)
		die("recv (request)");
	size = m.size;
	count = m.count;
	secs = m.secs;
	rtt_type = m.rtt_type;
	verify = m.verify;
	returnable = m.returnable;
	svc_inst = m.inst;
	memset(sh, 0, sizeof(*sh));
	alarm((unsigned int)(4 * secs) + 60);
	pin(cpu_rx);
	if (m.cmd == CMD_RDM && size >= HDR_LEN && size <= TIPC_MAX_USER_MSG_SIZE)
		rdm_receiver();
	else if (m.cmd == CMD_STREAM && size && size <= MAX_IO)
		stream_receiver();
	else if (m.cmd == CMD_RTT && size >= HDR_LEN && size <= TIPC_MAX_USER_MSG_SIZE)
		rtt_server();
	else
		die("bad request");
	printf("served cmd=%u size=%zu rx_total=%llu bad=%llu\n", m.cmd, size,
	       (unsigned long long)sh->rx_total, (unsigned long long)sh->bad);
}

/* -L: serve clients, one at a time, until killed */
static void serve(void)
{
	struct sockaddr_tipc a;
	int ld, sd, status;
	pid_t pid;

	svc_inst = 0;
	a = service();
	a.scope = TIPC_CLUSTER_SCOPE;
	ld = socket(AF_TIPC, SOCK_SEQPACKET, 0);
	if (ld < 0)
		die("socket");
	if (bind(ld, (struct sockaddr *)&a, sizeof(a)) || listen(ld, 4))
		die("bind, listen");
	printf("serving {%u, 0}\n", svc_type);
	for (;;) {
		fflush(stdout);
		sd = accept(ld, NULL, NULL);
		if (sd < 0 && errno == EINTR)
			continue;
		if (sd < 0)
			die("accept");
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid) {
			close(ld);
			ctl = sd;
			serve_one();
			fflush(stdout);
			_exit(0);
		}
		close(sd);
		if (waitpid(pid, &status, 0) != pid)
			die("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			printf("a receiver failed (status %#x)\n", status);
	}
}

static int parse_type(const char *name)
{
	if (!strcmp(name, "rdm"))
		return SOCK_RDM;
	if (!strcmp(name, "seqpacket"))
		return SOCK_SEQPACKET;
	if (!strcmp(name, "stream"))
		return SOCK_STREAM;
	usage_exit();
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd;
	int opt;

	if (argc < 2)
		usage_exit();
	cmd = argv[1];
	svc_type = 0;
	optind = 2;
	if (cmd[0] == '-') {	/* -L has no command */
		cmd = "";
		optind = 1;
	}
	while ((opt = getopt(argc, argv, "s:t:c:n:T:rVS:R:C:LPI:")) != -1) {
		switch (opt) {
		case 's':
			size = strtoul(optarg, NULL, 0);
			break;
		case 't':
			secs = strtod(optarg, NULL);
			break;
		case 'c':
		case 'n':
			count = strtoull(optarg, NULL, 0);
			break;
		case 'T':
			rtt_type = parse_type(optarg);
			break;
		case 'r':
			returnable = 1;
			break;
		case 'V':
			verify = 1;
			break;
		case 'S':
			svc_type = strtoul(optarg, NULL, 0);
			break;
		case 'R':
			netns = optarg;
			break;
		case 'C':
			if (sscanf(optarg, "%d,%d", &cpu_tx, &cpu_rx) < 2)
				cpu_rx = cpu_tx;
			break;
		case 'L':
			listen_mode = 1;
			break;
		case 'P':
			peer_mode = 1;
			break;
		case 'I':
			tcp_ip = optarg;
			break;
		default:
			usage_exit();
		}
	}
	if (optind != argc || (listen_mode && (*cmd || peer_mode || netns)) ||
	    (peer_mode && netns) ||
	    (tcp_ip && (strcmp(cmd, "stream") || peer_mode)))
		usage_exit();
	if (!svc_type)
		svc_type = listen_mode || peer_mode ? PAIR_TYPE :
			   0x7b000000 | (getpid() & 0xffffff);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap");
	fill_pattern();
	if (listen_mode) {
		serve();
		return 0;
	}
	pin(cpu_tx);
	/* Nothing may hang: a generous limit for the whole run */
	alarm((unsigned int)(4 * secs) + 60);
	if (!strcmp(cmd, "rdm") && !!count != (secs > 0))
		cmd_rdm();
	else if (!strcmp(cmd, "stream") && !!count != (secs > 0))
		cmd_stream();
	else if (!strcmp(cmd, "rtt"))
		cmd_rtt();
	else
		usage_exit();
	return 0;
}
