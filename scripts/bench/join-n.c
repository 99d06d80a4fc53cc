/*
 * join-n.c - lab 02's three sleepers, for any N: N children sleep 1 unit
 * each, started and joined with the lab's process object.  "parallel"
 * starts them all, then joins them all (3-three-sleepers.c): about 1 unit
 * in all.  "serial" joins each one before starting the next
 * (3-three-sleepers-serial.c): N units.
 *
 * Usage: join-n N serial|parallel     (PROCLAB_UNIT_MS sets the unit)
 * Prints the total time in milliseconds, first start to last join.
 */
#include "proclab.h"
#include "process.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 64

static int sleeper(void *arg)
{
	(void)arg;
	sleep_units(1);
	return 0;
}

/* Join p; it must have exited 0 (else the time means nothing). */
static void join(struct process *p)
{
	int code;

	if (process_join(p, NO_TIMEOUT) < 0)
		unix_error("process_join");
	if (process_exitcode(p, &code) < 0)
		unix_error("process_exitcode");
	if (code != 0) {
		fprintf(stderr, "join-n: child %d exited %d\n", (int)p->pid, code);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct process ps[MAXN];
	int n = argc == 3 ? atoi(argv[1]) : 0;
	int serial = argc == 3 && strcmp(argv[2], "serial") == 0;
	double t0;

	if (n < 1 || n > MAXN || (!serial && strcmp(argv[2], "parallel") != 0)) {
		fprintf(stderr, "usage: %s N(1..%d) serial|parallel\n", argv[0], MAXN);
		return 2;
	}
	t0 = now_units();
	for (int i = 0; i < n; i++) {
		process_init(&ps[i], "sleeper", sleeper, NULL);
		if (process_start(&ps[i]) < 0)
			unix_error("process_start");
		if (serial)
			join(&ps[i]);   /* the next one starts only after this one */
	}
	if (!serial)
		for (int i = 0; i < n; i++)
			join(&ps[i]);
	printf("%.3f\n", (now_units() - t0) * unit_ms());
	return 0;
}
