/*
 * 1-start-join.c - one child: start it, join it, read its exit code.
 *
 *     p = Process(target=work, name="p1"); p.start(); p.join(); p.exitcode
 */
#include "process.h"
#include "proclab.h"

#include <stdio.h>
#include <unistd.h>

/* The target runs in the child; its return value is the exit status. */
static int work(void *arg)
{
	int code = *(int *)arg;

	printf("child: pid %d working, will exit with %d\n", (int)getpid(), code);
	return code;
}

int main(void)
{
	struct process p;
	int code = 3;

	setvbuf(stdout, NULL, _IOLBF, 0);   /* one write(2) per line */
	process_init(&p, "p1", work, &code);
	if (process_start(&p) < 0)
		unix_error("process_start");
	printf("parent: started %s, pid %d\n", p.name, (int)p.pid);
	if (process_join(&p, NO_TIMEOUT) < 0)
		unix_error("process_join");
	if (process_exitcode(&p, &code) < 0)
		unix_error("process_exitcode");
	printf("parent: joined %s exitcode=%d\n", p.name, code);
	return 0;
}
