/*
 * 1-seed.c - the seeds' producer and consumer, with the line the seeds'
 * program lacks: the parent puts the sentinel (Python's None) once the
 * producer has been joined, and the consumer stops at it.
 *
 *     def producer(q):
 *         for i in range(5):
 *             time.sleep(0.2)
 *             q.put(f"item {i}")
 *         print("producer: done")
 *
 *     def consumer(q):
 *         while True:
 *             item = q.get()
 *             if item is None:
 *                 break
 *             print("consumer: got", item)
 *         print("consumer: done")
 *
 *     q = Queue()
 *     p = Process(target=producer, args=(q,))
 *     c = Process(target=consumer, args=(q,))
 *     p.start(); c.start()
 *     p.join()
 *     q.put(None)             # 1-seed-hang.c: the seeds' program, without it
 *     c.join()
 *
 * The queue is your lab 06 queue; the sentinel is the empty message.
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

static void consumer(struct queue *q)
{
	if (pc_consume(q, print_item, NULL) < 0)
		unix_error("pc_consume");
	printf("consumer: done\n");
}

int main(void)
{
	struct queue *q;
	pid_t p, c;

	setvbuf(stdout, NULL, _IOLBF, 0);       /* each line at once, in order */
	if ((q = queue_create(0)) == NULL)      /* before fork: shared */
		unix_error("queue_create");
	/* slide: seed */
	if ((p = Fork()) == 0) {
		producer(q);
		exit(0);
	}
	if ((c = Fork()) == 0) {
		consumer(q);
		exit(0);
	}
	/* p.join(), then q.put(None): one producer, one consumer. */
	if (pc_stop(q, &p, 1, 1) != 0)
		unix_error("pc_stop");
	Waitpid(c, NULL, 0);
	/* slide end */
	if (queue_destroy(q) < 0)
		unix_error("queue_destroy");
	return 0;
}
