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

/* ===== YOUR CODE HERE: replace the stub below ===== */
struct conn {
	int todo;
};
/* ===== END OF YOUR CODE ===== */

int conn_pipe(struct conn **c1, struct conn **c2, int duplex)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)c1;
	(void)c2;
	(void)duplex;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

/* Provided: the whole buffer, as one message. */
int conn_send(struct conn *c, const void *buf, size_t len)
{
	return conn_send_bytes(c, buf, len, 0, len);
}

int conn_send_bytes(struct conn *c, const void *buf, size_t len,
		    size_t offset, size_t size)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)c;
	(void)buf;
	(void)len;
	(void)offset;
	(void)size;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

ssize_t conn_recv(struct conn *c, void *buf, size_t max)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)c;
	(void)buf;
	(void)max;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

/*
 * poll(2) says whether a read would not block -- a byte is there, or the
 * end of file -- and reads nothing.  Its timeout is relative, so after a
 * signal the time left is worked out again from a deadline taken once on
 * the monotonic clock: a signal never makes the wait shorter or longer.
 */
int conn_poll(struct conn *c, double timeout_units)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)c;
	(void)timeout_units;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int conn_fileno(struct conn *c)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)c;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int conn_close(struct conn *c)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)c;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}
