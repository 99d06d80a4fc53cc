/*
 * conn.h - the two ends of a pipe that carries whole messages, in the
 * shape of Python's multiprocessing.Pipe.
 *
 *     Python                               C
 *     a, b = Pipe()                        conn_pipe(&a, &b, 1);    duplex
 *     r, w = Pipe(duplex=False)            conn_pipe(&r, &w, 0);    r reads, w writes
 *     w.send_bytes(buf)                    conn_send(w, buf, len);
 *     w.send_bytes(buf, offset, size)      conn_send_bytes(w, buf, len, offset, size);
 *       ValueError (out of bounds)           -1, EINVAL
 *     w.send(obj)  (pickled)               conn_send(w, bytes, n)   (C has no pickle)
 *     m = r.recv_bytes(maxlength)          n = conn_recv(r, buf, max);  n: m's length
 *       EOFError                             CONN_EOF
 *       OSError("bad message length")        -1, EMSGSIZE; r no longer reads
 *     r.recv_bytes()  (no maximum)         conn_recv(r, buf, sizeof buf)
 *     r.poll(), r.poll(None), r.poll(t)    conn_poll(r, 0), (r, NO_TIMEOUT), (r, t)
 *     OSError("connection is read-only")   -1, EBADF   (and "write-only" likewise)
 *     c.fileno()                           conn_fileno(c)
 *     c.close()                            conn_close(c)
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 *
 * On the wire (as Python's Connection on Unix): a message of n bytes is
 * a 4-byte big-endian length, then the n bytes.  So a message is never
 * merged with the next one nor split, whatever the kernel's reads and
 * writes cut it into; 0 bytes is a message too.
 *
 * What may be assumed:
 *   - conn_pipe is called BEFORE fork: each process then has its own
 *     copy of both ends (the struct and the descriptor), and closes the
 *     ones it does not use;
 *   - one process sends on an end at a time, and one receives (several
 *     writers on one end would interleave big messages, as in Python);
 *   - a message is at most CONN_MAX_SIZE bytes; buffers are the caller's.
 *   - SIGPIPE: as write(2), a send to an end whose peer is closed raises
 *     SIGPIPE, which kills the process unless it ignores SIGPIPE (Python
 *     ignores it at start-up); ignored, the send fails with EPIPE.
 *
 * Functions return -1 and set errno on error; none of them prints or
 * exits.  A signal that interrupts a call (EINTR), and a read or write
 * that moves only part of what was asked, never lose, merge or split a
 * message: the call goes on until the message is through.  Times are in
 * units (common/proclab.h: unit_ms, NO_TIMEOUT).
 */
#ifndef CONN_H
#define CONN_H

#include <stddef.h>
#include <sys/types.h>

#include "proclab.h"         /* NO_TIMEOUT */

/* The largest message: the 4-byte length is signed, as Python's. */
#define CONN_MAX_SIZE 0x7fffffff

/* conn_recv's answer at end of file (Python's EOFError): not a message. */
#define CONN_EOF (-2)

/* Opaque: one end of a pipe, private to the process that holds it. */
struct conn;

/*
 * Make a pipe and its two ends: *c1 and *c2.  duplex != 0: both ends send
 * and receive (a socketpair).  duplex == 0: *c1 only receives, *c2 only
 * sends (a pipe(2)), as Python's Pipe(duplex=False).
 * Returns 0.  Errors: -1 with errno (EMFILE, ENOMEM, ...), nothing made.
 */
int conn_pipe(struct conn **c1, struct conn **c2, int duplex);

/*
 * Send buf[0..len) as one message: Python's send_bytes(buf).  Returns 0
 * once all of it is written.  Errors: -1 with errno EBADF if c does not
 * send (the reading end of a one-way pipe, or closed by a bad message
 * length), EMSGSIZE if len > CONN_MAX_SIZE, EPIPE if the peer is closed
 * (SIGPIPE ignored), else the errno of the failing call.
 */
int conn_send(struct conn *c, const void *buf, size_t len);

/*
 * Send buf[offset..offset+size) of a buffer of len bytes as one message:
 * Python's send_bytes(buf, offset, size).  Errors: -1 with errno EINVAL,
 * nothing sent, when offset > len or offset + size > len (Python's
 * ValueError); else as conn_send.
 */
int conn_send_bytes(struct conn *c, const void *buf, size_t len,
		    size_t offset, size_t size);

/*
 * Wait for the next message and copy it into buf, which holds max bytes:
 * Python's recv_bytes(max).
 * Returns the message's length (0 for an empty message), or CONN_EOF
 * when every message was read and every copy of the peer's end (the
 * write end) is closed, in every process.
 * Errors: -1 with errno EMSGSIZE when the message is longer than max:
 * nothing is copied, and c receives no more (Python's OSError "bad message
 * length": a duplex end may still send, a read-only end is closed);
 * EPROTO when the end of file comes in the middle of a message; EBADF if
 * c does not receive; else the errno of the failing call.
 */
ssize_t conn_recv(struct conn *c, void *buf, size_t max);

/*
 * Is there something to receive, a message or the end of file?  Waits at
 * most timeout_units units: NO_TIMEOUT waits as long as it takes, 0 or a
 * negative timeout only looks (Python's poll(), poll(None), poll(t)).
 * Reads nothing: the next conn_recv gets the whole message.
 * Returns 1 when conn_recv would not wait, 0 when the time passed first
 * (after at least timeout_units units).  A signal does not cut the wait
 * short.  Errors: -1 with errno EBADF if c does not receive.
 */
int conn_poll(struct conn *c, double timeout_units);

/* The descriptor under c (Python's fileno()), or -1 with EBADF once c is
   closed by a bad message length. */
int conn_fileno(struct conn *c);

/*
 * Close this process's copy of the end and free c (invalid afterwards).
 * The peer sees the end of file once every process has closed its copy.
 * Returns 0.  Errors: -1 with errno of close(2); c is freed anyway.
 */
int conn_close(struct conn *c);

#endif
