/*
 * pool-order.c - the pool-order figure's run: six tasks of different
 * lengths on five workers of the kit's pool (lab 10), twice on the same
 * pool: once through pool_map (the results come back together, in input
 * order), then through pool_apply_async with a callback each (each result
 * comes back when its task is done: completion order).  Task i sleeps
 * LEN[i] units.  Times are CLOCK_MONOTONIC (now_units), the same clock in
 * every process; each task writes its worker's pid and its start and end
 * into shared memory.
 *
 * Prints one line per task and phase, times in units since the phase
 * began:
 *     PHASE TASK LEN_UNITS WORKER_PID START END PARENT
 * PHASE map or callback; PARENT when the parent had the result (map:
 * when pool_map returned; callback: when the task's callback ran).
 */
#include "pool.h"
#include "proclab.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define WORKERS 5
#define N 6

static const double len[N] = { 3, 1, 4, 2, 5, 1.5 };

/* Shared with the workers (mapped before pool_create forks them). */
static struct shared {
	double t0[2];                   /* each phase's start: the parent's */
	struct task {
		pid_t pid;
		double start, end;      /* the worker's */
		double parent;          /* the parent's */
	} tasks[2 * N];
} *sh;

/* x = phase * N + i; y = x, so a callback knows its task. */
static int f(long x, long *y)
{
	struct task *t = &sh->tasks[x];
	double t0 = sh->t0[x / N];

	t->pid = getpid();
	t->start = now_units() - t0;
	sleep_units(len[x % N]);
	t->end = now_units() - t0;
	*y = x;
	return 0;
}

static void arrived(long y, void *ctx)
{
	(void)ctx;
	sh->tasks[y].parent = now_units() - sh->t0[1];
}

int main(void)
{
	struct pool_result *rs[N];
	long xs[N], ys[N];
	struct pool *p;

	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		unix_error("mmap");
	if ((p = pool_create(WORKERS)) == NULL)
		unix_error("pool_create");

	for (int i = 0; i < N; i++)
		xs[i] = i;
	sh->t0[0] = now_units();
	if (pool_map(p, f, xs, N, 1, ys) < 0)
		unix_error("pool_map");
	for (int i = 0; i < N; i++)
		sh->tasks[i].parent = now_units() - sh->t0[0];

	sh->t0[1] = now_units();
	for (int i = 0; i < N; i++)
		if ((rs[i] = pool_apply_async(p, f, N + i, arrived, NULL)) == NULL)
			unix_error("pool_apply_async");
	for (int i = 0; i < N; i++)
		if (pool_get(rs[i], NO_TIMEOUT, &ys[i]) < 0 || pool_result_free(rs[i]) < 0)
			unix_error("pool_get");
	if (pool_close(p) < 0 || pool_join(p) < 0 || pool_free(p) < 0)
		unix_error("pool_join");
	for (int x = 0; x < 2 * N; x++)
		printf("%s %d %g %d %.3f %.3f %.3f\n", x < N ? "map" : "callback", x % N,
		       len[x % N], (int)sh->tasks[x].pid, sh->tasks[x].start, sh->tasks[x].end,
		       sh->tasks[x].parent);
	return 0;
}
