/*
 * conn.c - the ends of a pipe that carries whole messages (see conn.h for
 * each contract).
 *
 * YOUR FILE: choose what an end is made of (struct conn), then write the
 * functions between the markers.  Keep the contracts in conn.h: return -1
 * with errno on error; never print, never exit.
 *
 * Helpers of yours should be `static`: only the functions the header
 * declares may be global.  The grader makes any other global name of
 * this file local (and notes it, ungraded); a global named like one of
 * the C library or the test runner (write, printf, malloc, main,
 * srunner_run_all ...) is refused: the lab would score 0.
 *
 * The kernel moves bytes, not messages.  A pipe or a stream socket is a
 * river: two writes of 1 byte may come out as one read of 2, one write of
 * 1 MiB as many reads, and a write may itself stop part way (a signal
 * arrived once some bytes were in; the other side is slow).  So each
 * message goes out as a 4-byte big-endian length and then its bytes, as
 * Python's Connection does, and the reader reads exactly 4 bytes, then
 * exactly that many.  "Exactly" means a loop: read(2) and write(2) may
 * do less than asked, and -1 with EINTR means "nothing yet, ask again".
 *
 * Fast in the common case: one writev(2) sends the length and the bytes
 * together (no copy into a bigger buffer, one system call), and a
 * receive is one read for the length, one for the bytes.  The loops only
 * go round again when the kernel did less.
 *
 * Duplex is socketpair(AF_UNIX, SOCK_STREAM): one descriptor that reads
 * and writes at each end.  One-way is pipe(2), as in Python.  Both are
 * made close-on-exec, as Python makes them: fork keeps them, exec not.
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
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* BEGIN STUDENT CODE */
struct conn {
	int fd;                 /* the socket or pipe end; -1 once closed */
	int readable;           /* receives: duplex, or a one-way reader */
	int writable;           /* sends: duplex, or a one-way writer */
};

#define HEADER 4                /* bytes of length before each message */

/*
 * Write the iovecs v[0..cnt) completely.  writev may write less than
 * asked (a signal once some bytes were in): skip what went, go again.
 */
static int writev_all(int fd, struct iovec *v, int cnt)
{
	while (cnt > 0) {
		ssize_t w = writev(fd, v, cnt);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		while (cnt > 0 && (size_t)w >= v->iov_len) {
			w -= v->iov_len;        /* this one went whole */
			v++;
			cnt--;
		}
		if (cnt > 0) {                  /* this one went in part */
			v->iov_base = (char *)v->iov_base + w;
			v->iov_len -= w;
		}
	}
	return 0;
}

/*
 * Read exactly n bytes unless the end of file comes first.  Returns how
 * many were read (less than n only at the end of file), or -1.
 */
static ssize_t read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;                  /* end of file */
		got += r;
	}
	return got;
}

static struct conn *conn_new(int fd, int readable, int writable)
{
	struct conn *c = malloc(sizeof *c);

	if (c != NULL) {
		c->fd = fd;
		c->readable = readable;
		c->writable = writable;
	}
	return c;
}

/* Python's _bad_message_length: a duplex end stops reading, a reader closes. */
static void bad_length(struct conn *c)
{
	c->readable = 0;
	if (!c->writable) {
		close(c->fd);
		c->fd = -1;
	}
}
/* STUB:
struct conn {
	int todo;
};
END STUDENT CODE */

int conn_pipe(struct conn **c1, struct conn **c2, int duplex)
{
	/* BEGIN STUDENT CODE */
	int fd[2], saved, r;

	r = duplex ? socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd)
		   : pipe2(fd, O_CLOEXEC);
	if (r < 0)
		return -1;
	/* pipe2: fd[0] reads, fd[1] writes; c1 is the reader, as in Python */
	*c1 = conn_new(fd[0], 1, duplex);
	*c2 = conn_new(fd[1], duplex, 1);
	if (*c1 == NULL || *c2 == NULL) {
		saved = errno;
		free(*c1);
		free(*c2);
		close(fd[0]);
		close(fd[1]);
		errno = saved;
		return -1;
	}
	return 0;
	/* STUB:
	(void)c1;
	(void)c2;
	(void)duplex;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}

/* Provided: the whole buffer, as one message. */
int conn_send(struct conn *c, const void *buf, size_t len)
{
	return conn_send_bytes(c, buf, len, 0, len);
}

int conn_send_bytes(struct conn *c, const void *buf, size_t len,
		    size_t offset, size_t size)
{
	/* BEGIN STUDENT CODE */
	unsigned char header[HEADER];
	struct iovec v[2];

	if (!c->writable || c->fd < 0) {
		errno = EBADF;
		return -1;
	}
	/* Written so that nothing can overflow: offset <= len first. */
	if (offset > len || size > len - offset) {
		errno = EINVAL;
		return -1;
	}
	if (size > CONN_MAX_SIZE) {
		errno = EMSGSIZE;
		return -1;
	}
	header[0] = size >> 24;         /* big-endian, "network order" */
	header[1] = size >> 16;
	header[2] = size >> 8;
	header[3] = size;
	v[0].iov_base = header;
	v[0].iov_len = HEADER;
	v[1].iov_base = (char *)buf + offset;
	v[1].iov_len = size;
	return writev_all(c->fd, v, 2);
	/* STUB:
	(void)c;
	(void)buf;
	(void)len;
	(void)offset;
	(void)size;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}

ssize_t conn_recv(struct conn *c, void *buf, size_t max)
{
	/* BEGIN STUDENT CODE */
	unsigned char header[HEADER];
	ssize_t got;
	uint32_t size;

	if (!c->readable || c->fd < 0) {
		errno = EBADF;
		return -1;
	}
	if ((got = read_full(c->fd, header, HEADER)) < 0)
		return -1;
	if (got == 0)
		return CONN_EOF;        /* between messages: a clean end */
	if (got < HEADER) {
		errno = EPROTO;         /* the end came inside a length */
		return -1;
	}
	size = (uint32_t)header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3];
	if (size > CONN_MAX_SIZE) {
		errno = EPROTO;         /* not a length this side ever sends */
		return -1;
	}
	if (size > max) {
		/* Its bytes stay in the pipe: no later recv could find the
		   next length, so this end reads no more (as Python). */
		bad_length(c);
		errno = EMSGSIZE;
		return -1;
	}
	if ((got = read_full(c->fd, buf, size)) < 0)
		return -1;
	if ((size_t)got < size) {
		errno = EPROTO;         /* the end came inside a message */
		return -1;
	}
	return size;
	/* STUB:
	(void)c;
	(void)buf;
	(void)max;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}

/*
 * poll(2) says whether a read would not block -- a byte is there, or the
 * end of file -- and reads nothing.  Its timeout is relative, so after a
 * signal the time left is worked out again from a deadline taken once on
 * the monotonic clock: a signal never makes the wait shorter or longer.
 */
int conn_poll(struct conn *c, double timeout_units)
{
	/* BEGIN STUDENT CODE */
	struct pollfd p;
	double deadline = 0, left;
	int r, ms;

	if (!c->readable || c->fd < 0) {
		errno = EBADF;
		return -1;
	}
	if (timeout_units != NO_TIMEOUT)
		deadline = now_units() + (timeout_units > 0 ? timeout_units : 0);
	for (;;) {
		ms = -1;                        /* NO_TIMEOUT: as long as it takes */
		if (timeout_units != NO_TIMEOUT) {
			left = (deadline - now_units()) * unit_ms();
			/* round up: never give up early */
			ms = left <= 0 ? 0 : left > 1e9 ? 1000000000 : (int)ceil(left);
		}
		p.fd = c->fd;
		p.events = POLLIN;
		p.revents = 0;
		r = poll(&p, 1, ms);
		if (r > 0)
			return 1;               /* POLLIN, POLLHUP (end of file) ... */
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0 && ms == 0)
			return 0;
	}
	/* STUB:
	(void)c;
	(void)timeout_units;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}

int conn_fileno(struct conn *c)
{
	/* BEGIN STUDENT CODE */
	if (c->fd < 0)
		errno = EBADF;
	return c->fd;
	/* STUB:
	(void)c;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}

int conn_close(struct conn *c)
{
	/* BEGIN STUDENT CODE */
	int r = 0;

	/* No retry on EINTR: on Linux the descriptor is gone either way. */
	if (c->fd >= 0)
		r = close(c->fd);
	free(c);
	return r;
	/* STUB:
	(void)c;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}
