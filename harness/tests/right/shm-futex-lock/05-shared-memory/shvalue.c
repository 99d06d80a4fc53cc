/*
 * RIGHT (test data), written unlike the reference: the lock is a futex word
 * of its own in the mapping (C11 atomics and the futex system call, not a
 * pthread mutex or a semaphore), holding the owner's thread id so that
 * unlock by another is EPERM and a second lock EDEADLK; the sizes are
 * checked with __builtin_mul_overflow / __builtin_add_overflow.
 * Must get full marks.
 */
#define _GNU_SOURCE
#include "shvalue.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc has no wrapper for futex(2). */
static long futex(_Atomic unsigned *word, int op, unsigned val)
{
	return syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

/* ---- provided, do not change ---- */

/* See shvalue.h.  Your array_new and slot use it. */
size_t shtype_size(enum shtype type)
{
	switch (type) {
	case SH_INT:    return sizeof(int);
	case SH_DOUBLE: return sizeof(double);
	case SH_CHAR:   return sizeof(char);
	}
	return 0;
}

/*
 * What array_new puts in shared memory.  The stub holds only the type:
 * add what the functions below need (the count, the lock, the elements).
 */
/*
 * The lock is a futex word in the mapping: 0 when free, else the holder's
 * thread id, with WAITERS set once someone sleeps on it.  A futex call
 * without FUTEX_PRIVATE_FLAG is keyed by the physical page, so a waiter
 * in one process is woken by an unlock in another.
 */
#define WAITERS 0x80000000u

struct sharray {
	enum shtype type;
	size_t n;               /* elements */
	size_t size;            /* bytes in one element */
	size_t maplen;          /* bytes mapped, for munmap */
	int has_lock;           /* 0: raw (lock=False) */
	_Atomic unsigned lock;  /* the futex word; guards the elements */
	_Alignas(max_align_t) unsigned char data[];
};

/*
 * The address of element i of a, checked: NULL with errno EINVAL when a's
 * type is not type, ERANGE when i is out of range.  (You write it below.)
 */
static void *slot(const struct sharray *a, size_t i, enum shtype type);

struct sharray *array_new(enum shtype type, size_t n, int with_lock)
{
		size_t size = shtype_size(type), bytes;
	struct sharray *a;

	if (size == 0) {
		errno = EINVAL;
		return NULL;
	}
	if (__builtin_mul_overflow(n, size, &bytes) ||
	    __builtin_add_overflow(bytes, sizeof(struct sharray), &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	a = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED)
		return NULL;
	a->type = type;
	a->n = n;
	a->size = size;
	a->maplen = bytes;
	a->has_lock = with_lock != 0;
	atomic_init(&a->lock, 0);       /* zero already; said for the reader */
	return a;
}

size_t array_len(const struct sharray *a)
{
		return a->n;
}

static void *slot(const struct sharray *a, size_t i, enum shtype type)
{
		if (a->type != type) {
		errno = EINVAL;
		return NULL;
	}
	if (i >= a->n) {
		errno = ERANGE;
		return NULL;
	}
	return (void *)(a->data + i * a->size);
}

int array_lock(struct sharray *a)
{
		unsigned me = (unsigned)gettid(), cur;

	if (!a->has_lock) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		cur = 0;
		if (atomic_compare_exchange_strong(&a->lock, &cur, me))
			return 0;
		if ((cur & ~WAITERS) == me) {
			errno = EDEADLK;
			return -1;
		}
		/* Mark that someone sleeps, then sleep while the word is so. */
		if (!(cur & WAITERS) &&
		    !atomic_compare_exchange_strong(&a->lock, &cur, cur | WAITERS))
			continue;
		if (futex(&a->lock, FUTEX_WAIT, cur | WAITERS) < 0 &&
		    errno != EAGAIN && errno != EINTR)
			return -1;
		/* Woken: take it with WAITERS kept, others may still sleep. */
		cur = 0;
		if (atomic_compare_exchange_strong(&a->lock, &cur, me | WAITERS))
			return 0;
	}
}

int array_unlock(struct sharray *a)
{
		unsigned me = (unsigned)gettid(), old;

	if (!a->has_lock) {
		errno = EINVAL;
		return -1;
	}
	old = atomic_load(&a->lock);
	if ((old & ~WAITERS) != me) {   /* free, or another thread's */
		errno = EPERM;
		return -1;
	}
	old = atomic_exchange(&a->lock, 0);
	if ((old & WAITERS) && futex(&a->lock, FUTEX_WAKE, 1) < 0)
		return -1;
	return 0;
}

int array_free(struct sharray *a)
{
		if (a == NULL)
		return 0;
	/* The futex word needs no destroying. */
	return munmap(a, a->maplen);
}

/* ---- typed access: provided, do not change ---- */

int array_get_int(const struct sharray *a, size_t i)
{
	const int *p = slot(a, i, SH_INT);

	return p != NULL ? *p : 0;
}

double array_get_double(const struct sharray *a, size_t i)
{
	const double *p = slot(a, i, SH_DOUBLE);

	return p != NULL ? *p : 0.0;
}

char array_get_char(const struct sharray *a, size_t i)
{
	const char *p = slot(a, i, SH_CHAR);

	return p != NULL ? *p : '\0';
}

int array_set_int(struct sharray *a, size_t i, int x)
{
	int *p = slot(a, i, SH_INT);

	if (p == NULL)
		return -1;
	*p = x;
	return 0;
}

int array_set_double(struct sharray *a, size_t i, double x)
{
	double *p = slot(a, i, SH_DOUBLE);

	if (p == NULL)
		return -1;
	*p = x;
	return 0;
}

int array_set_char(struct sharray *a, size_t i, char x)
{
	char *p = slot(a, i, SH_CHAR);

	if (p == NULL)
		return -1;
	*p = x;
	return 0;
}

/* ---- a Value is an array of one element: provided, do not change ---- */

static struct sharray *arr(const struct shvalue *v)
{
	return (struct sharray *)v;
}

struct shvalue *value_new(enum shtype type, int with_lock)
{
	return (struct shvalue *)array_new(type, 1, with_lock);
}

int value_get_int(const struct shvalue *v)      { return array_get_int(arr(v), 0); }
double value_get_double(const struct shvalue *v) { return array_get_double(arr(v), 0); }
char value_get_char(const struct shvalue *v)    { return array_get_char(arr(v), 0); }
int value_set_int(struct shvalue *v, int x)     { return array_set_int(arr(v), 0, x); }
int value_set_double(struct shvalue *v, double x) { return array_set_double(arr(v), 0, x); }
int value_set_char(struct shvalue *v, char x)   { return array_set_char(arr(v), 0, x); }
int value_lock(struct shvalue *v)               { return array_lock(arr(v)); }
int value_unlock(struct shvalue *v)             { return array_unlock(arr(v)); }
int value_free(struct shvalue *v)               { return array_free(arr(v)); }
