/*
 * 5-errors.c - what each end refuses, and what Python raises for it.
 *
 *     r, w = Pipe(duplex=False)
 *     r.send_bytes(b"x")                 # OSError: connection is read-only
 *     w.recv_bytes()                     # OSError: connection is write-only
 *     w.send_bytes(b"hello", 3, 5)       # ValueError: out of bounds
 *     w.send_bytes(b"hello", 1, 3)       # sends b"ell"
 *     w.send_bytes(b"0123456789")
 *     r.recv_bytes(5)                    # OSError: bad message length
 *     r.recv_bytes()                     # OSError: r is closed now
 *
 * Each line says what Python raises and, in brackets, the errno the C
 * call sets.  A message longer than the maximum is not cut short: its
 * bytes stay in the pipe, where no later recv could find the next length
 * -- so that end receives no more.  A duplex end may still send.
 */
#define _GNU_SOURCE             /* strerrorname_np */
#include "conn.h"
#include "proclab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf[16];

/* Python's exception for the errno a conn_* call set. */
static void show_error(const char *call)
{
	const char *name = errno == EINVAL ? "ValueError" :
		errno == EBADF || errno == EMSGSIZE ? "OSError" : NULL;

	if (name == NULL)
		unix_error(call);       /* not one this program expects */
	printf("%s -> %s (%s)\n", call, name, strerrorname_np(errno));
}

static void try_send(const char *call, struct conn *c, const char *s,
		     size_t offset, size_t size)
{
	if (conn_send_bytes(c, s, strlen(s), offset, size) < 0)
		show_error(call);
	else
		printf("%s -> ok\n", call);
}

static void try_recv(const char *call, struct conn *c, size_t max)
{
	ssize_t n = conn_recv(c, buf, max);

	if (n < 0)
		show_error(call);
	else
		printf("%s -> b'%.*s'\n", call, (int)n, buf);
}

int main(void)
{
	struct conn *r, *w, *a, *b;

	if (conn_pipe(&r, &w, 0) < 0 || conn_pipe(&a, &b, 1) < 0)
		unix_error("conn_pipe");
	try_send("r.send_bytes(b'x')", r, "x", 0, 1);
	try_recv("w.recv_bytes()", w, sizeof buf);
	try_send("w.send_bytes(b'hello', 3, 5)", w, "hello", 3, 5);
	try_send("w.send_bytes(b'hello', 1, 3)", w, "hello", 1, 3);
	try_recv("r.recv_bytes()", r, sizeof buf);
	try_send("w.send_bytes(b'0123456789')", w, "0123456789", 0, 10);
	try_recv("r.recv_bytes(5)", r, 5);
	try_recv("r.recv_bytes()", r, sizeof buf);
	/* duplex: after a bad length a can still send */
	try_send("b.send_bytes(b'0123456789')", b, "0123456789", 0, 10);
	try_recv("a.recv_bytes(5)", a, 5);
	try_send("a.send_bytes(b'still')", a, "still", 0, 5);
	try_recv("b.recv_bytes()", b, sizeof buf);
	try_recv("a.recv_bytes()", a, sizeof buf);
	conn_close(r);
	conn_close(w);
	conn_close(a);
	conn_close(b);
	return 0;
}
