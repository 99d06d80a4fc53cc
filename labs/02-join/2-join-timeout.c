/*
 * 2-join-timeout.c - join with a timeout returns while the child still runs.
 *
 *     p.start(); p.join(1); p.is_alive()  -> True
 *     p.join();  p.is_alive()             -> False
 */
#include "process.h"
#include "proclab.h"

#include <stdio.h>

static int nap(void *arg)
{
	double units = *(double *)arg;

	sleep_units(units);
	printf("child sleeper slept %g\n", units);
	return 0;
}

int main(void)
{
	struct process p;
	double units = 3;
	int r, code;

	setvbuf(stdout, NULL, _IOLBF, 0);
	process_init(&p, "sleeper", nap, &units);
	if (process_start(&p) < 0)
		unix_error("process_start");
	printf("parent: started sleeper\n");

	/* Wait at most 1 unit: the child needs 3, so this times out. */
	if ((r = process_join(&p, 1)) < 0)
		unix_error("process_join");
	printf("parent: join(timeout=1) %s, is_alive=%d\n",
	       r == 1 ? "timed out" : "returned", process_is_alive(&p));

	/* Now wait as long as it takes. */
	if (process_join(&p, NO_TIMEOUT) < 0)
		unix_error("process_join");
	if (process_exitcode(&p, &code) < 0)
		unix_error("process_exitcode");
	printf("parent: joined sleeper exitcode=%d, is_alive=%d\n",
	       code, process_is_alive(&p));
	return 0;
}
