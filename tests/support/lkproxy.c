/* lkproxy: a single-threaded poll() TCP proxy that delays every byte a fixed time each way and cuts all on SIGUSR1. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/tcp.h> /* struct tcp_info with tcpi_bytes_acked */
#else
#include <netinet/tcp.h>
#endif

#define LKP_MAX_CONNS 64            /* open client connections at once */
#define LKP_SEGS 2048               /* reads queued per direction */
#define LKP_DEFAULT_BUF (256 * 1024) /* bytes queued per direction */

/* One read from the source, due at the destination at `due` (ms, monotonic). */
struct seg {
	uint64_t due;
	size_t len;
};

/* One direction of a connection: a ring of bytes, cut into timed segments. */
struct lane {
	uint8_t *buf;
	size_t cap, head, len;
	struct seg seg[LKP_SEGS];
	size_t shead, nseg;
	int eof;          /* the source has closed its side */
	uint64_t eof_due; /* when that close reaches the destination */
	int shut;         /* the destination's write side is shut */
	uint64_t sent;    /* bytes written to the destination */
};

struct conn {
	int used;
	int cfd, sfd;   /* client side, server (target) side */
	int connecting; /* the connect to the target is under way */
	struct lane up; /* client to server */
	struct lane down;
	int pc, ps;     /* their slots in this round's poll array */
};

static struct {
	int delay_ms;
	size_t buf;
	int lfd;
	struct sockaddr_storage target;
	socklen_t target_len;
	const char *target_text;
	struct conn conns[LKP_MAX_CONNS];
	int nconns;
	uint64_t up_bytes, down_bytes, accepted, cuts, dropped;
	uint64_t up_acked, down_acked; /* of those, acknowledged by the receiving end */
	int sigpipe[2];
} s_p;

static uint64_t s_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void s_usage(void)
{
	fprintf(stderr, "usage: lkproxy LISTEN_ADDR:PORT TARGET_ADDR:PORT [--delay-ms N] [--buffer-kb N]\n"
	                "  Forwards TCP connections, holding every byte back for N ms in each direction.\n"
	                "  SIGUSR1 cuts every open connection (it keeps listening); SIGTERM prints the\n"
	                "  bytes forwarded each way and exits 0.\n");
}

/* Resolve "HOST:PORT" or "[V6]:PORT" into addr; 0 or -1 with the reason on stderr. */
static int s_resolve(const char *text, struct sockaddr_storage *addr, socklen_t *len)
{
	char host[256];
	const char *colon = strrchr(text, ':'), *h = text;
	size_t hl;
	if (colon == NULL || colon[1] == '\0') {
		fprintf(stderr, "lkproxy: \"%s\" is not ADDR:PORT\n", text);
		return -1;
	}
	hl = (size_t)(colon - text);
	if (hl >= 2 && text[0] == '[' && text[hl - 1] == ']') {
		h = text + 1;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof host) {
		fprintf(stderr, "lkproxy: \"%s\" has no usable address\n", text);
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	int rc = getaddrinfo(host, colon + 1, &hints, &res);
	if (rc != 0 || res == NULL) {
		fprintf(stderr, "lkproxy: cannot resolve \"%s\": %s\n", text, gai_strerror(rc));
		return -1;
	}
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static int s_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ? -1 : 0;
}

static void s_nodelay(int fd)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* ---------------------------------------------------------------- signals */

static void s_on_signal(int sig)
{
	int saved = errno;
	char c = sig == SIGUSR1 ? 'c' : 't';
	if (write(s_p.sigpipe[1], &c, 1) < 0) {
		/* the pipe is full: enough wake-ups are already waiting */
	}
	errno = saved;
}

static int s_signals(void)
{
	struct sigaction sa;
	if (pipe(s_p.sigpipe) != 0 || s_nonblock(s_p.sigpipe[0]) != 0 || s_nonblock(s_p.sigpipe[1]) != 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = s_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGUSR1, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0 ||
	    sigaction(SIGINT, &sa, NULL) != 0)
		return -1;
	sa.sa_handler = SIG_IGN;
	return sigaction(SIGPIPE, &sa, NULL);
}

/* ---------------------------------------------------------------- lanes */

static int s_lane_init(struct lane *l)
{
	memset(l, 0, sizeof *l);
	l->cap = s_p.buf;
	l->buf = malloc(l->cap);
	return l->buf ? 0 : -1;
}

/* Room for another read: bytes and a segment slot. */
static int s_lane_room(const struct lane *l)
{
	return !l->eof && l->len < l->cap && l->nseg < LKP_SEGS;
}

/* The head segment is due by now. */
static int s_lane_due(const struct lane *l, uint64_t now)
{
	return l->nseg > 0 && l->seg[l->shead].due <= now;
}

/* Read what the source offers into l, stamped now + delay. 0 on progress or
 * nothing to read, 1 at EOF, -1 on error. */
static int s_lane_fill(struct lane *l, int fd, uint64_t now)
{
	if (!s_lane_room(l))
		return 0;
	size_t tail = (l->head + l->len) % l->cap;
	size_t space = l->cap - l->len;
	if (space > l->cap - tail)
		space = l->cap - tail; /* the contiguous part; the rest on a later round */
	ssize_t n = read(fd, l->buf + tail, space);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	if (n == 0) {
		l->eof = 1;
		l->eof_due = now + (uint64_t)s_p.delay_ms;
		return 1;
	}
	uint64_t due = now + (uint64_t)s_p.delay_ms;
	size_t last = (l->shead + l->nseg + LKP_SEGS - 1) % LKP_SEGS;
	if (l->nseg > 0 && l->seg[last].due == due) {
		l->seg[last].len += (size_t)n;
	} else {
		size_t slot = (l->shead + l->nseg) % LKP_SEGS;
		l->seg[slot].due = due;
		l->seg[slot].len = (size_t)n;
		l->nseg++;
	}
	l->len += (size_t)n;
	return 0;
}

/* Write the due bytes of l to fd, counting them in *count; 0, or -1 when the destination failed. */
static int s_lane_drain(struct lane *l, int fd, uint64_t now, uint64_t *count)
{
	while (s_lane_due(l, now)) {
		struct seg *sg = &l->seg[l->shead];
		size_t n = sg->len;
		if (n > l->cap - l->head)
			n = l->cap - l->head;
		ssize_t w = send(fd, l->buf + l->head, n, MSG_NOSIGNAL);
		if (w < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
		l->head = (l->head + (size_t)w) % l->cap;
		l->len -= (size_t)w;
		sg->len -= (size_t)w;
		*count += (uint64_t)w;
		l->sent += (uint64_t)w;
		if (sg->len == 0) {
			l->shead = (l->shead + 1) % LKP_SEGS;
			l->nseg--;
		}
		if ((size_t)w < n)
			return 0;
	}
	if (l->eof && l->len == 0 && !l->shut && l->eof_due <= now) {
		shutdown(fd, SHUT_WR);
		l->shut = 1;
	}
	return 0;
}

/* The next moment l needs a timer (a segment or a close not yet due), or
 * UINT64_MAX; due bytes wait for POLLOUT instead. */
static uint64_t s_lane_wake(const struct lane *l, uint64_t now)
{
	if (l->nseg > 0)
		return l->seg[l->shead].due > now ? l->seg[l->shead].due : UINT64_MAX;
	if (l->eof && !l->shut && l->eof_due > now)
		return l->eof_due;
	return UINT64_MAX;
}

/* ---------------------------------------------------------------- connections */

/* Close fd so that the peer sees a reset, not an orderly end. */
static void s_abort_fd(int fd)
{
	struct linger lg = {1, 0};
	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(fd);
}

/* Bytes of a socket's output that its peer acknowledged, SYN and FIN left out (0 where unknown). */
static uint64_t s_acked(int fd, int active_open, uint64_t sent)
{
	uint64_t n = 0;
#ifdef __linux__
	struct tcp_info ti;
	socklen_t len = sizeof ti;
	memset(&ti, 0, sizeof ti);
	if (fd >= 0 && getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
	    len >= offsetof(struct tcp_info, tcpi_bytes_acked) + sizeof ti.tcpi_bytes_acked)
		n = ti.tcpi_bytes_acked;
	/* Linux counts the SYN of a connection it opened, and a FIN. */
	if (active_open && n > 0)
		n--;
#else
	(void)fd;
	(void)active_open;
#endif
	return n < sent ? n : sent;
}

static void s_conn_close(struct conn *c, int abortive)
{
	/* What was written but never acknowledged is what a cut really loses. */
	if (!c->connecting)
		s_p.up_acked += s_acked(c->sfd, 1, c->up.sent);
	s_p.down_acked += s_acked(c->cfd, 0, c->down.sent);
	if (abortive) {
		s_abort_fd(c->cfd);
		s_abort_fd(c->sfd);
	} else {
		close(c->cfd);
		if (c->sfd >= 0)
			close(c->sfd);
	}
	free(c->up.buf);
	free(c->down.buf);
	memset(c, 0, sizeof *c);
	s_p.nconns--;
}

static void s_accept(void)
{
	for (;;) {
		int fd = accept(s_p.lfd, NULL, NULL);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
				fprintf(stderr, "lkproxy: accept: %s\n", strerror(errno));
			return;
		}
		struct conn *c = NULL;
		for (int i = 0; i < LKP_MAX_CONNS && c == NULL; i++)
			if (!s_p.conns[i].used)
				c = &s_p.conns[i];
		if (c == NULL) {
			fprintf(stderr, "lkproxy: %d connections are open already; refusing another\n", LKP_MAX_CONNS);
			close(fd);
			continue;
		}
		memset(c, 0, sizeof *c);
		c->cfd = fd;
		c->sfd = -1;
		if (s_nonblock(fd) != 0 || s_lane_init(&c->up) != 0 || s_lane_init(&c->down) != 0) {
			fprintf(stderr, "lkproxy: cannot set up a connection: %s\n", strerror(errno));
			free(c->up.buf);
			free(c->down.buf);
			close(fd);
			continue;
		}
		c->used = 1;
		s_p.nconns++;
		s_p.accepted++;
		s_nodelay(fd);
		c->sfd = socket(s_p.target.ss_family, SOCK_STREAM, 0);
		if (c->sfd < 0 || s_nonblock(c->sfd) != 0) {
			fprintf(stderr, "lkproxy: socket: %s\n", strerror(errno));
			s_conn_close(c, 1);
			continue;
		}
		s_nodelay(c->sfd);
		if (connect(c->sfd, (struct sockaddr *)&s_p.target, s_p.target_len) == 0)
			c->connecting = 0;
		else if (errno == EINPROGRESS)
			c->connecting = 1;
		else {
			fprintf(stderr, "lkproxy: cannot connect to %s: %s\n", s_p.target_text, strerror(errno));
			s_conn_close(c, 1);
		}
	}
}

/* SIGUSR1: every open connection is reset at once; queued bytes are lost. */
static void s_cut(void)
{
	int n = 0;
	uint64_t lost = 0;
	for (int i = 0; i < LKP_MAX_CONNS; i++) {
		struct conn *c = &s_p.conns[i];
		if (!c->used)
			continue;
		lost += c->up.len + c->down.len;
		s_conn_close(c, 1);
		n++;
	}
	s_p.cuts++;
	s_p.dropped += lost;
	fprintf(stderr, "lkproxy: cut %d connections, %" PRIu64 " queued bytes lost; so far %" PRIu64
	                " bytes client->server, %" PRIu64 " bytes server->client forwarded, %" PRIu64 " and %" PRIu64
	                " acknowledged\n",
	        n, lost, s_p.up_bytes, s_p.down_bytes, s_p.up_acked, s_p.down_acked);
}

/* Handle the events of one connection; the connection may be closed on return. */
static void s_serve(struct conn *c, const struct pollfd *fds, uint64_t now)
{
	short cev = c->pc >= 0 ? fds[c->pc].revents : 0;
	short sev = c->ps >= 0 ? fds[c->ps].revents : 0;

	if (c->connecting && (sev & (POLLOUT | POLLERR | POLLHUP))) {
		int err = 0;
		socklen_t el = sizeof err;
		if (getsockopt(c->sfd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
			err = errno;
		if (err != 0) {
			fprintf(stderr, "lkproxy: cannot connect to %s: %s\n", s_p.target_text, strerror(err));
			s_conn_close(c, 1);
			return;
		}
		c->connecting = 0;
		sev = 0;
	}
	if ((cev & (POLLIN | POLLHUP | POLLERR)) && s_lane_fill(&c->up, c->cfd, now) < 0) {
		s_conn_close(c, 1);
		return;
	}
	if (!c->connecting && (sev & (POLLIN | POLLHUP | POLLERR)) && s_lane_fill(&c->down, c->sfd, now) < 0) {
		s_conn_close(c, 1);
		return;
	}
	if (!c->connecting && s_lane_drain(&c->up, c->sfd, now, &s_p.up_bytes) != 0) {
		s_conn_close(c, 1);
		return;
	}
	if (s_lane_drain(&c->down, c->cfd, now, &s_p.down_bytes) != 0) {
		s_conn_close(c, 1);
		return;
	}
	if (c->up.shut && c->down.shut)
		s_conn_close(c, 0);
}

/* ---------------------------------------------------------------- main */

static int s_listen(const char *text)
{
	struct sockaddr_storage a;
	socklen_t al;
	int one = 1;
	if (s_resolve(text, &a, &al) != 0)
		return -1;
	int fd = socket(a.ss_family, SOCK_STREAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, (struct sockaddr *)&a, al) != 0 || listen(fd, 64) != 0 || s_nonblock(fd) != 0) {
		fprintf(stderr, "lkproxy: cannot listen on %s: %s\n", text, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int s_parse_int(const char *text, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	const char *listen_text = NULL;
	long v;
	s_p.buf = LKP_DEFAULT_BUF;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			s_usage();
			return 0;
		} else if (!strcmp(argv[i], "--delay-ms") && i + 1 < argc) {
			if (s_parse_int(argv[++i], 0, 60000, &v) != 0) {
				fprintf(stderr, "lkproxy: --delay-ms takes 0 to 60000, not \"%s\"\n", argv[i]);
				return 2;
			}
			s_p.delay_ms = (int)v;
		} else if (!strcmp(argv[i], "--buffer-kb") && i + 1 < argc) {
			if (s_parse_int(argv[++i], 1, 65536, &v) != 0) {
				fprintf(stderr, "lkproxy: --buffer-kb takes 1 to 65536, not \"%s\"\n", argv[i]);
				return 2;
			}
			s_p.buf = (size_t)v * 1024;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "lkproxy: unknown option %s\n", argv[i]);
			s_usage();
			return 2;
		} else if (listen_text == NULL) {
			listen_text = argv[i];
		} else if (s_p.target_text == NULL) {
			s_p.target_text = argv[i];
		} else {
			s_usage();
			return 2;
		}
	}
	if (listen_text == NULL || s_p.target_text == NULL) {
		s_usage();
		return 2;
	}
	if (s_resolve(s_p.target_text, &s_p.target, &s_p.target_len) != 0)
		return 1;
	if (s_signals() != 0) {
		fprintf(stderr, "lkproxy: cannot set up signals: %s\n", strerror(errno));
		return 1;
	}
	if ((s_p.lfd = s_listen(listen_text)) < 0)
		return 1;
	fprintf(stderr, "lkproxy: listening on %s, forwarding to %s with %d ms one-way delay\n", listen_text,
	        s_p.target_text, s_p.delay_ms);

	struct pollfd fds[2 + 2 * LKP_MAX_CONNS];
	for (;;) {
		uint64_t now = s_now(), wake = UINT64_MAX;
		int n = 0;
		fds[n++] = (struct pollfd){s_p.sigpipe[0], POLLIN, 0};
		fds[n++] = (struct pollfd){s_p.lfd, s_p.nconns < LKP_MAX_CONNS ? POLLIN : 0, 0};
		for (int i = 0; i < LKP_MAX_CONNS; i++) {
			struct conn *c = &s_p.conns[i];
			if (!c->used)
				continue;
			short ce = 0, se = 0;
			if (s_lane_room(&c->up))
				ce |= POLLIN;
			if (s_lane_due(&c->down, now))
				ce |= POLLOUT;
			if (c->connecting)
				se |= POLLOUT;
			else {
				if (s_lane_room(&c->down))
					se |= POLLIN;
				if (s_lane_due(&c->up, now))
					se |= POLLOUT;
			}
			/* A socket with nothing wanted is left out: a hung-up one would wake poll at once. */
			c->pc = n;
			fds[n++] = (struct pollfd){ce ? c->cfd : -1, ce, 0};
			c->ps = n;
			fds[n++] = (struct pollfd){se ? c->sfd : -1, se, 0};
			uint64_t w = c->connecting ? UINT64_MAX : s_lane_wake(&c->up, now);
			uint64_t w2 = s_lane_wake(&c->down, now);
			if (w2 < w)
				w = w2;
			if (w < wake)
				wake = w;
		}
		int timeout = -1;
		if (wake != UINT64_MAX)
			timeout = wake <= now ? 0 : wake - now > INT_MAX ? INT_MAX : (int)(wake - now);
		if (poll(fds, (nfds_t)n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "lkproxy: poll: %s\n", strerror(errno));
			return 1;
		}
		if (fds[0].revents & POLLIN) {
			char sig[16];
			ssize_t got = read(s_p.sigpipe[0], sig, sizeof sig);
			for (ssize_t i = 0; i < got; i++) {
				if (sig[i] == 'c') {
					s_cut();
				} else {
					for (int k = 0; k < LKP_MAX_CONNS; k++)
						if (s_p.conns[k].used)
							s_conn_close(&s_p.conns[k], 1);
					close(s_p.lfd);
					fprintf(stderr, "lkproxy: forwarded %" PRIu64 " bytes client->server, %" PRIu64
					                " bytes server->client; %" PRIu64 " and %" PRIu64
					                " acknowledged by the receiver; %" PRIu64 " connections, %" PRIu64
					                " cuts, %" PRIu64 " queued bytes lost to cuts\n",
					        s_p.up_bytes, s_p.down_bytes, s_p.up_acked, s_p.down_acked, s_p.accepted, s_p.cuts,
					        s_p.dropped);
					return 0;
				}
			}
			if (got > 0)
				continue; /* the poll array is stale after a cut */
		}
		now = s_now();
		for (int i = 0; i < LKP_MAX_CONNS; i++)
			if (s_p.conns[i].used)
				s_serve(&s_p.conns[i], fds, now);
		if (fds[1].revents & POLLIN)
			s_accept();
	}
}
