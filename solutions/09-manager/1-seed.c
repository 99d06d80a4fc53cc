/*
 * 1-seed.c - the seeds' example: a list and a dict that live in a server
 * process; a child's changes reach the parent through it.
 *
 *     def f(l, d):
 *         l.append("你好")
 *         d["name"] = "shiyi"
 *
 *     with Manager() as manager:
 *         l = manager.list()
 *         d = manager.dict()
 *         l.append("Hello!!")
 *         p = Process(target=f, args=(l, d))
 *         p.start()
 *         p.join()
 *         print(l)        # ['Hello!!', '你好']
 *         print(d)        # {'name': 'shiyi'}
 */
#include "manager.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>

static void f(struct manager *m)
{
	struct mvalue hello = mv_str("你好"), name = mv_str("shiyi");

	if (list_append(m, &hello) < 0)
		unix_error("list_append");
	if (dict_set(m, "name", &name) < 0)
		unix_error("dict_set");
	printf("child: appended '你好', set name\n");
}

int main(void)
{
	struct manager *m;
	struct mvalue hello = mv_str("Hello!!");
	pid_t pid;

	/* slide: seed */
	/* Before fork: the child inherits the handle (not a copy of the
	   list: the list is in the server, the handle only says where). */
	if ((m = manager_start()) == NULL)
		unix_error("manager_start");
	if (list_append(m, &hello) < 0)
		unix_error("list_append");
	if ((pid = Fork()) == 0) {
		f(m);
		exit(0);
	}
	Waitpid(pid, NULL, 0);
	if (print_list(m) < 0)
		unix_error("print_list");
	if (print_dict(m) < 0)
		unix_error("print_dict");
	/* slide end */
	if (manager_shutdown(m) < 0)
		unix_error("manager_shutdown");
	return 0;
}
