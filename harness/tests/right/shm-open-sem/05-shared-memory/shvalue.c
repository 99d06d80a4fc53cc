/*
 * RIGHT (test data), written unlike the reference: the memory comes from
 * shm_open (a name unlinked at once, its descriptor closed once mapped),
 * and the optional lock is a process-shared POSIX semaphore, not a
 * mutex.  Must get full marks.
 */#define _GNU_SOURCE
#include "shvalue.h"

#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>
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
/*
 * One mapping holds it all: this header, then the n elements.  Every
 * process that has the array sees the same bytes, the lock included:
 * a lock only works across processes if it lives in the shared memory.
 */
struct sharray {
	sem_t lock;             /* when has_lock: guards data[] for callers
				   that take it (array_lock); else unused */
	pid_t holder;           /* who holds lock (a semaphore has no owner); 0: free */
	int has_lock;           /* 0: raw, Python's lock=False */
	enum shtype type;
	size_t n;               /* elements */
	size_t bytes;           /* the whole mapping, for munmap */
	_Alignas(max_align_t) unsigned char data[];    /* the elements */
};

/*
 * The address of element i of a, checked: NULL with errno EINVAL when a's
 * type is not type, ERANGE when i is out of range.  (You write it below.)
 */
static void *slot(const struct sharray *a, size_t i, enum shtype type);

struct sharray *array_new(enum shtype type, size_t n, int with_lock)
{
	size_t size = shtype_size(type), bytes;
	static int serial;
	char name[64];
	int fd;
	struct sharray *a;
	int e;

	if (size == 0) {
		errno = EINVAL;
		return NULL;
	}
	if (n > (SIZE_MAX - sizeof *a) / size) {
		errno = ENOMEM;
		return NULL;
	}
	bytes = sizeof *a + n * size;
	/*
	 * MAP_SHARED: after fork, parent and children map the same pages
	 * (MAP_PRIVATE, like malloc'd memory, would give each a copy as soon
	 * as one writes).  MAP_ANONYMOUS: no file behind it, so nothing is
	 * left in /dev/shm, and the kernel hands out the pages zero-filled.
	 */
	/* A fresh name, unlinked at once: nothing is left in /dev/shm, and
	   the descriptor is not needed once the pages are mapped. */
	snprintf(name, sizeof name, "/shvalue-%d-%d", (int)getpid(), serial++);
	if ((fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600)) < 0)
		return NULL;
	shm_unlink(name);
	if (ftruncate(fd, bytes) < 0) {         /* a new object reads as zeros */
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	a = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	e = errno;
	close(fd);
	if (a == MAP_FAILED) {
		errno = e;
		return NULL;
	}
	a->type = type;
	a->n = n;
	a->bytes = bytes;
	a->has_lock = with_lock != 0;
	if (a->has_lock) {
		/* pshared 1: waiters in other processes are woken too */
		if (sem_init(&a->lock, 1, 1) < 0) {     /* pshared, free */
			e = errno;
			munmap(a, bytes);
			errno = e;
			return NULL;
		}
	}
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
	return (unsigned char *)a->data + i * shtype_size(type);
}

int array_lock(struct sharray *a)
{
	int e;

	if (!a->has_lock) {
		errno = EINVAL;         /* raw: there is no lock to take */
		return -1;
	}
	if (a->holder == getpid()) {
		errno = EDEADLK;        /* not recursive */
		return -1;
	}
	while ((e = sem_wait(&a->lock)) < 0 && errno == EINTR)
		;
	if (e == 0)
		a->holder = getpid();
	return e;
}

int array_unlock(struct sharray *a)
{
	int e;

	if (!a->has_lock) {
		errno = EINVAL;
		return -1;
	}
	if (a->holder != getpid()) {
		errno = EPERM;          /* only the holder may release */
		return -1;
	}
	a->holder = 0;
	return sem_post(&a->lock);
}

int array_free(struct sharray *a)
{
	int e = 0;

	if (a == NULL)
		return 0;
	if (a->has_lock)
		e = sem_destroy(&a->lock) < 0 ? errno : 0;
	/* Unmapped even when destroy failed: the memory must not leak. */
	if (munmap(a, a->bytes) < 0)
		return -1;
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
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
