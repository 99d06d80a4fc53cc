/*
 * WRONG (test data): BUG: switches chaos scheduling off from inside:
 * lock_create calls the runtime's chaos_setup(NULL), so a racy lock's
 * window would never be hit.  Only the bug is here (the file is refused
 * before anything links): the grader must refuse a student file that
 * calls into its runtime.
 */
#include "lock.h"

#include <stddef.h>

void chaos_setup(const char *spec);

struct lock *lock_create(void)
{
	chaos_setup(NULL);
	return NULL;
}
