/*
 * mprint.c - print a manager's list or dict as Python does (manager.h).
 * PROVIDED: do not change; the grader always uses its own copy.
 */
#include "manager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for one item's repr: a string's bytes, quoted and escaped. */
#define REPR_MAX (4 * MSTR_MAX + 8)

/* Append s to the growing text *t (of *n bytes); -1 when out of memory. */
static int add(char **t, size_t *n, const char *s)
{
	size_t k = strlen(s);
	char *q = realloc(*t, *n + k + 1);

	if (q == NULL)
		return -1;
	memcpy(q + *n, s, k + 1);
	*t = q;
	*n += k;
	return 0;
}

/* The whole line is built first, then printed with one call. */
int print_list(struct manager *m)
{
	char repr[REPR_MAX], *t = NULL;
	size_t n = 0;
	struct mvalue v;
	long long len = list_len(m);
	int bad = len < 0 || add(&t, &n, "[");

	for (long long i = 0; !bad && i < len; i++)
		bad = list_get(m, i, &v) < 0 || add(&t, &n, i ? ", " : "") < 0 ||
		      add(&t, &n, mv_repr(&v, repr, sizeof repr)) < 0;
	if (!bad)
		printf("%s]\n", t);
	free(t);
	return bad ? -1 : 0;
}

int print_dict(struct manager *m)
{
	static struct mvalue keys[256];
	char repr[REPR_MAX], *t = NULL;
	size_t n = 0;
	struct mvalue v;
	long long len = dict_keys(m, keys, 256);
	int bad = len < 0 || len > 256 || add(&t, &n, "{");

	for (long long i = 0; !bad && i < len; i++)
		bad = dict_get(m, keys[i].s, &v) < 0 || add(&t, &n, i ? ", " : "") < 0 ||
		      add(&t, &n, mv_repr(&keys[i], repr, sizeof repr)) < 0 ||
		      add(&t, &n, ": ") < 0 ||
		      add(&t, &n, mv_repr(&v, repr, sizeof repr)) < 0;
	if (!bad)
		printf("%s}\n", t);
	free(t);
	return bad ? -1 : 0;
}
