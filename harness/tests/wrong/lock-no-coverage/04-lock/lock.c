/*
 * WRONG (test data): BUG: hides a racy acquire from chaos scheduling:
 * no_sanitize_coverage keeps gcc from putting preemption points in it.
 * Only the bug is here (the file is refused before anything links): the
 * grader must refuse a function that does not call its hook.
 */
#include "lock.h"

static volatile int locked;

__attribute__((no_sanitize_coverage))
int lock_acquire(struct lock *l)
{
	(void)l;
	while (locked)
		;
	locked = 1;
	return 0;
}
