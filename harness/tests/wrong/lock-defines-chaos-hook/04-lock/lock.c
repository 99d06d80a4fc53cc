/*
 * WRONG (test data): BUG: hides a racy lock from chaos scheduling by
 * defining the grader's hook itself, one that never yields: the switch
 * between a flag's test and its set would never come.  Only the bug is
 * here (the file is refused before anything links): the grader must
 * refuse a student file that defines a name of its runtime.
 */
#include "lock.h"

void __sanitizer_cov_trace_pc(void)
{
}
