/*
 * RIGHT (test data), written unlike the reference: pc_stop joins the
 * producers with waitid(P_PID, ..., WEXITED) and reads how each ended
 * from its siginfo; the consumers get through queue_get_timeout with
 * NO_TIMEOUT into a buffer from malloc, and pc_consume and pc_work share
 * one loop with a flag for "joinable".  Must get full marks.
 */
#include "prodcons.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>

/* One loop for both: jq != NULL means task_done after each message. */
static long loop(struct queue *q, struct jqueue *jq, pc_handler *handle, void *arg)
{
	char *buf = malloc(QUEUE_MSG_MAX + 1);
	long n = 0;
	size_t len;
	int r, saved;

	if (buf == NULL)
		return -1;
	for (;;) {
		r = jq ? jqueue_get(jq, buf, QUEUE_MSG_MAX, &len)
		       : queue_get_timeout(q, buf, QUEUE_MSG_MAX, &len, NO_TIMEOUT);
		if (r != 0)
			break;
		if (len != PC_NONE) {
			buf[len] = '\0';
			if ((r = handle(arg, buf, len)) < 0)
				break;
		}
		if (jq && (r = jqueue_task_done(jq)) < 0)
			break;
		if (len == PC_NONE) {
			free(buf);
			return n;
		}
		n++;
	}
	saved = errno;
	free(buf);
	errno = saved;
	return -1;
}

long pc_consume(struct queue *q, pc_handler *handle, void *arg)
{
	return loop(q, NULL, handle, arg);
}

long pc_work(struct jqueue *jq, pc_handler *handle, void *arg)
{
	return loop(NULL, jq, handle, arg);
}

int pc_stop(struct queue *q, const pid_t *producers, int np, int nc)
{
	siginfo_t info;
	int failed = 0;

	for (int i = 0; i < np; i++) {
		while (waitid(P_PID, producers[i], &info, WEXITED) < 0)
			if (errno != EINTR)
				return -1;
		failed |= info.si_code != CLD_EXITED || info.si_status != 0;
	}
	while (nc-- > 0)
		if (queue_put(q, "", 0) < 0)
			return -1;
	return failed;
}
