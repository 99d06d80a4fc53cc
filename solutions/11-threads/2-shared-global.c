/*
 * 2-shared-global.c - threads share their process's memory; a child
 * process gets a copy.  A thread sets the global g to 42 and the main
 * thread sees 42; a child process does the same and the parent still
 * sees 0 (lab 01).  The thread's line has the main process's pid; the
 * child's has its own.
 *
 *     t = Thread(target=set42, args=("thread",)); t.start(); t.join()
 *     p = Process(target=set42, args=("child process",)); p.start(); p.join()
 */
#include "thread.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int g;           /* the main thread reads it only after joining the writer */

static void set42(void *who)
{
	sleep_units(0.5);       /* a join that does not wait reads g before this */
	g = 42;
	printf("%s: set g = 42 (pid %d)\n", (char *)who, (int)getpid());
}

int main(void)
{
	struct thread t;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* slide: thread-then-process */
	thread_init(&t, "setter", set42, "thread");
	if (thread_start(&t) < 0 || thread_join(&t, NO_TIMEOUT) < 0)
		unix_error("thread");
	printf("main: after the thread, g = %d\n", g);

	g = 0;
	if ((pid = Fork()) == 0) {
		set42("child process");
		exit(0);
	}
	Waitpid(pid, NULL, 0);
	printf("main: after the process, g = %d\n", g);
	/* slide end */
	return 0;
}
