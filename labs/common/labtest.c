/*
 * labtest.c - the scaffolding of every lab's Check unit tests.
 */
#define _GNU_SOURCE
#include "labtest.h"
#include "proclab.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/time.h>

/*
 * Check's runner passes SIGTERM and SIGINT on to the whole test with a
 * handler that every process forked by a test inherits; a child the test
 * terminates would run it and take the test down.  Tests get the default.
 */
static void default_signals(void)
{
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
}

/*
 * Seconds a test may take: 1 s of slack plus units.  A right answer needs
 * a tenth of that; a wrong one that hangs costs this much per test, and
 * the whole suite must still end within its scenario's time limit.
 */
TCase *add_tcase(Suite *s, const char *name, double units)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, default_signals, NULL);
	tcase_set_timeout(tc, 1 + units * unit_ms() / 1000.0);
	suite_add_tcase(s, tc);
	return tc;
}

int run_suite(Suite *s)
{
	SRunner *sr;
	int failed;

	setenv("PROCLAB_UNIT_MS", "50", 0);     /* keeps a value already set */
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

static void ignore_alarm(int sig)
{
	(void)sig;
}

/* Without SA_RESTART a blocked call returns -1 with EINTR when it comes. */
int catch_alarm(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ignore_alarm;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGALRM, &sa, NULL);
}

int alarm_in(double u)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };
	long us = (long)(u * unit_ms() * 1000);

	it.it_value.tv_sec = us / 1000000;
	it.it_value.tv_usec = us % 1000000;
	return setitimer(ITIMER_REAL, &it, NULL);
}
