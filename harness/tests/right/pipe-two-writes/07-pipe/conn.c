/*
 * RIGHT (test data): a correct conn.c written unlike the reference: the
 * length and the bytes go out as two separate write(2) loops (no writev,
 * no copy), one helper moves exactly n bytes either way, ppoll(2) with
 * NULL for NO_TIMEOUT and a timespec deadline otherwise.
 */
#define _GNU_SOURCE
#include "conn.h"
#include "proclab.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum { CAN_READ = 1, CAN_WRITE = 2, BROKEN = 4 };

struct conn {
	int fd;
	unsigned flags;
};

/*
 * Move exactly n bytes through fd, in the direction given, going round
 * on EINTR and short counts.  Returns n, or fewer at the end of file
 * (reading only), or -1 with errno.
 */
static ssize_t xfer(int fd, void *buf, size_t n, int writing)
{
	char *p = buf;
	size_t done = 0;

	while (done < n) {
		ssize_t k = writing ? write(fd, p + done, n - done)
				    : read(fd, p + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;     /* only read returns 0: the end of file */
		done += (size_t)k;
	}
	return (ssize_t)done;
}

static int readable(const struct conn *c)
{
	return (c->flags & CAN_READ) && !(c->flags & BROKEN);
}

int conn_pipe(struct conn **c1, struct conn **c2, int duplex)
{
	int fd[2];
	struct conn *a, *b;

	if (duplex ? socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd)
		   : pipe2(fd, O_CLOEXEC))
		return -1;
	a = calloc(1, sizeof *a);
	b = calloc(1, sizeof *b);
	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		close(fd[0]);
		close(fd[1]);
		errno = ENOMEM;
		return -1;
	}
	a->fd = fd[0];
	b->fd = fd[1];
	a->flags = duplex ? CAN_READ | CAN_WRITE : CAN_READ;
	b->flags = duplex ? CAN_READ | CAN_WRITE : CAN_WRITE;
	*c1 = a;
	*c2 = b;
	return 0;
}

/* Provided: the whole buffer, as one message. */
int conn_send(struct conn *c, const void *buf, size_t len)
{
	return conn_send_bytes(c, buf, len, 0, len);
}

int conn_send_bytes(struct conn *c, const void *buf, size_t len,
		    size_t offset, size_t size)
{
	uint32_t be;
	int err = 0;

	/* The first reason to refuse wins; nothing is sent then. */
	if (!(c->flags & CAN_WRITE))
		err = EBADF;
	else if (offset > len || size > len - offset)
		err = EINVAL;           /* written so that nothing overflows */
	else if (size > CONN_MAX_SIZE)
		err = EMSGSIZE;         /* the 4-byte length cannot say it */
	if (err != 0) {
		errno = err;
		return -1;
	}
	/* Two writes: the length, then the bytes.  Only one process sends
	   on an end at a time (conn.h), so nothing can come between them. */
	be = htonl((uint32_t)size);
	if (xfer(c->fd, &be, 4, 1) < 0)
		return -1;
	if (xfer(c->fd, (char *)buf + offset, size, 1) < 0)
		return -1;
	return 0;
}

ssize_t conn_recv(struct conn *c, void *buf, size_t max)
{
	uint32_t be;
	size_t n;
	ssize_t k;

	if (!readable(c)) {
		errno = EBADF;
		return -1;
	}
	k = xfer(c->fd, &be, 4, 0);
	if (k < 0)
		return -1;
	if (k == 0)
		return CONN_EOF;
	if (k != 4) {
		errno = EPROTO;
		return -1;
	}
	n = ntohl(be);
	if (n > max) {
		c->flags |= BROKEN;
		if (!(c->flags & CAN_WRITE)) {
			/* A read-only end is closed, as Python does. */
			close(c->fd);
			c->fd = -1;
		}
		errno = EMSGSIZE;
		return -1;
	}
	k = xfer(c->fd, buf, n, 0);
	if (k < 0)
		return -1;
	if ((size_t)k != n) {
		errno = EPROTO;
		return -1;
	}
	return (ssize_t)n;
}

/*
 * poll(2) says whether a read would not block -- a byte is there, or the
 * end of file -- and reads nothing.  Its timeout is relative, so after a
 * signal the time left is worked out again from a deadline taken once on
 * the monotonic clock: a signal never makes the wait shorter or longer.
 */
int conn_poll(struct conn *c, double timeout_units)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	struct timespec end, now, left;
	int r;

	if (!readable(c)) {
		errno = EBADF;
		return -1;
	}
	if (timeout_units == NO_TIMEOUT) {
		do
			r = ppoll(&p, 1, NULL, NULL);
		while (r < 0 && errno == EINTR);
		return r < 0 ? -1 : 1;
	}
	if (timeout_units < 0)
		timeout_units = 0;
	if (clock_gettime(CLOCK_MONOTONIC, &end) < 0)
		return -1;
	{
		double ns = timeout_units * unit_ms() * 1e6;

		end.tv_sec += (time_t)(ns / 1e9);
		end.tv_nsec += (long)fmod(ns, 1e9);
		if (end.tv_nsec >= 1000000000L) {
			end.tv_sec++;
			end.tv_nsec -= 1000000000L;
		}
	}
	for (;;) {
		if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
			return -1;
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		if (left.tv_sec < 0)
			left.tv_sec = left.tv_nsec = 0;
		r = ppoll(&p, 1, &left, NULL);
		if (r > 0)
			return 1;
		if (r == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

int conn_fileno(struct conn *c)
{
	if (c->fd < 0) {
		errno = EBADF;
		return -1;
	}
	return c->fd;
}

int conn_close(struct conn *c)
{
	int fd = c->fd;

	free(c);
	if (fd < 0)
		return 0;
	return close(fd);
}
