/*
 * bench.c - the C side of the benchmarks: time a primitive, print the mean
 * cost of one operation in nanoseconds.
 *
 * Usage: bench MODE[,MODE...] ITERS [HEAP_MB [REPEATS]]
 *        bench manager-latency N
 *
 *   the kit's reference solution (solutions/):
 *     start-join   process_init + process_start + process_join (lab 02)
 *     lock         lock_acquire + lock_release (lab 04)
 *     value        value_lock; value_set_int(get + 1); value_unlock (lab 05)
 *     queue        queue_put + queue_get of an 8-byte message, Queue(10) (lab 06)
 *     conn         conn_send + conn_recv, 1 byte there and back between two
 *                  processes over two one-way conns (each a pipe) (lab 07)
 *     conn-duplex  the same over one duplex conn (a socketpair) (lab 07)
 *     thread       thread_init + thread_start + thread_join (lab 11)
 *     manager      list_append and list_get, taking turns: one request to
 *                  the server and its reply (lab 09)
 *     pool         pool_map over ITERS items, chunk size 1, 2 workers: the
 *                  cost of one item (lab 10)
 *     pool-apply   pool_apply_async + pool_get of one task at a time, 2
 *                  workers: a task's round trip (lab 10)
 *   the system-call floor under each:
 *     fork         fork; the child _exits; waitpid
 *     sem          sem_wait + sem_post on a process-shared semaphore
 *     mutex        a process-shared pthread mutex around x += 1
 *     pipe         one byte there and back between two processes (pipes)
 *     socketpair   the same over one socketpair (a duplex conn's floor)
 *     mq           mq_send + mq_receive of one small message (a queue's floor)
 *   other ways to start something and wait for it:
 *     fork-exec, vfork-exec, posix-spawn   start ./nothing
 *     pthread      pthread_create + pthread_join of an empty thread
 *
 * pipe, socketpair, conn and conn-duplex take a message size: "conn:4096"
 * sends 4096 bytes there and back (1 byte by default).
 *
 * Prints one line "MODE NS" per mode and repeat: NS is the mean cost of
 * one operation over ITERS of them.  HEAP_MB touches that much heap
 * first, so that fork has page tables to copy (the fork-vs-heap figure).
 * The caller pins it with taskset and takes medians over runs.
 *
 * manager-latency times N single requests of each kind to the kit's
 * manager (lab 09), the kinds taking turns (list append, list get, dict
 * set, dict get), and prints one line "KIND NS" per request.
 */
#define _GNU_SOURCE
#include "conn.h"
#include "lock.h"
#include "manager.h"
#include "pool.h"
#include "proclab.h"
#include "process.h"
#include "queue.h"
#include "shvalue.h"
#include "thread.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
static char nothing[4096];      /* the program the exec modes start */
static size_t msg_size = 1;     /* bytes a message-mode round trip carries */
static char msg[1 << 16];       /* the message, and the buffer it comes back into */

static double now_ns(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) < 0)
		unix_error("clock_gettime");
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* pthread calls return the error instead of setting errno. */
static void check(int e, const char *msg)
{
	if (e != 0) {
		errno = e;
		unix_error(msg);
	}
}

/* A child must have exited 0: a failed exec would otherwise look fast. */
static void reap(pid_t pid)
{
	int status;

	Waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: child %d failed (status %#x)\n", (int)pid, status);
		exit(1);
	}
}

/* Memory that forked children share, as the kit's objects use. */
static void *shared(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		unix_error("mmap");
	return p;
}

/* ---- starting processes ---- */

static int noop(void *arg) { (void)arg; return 0; }
static void *noop_thread(void *arg) { return arg; }
static void noop_target(void *arg) { (void)arg; }     /* a kit thread's */

static double t_start_join(long n)
{
	struct process p;
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		process_init(&p, "bench", noop, NULL);
		if (process_start(&p) < 0 || process_join(&p, NO_TIMEOUT) < 0)
			unix_error("process_start/join");
	}
	return now_ns() - t0;
}

static double t_fork(long n)
{
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		pid_t pid = Fork();

		if (pid == 0)
			_exit(0);       /* no exit(): nothing to flush, no atexit */
		reap(pid);
	}
	return now_ns() - t0;
}

static double t_pthread(long n)
{
	double t0 = now_ns();
	pthread_t t;

	for (long i = 0; i < n; i++) {
		check(pthread_create(&t, NULL, noop_thread, NULL), "pthread_create");
		check(pthread_join(t, NULL), "pthread_join");
	}
	return now_ns() - t0;
}

static double t_thread(long n)
{
	struct thread t;
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		thread_init(&t, "bench", noop_target, NULL);
		if (thread_start(&t) < 0 || thread_join(&t, NO_TIMEOUT) < 0)
			unix_error("thread_start/join");
	}
	return now_ns() - t0;
}

/* Start ./nothing n times, by fork + exec or vfork + exec, and wait. */
static double exec_starts(long n, int use_vfork)
{
	char *argv[] = { nothing, NULL };
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		/* vfork: the child borrows the parent's memory until execve,
		   so no page table is copied; it may only exec or _exit. */
		pid_t pid = use_vfork ? vfork() : fork();

		if (pid < 0)
			unix_error("fork");
		if (pid == 0) {
			execve(nothing, argv, environ);
			_exit(127);     /* reap reports it */
		}
		reap(pid);
	}
	return now_ns() - t0;
}

static double t_fork_exec(long n) { return exec_starts(n, 0); }
static double t_vfork_exec(long n) { return exec_starts(n, 1); }

static double t_posix_spawn(long n)
{
	char *argv[] = { nothing, NULL };
	double t0 = now_ns();
	pid_t pid;

	for (long i = 0; i < n; i++) {
		check(posix_spawn(&pid, nothing, NULL, NULL, argv, environ), "posix_spawn");
		reap(pid);
	}
	return now_ns() - t0;
}

/* ---- locks and the shared counter (uncontended: the cost of the call) ---- */

static double t_lock(long n)
{
	struct lock *l = lock_create();
	double t0;

	if (l == NULL)
		unix_error("lock_create");
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (lock_acquire(l) < 0 || lock_release(l) < 0)
			unix_error("lock_acquire/release");
	t0 = now_ns() - t0;
	if (lock_destroy(l) < 0)
		unix_error("lock_destroy");
	return t0;
}

static double t_sem(long n)
{
	sem_t *s = shared(sizeof *s);
	double t0;

	if (sem_init(s, 1, 1) < 0)      /* pshared, free: what lock.c wraps */
		unix_error("sem_init");
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (sem_wait(s) < 0 || sem_post(s) < 0)
			unix_error("sem_wait/post");
	return now_ns() - t0;
}

static double t_value(long n)
{
	struct shvalue *v = value_new(SH_INT, 1);
	double t0;

	if (v == NULL)
		unix_error("value_new");
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (value_lock(v) < 0 || value_set_int(v, value_get_int(v) + 1) < 0 ||
		    value_unlock(v) < 0)
			unix_error("value += 1");
	t0 = now_ns() - t0;
	if (value_get_int(v) != (int)n) {
		fprintf(stderr, "bench: value counted %d, not %ld\n", value_get_int(v), n);
		exit(1);
	}
	value_free(v);
	return t0;
}

/* The floor under value: a process-shared mutex and an int, no checks. */
static double t_mutex(long n)
{
	struct { pthread_mutex_t m; volatile int x; } *s = shared(sizeof *s);
	pthread_mutexattr_t a;
	double t0;

	check(pthread_mutexattr_init(&a), "pthread_mutexattr_init");
	check(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED), "setpshared");
	check(pthread_mutex_init(&s->m, &a), "pthread_mutex_init");
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&s->m);
		s->x += 1;
		pthread_mutex_unlock(&s->m);
	}
	return now_ns() - t0;
}

/* ---- messages ---- */

/* All of msg_size bytes, a partial read or write finished here. */
static void putn(int fd)
{
	for (size_t done = 0; done < msg_size; ) {
		ssize_t w = write(fd, msg + done, msg_size - done);

		if (w < 0 && errno != EINTR)
			unix_error("write");
		done += w > 0 ? (size_t)w : 0;
	}
}

static int getn(int fd)         /* 0 at EOF */
{
	for (size_t done = 0; done < msg_size; ) {
		ssize_t r = read(fd, msg + done, msg_size - done);

		if (r < 0 && errno != EINTR)
			unix_error("read");
		if (r == 0)
			return 0;
		done += r > 0 ? (size_t)r : 0;
	}
	return 1;
}

/* A message of msg_size bytes to a child that echoes it back, n times: over two pipes, or
   one socketpair (there[0] == back[1] and back[0] == there[1]: each
   process closes the other's end and keeps its own, both ways). */
static double echo_bytes(long n, int duplex)
{
	int there[2], back[2];
	pid_t pid;
	double t0;

	if (duplex) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, there) < 0)
			unix_error("socketpair");
		back[0] = there[1];     /* the parent's end */
		back[1] = there[0];     /* the child's end */
	} else if (pipe(there) < 0 || pipe(back) < 0)
		unix_error("pipe");
	if ((pid = Fork()) == 0) {
		close(there[1]);        /* else the child never sees EOF */
		if (!duplex)
			close(back[0]);
		while (getn(there[0]))
			putn(back[1]);
		_exit(0);
	}
	close(there[0]);
	if (!duplex)
		close(back[1]);
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		putn(there[1]);
		if (!getn(back[0])) {
			fprintf(stderr, "bench: the echo child is gone\n");
			exit(1);
		}
	}
	t0 = now_ns() - t0;
	close(there[1]);        /* EOF: the child ends */
	reap(pid);
	return t0;
}

static double t_pipe(long n) { return echo_bytes(n, 0); }
static double t_socketpair(long n) { return echo_bytes(n, 1); }

/* The same through the kit's conns (lab 07): one duplex conn (a
   socketpair), or two one-way ones (each a pipe). */
static double echo_conn(long n, int duplex)
{
	struct conn *a, *b, *c, *d;     /* parent: sends on b, receives on c */
	ssize_t r;
	pid_t pid;
	double t0;

	if (duplex) {
		if (conn_pipe(&a, &b, 1) < 0)
			unix_error("conn_pipe");
		c = b;          /* the parent keeps b; the child keeps a */
		d = a;
	} else if (conn_pipe(&a, &b, 0) < 0 || conn_pipe(&c, &d, 0) < 0)
		unix_error("conn_pipe");
	/* there: the child receives on a, the parent sends on b;
	   back: the child sends on d, the parent receives on c. */
	if ((pid = Fork()) == 0) {
		conn_close(b);
		if (!duplex)
			conn_close(c);
		while ((r = conn_recv(a, msg, sizeof msg)) >= 0)
			if (conn_send(d, msg, r) < 0)
				unix_error("conn_send");
		if (r != CONN_EOF)
			unix_error("conn_recv");
		_exit(0);
	}
	conn_close(a);
	if (!duplex)
		conn_close(d);
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (conn_send(b, msg, msg_size) < 0)
			unix_error("conn_send");
		if ((r = conn_recv(c, msg, sizeof msg)) != (ssize_t)msg_size) {
			fprintf(stderr, "bench: the echo child is gone (%zd)\n", r);
			exit(1);
		}
	}
	t0 = now_ns() - t0;
	conn_close(b);          /* EOF: the child ends */
	if (!duplex)
		conn_close(c);
	reap(pid);
	return t0;
}

static double t_conn(long n) { return echo_conn(n, 0); }
static double t_conn_duplex(long n) { return echo_conn(n, 1); }

/* queue_put + queue_get of one small message, Queue(10), n times (lab 06). */
static double t_queue(long n)
{
	struct queue *q = queue_create(10);
	char buf[8] = "item";
	size_t len;
	double t0;

	if (q == NULL)
		unix_error("queue_create");
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (queue_put(q, buf, sizeof buf) != 0 ||
		    queue_get(q, buf, sizeof buf, &len) != 0 || len != sizeof buf)
			unix_error("queue_put/get");
	t0 = now_ns() - t0;
	queue_destroy(q);
	return t0;
}

/* n requests to the manager's server (lab 09), taking turns: list_append(i)
   then list_get(i), each one request and one reply on a Unix socket. */
static double t_manager(long n)
{
	struct manager *m = manager_start();
	struct mvalue v;
	double t0;

	if (m == NULL)
		unix_error("manager_start");
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (i % 2 == 0) {
			v = mv_int(i / 2);
			if (list_append(m, &v) < 0)
				unix_error("list_append");
			continue;
		}
		if (list_get(m, i / 2, &v) < 0)
			unix_error("list_get");
		if (v.type != MV_INT || v.i != i / 2) {
			fprintf(stderr, "bench: list[%ld] is not %ld\n", i / 2, i / 2);
			exit(1);
		}
	}
	t0 = now_ns() - t0;
	if (manager_shutdown(m) < 0)
		unix_error("manager_shutdown");
	return t0;
}

/* pool_map of a trivial task over n items at chunk size 1, 2 workers
   (lab 10): the pool is made and joined outside the time. */
static int twice(long x, long *y) { *y = 2 * x; return 0; }

static double t_pool(long n)
{
	struct pool *p = pool_create(2);
	long *xs = malloc(n * sizeof *xs), *ys = malloc(n * sizeof *ys);
	double t0;

	if (p == NULL || xs == NULL || ys == NULL)
		unix_error("pool_create");
	for (long i = 0; i < n; i++)
		xs[i] = i;
	t0 = now_ns();
	if (pool_map(p, twice, xs, n, 1, ys) < 0)
		unix_error("pool_map");
	t0 = now_ns() - t0;
	for (long i = 0; i < n; i++)
		if (ys[i] != 2 * i) {
			fprintf(stderr, "bench: pool_map's ys[%ld] is %ld\n", i, ys[i]);
			exit(1);
		}
	if (pool_close(p) < 0 || pool_join(p) < 0 || pool_free(p) < 0)
		unix_error("pool_close/join/free");
	free(xs);
	free(ys);
	return t0;
}

/* pool_apply_async + pool_get, one task at a time, 2 workers (lab 10). */
static double t_pool_apply(long n)
{
	struct pool *p = pool_create(2);
	struct pool_result *r;
	double t0;
	long y;

	if (p == NULL)
		unix_error("pool_create");
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if ((r = pool_apply_async(p, twice, i, NULL, NULL)) == NULL ||
		    pool_get(r, NO_TIMEOUT, &y) < 0 || pool_result_free(r) < 0)
			unix_error("pool_apply_async/get");
		if (y != 2 * i) {
			fprintf(stderr, "bench: pool_get gave %ld for %ld\n", y, i);
			exit(1);
		}
	}
	t0 = now_ns() - t0;
	if (pool_close(p) < 0 || pool_join(p) < 0 || pool_free(p) < 0)
		unix_error("pool_close/join/free");
	return t0;
}

/* put + get on a POSIX message queue of 10 slots, n times. */
static double t_mq(long n)
{
	struct mq_attr attr = { .mq_maxmsg = 10, .mq_msgsize = 8 };
	char name[64], buf[8] = "item";
	mqd_t q;
	double t0;

	snprintf(name, sizeof name, "/proclab-bench-%d", (int)getpid());
	if ((q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr)) == (mqd_t)-1)
		unix_error("mq_open");
	mq_unlink(name);        /* at once: nothing left behind, even on a crash */
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (mq_send(q, buf, sizeof buf, 0) < 0)
			unix_error("mq_send");
		if (mq_receive(q, buf, sizeof buf, NULL) < 0)
			unix_error("mq_receive");
	}
	t0 = now_ns() - t0;
	mq_close(q);
	return t0;
}

static const struct mode {
	const char *name;
	double (*time)(long n);         /* ns for n operations */
} modes[] = {
	{ "start-join", t_start_join }, { "fork", t_fork }, { "pthread", t_pthread },
	{ "fork-exec", t_fork_exec }, { "vfork-exec", t_vfork_exec },
	{ "posix-spawn", t_posix_spawn }, { "lock", t_lock }, { "sem", t_sem },
	{ "value", t_value }, { "mutex", t_mutex }, { "pipe", t_pipe }, { "mq", t_mq },
	{ "socketpair", t_socketpair }, { "conn", t_conn }, { "conn-duplex", t_conn_duplex },
	{ "queue", t_queue }, { "manager", t_manager }, { "pool", t_pool },
	{ "pool-apply", t_pool_apply }, { "thread", t_thread },
};

/* "MODE" or "MODE:BYTES" (a message size, for the round-trip modes). */
static const struct mode *find(char *name, size_t *size)
{
	char *colon = strchr(name, ':');

	*size = 1;
	if (colon != NULL) {
		*colon = '\0';
		*size = strtoul(colon + 1, NULL, 10);
		if (*size < 1 || *size > sizeof msg) {
			fprintf(stderr, "bench: a message is 1..%zu bytes, not %s\n", sizeof msg, colon + 1);
			exit(2);
		}
	}
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(modes[i].name, name) == 0)
			return &modes[i];
	fprintf(stderr, "bench: unknown mode %s\n", name);
	exit(2);
}

/* n single requests of each kind to the manager (lab 09), the kinds
   taking turns; one line "KIND NS" a request. */
static void manager_latency(long n)
{
	static const char *kinds[] = { "list-append", "list-get", "dict-set", "dict-get" };
	struct manager *m = manager_start();
	struct mvalue v;
	char key[32];
	int r = 0;

	if (m == NULL)
		unix_error("manager_start");
	for (long i = 0; i < n; i++)
		for (int k = 0; k < 4; k++) {
			double t0;

			snprintf(key, sizeof key, "k%ld", i % 64);
			v = mv_int(i);
			t0 = now_ns();
			switch (k) {
			case 0: r = list_append(m, &v); break;
			case 1: r = list_get(m, i, &v); break;
			case 2: r = dict_set(m, key, &v); break;
			case 3: r = dict_get(m, key, &v); break;
			}
			t0 = now_ns() - t0;
			if (r < 0 || v.type != MV_INT || v.i != i)
				unix_error(kinds[k]);
			printf("%s %.0f\n", kinds[k], t0);
		}
	if (manager_shutdown(m) < 0)
		unix_error("manager_shutdown");
}

int main(int argc, char **argv)
{
	const struct mode *m[32];
	size_t size[32];
	long iters, mb, repeats;
	char *list, *slash;
	int n = 0;

	if (argc < 3 || (iters = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: %s MODE[:BYTES][,MODE...] ITERS [HEAP_MB [REPEATS]]\n"
			"       %s manager-latency N\n", argv[0], argv[0]);
		return 2;
	}
	if (strcmp(argv[1], "manager-latency") == 0) {
		manager_latency(iters);
		return 0;
	}
	mb = argc > 3 ? atol(argv[3]) : 0;
	repeats = argc > 4 ? atol(argv[4]) : 1;
	if ((list = strdup(argv[1])) == NULL)
		unix_error("strdup");
	for (char *s = strtok(list, ","); s != NULL && n < 32; s = strtok(NULL, ","), n++)
		m[n] = find(s, &size[n]);
	/* ./nothing sits beside this program. */
	snprintf(nothing, sizeof nothing, "%s", argv[0]);
	slash = strrchr(nothing, '/');
	snprintf(slash ? slash + 1 : nothing, sizeof nothing - (slash ? slash + 1 - nothing : 0),
		 "nothing");
	if (mb > 0) {
		/* Touch every page: fork copies the page tables of what is
		   mapped and present (4 KiB pages: THP here is madvise-only). */
		char *heap = malloc((size_t)mb << 20);

		if (heap == NULL)
			unix_error("malloc");
		memset(heap, 1, (size_t)mb << 20);
	}
	/* Line-buffered: a forked child must not inherit unwritten output. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Several modes take turns, so a burst of noise hits them alike. */
	for (long r = 0; r < repeats; r++)
		for (int i = 0; i < n; i++) {
			msg_size = size[i];
			if (size[i] == 1)
				printf("%s %.1f\n", m[i]->name, m[i]->time(iters) / iters);
			else
				printf("%s:%zu %.1f\n", m[i]->name, size[i], m[i]->time(iters) / iters);
		}
	return 0;
}
