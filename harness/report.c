/*
 * report.c - the checklist people read, and the JSON machines read.
 *
 * Messages quote a run's output and the compiler's log raw; every line is
 * escaped here, on its way out, so no control byte from a submission
 * reaches a terminal.  (cJSON escapes them in the JSON; bytes that are
 * not UTF-8 are written as \xNN first, so the JSON is valid UTF-8.)
 */
#define _GNU_SOURCE
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static void totals(const struct labreport *l, int *score, int *max)
{
	*score = *max = 0;
	for (int i = 0; i < l->res.n; i++) {
		*score += l->res.r[i].points;
		*max += l->res.r[i].max;
	}
}

/*
 * Show text on a terminal: valid UTF-8 as it is (a student's Chinese
 * stays Chinese); control bytes, DEL, C1 controls, characters that
 * reorder or hide text, and bytes that are not UTF-8, as \xNN.  A
 * backslash stays itself, so a quoted pattern reads as written.
 */
static void put_display(FILE *f, const char *s)
{
	while (*s)
		s += put_char_safe(f, s);
}

/* Print a message line by line, indented; escape all but the newlines. */
static void print_message(FILE *f, const char *msg, const char *indent)
{
	const char *p = msg;

	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);

		fputs(indent, f);
		put_display(f, line);
		fputc('\n', f);
		free(line);
		p += n + (p[n] == '\n');
	}
}

void report_text(FILE *f, const struct labreport *labs, int n, int colour)
{
	const char *green = colour ? "\033[32m" : "", *red = colour ? "\033[31m" : "";
	const char *bold = colour ? "\033[1m" : "", *off = colour ? "\033[0m" : "";
	int score = 0, max = 0;

	for (int i = 0; i < n; i++) {
		const struct labreport *l = &labs[i];
		const char *scen = NULL;
		int s, m;

		totals(l, &s, &m);
		score += s;
		max += m;
		fprintf(f, "%s== %s: %s%s\n", bold, l->name, l->title, off);
		if (l->note)
			fprintf(f, "  note: %s\n", l->note);
		for (int j = 0; j < l->res.n; j++) {
			const struct result *r = &l->res.r[j];

			if (scen == NULL || strcmp(scen, r->scenario) != 0)
				fprintf(f, "  %s\n", scen = r->scenario);
			fprintf(f, "    %s%s%s %-56s %2d/%d\n", r->passed ? green : red,
				r->passed ? "✓" : "✗", off, r->name, r->points, r->max);
			/* a build failure fails every check for one reason: say it once */
			if (r->message && j > 0 && l->res.r[j - 1].message &&
			    strcmp(r->message, l->res.r[j - 1].message) == 0)
				fprintf(f, "        (the same reason)\n");
			else if (r->message)
				print_message(f, r->message, "        ");
			if (r->hint)
				fprintf(f, "        hint: %s\n", r->hint);
		}
		fprintf(f, "  %s: %d/%d (%.1f s)\n\n", l->name, s, m, l->seconds);
	}
	if (run_unsandboxed())
		fprintf(f, "note: %d runs were not sandboxed on this machine: they could see the\n"
			"network and other folders (see \"The sandbox\" in harness/README.md)\n\n",
			run_unsandboxed());
	fprintf(f, "Score: %d/%d\n", score, max);
}

/* A string for the JSON, made valid UTF-8 first: cJSON copies bytes as they are. */
static void add_text(cJSON *o, const char *key, const char *s)
{
	char *clean = utf8_clean(s);

	cJSON_AddStringToObject(o, key, clean);
	free(clean);
}

void report_json(FILE *f, const struct labreport *labs, int n)
{
	cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "labs");
	int score = 0, max = 0;
	char *text;

	for (int i = 0; i < n; i++) {
		cJSON *lab = cJSON_CreateObject(), *checks;
		int s, m;

		totals(&labs[i], &s, &m);
		score += s;
		max += m;
		add_text(lab, "lab", labs[i].name);
		add_text(lab, "title", labs[i].title);
		cJSON_AddNumberToObject(lab, "score", s);
		cJSON_AddNumberToObject(lab, "max", m);
		cJSON_AddNumberToObject(lab, "seconds", labs[i].seconds);
		if (labs[i].note)
			add_text(lab, "note", labs[i].note);
		checks = cJSON_AddArrayToObject(lab, "checks");
		for (int j = 0; j < labs[i].res.n; j++) {
			const struct result *r = &labs[i].res.r[j];
			cJSON *c = cJSON_CreateObject();

			add_text(c, "scenario", r->scenario);
			add_text(c, "name", r->name);
			cJSON_AddNumberToObject(c, "points", r->points);
			cJSON_AddNumberToObject(c, "max", r->max);
			cJSON_AddBoolToObject(c, "passed", r->passed);
			add_text(c, "message", r->message ? r->message : "");
			if (r->hint)
				add_text(c, "hint", r->hint);
			cJSON_AddItemToArray(checks, c);
		}
		cJSON_AddItemToArray(arr, lab);
	}
	cJSON_AddNumberToObject(root, "score", score);
	cJSON_AddNumberToObject(root, "max", max);
	cJSON_AddNumberToObject(root, "unsandboxed_runs", run_unsandboxed());
	text = cJSON_Print(root);
	fprintf(f, "%s\n", text);
	free(text);
	cJSON_Delete(root);
}
