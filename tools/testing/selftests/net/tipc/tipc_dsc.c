// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_dsc: capture TIPC discovery frames for the selftests.
 *
 *   tipc_dsc IFNAME SECONDS [-o FILE]
 *	open an AF_PACKET socket for EtherType 0x88CA on IFNAME (frames
 *	sent and received), write "ready" to FILE once it listens, and for
 *	SECONDS print one line per frame, fields as "name=value"
 *	(ETH_P_ALL, filtered here: a socket bound to one EtherType does not
 *	see what the host sends):
 *	dir (in|out) dmac smac len ver user hsize size nonseq mtype caps
 *	sig ddom prev netid mtypebyte maddr mrest hash sugg id idaddr
 *	where maddr is the 6 address bytes of the media info, mtypebyte
 *	its byte 3, mrest "zero" if every other byte of the 32 is zero,
 *	id the 16 identity bytes in hex and idaddr the address derived
 *	from them (the XOR of the four words, or their OR if that is 0).
 *	Frames shorter than a 60-byte header print "short len=N".
 *   tipc_dsc -r INIF OUTIF forge|replay COUNT
 *	take the first discovery request that comes in on INIF (within 30 s:
 *	requests follow the sender's address trial),
 *	change it and send it COUNT times on OUTIF, 50 ms apart, from
 *	OUTIF's MAC address (also put in the media info): "forge" keeps
 *	the identity and flips bits of the proof (word 13), "replay" keeps
 *	the proof and claims identity "gamma" (and its address). Prints
 *	"sent COUNT id=... hash=..." with the identity and proof sent.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ETH_P_TIPC_FRAME	0x88CA

static uint32_t word(const unsigned char *p, int w)
{
	uint32_t v;

	memcpy(&v, p + 4 * w, 4);
	return ntohl(v);
}

static uint32_t bits(uint32_t v, int lsb, int width)
{
	return (v >> lsb) & ((1u << width) - 1);
}

static void print_mac(const char *name, const unsigned char *m)
{
	printf(" %s=%02x:%02x:%02x:%02x:%02x:%02x", name, m[0], m[1], m[2],
	       m[3], m[4], m[5]);
}

static void print_id(const unsigned char *id)
{
	uint32_t x = 0, o = 0;
	int i;

	printf(" id=");
	for (i = 0; i < 16; i++)
		printf("%02x", id[i]);
	for (i = 0; i < 4; i++) {
		x ^= word(id, i);
		o |= word(id, i);
	}
	printf(" idaddr=%x", x ? x : o);
}

static void print_frame(const unsigned char *f, int len, int outgoing)
{
	const unsigned char *m = f + ETH_HLEN, *info;
	int i, rest = 1;

	if (len < ETH_HLEN + 60) {
		printf("short len=%d\n", len);
		return;
	}
	printf("dir=%s", outgoing ? "out" : "in");
	print_mac("dmac", f);
	print_mac("smac", f + 6);
	printf(" len=%d ver=%u user=%u hsize=%u size=%u nonseq=%u",
	       len - ETH_HLEN, bits(word(m, 0), 29, 3), bits(word(m, 0), 25, 4),
	       4 * bits(word(m, 0), 21, 4), bits(word(m, 0), 0, 17),
	       bits(word(m, 0), 20, 1));
	printf(" mtype=%u caps=0x%x sig=0x%x ddom=%x prev=%x netid=%u",
	       bits(word(m, 1), 29, 3), bits(word(m, 1), 15, 13),
	       bits(word(m, 1), 0, 16), word(m, 2), word(m, 3), word(m, 4));
	info = m + 20;
	for (i = 0; i < 32; i++)
		if ((i < 3 || i > 9) && info[i])
			rest = 0;
	printf(" mtypebyte=%u", info[3]);
	print_mac("maddr", info + 4);
	printf(" mrest=%s hash=%x sugg=%x", rest ? "zero" : "nonzero",
	       word(m, 13), word(m, 14));
	if (len >= ETH_HLEN + 76)
		print_id(m + 60);
	printf("\n");
}

static int open_raw(const char *ifname, struct sockaddr_ll *sll)
{
	int sd;

	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = htons(ETH_P_ALL);
	sll->sll_ifindex = if_nametoindex(ifname);
	if (!sll->sll_ifindex) {
		perror(ifname);
		exit(1);
	}
	sd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (sd < 0 || bind(sd, (struct sockaddr *)sll, sizeof(*sll))) {
		perror("AF_PACKET");
		exit(1);
	}
	return sd;
}

/* A discovery request, not a trial */
static int is_discovery(const unsigned char *f, int len)
{
	return len >= ETH_HLEN + 76 && f[12] == ETH_P_TIPC_FRAME >> 8 &&
	       f[13] == (ETH_P_TIPC_FRAME & 0xff) &&
	       bits(word(f + ETH_HLEN, 0), 25, 4) == 13 &&
	       bits(word(f + ETH_HLEN, 1), 29, 3) == 0;
}

static void put_word(unsigned char *p, int w, uint32_t v)
{
	v = htonl(v);
	memcpy(p + 4 * w, &v, 4);
}

/* -r: capture on @in, change, send on @out */
static int replay(const char *in, const char *out, const char *how, int n)
{
	unsigned char f[2048], *m = f + ETH_HLEN, id[16] = "gamma";
	struct sockaddr_ll sll, oll;
	struct ifreq ifr = { 0 };
	struct pollfd pfd;
	int sd, od, len = 0, i;
	time_t end = time(NULL) + 30;
	uint32_t x = 0;

	sd = open_raw(in, &sll);
	od = open_raw(out, &oll);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", out);
	if (ioctl(od, SIOCGIFHWADDR, &ifr)) {
		perror("SIOCGIFHWADDR");
		return 1;
	}
	pfd.fd = sd;
	pfd.events = POLLIN;
	while (!is_discovery(f, len) || sll.sll_pkttype == PACKET_OUTGOING) {
		socklen_t alen = sizeof(sll);

		if (time(NULL) > end) {
			fprintf(stderr, "no discovery frame on %s\n", in);
			return 1;
		}
		len = 0;
		if (poll(&pfd, 1, 100) > 0)
			len = recvfrom(sd, f, sizeof(f), 0,
				       (struct sockaddr *)&sll, &alen);
	}
	memcpy(f + 6, ifr.ifr_hwaddr.sa_data, 6);
	memcpy(m + 24, ifr.ifr_hwaddr.sa_data, 6);
	if (!strcmp(how, "forge")) {
		put_word(m, 13, word(m, 13) ^ 0x5a5a5a5a);
	} else {
		memcpy(m + 60, id, 16);
		for (i = 0; i < 4; i++)
			x ^= word(id, i);
		put_word(m, 3, x);
	}
	for (i = 0; i < n; i++) {
		if (send(od, f, len, 0) != len) {
			perror("send");
			return 1;
		}
		usleep(50000);
	}
	printf("sent %d", n);
	print_id(m + 60);
	printf(" hash=%x\n", word(m, 13));
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned char frame[2048];
	struct pollfd pfd;
	time_t end;
	FILE *ready;
	int sd, len;

	if (argc == 6 && !strcmp(argv[1], "-r"))
		return replay(argv[2], argv[3], argv[4], atoi(argv[5]));
	if (argc != 3 && !(argc == 5 && !strcmp(argv[3], "-o"))) {
		fprintf(stderr, "usage: %s IFNAME SECONDS [-o FILE]\n", argv[0]);
		return 2;
	}
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex) {
		perror(argv[1]);
		return 1;
	}
	sd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (sd < 0 || bind(sd, (struct sockaddr *)&sll, sizeof(sll))) {
		perror("AF_PACKET");
		return 1;
	}
	if (argc == 5) {
		ready = fopen(argv[4], "w");
		if (!ready) {
			perror(argv[4]);
			return 1;
		}
		fprintf(ready, "ready\n");
		fclose(ready);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	end = time(NULL) + atoi(argv[2]);
	pfd.fd = sd;
	pfd.events = POLLIN;
	while (time(NULL) < end) {
		socklen_t alen = sizeof(sll);

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		len = recvfrom(sd, frame, sizeof(frame), 0,
			       (struct sockaddr *)&sll, &alen);
		if (len < 0)
			break;
		if (len < ETH_HLEN ||
		    frame[12] != ETH_P_TIPC_FRAME >> 8 ||
		    frame[13] != (ETH_P_TIPC_FRAME & 0xff))
			continue;
		print_frame(frame, len, sll.sll_pkttype == PACKET_OUTGOING);
	}
	close(sd);
	return 0;
}
