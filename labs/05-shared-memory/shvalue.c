/*
 * shvalue.c - typed values and arrays in shared memory (see shvalue.h).
 *
 * YOUR FILE: write the parts between the markers -- the layout of an
 * array (struct sharray), array_new, array_len, slot, array_lock,
 * array_unlock and array_free.  The typed getters and setters and the
 * value_* functions are written for you, on top of those.
 * Keep the contracts in shvalue.h: return -1 (or NULL) with errno on
 * error; never print, never exit.
 *
 * Helpers of yours should be `static`: only the functions the header
 * declares may be global.  The grader makes any other global name of
 * this file local (and notes it, ungraded); a global named like one of
 * the C library or the test runner (write, printf, malloc, main,
 * srunner_run_all ...) is refused: the lab would score 0.
 */
#define _GNU_SOURCE
#include "shvalue.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

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
/* ===== YOUR CODE HERE: replace the stub below ===== */
struct sharray {
	enum shtype type;
};
/* ===== END OF YOUR CODE ===== */

/*
 * The address of element i of a, checked: NULL with errno EINVAL when a's
 * type is not type, ERANGE when i is out of range.  (You write it below.)
 */
static void *slot(const struct sharray *a, size_t i, enum shtype type);

struct sharray *array_new(enum shtype type, size_t n, int with_lock)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)type;
	(void)n;
	(void)with_lock;
	errno = ENOSYS;
	return NULL;
	/* ===== END OF YOUR CODE ===== */
}

size_t array_len(const struct sharray *a)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)a;
	return 0;
	/* ===== END OF YOUR CODE ===== */
}

static void *slot(const struct sharray *a, size_t i, enum shtype type)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)a;
	(void)i;
	(void)type;
	errno = ENOSYS;
	return NULL;
	/* ===== END OF YOUR CODE ===== */
}

int array_lock(struct sharray *a)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)a;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int array_unlock(struct sharray *a)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)a;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int array_free(struct sharray *a)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)a;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
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
