/*
 * 5-terminate.c - stop a child with SIGTERM; its exit code is -15.
 *
 *     p.start(); time.sleep(1); p.terminate(); p.join(); p.exitcode -> -15
 */
#include "process.h"
#include "proclab.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int sleeper(void *arg)
{
	(void)arg;
	printf("child sleeper: sleeping 10 units\n");
	sleep_units(10);
	printf("child sleeper: woke up\n");     /* never printed */
	return 0;
}

int main(void)
{
	struct process p;
	int code;

	setvbuf(stdout, NULL, _IOLBF, 0);
	process_init(&p, "sleeper", sleeper, NULL);
	if (process_start(&p) < 0)
		unix_error("process_start");
	printf("parent: started sleeper\n");
	sleep_units(1);
	if (process_terminate(&p) < 0)
		unix_error("process_terminate");
	printf("parent: terminate() sent SIGTERM\n");
	/* terminate does not wait: join collects the child and its status. */
	if (process_join(&p, NO_TIMEOUT) < 0)
		unix_error("process_join");
	if (process_exitcode(&p, &code) < 0)
		unix_error("process_exitcode");
	printf("parent: joined sleeper exitcode=%d (%s)\n", code,
	       code < 0 ? strsignal(-code) : "exited");
	return 0;
}
