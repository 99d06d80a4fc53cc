/*
 * 2-nested.c - a value fetched through a proxy is a copy: changing it
 * changes nothing in the server until it is assigned back.
 *
 *     l.append(["Hello"])
 *     inner = l[0]                # a copy of the nested list
 *     inner.append("world")       # changes the copy only
 *     print(l[0])                 # ['Hello']
 *     l[0] = inner                # assigned back: now the server has it
 *     print(l[0])                 # ['Hello', 'world']
 *
 * C's values are flat (an int or a string), so the "nested object" here
 * is a string buffer: list_get copies it into the caller's struct mvalue.
 */
#include "manager.h"
#include "proclab.h"

#include <stdio.h>
#include <string.h>

static void show(struct manager *m, const char *what)
{
	struct mvalue v;

	if (list_get(m, 0, &v) < 0)
		unix_error("list_get");
	printf("%s %s\n", what, v.s);
}

int main(void)
{
	struct manager *m;
	struct mvalue v = mv_str("Hello"), copy;

	if ((m = manager_start()) == NULL)
		unix_error("manager_start");
	if (list_append(m, &v) < 0)
		unix_error("list_append");
	if (list_get(m, 0, &copy) < 0)          /* inner = l[0] */
		unix_error("list_get");
	strcat(copy.s, " world");               /* inner.append("world") */
	printf("copy:   %s\n", copy.s);
	show(m, "server:");                     /* unchanged */
	if (list_set(m, 0, &copy) < 0)          /* l[0] = inner */
		unix_error("list_set");
	show(m, "server:");
	if (manager_shutdown(m) < 0)
		unix_error("manager_shutdown");
	return 0;
}
