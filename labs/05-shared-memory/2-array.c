/*
 * 2-array.c - children write distinct slots of a shared array; the
 * parent reads them all after joining.
 *
 *     a = Array('i', 10, lock=False)
 *     def f(a, k): a[k] = k * k
 *     ps = [Process(target=f, args=(a, k)) for k in range(10)]
 *     for p in ps: p.start()
 *     for p in ps: p.join()
 *     print(a[:])                  # [0, 1, 4, 9, ..., 81]
 *
 * No lock: each child writes only its own slot and nobody reads until
 * every child has been joined, so no two processes touch one element
 * at the same time.  (The counter in 3-counter.c is the other case.)
 */
#include "proclab.h"
#include "shvalue.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define N 10

static void print_array(const char *what, const struct sharray *a)
{
	char line[256];
	int len = 0;

	for (size_t k = 0; k < array_len(a) && len < (int)sizeof line - 16; k++)
		len += snprintf(line + len, sizeof line - len, " %d", array_get_int(a, k));
	printf("parent: %s a =%s\n", what, line);       /* one write */
}

int main(void)
{
	struct sharray *a;
	pid_t pids[N];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((a = array_new(SH_INT, N, 0)) == NULL)
		unix_error("array_new");
	print_array("new", a);
	for (int k = 0; k < N; k++) {
		if ((pids[k] = Fork()) == 0) {
			if (array_set_int(a, k, k * k) < 0)
				unix_error("array_set_int");
			printf("child %d: a[%d] = %d\n", k, k, array_get_int(a, k));
			exit(0);
		}
	}
	for (int k = 0; k < N; k++)
		Waitpid(pids[k], NULL, 0);
	print_array("after join", a);
	if (array_free(a) < 0)
		unix_error("array_free");
	return 0;
}
