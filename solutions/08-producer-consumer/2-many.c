/*
 * 2-many.c - 3 producers, 2 consumers, one queue: the seeds' open
 * question answered.  Each consumer needs a sentinel of its own, and the
 * sentinels go in only after every producer has been joined:
 *
 *     producers = [Process(target=producer, args=(q, i)) for i in range(3)]
 *     consumers = [Process(target=consumer, args=(q, c)) for c in range(2)]
 *     for p in producers + consumers: p.start()
 *     for p in producers: p.join()
 *     for c in consumers: q.put(None)     # one each, after the joins
 *     for c in consumers: c.join()
 *
 * Every item is got exactly once, by one consumer or the other, and each
 * producer's items reach a consumer in the order they were put.
 *
 * Usage: 2-many [PRODUCERS CONSUMERS ITEMS PAUSE]   (default 3 2 5 0.1)
 * Each producer puts ITEMS items, pausing PAUSE units before each.
 */
#include "prodcons.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXPROC 16

static void producer(struct queue *q, int i, int items, double pause)
{
	char item[32];

	for (int j = 0; j < items; j++) {
		sleep_units(pause);
		snprintf(item, sizeof item, "p%d item %d", i, j);
		if (queue_put(q, item, strlen(item)) < 0)
			unix_error("queue_put");
	}
	printf("producer %d done\n", i);
}

static int print_item(void *arg, const char *item, size_t len)
{
	(void)len;
	printf("consumer %d got %s\n", *(int *)arg, item);
	return 0;
}

static void consumer(struct queue *q, int c)
{
	long n = pc_consume(q, print_item, &c);

	if (n < 0)
		unix_error("pc_consume");
	printf("consumer %d exits after %ld items\n", c, n);
}

int main(int argc, char **argv)
{
	int np = argc > 1 ? atoi(argv[1]) : 3, nc = argc > 2 ? atoi(argv[2]) : 2;
	int items = argc > 3 ? atoi(argv[3]) : 5;
	double pause = argc > 4 ? atof(argv[4]) : 0.1;
	pid_t producers[MAXPROC], consumers[MAXPROC];
	struct queue *q;
	int r;

	if (np < 1 || np > MAXPROC || nc < 1 || nc > MAXPROC || items < 0) {
		fprintf(stderr, "usage: %s [PRODUCERS CONSUMERS ITEMS PAUSE]\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((q = queue_create(0)) == NULL)
		unix_error("queue_create");
	for (int i = 0; i < np; i++)
		if ((producers[i] = Fork()) == 0) {
			producer(q, i, items, pause);
			exit(0);
		}
	for (int c = 0; c < nc; c++)
		if ((consumers[c] = Fork()) == 0) {
			consumer(q, c);
			exit(0);
		}
	if ((r = pc_stop(q, producers, np, nc)) < 0)
		unix_error("pc_stop");
	if (r == 1)
		printf("parent: a producer failed\n");
	for (int c = 0; c < nc; c++)
		Waitpid(consumers[c], NULL, 0);
	printf("parent: all consumers exited\n");
	if (queue_destroy(q) < 0)
		unix_error("queue_destroy");
	return 0;
}
