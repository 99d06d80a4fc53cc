/*
 * 4-daemon.c - a daemon thread and a non-daemon one.  The ticker (a
 * daemon) would tick for 20 units; the worker (not a daemon) works 3.
 * At the end of main the process waits for the worker, not for the
 * ticker: it ends after about 3 units, and the ticker, still alive, ends
 * with it.
 *
 * Python waits for non-daemon threads by itself when the main thread is
 * done (threading._shutdown).  C does not: returning from main calls
 * exit, which ends every thread at once, daemon or not.  So main calls
 * thread_join_non_daemon() last, as Python would.
 *
 *     d = Thread(target=ticker, name="ticker", daemon=True)
 *     w = Thread(target=worker, name="worker")
 *     d.start(); w.start()
 *     # end of the program: Python joins w, not d
 */
#include "thread.h"
#include "proclab.h"

#include <stdio.h>

static void ticker(void *arg)
{
	(void)arg;
	sleep_units(0.5);
	for (int i = 0; i < 20; i++) {
		printf("daemon: tick %d\n", i);
		sleep_units(1);
	}
	printf("daemon: done after 20 ticks\n");
}

static void worker(void *arg)
{
	(void)arg;
	sleep_units(3);
	printf("worker: done after 3 units\n");
}

int main(void)
{
	struct thread d, w;

	setvbuf(stdout, NULL, _IOLBF, 0);
	thread_init(&d, "ticker", ticker, NULL);
	d.daemon = 1;
	thread_init(&w, "worker", worker, NULL);
	if (thread_start(&d) < 0 || thread_start(&w) < 0)
		unix_error("thread_start");
	printf("main: end of main, %s daemon=%d, %s daemon=%d\n", d.name, d.daemon,
	       w.name, w.daemon);
	if (thread_join_non_daemon() < 0)      /* Python does this at exit */
		unix_error("thread_join_non_daemon");
	printf("main: non-daemon threads joined, ticker alive=%d\n", thread_is_alive(&d));
	return 0;       /* exit: the ticker ends here, mid-sleep */
}
