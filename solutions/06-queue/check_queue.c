/*
 * check_queue.c - unit tests for queue.c (Check).
 *
 * PROVIDED: the grader runs its own copy.  Run: ./check_queue
 * (CK_VERBOSITY=verbose lists every test; CK_FORK=no to debug in gdb).
 * Times are in units; unset PROCLAB_UNIT_MS means 50 ms here.  Lower
 * bounds on time are exact; upper bounds are far away, so a loaded
 * machine does not fail a right answer.
 *
 * A child in these tests never calls ck_assert: it exits with a code
 * that names what went wrong (see each test), and the test asserts that
 * the code is 0.
 */
#define _GNU_SOURCE
#include "queue.h"
#include "labtest.h"
#include "proclab.h"

#include <check.h>
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PRODUCERS 4
#define CONSUMERS 3
#define ITEMS 300

/* A page the test and its children share, for what they tell each other. */
struct shared {
	int flag;                       /* the test set it just before acting */
	int go;                         /* the workers may start */
	int stop;                       /* the workers must stop */
	int taken;                      /* messages got by all consumers */
	int got[PRODUCERS][ITEMS];      /* times each item was got */
	int out_of_order;               /* a consumer saw a producer's numbers go back */
	int bad_message;                /* a message that no producer put */
	int bad_qsize;                  /* a qsize/empty/full answer out of range */
	int bad_call;                   /* ... the first one's call: 0 qsize, 1 empty, 2 full */
	int bad_value;                  /* ... and its answer */
	long reads;                     /* qsize calls made */
	long rounds;                    /* get-and-put rounds churn has made */
	double at;                      /* when the test put or got (units) */
	double late[PROMPT_TRIALS];     /* how late each waiter woke after it */
	double took;                    /* how long a child's timed call took */
	int ready;                      /* the child is about to call */
	int trials;                     /* trials the waiter has timed */
};

/* Atomic, so that the test's own bookkeeping is right whatever the queue does. */
#define LOAD(x)         __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)     __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ADD(x, v)       __atomic_add_fetch(&(x), (v), __ATOMIC_SEQ_CST)

static struct shared *shared_new(void)
{
	struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ck_assert_ptr_ne(s, MAP_FAILED);
	memset(s, 0, sizeof *s);
	return s;
}

static struct queue *new_queue(int maxsize)
{
	struct queue *q = queue_create(maxsize);

	ck_assert_msg(q != NULL, "queue_create(%d): %s", maxsize, strerror(errno));
	return q;
}

/* Put the string s (without its '\0'); it must be accepted. */
static void put_str(struct queue *q, const char *s)
{
	int r = queue_put(q, s, strlen(s));

	ck_assert_msg(r == 0, "queue_put(\"%s\") returned %d (%s)", s, r, strerror(errno));
}

/* Get the next message: it must be want, bytes and length. */
static void get_str(struct queue *q, const char *want)
{
	char buf[QUEUE_MSG_MAX];
	size_t len = 12345;
	int r = queue_get(q, buf, sizeof buf, &len);

	ck_assert_msg(r == 0, "queue_get returned %d (%s), want the message \"%s\"",
		      r, strerror(errno), want);
	ck_assert_msg(len == strlen(want) && memcmp(buf, want, len) == 0,
		      "queue_get gave \"%.*s\" (%zu bytes), want \"%s\": messages "
		      "come out in the order they were put, whole", (int)(len < 64 ? len : 64),
		      buf, len, want);
}

/*
 * spawn_child (labtest.h) for fn(q, arg): the child exits with it and
 * is killed when the test process ends, so a child stuck in put or get
 * never outlives a failed test.
 */
struct spawned { int (*fn)(struct queue *, void *); struct queue *q; void *arg; };
static int run_spawned(void *p) { struct spawned *c = p; return c->fn(c->q, c->arg); }
static pid_t spawn(int (*fn)(struct queue *, void *), struct queue *q, void *arg)
{
	struct spawned c = { fn, q, arg };

	return spawn_child(run_spawned, &c);
}

/* Fill q with maxsize one-letter messages "a", "b", ... */
static void fill(struct queue *q, int maxsize)
{
	char s[2] = "a";

	for (int i = 0; i < maxsize; i++, s[0]++)
		put_str(q, s);
	ck_assert_msg(queue_full(q) == 1, "%d messages put in Queue(%d), yet "
		      "queue_full says %d", maxsize, maxsize, queue_full(q));
}

/* ---- core ---- */

START_TEST(test_create_destroy)
{
	struct queue *q = new_queue(3);

	ck_assert_int_eq(queue_qsize(q), 0);
	ck_assert_int_eq(queue_empty(q), 1);
	ck_assert_int_eq(queue_full(q), 0);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_put_get)
{
	struct queue *q = new_queue(3);
	static char big[QUEUE_MSG_MAX], back[QUEUE_MSG_MAX];
	size_t len = 12345;

	put_str(q, "hello");
	get_str(q, "hello");
	/* Bytes, not strings: NULs inside, the longest allowed. */
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7);
	ck_assert_int_eq(queue_put(q, big, sizeof big), 0);
	ck_assert_int_eq(queue_get(q, back, sizeof back, &len), 0);
	ck_assert_msg(len == sizeof big && memcmp(big, back, len) == 0,
		      "a %d-byte message with NUL bytes in it came back as %zu bytes%s",
		      QUEUE_MSG_MAX, len, len == sizeof big ? ", changed" : "");
	/* An empty message is a message; len may be NULL. */
	ck_assert_int_eq(queue_put(q, NULL, 0), 0);
	ck_assert_int_eq(queue_qsize(q), 1);
	len = 12345;
	ck_assert_int_eq(queue_get(q, NULL, 0, &len), 0);
	ck_assert_uint_eq(len, 0);
	put_str(q, "x");
	ck_assert_int_eq(queue_get(q, back, sizeof back, NULL), 0);
	ck_assert_int_eq(back[0], 'x');
	ck_assert_int_eq(queue_empty(q), 1);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_fifo)
{
	struct queue *q = new_queue(5);
	char s[16];
	int put = 0, got = 0;

	/* Round the ring many times, 0 to 4 messages in it. */
	for (int round = 0; round < 40; round++) {
		for (int k = 0; k <= round % 5 && queue_full(q) == 0; k++) {
			snprintf(s, sizeof s, "m%d", put++);
			put_str(q, s);
		}
		for (int k = 0; k <= (round + 2) % 4 && got < put; k++) {
			snprintf(s, sizeof s, "m%d", got++);
			get_str(q, s);
		}
	}
	ck_assert_int_eq(queue_qsize(q), put - got);
	while (got < put) {
		snprintf(s, sizeof s, "m%d", got++);
		get_str(q, s);
	}
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_full_after_maxsize)
{
	struct queue *q = new_queue(3);

	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(queue_qsize(q), i);
		ck_assert_int_eq(queue_full(q), 0);
		put_str(q, "m");
		ck_assert_int_eq(queue_empty(q), 0);
	}
	ck_assert_int_eq(queue_qsize(q), 3);
	ck_assert_msg(queue_full(q) == 1, "Queue(3) after 3 puts: queue_full says %d, "
		      "Python's full() says True", queue_full(q));
	get_str(q, "m");
	ck_assert_int_eq(queue_full(q), 0);
	ck_assert_int_eq(queue_qsize(q), 2);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_put_nowait_full)
{
	struct queue *q = new_queue(3);
	double t0, fastest = HUGE_VAL;

	fill(q, 3);
	/* Never waits: the fastest of three tries, as a busy machine may
	   stop the test for a while in one. */
	for (int k = 0; k < 3; k++) {
		t0 = now_units();
		ck_assert_msg(queue_put_nowait(q, "d", 1) == 1, "put_nowait on a full "
			      "Queue(3) must return 1 (Full)");
		fastest = fmin(fastest, now_units() - t0);
	}
	ck_assert_msg(fastest < 0.5, "put_nowait on a full queue took %.2f units "
		      "at best: it never waits", fastest);
	ck_assert_int_eq(queue_qsize(q), 3);
	get_str(q, "a");                /* the refused put changed nothing */
	ck_assert_int_eq(queue_put_nowait(q, "d", 1), 0);
	get_str(q, "b");
	get_str(q, "c");
	get_str(q, "d");
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_get_nowait_empty)
{
	struct queue *q = new_queue(3);
	char buf[QUEUE_MSG_MAX];
	size_t len;
	double t0, fastest = HUGE_VAL;

	for (int k = 0; k < 3; k++) {   /* the fastest of three, as above */
		t0 = now_units();
		ck_assert_msg(queue_get_nowait(q, buf, sizeof buf, &len) == 1,
			      "get_nowait on an empty queue must return 1 (Empty)");
		fastest = fmin(fastest, now_units() - t0);
	}
	ck_assert_msg(fastest < 0.5, "get_nowait on an empty queue took %.2f "
		      "units at best: it never waits", fastest);
	put_str(q, "a");
	ck_assert_int_eq(queue_get_nowait(q, buf, sizeof buf, &len), 0);
	ck_assert_msg(len == 1 && buf[0] == 'a', "get_nowait took the wrong message");
	ck_assert_int_eq(queue_get_nowait(q, buf, sizeof buf, &len), 1);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_oversize)
{
	struct queue *q = new_queue(1);
	static char big[QUEUE_MSG_MAX + 1];
	double t0;

	assert_fails_with(queue_put(q, big, QUEUE_MSG_MAX + 1), EMSGSIZE);
	assert_fails_with(queue_put_nowait(q, big, QUEUE_MSG_MAX + 1), EMSGSIZE);
	assert_fails_with(queue_put_timeout(q, big, QUEUE_MSG_MAX + 1, 1), EMSGSIZE);
	ck_assert_msg(queue_qsize(q) == 0, "a refused put left %d message(s) "
		      "in the queue", queue_qsize(q));
	/* Checked first: a full queue does not make it wait. */
	put_str(q, "a");
	t0 = now_units();
	assert_fails_with(queue_put_timeout(q, big, QUEUE_MSG_MAX + 1, 30), EMSGSIZE);
	assert_within(t0, 10);
	get_str(q, "a");
	ck_assert_int_eq(queue_put(q, big, QUEUE_MSG_MAX), 0);  /* the limit fits */
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_small_buffer)
{
	struct queue *q = new_queue(3);
	char buf[8];
	size_t len = 12345;

	put_str(q, "hello");
	put_str(q, "x");
	assert_fails_with(queue_get(q, buf, 4, &len), EMSGSIZE);
	assert_fails_with(queue_get_nowait(q, buf, 4, &len), EMSGSIZE);
	assert_fails_with(queue_get_timeout(q, buf, 4, &len, 1), EMSGSIZE);
	assert_fails_with(queue_get(q, NULL, 0, &len), EMSGSIZE);
	ck_assert_msg(queue_qsize(q) == 2, "a get refused for a small buffer must "
		      "take nothing: qsize went from 2 to %d", queue_qsize(q));
	get_str(q, "hello");            /* still at the head, whole */
	ck_assert_int_eq(queue_get(q, buf, 1, &len), 0);        /* exactly fits */
	ck_assert_int_eq(len, 1);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* Child: get into a 4-byte buffer, waiting on the empty queue.
   0: EMSGSIZE, or EBADF when the test closes the queue; 1: it took a
   message, 2: another errno. */
static int get_small(struct queue *q, void *arg)
{
	char buf[4];

	(void)arg;
	if (queue_get(q, buf, sizeof buf, NULL) == 0)
		return 1;
	return errno == EMSGSIZE || errno == EBADF ? 0 : 2;
}

/* Child: get into a big buffer, waiting on the empty queue; it says when
   it has the message.  1: error (EBADF: still waiting when the test
   closed the queue), 3: another message. */
static int get_big(struct queue *q, void *arg)
{
	struct shared *s = arg;
	char buf[QUEUE_MSG_MAX];
	size_t len;

	if (queue_get(q, buf, sizeof buf, &len) < 0)
		return 1;
	STORE(s->taken, 1);
	return len == 11 && memcmp(buf, "hello world", 11) == 0 ? 0 : 3;
}

/*
 * Two gets wait on the empty queue, the first with a buffer too small for
 * the message that comes.  Woken for it, the first fails with EMSGSIZE
 * and takes nothing; the message is still there, so the wake-up must not
 * end with it: the second get, whose buffer fits, must get the message.
 * Which waiter a signal wakes is the system's choice: three rounds, so
 * that the small one is woken first in one of them at least.
 */
static void small_then_big(void)
{
	struct queue *q = new_queue(3);
	struct shared *s = shared_new();
	pid_t small, big;
	double end;

	small = spawn(get_small, q, s);
	sleep_units(0.5);               /* the small one waits first */
	big = spawn(get_big, q, s);
	sleep_units(0.5);
	put_str(q, "hello world");
	end = now_units() + 10;         /* long, for a busy machine */
	while (!LOAD(s->taken) && now_units() < end)
		sleep_units(0.05);
	ck_assert_int_eq(queue_close(q), 0);    /* ends whichever still waits */
	ck_assert_child(big, "1: its get, whose buffer fits, was still waiting 10 "
			"units after the put, though the message was there: the get "
			"that failed with EMSGSIZE took the wake-up and did not pass "
			"it on, 3: it got another message");
	ck_assert_child(small, "1: a get with a 4-byte buffer took an 11-byte "
			"message, 2: it failed with another errno than EMSGSIZE");
	ck_assert_int_eq(queue_destroy(q), 0);
	ck_assert_int_eq(munmap(s, sizeof *s), 0);
}

START_TEST(test_small_buffer_passes_wakeup)
{
	for (int round = 0; round < 3; round++)
		small_then_big();
}
END_TEST

START_TEST(test_maxsize_default)
{
	struct queue *q = new_queue(0);
	int n = 0;

	/* Queue() in C: QUEUE_MAXSIZE_MAX messages. */
	while (n <= QUEUE_MAXSIZE_MAX && queue_put_nowait(q, "m", 1) == 0)
		n++;
	ck_assert_msg(n == QUEUE_MAXSIZE_MAX, "queue_create(0) took %d messages "
		      "before Full, want QUEUE_MAXSIZE_MAX (%d)", n, QUEUE_MAXSIZE_MAX);
	ck_assert_int_eq(queue_full(q), 1);
	ck_assert_int_eq(queue_qsize(q), QUEUE_MAXSIZE_MAX);
	ck_assert_int_eq(queue_destroy(q), 0);
	q = new_queue(-1);
	ck_assert_int_eq(queue_put_nowait(q, "m", 1), 0);
	ck_assert_int_eq(queue_full(q), 0);
	ck_assert_int_eq(queue_destroy(q), 0);
	errno = 0;
	ck_assert_msg(queue_create(QUEUE_MAXSIZE_MAX + 1) == NULL && errno == EINVAL,
		      "queue_create(QUEUE_MAXSIZE_MAX + 1) must fail with EINVAL");
}
END_TEST

/* Child: get "ping", put "pong".  1: get failed, 2: not "ping", 3: put failed. */
static int ping_pong(struct queue *q, void *arg)
{
	struct queue *back = arg;
	char buf[QUEUE_MSG_MAX];
	size_t len;

	if (queue_get(q, buf, sizeof buf, &len) < 0)
		return 1;
	if (len != 4 || memcmp(buf, "ping", 4) != 0)
		return 2;
	return queue_put(back, "pong", 4) < 0 ? 3 : 0;
}

START_TEST(test_shared_with_child)
{
	struct queue *q = new_queue(3), *back = new_queue(3);
	pid_t pid = spawn(ping_pong, q, back);

	put_str(q, "ping");
	get_str(back, "pong");
	ck_assert_child(pid, "1: its queue_get failed, 2: it got something else "
			"than \"ping\", 3: its queue_put failed");
	ck_assert_int_eq(queue_destroy(q), 0);
	ck_assert_int_eq(queue_destroy(back), 0);
}
END_TEST

/* Child: put into the full queue; it must wait for the test's get.
   1: put failed, 2: it returned before the get. */
static int put_waits(struct queue *q, void *arg)
{
	struct shared *s = arg;

	if (queue_put(q, "b", 1) < 0)
		return 1;
	return LOAD(s->flag) ? 0 : 2;
}

START_TEST(test_put_blocks_until_get)
{
	struct queue *q = new_queue(1);
	struct shared *s = shared_new();
	pid_t pid;

	put_str(q, "a");
	pid = spawn(put_waits, q, s);
	sleep_units(1);         /* the child is waiting by now, or soon */
	ck_assert_int_eq(queue_qsize(q), 1);
	STORE(s->flag, 1);
	get_str(q, "a");
	ck_assert_child(pid, "1: its queue_put failed, 2: queue_put on a full "
			"queue returned before any get made room");
	get_str(q, "b");
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* Child: get from the empty queue; it must wait for the test's put.
   1: get failed, 2: it returned before the put, 3: not the message. */
static int get_waits(struct queue *q, void *arg)
{
	struct shared *s = arg;
	char buf[QUEUE_MSG_MAX];
	size_t len;

	if (queue_get(q, buf, sizeof buf, &len) < 0)
		return 1;
	if (!LOAD(s->flag))
		return 2;
	return len == 1 && buf[0] == 'a' ? 0 : 3;
}

START_TEST(test_get_blocks_until_put)
{
	struct queue *q = new_queue(1);
	struct shared *s = shared_new();
	pid_t pid = spawn(get_waits, q, s);

	sleep_units(1);
	STORE(s->flag, 1);
	put_str(q, "a");
	ck_assert_child(pid, "1: its queue_get failed, 2: queue_get on an empty "
			"queue returned before any put, 3: it got another message");
	ck_assert_int_eq(queue_qsize(q), 0);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* ---- many producers, many consumers ---- */

static void wait_go(struct shared *s)
{
	while (!LOAD(s->go))
		sched_yield();
}

/* Producer p: put "p.i" for every i.  1: a put failed. */
static int produce(struct queue *q, void *arg)
{
	struct shared *s = arg;
	int p = ADD(s->flag, 1) - 1;
	char msg[32];

	wait_go(s);
	for (int i = 0; i < ITEMS; i++) {
		snprintf(msg, sizeof msg, "%d.%d", p, i);
		if (queue_put(q, msg, strlen(msg)) < 0)
			return 1;
	}
	return 0;
}

/* Consumer: get until told to stop; record every item.  1: a get failed. */
static int consume(struct queue *q, void *arg)
{
	struct shared *s = arg;
	int last[PRODUCERS], p, i, r;
	char msg[QUEUE_MSG_MAX + 1];
	size_t len;

	for (p = 0; p < PRODUCERS; p++)
		last[p] = -1;
	wait_go(s);
	while (!LOAD(s->stop)) {
		if ((r = queue_get_timeout(q, msg, QUEUE_MSG_MAX, &len, 0.1)) < 0)
			return 1;
		if (r == 1)
			continue;
		msg[len] = '\0';
		if (sscanf(msg, "%d.%d", &p, &i) != 2 || p < 0 || p >= PRODUCERS ||
		    i < 0 || i >= ITEMS) {
			ADD(s->bad_message, 1);
			continue;
		}
		if (i <= last[p])
			ADD(s->out_of_order, 1);
		last[p] = i;
		ADD(s->got[p][i], 1);
		ADD(s->taken, 1);
	}
	return 0;
}

/* Say which items were lost or got twice: the first few of each. */
static void assert_each_once(struct shared *s)
{
	char lost[128] = "", twice[128] = "";
	int nlost = 0, ntwice = 0;

	for (int p = 0; p < PRODUCERS; p++)
		for (int i = 0; i < ITEMS; i++) {
			int n = s->got[p][i];
			char *list = n == 0 ? lost : twice;

			if (n == 1)
				continue;
			if ((n == 0 ? nlost++ : ntwice++) < 5)
				snprintf(list + strlen(list), 128 - strlen(list),
					 " %d.%d", p, i);
		}
	ck_assert_msg(nlost == 0 && ntwice == 0 && s->bad_message == 0,
		      "%d producers x %d items through Queue(3) to %d consumers: "
		      "%d never got (%s ), %d got more than once (%s ), %d garbled",
		      PRODUCERS, ITEMS, CONSUMERS, nlost, lost, ntwice, twice,
		      s->bad_message);
}

START_TEST(test_many_producers_consumers)
{
	struct queue *q = new_queue(3);
	struct shared *s = shared_new();
	pid_t pp[PRODUCERS], cp[CONSUMERS];
	int codes[CONSUMERS];
	double end;

	for (int k = 0; k < CONSUMERS; k++)
		cp[k] = spawn(consume, q, s);
	for (int k = 0; k < PRODUCERS; k++)
		pp[k] = spawn(produce, q, s);
	STORE(s->go, 1);
	for (int k = 0; k < PRODUCERS; k++)
		ck_assert_child(pp[k], "1: a producer's queue_put failed");
	/* Every item put; give the consumers time to take the last ones. */
	end = now_units() + 20;
	while (LOAD(s->taken) < PRODUCERS * ITEMS && now_units() < end)
		sleep_units(0.05);
	sleep_units(0.2);               /* and any extra copy */
	STORE(s->stop, 1);
	for (int k = 0; k < CONSUMERS; k++)
		codes[k] = join_child(cp[k]);
	assert_each_once(s);
	ck_assert_msg(s->out_of_order == 0, "%d time(s) a consumer got a producer's "
		      "item after a later one of the same producer: one producer's "
		      "items must come out in the order it put them", s->out_of_order);
	for (int k = 0; k < CONSUMERS; k++)
		ck_assert_msg(codes[k] == 0, "consumer %d: %s", k, codes[k] == 1 ?
			      "its queue_get_timeout failed" : "it crashed or was killed");
	ck_assert_int_eq(queue_qsize(q), 0);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

#define HANDOFFS 200           /* items through Queue(1) */
#define STALL_UNITS 10          /* no item got for this long: a lost wake-up */

/* Producer: put HANDOFFS items, waiting for room each time.
   1: a put failed (EBADF: the test closed the queue on a stuck put). */
static int produce_one_by_one(struct queue *q, void *arg)
{
	struct shared *s = arg;
	char msg[32];

	wait_go(s);
	for (int i = 0; i < HANDOFFS; i++) {
		snprintf(msg, sizeof msg, "0.%d", i);
		if (queue_put(q, msg, strlen(msg)) < 0)
			return 1;
	}
	return 0;
}

/* Consumer: get, waiting each time, until the queue is closed.
   1: a get failed with another errno than EBADF, 2: a message no one put. */
static int consume_until_closed(struct queue *q, void *arg)
{
	struct shared *s = arg;
	char msg[QUEUE_MSG_MAX + 1];
	size_t len;
	int i;

	wait_go(s);
	while (queue_get(q, msg, QUEUE_MSG_MAX, &len) == 0) {
		msg[len] = '\0';
		if (sscanf(msg, "0.%d", &i) != 1 || i < 0 || i >= HANDOFFS)
			return 2;
		ADD(s->got[0][i], 1);
		ADD(s->taken, 1);
	}
	return errno == EBADF ? 0 : 1;
}

/*
 * One producer, three consumers, Queue(1), every call waiting: while the
 * producer waits for room, the consumers that found the queue empty wait
 * too.  A get's wake-up must reach a waiting PUT: with one condition
 * variable for both sides and signal, it often wakes another getter,
 * which finds nothing and sleeps again, and every process sleeps for
 * ever.  The test closes the queue once no item has been got for
 * STALL_UNITS, which ends such a wait with EBADF.
 */
START_TEST(test_one_putter_many_getters)
{
	struct queue *q = new_queue(1);
	struct shared *s = shared_new();
	pid_t producer, cp[CONSUMERS];
	int taken = 0, now_taken, lost = 0, twice = 0;
	double last = now_units();

	for (int k = 0; k < CONSUMERS; k++)
		cp[k] = spawn(consume_until_closed, q, s);
	producer = spawn(produce_one_by_one, q, s);
	STORE(s->go, 1);
	/* Wait while items keep coming: a slow machine is slow, not stuck. */
	while ((now_taken = LOAD(s->taken)) < HANDOFFS &&
	       now_units() - last < STALL_UNITS) {
		if (now_taken != taken) {
			taken = now_taken;
			last = now_units();
		}
		sleep_units(0.05);
	}
	ck_assert_int_eq(queue_close(q), 0);
	ck_assert_child(producer, "1: its queue_put was still waiting for room "
			"when the test closed the queue, no item got for a while: a "
			"get's wake-up went to another waiting get, not to the put");
	for (int k = 0; k < CONSUMERS; k++)
		ck_assert_child(cp[k], "1: its queue_get failed with another errno "
				"than EBADF, 2: it got a message no one put");
	for (int i = 0; i < HANDOFFS; i++) {
		lost += s->got[0][i] == 0;
		twice += s->got[0][i] > 1;
	}
	ck_assert_msg(lost == 0 && twice == 0, "%d items through Queue(1) to %d "
		      "consumers: %d never got, %d got more than once", HANDOFFS,
		      CONSUMERS, lost, twice);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/*
 * Keep the calling process on the i-th CPU it may use, so that two
 * workers truly run side by side.  With a single CPU there is nothing
 * to spread over.
 */
static void own_cpu(int i)
{
	cpu_set_t allowed, one;
	int n = 0;

	if (sched_getaffinity(0, sizeof allowed, &allowed) < 0)
		return;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed) || n++ != i % CPU_COUNT(&allowed))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof one, &one);
		return;
	}
}

#define QSIZE_UNITS 20          /* how long the qsize race runs at most */

/* Child: get one, put one, over and over: the queue holds 1 or 2.
   1: a get or put failed. */
static int churn(struct queue *q, void *arg)
{
	struct shared *s = arg;
	char buf[QUEUE_MSG_MAX];

	own_cpu(1);
	wait_go(s);
	while (!LOAD(s->stop)) {
		if (queue_get(q, buf, sizeof buf, NULL) < 0 || queue_put(q, "m", 1) < 0)
			return 1;
		ADD(s->rounds, 1);
	}
	return 0;
}

static const char *const calls[] = { "queue_qsize", "queue_empty", "queue_full" };

/* Record a wrong answer of calls[call]; the first one is kept. */
static void wrong_answer(struct shared *s, int call, int n)
{
	if (ADD(s->bad_qsize, 1) == 1) {
		STORE(s->bad_call, call);
		STORE(s->bad_value, n);
	}
}

/* Child: ask qsize, empty and full while churn runs, until one answers
   wrong or the time is up. */
static int watch_qsize(struct queue *q, void *arg)
{
	struct shared *s = arg;
	double end;
	long reads = 0;
	int n;

	own_cpu(0);
	wait_go(s);
	if (nudge_start(&s->rounds) < 0) {
		STORE(s->stop, 1);
		return 1;
	}
	end = now_units() + QSIZE_UNITS;
	while (now_units() < end && !LOAD(s->bad_qsize)) {
		for (int k = 0; k < 100; k++, reads++) {
			if ((n = queue_qsize(q)) != 1 && n != 2)
				wrong_answer(s, 0, n);
			if ((n = queue_empty(q)) != 0)
				wrong_answer(s, 1, n);
			if ((n = queue_full(q)) != 0)
				wrong_answer(s, 2, n);
		}
	}
	nudge_stop();
	STORE(s->reads, reads);
	STORE(s->stop, 1);
	return 0;
}

/*
 * The queue always holds 1 or 2 messages while one process gets one and
 * puts one back, over and over: every qsize must say 1 or 2, empty and
 * full 0.  A qsize that reads two fields (head and tail, say) without the
 * lock mixes two moments and says 0, 3 or worse, now and then.  Left
 * alone that is a few times in millions of reads, and on one CPU hardly
 * ever (the watcher must lose the CPU between the two reads): so the
 * watcher is nudged (labtest.h), and churn gets and puts twice at each
 * nudge that stops it, and the test reads for up to QSIZE_UNITS.
 */
START_TEST(test_qsize_consistent)
{
	struct queue *q = new_queue(4);
	struct shared *s = shared_new();
	pid_t worker, watcher;

	put_str(q, "m");
	put_str(q, "m");
	worker = spawn(churn, q, s);
	watcher = spawn(watch_qsize, q, s);
	STORE(s->go, 1);
	ck_assert_child(watcher, "1: no SIGALRM timer");
	ck_assert_child(worker, "1: its queue_get or queue_put failed");
	ck_assert_msg(s->bad_qsize == 0, "the queue held 1 or 2 messages all along "
		      "(one process got one and put one back, over and over), yet "
		      "%s returned %d after %ld rounds of qsize, empty and full: "
		      "read the queue's fields under its lock", calls[s->bad_call],
		      s->bad_value, s->reads);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* ---- timeouts ---- */

START_TEST(test_put_timeout_expires)
{
	struct queue *q = new_queue(1);
	double t0, t1;

	put_str(q, "a");
	t0 = now_units();
	ck_assert_msg(queue_put_timeout(q, "b", 1, 1) == 1, "put(timeout=1) on a "
		      "full queue must return 1 (Full)");
	t1 = now_units();
	ck_assert_msg(t1 - t0 >= 1 - EPS, "put(timeout=1) reported Full after %.3f "
		      "units, before its timeout of 1 unit: is the deadline "
		      "absolute (now + timeout)?", t1 - t0);
	ck_assert_int_eq(queue_put_timeout(q, "b", 1, 0.5), 1);
	assert_waited(t1, 0.5);
	ck_assert_int_eq(queue_qsize(q), 1);
	get_str(q, "a");
	t0 = now_units();
	ck_assert_int_eq(queue_put_timeout(q, "b", 1, 30), 0);  /* room: at once */
	assert_within(t0, 10);
	get_str(q, "b");
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_get_timeout_expires)
{
	struct queue *q = new_queue(1);
	char buf[QUEUE_MSG_MAX];
	double t0, t1;

	t0 = now_units();
	ck_assert_msg(queue_get_timeout(q, buf, sizeof buf, NULL, 1) == 1,
		      "get(timeout=1) on an empty queue must return 1 (Empty)");
	t1 = now_units();
	ck_assert_msg(t1 - t0 >= 1 - EPS, "get(timeout=1) reported Empty after %.3f "
		      "units, before its timeout of 1 unit: is the deadline "
		      "absolute (now + timeout)?", t1 - t0);
	ck_assert_int_eq(queue_get_timeout(q, buf, sizeof buf, NULL, 0.5), 1);
	assert_waited(t1, 0.5);
	put_str(q, "a");
	t0 = now_units();
	ck_assert_int_eq(queue_get_timeout(q, buf, sizeof buf, NULL, 30), 0);
	assert_within(t0, 10);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/*
 * About 30 units, made a whole number of seconds less a microsecond: the
 * deadline's nanoseconds (now's plus 999999000) then pass a whole second
 * nearly every time, and must be carried into its seconds -- a timespec
 * with tv_nsec of a second or more is refused with EINVAL.
 */
static double almost_whole_seconds(void)
{
	double sec = floor(30.0 * unit_ms() / 1000) + 1 - 1e-6;

	return sec * 1000 / unit_ms();
}

/* Child: put(timeout=almost_whole_seconds()) into the full queue; the test gets after 1 unit.
   1: error, 2: Full, 3: before the get, 4: 20 units or more. */
static int put_timeout_gets_room(struct queue *q, void *arg)
{
	struct shared *s = arg;
	double t0 = now_units();
	int r = queue_put_timeout(q, "b", 1, almost_whole_seconds());

	if (r < 0)
		return 1;
	if (r == 1)
		return 2;
	if (!LOAD(s->flag))
		return 3;
	return now_units() - t0 < 20 ? 0 : 4;
}

START_TEST(test_put_timeout_wakes_on_get)
{
	struct queue *q = new_queue(1);
	struct shared *s = shared_new();
	pid_t pid;

	put_str(q, "a");
	pid = spawn(put_timeout_gets_room, q, s);
	sleep_units(1);
	STORE(s->flag, 1);
	get_str(q, "a");
	ck_assert_child(pid, "1: queue_put_timeout(about 30) failed (EINVAL? "
			"carry the deadline's nanoseconds into its seconds), "
			"2: it reported Full "
			"though a get made room, 3: it returned before the get, 4: "
			"it took 20 units or more: a get must wake a waiting put");
	get_str(q, "b");
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* Child: get(timeout=almost_whole_seconds()) from the empty queue; the test puts after 1 unit.
   1: error, 2: Empty, 3: before the put, 4: 20 units or more. */
static int get_timeout_gets_message(struct queue *q, void *arg)
{
	struct shared *s = arg;
	char buf[QUEUE_MSG_MAX];
	double t0 = now_units();
	int r = queue_get_timeout(q, buf, sizeof buf, NULL, almost_whole_seconds());

	if (r < 0)
		return 1;
	if (r == 1)
		return 2;
	if (!LOAD(s->flag))
		return 3;
	return now_units() - t0 < 20 ? 0 : 4;
}

START_TEST(test_get_timeout_wakes_on_put)
{
	struct queue *q = new_queue(1);
	struct shared *s = shared_new();
	pid_t pid = spawn(get_timeout_gets_message, q, s);

	sleep_units(1);
	STORE(s->flag, 1);
	put_str(q, "a");
	ck_assert_child(pid, "1: queue_get_timeout(about 30) failed (EINVAL? "
			"carry the deadline's nanoseconds into its seconds), "
			"2: it reported Empty "
			"though a put came, 3: it returned before the put, 4: it "
			"took 20 units or more: a put must wake a waiting get");
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_timeout_zero_negative)
{
	struct queue *q = new_queue(1);
	char buf[QUEUE_MSG_MAX];
	double t0, fastest = HUGE_VAL;

	/*
	 * As multiprocessing's put(timeout=-1): only look.  The fastest of
	 * three rounds is timed: a busy machine may stop the test for a
	 * while in one round, but a call that waits waits in every round.
	 */
	for (int round = 0; round < 3; round++) {
		t0 = now_units();
		ck_assert_int_eq(queue_get_timeout(q, buf, sizeof buf, NULL, 0), 1);
		ck_assert_int_eq(queue_get_timeout(q, buf, sizeof buf, NULL, -1), 1);
		ck_assert_int_eq(queue_get_timeout(q, buf, sizeof buf, NULL, NAN), 1);
		ck_assert_int_eq(queue_put_timeout(q, "a", 1, -1), 0);  /* room: put */
		ck_assert_int_eq(queue_put_timeout(q, "b", 1, 0), 1);
		ck_assert_int_eq(queue_put_timeout(q, "b", 1, -1), 1);
		ck_assert_int_eq(queue_put_timeout(q, "b", 1, -0.5), 1);
		ck_assert_int_eq(queue_get_timeout(q, buf, sizeof buf, NULL, -1), 0);
		ck_assert_int_eq(buf[0], 'a');
		fastest = fmin(fastest, now_units() - t0);
	}
	ck_assert_msg(fastest < 0.5, "timeouts of 0 and less took %.2f units at "
		      "best: they only look, they never wait", fastest);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* Child: put(timeout=NO_TIMEOUT) waits for the get.
   1: not 0, 2: before the get. */
static int none_waits(struct queue *q, void *arg)
{
	struct shared *s = arg;

	if (queue_put_timeout(q, "b", 1, NO_TIMEOUT) != 0)
		return 1;
	return LOAD(s->flag) ? 0 : 2;
}

START_TEST(test_timeout_none_waits)
{
	struct queue *q = new_queue(1);
	struct shared *s = shared_new();
	pid_t pid;

	put_str(q, "a");
	pid = spawn(none_waits, q, s);
	sleep_units(1.5);
	STORE(s->flag, 1);
	get_str(q, "a");
	ck_assert_child(pid, "1: queue_put_timeout(NO_TIMEOUT) did not return 0, "
			"2: it returned before a get made room");
	get_str(q, "b");
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

#define DEADLINE_UNITS 6        /* the timed put's timeout */
#define EVENT_UNITS 3.0         /* when something wakes it before that */

/*
 * Child: put(timeout=DEADLINE_UNITS) into the full queue; a SIGALRM
 * comes EVENT_UNITS in when arg's flag is 2.  It records how long the
 * put took.  0: Full, 1: error, 3: it put, 5: no alarm.
 */
static int put_until_deadline(struct queue *q, void *arg)
{
	struct shared *s = arg;
	double t0;
	int r;

	if (LOAD(s->flag) == 2 && (catch_alarm() < 0 || alarm_in(EVENT_UNITS) < 0))
		return 5;
	STORE(s->ready, 1);
	t0 = now_units();
	r = queue_put_timeout(q, "b", 1, DEADLINE_UNITS);
	s->took = now_units() - t0;
	if (r < 0)
		return 1;
	return r == 1 ? 0 : 3;
}

/*
 * A timed put woken before its time without room -- by a get whose room
 * the test takes back at once (flag 1), or by a signal (flag 2) -- waits
 * on until the SAME deadline: it reports Full DEADLINE_UNITS after the
 * call, not DEADLINE_UNITS after the wake-up (EVENT_UNITS later).
 */
static void assert_deadline_kept(struct queue *q, struct shared *s, int how)
{
	char buf[QUEUE_MSG_MAX];
	pid_t pid;
	int status, code = -1;

	STORE(s->flag, how);
	STORE(s->ready, 0);
	pid = spawn(put_until_deadline, q, s);
	while (!LOAD(s->ready))
		sleep_units(0.01);
	sleep_units(EVENT_UNITS);       /* so the event comes that late */
	if (how == 1) {
		/* Stopped, the child cannot take the room before the test
		   takes it back: the get's wake-up reaches it, the room not. */
		ck_assert_int_eq(kill(pid, SIGSTOP), 0);
		while (waitpid(pid, &status, WUNTRACED) < 0)
			ck_assert_int_eq(errno, EINTR);
		if (WIFSTOPPED(status)) {
			ck_assert_int_eq(queue_get(q, buf, sizeof buf, NULL), 0);
			ck_assert_int_eq(queue_put_nowait(q, "a", 1), 0);
			ck_assert_int_eq(kill(pid, SIGCONT), 0);
		} else {        /* a very busy machine: it ended first */
			code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
		}
	}
	ck_assert_exit(code == -1 ? join_child(pid) : code, "1: queue_put_timeout "
		       "failed, 3: it put into a full queue, 5: the test could not "
		       "set its alarm");
	ck_assert_msg(s->took >= DEADLINE_UNITS - EPS, "put(timeout=%d) reported "
		      "Full after %.2f units", DEADLINE_UNITS, s->took);
	/* Resumed with a new deadline, it takes EVENT_UNITS + DEADLINE_UNITS
	   at least: 9 units.  Right, it takes 6: 2.5 units of room for a
	   busy machine. */
	ck_assert_msg(s->took < DEADLINE_UNITS + 2.5, "put(timeout=%d), woken %g units "
		      "in by %s, reported Full only %.2f units after the call: "
		      "the deadline is computed once, before the wait loop, and "
		      "kept when the wait resumes", DEADLINE_UNITS, EVENT_UNITS,
		      how == 1 ? "a get (the room taken again at once)" : "a signal",
		      s->took);
}

START_TEST(test_timeout_is_a_deadline)
{
	struct queue *q = new_queue(1);
	struct shared *s = shared_new();

	put_str(q, "a");
	assert_deadline_kept(q, s, 1);
	assert_deadline_kept(q, s, 2);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/*
 * Child: PROMPT_TRIALS times, wait in put (arg's flag 1: the queue is
 * full) or get (0: empty) until the test gets or puts, and time how late
 * it woke after the test's call.  1: a put or get failed.
 */
static int wake_late(struct queue *q, void *arg)
{
	struct shared *s = arg;
	char buf[QUEUE_MSG_MAX];
	int r;

	for (int k = 0; k < PROMPT_TRIALS; k++) {
		r = LOAD(s->flag) ? queue_put(q, "m", 1) :
				    queue_get(q, buf, sizeof buf, NULL);
		if (r < 0)
			return 1;
		s->late[k] = now_units() - s->at;      /* the queue's lock ordered it */
		STORE(s->trials, k + 1);
	}
	return 0;
}

/*
 * A waiting put (get) returns as soon as a get (put) lets it: the median
 * lateness of PROMPT_TRIALS wake-ups, the test's calls made at phases
 * spread over a unit, so a waiter that polls (sleep a unit, look again)
 * cannot be lucky in all.
 */
static void assert_prompt(int in_put)
{
	struct queue *q = new_queue(1);
	struct shared *s = shared_new();
	char buf[QUEUE_MSG_MAX];
	pid_t pid;

	STORE(s->flag, in_put);
	if (in_put)
		put_str(q, "m");
	pid = spawn(wake_late, q, s);
	for (int k = 0; k < PROMPT_TRIALS; k++) {
		sleep_units(0.5 + (double)k / PROMPT_TRIALS);  /* it waits by now */
		s->at = now_units();
		if (in_put)
			ck_assert_int_eq(queue_get(q, buf, sizeof buf, NULL), 0);
		else
			put_str(q, "m");
		while (LOAD(s->trials) <= k)
			sleep_units(0.01);
	}
	ck_assert_child(pid, "1: its queue_put or queue_get failed");
	ck_assert_msg(median(s->late, PROMPT_TRIALS) < PROMPT_UNITS,
		      "a waiting %s returned a median %.2f units after the %s that "
		      "let it (at most %.2f): does it poll, sleeping between looks?",
		      in_put ? "put" : "get", median(s->late, PROMPT_TRIALS),
		      in_put ? "get" : "put", PROMPT_UNITS);
	ck_assert_int_eq(queue_destroy(q), 0);
}

START_TEST(test_get_prompt)
{
	assert_prompt(0);
}
END_TEST

START_TEST(test_put_prompt)
{
	assert_prompt(1);
}
END_TEST

/* ---- close ---- */

/* Child: close the queue.  1: close failed. */
static int close_it(struct queue *q, void *arg)
{
	(void)arg;
	return queue_close(q) < 0 ? 1 : 0;
}

START_TEST(test_close_refuses)
{
	struct queue *q = new_queue(3);
	char buf[QUEUE_MSG_MAX];

	put_str(q, "a");
	/* Closed by a child: closed for every process. */
	ck_assert_child(spawn(close_it, q, NULL), "1: queue_close failed");
	assert_fails_with(queue_put(q, "b", 1), EBADF);
	assert_fails_with(queue_put_nowait(q, "b", 1), EBADF);
	assert_fails_with(queue_put_timeout(q, "b", 1, 1), EBADF);
	assert_fails_with(queue_get(q, buf, sizeof buf, NULL), EBADF);
	assert_fails_with(queue_get_nowait(q, buf, sizeof buf, NULL), EBADF);
	assert_fails_with(queue_get_timeout(q, buf, sizeof buf, NULL, 1), EBADF);
	ck_assert_int_eq(queue_close(q), 0);            /* again: nothing */
	ck_assert_msg(queue_qsize(q) == 1, "qsize after close: %d, want the 1 "
		      "message still in it", queue_qsize(q));
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* Child: wait in get (or put, when arg is not NULL) until closed.
   1: it returned 0 or 1, 2: wrong errno. */
static int wait_for_close(struct queue *q, void *arg)
{
	char buf[QUEUE_MSG_MAX];
	int r = arg == NULL ? queue_get(q, buf, sizeof buf, NULL) :
			      queue_put_timeout(q, "x", 1, 300);

	if (r != -1)
		return 1;
	return errno == EBADF ? 0 : 2;
}

/* Three children wait in get (put); close must wake every one. */
static void assert_close_wakes(int in_put)
{
	struct queue *q = new_queue(1);
	pid_t pids[3];

	if (in_put)
		put_str(q, "a");
	for (int k = 0; k < 3; k++)
		pids[k] = spawn(wait_for_close, q, in_put ? q : NULL);
	sleep_units(1);         /* all three are waiting by now */
	ck_assert_int_eq(queue_close(q), 0);
	for (int k = 0; k < 3; k++)
		ck_assert_child(pids[k], in_put ?
				"1: its waiting put returned without EBADF after close, "
				"2: it failed with another errno" :
				"1: its waiting get returned without EBADF after close, "
				"2: it failed with another errno");
	ck_assert_int_eq(queue_destroy(q), 0);
}

START_TEST(test_close_wakes_getters)
{
	assert_close_wakes(0);
}
END_TEST

START_TEST(test_close_wakes_putters)
{
	assert_close_wakes(1);
}
END_TEST

/* ---- signals ---- */

/* Child: a signal half-way through must not end the get.
   1: EINTR, 2: other error, 3: before the put, 5: no alarm. */
static int get_through_signal(struct queue *q, void *arg)
{
	struct shared *s = arg;
	char buf[QUEUE_MSG_MAX];

	if (catch_alarm() < 0 || alarm_in(0.5) < 0)
		return 5;
	if (queue_get(q, buf, sizeof buf, NULL) < 0)
		return errno == EINTR ? 1 : 2;
	return LOAD(s->flag) ? 0 : 3;
}

START_TEST(test_get_survives_signal)
{
	struct queue *q = new_queue(1);
	struct shared *s = shared_new();
	pid_t pid = spawn(get_through_signal, q, s);

	sleep_units(1.5);       /* the child's alarm rings after 0.5 */
	STORE(s->flag, 1);
	put_str(q, "a");
	ck_assert_child(pid, "1: queue_get gave up with EINTR when a signal came "
			"(it must wait on), 2: queue_get failed, 3: it returned "
			"before the put, 5: the test could not set its alarm");
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_put_timeout_survives_signal)
{
	struct queue *q = new_queue(1);
	double t0;

	put_str(q, "a");
	ck_assert_int_eq(catch_alarm(), 0);
	t0 = now_units();
	ck_assert_int_eq(alarm_in(0.5), 0);
	ck_assert_int_eq(queue_put_timeout(q, "b", 1, 1.5), 1);        /* the full 1.5 */
	assert_waited(t0, 1.5);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* ---- resources ---- */

START_TEST(test_destroy_unmaps)
{
	int before = count_mappings(), fds = open_fds();
	struct queue *q;

	ck_assert_int_ge(before, 0);
	ck_assert_int_ge(fds, 0);
	q = new_queue(3);
	put_str(q, "a");
	ck_assert_int_eq(queue_put_nowait(q, "b", 1), 0);
	get_str(q, "a");
	ck_assert_int_eq(queue_get_timeout(q, NULL, 0, NULL, 0.1), -1);  /* b: too big */
	ck_assert_int_eq(queue_close(q), 0);
	ck_assert_int_eq(queue_destroy(q), 0);
	ck_assert_msg(count_mappings() == before, "%d mappings before queue_create, %d "
		      "after queue_destroy: munmap what queue_create mapped",
		      before, count_mappings());
	ck_assert_msg(open_fds() == fds, "%d descriptors open before queue_create, "
		      "%d after queue_destroy: close what the queue opens", fds,
		      open_fds());
}
END_TEST

static Suite *make_queue_suite(void)
{
	Suite *s = suite_create("queue");
	TCase *core, *timeout, *closing, *signals, *race;

	core = add_tcase(s, "core", 10);
	tcase_add_test(core, test_create_destroy);
	tcase_add_test(core, test_put_get);
	tcase_add_test(core, test_fifo);
	tcase_add_test(core, test_full_after_maxsize);
	tcase_add_test(core, test_put_nowait_full);
	tcase_add_test(core, test_get_nowait_empty);
	tcase_add_test(core, test_oversize);
	tcase_add_test(core, test_small_buffer);
	tcase_add_test(core, test_small_buffer_passes_wakeup);
	tcase_add_test(core, test_maxsize_default);
	tcase_add_test(core, test_shared_with_child);
	tcase_add_test(core, test_put_blocks_until_get);
	tcase_add_test(core, test_get_blocks_until_put);
	tcase_add_test(core, test_destroy_unmaps);

	timeout = add_tcase(s, "timeout", 20);  /* test_timeout_is_a_deadline: 12 */
	tcase_add_test(timeout, test_put_timeout_expires);
	tcase_add_test(timeout, test_get_timeout_expires);
	tcase_add_test(timeout, test_put_timeout_wakes_on_get);
	tcase_add_test(timeout, test_get_timeout_wakes_on_put);
	tcase_add_test(timeout, test_timeout_zero_negative);
	tcase_add_test(timeout, test_timeout_none_waits);
	tcase_add_test(timeout, test_timeout_is_a_deadline);
	tcase_add_test(timeout, test_get_prompt);
	tcase_add_test(timeout, test_put_prompt);

	closing = add_tcase(s, "close", 10);
	tcase_add_test(closing, test_close_refuses);
	tcase_add_test(closing, test_close_wakes_getters);
	tcase_add_test(closing, test_close_wakes_putters);

	signals = add_tcase(s, "signals", 10);
	tcase_add_test(signals, test_get_survives_signal);
	tcase_add_test(signals, test_put_timeout_survives_signal);

	/* Up to 20 units for the last items, more on a loaded machine;
	   QSIZE_UNITS for the qsize race. */
	race = add_tcase(s, "race", 40);
	tcase_add_test(race, test_many_producers_consumers);
	tcase_add_test(race, test_one_putter_many_getters);
	tcase_add_test(race, test_qsize_consistent);
	return s;
}

int main(void)
{
	return run_suite(make_queue_suite());
}
