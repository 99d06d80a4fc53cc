/*
 * check_conn.c - unit tests for conn.c (Check).
 *
 * PROVIDED: the grader runs its own copy.  Run: ./check_conn
 * (CK_VERBOSITY=verbose lists every test; CK_FORK=no to debug in gdb).
 * Times are in units; unset PROCLAB_UNIT_MS means 50 ms here.  Lower
 * bounds on time are exact; a recv or poll that waits for good is caught
 * by the tcase's time limit, which is far away.
 *
 * A child in these tests never calls ck_assert: it exits with a code
 * that names what went wrong (see each test), and the test asserts that
 * the code is 0.
 */
#define _GNU_SOURCE
#include "conn.h"
#include "labtest.h"
#include "proclab.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MIB (1 << 20)

static struct conn *r, *w;      /* the ends of the test's pipe */

static void new_pipe(int duplex)
{
	ck_assert_msg(conn_pipe(&r, &w, duplex) == 0, "conn_pipe(duplex=%d): %s",
		      duplex, strerror(errno));
}

/* Byte i of message j: the receiver knows what each message must hold. */
static unsigned char byte_of(int j, size_t i)
{
	return (unsigned char)(j * 31 + i * 101 + (i >> 9));
}

static unsigned char *filled(int j, size_t n)
{
	unsigned char *p = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < n; i++)
		p[i] = byte_of(j, i);
	return p;
}

/* The index of the first byte of p[0..n) that is not message j's, or n. */
static size_t first_wrong(const unsigned char *p, int j, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] == byte_of(j, i))
		i++;
	return i;
}

/* Receive the next message, which must be exactly s. */
static void recv_is(struct conn *c, const char *s)
{
	char buf[64];
	ssize_t n = conn_recv(c, buf, sizeof buf);

	ck_assert_msg(n >= 0, "conn_recv returned %zd (%s) where the message \"%s\" "
		      "was waiting", n, n == CONN_EOF ? "CONN_EOF" : strerror(errno), s);
	ck_assert_msg((size_t)n == strlen(s) && memcmp(buf, s, n) == 0,
		      "conn_recv gave \"%.*s\" (%zd bytes) where the next message was "
		      "\"%s\" (%zu bytes): messages %s", (int)n, buf, n, s, strlen(s),
		      (size_t)n > strlen(s) ? "merged" : "split or lost");
}

static void send_str(struct conn *c, const char *s)
{
	ck_assert_msg(conn_send(c, s, strlen(s)) == 0, "conn_send(\"%s\"): %s", s,
		      strerror(errno));
}

static void assert_nothing_waiting(struct conn *c)
{
	ck_assert_msg(conn_poll(c, 0) == 0, "conn_poll(0) says a message or the end "
		      "of file is waiting, where nothing was sent");
}

/* ---- core: messages ---- */

START_TEST(test_duplex_both_ways)
{
	new_pipe(1);
	send_str(r, "to w");
	send_str(w, "to r");
	recv_is(w, "to w");
	recv_is(r, "to r");
	ck_assert_int_eq(conn_close(r), 0);
	ck_assert_int_eq(conn_close(w), 0);
}
END_TEST

START_TEST(test_one_way_directions)
{
	char buf[8];

	new_pipe(0);
	assert_fails_with(conn_send(r, "x", 1), EBADF);        /* read-only */
	assert_fails_with((int)conn_recv(w, buf, sizeof buf), EBADF); /* write-only */
	assert_fails_with(conn_poll(w, 0), EBADF);
	send_str(w, "one way");
	recv_is(r, "one way");
	ck_assert_int_eq(conn_close(r), 0);
	ck_assert_int_eq(conn_close(w), 0);
}
END_TEST

START_TEST(test_four_messages)
{
	static const char *msgs[] = { "a", "b", "cd", "" };

	for (int duplex = 0; duplex < 2; duplex++) {
		new_pipe(duplex);
		for (int i = 0; i < 4; i++)
			send_str(w, msgs[i]);           /* all in the pipe at once */
		for (int i = 0; i < 4; i++)
			recv_is(r, msgs[i]);
		assert_nothing_waiting(r);
		conn_close(w);
		ck_assert_int_eq(conn_recv(r, NULL, 0), CONN_EOF);
		conn_close(r);
	}
}
END_TEST

START_TEST(test_empty_message)
{
	char buf[4] = "xyz";

	new_pipe(0);
	ck_assert_int_eq(conn_send(w, buf, 0), 0);
	ck_assert_msg(conn_poll(r, 0) == 1, "an empty message is a message: "
		      "conn_poll must see it");
	ck_assert_int_eq(conn_recv(r, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "xyz");
	conn_close(w);
	conn_close(r);
}
END_TEST

/* The bytes on the wire are Python's: a 4-byte big-endian length first. */
START_TEST(test_wire_format)
{
	unsigned char raw[16], want[] = { 0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o' };
	unsigned char hdr[] = { 0, 0, 1, 2 };
	unsigned char *big = filled(7, 258);
	size_t got = 0;
	ssize_t n;

	new_pipe(0);
	send_str(w, "hello");
	while (got < sizeof want && (n = read(conn_fileno(r), raw + got, sizeof raw - got)) > 0)
		got += n;
	ck_assert_msg(got == sizeof want && memcmp(raw, want, sizeof want) == 0,
		      "conn_send(\"hello\") must write 00 00 00 05 'hello' (9 bytes), "
		      "as Python's send_bytes does");
	/* and what Python writes, conn_recv reads: 258 = 0x0102 */
	ck_assert_int_eq(write(conn_fileno(w), hdr, 4), 4);
	ck_assert_int_eq(write(conn_fileno(w), big, 258), 258);
	n = conn_recv(r, raw, 0);
	ck_assert_msg(n == -1 && errno == EMSGSIZE, "a 258-byte message into max 0");
	free(big);
	conn_close(w);
	conn_close(r);
}
END_TEST

START_TEST(test_send_bytes_slice)
{
	new_pipe(1);
	ck_assert_int_eq(conn_send_bytes(w, "0123456789", 10, 3, 4), 0);
	ck_assert_int_eq(conn_send_bytes(w, "0123456789", 10, 10, 0), 0);
	ck_assert_int_eq(conn_send_bytes(w, "0123456789", 10, 0, 10), 0);
	recv_is(r, "3456");
	recv_is(r, "");
	recv_is(r, "0123456789");
	conn_close(r);
	conn_close(w);
}
END_TEST

START_TEST(test_send_bytes_bounds)
{
	const char *s = "0123456789";
	char *big;
	long page;

	new_pipe(1);
	assert_fails_with(conn_send_bytes(w, s, 10, 11, 0), EINVAL);  /* offset > len */
	assert_fails_with(conn_send_bytes(w, s, 10, 3, 8), EINVAL);   /* past the end */
	assert_fails_with(conn_send_bytes(w, s, 10, 0, 11), EINVAL);
	/* offset + size wraps round to 4: still out of bounds */
	assert_fails_with(conn_send_bytes(w, s, 10, 5, SIZE_MAX), EINVAL);
	assert_fails_with(conn_send_bytes(w, s, 10, SIZE_MAX, 5), EINVAL);
	assert_fails_with(conn_send_bytes(w, s, 10, (size_t)-1, 0), EINVAL); /* Python's -1 */
	ck_assert_msg(conn_poll(r, 0) == 0, "a refused send_bytes sent something");
	ck_assert_int_eq(conn_send_bytes(w, s, 10, 7, 3), 0);           /* to the end */
	recv_is(r, "789");
	/* Over CONN_MAX_SIZE the 4-byte length cannot say it: EMSGSIZE, and
	   nothing sent.  One readable page, then a PROT_NONE one: a send
	   that went ahead stops at a fault after 4 KiB, never blocks. */
	page = sysconf(_SC_PAGESIZE);
	big = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(big != MAP_FAILED);
	ck_assert_int_eq(mprotect(big + page, page, PROT_NONE), 0);
	assert_fails_with(conn_send_bytes(w, big, (size_t)CONN_MAX_SIZE + 1, 0,
					  (size_t)CONN_MAX_SIZE + 1), EMSGSIZE);
	ck_assert_msg(conn_poll(r, 0) == 0, "a send over CONN_MAX_SIZE sent something");
	munmap(big, 2 * page);
	ck_assert_int_eq(conn_send_bytes(w, s, 10, 7, 3), 0);
	recv_is(r, "789");
	conn_close(r);
	conn_close(w);
}
END_TEST

/* ---- core: recv's maximum ---- */

START_TEST(test_recv_too_long)
{
	char buf[16];

	/* one-way: the reader is closed for good (Python's bad message length) */
	new_pipe(0);
	send_str(w, "0123456789");
	memset(buf, '-', sizeof buf);
	assert_fails_with((int)conn_recv(r, buf, 5), EMSGSIZE);
	ck_assert_msg(buf[0] == '-', "conn_recv copied part of a message longer than "
		      "its maximum: it must refuse it whole, not cut it short");
	assert_fails_with((int)conn_recv(r, buf, sizeof buf), EBADF);
	assert_fails_with(conn_poll(r, 0), EBADF);
	assert_fails_with(conn_fileno(r), EBADF);       /* closed, as Python's */
	ck_assert_int_eq(conn_close(r), 0);
	conn_close(w);
	/* duplex: it receives no more, but may still send */
	new_pipe(1);
	send_str(w, "0123456789");
	assert_fails_with((int)conn_recv(r, buf, 9), EMSGSIZE);
	assert_fails_with((int)conn_recv(r, buf, sizeof buf), EBADF);
	send_str(r, "still");
	recv_is(w, "still");
	conn_close(r);
	conn_close(w);
}
END_TEST

START_TEST(test_recv_exact_max)
{
	char buf[10];

	new_pipe(0);
	send_str(w, "0123456789");
	ck_assert_int_eq(conn_recv(r, buf, 10), 10);
	ck_assert_int_eq(memcmp(buf, "0123456789", 10), 0);
	conn_close(r);
	conn_close(w);
}
END_TEST

/* ---- core: end of file ---- */

static int send_three(void *arg)
{
	(void)arg;
	conn_close(r);
	for (int i = 0; i < 3; i++)
		if (conn_send(w, i == 1 ? "" : "msg", i == 1 ? 0 : 3) < 0)
			return 1;
	return conn_close(w) < 0 ? 2 : 0;
}

START_TEST(test_eof_after_all)
{
	for (int duplex = 0; duplex < 2; duplex++) {
		pid_t pid;

		new_pipe(duplex);
		pid = spawn_child(send_three, NULL);
		conn_close(w);
		ck_assert_child(pid, "1: conn_send failed, 2: conn_close failed");
		recv_is(r, "msg");              /* the writer is gone: all three */
		recv_is(r, "");                 /* still come first */
		recv_is(r, "msg");
		ck_assert_int_eq(conn_poll(r, 0), 1);   /* EOF: recv would not wait */
		ck_assert_int_eq(conn_recv(r, NULL, 0), CONN_EOF);
		ck_assert_int_eq(conn_recv(r, NULL, 0), CONN_EOF);      /* and stays */
		conn_close(r);
	}
}
END_TEST

/* Child: keep the inherited write end until the test closes go. */
static int hold_write_end(void *arg)
{
	int *go = arg;
	char c;

	conn_close(r);
	close(go[1]);
	while (read(go[0], &c, 1) < 0 && errno == EINTR)
		;
	return conn_close(w) < 0 ? 1 : 0;
}

START_TEST(test_eof_needs_every_copy)
{
	int go[2];
	pid_t pid;

	new_pipe(0);
	ck_assert_int_eq(pipe(go), 0);
	pid = spawn_child(hold_write_end, go);
	close(go[0]);
	send_str(w, "last");
	conn_close(w);                  /* ours: the child's copy is open */
	recv_is(r, "last");
	ck_assert_msg(conn_poll(r, 1) == 0, "end of file while a child still held "
		      "its copy of the write end");
	close(go[1]);                   /* now the child closes its copy */
	ck_assert_msg(conn_poll(r, NO_TIMEOUT) == 1, "no end of file after the last "
		      "write end was closed");
	ck_assert_int_eq(conn_recv(r, NULL, 0), CONN_EOF);
	ck_assert_child(pid, "1: conn_close failed");
	conn_close(r);
}
END_TEST

START_TEST(test_close_closes)
{
	new_pipe(0);
	ck_assert_int_eq(conn_close(w), 0);
	ck_assert_msg(conn_poll(r, 20) == 1 && conn_recv(r, NULL, 0) == CONN_EOF,
		      "conn_close of the only write end: the reader must see the "
		      "end of file (does conn_close close the descriptor?)");
	conn_close(r);
}
END_TEST

START_TEST(test_eof_mid_message)
{
	unsigned char hdr[] = { 0, 0, 0, 10 };
	char buf[16];

	new_pipe(1);
	ck_assert_int_eq(write(conn_fileno(w), hdr, 4), 4);
	ck_assert_int_eq(write(conn_fileno(w), "abc", 3), 3);
	conn_close(w);
	assert_fails_with((int)conn_recv(r, buf, sizeof buf), EPROTO);
	conn_close(r);
	new_pipe(1);
	ck_assert_int_eq(write(conn_fileno(w), hdr, 2), 2);     /* half a length */
	conn_close(w);
	assert_fails_with((int)conn_recv(r, buf, sizeof buf), EPROTO);
	conn_close(r);
}
END_TEST

START_TEST(test_sigpipe_ignored_epipe)
{
	ck_assert(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	for (int duplex = 0; duplex < 2; duplex++) {
		new_pipe(duplex);
		conn_close(r);
		assert_fails_with(conn_send(w, "x", 1), EPIPE);
		conn_close(w);
	}
}
END_TEST

/* ---- big messages, partial writes, signals ---- */

/* Child: send n messages, message j of sizes[j % 4] bytes. */
static const size_t sizes[] = { 3 * MIB + 17, 0, 70000, 1 };
struct many { int n, hammer; };

static int on_alarm_count;
static void on_alarm(int sig) { (void)sig; on_alarm_count++; }

/* SIGALRM every 200 us, without SA_RESTART: reads and writes are cut. */
static int hammer(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 200 }, { 0, 200 } };

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGALRM, &sa, NULL) | setitimer(ITIMER_REAL, &it, NULL);
}

static int send_many(void *arg)
{
	struct many *m = arg;
	int small = 64 * 1024;

	conn_close(r);
	/* A small send buffer: a big message goes in many pieces. */
	setsockopt(conn_fileno(w), SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	if (m->hammer && hammer() < 0)
		return 3;
	for (int j = 0; j < m->n; j++) {
		size_t n = sizes[j % 4];
		unsigned char *p = filled(j, n);

		if (conn_send(w, p, n) < 0)
			return errno == EINTR ? 1 : 2;
		free(p);
	}
	return 0;
}

/* Receive what send_many sends; every message whole and in order. */
static void recv_many(struct many *m)
{
	unsigned char *buf = malloc(4 * MIB);
	pid_t pid;

	ck_assert_ptr_nonnull(buf);
	pid = spawn_child(send_many, m);
	conn_close(w);
	if (m->hammer)
		ck_assert_int_eq(hammer(), 0);
	for (int j = 0; j < m->n; j++) {
		ssize_t n = conn_recv(r, buf, 4 * MIB);
		size_t at;

		ck_assert_msg(n >= 0, "message %d of %d: conn_recv returned %zd (%s)",
			      j, m->n, n, n == CONN_EOF ? "CONN_EOF" : strerror(errno));
		ck_assert_msg((size_t)n == sizes[j % 4], "message %d was %zu bytes, "
			      "conn_recv gave %zd: a message was split, merged or lost "
			      "a part", j, sizes[j % 4], n);
		at = first_wrong(buf, j, n);
		ck_assert_msg(at == (size_t)n, "message %d (%zd bytes): byte %zu is "
			      "not the one sent: a part of it was lost or came from "
			      "another message", j, n, at);
	}
	ck_assert_int_eq(conn_recv(r, buf, 4 * MIB), CONN_EOF);
	setitimer(ITIMER_REAL, &(struct itimerval){ { 0, 0 }, { 0, 0 } }, NULL);
	ck_assert_child(pid, "1: conn_send gave up with EINTR when a signal came "
			"(it must go on), 2: conn_send failed, 3: no timer");
	free(buf);
	conn_close(r);
}

START_TEST(test_big_16mib)
{
	size_t n = 16 * MIB;
	unsigned char *p = filled(3, n), *q = malloc(n);

	ck_assert_ptr_nonnull(q);
	for (int duplex = 0; duplex < 2; duplex++) {
		pid_t pid;

		new_pipe(duplex);
		if ((pid = fork()) == 0) {
			conn_close(r);
			_exit(conn_send(w, p, n) < 0 ? 1 : 0);
		}
		conn_close(w);
		ck_assert_int_eq(conn_recv(r, q, n), (ssize_t)n);
		ck_assert_msg(first_wrong(q, 3, n) == n, "a 16 MiB message came "
			      "with wrong bytes");
		ck_assert_child(pid, "1: conn_send of 16 MiB failed");
		conn_close(r);
	}
	free(p);
	free(q);
}
END_TEST

START_TEST(test_big_messages_in_order)
{
	struct many m = { 24, 0 };

	new_pipe(1);
	recv_many(&m);
}
END_TEST

START_TEST(test_partial_writes_and_eintr)
{
	struct many m = { 24, 1 };

	for (int duplex = 1; duplex >= 0; duplex--) {
		new_pipe(duplex);
		recv_many(&m);
	}
}
END_TEST

/* Child: send "late" after 1 unit. */
static int send_late(void *arg)
{
	(void)arg;
	conn_close(r);
	sleep_units(1);
	return conn_send(w, "late", 4) < 0 ? 1 : 0;
}

START_TEST(test_recv_survives_signal)
{
	pid_t pid;

	new_pipe(1);
	pid = spawn_child(send_late, NULL);
	ck_assert_int_eq(catch_alarm(), 0);
	ck_assert_int_eq(alarm_in(0.3), 0);
	recv_is(r, "late");             /* not -1 EINTR at 0.3 */
	ck_assert_child(pid, "1: conn_send failed");
	conn_close(w);
	conn_close(r);
}
END_TEST

/* ---- poll ---- */

START_TEST(test_poll_zero_looks)
{
	double t0;

	new_pipe(0);
	t0 = now_units();
	ck_assert_int_eq(conn_poll(r, 0), 0);
	ck_assert_int_eq(conn_poll(r, -1), 0);          /* negative: looks too */
	assert_within(t0, 10);
	send_str(w, "x");
	ck_assert_int_eq(conn_poll(r, 0), 1);
	ck_assert_int_eq(conn_poll(r, -5), 1);
	recv_is(r, "x");
	conn_close(r);
	conn_close(w);
}
END_TEST

/* Child: SIGALRM to the test 8 times, 0.4 units apart. */
static int signal_parent(void *arg)
{
	pid_t test = getppid();

	(void)arg;
	for (int i = 0; i < 8; i++) {
		sleep_units(0.4);
		if (kill(test, SIGALRM) < 0)
			return 1;
	}
	return 0;
}

START_TEST(test_poll_timeout_waits)
{
	double t0;
	pid_t pid;

	new_pipe(1);
	t0 = now_units();
	ck_assert_int_eq(conn_poll(r, 1), 0);
	assert_waited(t0, 1);
	ck_assert_int_eq(catch_alarm(), 0);
	ck_assert_int_eq(alarm_in(0.3), 0);
	t0 = now_units();
	ck_assert_int_eq(conn_poll(r, 1), 0);   /* a signal does not cut it short */
	assert_waited(t0, 1);
	/* Nor make it longer: with a signal every 0.4 units, a poll that
	   starts its whole timeout again after each would end 1 unit after
	   the last signal (3.2), not at 1. */
	t0 = now_units();
	pid = spawn_child(signal_parent, NULL);
	ck_assert_int_eq(conn_poll(r, 1), 0);
	assert_waited(t0, 1);
	assert_within(t0, 3);
	ck_assert_child(pid, "1: kill failed");
	conn_close(r);
	conn_close(w);
}
END_TEST

START_TEST(test_poll_wakes_on_message)
{
	double t0;
	pid_t pid;

	new_pipe(0);
	t0 = now_units();               /* before the child's 1 unit starts */
	pid = spawn_child(send_late, NULL);
	ck_assert_int_eq(conn_poll(r, 30), 1);
	assert_waited(t0, 1);
	assert_within(t0, 20);
	recv_is(r, "late");
	ck_assert_child(pid, "1: conn_send failed");
	conn_close(w);
	ck_assert_int_eq(conn_poll(r, NO_TIMEOUT), 1);  /* at EOF */
	conn_close(r);
}
END_TEST

/* Child: the rest of a message whose first 2 length bytes are out, in
   two parts 1 unit apart: the rest of the length and "hel", then "lo". */
static int finish_message(void *arg)
{
	unsigned char rest[] = { 0, 5, 'h', 'e', 'l' };

	(void)arg;
	conn_close(r);
	sleep_units(1);
	if (write(conn_fileno(w), rest, sizeof rest) != sizeof rest)
		return 1;
	sleep_units(1);
	return write(conn_fileno(w), "lo", 2) == 2 ? 0 : 1;
}

START_TEST(test_poll_reads_nothing)
{
	unsigned char part[] = { 0, 0 };        /* half a length */
	pid_t pid;

	new_pipe(1);
	send_str(w, "first");
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(conn_poll(r, 0), 1);   /* asked three times */
	recv_is(r, "first");                    /* still whole */
	/* Half a length: poll says yes (bytes are there), recv waits for the
	   rest of the length, then for the rest of the message. */
	ck_assert_int_eq(write(conn_fileno(w), part, sizeof part), (ssize_t)sizeof part);
	ck_assert_int_eq(conn_poll(r, NO_TIMEOUT), 1);
	ck_assert_int_eq(conn_poll(r, 0), 1);
	pid = spawn_child(finish_message, NULL);
	recv_is(r, "hello");
	ck_assert_child(pid, "1: the test's raw write failed");
	send_str(w, "next");
	recv_is(r, "next");
	conn_close(w);
	conn_close(r);
}
END_TEST

/* ---- descriptors ---- */

START_TEST(test_no_fd_leak)
{
	int before = open_fds();
	size_t heap;
	char buf[4];

	for (int duplex = 0; duplex < 2; duplex++) {
		new_pipe(duplex);
		send_str(w, "0123456789");
		conn_recv(r, buf, sizeof buf);          /* EMSGSIZE */
		ck_assert_int_eq(conn_close(r), 0);
		ck_assert_int_eq(conn_close(w), 0);
	}
	ck_assert_msg(open_fds() == before, "%d descriptors open before conn_pipe, "
		      "%d after conn_close of both ends", before, open_fds());
	/* conn_close frees: 100 more pipes leave the heap as it was (what a
	   conn.c allocates once, in the rounds above, may stay). */
	heap = mallinfo2().uordblks;
	for (int i = 0; i < 100; i++) {
		new_pipe(i % 2);
		send_str(w, "x");
		recv_is(r, "x");
		conn_close(r);
		conn_close(w);
	}
	ck_assert_msg(mallinfo2().uordblks <= heap + 1024, "the heap grew by %zu bytes "
		      "over 100 conn_pipe and conn_close of both ends: does conn_close "
		      "free the struct?", mallinfo2().uordblks - heap);
}
END_TEST

START_TEST(test_close_on_exec)
{
	for (int duplex = 0; duplex < 2; duplex++) {
		new_pipe(duplex);
		ck_assert_msg(fcntl(conn_fileno(r), F_GETFD) & FD_CLOEXEC &&
			      fcntl(conn_fileno(w), F_GETFD) & FD_CLOEXEC,
			      "the ends must be close-on-exec, as Python's are "
			      "(SOCK_CLOEXEC, pipe2 with O_CLOEXEC)");
		conn_close(r);
		conn_close(w);
	}
}
END_TEST

static Suite *make_conn_suite(void)
{
	Suite *s = suite_create("conn");
	TCase *core, *eof, *big, *poll, *fds;

	core = add_tcase(s, "core", 10);
	tcase_add_test(core, test_duplex_both_ways);
	tcase_add_test(core, test_one_way_directions);
	tcase_add_test(core, test_four_messages);
	tcase_add_test(core, test_empty_message);
	tcase_add_test(core, test_wire_format);
	tcase_add_test(core, test_send_bytes_slice);
	tcase_add_test(core, test_send_bytes_bounds);
	tcase_add_test(core, test_recv_too_long);
	tcase_add_test(core, test_recv_exact_max);

	eof = add_tcase(s, "eof", 10);
	tcase_add_test(eof, test_eof_after_all);
	tcase_add_test(eof, test_eof_needs_every_copy);
	tcase_add_test(eof, test_close_closes);
	tcase_add_test(eof, test_eof_mid_message);
	tcase_add_test(eof, test_sigpipe_ignored_epipe);

	/*
	 * 16 MiB and ~80 MiB of messages.  test_big_16mib, the slowest, takes
	 * the reference 0.65 s of CPU (most of it the kernel copying); at a
	 * load of 20 on two CPUs that is 3.5 s, 70 units, and it lost 100 at
	 * 40.  400 units keep a correct one safe up to a load of about 60; a
	 * send or recv of one byte a call (32 M system calls) still runs out.
	 */
	big = add_tcase(s, "big", 400);
	tcase_add_test(big, test_big_16mib);
	tcase_add_test(big, test_big_messages_in_order);
	tcase_add_test(big, test_partial_writes_and_eintr);
	tcase_add_test(big, test_recv_survives_signal);

	poll = add_tcase(s, "poll", 40);
	tcase_add_test(poll, test_poll_zero_looks);
	tcase_add_test(poll, test_poll_timeout_waits);
	tcase_add_test(poll, test_poll_wakes_on_message);
	tcase_add_test(poll, test_poll_reads_nothing);

	fds = add_tcase(s, "fds", 10);
	tcase_add_test(fds, test_no_fd_leak);
	tcase_add_test(fds, test_close_on_exec);
	return s;
}

int main(void)
{
	return run_suite(make_conn_suite());
}
