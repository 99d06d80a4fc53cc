/*
 * 6-many.c - many messages, of sizes from 4 bytes to 4 MiB, both ways
 * between several pairs of processes at once, while a timer interrupts
 * every process's system calls 2000 times a second.  Each message must
 * arrive whole (never merged with another, never split), once, in order.
 *
 * Usage: 6-many [PAIRS [MESSAGES]]        (default 2 pairs, 40 each way)
 *
 * Pair k is one duplex pipe with a talker at each end, p<k> and c<k>.  A
 * talker sends message 0 itself, then forks a sender for the others and
 * receives its peer's meanwhile: two processes on one end, one sends and
 * one receives.  (One process that sends a big message and only then
 * receives would wait for ever if its peer did the same: both send
 * buffers full, nobody reading.)  Message 0 goes before the fork: a
 * connection that kept unsent bytes in a buffer of its own would hand the
 * child a copy, as stdio does (lab 01), and the message would come twice.
 *
 * Message j from X has sizes[j % NSIZES] bytes: j itself (4 bytes, big-
 * endian), then bytes that are a function of (X, j, offset).  The receiver
 * prints the number the message carries, and "intact" when its size and
 * every byte are what message j must hold -- or what is wrong with it.
 *
 * The timer's SIGALRM has a handler without SA_RESTART: a blocked read or
 * write returns -1 with EINTR, or a count short of what was asked once
 * some bytes went -- conn.c must carry on from there.  The program's own
 * lines are written with the signal blocked.
 */
#include "conn.h"
#include "proclab.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

static const size_t sizes[] = { 4, 5, 7, 4096, 6, 70000, 8,
	1 << 20, 9, 300000, 17, 4 << 20, 65536, 4 };
#define NSIZES (sizeof sizes / sizeof sizes[0])
#define MAXSIZE (4 << 20)

/* Byte i (>= 4) of message j from the talker named name. */
static unsigned char byte_of(const char *name, unsigned j, size_t i)
{
	return (unsigned char)(name[0] * 7 + name[1] * 13 + j * 31 + i * 101 + (i >> 8));
}

/* printf with SIGALRM blocked: stdio gives up on EINTR. */
static void say(const char *fmt, ...)
{
	sigset_t alrm, old;
	va_list ap;

	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, &old);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void on_alarm(int sig) { (void)sig; }

/* SIGALRM every 500 us, interrupting system calls (no SA_RESTART). */
static void hammer(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 500 }, { 0, 500 } };

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) < 0 || setitimer(ITIMER_REAL, &it, NULL) < 0)
		unix_error("hammer");
}

static void send_one(struct conn *c, const char *me, unsigned j, unsigned char *buf)
{
	size_t n = sizes[j % NSIZES];

	buf[0] = j >> 24, buf[1] = j >> 16, buf[2] = j >> 8, buf[3] = j;
	for (size_t i = 4; i < n; i++)
		buf[i] = byte_of(me, j, i);
	if (conn_send(c, buf, n) < 0)
		unix_error("conn_send");
}

/* What is wrong with message buf[0..n) from peer, or NULL; *j its number. */
static const char *check(const char *peer, const unsigned char *buf, ssize_t n,
			 unsigned m, unsigned *j)
{
	*j = n < 4 ? 0 : (unsigned)buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3];
	if (n < 4 || *j >= m)
		return "not a message that was sent";
	if ((size_t)n != sizes[*j % NSIZES])
		return "not the size this message was sent with";
	for (ssize_t i = 4; i < n; i++)
		if (buf[i] != byte_of(peer, *j, i))
			return "bytes differ from what was sent";
	return NULL;
}

/* Receive m messages from peer; say of each whether it came intact. */
static void receiver(struct conn *c, const char *me, const char *peer,
		     unsigned m, unsigned char *buf)
{
	for (unsigned k = 0; k < m; k++) {
		ssize_t n = conn_recv(c, buf, MAXSIZE);
		const char *wrong;
		unsigned j;

		if (n < 0)
			unix_error(n == CONN_EOF ? "conn_recv: end of file" : "conn_recv");
		if ((wrong = check(peer, buf, n, m, &j)) != NULL) {
			say("%s got %s #%u: %zd bytes, WRONG: %s\n", me, peer, j, n, wrong);
			exit(1);
		}
		say("%s got %s #%u: %zd bytes, intact\n", me, peer, j, n);
	}
}

/* Join pid: did it exit 0? */
static int exited_0(pid_t pid)
{
	int status;

	Waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void talker(struct conn *c, const char *me, const char *peer, unsigned m)
{
	unsigned char *buf = malloc(MAXSIZE);
	pid_t pid;

	if (buf == NULL)
		unix_error("malloc");
	send_one(c, me, 0, buf);        /* before the fork */
	if ((pid = Fork()) == 0) {
		hammer();
		for (unsigned j = 1; j < m; j++)
			send_one(c, me, j, buf);
		conn_close(c);
		exit(0);
	}
	hammer();
	receiver(c, me, peer, m, buf);
	if (!exited_0(pid))
		exit(1);                /* the sender said why on stderr */
	say("%s: done\n", me);
}

int main(int argc, char **argv)
{
	int pairs = argc > 1 ? atoi(argv[1]) : 2, m = argc > 2 ? atoi(argv[2]) : 40;
	char me[16], peer[16];
	struct conn *a, *b;
	pid_t pids[18];
	int failed = 0;

	if (pairs < 1 || pairs > 9 || m < 1) {
		fprintf(stderr, "usage: %s [PAIRS 1-9 [MESSAGES]]\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int k = 0; k < pairs; k++) {
		if (conn_pipe(&a, &b, 1) < 0)
			unix_error("conn_pipe");
		for (int side = 0; side < 2; side++) {
			if ((pids[2 * k + side] = Fork()) == 0) {
				snprintf(me, sizeof me, "%c%d", "pc"[side], k);
				snprintf(peer, sizeof peer, "%c%d", "cp"[side], k);
				conn_close(side ? a : b);
				talker(side ? b : a, me, peer, m);
				exit(0);
			}
		}
		conn_close(a);
		conn_close(b);
	}
	for (int i = 0; i < 2 * pairs; i++)
		failed += !exited_0(pids[i]);
	if (failed)
		fprintf(stderr, "parent: %d talker(s) failed\n", failed);
	else
		say("parent: all done\n");
	return failed ? 1 : 0;
}
