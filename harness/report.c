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

static const struct result *totals(const struct labreport *l, int *score, int *max)
{
	return lab_score(&l->res, score, max);
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

/* What a student sees of a check that failed in a hidden scenario. */
static const char hidden_failed[] =
	"a hidden scenario failed; your instructor has the details\n";

/* A result as this report shows it; the names made up live in the struct. */
struct shown {
	const char *scenario, *name, *message, *hint;
	char sbuf[32], nbuf[32];
};

/*
 * Show result j of v.  A hidden scenario's names, messages and hints
 * would tell a student what the hidden runs test: without
 * REPORT_INSTRUCTOR they become "hidden scenario K" and "hidden check J",
 * and a failure says only that it failed.  Points and verdicts stay.
 */
static void show(struct shown *s, const struct result *v, int j, int flags)
{
	const struct result *r = &v[j];
	int no = 1;

	s->scenario = r->scenario;
	s->name = r->name;
	s->message = r->message;
	s->hint = r->hint;
	if (!r->hidden || (flags & REPORT_INSTRUCTOR))
		return;
	while (no <= j && v[j - no].hidden == r->hidden)     /* its place in the scenario */
		no++;
	snprintf(s->sbuf, sizeof s->sbuf, "hidden scenario %d", r->hidden);
	snprintf(s->nbuf, sizeof s->nbuf, "hidden check %d", no);
	s->scenario = s->sbuf;
	s->name = s->nbuf;
	s->message = r->passed ? NULL : hidden_failed;
	s->hint = NULL;
}

/* Did a failed check of the same run (scenario, seed) come before r[j]? */
static int seed_said(const struct result *r, int j)
{
	for (int i = j - 1; i >= 0 && !strcmp(r[i].scenario, r[j].scenario) &&
	     r[i].hidden == r[j].hidden; i--)
		if (!r[i].passed && r[i].chaos && r[i].seed == r[j].seed)
			return 1;
	return 0;
}

void report_text(FILE *f, const struct labreport *labs, int n, int flags)
{
	int colour = flags & REPORT_COLOUR;
	const char *green = colour ? "\033[32m" : "", *red = colour ? "\033[31m" : "";
	const char *bold = colour ? "\033[1m" : "", *off = colour ? "\033[0m" : "";
	int score = 0, max = 0;

	for (int i = 0; i < n; i++) {
		const struct labreport *l = &labs[i];
		const char *scen = NULL;
		const struct result *broken;
		int s, m;

		broken = totals(l, &s, &m);
		score += s;
		max += m;
		fprintf(f, "%s== %s: %s%s\n", bold, l->name, l->title, off);
		if (l->note)
			fprintf(f, "  note: %s\n", l->note);
		if (l->warnings) {
			fprintf(f, "  compiler warnings (not graded, but read them):\n");
			print_message(f, l->warnings, "    ");
		}
		for (int j = 0; j < l->res.n; j++) {
			const struct result *r = &l->res.r[j];
			struct shown v, prev;

			show(&v, l->res.r, j, flags);
			if (scen == NULL || strcmp(scen, v.scenario) != 0 ||
			    (j > 0 && r->hidden != r[-1].hidden))
				fprintf(f, "  %s%s\n", scen = v.scenario,
					r->hidden && (flags & REPORT_INSTRUCTOR) ? " (hidden)" : "");
			fprintf(f, "    %s%s%s %-56s %2d/%d\n", r->passed ? green : red,
				r->passed ? "✓" : "✗", off, v.name, r->points, r->max);
			/* a build failure fails every check for one reason: say it once */
			prev.message = NULL;
			if (j > 0)
				show(&prev, l->res.r, j - 1, flags);
			if (v.message && prev.message && strcmp(v.message, prev.message) == 0)
				fprintf(f, "        (the same reason)\n");
			else if (v.message)
				print_message(f, v.message, "        ");
			if (v.hint)
				fprintf(f, "        hint: %s\n", v.hint);
			/* the seed is the run's: said once, under its first failed check */
			if (!r->passed && r->chaos && !seed_said(l->res.r, j))
				fprintf(f, "        seed %llu: replay with make grade LAB=%s SEED=%llu\n",
					r->seed, l->name, r->seed);
		}
		if (broken) {
			struct shown b;

			show(&b, l->res.r, broken - l->res.r, flags);
			fprintf(f, "  %s: the lab's core property failed (", l->name);
			put_display(f, b.name);
			fprintf(f, "): at most half its points\n");
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

void report_json(FILE *f, const struct labreport *labs, int n, int flags)
{
	cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "labs");
	int score = 0, max = 0;
	char *text;

	for (int i = 0; i < n; i++) {
		cJSON *lab = cJSON_CreateObject(), *checks;
		const struct result *broken;
		int s, m;

		broken = totals(&labs[i], &s, &m);
		score += s;
		max += m;
		add_text(lab, "lab", labs[i].name);
		add_text(lab, "title", labs[i].title);
		cJSON_AddNumberToObject(lab, "score", s);
		cJSON_AddNumberToObject(lab, "max", m);
		cJSON_AddBoolToObject(lab, "capped", broken != NULL);  /* a core check failed */
		cJSON_AddNumberToObject(lab, "seconds", labs[i].seconds);
		if (labs[i].note)
			add_text(lab, "note", labs[i].note);
		if (labs[i].warnings)
			add_text(lab, "warnings", labs[i].warnings);
		checks = cJSON_AddArrayToObject(lab, "checks");
		for (int j = 0; j < labs[i].res.n; j++) {
			const struct result *r = &labs[i].res.r[j];
			cJSON *c = cJSON_CreateObject();
			struct shown v;

			show(&v, labs[i].res.r, j, flags);
			add_text(c, "scenario", v.scenario);
			add_text(c, "name", v.name);
			cJSON_AddNumberToObject(c, "points", r->points);
			cJSON_AddNumberToObject(c, "max", r->max);
			cJSON_AddBoolToObject(c, "passed", r->passed);
			add_text(c, "message", v.message ? v.message : "");
			if (v.hint)
				add_text(c, "hint", v.hint);
			cJSON_AddBoolToObject(c, "hidden", r->hidden != 0);
			cJSON_AddBoolToObject(c, "core", r->core != 0);
			if (r->chaos) {         /* --seed SEED replays the run's decisions */
				cJSON_AddNumberToObject(c, "seed", (double)r->seed);
				cJSON_AddNumberToObject(c, "chaos", r->chaos);
			}
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
