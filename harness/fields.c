/*
 * fields.c - the typed fields of the kit's data files (lab.json, scenario
 * files, their checks): an unknown key, a wrong type or a missing field
 * is an error, never ignored.  A misspelt "equal" for "equals" would
 * otherwise turn a failing count into a pass.
 *
 * A spec is a space-separated list of "name:type" ("name!:type" when the
 * field is required); a type may be "bool|num", either one.  Types:
 *   str   a string                 num   a number >= 0
 *   int   a whole number >= 0      pos   a whole number >= 1
 *   bool  true or false            strs  a list of strings
 *   list  a list (its items are checked by the caller)
 *   map   an object of strings     lists an object of lists of strings
 */
#define _GNU_SOURCE
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int all_strings(const cJSON *v)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, v)
		if (!cJSON_IsString(x))
			return 0;
	return 1;
}

static int whole(const cJSON *v, double min)
{
	return cJSON_IsNumber(v) && v->valuedouble >= min &&
	       v->valuedouble == floor(v->valuedouble) && v->valuedouble < 1e15;
}

/* Is v of the one type named by t (t .. t+n)? */
static int is_type(const cJSON *v, const char *t, size_t n)
{
	const cJSON *x;

#define T(name) (n == strlen(name) && strncmp(t, name, n) == 0)
	if (T("str"))
		return cJSON_IsString(v);
	if (T("num"))
		return cJSON_IsNumber(v) && v->valuedouble >= 0;
	if (T("int"))
		return whole(v, 0);
	if (T("pos"))
		return whole(v, 1);
	if (T("bool"))
		return cJSON_IsBool(v);
	if (T("strs"))
		return cJSON_IsArray(v) && all_strings(v);
	if (T("list"))
		return cJSON_IsArray(v);
	if (T("map"))
		return cJSON_IsObject(v) && all_strings(v);
	if (T("lists")) {
		if (!cJSON_IsObject(v))
			return 0;
		cJSON_ArrayForEach(x, v)
			if (!cJSON_IsArray(x) || !all_strings(x))
				return 0;
		return 1;
	}
#undef T
	die("fields.c: unknown type \"%.*s\" in a spec", (int)n, t);
}

/* What a type is called in an error, e.g. "true or false or a number >= 0". */
static void say_type(FILE *m, const char *t, size_t n)
{
	static const char *const words[][2] = {
		{ "str", "a string" }, { "num", "a number >= 0" },
		{ "int", "a whole number >= 0" }, { "pos", "a whole number >= 1" },
		{ "bool", "true or false" }, { "strs", "a list of strings" },
		{ "list", "a list" }, { "map", "an object whose values are strings" },
		{ "lists", "an object whose values are lists of strings" },
	};
	const char *end = t + n, *bar;

	for (; t < end; t = bar + 1) {
		bar = memchr(t, '|', end - t);
		bar = bar ? bar : end;
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
			if ((size_t)(bar - t) == strlen(words[i][0]) &&
			    strncmp(t, words[i][0], bar - t) == 0)
				fprintf(m, "%s%s", t == end - n ? "" : " or ", words[i][1]);
	}
}

/*
 * Find field name in spec: 1 and its type (*t, *tn) and whether it is
 * required, or 0 when the spec has no such field.
 */
static int lookup(const char *spec, const char *name, const char **t, size_t *tn, int *req)
{
	size_t len = strlen(name);

	for (const char *p = spec; *p; ) {
		size_t word = strcspn(p, " "), key = strcspn(p, "!:");

		if (key == len && strncmp(p, name, len) == 0 && key < word) {
			*req = p[key] == '!';
			*t = p + key + 1 + *req;
			*tn = word - key - 1 - *req;
			return 1;
		}
		p += word;
		p += strspn(p, " ");
	}
	return 0;
}

/* Is v one of the types of t|t|...? */
static int is_any(const cJSON *v, const char *t, size_t n)
{
	const char *end = t + n, *bar;

	for (; t < end; t = bar + 1) {
		bar = memchr(t, '|', end - t);
		bar = bar ? bar : end;
		if (is_type(v, t, bar - t))
			return 1;
	}
	return 0;
}

/* Does a key before x have x's name?  cJSON keeps both; one would be ignored. */
static int twice(const cJSON *obj, const cJSON *x)
{
	for (const cJSON *y = obj->child; y != x; y = y->next)
		if (strcmp(y->string, x->string) == 0)
			return 1;
	return 0;
}

int fields_check(const cJSON *obj, const char *spec, const char *what, FILE *m)
{
	const cJSON *x;
	const char *t;
	size_t tn;
	int req, errors = 0;

	if (!cJSON_IsObject(obj)) {
		fprintf(m, "%s: must be a JSON object {...}\n", what);
		return 1;
	}
	cJSON_ArrayForEach(x, obj) {
		if (twice(obj, x)) {
			fprintf(m, "%s: \"%s\" is given twice\n", what, x->string);
			errors++;
		} else if (!lookup(spec, x->string, &t, &tn, &req)) {
			fprintf(m, "%s: unknown field \"%s\"\n", what, x->string);
			errors++;
		} else if (!is_any(x, t, tn)) {
			fprintf(m, "%s: \"%s\" must be ", what, x->string);
			say_type(m, t, tn);
			fputc('\n', m);
			errors++;
		}
	}
	/* Then every required field that is missing. */
	for (const char *p = spec; *p; ) {
		size_t word = strcspn(p, " "), key = strcspn(p, "!:");

		if (key < word && p[key] == '!') {
			char *name = xasprintf("%.*s", (int)key, p);

			if (cJSON_GetObjectItemCaseSensitive(obj, name) == NULL) {
				fprintf(m, "%s: missing the required field \"%s\"\n", what, name);
				errors++;
			}
			free(name);
		}
		p += word;
		p += strspn(p, " ");
	}
	return errors;
}
