/*
 * RIGHT (test data): a correct conn.c written unlike the reference: the
 * length packed with htonl/ntohl, a small message copied behind its
 * length into one buffer and written with one write(2) (a big one with
 * writev), recv(2) with MSG_WAITALL on a socket, ppoll(2) with a
 * nanosecond deadline, and the end's abilities in a bit mask.
 */
#define _GNU_SOURCE
#include "conn.h"
#include "proclab.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum { CAN_READ = 1, CAN_WRITE = 2, IS_SOCKET = 4 };
#define SMALL 4096

struct conn {
	int fd;
	unsigned flags;
};

static int put_all(int fd, struct iovec *v, int cnt)
{
	while (cnt > 0) {
		ssize_t n = writev(fd, v, cnt);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		for (; cnt > 0 && (size_t)n >= v->iov_len; v++, cnt--)
			n -= v->iov_len;
		if (cnt > 0) {
			v->iov_base = (char *)v->iov_base + n;
			v->iov_len -= n;
		}
	}
	return 0;
}

/* n bytes, fewer only at the end of file */
static ssize_t get_all(struct conn *c, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = c->flags & IS_SOCKET ?
			recv(c->fd, (char *)buf + got, n - got, MSG_WAITALL) :
			read(c->fd, (char *)buf + got, n - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			return got;
		got += k;
	}
	return got;
}

static struct conn *make(int fd, unsigned flags)
{
	struct conn *c = calloc(1, sizeof *c);

	if (c) {
		c->fd = fd;
		c->flags = flags;
	}
	return c;
}

int conn_pipe(struct conn **c1, struct conn **c2, int duplex)
{
	int fd[2];
	unsigned both = CAN_READ | CAN_WRITE | IS_SOCKET;

	if ((duplex ? socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd) :
	     pipe2(fd, O_CLOEXEC)) != 0)
		return -1;
	*c1 = make(fd[0], duplex ? both : CAN_READ);
	*c2 = make(fd[1], duplex ? both : CAN_WRITE);
	if (!*c1 || !*c2) {
		free(*c1);
		free(*c2);
		close(fd[0]);
		close(fd[1]);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

int conn_send(struct conn *c, const void *buf, size_t len)
{
	return conn_send_bytes(c, buf, len, 0, len);
}

int conn_send_bytes(struct conn *c, const void *buf, size_t len,
		    size_t offset, size_t size)
{
	uint32_t be;
	char small[4 + SMALL];
	struct iovec v[2];

	if (!(c->flags & CAN_WRITE)) {
		errno = EBADF;
		return -1;
	}
	if (len < offset || len - offset < size) {
		errno = EINVAL;
		return -1;
	}
	if (size > CONN_MAX_SIZE) {
		errno = EMSGSIZE;
		return -1;
	}
	be = htonl((uint32_t)size);
	if (size <= SMALL) {            /* one buffer, one write */
		memcpy(small, &be, 4);
		memcpy(small + 4, (const char *)buf + offset, size);
		v[0] = (struct iovec){ small, 4 + size };
		return put_all(c->fd, v, 1);
	}
	v[0] = (struct iovec){ &be, 4 };
	v[1] = (struct iovec){ (char *)buf + offset, size };
	return put_all(c->fd, v, 2);
}

ssize_t conn_recv(struct conn *c, void *buf, size_t max)
{
	uint32_t be;
	size_t size;
	ssize_t k;

	if (!(c->flags & CAN_READ)) {
		errno = EBADF;
		return -1;
	}
	k = get_all(c, &be, 4);
	if (k <= 0)
		return k == 0 ? CONN_EOF : -1;
	if (k < 4) {
		errno = EPROTO;
		return -1;
	}
	size = ntohl(be);
	if (size > CONN_MAX_SIZE) {
		errno = EPROTO;
		return -1;
	}
	if (size > max) {
		c->flags &= ~CAN_READ;
		if (!(c->flags & CAN_WRITE)) {
			close(c->fd);
			c->fd = -1;
		}
		errno = EMSGSIZE;
		return -1;
	}
	k = get_all(c, buf, size);
	if (k < 0)
		return -1;
	if ((size_t)k != size) {
		errno = EPROTO;
		return -1;
	}
	return k;
}

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int conn_poll(struct conn *c, double timeout_units)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	long long end = 0, left;
	int forever = timeout_units == NO_TIMEOUT;

	if (!(c->flags & CAN_READ)) {
		errno = EBADF;
		return -1;
	}
	if (!forever) {
		double ns = timeout_units > 0 ? timeout_units * unit_ms() * 1e6 : 0;

		end = now_ns() + (ns > 4e18 ? (long long)4e18 : (long long)ns);
	}
	for (;;) {
		struct timespec ts;
		int r;

		left = forever ? 0 : end - now_ns();
		if (left < 0)
			left = 0;
		ts.tv_sec = left / 1000000000;
		ts.tv_nsec = left % 1000000000;
		r = ppoll(&p, 1, forever ? NULL : &ts, NULL);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0 && !forever && now_ns() >= end)
			return 0;
	}
}

int conn_fileno(struct conn *c)
{
	if (c->fd < 0)
		errno = EBADF;
	return c->fd;
}

int conn_close(struct conn *c)
{
	int fd = c->fd;

	free(c);
	return fd < 0 ? 0 : close(fd);
}
