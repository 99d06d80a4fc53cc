/*
 * 3-appends.c - N children append K items each to one list at once;
 * after joining them the parent reads the list back: every item is there
 * exactly once, each child's in the order it appended them.
 *
 *     def work(l, i, k):
 *         for j in range(k):
 *             l.append(f"{i}.{j}")
 *
 *     ps = [Process(target=work, args=(l, i, K)) for i in range(N)]
 *     ...start, join...
 *     for x in l: print("got", x)
 *
 * One append is one request, applied whole by the server before the
 * next: nothing is lost, unlike counter.value += 1 in lab 05.
 *
 * Usage: 3-appends [N [K]]   (default 4 children, 25 items each)
 */
#include "manager.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>

#define NMAX 32

static void work(struct manager *m, int i, int k)
{
	char item[32];

	for (int j = 0; j < k; j++) {
		struct mvalue v;

		snprintf(item, sizeof item, "%d.%d", i, j);
		v = mv_str(item);
		if (list_append(m, &v) < 0)
			unix_error("list_append");
	}
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4, k = argc > 2 ? atoi(argv[2]) : 25;
	struct manager *m;
	struct mvalue v;
	pid_t pids[NMAX];
	long long len;

	if (n < 1 || n > NMAX || k < 1) {
		fprintf(stderr, "usage: %s [N (1..%d) [K >= 1]]\n", argv[0], NMAX);
		return 2;
	}
	if ((m = manager_start()) == NULL)
		unix_error("manager_start");
	for (int i = 0; i < n; i++) {
		if ((pids[i] = Fork()) == 0) {
			work(m, i, k);
			exit(0);
		}
	}
	for (int i = 0; i < n; i++)
		Waitpid(pids[i], NULL, 0);
	if ((len = list_len(m)) < 0)
		unix_error("list_len");
	printf("parent: %lld items (expected %d)\n", len, n * k);
	for (long long i = 0; i < len; i++) {
		if (list_get(m, i, &v) < 0)
			unix_error("list_get");
		printf("got %s\n", v.s);
	}
	if (manager_shutdown(m) < 0)
		unix_error("manager_shutdown");
	return 0;
}
