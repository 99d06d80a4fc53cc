/*
 * 1-daemon.c - a daemonic child stops when the parent ends; a
 * non-daemonic child is waited for.  The seeds' example:
 *
 *     d = Process(name="daemon", target=ticker, args=(0.25, 40))
 *     d.daemon = True
 *     n = Process(name="non-daemon", target=ticker, args=(1, 2))
 *     d.start(); time.sleep(1); n.start()
 *     # the end of the program: d is terminated at once, n is joined
 *
 * The daemon would tick for 10 units; it is terminated when main returns,
 * after about 1.  The non-daemon's ticks still come, and the program ends
 * only after them, about 3 units from the start.
 */
#include "daemon.h"
#include "proclab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct ticks {
	const char *name;
	double every;           /* units between ticks */
	int count;
};

/* The same work for both children: only the daemon flag differs. */
static int ticker(void *arg)
{
	struct ticks *t = arg;
	int i;

	printf("%s: pid %d starting\n", t->name, (int)getpid());
	for (i = 1; i <= t->count; i++) {
		sleep_units(t->every);
		printf("%s: tick %d/%d\n", t->name, i, t->count);
	}
	printf("%s: exiting\n", t->name);
	return 0;
}

/*
 * Static, not locals of main: dprocess_shutdown runs after main has
 * returned, when main's variables are gone.
 */
static struct ticks dt = { "daemon", 0.25, 40 }, nt = { "non-daemon", 1, 2 };
static struct dprocess d, n;

/* "None" until joined, like Python's exitcode. */
static const char *exitcode(struct dprocess *p, char *buf, size_t len)
{
	int code;

	if (process_exitcode(&p->proc, &code) < 0)
		return "None";
	snprintf(buf, len, "%d", code);
	return buf;
}

/*
 * The program's last line.  atexit handlers run in the reverse order of
 * their registration: this one is registered before the first
 * dprocess_start registers the shutdown, so it runs after it.
 */
static void last_words(void)
{
	char a[16], b[16];

	printf("parent: at exit: daemon exitcode=%s, non-daemon exitcode=%s\n",
	       exitcode(&d, a, sizeof a), exitcode(&n, b, sizeof b));
}

int main(void)
{
	/* stdout may be a pipe or socket, hence fully buffered: line by line
	   shows when each line happened, and nothing is left in a buffer
	   that fork copies or that SIGTERM throws away. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (atexit(last_words) != 0) {
		errno = ENOMEM;
		unix_error("atexit");
	}
	/* slide: daemon-main */
	dprocess_init(&d, "daemon", ticker, &dt);
	if (dprocess_set_daemon(&d, 1) < 0)
		unix_error("dprocess_set_daemon");
	dprocess_init(&n, "non-daemon", ticker, &nt);

	printf("parent: pid %d starting daemon (daemon=%d)\n", (int)getpid(), d.daemon);
	if (dprocess_start(&d) < 0)
		unix_error("dprocess_start");
	sleep_units(1);
	printf("parent: starting non-daemon (daemon=%d)\n", n.daemon);
	if (dprocess_start(&n) < 0)
		unix_error("dprocess_start");
	printf("parent: main returns\n");
	return 0;       /* exit(0): the atexit handlers run now */
	/* slide end */
}
