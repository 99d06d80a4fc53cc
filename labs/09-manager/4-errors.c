/*
 * 4-errors.c - an error in the server comes back to the caller as that
 * error: Python re-raises IndexError and KeyError; C returns -1 with
 * errno ERANGE and ENOENT.
 *
 *     l.append(1)
 *     try:
 *         l[5]
 *     except IndexError:
 *         print("l[5] -> IndexError")
 *     try:
 *         d["missing"]
 *     except KeyError:
 *         print("d['missing'] -> KeyError")
 */
#include "manager.h"
#include "proclab.h"

#include <errno.h>
#include <stdio.h>

/* Python's name for the error a call gave back. */
static const char *python_error(int ret)
{
	if (ret >= 0)
		return "no error";
	if (errno == ERANGE)
		return "IndexError";
	if (errno == ENOENT)
		return "KeyError";
	unix_error("an unexpected error");
	return NULL;
}

int main(void)
{
	struct manager *m;
	struct mvalue one = mv_int(1), v;

	if ((m = manager_start()) == NULL)
		unix_error("manager_start");
	if (list_append(m, &one) < 0)
		unix_error("list_append");
	printf("l[5] -> %s\n", python_error(list_get(m, 5, &v)));
	printf("l[-2] = 1 -> %s\n", python_error(list_set(m, -2, &one)));
	printf("l.pop(7) -> %s\n", python_error(list_pop(m, 7, &v)));
	printf("d['missing'] -> %s\n", python_error(dict_get(m, "missing", &v)));
	printf("del d['missing'] -> %s\n", python_error(dict_delete(m, "missing")));
	if (list_get(m, -1, &v) < 0)
		unix_error("list_get");
	printf("l[-1] = %lld, len(l) = %lld\n", v.i, list_len(m));
	if (manager_shutdown(m) < 0)
		unix_error("manager_shutdown");
	return 0;
}
