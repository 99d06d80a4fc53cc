/*
 * 1-start-join.c - three threads sleeping 3, 2 and 4 units: started
 * together, joined together.  They run side by side, so the run takes
 * about 4 units (not 9) and they finish shortest first.  Every line is
 * written by one process: threads share their process's pid; each has a
 * thread id of its own (native_id, the kernel's).
 *
 *     ts = [Thread(target=sleeper, args=(n,), name=f"sleeper-{n}") for n in (3, 2, 4)]
 *     for t in ts: t.start()
 *     for t in ts: t.join()
 */
#define _GNU_SOURCE
#include "thread.h"
#include "proclab.h"

#include <stdio.h>
#include <unistd.h>

#define N 3

static void sleeper(void *arg)
{
	struct thread *me = thread_current();

	sleep_units(*(double *)arg);
	printf("thread %s slept %g (pid %d, native_id %s pid)\n", me->name,
	       *(double *)arg, (int)getpid(), me->native_id == getpid() ? "==" : "!=");
}

int main(void)
{
	double naps[N] = { 3, 2, 4 };
	struct thread ts[N];
	char name[32];

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof name, "sleeper-%g", naps[i]);
		thread_init(&ts[i], name, sleeper, &naps[i]);
	}
	for (int i = 0; i < N; i++)
		if (thread_start(&ts[i]) < 0)
			unix_error("thread_start");
	printf("main: pid %d started %d threads, active_count %d\n", (int)getpid(), N,
	       thread_active_count());
	for (int i = 0; i < N; i++)
		if (thread_join(&ts[i], NO_TIMEOUT) < 0)
			unix_error("thread_join");
	printf("main: all joined, active_count %d\n", thread_active_count());
	return 0;
}
