/*
 * 4-run-override.c - Python's other style: subclass Process, override run().
 *
 *     class Counter(Process):
 *         def __init__(self, n): super().__init__(name="counter"); self.n = n
 *         def run(self): ...count to self.n...; sys.exit(self.n)
 *
 * In C the "subclass" is a struct whose FIRST member is a struct process:
 * a pointer to it is also a pointer to its struct process, so run() can
 * cast back and reach the extra fields.
 */
#include "process.h"
#include "proclab.h"

#include <stdio.h>

struct counter {
	struct process proc;    /* must stay first */
	int n;
};

/* Runs in the child: p is the child's copy of the parent's struct counter. */
static int counter_run(struct process *p)
{
	struct counter *c = (struct counter *)p;
	int i;

	printf("%s: run() in pid %d\n", p->name, (int)p->pid);
	for (i = 1; i <= c->n; i++) {
		printf("%s: tick %d of %d\n", p->name, i, c->n);
		sleep_units(0.5);
	}
	return c->n;
}

int main(void)
{
	struct counter c;
	int code;

	setvbuf(stdout, NULL, _IOLBF, 0);
	process_init(&c.proc, "counter", NULL, NULL);
	c.proc.run = counter_run;       /* the override */
	c.n = 3;
	if (process_start(&c.proc) < 0)
		unix_error("process_start");
	printf("parent: started counter\n");
	if (process_join(&c.proc, NO_TIMEOUT) < 0)
		unix_error("process_join");
	if (process_exitcode(&c.proc, &code) < 0)
		unix_error("process_exitcode");
	printf("parent: joined counter exitcode=%d\n", code);
	return 0;
}
