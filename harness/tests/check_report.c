/*
 * check_report.c - the report stage: the checklist a person reads (its
 * last line is the score, no control byte from a run reaches the
 * terminal) and the JSON a machine reads.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* One lab: a passed check and a failed one quoting hostile output. */
static void make_lab(struct labreport *l)
{
	memset(l, 0, sizeof *l);
	snprintf(l->name, sizeof l->name, "02-join");
	snprintf(l->title, sizeof l->title, "join");
	results_add(&l->res, "three sleepers", "order", 2, 2, 1, NULL, NULL);
	results_add(&l->res, "three sleepers", "elapsed", 0, 3, 0,
		    xstrdup("took 9 units\n  pid 7 | \033[2J\033]0;pwned\a Score: 100/100\n"),
		    "start all first");
}

static char *render_text(int colour)
{
	struct labreport l;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	make_lab(&l);
	report_text(f, &l, 1, colour);
	fclose(f);
	results_free(&l.res);
	return out;
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
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	cJSON *j, *lab, *c;

	make_lab(&l);
	report_json(f, &l, 1);
	fclose(f);
	results_free(&l.res);
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

static Suite *make_report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("text");

	tcase_set_timeout(tc, 5);
	tcase_add_test(tc, test_text_ends_with_score);
	tcase_add_test(tc, test_text_escapes_control_bytes);
	tcase_add_test(tc, test_colour_only_when_asked);
	suite_add_tcase(s, tc);
	tc = tcase_create("json");
	tcase_set_timeout(tc, 5);
	tcase_add_test(tc, test_json_has_every_check);
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
