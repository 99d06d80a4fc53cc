/*
 * check_report.c - the report stage: the checklist a person reads (its
 * last line is the score, no control byte from a run reaches the
 * terminal, UTF-8 stays UTF-8) and the JSON a machine reads (valid UTF-8
 * whatever a run printed); hidden scenarios shown to students without
 * their names and messages, and in full with REPORT_INSTRUCTOR.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <check.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* An empty lab 02-join, for a test to add results to. */
static void empty_lab(struct labreport *l)
{
	memset(l, 0, sizeof *l);
	snprintf(l->name, sizeof l->name, "02-join");
	snprintf(l->title, sizeof l->title, "join");
}

/* The lab as a checklist or as JSON; its results are freed. */
static char *render(struct labreport *l, int json, int flags)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(f);
	if (json)
		report_json(f, l, 1, flags);
	else
		report_text(f, l, 1, flags);
	fclose(f);
	results_free(&l->res);
	return out;
}

/* One lab: a passed check and a failed one quoting hostile output. */
static void make_lab(struct labreport *l)
{
	empty_lab(l);
	results_add(&l->res, "three sleepers", "order", 2, 2, 1, NULL, NULL);
	results_add(&l->res, "three sleepers", "elapsed", 0, 3, 0,
		    xstrdup("took 9 units\n  pid 7 | \033[2J\033]0;pwned\a Score: 100/100\n"),
		    "start all first");
}

static char *render_text(int colour)
{
	struct labreport l;

	make_lab(&l);
	return render(&l, 0, colour ? REPORT_COLOUR : 0);
}

START_TEST(test_text_ends_with_score)
{
	char *out = render_text(0);
	char *last = out + strlen(out) - 1;

	while (last > out && last[-1] != '\n')
		last--;
	ck_assert_str_eq(last, "Score: 2/5\n");
	ck_assert_ptr_nonnull(strstr(out, "✓ order"));
	ck_assert_ptr_nonnull(strstr(out, "✗ elapsed"));
	ck_assert_ptr_nonnull(strstr(out, "hint: start all first"));
	free(out);
}
END_TEST

/* A failed check of a chaos run says how to replay it; a passed one, or a run without chaos, does not. */
START_TEST(test_chaos_seed_shown)
{
	struct labreport l;
	char *out;

	make_lab(&l);
	results_add(&l.res, "came left", "never overlap", 0, 4, 0, xstrdup("two inside\n"), NULL);
	l.res.r[2].chaos = 8;
	l.res.r[2].seed = 12345;
	l.res.r[0].chaos = 8;           /* passed: nothing to replay */
	l.res.r[0].seed = 999;
	out = render(&l, 0, 0);
	ck_assert_ptr_nonnull(strstr(out, "seed 12345: replay with make grade LAB=02-join SEED=12345\n"));
	ck_assert_ptr_null(strstr(out, "999"));
	free(out);

	make_lab(&l);
	results_add(&l.res, "came left", "never overlap", 0, 4, 0, xstrdup("two inside\n"), NULL);
	l.res.r[2].chaos = 8;
	l.res.r[2].seed = 12345;
	out = render(&l, 1, 0);
	ck_assert_ptr_nonnull(strstr(out, "\"seed\":\t12345"));
	ck_assert_ptr_nonnull(strstr(out, "\"chaos\":\t8"));
	ck_assert_ptr_null(strstr(strstr(out, "\"seed\"") + 1, "\"seed\""));  /* that check only */
	free(out);
}
END_TEST

START_TEST(test_text_escapes_control_bytes)
{
	char *out = render_text(0);

	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_null(strchr(out, '\a'));
	ck_assert_ptr_nonnull(strstr(out, "\\x1b[2J\\x1b]0;pwned\\x07"));
	free(out);
}
END_TEST

START_TEST(test_colour_only_when_asked)
{
	char *plain = render_text(0), *colour = render_text(1);

	ck_assert_ptr_null(strstr(plain, "\033["));
	ck_assert_ptr_nonnull(strstr(colour, "\033[32m"));
	ck_assert_ptr_nonnull(strstr(colour, "\033[31m"));
	free(plain);
	free(colour);
}
END_TEST

START_TEST(test_json_has_every_check)
{
	struct labreport l;
	char *out;
	cJSON *j, *lab, *c;

	make_lab(&l);
	out = render(&l, 1, 0);
	j = cJSON_Parse(out);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(cJSON_GetObjectItem(j, "score")->valueint, 2);
	ck_assert_int_eq(cJSON_GetObjectItem(j, "max")->valueint, 5);
	lab = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "labs"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(lab, "lab")->valuestring, "02-join");
	c = cJSON_GetArrayItem(cJSON_GetObjectItem(lab, "checks"), 1);
	ck_assert_str_eq(cJSON_GetObjectItem(c, "name")->valuestring, "elapsed");
	ck_assert_int_eq(cJSON_GetObjectItem(c, "points")->valueint, 0);
	ck_assert_int_eq(cJSON_GetObjectItem(c, "max")->valueint, 3);
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(c, "passed")));
	/* the run's bytes come back exactly, escaped only inside the JSON text */
	ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(c, "message")->valuestring,
				     "\033[2J"));
	ck_assert_ptr_null(strchr(out, '\033'));
	cJSON_Delete(j);
	free(out);
}
END_TEST

/* A lab whose one failed check quotes a run's text: Chinese, C1, bidi, bad bytes. */
static char *render_mixed(int json)
{
	struct labreport l;

	empty_lab(&l);
	results_add(&l.res, "forklab", "count", 0, 1, 0,
		    xstrdup("pid 7 | 你好，世界 caf\xc3\xa9\n"
			    "pid 7 | lone \xff byte, cut \xe4\xbd and overlong \xc0\xaf\n"
			    "pid 7 | c1 \xc2\x9b" "31m and rlo \xe2\x80\xae" "txt.exe\n"), NULL);
	return render(&l, json, 0);
}

/*
 * s is valid UTF-8, by a strict reader that is not ours: glibc's iconv
 * refuses (EILSEQ, EINVAL) any byte that is not part of a valid character.
 */
static void ck_assert_utf8(const char *s)
{
	iconv_t cd = iconv_open("UTF-8", "UTF-8");
	size_t inleft = strlen(s), outleft = inleft;
	char *in = (char *)s, *buf = xmalloc(outleft), *out = buf;

	ck_assert(cd != (iconv_t)-1);
	ck_assert_msg(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1,
		      "not UTF-8 at offset %td (byte 0x%02x): %s", in - s,
		      (unsigned char)*in, strerror(errno));
	iconv_close(cd);
	free(buf);
}

START_TEST(test_json_is_valid_utf8)
{
	char *out = render_mixed(1);
	cJSON *j = cJSON_Parse(out), *c;
	const char *msg;

	ck_assert_utf8(out);
	/* valid UTF-8 is kept as it is, not \u-escaped */
	ck_assert_ptr_nonnull(strstr(out, "你好，世界 caf\xc3\xa9"));
	ck_assert_ptr_nonnull(j);
	c = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
		cJSON_GetObjectItem(j, "labs"), 0), "checks"), 0);
	msg = cJSON_GetObjectItem(c, "message")->valuestring;
	ck_assert_ptr_nonnull(strstr(msg, "lone \\xff byte, cut \\xe4\\xbd and overlong \\xc0\\xaf"));
	/* a valid C1 character is valid UTF-8: JSON keeps it (escaping is the reader's) */
	ck_assert_ptr_nonnull(strstr(msg, "c1 \xc2\x9b" "31m"));
	cJSON_Delete(j);
	free(out);
}
END_TEST

START_TEST(test_text_keeps_utf8)
{
	char *out = render_mixed(0);

	ck_assert_utf8(out);
	ck_assert_ptr_nonnull(strstr(out, "你好，世界 caf\xc3\xa9"));
	ck_assert_ptr_nonnull(strstr(out, "lone \\xff byte, cut \\xe4\\xbd and overlong \\xc0\\xaf"));
	/* a C1 control (CSI here) and a bidi override disguise a terminal line */
	ck_assert_ptr_nonnull(strstr(out, "c1 \\xc2\\x9b31m and rlo \\xe2\\x80\\xaetxt.exe"));
	free(out);
}
END_TEST

/* The compiler's log in a build failure: at most 40 lines and 4 KiB. */
START_TEST(test_long_log_is_cut)
{
	char *log = xstrdup(""), *cut;

	for (int i = 0; i < 500; i++) {
		char *more = xasprintf("%sprocess.c:%d: error: bad line\n", log, i);

		free(log);
		log = more;
	}
	cut = cut_lines(log, 40, 4096);
	ck_assert_ptr_nonnull(strstr(cut, "process.c:39: error"));
	ck_assert_ptr_null(strstr(cut, "process.c:40: error"));
	ck_assert_ptr_nonnull(strstr(cut, "\n(460 more lines cut)\n"));
	free(cut);
	/* one long line: cut at 4 KiB, between characters */
	log = xmalloc(9001);
	for (int i = 0; i < 3000; i++)
		memcpy(log + 3 * i, "中", 3);
	log[9000] = '\0';
	cut = cut_lines(log, 40, 4096);
	ck_assert_utf8(cut);
	ck_assert_int_le(strlen(cut), 4096 + 40);
	ck_assert_ptr_nonnull(strstr(cut, "\n(1 more line cut)\n"));
	free(cut);
	/* a short log is left alone */
	cut = cut_lines(xstrdup("a.c:1: error: x\n"), 40, 4096);
	ck_assert_str_eq(cut, "a.c:1: error: x\n");
	free(cut);
}
END_TEST

/* A public check, then two hidden scenarios whose names and messages are secret. */
static char *render_hidden(int json, int flags)
{
	struct labreport l;

	empty_lab(&l);
	results_add(&l.res, "three sleepers", "order", 2, 2, 1, NULL, NULL);
	results_add(&l.res, "SECRET one", "SECRET passes", 1, 1, 1, NULL, NULL);
	results_add(&l.res, "SECRET one", "SECRET fails", 0, 3, 0,
		    xstrdup("SECRET message quoting SECRET lines\n"), "SECRET hint");
	results_add(&l.res, "SECRET two", "SECRET fails too", 0, 2, 0,
		    xstrdup("SECRET other message\n"), NULL);
	l.res.r[1].hidden = l.res.r[2].hidden = 1;
	l.res.r[3].hidden = 2;
	return render(&l, json, flags);
}

START_TEST(test_hidden_redacted_in_text)
{
	char *out = render_hidden(0, 0);

	ck_assert_msg(strstr(out, "SECRET") == NULL, "a hidden name or message shows:\n%s", out);
	ck_assert_ptr_nonnull(strstr(out, "  hidden scenario 1\n"));
	ck_assert_ptr_nonnull(strstr(out, "✓ hidden check 1 "));
	ck_assert_ptr_nonnull(strstr(out, "✗ hidden check 2 "));
	ck_assert_ptr_nonnull(strstr(out, "  hidden scenario 2\n"));
	ck_assert_ptr_nonnull(strstr(out, "✗ hidden check 1 "));
	ck_assert_ptr_nonnull(strstr(out, "a hidden scenario failed; your instructor has the details"));
	ck_assert_ptr_nonnull(strstr(out, "✓ order"));         /* public ones as they are */
	ck_assert_ptr_nonnull(strstr(out, "Score: 3/8\n"));    /* hidden points count */
	free(out);
}
END_TEST

START_TEST(test_hidden_shown_to_instructor)
{
	char *out = render_hidden(0, REPORT_INSTRUCTOR);

	ck_assert_ptr_nonnull(strstr(out, "  SECRET one (hidden)\n"));
	ck_assert_ptr_nonnull(strstr(out, "✗ SECRET fails "));
	ck_assert_ptr_nonnull(strstr(out, "SECRET message quoting SECRET lines"));
	ck_assert_ptr_nonnull(strstr(out, "hint: SECRET hint"));
	ck_assert_ptr_null(strstr(out, "hidden check"));
	ck_assert_ptr_nonnull(strstr(out, "Score: 3/8\n"));
	free(out);
}
END_TEST

START_TEST(test_hidden_in_json)
{
	char *out = render_hidden(1, 0), *all = render_hidden(1, REPORT_INSTRUCTOR);
	cJSON *j = cJSON_Parse(out), *k = cJSON_Parse(all), *checks, *c;

	ck_assert_msg(strstr(out, "SECRET") == NULL, "a hidden name or message shows:\n%s", out);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(cJSON_GetObjectItem(j, "score")->valueint, 3);
	ck_assert_int_eq(cJSON_GetObjectItem(j, "max")->valueint, 8);
	checks = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "labs"), 0), "checks");
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(checks, 0), "hidden")));
	c = cJSON_GetArrayItem(checks, 2);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(c, "hidden")));
	ck_assert_str_eq(cJSON_GetObjectItem(c, "scenario")->valuestring, "hidden scenario 1");
	ck_assert_str_eq(cJSON_GetObjectItem(c, "name")->valuestring, "hidden check 2");
	ck_assert_int_eq(cJSON_GetObjectItem(c, "max")->valueint, 3);
	ck_assert_ptr_null(cJSON_GetObjectItem(c, "hint"));
	/* the instructor's JSON has it all, still marked */
	ck_assert_ptr_nonnull(k);
	c = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
		cJSON_GetObjectItem(k, "labs"), 0), "checks"), 2);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(c, "hidden")));
	ck_assert_str_eq(cJSON_GetObjectItem(c, "name")->valuestring, "SECRET fails");
	ck_assert_str_eq(cJSON_GetObjectItem(c, "hint")->valuestring, "SECRET hint");
	cJSON_Delete(j);
	cJSON_Delete(k);
	free(out);
	free(all);
}
END_TEST

/* The compiler's warnings are shown with the lab, escaped, and do not count. */
START_TEST(test_warnings_shown_not_graded)
{
	struct labreport l;
	char *out;

	make_lab(&l);
	l.warnings = xstrdup("forkrun.c:23:13: warning: unused variable \xe2\x80\x98n\xe2\x80\x99 \033[2J\n");
	out = render(&l, 0, 0);
	ck_assert_msg(strstr(out, "compiler warnings (not graded") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "unused variable \xe2\x80\x98n\xe2\x80\x99") != NULL,
		      "UTF-8 quotes not kept: %s", out);
	ck_assert_msg(strchr(out, '\033') == NULL, "an escape reached the terminal: %s", out);
	ck_assert_msg(strstr(out, "Score: 2/5") != NULL, "warnings changed the score: %s", out);
	free(out);
	free(l.warnings);
	make_lab(&l);
	l.warnings = xstrdup("forkrun.c:23:13: warning: unused\n");
	out = render(&l, 1, 0);
	ck_assert_msg(strstr(out, "\"warnings\":") != NULL, "%s", out);
	free(out);
	free(l.warnings);
}
END_TEST

/* A stopped run fails each check for one cause: said once, with one seed line. */
START_TEST(test_one_cause_said_once)
{
	struct labreport l;
	char *out, *p;
	int seeds = 0, same = 0;

	empty_lab(&l);
	for (int i = 0; i < 3; i++) {
		results_add(&l.res, "sleepers", i == 0 ? "a" : i == 1 ? "b" : "c", 0, 1, 0,
			    xstrdup("the run was stopped at its time limit\n"), NULL);
		l.res.r[i].chaos = 8;
		l.res.r[i].seed = 42;
	}
	out = render(&l, 0, 0);
	for (p = out; (p = strstr(p, "seed 42:")) != NULL; p++)
		seeds++;
	for (p = out; (p = strstr(p, "(the same reason)")) != NULL; p++)
		same++;
	ck_assert_msg(seeds == 1 && same == 2, "seed lines %d, same-reason lines %d:\n%s",
		      seeds, same, out);
	free(out);
}
END_TEST

static Suite *make_report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("text");

	tcase_set_timeout(tc, 5);
	tcase_add_test(tc, test_text_ends_with_score);
	tcase_add_test(tc, test_chaos_seed_shown);
	tcase_add_test(tc, test_text_escapes_control_bytes);
	tcase_add_test(tc, test_colour_only_when_asked);
	tcase_add_test(tc, test_text_keeps_utf8);
	tcase_add_test(tc, test_long_log_is_cut);
	tcase_add_test(tc, test_warnings_shown_not_graded);
	tcase_add_test(tc, test_one_cause_said_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("json");
	tcase_set_timeout(tc, 5);
	tcase_add_test(tc, test_json_has_every_check);
	tcase_add_test(tc, test_json_is_valid_utf8);
	suite_add_tcase(s, tc);
	tc = tcase_create("hidden");
	tcase_set_timeout(tc, 5);
	tcase_add_test(tc, test_hidden_redacted_in_text);
	tcase_add_test(tc, test_hidden_shown_to_instructor);
	tcase_add_test(tc, test_hidden_in_json);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(make_report_suite());
	int failures;

	srunner_run_all(sr, CK_ENV);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
