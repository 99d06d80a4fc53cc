/*
 * shvalue.h - typed values and arrays in shared memory, in the shape of
 * Python's multiprocessing.Value and Array.
 *
 *     Python                               C
 *     v = Value('i', 0)                    v = value_new(SH_INT, 1);
 *     v = Value('d', 0.0, lock=False)      v = value_new(SH_DOUBLE, 0);
 *     v.value                              value_get_int(v)
 *     v.value = 7                          value_set_int(v, 7);
 *     with v.get_lock(): v.value += 1      value_lock(v);
 *                                          value_set_int(v, value_get_int(v) + 1);
 *                                          value_unlock(v);
 *     a = Array('i', 10)                   a = array_new(SH_INT, 10, 1);
 *     a[3] = 9; a[3]; len(a)               array_set_int(a, 3, 9); array_get_int(a, 3);
 *                                          array_len(a)
 *     (the garbage collector)              value_free(v); array_free(a);
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 *
 * Make an object BEFORE fork: the child inherits the mapping, so parent
 * and child then read and write the same memory (unlike a global, which
 * fork copies).  Every element starts at zero.
 *
 * The lock: an object made with with_lock = 1 carries one lock, shared by
 * every process that has the object; value_lock / value_unlock (or
 * array_lock / array_unlock) take and release it.  The get and set
 * functions NEVER take it: a read-modify-write is atomic only when the
 * caller holds the lock around all of it.  An object made with
 * with_lock = 0 is raw (Python's lock=False): it has no lock at all.
 *
 * Functions that return int return 0 on success and -1 with errno on
 * error; getters return the element, or 0 with errno set on error.
 * None of them prints or exits.
 */
#ifndef SHVALUE_H
#define SHVALUE_H

#include <stddef.h>

/* The element types, named by Python's type codes. */
enum shtype {
	SH_INT = 'i',           /* int */
	SH_DOUBLE = 'd',        /* double */
	SH_CHAR = 'c',          /* char */
};

struct shvalue;                 /* one element (defined in shvalue.c) */
struct sharray;                 /* n elements (defined in shvalue.c) */

/* Bytes in one element of type: sizeof(int) ...; 0 for any other type. */
size_t shtype_size(enum shtype type);

/*
 * A new array of n elements of type, all zero (0, 0.0, '\0'), in memory
 * that stays shared with every child forked after this call.  n may be 0.
 * with_lock = 1 gives it a lock that works across processes; 0 makes it
 * raw.  Returns the array, or NULL with errno: EINVAL for a type that is
 * not an enum shtype, ENOMEM when n elements do not fit, or the errno
 * of the failing call.
 */
struct sharray *array_new(enum shtype type, size_t n, int with_lock);

/* The number of elements (Python's len(a)). */
size_t array_len(const struct sharray *a);

/*
 * Element i.  Errors: EINVAL when a's type is not the one in the
 * function's name, ERANGE when i >= array_len(a).  A getter then
 * returns 0 (0.0, '\0'); a setter changes nothing.
 */
int array_get_int(const struct sharray *a, size_t i);
double array_get_double(const struct sharray *a, size_t i);
char array_get_char(const struct sharray *a, size_t i);
int array_set_int(struct sharray *a, size_t i, int x);
int array_set_double(struct sharray *a, size_t i, double x);
int array_set_char(struct sharray *a, size_t i, char x);

/*
 * Take a's lock, waiting as long as another process (or thread) holds
 * it; release it.  Only the process (thread) that took the lock may
 * release it: array_unlock by any other, or of a free lock, fails with
 * EPERM and leaves the lock as it was -- Python's
 * Value(...).get_lock().release() raises AssertionError ("attempt to
 * release recursive lock not owned by thread") there.  Not recursive
 * (Python's get_lock() is an RLock; this one is not): array_lock by the
 * holder fails with EDEADLK.
 * Errors: EINVAL when a is raw (made with with_lock = 0); EPERM and
 * EDEADLK as above; otherwise the error the lock reported.
 */
int array_lock(struct sharray *a);
int array_unlock(struct sharray *a);

/*
 * Release a: its lock, then the memory.  Call it once, in the process
 * that made a, when no other process uses a any more (a child simply
 * exits: that unmaps its view).  NULL does nothing and returns 0.
 * Leaves nothing behind: no file in /dev/shm, no System V object.
 */
int array_free(struct sharray *a);

/* ---- a Value is an array of one element: the same rules ---- */

struct shvalue *value_new(enum shtype type, int with_lock);

int value_get_int(const struct shvalue *v);
double value_get_double(const struct shvalue *v);
char value_get_char(const struct shvalue *v);
int value_set_int(struct shvalue *v, int x);
int value_set_double(struct shvalue *v, double x);
int value_set_char(struct shvalue *v, char x);

int value_lock(struct shvalue *v);
int value_unlock(struct shvalue *v);
int value_free(struct shvalue *v);

#endif
