/*
 * check_chaos.c - the chaos runtime (common/chaos.c): one seed, one
 * sequence of decisions, in a process and in the children it forks;
 * about 1 in RATE points yield; no variable, no chaos.
 */
#define _GNU_SOURCE
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chaos.h"

#define DRAWS 4096

/* The next n decisions of this process, as bits. */
static void draw(uint8_t *v, int n)
{
	for (int i = 0; i < n; i++)
		v[i] = (uint8_t)chaos_decide();
}

START_TEST(test_same_seed_same_decisions)
{
	static uint8_t a[DRAWS], b[DRAWS];

	chaos_setup("12345 8");
	draw(a, DRAWS);
	chaos_setup("12345 8");
	draw(b, DRAWS);
	ck_assert_int_eq(memcmp(a, b, DRAWS), 0);
}
END_TEST

START_TEST(test_other_seed_other_decisions)
{
	static uint8_t a[DRAWS], b[DRAWS];

	chaos_setup("12345 8");
	draw(a, DRAWS);
	chaos_setup("12346 8");
	draw(b, DRAWS);
	ck_assert_int_ne(memcmp(a, b, DRAWS), 0);
}
END_TEST

START_TEST(test_rate_is_one_in_rate)
{
	static uint8_t a[80000];
	int yes = 0;

	chaos_setup("7 8");
	draw(a, 80000);
	for (int i = 0; i < 80000; i++)
		yes += a[i];
	ck_assert_int_gt(yes, 9000);    /* 10000 expected; sd about 94 */
	ck_assert_int_lt(yes, 11000);
}
END_TEST

START_TEST(test_off_never_yields)
{
	static const char *off[] = { NULL, "", "42 0", "42", "x 8", "42 8 9", "42 -8" };
	uint8_t a[DRAWS];

	for (size_t k = 0; k < sizeof off / sizeof off[0]; k++) {
		chaos_setup(off[k]);
		draw(a, DRAWS);
		for (int i = 0; i < DRAWS; i++)
			ck_assert_msg(a[i] == 0, "spec \"%s\" yielded", off[k] ? off[k] : "(unset)");
	}
}
END_TEST

/* Fork a child that sends its first n decisions back; the parent's go on. */
static void child_draws(uint8_t *v, int n)
{
	int fd[2], status;
	pid_t pid;

	ck_assert_int_eq(pipe(fd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		draw(v, n);
		_exit(write(fd[1], v, n) == n ? 0 : 1);
	}
	close(fd[1]);
	ck_assert_int_eq(read(fd[0], v, n), n);
	close(fd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(status, 0);
}

START_TEST(test_fork_replays_and_differs)
{
	static uint8_t c1[DRAWS], c2[DRAWS], again[DRAWS], parent[DRAWS];

	chaos_setup("99 4");
	child_draws(c1, DRAWS);         /* the first child */
	child_draws(c2, DRAWS);         /* the second: a sequence of its own */
	draw(parent, DRAWS);
	ck_assert_int_ne(memcmp(c1, c2, DRAWS), 0);
	ck_assert_int_ne(memcmp(c1, parent, DRAWS), 0);
	chaos_setup("99 4");            /* the same seed: the same first child */
	child_draws(again, DRAWS);
	ck_assert_int_eq(memcmp(c1, again, DRAWS), 0);
}
END_TEST

START_TEST(test_hook_without_chaos_is_harmless)
{
	chaos_setup(NULL);
	for (int i = 0; i < 100000; i++)
		__sanitizer_cov_trace_pc();
	chaos_point();
}
END_TEST

/*
 * Threads (11-threads): each draws from a sequence of its own, with no
 * lock (the state is thread-local), at the run's rate, and four drawing
 * at once do not share one: no two alike.
 */
#define THREADS 4

static uint8_t by_thread[THREADS][DRAWS];

static void *draw_thread(void *arg)
{
	draw(by_thread[(intptr_t)arg], DRAWS);
	return NULL;
}

START_TEST(test_threads_draw_their_own)
{
	pthread_t t[THREADS];
	int yes;

	chaos_setup("99 8");
	for (intptr_t i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, draw_thread, (void *)i), 0);
	for (int i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
	for (int i = 0; i < THREADS; i++) {
		yes = 0;
		for (int k = 0; k < DRAWS; k++)
			yes += by_thread[i][k];
		ck_assert_msg(yes > 350 && yes < 680, "thread %d yielded at %d of %d points, "
			      "not about 1 in 8", i, yes, DRAWS);     /* 512 expected; sd 21 */
		for (int j = 0; j < i; j++)
			ck_assert_msg(memcmp(by_thread[i], by_thread[j], DRAWS) != 0,
				      "threads %d and %d drew the same decisions", i, j);
	}
}
END_TEST

static Suite *make_chaos_suite(void)
{
	Suite *s = suite_create("chaos");
	TCase *tc = tcase_create("decisions");

	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_same_seed_same_decisions);
	tcase_add_test(tc, test_other_seed_other_decisions);
	tcase_add_test(tc, test_rate_is_one_in_rate);
	tcase_add_test(tc, test_off_never_yields);
	tcase_add_test(tc, test_fork_replays_and_differs);
	tcase_add_test(tc, test_hook_without_chaos_is_harmless);
	tcase_add_test(tc, test_threads_draw_their_own);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(make_chaos_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
