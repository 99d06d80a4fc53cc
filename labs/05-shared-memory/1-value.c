/*
 * 1-value.c - a Value is shared with the child; a global is not.
 *
 *     n = 0                                # a global
 *     i, d, c = Value('i'), Value('d'), Value('c')
 *     def f():
 *         global n; n = 42                 # the child's own copy
 *         i.value, d.value, c.value = 42, 3.25, b'A'
 *     p = Process(target=f); p.start(); p.join()
 *     print(n, i.value, d.value, c.value)  # 0 42 3.25 b'A'
 *
 * fork copies the parent's memory (lab 01): the child's global is its
 * own.  A value made with value_new lives in a MAP_SHARED mapping, and
 * fork hands the child that same mapping, not a copy.
 * Chars are printed as numbers: a new one is '\0', which prints nothing.
 */
#include "proclab.h"
#include "shvalue.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int global;     /* after fork each process has its own copy */

int main(void)
{
	struct shvalue *i, *d, *c;

	/* Line-buffered: nothing sits in the buffer at fork to be copied. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Made before fork: made after, the child would not have them. */
	i = value_new(SH_INT, 1);
	d = value_new(SH_DOUBLE, 1);
	c = value_new(SH_CHAR, 1);
	if (i == NULL || d == NULL || c == NULL)
		unix_error("value_new");
	printf("parent: new values i=%d d=%g c=%d\n",
	       value_get_int(i), value_get_double(d), value_get_char(c));

	if (Fork() == 0) {
		global = 42;
		if (value_set_int(i, 42) < 0 || value_set_double(d, 3.25) < 0 ||
		    value_set_char(c, 'A') < 0)
			unix_error("value_set");
		printf("child: set global=%d i=%d d=%g c=%d\n", global,
		       value_get_int(i), value_get_double(d), value_get_char(c));
		exit(0);
	}
	Waitpid(-1, NULL, 0);   /* join: the child has written by now */
	printf("parent: after join global=%d i=%d d=%g c=%d\n", global,
	       value_get_int(i), value_get_double(d), value_get_char(c));

	if (value_free(i) < 0 || value_free(d) < 0 || value_free(c) < 0)
		unix_error("value_free");
	return 0;
}
