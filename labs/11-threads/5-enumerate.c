/*
 * 5-enumerate.c - active_count and enumerate: the main thread and three
 * workers, which wait until main lets them go.  While they wait there
 * are 4 threads alive; once they have returned, only the main thread,
 * joined or not.
 *
 *     for i in range(3): Thread(target=wait_for_go, name=f"worker-{i}").start()
 *     print(threading.active_count(), [t.name for t in threading.enumerate()])
 */
#include "thread.h"
#include "proclab.h"

#include <pthread.h>
#include <stdio.h>

#define N 3

/* go_lock protects go; go_set is signalled when go becomes 1. */
static pthread_mutex_t go_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go_set = PTHREAD_COND_INITIALIZER;
static int go;

static void wait_for_go(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&go_lock);
	while (!go)
		pthread_cond_wait(&go_set, &go_lock);
	pthread_mutex_unlock(&go_lock);
}

static void show(const char *when)
{
	struct thread *list[16];
	int n = thread_enumerate(list, 16);

	printf("main: %s: active_count %d, enumerate", when, thread_active_count());
	for (int i = 0; i < n; i++)
		printf(" %s", list[i]->name);
	printf("\n");
}

int main(void)
{
	struct thread ts[N];
	char name[32];
	int alive;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof name, "worker-%d", i);
		thread_init(&ts[i], name, wait_for_go, NULL);
		if (thread_start(&ts[i]) < 0)
			unix_error("thread_start");
	}
	show("workers waiting");

	pthread_mutex_lock(&go_lock);
	go = 1;
	pthread_cond_broadcast(&go_set);
	pthread_mutex_unlock(&go_lock);
	do {            /* until every worker's target has returned */
		alive = 0;
		for (int i = 0; i < N; i++)
			alive += thread_is_alive(&ts[i]);
		sleep_units(0.1);
	} while (alive > 0);
	show("workers returned, not joined");

	for (int i = 0; i < N; i++)
		if (thread_join(&ts[i], NO_TIMEOUT) < 0)
			unix_error("thread_join");
	show("workers joined");
	return 0;
}
