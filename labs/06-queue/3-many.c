/*
 * 3-many.c - many producers, many consumers, one queue.
 *
 *     ./3-many [PRODUCERS [CONSUMERS [ITEMS [MAXSIZE]]]]   (3 2 20 3)
 *
 * Producer p puts "p.0", "p.1", ... "p.ITEMS-1"; each consumer gets and
 * prints what it got.  What a queue promises, and the grader checks:
 *   - every item is got exactly once: none lost, none twice;
 *   - one producer's items come out in the order it put them, so each
 *     consumer sees any one producer's numbers increase.
 * Nothing promises an order BETWEEN producers, nor which consumer gets what.
 *
 * The parent ends the consumers by closing the queue once every producer
 * has been joined and the queue is empty: each consumer's get (blocked,
 * or the next one) then fails with EBADF.  (Lab 08 does it Python's way,
 * with a sentinel per consumer.)
 */
#include "queue.h"
#include "proclab.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static void producer(struct queue *q, int p, int items)
{
	char msg[32];

	for (int i = 0; i < items; i++) {
		snprintf(msg, sizeof msg, "%d.%d", p, i);
		if (queue_put(q, msg, strlen(msg)) < 0)
			unix_error("queue_put");
	}
}

/* Get and print until the queue is closed. */
static void consumer(struct queue *q, int c)
{
	char msg[QUEUE_MSG_MAX + 1];
	size_t len;

	while (queue_get(q, msg, sizeof msg - 1, &len) == 0) {
		msg[len] = '\0';
		printf("consumer %d got %s\n", c, msg);
	}
	if (errno != EBADF)
		unix_error("queue_get");
}

/* Start n children running fn(q, k, arg) for k = 0 .. n-1. */
static void start(pid_t *pids, int n, void (*fn)(struct queue *, int, int),
		  struct queue *q, int arg)
{
	for (int k = 0; k < n; k++)
		if ((pids[k] = Fork()) == 0) {
			fn(q, k, arg);
			exit(0);
		}
}

static void run_consumer(struct queue *q, int c, int unused)
{
	(void)unused;
	consumer(q, c);
}

/*
 * Join consumer k, whom close should have ended.  One still waiting in
 * get after 10 units never will be: it is killed, and the parent says so.
 * Returns 1 when it was stuck.
 */
static int join_closed(pid_t pid, int k)
{
	double end = now_units() + 10;
	int status;

	while (Waitpid(pid, &status, WNOHANG) == 0) {
		if (now_units() > end) {
			printf("parent: consumer %d still waiting after close\n", k);
			if (kill(pid, SIGKILL) < 0)
				unix_error("kill");
			Waitpid(pid, &status, 0);
			return 1;
		}
		sleep_units(0.05);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fprintf(stderr, "consumer %d failed\n", k);
	return 0;
}

/* Join the n children: each must have exited 0. */
static void join_all(const pid_t *pids, int n, const char *who)
{
	int status;

	for (int k = 0; k < n; k++) {
		Waitpid(pids[k], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fprintf(stderr, "%s %d failed\n", who, k);
	}
}

static int arg(int argc, char **argv, int i, int dflt)
{
	return argc > i ? atoi(argv[i]) : dflt;
}

int main(int argc, char **argv)
{
	int producers = arg(argc, argv, 1, 3), consumers = arg(argc, argv, 2, 2);
	int items = arg(argc, argv, 3, 20), maxsize = arg(argc, argv, 4, 3);
	pid_t pp[64], cp[64];
	struct queue *q;
	int n, stuck = 0;

	if (producers < 1 || producers > 64 || consumers < 1 || consumers > 64) {
		fprintf(stderr, "usage: %s [PRODUCERS [CONSUMERS [ITEMS [MAXSIZE]]]] "
			"(1 to 64 of each)\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((q = queue_create(maxsize)) == NULL)
		unix_error("queue_create");
	printf("parent: %d producers x %d items, %d consumers, Queue(%d)\n",
	       producers, items, consumers, maxsize);
	start(cp, consumers, run_consumer, q, 0);
	start(pp, producers, producer, q, items);
	join_all(pp, producers, "producer");
	printf("parent: producers joined\n");
	/* The last items may still be in the queue: wait until they are got. */
	while ((n = queue_qsize(q)) > 0)
		sleep_units(0.05);
	if (n < 0)
		unix_error("queue_qsize");
	if (queue_close(q) < 0)
		unix_error("queue_close");
	for (int k = 0; k < consumers; k++)
		stuck += join_closed(cp[k], k);
	if (stuck > 0)
		return 1;
	printf("parent: consumers joined\n");
	if (queue_destroy(q) < 0)
		unix_error("queue_destroy");
	return 0;
}
