// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_sock: a small AF_TIPC tool for the selftests.
 *
 *   tipc_sock name -t TYPE
 *	print our socket address: "port P node N"
 *   tipc_sock bind -t TYPE OP...
 *	run bind operations on one socket, print one result line each:
 *	+T:L:U[:node|cluster] binds, -T:L:U[:scope] unbinds, 0 unbinds all;
 *	binds with a bad address: sT:L:U as TIPC_SOCKET_ADDR, aT:L:U as
 *	TIPC_SERVICE_ADDR (instance L), fT:L:U with family AF_INET,
 *	lT:L:U with an address length one byte short
 *   tipc_sock server -t TYPE -b T:L:U[:scope]... [-n COUNT] [-o FILE]
 *	bind (and listen, accept one connection), then print a line per
 *	message "recv LEN SUM from NODE:PORT", or for streams "eof BYTES SUM"
 *	at the end ("reset BYTES SUM" if the peer left without shutdown);
 *	writes "ready port P node N" to FILE once bound;
 *	-a: after each message also "srcaddr family F type T scope S len L"
 *	(the source address recvmsg() gave) and "destname T:L:U" if the
 *	message came with TIPC_DESTNAME;
 *	-q: add " seq N" to each recv line, N from the message's first 4
 *	bytes (as the client's -q writes them); -E (streams): send back
 *	whatever comes in
 *   tipc_sock client -t TYPE (-d T:I[@DOMAIN] | -p NODE:PORT | -m T:L:U)
 *	[-s SIZE] [-n COUNT] [-x]
 *	send COUNT messages of SIZE bytes (streams: one connection) to a
 *	service, a socket, or every socket bound in a range (-m);
 *	print "port P", then "sent LEN SUM" per message, or "error ENAME",
 *	and at the end "total BYTES SUM" over everything sent;
 *	-x: the first send sets the connection up (sendto, no connect)
 *	-k: close a connection without shutting it down first
 *	-L LEN: pass LEN as the address length; -F: give the address the
 *	family AF_INET; -U: no address at all (send() instead of sendto())
 *	-q: number the messages: the first 4 bytes of message I hold I
 *	(host order; SIZE must be 4 at least); -I IMP: set TIPC_IMPORTANCE
 *	to IMP first; -B, -R: multicast by broadcast (TIPC_MCAST_BROADCAST)
 *	or by replicast (TIPC_MCAST_REPLICAST); -H: do not close at the end, print "holding" and
 *	wait until killed; -E (streams): send everything while reading
 *	it back from a server with -E, then print "echo BYTES SUM" over
 *	what came back; -i USEC: wait USEC microseconds after each
 *	message (a paced sender, for tests that change the path midway);
 *	-S: no "sent" line per message (a blaster that stops at an error)
 *   tipc_sock bounce (-d T:I | -p NODE:PORT) [-s SIZE]
 *	send one returnable RDM message and wait for it to come back: print
 *	"returned ERR LEN SUM" from its TIPC_ERRINFO and TIPC_RETDATA, and
 *	"destname T:L:U" if the message was sent to a service
 *   tipc_sock opts -t TYPE
 *	try the socket options, one line each: "NAME = VALUE" for a get,
 *	"NAME ok" or "NAME ENAME" for a set
 *   tipc_sock subscribe -b T:L:U [-f ports|service|both] [-w MS] [-n N]
 *	[-t stream] [-N] [-P] [-o FILE]
 *	subscribe with the topology server (-N: in network byte order),
 *	print N events as "published|withdrawn|timeout LOWER UPPER PORT
 *	NODE", or "eof" if the server closes the connection; PORT is
 *	"port" or "0", or with -P the port number in hex (for the link
 *	state service, the link's bearer identities)
 *   tipc_sock drop-caps [--] CMD ARGS...
 *	run CMD as user nobody, without capabilities
 *   tipc_sock hold NAME=KIND:TYPE[:T:L:U]...
 *	set sockets up in known states and keep them until killed: print
 *	"sock LABEL port P ino I cookie C" per socket (C from SO_COOKIE),
 *	then "ready". KIND is open (LABEL NAME: only created), bound
 *	(bound to T:L:U), queued (bound, with a message of 60000 bytes from
 *	NAME.sender waiting), flood (as queued, but 40 messages: those
 *	that do not fit are dropped), listen (bound, listening), conn
 *	(NAME listens, NAME.client connects to {T,L}, NAME.server is the
 *	accepted socket), pending (NAME listens and never accepts,
 *	NAME.client waits in a non-blocking connect), congested (as conn,
 *	and NAME.client sends messages of 60000 bytes that NAME.server does
 *	not read until it may send no more) or closed (as conn, then
 *	NAME.client closes)
 *
 * Payloads follow a pattern, and SUM is a 32-bit FNV-1a hash of the
 * data, so the receiver's line can be compared with the sender's.
 * Failures print "error ENAME" (the errno's name) and exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/tipc.h>
#include <arpa/inet.h>

#define MAX_MSG (1 << 20)

/* Options of the server and client commands that few cases use */
static int show_details;		/* server -a */
static socklen_t dst_len = sizeof(struct sockaddr_tipc);	/* client -L */
static int dst_family = AF_TIPC;	/* client -F */
static int no_dst;			/* client -U */
static int numbered;			/* client and server -q */
static int importance = -1;		/* client -I */
static int mcast_method = -1;		/* client -B, -R: a socket option */
static int hold_open;			/* client -H */
static int echo;			/* client and server -E */
static unsigned int pace_us;		/* client -i */
static int silent;			/* client -S */
static int show_ref;			/* subscribe -P */

static const char *errno_name(int err)
{
	static const struct { int err; const char *name; } names[] = {
		{ EACCES, "EACCES" }, { EADDRINUSE, "EADDRINUSE" },
		{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EAGAIN, "EAGAIN" },
		{ ECONNREFUSED, "ECONNREFUSED" }, { ECONNRESET, "ECONNRESET" },
		{ EHOSTUNREACH, "EHOSTUNREACH" }, { EINVAL, "EINVAL" },
		{ EISCONN, "EISCONN" }, { EMSGSIZE, "EMSGSIZE" },
		{ ENOTCONN, "ENOTCONN" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ EPERM, "EPERM" }, { EPIPE, "EPIPE" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { EPROTOTYPE, "EPROTOTYPE" },
		{ ENOPROTOOPT, "ENOPROTOOPT" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ EDESTADDRREQ, "EDESTADDRREQ" }, { EFAULT, "EFAULT" },
		{ ENOBUFS, "ENOBUFS" }, { ENOMEM, "ENOMEM" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return strerror(err);
}

static void fail(const char *what)
{
	printf("error %s\n", errno_name(errno));
	fprintf(stderr, "tipc_sock: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint32_t fnv1a(const unsigned char *p, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static void fill(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + seed);
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
	fprintf(stderr, "tipc_sock: unknown socket type %s\n", name);
	exit(2);
}

static int open_sock(int type)
{
	int sd = socket(AF_TIPC, type, 0);

	if (sd < 0)
		fail("socket");
	return sd;
}

/* "T:L:U[:node|cluster]" into a service range address */
static struct sockaddr_tipc parse_range(const char *spec)
{
	struct sockaddr_tipc a = { .family = AF_TIPC,
				   .addrtype = TIPC_SERVICE_RANGE,
				   .scope = TIPC_CLUSTER_SCOPE };
	char scope[16] = "";

	if (sscanf(spec, "%u:%u:%u:%15s", &a.addr.nameseq.type,
		   &a.addr.nameseq.lower, &a.addr.nameseq.upper, scope) < 3) {
		fprintf(stderr, "tipc_sock: bad range %s\n", spec);
		exit(2);
	}
	if (!strcmp(scope, "node"))
		a.scope = TIPC_NODE_SCOPE;
	return a;
}

/* "T:I[@DOMAIN]" or "NODE:PORT" (hex node) into an address */
static struct sockaddr_tipc parse_dest(const char *spec, int by_port)
{
	struct sockaddr_tipc a = { .family = AF_TIPC };

	if (by_port) {
		a.addrtype = TIPC_SOCKET_ADDR;
		if (sscanf(spec, "%x:%u", &a.addr.id.node, &a.addr.id.ref) != 2)
			goto bad;
		return a;
	}
	a.addrtype = TIPC_SERVICE_ADDR;
	if (sscanf(spec, "%u:%u@%x", &a.addr.name.name.type,
		   &a.addr.name.name.instance, &a.addr.name.domain) < 2)
		goto bad;
	return a;
bad:
	fprintf(stderr, "tipc_sock: bad destination %s\n", spec);
	exit(2);
}

static void print_name(FILE *f, const char *prefix, int sd)
{
	struct sockaddr_tipc a;
	socklen_t len = sizeof(a);

	if (getsockname(sd, (struct sockaddr *)&a, &len))
		fail("getsockname");
	fprintf(f, "%sport %u node %x\n", prefix, a.addr.id.ref,
		a.addr.id.node);
	fflush(f);
}

static int cmd_name(int type)
{
	print_name(stdout, "", open_sock(type));
	return 0;
}

static int cmd_bind(int type, int argc, char **argv)
{
	int sd = open_sock(type), i, rc = 0;
	struct sockaddr_tipc a;

	for (i = 0; i < argc; i++) {
		int ret;

		if (!strcmp(argv[i], "0")) {
			ret = bind(sd, NULL, 0);
		} else {
			socklen_t len = sizeof(a);

			a = parse_range(argv[i] + 1);
			if (argv[i][0] == '-')
				a.scope = -a.scope;
			else if (argv[i][0] == 's')
				a.addrtype = TIPC_SOCKET_ADDR;
			else if (argv[i][0] == 'a')
				a.addrtype = TIPC_SERVICE_ADDR;
			else if (argv[i][0] == 'f')
				a.family = AF_INET;
			else if (argv[i][0] == 'l')
				len--;
			ret = bind(sd, (struct sockaddr *)&a, len);
		}
		printf("bind %s %s\n", argv[i], ret ? errno_name(errno) : "ok");
		rc |= !!ret;
	}
	return rc;
}

static void print_msg(const unsigned char *buf, int len,
		      const struct sockaddr_tipc *src)
{
	printf("recv %d %08x from %x:%u", len, fnv1a(buf, len),
	       src->addr.id.node, src->addr.id.ref);
	if (numbered) {
		uint32_t seq = 0;

		if (len >= 4)
			memcpy(&seq, buf, 4);
		printf(" seq %u", seq);
	}
	printf("\n");
	fflush(stdout);
}

/* Read a stream to its end; print the total and its hash. */
static int serve_stream(int sd)
{
	static unsigned char buf[MAX_MSG];
	uint32_t h = 2166136261u;
	long long total = 0;
	int n, i;

	while ((n = recv(sd, buf, sizeof(buf), 0)) > 0) {
		for (i = 0; i < n; i++)
			h = (h ^ buf[i]) * 16777619u;
		total += n;
		for (i = 0; echo && i < n; ) {
			int m = send(sd, buf + i, n - i, 0);

			if (m < 0)
				fail("send");
			i += m;
		}
	}
	if (n < 0 && errno != ECONNRESET)
		fail("recv");
	printf("%s %lld %08x\n", n ? "reset" : "eof", total, h);
	return 0;
}

/* With -a: the source address as given, and the service addressed */
static void print_details(const struct sockaddr_tipc *src,
			  socklen_t len, struct msghdr *m)
{
	struct cmsghdr *c;
	__u32 *v;

	printf("srcaddr family %u type %u scope %d len %u\n", src->family,
	       src->addrtype, src->scope, (unsigned int)len);
	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		v = (__u32 *)CMSG_DATA(c);
		if (c->cmsg_level == SOL_TIPC && c->cmsg_type == TIPC_DESTNAME)
			printf("destname %u:%u:%u\n", v[0], v[1], v[2]);
	}
	fflush(stdout);
}

static int serve_messages(int sd, int count)
{
	static unsigned char buf[MAX_MSG];
	char control[256];
	struct sockaddr_tipc src;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	int n;

	while (count < 0 || count--) {
		memset(&src, 0, sizeof(src));
		m.msg_name = &src;
		m.msg_namelen = sizeof(src);
		m.msg_control = control;
		m.msg_controllen = sizeof(control);
		n = recvmsg(sd, &m, 0);
		if (n < 0)
			fail("recv");
		if (n == 0 && count < 0)
			break;	/* the peer closed the connection */
		print_msg(buf, n, &src);
		if (show_details)
			print_details(&src, m.msg_namelen, &m);
	}
	return 0;
}

static int cmd_server(int type, char **ranges, int nranges, int count,
		      const char *ready)
{
	int sd = open_sock(type), i;
	struct sockaddr_tipc a;
	FILE *f;

	for (i = 0; i < nranges; i++) {
		a = parse_range(ranges[i]);
		if (bind(sd, (struct sockaddr *)&a, sizeof(a)))
			fail("bind");
	}
	if ((type == SOCK_STREAM || type == SOCK_SEQPACKET) && listen(sd, 8))
		fail("listen");
	if (ready) {
		f = fopen(ready, "w");
		if (!f)
			fail("ready file");
		print_name(f, "ready ", sd);
		fclose(f);
	}
	if (type == SOCK_RDM || type == SOCK_DGRAM)
		return serve_messages(sd, count);
	sd = accept(sd, NULL, NULL);
	if (sd < 0)
		fail("accept");
	if (type == SOCK_STREAM)
		return serve_stream(sd);
	return serve_messages(sd, count);
}

/* -E: send @count times @size bytes on the stream @sd while reading back
 * what the server echoes; print the totals of both ways */
static void echo_stream(int sd, size_t size, int count)
{
	static unsigned char out[MAX_MSG], in[MAX_MSG];
	long long total = (long long)size * count, sent = 0, got = 0;
	uint32_t hs = 2166136261u, hr = 2166136261u;
	size_t off = 0;
	int i = 0, n, j;

	fill(out, size, 0);
	while (got < total) {
		struct pollfd p = { .fd = sd, .events = POLLIN };

		if (sent < total)
			p.events |= POLLOUT;
		if (poll(&p, 1, 10000) != 1)
			fail("poll");
		if (p.revents & (POLLIN | POLLERR | POLLHUP)) {
			n = recv(sd, in, sizeof(in), MSG_DONTWAIT);
			if (n == 0)
				errno = ECONNRESET;
			if (n <= 0 && errno != EAGAIN)
				fail("recv");
			for (j = 0; j < n; j++)
				hr = (hr ^ in[j]) * 16777619u;
			if (n > 0)
				got += n;
		}
		if (sent < total && (p.revents & POLLOUT)) {
			n = send(sd, out + off, size - off, MSG_DONTWAIT);
			if (n < 0 && errno != EAGAIN)
				fail("send");
			for (j = 0; j < n; j++)
				hs = (hs ^ out[off + j]) * 16777619u;
			if (n > 0) {
				off += n;
				sent += n;
			}
			if (off == size) {
				off = 0;
				fill(out, size, ++i);
			}
		}
	}
	printf("total %lld %08x\necho %lld %08x\n", sent, hs, got, hr);
}

static int cmd_client(int type, struct sockaddr_tipc *dst, size_t size,
		      int count, int implicit, int abort)
{
	static unsigned char buf[MAX_MSG];
	int sd = open_sock(type), i, n;
	int conn = type == SOCK_STREAM || type == SOCK_SEQPACKET;
	uint32_t h = 2166136261u;
	long long total = 0;
	size_t j;

	if (size > sizeof(buf))
		size = sizeof(buf);
	dst->family = dst_family;
	if (importance >= 0 &&
	    setsockopt(sd, SOL_TIPC, TIPC_IMPORTANCE, &importance,
		       sizeof(importance)))
		fail("setsockopt");
	if (mcast_method >= 0 &&
	    setsockopt(sd, SOL_TIPC, mcast_method, NULL, 0))
		fail("setsockopt");
	if (conn && !implicit &&
	    connect(sd, (struct sockaddr *)dst, dst_len))
		fail("connect");
	print_name(stdout, "", sd);
	if (echo && type == SOCK_STREAM) {
		echo_stream(sd, size, count);
		count = 0;
	}
	for (i = 0; i < count; i++) {
		fill(buf, size, i);
		if (numbered && size >= 4)
			memcpy(buf, &i, 4);
		if ((conn && (!implicit || i)) || no_dst)
			n = send(sd, buf, size, 0);
		else
			n = sendto(sd, buf, size, 0, (struct sockaddr *)dst,
				   dst_len);
		if (n < 0)
			fail("send");
		if (!silent) {
			printf("sent %d %08x\n", n, fnv1a(buf, size));
			fflush(stdout);
		}
		for (j = 0; j < (size_t)n; j++)
			h = (h ^ buf[j]) * 16777619u;
		total += n;
		if (pace_us)
			usleep(pace_us);
	}
	if (!echo || type != SOCK_STREAM)
		printf("total %lld %08x\n", total, h);
	if (hold_open) {
		printf("holding\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	if (conn && !abort && shutdown(sd, SHUT_RDWR))
		fail("shutdown");
	return 0;
}

/* Print what the ancillary data of a returned message says. */
static void print_returned(struct msghdr *m)
{
	struct cmsghdr *c;
	__u32 *v;

	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level != SOL_TIPC)
			continue;
		v = (__u32 *)CMSG_DATA(c);
		if (c->cmsg_type == TIPC_ERRINFO)
			printf("returned %u %u", v[0], v[1]);
		else if (c->cmsg_type == TIPC_RETDATA)
			printf(" %08x", fnv1a(CMSG_DATA(c),
					      c->cmsg_len - CMSG_LEN(0)));
		else if (c->cmsg_type == TIPC_DESTNAME)
			printf("\ndestname %u:%u:%u", v[0], v[1], v[2]);
	}
	printf("\n");
}

static int cmd_bounce(struct sockaddr_tipc *dst, size_t size)
{
	static unsigned char buf[MAX_MSG], back[MAX_MSG];
	static char control[CMSG_SPACE(MAX_MSG) + 256];
	struct iovec iov = { back, sizeof(back) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = control,
			    .msg_controllen = sizeof(control) };
	int sd = open_sock(SOCK_RDM), zero = 0, n;

	if (setsockopt(sd, SOL_TIPC, TIPC_DEST_DROPPABLE, &zero, sizeof(zero)))
		fail("setsockopt");
	fill(buf, size, 0);
	if (sendto(sd, buf, size, 0, (struct sockaddr *)dst, sizeof(*dst)) < 0)
		fail("sendto");
	printf("sent %zu %08x\n", size, fnv1a(buf, size < 1024 ? size : 1024));
	n = recvmsg(sd, &m, 0);
	if (n < 0)
		fail("recvmsg");
	print_returned(&m);
	return 0;
}

static void opt_get(int sd, int level, int opt, const char *name, int len)
{
	unsigned int val = 0;
	socklen_t l = len;

	if (getsockopt(sd, level, opt, &val, &l))
		printf("get %s %s\n", name, errno_name(errno));
	else
		printf("get %s = %u (len %u)\n", name, val, (unsigned int)l);
}

static void opt_set(int sd, int level, int opt, const char *name,
		    const void *val, int len)
{
	if (setsockopt(sd, level, opt, val, len))
		printf("set %s %s\n", name, errno_name(errno));
	else
		printf("set %s ok\n", name);
}

#define GET(opt) opt_get(sd, SOL_TIPC, opt, #opt, 4)
#define SET(opt, v) opt_set(sd, SOL_TIPC, opt, #opt "=" #v, &(int){ v }, 4)
#define SET0(opt) opt_set(sd, SOL_TIPC, opt, #opt, NULL, 0)

static int cmd_opts(int type)
{
	int sd = open_sock(type);

	GET(TIPC_IMPORTANCE);
	GET(TIPC_SRC_DROPPABLE);
	GET(TIPC_DEST_DROPPABLE);
	GET(TIPC_CONN_TIMEOUT);
	GET(TIPC_NODE_RECVQ_DEPTH);
	GET(TIPC_SOCK_RECVQ_DEPTH);
	GET(TIPC_SOCK_RECVQ_USED);
	GET(TIPC_GROUP_JOIN);
	SET(TIPC_IMPORTANCE, 2);
	GET(TIPC_IMPORTANCE);
	SET(TIPC_IMPORTANCE, 4);
	SET(TIPC_SRC_DROPPABLE, 1);
	SET(TIPC_DEST_DROPPABLE, 0);
	GET(TIPC_DEST_DROPPABLE);
	SET(TIPC_CONN_TIMEOUT, 1234);
	GET(TIPC_CONN_TIMEOUT);
	SET(TIPC_NODELAY, 1);
	SET0(TIPC_MCAST_BROADCAST);
	SET0(TIPC_MCAST_REPLICAST);
	SET(TIPC_MCAST_REPLICAST, 1);
	SET0(TIPC_GROUP_LEAVE);
	SET0(200);
	SET(200, 1);
	GET(200);
	opt_set(sd, SOL_TIPC, TIPC_IMPORTANCE, "short", &(int){ 1 }, 2);
	opt_get(sd, SOL_TIPC, TIPC_IMPORTANCE, "short", 2);
	opt_set(sd, SOL_SOCKET + 1000, TIPC_IMPORTANCE, "level", &(int){ 1 }, 4);
	opt_get(sd, SOL_SOCKET + 1000, TIPC_IMPORTANCE, "level", 4);
	return 0;
}

static int cmd_subscribe(int type, const char *range, const char *filter,
			 unsigned int wait, int count, int net_order,
			 const char *ready)
{
	struct sockaddr_tipc top = { .family = AF_TIPC,
				     .addrtype = TIPC_SERVICE_ADDR };
	static const char *names[] = { "?", "published", "withdrawn",
				       "timeout" };
	struct sockaddr_tipc r = parse_range(range);
	struct tipc_subscr sub = { 0 };
	struct tipc_event evt;
	int sd = open_sock(type), n;
	unsigned int ev;
	FILE *f;

	top.addr.name.name.type = TIPC_TOP_SRV;
	top.addr.name.name.instance = TIPC_TOP_SRV;
	if (connect(sd, (struct sockaddr *)&top, sizeof(top)))
		fail("connect");
	sub.seq = r.addr.nameseq;
	sub.timeout = wait;
	sub.filter = !strcmp(filter, "ports") ? TIPC_SUB_PORTS :
		     !strcmp(filter, "both") ? TIPC_SUB_PORTS | TIPC_SUB_SERVICE :
		     TIPC_SUB_SERVICE;
	memcpy(sub.usr_handle, "handle!", 8);
	if (net_order) {
		sub.seq.type = htonl(sub.seq.type);
		sub.seq.lower = htonl(sub.seq.lower);
		sub.seq.upper = htonl(sub.seq.upper);
		sub.timeout = htonl(sub.timeout);
		sub.filter = htonl(sub.filter);
	}
	if (send(sd, &sub, sizeof(sub), 0) != sizeof(sub))
		fail("send");
	if (ready) {
		f = fopen(ready, "w");
		if (!f)
			fail("ready file");
		fprintf(f, "ready\n");
		fclose(f);
	}
	while (count--) {
		n = recv(sd, &evt, sizeof(evt), 0);
		if (n <= 0) {
			printf("eof\n");
			return 0;
		}
		if (n != sizeof(evt) || memcmp(&evt.s, &sub, sizeof(sub))) {
			printf("bad event of %d bytes\n", n);
			return 1;
		}
		ev = net_order ? ntohl(evt.event) : evt.event;
#define V(x) (net_order ? ntohl(x) : (x))
		printf("%s %u %u ", names[ev < 4 ? ev : 0],
		       V(evt.found_lower), V(evt.found_upper));
		if (show_ref)
			printf("%x", V(evt.port.ref));
		else
			printf("%s", V(evt.port.ref) ? "port" : "0");
		printf(" %x\n", V(evt.port.node));
#undef V
		fflush(stdout);
	}
	return 0;
}

static void print_held(int sd, const char *name, const char *role)
{
	struct sockaddr_tipc a;
	socklen_t len = sizeof(a);
	unsigned long long cookie = 0;
	socklen_t clen = sizeof(cookie);
	struct stat st;

	if (getsockname(sd, (struct sockaddr *)&a, &len))
		fail("getsockname");
	if (fstat(sd, &st))
		fail("fstat");
	if (getsockopt(sd, SOL_SOCKET, SO_COOKIE, &cookie, &clen))
		fail("SO_COOKIE");
	printf("sock %s%s port %u ino %lu cookie %llx\n", name, role,
	       a.addr.id.ref, (unsigned long)st.st_ino, cookie);
}

/* Wait for @events: a message, a SYN, the peer's close; POLLOUT: set up */
static void wait_poll(int sd, short events)
{
	struct pollfd p = { .fd = sd, .events = events };

	if (poll(&p, 1, 10000) != 1)
		fail("poll");
}

/* Start connecting @sd to {T,L} of @r: done once the listener accepts */
static void connect_to(int sd, const struct sockaddr_tipc *r)
{
	struct sockaddr_tipc dst = { .family = AF_TIPC,
				     .addrtype = TIPC_SERVICE_ADDR };

	dst.addr.name.name.type = r->addr.nameseq.type;
	dst.addr.name.name.instance = r->addr.nameseq.lower;
	if (fcntl(sd, F_SETFL, O_NONBLOCK))
		fail("fcntl");
	if (connect(sd, (struct sockaddr *)&dst, sizeof(dst)) &&
	    errno != EINPROGRESS)
		fail("connect");
}

/* Send on the non-blocking @sd until the peer's window is full */
static void fill_window(int sd)
{
	static unsigned char buf[60000];
	int i;

	for (i = 0; i < 1000; i++) {
		if (send(sd, buf, sizeof(buf), 0) == sizeof(buf))
			continue;
		if (errno != EAGAIN)
			fail("send");
		return;
	}
	fprintf(stderr, "tipc_sock: the window never filled\n");
	exit(1);
}

/* A listener on @r, a client connecting to it, maybe the accepted one */
static void hold_conn(int sd, const char *name, const char *kind,
		      const char *type, const struct sockaddr_tipc *r)
{
	int peer, server;

	if (listen(sd, 8))
		fail("listen");
	print_held(sd, name, "");
	if (!strcmp(kind, "listen"))
		return;
	peer = open_sock(sock_type(type));
	connect_to(peer, r);
	wait_poll(sd, POLLIN);
	if (!strcmp(kind, "pending")) {
		print_held(peer, name, ".client");
		return;
	}
	server = accept(sd, NULL, NULL);
	if (server < 0)
		fail("accept");
	wait_poll(peer, POLLOUT);
	if (!strcmp(kind, "closed")) {
		close(peer);
		wait_poll(server, POLLIN);
	} else {
		if (!strcmp(kind, "congested"))
			fill_window(peer);
		print_held(peer, name, ".client");
	}
	print_held(server, name, ".server");
}

/* Send @count messages of 60000 bytes to {T,L} of @r, fitting or not */
static void send_to_service(int sd, const struct sockaddr_tipc *r, int count)
{
	static unsigned char buf[60000];
	struct sockaddr_tipc dst = { .family = AF_TIPC,
				     .addrtype = TIPC_SERVICE_ADDR };

	dst.addr.name.name.type = r->addr.nameseq.type;
	dst.addr.name.name.instance = r->addr.nameseq.lower;
	while (count--)
		if (sendto(sd, buf, sizeof(buf), 0, (struct sockaddr *)&dst,
			   sizeof(dst)) != sizeof(buf))
			fail("sendto");
}

/* One "NAME=KIND:TYPE[:T:L:U]" of cmd_hold; its sockets stay open. */
static void hold_one(char *spec)
{
	static const char * const kinds[] = { "open", "bound", "queued",
		"flood", "listen", "conn", "pending", "congested", "closed" };
	char *name = spec, *kind = strchr(spec, '='), *type, *range;
	struct sockaddr_tipc r = { 0 };
	int sd, peer;
	size_t i;

	if (!kind || !(type = strchr(kind, ':')))
		goto bad;
	*kind++ = 0;
	*type++ = 0;
	range = strchr(type, ':');
	if (range) {
		*range++ = 0;
		r = parse_range(range);
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i]))
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]) || (!range && i))
		goto bad;
	sd = open_sock(sock_type(type));
	if (strcmp(kind, "open") && bind(sd, (struct sockaddr *)&r, sizeof(r)))
		fail("bind");
	if (!strcmp(kind, "queued") || !strcmp(kind, "flood")) {
		peer = open_sock(SOCK_RDM);
		send_to_service(peer, &r, kind[0] == 'q' ? 1 : 40);
		wait_poll(sd, POLLIN);
		print_held(sd, name, "");
		print_held(peer, name, ".sender");
	} else if (!strcmp(kind, "open") || !strcmp(kind, "bound")) {
		print_held(sd, name, "");
	} else {
		hold_conn(sd, name, kind, type, &r);
	}
	return;
bad:
	fprintf(stderr, "tipc_sock: bad socket spec %s\n", spec);
	exit(2);
}

static int cmd_hold(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		hold_one(argv[i]);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
	return 0;
}

static int cmd_drop_caps(char **argv)
{
	if (setgid(65534) || setuid(65534))
		fail("setuid");
	execv(argv[0], argv);
	fail("exec");
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_tipc dst = { 0 };
	int type = SOCK_RDM, count = 1, implicit = 0, have_dst = 0, opt;
	int abort = 0, net_order = 0;
	const char *filter = "service";
	unsigned int wait = TIPC_WAIT_FOREVER;
	char *ranges[8];
	int nranges = 0;
	const char *ready = NULL;
	size_t size = 64;

	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "drop-caps") && argc > 2) {
		if (!strcmp(argv[2], "--") && argc > 3)
			return cmd_drop_caps(argv + 3);
		return cmd_drop_caps(argv + 2);
	}
	optind = 2;
	while ((opt = getopt(argc, argv, "t:b:n:o:d:p:s:xkf:w:NaL:FUm:qI:HEBRi:PS")) != -1) {
		switch (opt) {
		case 't': type = sock_type(optarg); break;
		case 'b':
			if (nranges < 8)
				ranges[nranges++] = optarg;
			break;
		case 'n': count = atoi(optarg); break;
		case 'o': ready = optarg; break;
		case 'd': dst = parse_dest(optarg, 0); have_dst = 1; break;
		case 'p': dst = parse_dest(optarg, 1); have_dst = 1; break;
		case 'm': dst = parse_range(optarg); have_dst = 1; break;
		case 's': size = strtoul(optarg, NULL, 0); break;
		case 'x': implicit = 1; break;
		case 'k': abort = 1; break;
		case 'f': filter = optarg; break;
		case 'w': wait = strtoul(optarg, NULL, 0); break;
		case 'N': net_order = 1; break;
		case 'a': show_details = 1; break;
		case 'L': dst_len = strtoul(optarg, NULL, 0); break;
		case 'F': dst_family = AF_INET; break;
		case 'U': no_dst = 1; have_dst = 1; break;
		case 'q': numbered = 1; break;
		case 'I': importance = atoi(optarg); break;
		case 'B': mcast_method = TIPC_MCAST_BROADCAST; break;
		case 'R': mcast_method = TIPC_MCAST_REPLICAST; break;
		case 'H': hold_open = 1; break;
		case 'E': echo = 1; break;
		case 'i': pace_us = strtoul(optarg, NULL, 0); break;
		case 'P': show_ref = 1; break;
		case 'S': silent = 1; break;
		default: goto usage;
		}
	}
	if (!strcmp(argv[1], "name"))
		return cmd_name(type);
	if (!strcmp(argv[1], "opts"))
		return cmd_opts(type);
	if (!strcmp(argv[1], "bind"))
		return cmd_bind(type, argc - optind, argv + optind);
	if (!strcmp(argv[1], "hold"))
		return cmd_hold(argc - optind, argv + optind);
	if (!strcmp(argv[1], "server") && nranges)
		return cmd_server(type, ranges, nranges, count, ready);
	if (!strcmp(argv[1], "subscribe") && nranges) {
		if (type == SOCK_RDM)
			type = SOCK_SEQPACKET;
		return cmd_subscribe(type, ranges[0], filter, wait, count,
				     net_order, ready);
	}
	if (!strcmp(argv[1], "bounce") && have_dst)
		return cmd_bounce(&dst, size);
	if (!strcmp(argv[1], "client") && have_dst)
		return cmd_client(type, &dst, size, count, implicit, abort);
usage:
	fprintf(stderr, "usage: see the top of tipc_sock.c\n");
	return 2;
}
