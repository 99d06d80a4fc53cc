/*
 * check_checks.c - the property library, check type by check type: a
 * good crafted trace passes, a bad one fails with a message naming the
 * problem, and a trace with nothing to look at fails with "cannot decide".
 *
 * A trace is a table of lines { pid, ms, text } (ERR_ in front of the text
 * puts it on stderr), one write(2) each; the main process is pid 100 and
 * exited with status 0, unless a test says otherwise.  A check is JSON
 * written with single quotes, which judge() turns into double quotes:
 * no pattern here needs a quote of its own.  Tests of bugs not yet fixed
 * are in the "known_bugs" tcase, run only when PROCLAB_KNOWN_BUGS is set.
 */
#define _GNU_SOURCE
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

#define MAIN 100
#define ERR_ "\x01"             /* prefix: this line went to stderr */

struct line {
	pid_t pid;
	double ms;
	const char *text;
};

static struct trace T;
static struct results R;

static void setup(void)
{
	trace_init(&T, 10);             /* 10 ms a unit: 45 ms is 4.5 units */
	memset(&R, 0, sizeof R);
}

static void teardown(void)
{
	trace_free(&T);
	results_free(&R);
}

/* Fill T from a table ending in { 0 }: main pid MAIN, exit status 0. */
static struct trace *build(const struct line *v)
{
	trace_free(&T);
	trace_init(&T, 10);
	for (; v->pid; v++) {
		int err = v->text[0] == ERR_[0];
		char *s = xasprintf("%s\n", v->text + err);

		trace_add_record(&T, v->pid, err ? ERR : OUT, v->ms, s, strlen(s));
		free(s);
		T.end_ms = v->ms + 1;
	}
	trace_finish(&T);
	T.main_pid = MAIN;
	T.exit_kind = EXIT_STATUS;
	T.exit_code = 0;
	return &T;
}

/* Run a scenario of checks (JSON, 'quotes') on t; return the first result. */
static const struct result *judge_all(const struct trace *t, const char *checks)
{
	char *json = xasprintf("{'checks': [%s]}", checks);
	cJSON *scenario;

	for (char *p = json; *p; p++)
		if (*p == '\'')
			*p = '"';
	scenario = cJSON_Parse(json);
	ck_assert_msg(scenario != NULL, "bad JSON in the test: %s", json);
	check_scenario(scenario, "test", t, &R);
	cJSON_Delete(scenario);
	free(json);
	ck_assert_int_ge(R.n, 1);
	return &R.r[R.n - 1];
}

static const struct result *judge(const struct line *v, const char *check)
{
	return judge_all(build(v), check);
}

static const char *msg_of(const struct result *r)
{
	return r->message ? r->message : "(no message)";
}

/* The check passed, with its points and no message. */
#define ck_assert_pass(r) do { \
	const struct result *r_ = (r); \
	ck_assert_msg(r_->passed, "expected a pass; the check said:\n%s", msg_of(r_)); \
	ck_assert_int_eq(r_->points, r_->max); \
	ck_assert_ptr_null(r_->message); \
} while (0)

/* The check failed, scored 0, and its message contains phrase. */
#define ck_assert_fail(r, phrase) do { \
	const struct result *r_ = (r); \
	ck_assert_msg(!r_->passed, "expected a failure mentioning \"%s\", got a pass", (phrase)); \
	ck_assert_int_eq(r_->points, 0); \
	ck_assert_ptr_nonnull(r_->message); \
	ck_assert_msg(strstr(r_->message, (phrase)) != NULL, \
		      "the message lacks \"%s\":\n%s", (phrase), r_->message); \
} while (0)

static const struct line nothing[] = { { MAIN, 1, "nothing to see here" }, { 0 } };

/* ---- count ---- */

static const struct line items[] = {
	{ MAIN, 1, "start" }, { 101, 2, "item 1" }, { 102, 3, "item 2" }, { 0 }
};

START_TEST(test_count)
{
	ck_assert_pass(judge(items, "{'type': 'count', 'match': '^item', 'equals': 2}"));
	ck_assert_pass(judge(items, "{'type': 'count', 'match': '^item', 'min': 1, 'max': 2}"));
	ck_assert_pass(judge(items, "{'type': 'count', 'match': '^nothing', 'equals': 0}"));
}
END_TEST

START_TEST(test_count_bad)
{
	const struct result *r = judge(items, "{'type': 'count', 'match': '^item', 'equals': 3}");

	ck_assert_fail(r, "expected 3 line(s) matching /^item/, found 2");
	ck_assert_fail(r, "pid 101");                   /* quotes the lines */
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'max': 1}"),
		       "expected 0 to 1 lines matching /^item/, found 2");
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'min': 3}"),
		       "found 2");
}
END_TEST

START_TEST(test_count_cannot_decide)
{
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'equals': 2, "
			     "'needs': '^child: '}"),
		       "cannot decide: no line matches /^child: /, which this check needs");
}
END_TEST

/* A line written by two pids: the failure explains stdio's copied buffer. */
START_TEST(test_count_explains_copied_buffer)
{
	static const struct line v[] = {
		{ MAIN, 1, "before fork" }, { 101, 2, "before fork" }, { 0 }
	};
	const struct result *r = judge(v, "{'type': 'count', 'match': '^before fork$', 'equals': 1}");

	ck_assert_fail(r, "found 2");
	ck_assert_fail(r, "was written by pid 100 and again by pid 101");
}
END_TEST

/* ---- exactly_once ---- */

static const struct line got123[] = {
	{ 101, 1, "got 1" }, { 102, 2, "got 3" }, { 101, 3, "got 2" }, { 0 }
};
#define ONCE "{'type': 'exactly_once', 'match': '^got ([0-9]+)$', 'keys': ['1', '2', '3']"

START_TEST(test_exactly_once)
{
	ck_assert_pass(judge(got123, ONCE "}"));
}
END_TEST

START_TEST(test_exactly_once_bad)
{
	static const struct line dup[] = {
		{ 101, 1, "got 1" }, { 101, 2, "got 2" }, { 102, 3, "got 2" }, { 101, 4, "got 3" }, { 0 }
	};
	static const struct line lost[] = { { 101, 1, "got 1" }, { 101, 3, "got 2" }, { 0 } };
	static const struct line extra[] = {
		{ 101, 1, "got 1" }, { 101, 2, "got 2" }, { 101, 3, "got 3" }, { 101, 4, "got 4" }, { 0 }
	};

	ck_assert_fail(judge(dup, ONCE "}"), "\"2\" appears 2 times, expected exactly once");
	ck_assert_fail(judge(lost, ONCE "}"), "\"3\" appears 0 times, expected exactly once");
	ck_assert_fail(judge(extra, ONCE "}"), "a line with an unexpected key");
	ck_assert_fail(judge(extra, ONCE "}"), "got 4");
}
END_TEST

START_TEST(test_exactly_once_cannot_decide)
{
	ck_assert_fail(judge(nothing, "{'type': 'exactly_once', 'match': '^got ([0-9]+)$'}"),
		       "cannot decide");
}
END_TEST

/* ---- happens_before ---- */

#define HB "{'type': 'happens_before', 'before': '^child', 'after': '^parent: joined'"

START_TEST(test_happens_before)
{
	static const struct line v[] = {
		{ 101, 1, "child 1 done" }, { 102, 2, "child 2 done" },
		{ MAIN, 3, "parent: joined" }, { MAIN, 4, "parent: joined again" }, { 0 }
	};

	ck_assert_pass(judge(v, HB "}"));
}
END_TEST

START_TEST(test_happens_before_bad)
{
	static const struct line v[] = {
		{ 101, 1, "child 1 done" }, { MAIN, 2, "parent: joined" },
		{ 102, 3, "child 2 done" }, { 0 }
	};
	const struct result *r = judge(v, HB "}");

	ck_assert_fail(r, "a line matching /^child/ came after one matching /^parent: joined/");
	ck_assert_fail(r, "child 2 done");
}
END_TEST

START_TEST(test_happens_before_cannot_decide)
{
	static const struct line v[] = { { 101, 1, "child 1 done" }, { 0 } };

	ck_assert_fail(judge(v, HB "}"), "cannot decide: no line matches /^parent: joined/");
	ck_assert_fail(judge(nothing, HB "}"), "cannot decide: no line matches /^child/");
}
END_TEST

#define PER_KEY "{'type': 'happens_before', 'before': '^start ([0-9])', " \
		"'after': '^end ([0-9])', 'per_key': true}"
#define ALL_KEYS "{'type': 'happens_before', 'before': '^start ([0-9])', " \
		 "'after': '^end ([0-9])'}"

START_TEST(test_happens_before_per_key)
{
	static const struct line v[] = {
		{ 101, 1, "start 1" }, { 101, 2, "end 1" },
		{ 102, 3, "start 2" }, { 102, 4, "end 2" }, { 0 }
	};

	ck_assert_pass(judge(v, PER_KEY));
	/* the same lines break the property for all keys at once */
	ck_assert_fail(judge(v, ALL_KEYS), "came after");
}
END_TEST

START_TEST(test_happens_before_per_key_bad)
{
	static const struct line v[] = {
		{ 101, 1, "start 1" }, { 102, 2, "end 2" },
		{ 101, 3, "end 1" }, { 102, 4, "start 2" }, { 0 }
	};
	const struct result *r = judge(v, PER_KEY);

	ck_assert_fail(r, "came after");
	ck_assert_fail(r, "start 2");
	ck_assert_fail(r, "end 2");
}
END_TEST

START_TEST(test_happens_before_per_key_cannot_decide)
{
	static const struct line half[] = {
		{ 101, 1, "start 1" }, { 101, 2, "end 1" }, { 102, 3, "start 2" }, { 0 }
	};

	ck_assert_fail(judge(nothing, PER_KEY),
		       "cannot decide: no line matches /^start ([0-9])/ or /^end ([0-9])/");
	ck_assert_fail(judge(half, PER_KEY),
		       "cannot decide: no line matches /^end ([0-9])/ for \"2\"");
}
END_TEST

/* ---- order ---- */

#define ORDER "{'type': 'order', 'sequence': ['slept 2', 'slept 3', 'slept 4']}"

START_TEST(test_order)
{
	static const struct line v[] = {
		{ 102, 2, "child slept 2" }, { 101, 3, "child slept 3" },
		{ 103, 4, "child slept 4" }, { 0 }
	};

	ck_assert_pass(judge(v, ORDER));
}
END_TEST

START_TEST(test_order_bad)
{
	static const struct line v[] = {
		{ 102, 2, "child slept 2" }, { 103, 3, "child slept 4" },
		{ 101, 4, "child slept 3" }, { 0 }
	};
	const struct result *r = judge(v, ORDER);

	ck_assert_fail(r, "a line matching /slept 3/ came after one matching /slept 4/");
	ck_assert_fail(r, "pid 103");
}
END_TEST

START_TEST(test_order_cannot_decide)
{
	static const struct line v[] = {
		{ 102, 2, "child slept 2" }, { 103, 4, "child slept 4" }, { 0 }
	};

	ck_assert_fail(judge(v, ORDER), "cannot decide: no line matches /slept 3/");
	ck_assert_fail(judge(v, "{'type': 'order', 'sequence': ['slept 2']}"),
		       "scenario error: \"sequence\" needs two or more patterns");
}
END_TEST

/* ---- never_overlap ---- */

#define CS "{'type': 'never_overlap', 'begin': '^enter ([0-9]+)', 'end': '^leave ([0-9]+)'"

START_TEST(test_never_overlap)
{
	static const struct line v[] = {
		{ 101, 1, "enter 1" }, { 101, 2, "leave 1" },
		{ 102, 3, "enter 2" }, { 102, 4, "leave 2" },
		{ 101, 5, "enter 1" }, { 101, 6, "leave 1" }, { 0 }
	};

	ck_assert_pass(judge(v, CS "}"));
}
END_TEST

START_TEST(test_never_overlap_bad)
{
	static const struct line both[] = {
		{ 101, 1, "enter 1" }, { 102, 2, "enter 2" },
		{ 101, 3, "leave 1" }, { 102, 4, "leave 2" }, { 0 }
	};
	static const struct line stray[] = {
		{ 101, 1, "enter 1" }, { 101, 2, "leave 1" }, { 102, 3, "leave 2" }, { 0 }
	};
	static const struct line again[] = {
		{ 101, 1, "enter 1" }, { 101, 2, "enter 1" }, { 0 }
	};
	const struct result *r = judge(both, CS "}");

	ck_assert_fail(r, "2 intervals were open at once (at most 1 allowed)");
	ck_assert_fail(r, "enter 2");
	ck_assert_fail(judge(stray, CS "}"), "\"2\" ended without beginning");
	ck_assert_fail(judge(again, CS "}"), "\"1\" began again before it ended");
}
END_TEST

START_TEST(test_never_overlap_cannot_decide)
{
	static const struct line one[] = { { 101, 1, "enter 1" }, { 101, 2, "leave 1" }, { 0 } };
	static const struct line open[] = {
		{ 101, 1, "enter 1" }, { 101, 2, "leave 1" }, { 102, 3, "enter 2" }, { 0 }
	};

	ck_assert_fail(judge(nothing, CS "}"), "cannot decide: 0 interval(s) found, at least 2 needed");
	ck_assert_fail(judge(one, CS "}"), "cannot decide: 1 interval(s) found");
	ck_assert_pass(judge(one, CS ", 'min_intervals': 1}"));
	ck_assert_fail(judge(open, CS "}"), "cannot decide: an interval never ended");
}
END_TEST

/* ---- max_concurrent ---- */

#define POOL "{'type': 'max_concurrent', 'begin': '^task ([0-9]+) begins', " \
	     "'end': '^task ([0-9]+) ends', 'max': 2"

static const struct line two_at_once[] = {
	{ 101, 1, "task 1 begins" }, { 102, 2, "task 2 begins" }, { 101, 3, "task 1 ends" },
	{ 101, 4, "task 3 begins" }, { 102, 5, "task 2 ends" }, { 101, 6, "task 3 ends" }, { 0 }
};
static const struct line one_at_a_time[] = {
	{ 101, 1, "task 1 begins" }, { 101, 2, "task 1 ends" },
	{ 102, 3, "task 2 begins" }, { 102, 4, "task 2 ends" }, { 0 }
};

START_TEST(test_max_concurrent)
{
	ck_assert_pass(judge(two_at_once, POOL "}"));
	ck_assert_pass(judge(one_at_a_time, POOL "}"));
	ck_assert_pass(judge(two_at_once, POOL ", 'reach': true}"));
}
END_TEST

START_TEST(test_max_concurrent_bad)
{
	static const struct line three[] = {
		{ 101, 1, "task 1 begins" }, { 102, 2, "task 2 begins" }, { 103, 3, "task 3 begins" },
		{ 101, 4, "task 1 ends" }, { 102, 5, "task 2 ends" }, { 103, 6, "task 3 ends" }, { 0 }
	};

	ck_assert_fail(judge(three, POOL "}"), "3 intervals were open at once (at most 2 allowed)");
	ck_assert_fail(judge(one_at_a_time, POOL ", 'reach': true}"),
		       "at most 1 ran at once; 2 should have");
}
END_TEST

START_TEST(test_max_concurrent_cannot_decide)
{
	ck_assert_fail(judge(nothing, POOL "}"), "cannot decide: no line matches /^task ([0-9]+) begins/");
	ck_assert_fail(judge(two_at_once, "{'type': 'max_concurrent', 'begin': '^task ([0-9]+) begins', "
			     "'end': '^task ([0-9]+) ends'}"),
		       "scenario error: check 1 (max_concurrent): missing the required field \"max\"");
}
END_TEST

/* ---- fifo ---- */

#define FIFO "{'type': 'fifo', 'match': '^consumer got (p[0-9]):([0-9]+)$'}"

START_TEST(test_fifo)
{
	static const struct line v[] = {
		{ 101, 1, "consumer got p1:1" }, { 102, 2, "consumer got p2:1" },
		{ 101, 3, "consumer got p1:2" }, { 101, 4, "consumer got p2:5" },
		{ 102, 5, "consumer got p1:10" }, { 0 }
	};

	ck_assert_pass(judge(v, FIFO));
}
END_TEST

START_TEST(test_fifo_bad)
{
	static const struct line swapped[] = {
		{ 101, 1, "consumer got p1:2" }, { 102, 2, "consumer got p2:1" },
		{ 101, 3, "consumer got p1:1" }, { 0 }
	};
	static const struct line twice[] = {
		{ 101, 1, "consumer got p1:1" }, { 102, 2, "consumer got p1:1" }, { 0 }
	};
	const struct result *r = judge(swapped, FIFO);

	ck_assert_fail(r, "out of order for \"p1\": 1 after 2");
	ck_assert_fail(r, "consumer got p1:2");
	ck_assert_fail(judge(twice, FIFO), "out of order for \"p1\": 1 after 1");
}
END_TEST

START_TEST(test_fifo_cannot_decide)
{
	ck_assert_fail(judge(nothing, FIFO), "cannot decide: no line matches");
}
END_TEST

/* ---- elapsed ---- */

static const struct line sleepers[] = {
	{ MAIN, 1, "parent: start" }, { 102, 20, "child slept 2" },
	{ 101, 30, "child slept 3" }, { 103, 40, "child slept 4" }, { 0 }
};

START_TEST(test_elapsed)
{
	build(sleepers)->end_ms = 45;   /* 4.5 units */
	ck_assert_pass(judge_all(&T, "{'type': 'elapsed', 'min': 4, 'max': 6.5}"));
	ck_assert_pass(judge_all(&T, "{'type': 'elapsed', 'min': 4.5}"));
	/* from the first child line to the last: 2 units */
	ck_assert_pass(judge_all(&T, "{'type': 'elapsed', 'from': '^child', 'to': '^child', "
				 "'min': 2, 'max': 2}"));
}
END_TEST

START_TEST(test_elapsed_bad)
{
	build(sleepers)->end_ms = 90;
	ck_assert_fail(judge_all(&T, "{'type': 'elapsed', 'min': 4, 'max': 6.5}"),
		       "took 9.00 units (start -> exit); expected 4 to 6.5");
	ck_assert_fail(judge_all(&T, "{'type': 'elapsed', 'from': '^child slept 2', "
				 "'to': '^child slept 4', 'min': 3}"),
		       "took 2.00 units (^child slept 2 -> ^child slept 4); expected at least 3");
}
END_TEST

START_TEST(test_elapsed_cannot_decide)
{
	ck_assert_fail(judge(sleepers, "{'type': 'elapsed', 'from': '^never', 'max': 6}"),
		       "cannot decide: no line matches /^never/");
	ck_assert_fail(judge(sleepers, "{'type': 'elapsed', 'to': '^never', 'max': 6}"),
		       "cannot decide: no line matches /^never/");
	build(sleepers)->exit_kind = EXIT_NONE;
	ck_assert_fail(judge_all(&T, "{'type': 'elapsed', 'max': 6}"),
		       "cannot decide: the main process never exited");
}
END_TEST

/* ---- exit ---- */

START_TEST(test_exit)
{
	ck_assert_pass(judge(nothing, "{'type': 'exit'}"));
	ck_assert_pass(judge(nothing, "{'type': 'exit', 'status': 0}"));
	build(nothing)->exit_code = 3;
	ck_assert_pass(judge_all(&T, "{'type': 'exit', 'status': 3}"));
	T.exit_kind = EXIT_SIGNAL;
	T.exit_code = SIGSEGV;
	ck_assert_pass(judge_all(&T, "{'type': 'exit', 'signal': 11}"));
}
END_TEST

START_TEST(test_exit_bad)
{
	build(nothing)->exit_code = 3;
	ck_assert_fail(judge_all(&T, "{'type': 'exit', 'status': 0}"),
		       "the program exited with status 3; expected status 0");
	ck_assert_fail(judge_all(&T, "{'type': 'exit', 'signal': 9}"), "expected signal 9");
	T.exit_kind = EXIT_SIGNAL;
	T.exit_code = SIGSEGV;
	ck_assert_fail(judge_all(&T, "{'type': 'exit', 'status': 0}"),
		       "the program was killed by signal 11 (Segmentation fault); expected status 0");
	/* status 11 is not signal 11 */
	ck_assert_fail(judge_all(&T, "{'type': 'exit', 'status': 11}"), "killed by signal 11");
}
END_TEST

START_TEST(test_exit_cannot_decide)
{
	build(nothing)->exit_kind = EXIT_NONE;
	ck_assert_fail(judge_all(&T, "{'type': 'exit', 'status': 0}"), "never exited");
}
END_TEST

/* ---- captured_pid ---- */

static const struct line family[] = {
	{ MAIN, 1, "parent: pid=100" },
	{ 101, 2, "child: pid=101 ppid=100" },
	{ 102, 3, "child: pid=102 ppid=100" }, { 0 }
};
#define OWN "{'type': 'captured_pid', 'match': '^child: pid=([0-9]+) ', 'is': 'own'}"
#define PPID "{'type': 'captured_pid', 'match': '^child: pid=[0-9]+ ppid=([0-9]+)', " \
	     "'is': 'writer_of', 'of': '^parent: '}"

START_TEST(test_captured_pid_own)
{
	ck_assert_pass(judge(family, OWN));
	/* "own" is the default */
	ck_assert_pass(judge(family, "{'type': 'captured_pid', 'match': '^child: pid=([0-9]+) '}"));
}
END_TEST

START_TEST(test_captured_pid_own_bad)
{
	static const struct line v[] = {
		{ 101, 2, "child: pid=101 ppid=100" },
		{ 101, 3, "child: pid=999 ppid=100" }, { 0 }
	};

	ck_assert_fail(judge(v, OWN), "this line says pid 999, but the kernel says pid 101 wrote it");
}
END_TEST

START_TEST(test_captured_pid_writer_of)
{
	ck_assert_pass(judge(family, PPID));
}
END_TEST

START_TEST(test_captured_pid_writer_of_bad)
{
	static const struct line v[] = {
		{ MAIN, 1, "parent: pid=100" }, { 101, 2, "child: pid=101 ppid=1" }, { 0 }
	};

	ck_assert_fail(judge(v, PPID), "this line names pid 1, which wrote no line matching /^parent: /");
}
END_TEST

START_TEST(test_captured_pid_cannot_decide)
{
	ck_assert_fail(judge(nothing, OWN), "cannot decide: no line matches /^child: pid=([0-9]+) /");
	ck_assert_fail(judge(nothing, PPID), "cannot decide");
}
END_TEST

/* ---- distinct_writers ---- */

#define DISTINCT "{'type': 'distinct_writers', 'a': '^child: ', 'b': '^parent: '}"

START_TEST(test_distinct_writers)
{
	ck_assert_pass(judge(family, DISTINCT));
}
END_TEST

START_TEST(test_distinct_writers_bad)
{
	static const struct line v[] = {
		{ MAIN, 1, "parent: pid=100" }, { MAIN, 2, "child: pid=100 ppid=1" }, { 0 }
	};

	ck_assert_fail(judge(v, DISTINCT), "one process (pid 100) wrote both lines");
}
END_TEST

START_TEST(test_distinct_writers_cannot_decide)
{
	static const struct line v[] = { { MAIN, 1, "parent: pid=100" }, { 0 } };

	ck_assert_fail(judge(v, DISTINCT), "cannot decide: no line matches /^child: /");
	ck_assert_fail(judge(nothing, DISTINCT), "cannot decide");
}
END_TEST

/* ---- no_leftovers ---- */

START_TEST(test_no_leftovers)
{
	ck_assert_pass(judge(family, "{'type': 'no_leftovers'}"));
}
END_TEST

START_TEST(test_no_leftovers_bad)
{
	const struct result *r;

	build(family);
	trace_add_leftover(&T, 101, 'Z');
	trace_add_leftover(&T, 102, 'S');
	r = judge_all(&T, "{'type': 'no_leftovers'}");
	ck_assert_fail(r, "pid 101 had exited but nobody had waited for it (a zombie)");
	ck_assert_fail(r, "pid 102 was still running (state S) when the program ended: an orphan");
	ck_assert_fail(r, "child: pid=102 ppid=100");   /* its last line */
}
END_TEST

START_TEST(test_no_leftovers_cannot_decide)
{
	build(family)->exit_kind = EXIT_NONE;
	ck_assert_fail(judge_all(&T, "{'type': 'no_leftovers'}"),
		       "cannot decide: the main process never exited");
}
END_TEST

/* ---- no_ipc_leftovers ---- */

START_TEST(test_no_ipc_leftovers)
{
	ck_assert_pass(judge(family, "{'type': 'no_ipc_leftovers'}"));
}
END_TEST

START_TEST(test_no_ipc_leftovers_bad)
{
	const struct result *r;

	build(family);
	trace_add_ipc(&T, "posix-shm proclab-counter");
	trace_add_ipc(&T, "sysv-sem 42");
	r = judge_all(&T, "{'type': 'no_ipc_leftovers'}");
	ck_assert_fail(r, "left behind after every process had ended: posix-shm proclab-counter");
	ck_assert_fail(r, "sysv-sem 42");
}
END_TEST

/* The hygiene helper could not look inside the run: fail, and say so. */
START_TEST(test_no_ipc_leftovers_cannot_decide)
{
	build(family);
	trace_add_ipc(&T, "? cannot enter the run's namespaces: Operation not permitted");
	ck_assert_fail(judge_all(&T, "{'type': 'no_ipc_leftovers'}"),
		       "cannot decide: cannot enter the run's namespaces");
}
END_TEST

/* ---- unit_test ---- */

#define UNIT "{'type': 'unit_test', 'test': 'test_join'}"
#define P_LINE(name) "check_process.c:42:P:core:" name ":0: Passed"
#define SUMMARY "labtest: 100%: Checks: 2, Failures: 0, Errors: 0"

START_TEST(test_unit_test)
{
	static const struct line v[] = {
		{ MAIN, 2, P_LINE("test_start") }, { MAIN, 3, P_LINE("test_join") },
		{ MAIN, 4, SUMMARY }, { 0 }
	};
	static const struct line on_stderr[] = {
		{ MAIN, 1, ERR_ P_LINE("test_join") }, { MAIN, 2, ERR_ SUMMARY }, { 0 }
	};

	ck_assert_pass(judge(v, UNIT));
	/* the runner's own lines count on either stream, whatever "stream" says */
	ck_assert_pass(judge(on_stderr, UNIT));
	ck_assert_pass(judge(on_stderr, "{'type': 'unit_test', 'test': 'test_join', 'stream': 'out'}"));
}
END_TEST

START_TEST(test_unit_test_bad)
{
	static const struct line failed[] = {
		{ MAIN, 1, "check_process.c:57:F:core:test_join:0: Assertion 'n == 3' failed" },
		{ MAIN, 2, SUMMARY }, { 0 }
	};
	static const struct line error[] = {
		{ MAIN, 1, "check_process.c:60:E:core:test_join:0: (after this point) Received signal 11" },
		{ MAIN, 2, SUMMARY }, { 0 }
	};

	ck_assert_fail(judge(failed, UNIT), "test_join failed");
	ck_assert_fail(judge(failed, UNIT), "Assertion 'n == 3' failed");
	ck_assert_fail(judge(error, UNIT), "test_join had an error");
}
END_TEST

START_TEST(test_unit_test_cannot_decide)
{
	static const struct line other[] = {
		{ MAIN, 1, P_LINE("test_join_timeout") }, { MAIN, 2, P_LINE("test_joi") },
		{ MAIN, 3, SUMMARY }, { 0 }
	};
	static const struct line only_summary[] = { { MAIN, 1, SUMMARY }, { 0 } };

	ck_assert_fail(judge(only_summary, UNIT), "cannot decide: the test runner never reported test_join");
	/* a different test's name is not this test's */
	ck_assert_fail(judge(other, UNIT), "cannot decide");
	ck_assert_fail(judge(nothing, "{'type': 'unit_test'}"), "scenario error: check 1 (unit_test): missing the required field \"test\"");
}
END_TEST

/* Verdicts count only in a report the runner finished: killed halfway
   (or not the kit's runner, which ends with its summary), none does. */
START_TEST(test_unit_test_needs_summary)
{
	static const struct line unfinished[] = { { MAIN, 1, P_LINE("test_join") }, { 0 } };
	static const struct line after[] = {
		{ MAIN, 1, SUMMARY }, { MAIN, 2, P_LINE("test_join") }, { 0 }
	};
	static const struct line forged_summary[] = {
		{ MAIN, 1, P_LINE("test_join") }, { 101, 2, SUMMARY }, { 0 }
	};

	ck_assert_fail(judge(nothing, UNIT), "cannot decide: the test runner never finished its report");
	ck_assert_fail(judge(unfinished, UNIT), "never finished its report");
	ck_assert_fail(judge(after, UNIT), "cannot decide: the test runner never reported test_join");
	ck_assert_fail(judge(forged_summary, UNIT), "never finished its report");
}
END_TEST

/* A forked test (or the student's code in it) cannot report a pass. */
START_TEST(test_unit_test_forged_line_ignored)
{
	static const struct line forged[] = {
		{ 101, 1, P_LINE("test_join") }, { MAIN, 2, SUMMARY }, { 0 }
	};
	static const struct line forged_over_fail[] = {
		{ 101, 1, P_LINE("test_join") },
		{ MAIN, 2, "check_process.c:57:F:core:test_join:0: Assertion failed" },
		{ 102, 3, P_LINE("test_join") }, { MAIN, 4, SUMMARY }, { 0 }
	};

	ck_assert_fail(judge(forged, UNIT), "cannot decide");
	ck_assert_fail(judge(forged_over_fail, UNIT), "test_join failed");
}
END_TEST

/* ---- what every check shares ---- */

#define EVERY_KIND \
	"{'type': 'count', 'match': '^item', 'equals': 2}, {'type': 'exit', 'status': 0}, " \
	"{'type': 'no_leftovers'}, {'type': 'no_ipc_leftovers'}, {'type': 'elapsed', 'max': 100}, " \
	"{'type': 'happens_before', 'before': '^start', 'after': '^item'}"

START_TEST(test_stopped_run_fails_every_check)
{
	static const struct { int stopped; const char *why; } stops[] = {
		{ STOP_TIMEOUT, "stopped at its time limit" },
		{ STOP_FLOOD, "printed more than the output limit" },
	};

	/* the same checks all pass on the same trace when it was not stopped */
	judge_all(build(items), EVERY_KIND);
	for (int i = 0; i < R.n; i++)
		ck_assert_msg(R.r[i].passed, "%s: %s", R.r[i].name, msg_of(&R.r[i]));
	for (int s = 0; s < 2; s++) {
		results_free(&R);
		T.stopped = stops[s].stopped;
		judge_all(&T, EVERY_KIND);
		ck_assert_int_eq(R.n, 6);
		for (int i = 0; i < R.n; i++)
			ck_assert_fail(&R.r[i], stops[s].why);
	}
}
END_TEST

/* A scenario's timeout_hint: under its first check, and only for a timeout. */
START_TEST(test_timeout_hint)
{
	cJSON *scenario = cJSON_Parse("{\"timeout_hint\": \"a write end left open\", "
		"\"checks\": [{\"type\": \"exit\", \"status\": 0, \"hint\": \"own\"}, "
		"{\"type\": \"no_leftovers\"}]}");
	const int stops[] = { STOP_TIMEOUT, STOP_FLOOD };

	ck_assert_ptr_nonnull(scenario);
	for (int s = 0; s < 2; s++) {
		results_free(&R);
		build(items)->stopped = stops[s];
		check_scenario(scenario, "test", &T, &R);
		ck_assert_int_eq(R.n, 2);
		ck_assert_msg(!R.r[0].passed && !R.r[1].passed, "a stopped run passed a check");
		if (stops[s] == STOP_TIMEOUT)
			ck_assert_str_eq(R.r[0].hint, "a write end left open");
		else
			ck_assert_ptr_null(R.r[0].hint);
		ck_assert_ptr_null(R.r[1].hint);
	}
	cJSON_Delete(scenario);
}
END_TEST

START_TEST(test_scenario_errors)
{
	ck_assert_fail(judge(items, "{'type': 'bogus', 'match': '^item'}"),
		       "scenario error: check 1 (bogus): unknown check type \"bogus\"");
	ck_assert_fail(judge(items, "{'match': '^item'}"), "scenario error: check 1 (no type): unknown check type \"(none)\"");
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '(item', 'equals': 2}"),
		       "scenario error: \"match\": /(item/");
	ck_assert_fail(judge(items, "{'type': 'count', 'equals': 2}"),
		       "scenario error: check 1 (count): missing the required field \"match\"");
	ck_assert_fail(judge(items, "{'type': 'happens_before', 'before': '^start', 'after': '[z-a]'}"),
		       "scenario error: \"after\"");
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'equals': 2, 'needs': '('}"),
		       "scenario error: \"needs\"");
}
END_TEST

START_TEST(test_stream_selection)
{
	static const struct line v[] = {
		{ MAIN, 1, "warning: on stdout" }, { 101, 2, ERR_ "warning: on stderr" },
		{ 101, 3, ERR_ "warning: again on stderr" }, { 0 }
	};

	ck_assert_pass(judge(v, "{'type': 'count', 'match': '^warning', 'equals': 1}"));
	ck_assert_pass(judge(v, "{'type': 'count', 'match': '^warning', 'equals': 1, 'stream': 'out'}"));
	ck_assert_pass(judge(v, "{'type': 'count', 'match': '^warning', 'equals': 2, 'stream': 'err'}"));
	ck_assert_pass(judge(v, "{'type': 'count', 'match': '^warning', 'equals': 3, 'stream': 'any'}"));
	ck_assert_fail(judge(v, "{'type': 'happens_before', 'before': 'stdout', 'after': 'stderr'}"),
		       "cannot decide: no line matches /stderr/");
	ck_assert_pass(judge(v, "{'type': 'happens_before', 'before': 'stdout', 'after': 'stderr', "
			     "'stream': 'any'}"));
	ck_assert_fail(judge(v, "{'type': 'count', 'match': '^x', 'equals': 0, 'stream': 'err', "
			     "'needs': 'on stdout'}"), "cannot decide");
}
END_TEST

START_TEST(test_points_names_and_hints)
{
	const char *checks =
		"{'type': 'count', 'name': 'two items', 'points': 3, 'hint': 'unused', "
		"'match': '^item', 'equals': 2}, "
		"{'type': 'count', 'name': 'three items', 'points': 2, 'hint': 'print three', "
		"'match': '^item', 'equals': 3}, "
		"{'type': 'exit'}";

	judge_all(build(items), checks);
	ck_assert_int_eq(R.n, 3);
	ck_assert_str_eq(R.r[0].name, "two items");
	ck_assert_str_eq(R.r[0].scenario, "test");
	ck_assert_int_eq(R.r[0].points, 3);
	ck_assert_int_eq(R.r[0].max, 3);
	ck_assert_ptr_null(R.r[0].hint);
	ck_assert_str_eq(R.r[1].name, "three items");
	ck_assert_int_eq(R.r[1].points, 0);
	ck_assert_int_eq(R.r[1].max, 2);
	ck_assert_str_eq(R.r[1].hint, "print three");
	ck_assert_str_eq(R.r[2].name, "exit");          /* no name: its type */
	ck_assert_int_eq(R.r[2].points, 1);
	ck_assert_int_eq(R.r[2].max, 1);
}
END_TEST

START_TEST(test_quotes_at_most_a_few_lines)
{
	struct line v[20];
	const struct result *r;
	int quoted = 0;

	for (int i = 0; i < 19; i++)
		v[i] = (struct line){ 101, i, "item again" };
	v[19] = (struct line){ 0 };
	r = judge(v, "{'type': 'count', 'match': '^item', 'equals': 1}");
	ck_assert_fail(r, "found 19");
	for (const char *p = r->message; (p = strstr(p, "item again")); p++)
		quoted++;
	ck_assert_int_eq(quoted, 8);
	ck_assert_fail(r, "... and 11 more lines");
}
END_TEST

static int count_of(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* A run that left 258 IPC objects gets a few lines, not a thousand. */
START_TEST(test_long_lists_are_cut)
{
	const struct result *r;

	build(family);
	for (int i = 0; i < 258; i++) {
		char name[32];

		snprintf(name, sizeof name, "sysv-sem %d", i);
		trace_add_ipc(&T, name);
		trace_add_leftover(&T, 1000 + i, i % 2 ? 'Z' : 'S');
	}
	r = judge_all(&T, "{'type': 'no_ipc_leftovers'}");
	ck_assert_fail(r, "... and 250 more like these");
	ck_assert_int_eq(count_of(r->message, "left behind"), 8);
	ck_assert_int_le(count_of(r->message, "\n"), 10);
	r = judge_all(&T, "{'type': 'no_leftovers'}");
	ck_assert_fail(r, "... and 250 more like these");
	ck_assert_int_le(count_of(r->message, "\n"), 10);
}
END_TEST

/* exactly_once: 300 keys missing, and one line quoted 300 times. */
START_TEST(test_exactly_once_list_is_cut)
{
	struct line v[301];
	char *keys = xstrdup(""), *check;
	const struct result *r;

	for (int i = 0; i < 300; i++) {
		char *more = xasprintf("%s%s'%d'", keys, i ? ", " : "", i);

		free(keys);
		keys = more;
		v[i] = (struct line){ 101 + i, i, "got 0" };
	}
	v[300] = (struct line){ 0 };
	check = xasprintf("{'type': 'exactly_once', 'match': '^got ([0-9]+)$', 'keys': [%s]}", keys);
	r = judge(v, check);
	ck_assert_fail(r, "\"0\" appears 300 times");
	ck_assert_fail(r, "... and 292 more like these");
	ck_assert_fail(r, "... and 292 more lines");
	ck_assert_int_le(count_of(r->message, "\n"), 20);
	free(keys);
	free(check);
}
END_TEST

/* ---- by: whose lines count ---- */

#define BY_OTHERS "{'type': 'count', 'match': '^child: .* n=101$', 'equals': 1, 'by': 'others'"
#define BY_MAIN "{'type': 'count', 'match': '^parent: .* n=100$', 'equals': 1, 'by': 'main'"

static const struct line honest[] = {
	{ MAIN, 1, "parent: before fork" }, { 101, 2, "child: pid=101 ppid=100 n=101" },
	{ MAIN, 3, "parent: pid=100 child=101 exit=7 n=100" }, { 0 }
};

START_TEST(test_by_right_writer)
{
	ck_assert_pass(judge(honest, BY_OTHERS "}"));
	ck_assert_pass(judge(honest, BY_MAIN "}"));
	ck_assert_pass(judge(honest, "{'type': 'exactly_once', 'match': '^child: pid=([0-9]+) ', "
			     "'keys': ['101'], 'by': 'others'}"));
}
END_TEST

/* The parent prints the child's line itself; a child forges the parent's. */
START_TEST(test_by_forged_writer)
{
	static const struct line forged[] = {
		{ MAIN, 1, "parent: before fork" }, { MAIN, 2, "child: pid=1 ppid=1 n=101" },
		{ 101, 3, "parent: pid=100 child=101 exit=7 n=100" },
		{ MAIN, 4, "parent: pid=100 child=101 exit=7 n=101" }, { 0 }
	};
	const struct result *r;

	/* without "by" the forgeries count */
	ck_assert_pass(judge(forged, "{'type': 'count', 'match': '^child: .* n=101$', 'equals': 1}"));
	ck_assert_pass(judge(forged, "{'type': 'count', 'match': '^parent: .* n=100$', 'equals': 1}"));
	r = judge(forged, BY_OTHERS "}");
	ck_assert_fail(r, "expected 1 line(s) matching /^child: .* n=101$/ written by a process "
		       "other than the main one, found 0");
	ck_assert_fail(r, "not counted, written by the main process:");
	ck_assert_fail(r, "pid 100");
	r = judge(forged, BY_MAIN "}");
	ck_assert_fail(r, "written by the main process, found 0");
	ck_assert_fail(r, "not counted, written by another process:");
	ck_assert_fail(judge(forged, "{'type': 'exactly_once', 'match': '^child: pid=([0-9]+) ', "
			     "'keys': ['1'], 'by': 'others'}"),
		       "\"1\" appears 0 times written by a process other than the main one");
	/* "needs" looks at every writer's lines: the parent's check needs a child's line */
	ck_assert_pass(judge(honest, BY_MAIN ", 'needs': '^child: '}"));
	ck_assert_fail(judge(honest, BY_MAIN ", 'needs': '^grandchild: '}"), "cannot decide");
}
END_TEST

/* A misspelt field is an error, never silently ignored. */
START_TEST(test_unknown_fields)
{
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'equal': 3}"),
		       "scenario error: check 1 (count): unknown field \"equal\"");
	ck_assert_fail(judge(items, "{'type': 'exit', 'match': '^item'}"),
		       "scenario error: check 1 (exit): unknown field \"match\"");
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'equals': 2, 'by': 'child'}"),
		       "\"by\" is main or others, not \"child\"");
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'equals': 2, 'stream': 'stdout'}"),
		       "\"stream\" is out, err or any");
	/* every field a kit scenario uses is known */
	ck_assert_pass(judge(items, "{'type': 'count', 'name': 'n', 'points': 2, 'hint': 'h', "
			     "'needs': '^item', 'stream': 'out', 'by': 'others', 'match': '^item', "
			     "'min': 2, 'max': 2}"));
}
END_TEST


/* ---- strict data files: every kind of error, named with its file and key ---- */

/* Validate a scenario (JSON, 'quotes') as if read from FILE; its errors. */
static char *validate(const char *text, int *errors)
{
	char *json = xstrdup(text), *msg = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&msg, &len);
	cJSON *s;

	for (char *p = json; *p; p++)
		if (*p == '\'')
			*p = '"';
	ck_assert_ptr_nonnull(m);
	s = cJSON_Parse(json);
	ck_assert_msg(s != NULL, "bad JSON in the test: %s", json);
	*errors = scenario_validate(s, "FILE.json", m);
	fclose(m);
	cJSON_Delete(s);
	free(json);
	return msg;
}

#define GOOD_CHECK "{'type': 'exit', 'status': 0}"

/* The scenario has errors, and the message says phrase. */
#define ck_assert_invalid(text, phrase) do { \
	int n_; \
	char *m_ = validate(text, &n_); \
	ck_assert_msg(n_ > 0 && strstr(m_, phrase), "want an error saying %s; got %d:\n%s", \
		      phrase, n_, m_); \
	free(m_); \
} while (0)

#define ck_assert_valid(text) do { \
	int n_; \
	char *m_ = validate(text, &n_); \
	ck_assert_msg(n_ == 0, "want no error, got:\n%s", m_); \
	free(m_); \
} while (0)

START_TEST(test_scenario_fields_valid)
{
	/* every documented field, chaos and cpus (the run stage's) included */
	ck_assert_valid("{'name': 'n', 'program': 'p', 'args': ['a'], 'unit_ms': 100, "
			"'timeout_units': 30, 'cpu_seconds': 5, 'output_limit': 65536, "
			"'linger_units': 2.5, 'env': {'X': '1'}, 'chaos': true, 'cpus': 1, "
			"'timeout_hint': 'h', "
			"'checks': [" GOOD_CHECK "]}");
	ck_assert_valid("{'program': 'p', 'chaos': 8, 'cpus': 2, 'checks': [" GOOD_CHECK "]}");
	ck_assert_valid("{'program': 'p', 'chaos': false, 'checks': [" GOOD_CHECK "]}");
}
END_TEST

START_TEST(test_scenario_unknown_key)
{
	ck_assert_invalid("{'program': 'p', 'timout_units': 3, 'checks': [" GOOD_CHECK "]}",
			  "scenario error: FILE.json: unknown field \"timout_units\"");
	/* keys are exact: cJSON's own lookup would find "Program" for "program" */
	ck_assert_invalid("{'Program': 'p', 'checks': [" GOOD_CHECK "]}",
			  "scenario error: FILE.json: unknown field \"Program\"");
	ck_assert_invalid("{'program': 'p', 'program': 'q', 'checks': [" GOOD_CHECK "]}",
			  "FILE.json: \"program\" is given twice");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'count', 'match': 'x', 'equal': 1}]}",
			  "scenario error: FILE.json: check 1 (count): unknown field \"equal\"");
	ck_assert_invalid("{'program': 'p', 'checks': [" GOOD_CHECK ", {'type': 'counts'}]}",
			  "FILE.json: check 2 (counts): unknown check type \"counts\"");
}
END_TEST

START_TEST(test_scenario_wrong_type)
{
	static const char *const bad[][2] = {
		{ "'name': 3", "\"name\" must be a string" },
		{ "'args': 'a b'", "\"args\" must be a list of strings" },
		{ "'args': [1]", "\"args\" must be a list of strings" },
		{ "'unit_ms': '50'", "\"unit_ms\" must be a number >= 0" },
		{ "'timeout_units': -1", "\"timeout_units\" must be a number >= 0" },
		{ "'cpu_seconds': 1.5", "\"cpu_seconds\" must be a whole number >= 1" },
		{ "'output_limit': 0", "\"output_limit\" must be a whole number >= 1" },
		{ "'linger_units': true", "\"linger_units\" must be a number >= 0" },
		{ "'env': {'X': 1}", "\"env\" must be an object whose values are strings" },
		{ "'chaos': 'yes'", "\"chaos\" must be true or false or a whole number >= 1" },
		{ "'cpus': 0", "\"cpus\" must be a whole number >= 1" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *t = xasprintf("{'program': 'p', %s, 'checks': [" GOOD_CHECK "]}", bad[i][0]);

		ck_assert_invalid(t, bad[i][1]);
		free(t);
	}
	ck_assert_invalid("{'program': 'p', 'checks': {'type': 'exit'}}", "\"checks\" must be a list");
	ck_assert_invalid("{'program': 'p', 'checks': [3]}", "check 1 (no type): a check must be");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'count', 'match': 'x', 'equals': '1'}]}",
			  "check 1 (count): \"equals\" must be a whole number >= 0");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'exit', 'status': 0, 'points': '2'}]}",
			  "check 1 (exit): \"points\" must be a whole number >= 0");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'order', 'sequence': ['a', 2]}]}",
			  "\"sequence\" must be a list of strings");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'happens_before', 'before': 'a', "
			  "'after': 'b', 'per_key': 1}]}", "\"per_key\" must be true or false");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'elapsed', 'max': '6'}]}",
			  "\"max\" must be a number >= 0");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'captured_pid', 'match': '(1)', "
			  "'is': 'parent'}]}", "\"is\" is own or writer_of, not \"parent\"");
}
END_TEST

START_TEST(test_scenario_missing_field)
{
	ck_assert_invalid("{'checks': [" GOOD_CHECK "]}",
			  "FILE.json: missing the required field \"program\"");
	ck_assert_invalid("{'program': 'p'}", "FILE.json: missing the required field \"checks\"");
	ck_assert_invalid("{'program': 'p', 'checks': []}", "\"checks\" is empty");
	ck_assert_invalid("{'program': 'p', 'checks': [{'name': 'x'}]}",
			  "check 1 (no type \"x\"): unknown check type \"(none)\"");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'distinct_writers', 'a': 'x'}]}",
			  "check 1 (distinct_writers): missing the required field \"b\"");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'count', 'match': 'x'}]}",
			  "a count needs \"equals\", or \"min\" and/or \"max\"");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'captured_pid', 'match': '(1)', "
			  "'is': 'writer_of'}]}", "\"writer_of\" needs \"of\"");
	ck_assert_invalid("{'program': 'p', 'checks': [{'type': 'exit', 'status': 0, 'signal': 9}]}",
			  "\"status\" or \"signal\", not both");
}
END_TEST

/* A scenario error fails the check at grading time too, whatever the run did. */
START_TEST(test_scenario_error_never_passes)
{
	static const struct line items[] = { { MAIN, 1, "item 1" }, { 0 } };

	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'equals': 1, 'Points': 3}"),
		       "unknown field \"Points\"");
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'min': '1'}"),
		       "\"min\" must be a whole number >= 0");
}
END_TEST

/* Write dir/NAME/lab.json with text ('quotes'); lab_load's verdict and err. */
static int load_lab(const char *text, char *err, size_t errlen)
{
	char dir[] = "/tmp/check_checks.XXXXXX", *sub, *path, *json = xstrdup(text);
	struct lab lab;
	FILE *f;
	int rc;

	for (char *p = json; *p; p++)
		if (*p == '\'')
			*p = '"';
	ck_assert_ptr_nonnull(mkdtemp(dir));
	sub = xasprintf("%s/01-x", dir);
	path = xasprintf("%s/lab.json", sub);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(json, f);
	ck_assert_int_eq(fclose(f), 0);
	rc = lab_load(&lab, dir, "01-x", err, errlen);
	if (rc == 0)
		lab_free(&lab);
	remove_tree(dir);
	free(sub);
	free(path);
	free(json);
	return rc;
}

#define ck_assert_lab_error(text, phrase) do { \
	char e_[1024] = ""; \
	ck_assert_int_eq(load_lab(text, e_, sizeof e_), -1); \
	ck_assert_msg(strstr(e_, phrase) && strstr(e_, "lab error: ") && strstr(e_, "/01-x/lab.json"), \
		      "want a lab error naming lab.json, saying %s; got:\n%s", phrase, e_); \
} while (0)

START_TEST(test_lab_json_errors)
{
	char err[1024];

	ck_assert_int_eq(load_lab("{'title': 't', 'student_files': ['a.c'], 'exports': ['f'], "
				  "'programs': {'p': ['p.c', 'a.c']}}", err, sizeof err), 0);
	ck_assert_lab_error("{'title': 't', 'student_files': ['a.c'], 'programs': {'p': ['p.c']}, "
			    "'export': ['f']}", "unknown field \"export\"");
	ck_assert_lab_error("{'student_files': ['a.c'], 'programs': {'p': ['p.c']}}",
			    "missing the required field \"title\"");
	ck_assert_lab_error("{'title': 't', 'programs': {'p': ['p.c']}}",
			    "missing the required field \"student_files\"");
	ck_assert_lab_error("{'title': 't', 'student_files': 'a.c', 'programs': {'p': ['p.c']}}",
			    "\"student_files\" must be a list of strings");
	ck_assert_lab_error("{'title': 't', 'student_files': ['a.c'], 'programs': {'p': 'p.c'}}",
			    "\"programs\" must be an object whose values are lists of strings");
	ck_assert_lab_error("{'title': 't', 'student_files': ['a.c'], 'programs': {'p': []}}",
			    "\"p\" lists no source file");
	ck_assert_lab_error("{'title': 't', 'student_files': ['../a.c'], 'programs': {'p': ['p.c']}}",
			    "is not a plain file name");
	ck_assert_lab_error("{'title': 't', 'student_files': ['a.c'], 'programs': {'p': ['p.c']}, "
			    "'uses': ['02-join']}", "\"uses\" must be an object");
	ck_assert_lab_error("{'title': 't', ", "not valid JSON");
}
END_TEST

/* ---- regressions: each was a bug, found by these tests ---- */

/*
 * Was: count passes by default.  A range that includes 0 passes on a run
 * that printed nothing at all (a crash before the first line), though
 * "a check with nothing to look at ... fails with 'cannot decide'".
 */
START_TEST(test_count_on_silent_run_cannot_decide)
{
	static const struct line silent[] = { { 0 } };

	ck_assert_fail(judge(silent, "{'type': 'count', 'match': '^error', 'equals': 0}"),
		       "cannot decide");
}
END_TEST

/*
 * Was: exactly_once without "keys" can never pass: every matching line is
 * reported as "a line with an unexpected key".  Either each key seen must
 * appear once (what the code's "no key list" branch suggests), or a
 * missing "keys" is a scenario error; this test expects the former.
 */
START_TEST(test_exactly_once_without_keys)
{
	static const struct line v[] = { { 101, 1, "got 1" }, { 101, 2, "got 2" }, { 0 } };
	static const struct line dup[] = { { 101, 1, "got 1" }, { 102, 2, "got 1" }, { 0 } };

	ck_assert_pass(judge(v, "{'type': 'exactly_once', 'match': '^got ([0-9]+)$'}"));
	ck_assert_fail(judge(dup, "{'type': 'exactly_once', 'match': '^got ([0-9]+)$'}"),
		       "\"1\" appears 2 times");
}
END_TEST

/*
 * Was: when a listed key is missing, lines with an unlisted key are quoted
 * under the missing key's sentence: "a line with an unexpected key" is
 * printed only while ok is still 1.
 */
START_TEST(test_exactly_once_names_every_problem)
{
	static const struct line v[] = { { 101, 1, "got 1" }, { 101, 2, "got 9" }, { 0 } };
	const struct result *r = judge(v, "{'type': 'exactly_once', 'match': '^got ([0-9]+)$', "
				       "'keys': ['1', '2']}");

	ck_assert_fail(r, "\"2\" appears 0 times");
	ck_assert_fail(r, "unexpected key");
}
END_TEST

/*
 * Was: captured_pid writer_of, when no line matches "of" at all, blames
 * each line ("names pid 100, which wrote no line matching") instead of
 * saying it cannot decide: the "cannot decide" branch runs only while ok
 * is still 1, which it never is when there was a line to check.
 */
START_TEST(test_captured_pid_writer_of_without_of_lines)
{
	static const struct line v[] = { { 101, 2, "child: pid=101 ppid=100" }, { 0 } };

	ck_assert_fail(judge(v, PPID), "cannot decide: no line matches /^parent: /");
}
END_TEST

/* Was (wording): count with only "min" says "expected 3 to 1e+09 lines". */
START_TEST(test_count_min_only_message)
{
	ck_assert_fail(judge(items, "{'type': 'count', 'match': '^item', 'min': 3}"),
		       "expected at least 3 lines matching /^item/, found 2");
}
END_TEST

/* Was (wording): exit on a run whose main process never exited says
   "never exited" where elapsed and no_leftovers say "cannot decide". */
START_TEST(test_exit_never_exited_cannot_decide)
{
	build(nothing)->exit_kind = EXIT_NONE;
	ck_assert_fail(judge_all(&T, "{'type': 'exit', 'status': 0}"), "cannot decide");
}
END_TEST

/*
 * Was (speed): happens_before with per_key rescans the trace for every
 * line (is its key new?) and again for every key: cubic in practice.
 * 3000 lines of "start N" / "end N" take about 10 s on this machine, so a
 * chatty program makes grading crawl.  One pass that keeps, per key, the
 * last "before" and the first "after" line would take milliseconds.
 */
START_TEST(test_per_key_is_fast)
{
	struct line *v = xmalloc(3001 * sizeof *v);
	char (*text)[32] = xmalloc(3000 * sizeof *text);
	double t0;

	for (int i = 0; i < 3000; i++) {
		snprintf(text[i], sizeof text[i], "%s %d", i % 2 ? "end" : "start", i / 2);
		v[i] = (struct line){ 101 + i % 7, i, text[i] };
	}
	v[3000] = (struct line){ 0 };
	build(v);
	t0 = now_ms();
	ck_assert_pass(judge_all(&T, "{'type': 'happens_before', 'before': '^start ([0-9]+)$', "
				 "'after': '^end ([0-9]+)$', 'per_key': true}"));
	ck_assert_msg(now_ms() - t0 < 2000, "3000 lines took %.0f ms", now_ms() - t0);
	free(v);
	free(text);
}
END_TEST

/* ---- the lab's score: a failed core check caps it at half ---- */

static void add(struct results *rs, int points, int max, int passed, int core)
{
	results_add(rs, "s", core ? "core" : "other", points, max, passed,
		    passed ? NULL : xstrdup("why"), NULL);
	rs->r[rs->n - 1].core = core;
}

START_TEST(test_core_failed_caps_at_half)
{
	struct results rs = { 0 };
	int score, max;

	add(&rs, 0, 4, 0, 1);           /* the lock let two in */
	add(&rs, 10, 10, 1, 0);
	add(&rs, 5, 5, 1, 0);
	ck_assert_ptr_eq(lab_score(&rs, &score, &max), &rs.r[0]);
	ck_assert_int_eq(max, 19);
	ck_assert_int_eq(score, 9);     /* not 15 */
	results_free(&rs);
}
END_TEST

START_TEST(test_core_held_no_cap)
{
	struct results rs = { 0 };
	int score, max;

	add(&rs, 4, 4, 1, 1);
	add(&rs, 0, 10, 0, 0);
	add(&rs, 5, 5, 1, 0);
	ck_assert_ptr_null(lab_score(&rs, &score, &max));
	ck_assert_int_eq(score, 9);
	add(&rs, 0, 1, 0, 1);           /* below half already: the cap takes nothing */
	ck_assert_ptr_nonnull(lab_score(&rs, &score, &max));
	ck_assert_int_eq(score, 9);
	ck_assert_int_eq(max, 20);
	results_free(&rs);
}
END_TEST

static TCase *tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 10);
	return tc;
}

Suite *make_checks_suite(int known_bugs)
{
	Suite *s = suite_create("checks");
	TCase *tc;

	tc = tcase("counting");
	tcase_add_test(tc, test_count);
	tcase_add_test(tc, test_count_bad);
	tcase_add_test(tc, test_count_cannot_decide);
	tcase_add_test(tc, test_count_explains_copied_buffer);
	tcase_add_test(tc, test_exactly_once);
	tcase_add_test(tc, test_exactly_once_bad);
	tcase_add_test(tc, test_exactly_once_cannot_decide);
	suite_add_tcase(s, tc);

	tc = tcase("ordering");
	tcase_add_test(tc, test_happens_before);
	tcase_add_test(tc, test_happens_before_bad);
	tcase_add_test(tc, test_happens_before_cannot_decide);
	tcase_add_test(tc, test_happens_before_per_key);
	tcase_add_test(tc, test_happens_before_per_key_bad);
	tcase_add_test(tc, test_happens_before_per_key_cannot_decide);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_order_bad);
	tcase_add_test(tc, test_order_cannot_decide);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_fifo_bad);
	tcase_add_test(tc, test_fifo_cannot_decide);
	suite_add_tcase(s, tc);

	tc = tcase("intervals");
	tcase_add_test(tc, test_never_overlap);
	tcase_add_test(tc, test_never_overlap_bad);
	tcase_add_test(tc, test_never_overlap_cannot_decide);
	tcase_add_test(tc, test_max_concurrent);
	tcase_add_test(tc, test_max_concurrent_bad);
	tcase_add_test(tc, test_max_concurrent_cannot_decide);
	suite_add_tcase(s, tc);

	tc = tcase("time_exit_processes");
	tcase_add_test(tc, test_elapsed);
	tcase_add_test(tc, test_elapsed_bad);
	tcase_add_test(tc, test_elapsed_cannot_decide);
	tcase_add_test(tc, test_exit);
	tcase_add_test(tc, test_exit_bad);
	tcase_add_test(tc, test_exit_cannot_decide);
	tcase_add_test(tc, test_captured_pid_own);
	tcase_add_test(tc, test_captured_pid_own_bad);
	tcase_add_test(tc, test_captured_pid_writer_of);
	tcase_add_test(tc, test_captured_pid_writer_of_bad);
	tcase_add_test(tc, test_captured_pid_cannot_decide);
	tcase_add_test(tc, test_distinct_writers);
	tcase_add_test(tc, test_distinct_writers_bad);
	tcase_add_test(tc, test_distinct_writers_cannot_decide);
	tcase_add_test(tc, test_no_leftovers);
	tcase_add_test(tc, test_no_leftovers_bad);
	tcase_add_test(tc, test_no_leftovers_cannot_decide);
	tcase_add_test(tc, test_no_ipc_leftovers);
	tcase_add_test(tc, test_no_ipc_leftovers_bad);
	tcase_add_test(tc, test_no_ipc_leftovers_cannot_decide);
	suite_add_tcase(s, tc);

	tc = tcase("unit_test");
	tcase_add_test(tc, test_unit_test);
	tcase_add_test(tc, test_unit_test_bad);
	tcase_add_test(tc, test_unit_test_cannot_decide);
	tcase_add_test(tc, test_unit_test_needs_summary);
	tcase_add_test(tc, test_unit_test_forged_line_ignored);
	suite_add_tcase(s, tc);

	tc = tcase("common");
	tcase_add_test(tc, test_stopped_run_fails_every_check);
	tcase_add_test(tc, test_timeout_hint);
	tcase_add_test(tc, test_scenario_errors);
	tcase_add_test(tc, test_stream_selection);
	tcase_add_test(tc, test_points_names_and_hints);
	tcase_add_test(tc, test_quotes_at_most_a_few_lines);
	tcase_add_test(tc, test_long_lists_are_cut);
	tcase_add_test(tc, test_exactly_once_list_is_cut);
	tcase_add_test(tc, test_by_right_writer);
	tcase_add_test(tc, test_by_forged_writer);
	tcase_add_test(tc, test_unknown_fields);
	suite_add_tcase(s, tc);

	tc = tcase_create("strict_files");
	tcase_add_test(tc, test_scenario_fields_valid);
	tcase_add_test(tc, test_scenario_unknown_key);
	tcase_add_test(tc, test_scenario_wrong_type);
	tcase_add_test(tc, test_scenario_missing_field);
	tcase_add_test(tc, test_scenario_error_never_passes);
	tcase_add_test(tc, test_lab_json_errors);
	suite_add_tcase(s, tc);

	tc = tcase("score");
	tcase_add_test(tc, test_core_failed_caps_at_half);
	tcase_add_test(tc, test_core_held_no_cap);
	suite_add_tcase(s, tc);

	tc = tcase("regressions");
	tcase_add_test(tc, test_count_on_silent_run_cannot_decide);
	tcase_add_test(tc, test_exactly_once_without_keys);
	tcase_add_test(tc, test_exactly_once_names_every_problem);
	tcase_add_test(tc, test_captured_pid_writer_of_without_of_lines);
	tcase_add_test(tc, test_exit_never_exited_cannot_decide);
	tcase_add_test(tc, test_count_min_only_message);
	tcase_add_test(tc, test_per_key_is_fast);
	suite_add_tcase(s, tc);

	if (known_bugs) {
		tc = tcase("known_bugs");
		tcase_set_timeout(tc, 120);
		suite_add_tcase(s, tc);
	}
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(make_checks_suite(getenv("PROCLAB_KNOWN_BUGS") != NULL));
	int failures;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_ENV);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
