/*
 * chaos.h - seeded chaos scheduling (chaos.c): the grader's preemption
 * points.  The grader compiles the student's files so that every basic
 * block calls __sanitizer_cov_trace_pc(), which yields the CPU at about
 * 1 in RATE blocks, decided by a PRNG seeded from PROCLAB_CHAOS="SEED
 * RATE".  Without that variable nothing yields.
 */
#ifndef CHAOS_H
#define CHAOS_H

#include <stdint.h>

/* A preemption point for the kit's own programs: put one where a race
   would hide (inside a critical section); it yields as the student's
   blocks do, and does nothing when chaos is off. */
void chaos_point(void);

/* Take "SEED RATE" (NULL: chaos off); chaos.c does it from the
   environment before main.  Exposed for the harness's tests. */
void chaos_setup(const char *spec);

/* The next decision of this thread's sequence: 1 = yield here. */
int chaos_decide(void);

/* splitmix64, the mixer seeds are spread with (never 0). */
uint64_t chaos_mix(uint64_t x);

/* gcc's hook, called at every basic block of instrumented code. */
void __sanitizer_cov_trace_pc(void);

#endif
