/*
 * check.c - the property library: each check reads its fields from the
 * scenario's JSON, looks at the trace, and passes or explains why not.
 *
 * Two rules hold for every check:
 *  - a check with nothing to look at fails with "cannot decide"; it never
 *    passes by default;
 *  - an explanation quotes the trace lines that prove the failure, with
 *    their time in units and their kernel-attested pid;
 *  - a list is cut: at most MAX_SHOWN problems and MAX_SHOWN quoted lines
 *    a check, then "... and N more" (a run that leaves 258 objects gets
 *    a few lines, not a thousand).
 */
#define _GNU_SOURCE
#include "harness.h"

#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SHOWN 8

enum { BY_ANY, BY_MAIN, BY_OTHERS };

struct ck {
	const cJSON *c;          /* this check's JSON object */
	const struct trace *t;
	FILE *m;                 /* the explanation being written */
	int stream;              /* OUT, ERR or -1 for any */
	int by;                  /* whose lines count: BY_ANY, BY_MAIN, BY_OTHERS */
	int quoted;              /* lines quote() was asked for */
	int said;                /* problems say() was asked for */
};

static const char *field(const struct ck *k, const char *name)
{
	const cJSON *v = cJSON_GetObjectItem(k->c, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int number(const struct ck *k, const char *name, double *out)
{
	const cJSON *v = cJSON_GetObjectItem(k->c, name);

	if (!cJSON_IsNumber(v))
		return 0;
	*out = v->valuedouble;
	return 1;
}

static int flag(const struct ck *k, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItem(k->c, name));
}

/* Compile a pattern field; a missing or bad one is the scenario's error. */
static int pattern(struct ck *k, const char *name, const char *pat, regex_t *re)
{
	char msg[256];
	int rc;

	if (pat == NULL) {
		fprintf(k->m, "scenario error: this check needs \"%s\"\n", name);
		return -1;
	}
	if ((rc = regcomp(re, pat, REG_EXTENDED)) != 0) {
		regerror(rc, re, msg, sizeof msg);
		fprintf(k->m, "scenario error: \"%s\": /%s/: %s\n", name, pat, msg);
		return -1;
	}
	return 0;
}

/* Does e match?  When key is given, copy capture group g into it. */
static int matches(const struct ck *k, const regex_t *re, const struct event *e,
		   int g, char *key, size_t keylen)
{
	regmatch_t pm[3];

	if (k->stream >= 0 && e->stream != k->stream)
		return 0;
	/* "by": only the main process's lines, or only the others' (a line that
	   says it is a child's must not count when the parent printed it) */
	if ((k->by == BY_MAIN && e->pid != k->t->main_pid) ||
	    (k->by == BY_OTHERS && e->pid == k->t->main_pid))
		return 0;
	if (regexec(re, e->text, 3, pm, 0) != 0)
		return 0;
	if (key) {
		if (pm[g].rm_so < 0) {
			key[0] = '\0';
		} else {
			size_t n = pm[g].rm_eo - pm[g].rm_so;

			n = n < keylen - 1 ? n : keylen - 1;
			memcpy(key, e->text + pm[g].rm_so, n);
			key[n] = '\0';
		}
	}
	return 1;
}

/* Quote a trace line; past MAX_SHOWN, only count it (check_scenario sums up). */
static void quote(struct ck *k, const struct event *e)
{
	if (k->quoted++ >= MAX_SHOWN)
		return;
	fprintf(k->m, "      %7.2fu  pid %-7d %s| ", e->ms / k->t->unit_ms,
		(int)e->pid, e->stream == ERR ? "err" : "out");
	fprintf(k->m, "%s\n", e->text);       /* escaped by the report */
}

/* Tell one problem of a list; past MAX_SHOWN, only count it.  Was it told? */
static int say(struct ck *k, const char *fmt, ...)
{
	va_list ap;

	if (k->said++ >= MAX_SHOWN)
		return 0;
	va_start(ap, fmt);
	vfprintf(k->m, fmt, ap);
	va_end(ap);
	return 1;
}

/* Whose lines a check with "by" looks at, for its explanation. */
static const char *writer(const struct ck *k)
{
	return k->by == BY_MAIN ? " written by the main process" :
	       k->by == BY_OTHERS ? " written by a process other than the main one" : "";
}

/* Quote at most a few of the lines that match re. */
static int quote_matching(struct ck *k, const regex_t *re)
{
	int n = 0;

	for (int i = 0; i < k->t->nev; i++)
		if (matches(k, re, &k->t->ev[i], 0, NULL, 0)) {
			quote(k, &k->t->ev[i]);
			n++;
		}
	return n;
}

/*
 * With "by": the lines that match but came from the other writer, quoted
 * so a student sees why they did not count (a child's line printed by
 * the parent).
 */
static void quote_other_writers(struct ck *k, const regex_t *re)
{
	int by = k->by, n = 0;

	if (by == BY_ANY)
		return;
	k->by = BY_ANY;
	for (int i = 0; i < k->t->nev; i++) {
		const struct event *e = &k->t->ev[i];

		if (!matches(k, re, e, 0, NULL, 0) || (e->pid == k->t->main_pid) != (by == BY_OTHERS))
			continue;
		if (n++ == 0)
			fprintf(k->m, "not counted, written by %s:\n",
				by == BY_OTHERS ? "the main process" : "another process");
		quote(k, e);
	}
	k->by = by;
}

/* ---- counting ---- */

static int check_count(struct ck *k)
{
	regex_t re;
	double eq, lo = 0, hi = 1e9;
	int n = 0;

	if (pattern(k, "match", field(k, "match"), &re) < 0)
		return 0;
	if (number(k, "equals", &eq))
		lo = hi = eq;
	number(k, "min", &lo);
	number(k, "max", &hi);
	for (int i = 0; i < k->t->nev; i++)
		n += matches(k, &re, &k->t->ev[i], 0, NULL, 0);
	if (n >= lo && n <= hi && k->t->nev > 0) {
		regfree(&re);
		return 1;
	}
	if (k->t->nev == 0)     /* a silent run shows nothing, not "no such line" */
		fprintf(k->m, "cannot decide: the program wrote nothing at all\n");
	else if (lo == hi)
		fprintf(k->m, "expected %g line(s) matching /%s/%s, found %d\n", lo,
			field(k, "match"), writer(k), n);
	else if (hi >= 1e9)
		fprintf(k->m, "expected at least %g lines matching /%s/%s, found %d\n", lo,
			field(k, "match"), writer(k), n);
	else
		fprintf(k->m, "expected %g to %g lines matching /%s/%s, found %d\n", lo, hi,
			field(k, "match"), writer(k), n);
	quote_matching(k, &re);
	quote_other_writers(k, &re);
	regfree(&re);
	return 0;
}

/* How many lines carry this key (group 1 of re)? */
static int key_count(struct ck *k, const regex_t *re, const char *key)
{
	char got[128];
	int n = 0;

	for (int i = 0; i < k->t->nev; i++)
		n += matches(k, re, &k->t->ev[i], 1, got, sizeof got) && !strcmp(got, key);
	return n;
}

static int is_listed(const cJSON *keys, const char *key)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, keys)
		if (cJSON_IsString(x) && strcmp(x->valuestring, key) == 0)
			return 1;
	return 0;
}

/*
 * With "keys": each listed key on exactly one line, and no other key.
 * Without: each key that appears does so on exactly one line.
 */
static int check_exactly_once(struct ck *k)
{
	const cJSON *keys = cJSON_GetObjectItem(k->c, "keys"), *key;
	int listed = cJSON_GetArraySize(keys) > 0, ok = 1, total = 0, said = 0;
	regex_t re;
	char got[128];

	if (pattern(k, "match", field(k, "match"), &re) < 0)
		return 0;
	cJSON_ArrayForEach(key, keys) {
		int n = cJSON_IsString(key) ? key_count(k, &re, key->valuestring) : 0;

		if (n != 1) {
			say(k, "\"%s\" appears %d times%s, expected exactly once\n",
			    cJSON_IsString(key) ? key->valuestring : "?", n, writer(k));
			ok = 0;
		}
	}
	for (int i = 0; i < k->t->nev; i++) {
		int n, first = 1;

		if (!matches(k, &re, &k->t->ev[i], 1, got, sizeof got))
			continue;
		total++;
		if (listed && !is_listed(keys, got)) {
			if (!said++)
				fprintf(k->m, "a line with an unexpected key:\n");
			quote(k, &k->t->ev[i]);
			ok = 0;
			continue;
		}
		if ((n = key_count(k, &re, got)) < 2)
			continue;
		/* quote a repeated key's lines once, at its first line */
		for (int j = 0; j < i && first; j++) {
			char old[128];

			first = !(matches(k, &re, &k->t->ev[j], 1, old, sizeof old) &&
				  !strcmp(old, got));
		}
		if (first && !listed) {
			first = say(k, "\"%s\" appears %d times%s, expected exactly once\n",
				    got, n, writer(k));
			ok = 0;
		}
		for (int j = i; j < k->t->nev && first; j++) {
			char other[128];

			if (matches(k, &re, &k->t->ev[j], 1, other, sizeof other) &&
			    !strcmp(other, got))
				quote(k, &k->t->ev[j]);
		}
	}
	if (total == 0 && !listed) {
		fprintf(k->m, "cannot decide: no line%s matches /%s/\n", writer(k),
			field(k, "match"));
		ok = 0;
	}
	if (!ok)
		quote_other_writers(k, &re);
	regfree(&re);
	return ok;
}

/* ---- ordering ---- */

/*
 * Every line matching a must come before every line matching b.  Reports
 * the first line of b that some line of a follows.
 */
static int before_all(struct ck *k, const regex_t *a, const regex_t *b,
		      const char *pa, const char *pb)
{
	int last_a = -1, first_b = -1;

	for (int i = 0; i < k->t->nev; i++) {
		if (matches(k, a, &k->t->ev[i], 0, NULL, 0))
			last_a = i;
		if (first_b < 0 && matches(k, b, &k->t->ev[i], 0, NULL, 0))
			first_b = i;
	}
	if (last_a < 0 || first_b < 0) {
		fprintf(k->m, "cannot decide: no line matches /%s/\n", last_a < 0 ? pa : pb);
		return 0;
	}
	if (last_a < first_b)
		return 1;
	fprintf(k->m, "a line matching /%s/ came after one matching /%s/:\n", pa, pb);
	quote(k, &k->t->ev[first_b]);
	quote(k, &k->t->ev[last_a]);
	return 0;
}

/* Per key: the last "before" line and the first "after" line. */
struct keyspan {
	char key[128];
	int last_a, first_b;
};

static struct keyspan *span_of(struct keyspan **v, int *n, const char *key)
{
	for (int i = *n - 1; i >= 0; i--)       /* recent keys first */
		if (strcmp((*v)[i].key, key) == 0)
			return &(*v)[i];
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	snprintf((*v)[*n].key, sizeof (*v)[*n].key, "%s", key);
	(*v)[*n].last_a = (*v)[*n].first_b = -1;
	return &(*v)[(*n)++];
}

/* For each key seen on either side, its before lines precede its after lines. */
static int before_per_key(struct ck *k, const regex_t *a, const regex_t *b,
			  const char *pa, const char *pb)
{
	struct keyspan *v = NULL, *s;
	int n = 0, ok = 1;
	char got[128];

	for (int i = 0; i < k->t->nev; i++) {
		if (matches(k, a, &k->t->ev[i], 1, got, sizeof got))
			span_of(&v, &n, got)->last_a = i;
		if (matches(k, b, &k->t->ev[i], 1, got, sizeof got) &&
		    (s = span_of(&v, &n, got))->first_b < 0)
			s->first_b = i;
	}
	for (int i = 0; i < n && ok; i++) {
		s = &v[i];
		if (s->last_a < 0 || s->first_b < 0) {
			fprintf(k->m, "cannot decide: no line matches /%s/ for \"%s\"\n",
				s->last_a < 0 ? pa : pb, s->key);
			ok = 0;
		} else if (s->last_a > s->first_b) {
			fprintf(k->m, "for \"%s\", a line matching /%s/ came after one "
				"matching /%s/:\n", s->key, pa, pb);
			quote(k, &k->t->ev[s->first_b]);
			quote(k, &k->t->ev[s->last_a]);
			ok = 0;
		}
	}
	if (n == 0) {
		fprintf(k->m, "cannot decide: no line matches /%s/ or /%s/\n", pa, pb);
		ok = 0;
	}
	free(v);
	return ok;
}

static int check_happens_before(struct ck *k)
{
	const char *pa = field(k, "before"), *pb = field(k, "after");
	regex_t a, b;
	int ok;

	if (pattern(k, "before", pa, &a) < 0)
		return 0;
	if (pattern(k, "after", pb, &b) < 0) {
		regfree(&a);
		return 0;
	}
	ok = flag(k, "per_key") ? before_per_key(k, &a, &b, pa, pb) :
				  before_all(k, &a, &b, pa, pb);
	regfree(&a);
	regfree(&b);
	return ok;
}

static int check_order(struct ck *k)
{
	const cJSON *seq = cJSON_GetObjectItem(k->c, "sequence");
	int n = cJSON_GetArraySize(seq), ok = 1;

	if (n < 2) {
		fprintf(k->m, "scenario error: \"sequence\" needs two or more patterns\n");
		return 0;
	}
	for (int i = 0; i + 1 < n && ok; i++) {
		const cJSON *x = cJSON_GetArrayItem(seq, i), *y = cJSON_GetArrayItem(seq, i + 1);
		regex_t a, b;

		if (pattern(k, "sequence", cJSON_GetStringValue(x), &a) < 0)
			return 0;
		if (pattern(k, "sequence", cJSON_GetStringValue(y), &b) < 0) {
			regfree(&a);
			return 0;
		}
		ok = before_all(k, &a, &b, x->valuestring, y->valuestring);
		regfree(&a);
		regfree(&b);
	}
	return ok;
}

/* ---- intervals ---- */

/*
 * Walk begin/end lines keyed by group 1 and keep the open intervals.
 * limit: how many may be open at once (1 for never_overlap).  Returns the
 * most that were open at once, or -1 after explaining a violation.
 */
static int walk_intervals(struct ck *k, int limit, int *count)
{
	const char *pb = field(k, "begin"), *pe = field(k, "end");
	regex_t b, e;
	int open[64], nopen = 0, most = 0, bad = 0;
	char key[128], other[128];

	*count = 0;
	if (pattern(k, "begin", pb, &b) < 0)
		return -1;
	if (pattern(k, "end", pe, &e) < 0) {
		regfree(&b);
		return -1;
	}
	for (int i = 0; i < k->t->nev && !bad; i++) {
		const struct event *ev = &k->t->ev[i];

		if (matches(k, &b, ev, 1, key, sizeof key)) {
			for (int j = 0; j < nopen; j++) {
				matches(k, &b, &k->t->ev[open[j]], 1, other, sizeof other);
				if (strcmp(other, key) == 0) {
					fprintf(k->m, "\"%s\" began again before it ended:\n", key);
					quote(k, &k->t->ev[open[j]]);
					quote(k, ev);
					bad = 1;
				}
			}
			if (!bad && nopen >= limit) {
				fprintf(k->m, "%d intervals were open at once (at most %d allowed):\n",
					nopen + 1, limit);
				for (int j = 0; j < nopen; j++)
					quote(k, &k->t->ev[open[j]]);
				quote(k, ev);
				bad = 1;
			}
			if (nopen < 64)
				open[nopen++] = i;
			(*count)++;
			most = nopen > most ? nopen : most;
		} else if (matches(k, &e, ev, 1, key, sizeof key)) {
			int j;

			for (j = 0; j < nopen; j++) {
				matches(k, &b, &k->t->ev[open[j]], 1, other, sizeof other);
				if (strcmp(other, key) == 0)
					break;
			}
			if (j == nopen) {
				fprintf(k->m, "\"%s\" ended without beginning:\n", key);
				quote(k, ev);
				bad = 1;
			} else {
				open[j] = open[--nopen];
			}
		}
	}
	if (!bad && nopen > 0) {
		fprintf(k->m, "cannot decide: an interval never ended:\n");
		quote(k, &k->t->ev[open[0]]);
		bad = 1;
	}
	regfree(&b);
	regfree(&e);
	return bad ? -1 : most;
}

static int check_never_overlap(struct ck *k)
{
	double min = 2;
	int count;

	number(k, "min_intervals", &min);
	if (walk_intervals(k, 1, &count) < 0)
		return 0;
	if (count < min) {
		fprintf(k->m, "cannot decide: %d interval(s) found, at least %g needed\n",
			count, min);
		return 0;
	}
	return 1;
}

static int check_max_concurrent(struct ck *k)
{
	double max;
	int count, most;

	if (!number(k, "max", &max)) {
		fprintf(k->m, "scenario error: this check needs \"max\"\n");
		return 0;
	}
	if ((most = walk_intervals(k, (int)max, &count)) < 0)
		return 0;
	if (count == 0) {
		fprintf(k->m, "cannot decide: no line matches /%s/\n", field(k, "begin"));
		return 0;
	}
	if (flag(k, "reach") && most < max) {
		fprintf(k->m, "at most %d ran at once; %g should have while work was waiting\n",
			most, max);
		return 0;
	}
	return 1;
}

static int check_fifo(struct ck *k)
{
	regex_t re;
	char key[128], num[32];
	struct { char key[128]; long last; int at; } seen[64];
	int nseen = 0, ok = 1, n = 0;

	if (pattern(k, "match", field(k, "match"), &re) < 0)
		return 0;
	for (int i = 0; i < k->t->nev && ok; i++) {
		int j;
		long v;

		if (!matches(k, &re, &k->t->ev[i], 1, key, sizeof key))
			continue;
		matches(k, &re, &k->t->ev[i], 2, num, sizeof num);
		v = strtol(num, NULL, 10);
		n++;
		for (j = 0; j < nseen && strcmp(seen[j].key, key); j++)
			;
		if (j == nseen && nseen < 64) {
			snprintf(seen[nseen].key, sizeof seen[nseen].key, "%s", key);
			seen[nseen].last = v;
			seen[nseen++].at = i;
		} else if (j < nseen && v <= seen[j].last) {
			fprintf(k->m, "out of order for \"%s\": %ld after %ld:\n", key, v,
				seen[j].last);
			quote(k, &k->t->ev[seen[j].at]);
			quote(k, &k->t->ev[i]);
			ok = 0;
		} else if (j < nseen) {
			seen[j].last = v;
			seen[j].at = i;
		}
	}
	if (n == 0) {
		fprintf(k->m, "cannot decide: no line matches /%s/\n", field(k, "match"));
		ok = 0;
	}
	regfree(&re);
	return ok;
}

/* ---- time, exit, processes ---- */

/* The time of an end point: "start", "exit", or the first/last match. */
static int endpoint(struct ck *k, const char *name, const char *dflt, int last,
		    double *ms)
{
	const char *p = field(k, name) ? field(k, name) : dflt;
	regex_t re;
	int found = 0;

	if (strcmp(p, "start") == 0) {
		*ms = 0;
		return 1;
	}
	if (strcmp(p, "exit") == 0) {
		if (k->t->exit_kind == EXIT_NONE)
			fprintf(k->m, "cannot decide: the main process never exited\n");
		*ms = k->t->end_ms;
		return k->t->exit_kind != EXIT_NONE;
	}
	if (pattern(k, name, p, &re) < 0)
		return 0;
	for (int i = 0; i < k->t->nev; i++)
		if (matches(k, &re, &k->t->ev[i], 0, NULL, 0) && (last || !found)) {
			*ms = k->t->ev[i].ms;
			found = 1;
		}
	regfree(&re);
	if (!found)
		fprintf(k->m, "cannot decide: no line matches /%s/\n", p);
	return found;
}

static int check_elapsed(struct ck *k)
{
	double from, to, lo = 0, hi = 1e18, u;

	number(k, "min", &lo);
	number(k, "max", &hi);
	if (!endpoint(k, "from", "start", 0, &from) || !endpoint(k, "to", "exit", 1, &to))
		return 0;
	u = (to - from) / k->t->unit_ms;
	if (u >= lo && u <= hi)
		return 1;
	fprintf(k->m, "took %.2f units (%s -> %s); expected ", u,
		field(k, "from") ? field(k, "from") : "start",
		field(k, "to") ? field(k, "to") : "exit");
	if (hi >= 1e18)
		fprintf(k->m, "at least %g\n", lo);
	else
		fprintf(k->m, "%g to %g\n", lo, hi);
	return 0;
}

static int check_exit(struct ck *k)
{
	double want;
	int sig = number(k, "signal", &want);

	if (!sig && !number(k, "status", &want))
		want = 0;
	if (k->t->exit_kind == (sig ? EXIT_SIGNAL : EXIT_STATUS) &&
	    k->t->exit_code == (int)want)
		return 1;
	if (k->t->exit_kind == EXIT_STATUS)
		fprintf(k->m, "the program exited with status %d", k->t->exit_code);
	else if (k->t->exit_kind == EXIT_SIGNAL)
		fprintf(k->m, "the program was killed by signal %d (%s)", k->t->exit_code,
			strsignal(k->t->exit_code));
	else
		fprintf(k->m, "cannot decide: the main process never exited");
	fprintf(k->m, "; expected %s %g\n", sig ? "signal" : "status", want);
	return 0;
}

static int check_captured_pid(struct ck *k)
{
	const char *is = field(k, "is") ? field(k, "is") : "own";
	int own = strcmp(is, "own") == 0, n = 0, ok = 1;
	regex_t re, of;
	char num[32];

	if (pattern(k, "match", field(k, "match"), &re) < 0)
		return 0;
	if (!own && pattern(k, "of", field(k, "of"), &of) < 0) {
		regfree(&re);
		return 0;
	}
	if (!own) {     /* no "of" line at all: nothing to compare with */
		int any = 0;

		for (int j = 0; j < k->t->nev && !any; j++)
			any = matches(k, &of, &k->t->ev[j], 0, NULL, 0);
		if (!any) {
			fprintf(k->m, "cannot decide: no line matches /%s/\n", field(k, "of"));
			regfree(&re);
			regfree(&of);
			return 0;
		}
	}
	for (int i = 0; i < k->t->nev; i++) {
		const struct event *e = &k->t->ev[i];
		pid_t want;
		int found = own;

		if (!matches(k, &re, e, 1, num, sizeof num))
			continue;
		n++;
		want = atoi(num);
		for (int j = 0; j < k->t->nev && !own; j++)
			found += matches(k, &of, &k->t->ev[j], 0, NULL, 0) &&
				 k->t->ev[j].pid == want;
		if (own ? want == e->pid : found > 0)
			continue;
		if (ok && own)
			fprintf(k->m, "this line says pid %d, but the kernel says pid %d wrote it:\n",
				(int)want, (int)e->pid);
		else if (ok)
			fprintf(k->m, "this line names pid %d, which wrote no line matching /%s/:\n",
				(int)want, field(k, "of"));
		quote(k, e);
		ok = 0;
	}
	if (n == 0) {
		fprintf(k->m, "cannot decide: no line matches /%s/\n", field(k, "match"));
		ok = 0;
	}
	regfree(&re);
	if (!own)
		regfree(&of);
	return ok;
}

static int check_distinct_writers(struct ck *k)
{
	const char *pa = field(k, "a"), *pb = field(k, "b");
	regex_t a, b;
	int na = 0, nb = 0, ok = 1;

	if (pattern(k, "a", pa, &a) < 0)
		return 0;
	if (pattern(k, "b", pb, &b) < 0) {
		regfree(&a);
		return 0;
	}
	for (int i = 0; i < k->t->nev; i++) {
		if (!matches(k, &a, &k->t->ev[i], 0, NULL, 0))
			continue;
		na++;
		for (int j = 0; j < k->t->nev; j++) {
			if (!matches(k, &b, &k->t->ev[j], 0, NULL, 0))
				continue;
			nb++;
			if (k->t->ev[j].pid == k->t->ev[i].pid && ok) {
				fprintf(k->m, "one process (pid %d) wrote both lines:\n",
					(int)k->t->ev[i].pid);
				quote(k, &k->t->ev[i]);
				quote(k, &k->t->ev[j]);
				ok = 0;
			}
		}
	}
	if (na == 0 || nb == 0) {
		fprintf(k->m, "cannot decide: no line matches /%s/\n", na == 0 ? pa : pb);
		ok = 0;
	}
	regfree(&a);
	regfree(&b);
	return ok;
}

static int check_no_leftovers(struct ck *k)
{
	if (k->t->exit_kind == EXIT_NONE) {
		fprintf(k->m, "cannot decide: the main process never exited\n");
		return 0;
	}
	for (int i = 0; i < k->t->nleft; i++) {
		const struct leftover *l = &k->t->left[i];
		int last = -1, told;

		if (l->state == 'Z')
			told = say(k, "pid %d had exited but nobody had waited for it "
				   "(a zombie) when the program ended\n", (int)l->pid);
		else
			told = say(k, "pid %d was still running (state %c) when the "
				   "program ended: an orphan\n", (int)l->pid, l->state);
		if (!told)      /* past the first few: counted, not quoted */
			continue;
		for (int j = 0; j < k->t->nev; j++)
			if (k->t->ev[j].pid == l->pid)
				last = j;
		if (last >= 0)
			quote(k, &k->t->ev[last]);
	}
	return k->t->nleft == 0;
}

/* hygiene.c and run.c record "? REASON" when they could not look. */
static int check_no_ipc_leftovers(struct ck *k)
{
	for (int i = 0; i < k->t->nipc; i++)
		if (strncmp(k->t->ipc[i], "? ", 2) == 0)
			say(k, "cannot decide: %s\n", k->t->ipc[i] + 2);
		else
			say(k, "left behind after every process had ended: %s "
			    "(unlink or remove it before exiting)\n", k->t->ipc[i]);
	return k->t->nipc == 0;
}

/* A Check runner's verbose line: file:line:P|F|E:tcase:test:iter: message */
/*
 * The kit's runner (labtest.c) prints one verdict line a test, each pass
 * seen to the test's end, and then this summary: verdicts count only when
 * the runner itself wrote them (the main pid) and finished its report.
 */
#define UNIT_VERDICT "^[^:]+:[0-9]+:([PFE]):[^:]*:([A-Za-z0-9_]+):[0-9]+:"
#define UNIT_SUMMARY "^labtest: [0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+$"

/* Index of the runner's summary line, or -1 if it never wrote one. */
static int unit_summary(struct ck *k)
{
	regex_t re;
	int at = -1;

	regcomp(&re, UNIT_SUMMARY, REG_EXTENDED | REG_NOSUB);
	for (int i = 0; i < k->t->nev && at < 0; i++)
		if (k->t->ev[i].pid == k->t->main_pid && matches(k, &re, &k->t->ev[i], 0, NULL, 0))
			at = i;
	regfree(&re);
	return at;
}

static int check_unit_test(struct ck *k)
{
	const char *name = field(k, "test");
	regex_t re;
	char res[4], test[128];
	int verdict = -1, end;

	if (name == NULL) {
		fprintf(k->m, "scenario error: this check needs \"test\"\n");
		return 0;
	}
	k->stream = -1;
	if ((end = unit_summary(k)) < 0) {
		fprintf(k->m, "cannot decide: the test runner never finished its report "
			"(no \"labtest:\" summary line: it crashed, ran out of time or "
			"was killed)\n");
		return 0;
	}
	regcomp(&re, UNIT_VERDICT, REG_EXTENDED);
	for (int i = 0; i < end; i++) {
		const struct event *e = &k->t->ev[i];

		/* only the runner itself reports; a forked test cannot forge it */
		if (e->pid != k->t->main_pid || !matches(k, &re, e, 1, res, sizeof res))
			continue;
		matches(k, &re, e, 2, test, sizeof test);
		if (strcmp(test, name) != 0)
			continue;
		if (res[0] != 'P') {
			fprintf(k->m, "%s %s:\n", name, res[0] == 'F' ? "failed" : "had an error");
			quote(k, e);
			verdict = 0;
		} else if (verdict < 0) {
			verdict = 1;
		}
	}
	regfree(&re);
	if (verdict < 0)
		fprintf(k->m, "cannot decide: the test runner never reported %s\n", name);
	return verdict == 1;
}

/*
 * Each type with the fields it reads, besides those every check has: the
 * one list of them (harness/README.md has the same table for people).
 * Field specs: see fields.c ("name!:type", ! = required).
 */
static const struct {
	const char *type;
	int (*fn)(struct ck *);
	const char *fields;
} checks[] = {
	{ "count", check_count, "match!:str equals:int min:int max:int" },
	{ "exactly_once", check_exactly_once, "match!:str keys:strs" },
	{ "happens_before", check_happens_before, "before!:str after!:str per_key:bool" },
	{ "order", check_order, "sequence!:strs" },
	{ "never_overlap", check_never_overlap, "begin!:str end!:str min_intervals:int" },
	{ "max_concurrent", check_max_concurrent, "begin!:str end!:str max!:pos reach:bool" },
	{ "fifo", check_fifo, "match!:str" },
	{ "elapsed", check_elapsed, "from:str to:str min:num max:num" },
	{ "exit", check_exit, "status:int signal:pos" },
	{ "captured_pid", check_captured_pid, "match!:str is:str of:str" },
	{ "distinct_writers", check_distinct_writers, "a!:str b!:str" },
	{ "no_leftovers", check_no_leftovers, "" },
	{ "no_ipc_leftovers", check_no_ipc_leftovers, "" },
	{ "unit_test", check_unit_test, "test!:str" },
};
#define NCHECKS (int)(sizeof checks / sizeof checks[0])
static const char common_fields[] =
	"type!:str name:str points:int hint:str needs:str stream:str by:str core:bool";

/* A scenario file's own fields; "chaos" and "cpus" are for the run stage. */
static const char scenario_fields[] =
	"name:str program!:str args:strs unit_ms:num timeout_units:num cpu_seconds:pos "
	"output_limit:pos linger_units:num env:map checks!:list chaos:bool|pos cpus:pos "
	"timeout_hint:str";

/* Is word one of the space-separated words of list? */
static int one_of(const char *word, const char *list)
{
	size_t n = strlen(word);

	if (n == 0)
		return 0;
	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* The rules one field's type cannot say: values from a set, pairs. */
static int check_values(const cJSON *c, const char *type, const char *where, FILE *m)
{
	const char *stream = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "stream"));
	const char *by = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "by"));
	const char *is = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "is"));
	int errors = 0;

#define HAS(f) (cJSON_GetObjectItemCaseSensitive(c, f) != NULL)
	if (stream && !one_of(stream, "out err any"))
		errors += fprintf(m, "%s: \"stream\" is out, err or any, not \"%s\"\n",
				  where, stream) > 0;
	if (by && !one_of(by, "main others"))
		errors += fprintf(m, "%s: \"by\" is main or others, not \"%s\"\n",
				  where, by) > 0;
	if (is && !one_of(is, "own writer_of"))
		errors += fprintf(m, "%s: \"is\" is own or writer_of, not \"%s\"\n",
				  where, is) > 0;
	if (is && !strcmp(is, "writer_of") && !HAS("of"))
		errors += fprintf(m, "%s: \"is\": \"writer_of\" needs \"of\"\n", where) > 0;
	if (!strcmp(type, "count") && !HAS("equals") && !HAS("min") && !HAS("max"))
		errors += fprintf(m, "%s: a count needs \"equals\", or \"min\" and/or "
				  "\"max\"\n", where) > 0;
	if (HAS("equals") && (HAS("min") || HAS("max")))
		errors += fprintf(m, "%s: \"equals\" or \"min\"/\"max\", not both\n",
				  where) > 0;
	if (HAS("status") && HAS("signal"))
		errors += fprintf(m, "%s: \"status\" or \"signal\", not both\n", where) > 0;
#undef HAS
	return errors;
}

/*
 * One check's type and fields, with where to name in an error ("check 3
 * of FILE").  Returns its index in checks[], or -1 after writing each
 * error to m.
 */
static int check_fields(const cJSON *c, const char *where, FILE *m)
{
	const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "type"));
	char *spec;
	int i, errors;

	if (!cJSON_IsObject(c)) {
		fprintf(m, "%s: a check must be a JSON object {...}\n", where);
		return -1;
	}
	for (i = 0; i < NCHECKS; i++)
		if (type && strcmp(type, checks[i].type) == 0)
			break;
	if (i == NCHECKS) {
		fprintf(m, "%s: unknown check type \"%s\"\n", where, type ? type : "(none)");
		return -1;
	}
	spec = xasprintf("%s %s", common_fields, checks[i].fields);
	errors = fields_check(c, spec, where, m) + check_values(c, type, where, m);
	free(spec);
	return errors ? -1 : i;
}

/* Where a check is, for its errors: "FILE: check N (TYPE "NAME")". */
static char *check_where(const cJSON *c, const char *file, int n)
{
	const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "type"));
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name"));

	return xasprintf("scenario error: %s%scheck %d (%s%s%s%s)", file ? file : "",
			 file ? ": " : "", n, type ? type : "no type", name ? " \"" : "",
			 name ? name : "", name ? "\"" : "");
}

int scenario_validate(const cJSON *s, const char *file, FILE *m)
{
	char *where = xasprintf("scenario error: %s", file);
	const cJSON *c;
	int errors = fields_check(s, scenario_fields, where, m), n = 0;

	free(where);
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(s, "checks")) {
		char *w = check_where(c, file, ++n);

		errors += check_fields(c, w, m) < 0;
		free(w);
	}
	if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(s, "checks")) && n == 0)
		errors += fprintf(m, "scenario error: %s: \"checks\" is empty: nothing "
				  "would be graded\n", file) > 0;
	return errors;
}

/*
 * The check's type (an index in checks[]), its "stream" and "by", and no
 * field it would not read: a misspelt "equal" must not turn a count into
 * a pass.  Returns -1 after explaining a scenario error.
 */
static int check_type(struct ck *k, int n)
{
	const char *stream = field(k, "stream"), *by = field(k, "by");
	char *where = check_where(k->c, NULL, n);
	int i = check_fields(k->c, where, k->m);

	free(where);
	if (i < 0)
		return -1;
	k->stream = !stream || !strcmp(stream, "out") ? OUT : !strcmp(stream, "err") ? ERR : -1;
	k->by = !by ? BY_ANY : !strcmp(by, "main") ? BY_MAIN : BY_OTHERS;
	return i;
}

/* ---- results ---- */

/* "core": the check guards the lab's concept; failing it caps the lab at half. */
static int core_of(const cJSON *c)
{
	return cJSON_IsTrue(cJSON_GetObjectItem(c, "core"));
}

/*
 * A lab's score: its points, but at most half of its maximum when a core
 * check failed - a lock that lets two in is not nine-tenths of a lock.
 * Returns the first core check that failed, or NULL.
 */
const struct result *lab_score(const struct results *rs, int *score, int *max)
{
	const struct result *broken = NULL;

	*score = *max = 0;
	for (int i = 0; i < rs->n; i++) {
		*score += rs->r[i].points;
		*max += rs->r[i].max;
		if (rs->r[i].core && !rs->r[i].passed && broken == NULL)
			broken = &rs->r[i];
	}
	if (broken && *score > *max / 2)
		*score = *max / 2;
	return broken;
}

void results_add(struct results *rs, const char *scenario, const char *name,
		 int points, int max, int passed, char *message, const char *hint)
{
	if (rs->n == rs->cap)
		rs->r = xrealloc(rs->r, (rs->cap = rs->cap ? 2 * rs->cap : 16) * sizeof *rs->r);
	rs->r[rs->n++] = (struct result){
		xstrdup(scenario), xstrdup(name), points, max, passed, message,
		hint ? xstrdup(hint) : NULL, 0, 0, 0, 0 };  /* marked later: hidden, chaos, core */
}

void results_free(struct results *rs)
{
	for (int i = 0; i < rs->n; i++) {
		free(rs->r[i].scenario);
		free(rs->r[i].name);
		free(rs->r[i].message);
		free(rs->r[i].hint);
	}
	free(rs->r);
	memset(rs, 0, sizeof *rs);
}

static int points_of(const cJSON *c)
{
	const cJSON *p = cJSON_GetObjectItem(c, "points");

	return cJSON_IsNumber(p) ? p->valueint : 1;
}

static const char *name_of(const cJSON *c)
{
	const cJSON *n = cJSON_GetObjectItem(c, "name");
	const cJSON *t = cJSON_GetObjectItem(c, "type");

	return cJSON_IsString(n) ? n->valuestring :
	       cJSON_IsString(t) ? t->valuestring : "(unnamed check)";
}

static const char *hint_of(const cJSON *c)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(c, "hint"));
}

void fail_scenario(const cJSON *scenario, const char *sname, const char *why,
		   struct results *out)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(scenario, "checks")) {
		results_add(out, sname, name_of(c), 0, points_of(c), 0, xstrdup(why), NULL);
		out->r[out->n - 1].core = core_of(c);
	}
}

static const char *stop_reason(const struct trace *t)
{
	if (t->stopped == STOP_TIMEOUT)
		return "the run was stopped at its time limit: it never finished "
		       "(a join that waits forever? a loop that never ends?)\n";
	if (t->stopped == STOP_FLOOD)
		return "the run was stopped: it printed more than the output limit "
		       "(an endless loop that prints?)\n";
	return NULL;
}

/*
 * A stopped run: the cause, once and the same for every check (the
 * checklist then says it once), with what the run was doing last.
 */
static void stopped_at(struct ck *k)
{
	int from = k->t->nev > 3 ? k->t->nev - 3 : 0;

	fputs(stop_reason(k->t), k->m);
	if (k->t->nev == 0) {
		fprintf(k->m, "it had written nothing by then\n");
		return;
	}
	fprintf(k->m, "its last lines:\n");
	for (int i = from; i < k->t->nev; i++)
		quote(k, &k->t->ev[i]);
}

/*
 * "needs": a line that must exist before the check can judge at all.
 * "before fork appears once" says nothing about a program that never
 * forked; with "needs": "^child: " it cannot pass without a child's line.
 */
static int needs_met(struct ck *k)
{
	const char *p = field(k, "needs");
	regex_t re;
	int found = 0, by = k->by;

	if (p == NULL)
		return 1;
	if (pattern(k, "needs", p, &re) < 0)
		return 0;
	/* "by" picks the lines the check judges; a needed line may be anyone's */
	k->by = BY_ANY;
	for (int i = 0; i < k->t->nev && !found; i++)
		found = matches(k, &re, &k->t->ev[i], 0, NULL, 0);
	k->by = by;
	regfree(&re);
	if (!found)
		fprintf(k->m, "cannot decide: no line matches /%s/, which this "
			"check needs to judge the run\n", p);
	return found;
}

void check_scenario(const cJSON *scenario, const char *sname,
		    const struct trace *t, struct results *out)
{
	const cJSON *c;
	char *diag = trace_diagnose(t);
	const char *timeout_hint = cJSON_GetStringValue(cJSON_GetObjectItem(scenario,
								    "timeout_hint"));
	int n = 0;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(scenario, "checks")) {
		struct ck k = { c, t, NULL, OUT, BY_ANY, 0, 0 };
		char *msg = NULL;
		size_t len = 0;
		int ok = 0, i;

		if ((k.m = open_memstream(&msg, &len)) == NULL)
			die("open_memstream: %s", strerror(errno));
		if ((i = check_type(&k, ++n)) < 0)
			;       /* the scenario's error, whatever the run did */
		else if (stop_reason(t))
			stopped_at(&k);
		else if (!needs_met(&k))
			;       /* it explained which line was missing */
		else
			ok = checks[i].fn(&k);
		if (k.said > MAX_SHOWN)
			fprintf(k.m, "... and %d more like these\n", k.said - MAX_SHOWN);
		if (k.quoted > MAX_SHOWN)
			fprintf(k.m, "      ... and %d more lines\n", k.quoted - MAX_SHOWN);
		if (!ok && diag && i >= 0)
			fputs(diag, k.m);
		fclose(k.m);
		if (ok) {
			free(msg);
			msg = NULL;
		}
		/* a stopped run fails every check for one cause: no check's own
		   hint, but the scenario's timeout_hint, once, under its first */
		results_add(out, sname, name_of(c), ok ? points_of(c) : 0, points_of(c),
			    ok, msg, ok ? NULL : i >= 0 && stop_reason(t) ?
			    (n == 1 && t->stopped == STOP_TIMEOUT ? timeout_hint : NULL) :
			    hint_of(c));
		out->r[out->n - 1].core = core_of(c);
	}
	free(diag);
}
