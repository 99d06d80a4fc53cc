/*
 * 1-seed-hang.c - the seeds' program as the seeds wrote it: it never
 * ends.  The consumer waits for a None that nobody sends:
 *
 *     p.start(); c.start()
 *     p.join()
 *     c.join()                # waits for ever: the consumer is in q.get()
 *
 * The consumer gets the five items, then blocks in get on an empty
 * queue; the parent blocks in waitpid on the consumer.  Nothing will
 * ever wake either: the producer is gone.  The grader's time limit is
 * what ends the run.  1-seed.c is the fixed twin: pc_stop joins the
 * producer, then puts the sentinel.
 */
#include "prodcons.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEMS 5

static void producer(struct queue *q)
{
	char item[32];

	for (int i = 0; i < ITEMS; i++) {
		sleep_units(0.2);
		snprintf(item, sizeof item, "item %d", i);
		if (queue_put(q, item, strlen(item)) < 0)
			unix_error("queue_put");
	}
	printf("producer: done\n");
}

static int print_item(void *arg, const char *item, size_t len)
{
	(void)arg;
	(void)len;
	printf("consumer: got %s\n", item);
	return 0;
}

int main(void)
{
	struct queue *q;
	pid_t p, c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((q = queue_create(0)) == NULL)
		unix_error("queue_create");
	if ((p = Fork()) == 0) {
		producer(q);
		exit(0);
	}
	if ((c = Fork()) == 0) {
		if (pc_consume(q, print_item, NULL) < 0)
			unix_error("pc_consume");
		printf("consumer: done\n");     /* never printed */
		exit(0);
	}
	/* slide: hang */
	Waitpid(p, NULL, 0);
	printf("parent: producer joined; joining the consumer ...\n");
	Waitpid(c, NULL, 0);                    /* hangs here */
	/* slide end */
	printf("parent: done\n");
	return 0;
}
