/*
 * chaos.c - seeded chaos scheduling: preemption points in the student's code.
 *
 * The grader compiles the student's files (only those) with gcc's
 * -fsanitize-coverage=trace-pc, which makes every basic block begin with
 * a call to __sanitizer_cov_trace_pc().  This file is that function: at
 * about 1 in RATE of those points it calls sched_yield(), so another
 * process runs right there -- between a lock's test and its set, between
 * a read and its write back.  A race that a quiet machine hides shows on
 * one run, on one CPU as on many.
 *
 * The decisions come from PROCLAB_CHAOS="SEED RATE", read once before
 * main.  Unset, or RATE 0: no yield at all, so a program run by hand
 * behaves as it always did.  Each process (and thread) draws from a
 * PRNG of its own; a child's is derived from its parent's at fork, so
 * one seed replays the same decisions in every process.
 *
 * This file is the kit's and is compiled without the flag: nothing here
 * calls back into itself.  The hot path makes no system call (glibc's
 * getpid is one) and no library call: a few instructions per block.
 */
#define _GNU_SOURCE
#include "chaos.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

static uint64_t chaos_seed;     /* the run's seed, as read */
static uint32_t chaos_rate;     /* yield at 1 in chaos_rate points; 0: never */
static _Atomic uint64_t threads;        /* threads seeded so far, for the next one */

/* Each thread's PRNG state; 0 until its first point (xorshift never makes 0). */
static _Thread_local uint64_t state;
static _Thread_local uint64_t child_seed;       /* from prepare to the child handler */

/* splitmix64: spreads a counter or a seed over all 64 bits, never stuck at 0. */
uint64_t chaos_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x ? x : 1;
}

/* xorshift64*: the next number of this thread's sequence. */
static uint64_t next(void)
{
	if (state == 0)         /* a thread's first point: its own stream */
		state = chaos_mix(chaos_seed ^ chaos_mix(atomic_fetch_add(&threads, 1)));
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dULL;
}

int chaos_decide(void)
{
	return chaos_rate != 0 && (uint32_t)(next() >> 32) % chaos_rate == 0;
}

/*
 * fork: the parent draws the child's seed from its own sequence (so its
 * next child gets another), the child starts from it.  Deterministic:
 * no pid, no clock.
 */
static void before_fork(void)
{
	if (chaos_rate != 0)
		child_seed = next();
}

static void in_child(void)
{
	if (chaos_rate != 0) {
		state = chaos_mix(child_seed);
		atomic_store(&threads, 0);
	}
}

static void register_fork(void)
{
	pthread_atfork(before_fork, NULL, in_child);
}

void chaos_setup(const char *spec)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	unsigned long long seed = 0;
	unsigned long rate = 0;
	char *end;

	chaos_rate = 0;
	state = 0;
	if (spec == NULL)
		return;
	seed = strtoull(spec, &end, 10);
	if (end != spec && *end == ' ')
		rate = strtoul(end + 1, &end, 10);
	if (*end != '\0' || rate > 1000000)
		rate = 0;       /* not ours to judge: no chaos rather than a wrong one */
	chaos_seed = seed;
	atomic_store(&threads, 0);
	chaos_rate = rate;
	if (rate != 0)
		pthread_once(&once, register_fork);
}

/* Before main: every process of a run starts with its decisions known. */
__attribute__((constructor)) static void chaos_init(void)
{
	chaos_setup(getenv("PROCLAB_CHAOS"));
}

void chaos_point(void)
{
	if (chaos_decide())
		sched_yield();
}

/* Called by gcc at the start of every basic block of the student's code. */
void __sanitizer_cov_trace_pc(void)
{
	chaos_point();
}
