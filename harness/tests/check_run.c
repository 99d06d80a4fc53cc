/*
 * check_run.c - the run stage for real: small programs from
 * harness/tests/progs (built into $PROGS) run under run_program, and the
 * tests look at what the kernel said about them.
 *
 * Each test calls run_setup() (in its fixture), so the forked test process
 * is the subreaper of its runs and count_descendants() counts what a run
 * left.  We are root here, so the programs run as uid nobody with
 * RLIMIT_NPROC = nobody's threads + 64, each run in its own namespaces
 * (sandbox.c).  Bounds on time are generous: the machine may be loaded.
 */
#define _GNU_SOURCE
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <grp.h>
#include <mqueue.h>
#include <sys/ipc.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define UNIT_MS 10
#define MiB (1024L * 1024)

static char progs[PATH_MAX];
static struct trace T;
static double wall_ms;          /* how long the last run_program took */

static void setup(void)
{
	const char *p = getenv("PROGS");

	ck_assert_msg(p != NULL, "PROGS is not set: run as `make check` does (PROGS=build/progs)");
	ck_assert_msg(realpath(p, progs) != NULL, "PROGS=%s: %s", p, strerror(errno));
	run_setup();
	trace_init(&T, UNIT_MS);
}

static void teardown(void)
{
	trace_free(&T);
}

/* The run at a glance, for assertion messages. */
static const char *summary(void)
{
	static char buf[2048];
	int n = snprintf(buf, sizeof buf, "stopped %d, exit kind %d code %d, %d events, %d left:",
			 T.stopped, T.exit_kind, T.exit_code, T.nev, T.nleft);

	for (int i = 0; i < T.nev && i < 8 && n < (int)sizeof buf - 200; i++)
		n += snprintf(buf + n, sizeof buf - n, "\n  pid %d %s rec %d: %.100s", (int)T.ev[i].pid,
			      T.ev[i].stream == ERR ? "err" : "out", T.ev[i].rec, T.ev[i].text);
	return buf;
}

static int pin = -1;            /* >= 0: the next runs are pinned to this CPU */
static int tsan;                /* the next runs are a ThreadSanitizer lab's */

/* Run $PROGS/name with the arguments that follow (up to NULL). */
static void run_limited(double timeout_ms, double linger_ms, long output_limit,
			const char *name, ...)
{
	static char *envp[] = { "PROCLAB_UNIT_MS=10", "PATH=/usr/bin:/bin", "LC_ALL=C", NULL };
	char *argv[8];
	int argc = 0;
	const char *a;
	va_list ap;
	struct runspec rs = { progs, argv, envp, UNIT_MS, timeout_ms, linger_ms, 5, output_limit, 0, 0, 0 };
	double t0;

	rs.pinned = pin >= 0;
	rs.cpu = pin;
	rs.tsan = tsan;
	argv[argc++] = xasprintf("./%s", name);
	va_start(ap, name);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 7)
		argv[argc++] = xstrdup(a);
	va_end(ap);
	argv[argc] = NULL;
	t0 = now_ms();
	ck_assert_int_eq(run_program(&rs, &T), 0);
	wall_ms = now_ms() - t0;
	for (int i = 0; i < argc; i++)
		free(argv[i]);
}

/* Most programs: 10 s to finish, 1 MiB of output. */
#define run(...) run_limited(10000, 0, MiB, __VA_ARGS__, NULL)

/* The first event whose text starts with prefix. */
static const struct event *find(const char *prefix)
{
	for (int i = 0; i < T.nev; i++)
		if (strncmp(T.ev[i].text, prefix, strlen(prefix)) == 0)
			return &T.ev[i];
	ck_abort_msg("no line starts with \"%s\"; %s", prefix, summary());
	return NULL;
}

/* The number after "key=" in e's text. */
static int number_after(const struct event *e, const char *key)
{
	const char *p = strstr(e->text, key);

	ck_assert_msg(p != NULL, "no \"%s\" in \"%s\"", key, e->text);
	return atoi(p + strlen(key));
}

#define ck_assert_exited(status) do { \
	ck_assert_msg(T.stopped == STOP_NO, "the run was stopped; %s", summary()); \
	ck_assert_msg(T.exit_kind == EXIT_STATUS && T.exit_code == (status), \
		      "expected exit status %d; %s", (status), summary()); \
} while (0)

#define ck_assert_nothing_left() ck_assert_int_eq(count_descendants(), 0)

/* ---- pids and records ---- */

static const char *buffering[] = { "unbuffered", "line" };

START_TEST(test_pids_are_the_writers)
{
	int children = 0;

	run("print-pids", buffering[_i]);
	ck_assert_exited(0);
	ck_assert_msg(T.nev == 4, "4 lines expected; %s", summary());
	ck_assert_int_eq(find("parent ")->pid, T.main_pid);
	for (int i = 0; i < T.nev; i++) {
		const struct event *e = &T.ev[i];

		ck_assert_int_eq(e->pid, number_after(e, "pid="));   /* kernel == getpid() */
		ck_assert_int_eq(e->stream, OUT);
		ck_assert_msg(e->ms >= 0 && e->ms <= wall_ms + 1, "time %.3f ms outside the run (%.3f ms)",
			      e->ms, wall_ms);
		if (strncmp(e->text, "child ", 6) == 0) {
			children++;
			ck_assert_int_ne(e->pid, T.main_pid);
			for (int j = 0; j < i; j++)
				ck_assert_int_ne(e->pid, T.ev[j].pid);
		}
	}
	ck_assert_int_eq(children, 3);
	ck_assert_nothing_left();
}
END_TEST

START_TEST(test_exec_keeps_the_childs_pid)
{
	const struct event *parent, *echo;

	run("exec-echo");
	ck_assert_exited(0);
	parent = find("parent forked child=");
	echo = find("echo says hello");
	ck_assert_int_eq(parent->pid, T.main_pid);
	ck_assert_int_eq(echo->pid, number_after(parent, "child="));
	ck_assert_int_ne(echo->pid, T.main_pid);
	ck_assert_nothing_left();
}
END_TEST

START_TEST(test_big_write_is_one_record)
{
	run("big-write", "100");
	ck_assert_exited(0);
	ck_assert_msg(T.nev == 1024, "1024 lines expected; %s", summary());
	for (int i = 0; i < T.nev; i++) {
		char want[32];

		snprintf(want, sizeof want, "line %05d ", i);
		ck_assert_int_eq(T.ev[i].rec, T.ev[0].rec);
		ck_assert_int_eq(T.ev[i].pid, T.main_pid);
		ck_assert_int_eq(strlen(T.ev[i].text), 99);
		ck_assert_int_eq(strncmp(T.ev[i].text, want, 11), 0);
	}
	ck_assert_int_eq(T.nrec, 1);
}
END_TEST

/*
 * Many small writes, taken a batch at a time (recvmmsg; a user's relay
 * packs them): each is one record, whole, and each stream's in write
 * order.  0 when so, else why on stderr.
 */
static int many_lines_kept(int lines)
{
	int next[2] = { 0, 99 }, rec = -1;

	if (T.nev != lines || T.nrec != lines) {
		fprintf(stderr, "%d lines expected, one record each; %s\n", lines, summary());
		return -1;
	}
	for (int i = 0; i < T.nev; i++) {
		const struct event *e = &T.ev[i];
		int s = e->stream, k = atoi(e->text + 2);

		if (strncmp(e->text, "n ", 2) != 0 || k != next[s] || e->pid != T.main_pid ||
		    e->rec == rec) {
			fprintf(stderr, "line %d: \"%s\" (rec %d, pid %d, %s), expected n %d; %s\n",
				i, e->text, e->rec, (int)e->pid, s == ERR ? "err" : "out",
				next[s], summary());
			return -1;
		}
		next[s] = s == ERR ? k + 100 : k + 1 + (k % 100 == 98);
		rec = e->rec;
	}
	return 0;
}

START_TEST(test_many_records_whole_and_in_order)
{
	run("many-lines", "5000");
	ck_assert_exited(0);
	ck_assert_int_eq(many_lines_kept(5000), 0);
}
END_TEST

START_TEST(test_fork_copied_buffer_shows_twice)
{
	char *d;

	run("dup-buffer");
	ck_assert_exited(0);
	ck_assert_msg(T.nev == 2, "2 lines expected; %s", summary());
	ck_assert_str_eq(T.ev[0].text, "before fork");
	ck_assert_str_eq(T.ev[1].text, "before fork");
	ck_assert_int_ne(T.ev[0].pid, T.ev[1].pid);
	ck_assert(T.ev[0].pid == T.main_pid || T.ev[1].pid == T.main_pid);
	d = trace_diagnose(&T);
	ck_assert_ptr_nonnull(d);
	ck_assert_msg(strstr(d, "\"before fork\" was written by pid"), "diagnosis: %s", d);
	free(d);
}
END_TEST

/* "cpus": 1 - the run and its children on the one CPU picked, others as they were. */
START_TEST(test_pinned_to_one_cpu)
{
	pin = run_pick_cpu(1);
	run("print-cpus");
	pin = -1;
	ck_assert_exited(0);
	ck_assert_int_eq(number_after(find("parent "), "cpus="), 1);
	ck_assert_int_eq(number_after(find("parent "), "first="), run_pick_cpu(1));
	ck_assert_int_eq(number_after(find("child "), "cpus="), 1);
	ck_assert_int_eq(number_after(find("child "), "first="), run_pick_cpu(1));
	trace_free(&T);
	trace_init(&T, UNIT_MS);
	run("print-cpus");
	ck_assert_int_ge(number_after(find("parent "), "cpus="), 1);
	ck_assert_int_eq(number_after(find("parent "), "cpus="), number_after(find("child "), "cpus="));
}
END_TEST

START_TEST(test_stdin_is_dev_null)
{
	run("read-stdin");
	ck_assert_exited(0);
	ck_assert_str_eq(find("read returned")->text, "read returned 0");
}
END_TEST

/* A run whose writers closed both streams must not keep the harness busy. */
START_TEST(test_closed_streams_do_not_spin)
{
	struct rusage r0, r1;
	double cpu;

	getrusage(RUSAGE_SELF, &r0);
	run("close-output", "1000");
	getrusage(RUSAGE_SELF, &r1);
	ck_assert_exited(0);
	cpu = (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) + (r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
	      ((r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) + (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec)) / 1e6;
	ck_assert_msg(cpu < 0.25, "the harness used %.3f s of CPU during a 1 s quiet run", cpu);
}
END_TEST

/* ---- exits ---- */

static const struct { const char *how; int kind, code; } endings[] = {
	{ "0", EXIT_STATUS, 0 },
	{ "3", EXIT_STATUS, 3 },
	{ "segv", EXIT_SIGNAL, SIGSEGV },
	{ "abort", EXIT_SIGNAL, SIGABRT },
};

START_TEST(test_exit_status_and_signal)
{
	run("exit-code", endings[_i].how);
	ck_assert_int_eq(T.stopped, STOP_NO);
	ck_assert_int_eq(T.exit_kind, endings[_i].kind);
	ck_assert_int_eq(T.exit_code, endings[_i].code);
	ck_assert_int_eq(T.nleft, 0);
	ck_assert(T.end_ms > 0 && T.end_ms <= wall_ms + 1);
	ck_assert_nothing_left();
}
END_TEST

START_TEST(test_zombie_is_left_over)
{
	pid_t child;
	int found = 0;

	run("leave-zombie");
	ck_assert_exited(0);
	child = number_after(find("zombie child="), "child=");
	for (int i = 0; i < T.nleft; i++)
		if (T.left[i].pid == child) {
			found = 1;
			ck_assert_int_eq(T.left[i].state, 'Z');
		}
	ck_assert_msg(found, "pid %d is not among the leftovers; %s", (int)child, summary());
	ck_assert_nothing_left();
}
END_TEST

START_TEST(test_orphan_is_left_over)
{
	pid_t child;
	int found = 0;

	run("leave-orphan");
	ck_assert_exited(0);
	child = number_after(find("orphan child="), "child=");
	for (int i = 0; i < T.nleft; i++)
		if (T.left[i].pid == child) {
			found = 1;
			ck_assert_int_ne(T.left[i].state, 'Z');
		}
	ck_assert_msg(found, "pid %d is not among the leftovers; %s", (int)child, summary());
	ck_assert_nothing_left();
}
END_TEST

/* ---- hygiene: IPC objects outlive processes ---- */

/* Is the object ("KIND NAME-OR-ID", as in the trace) still there? */
static int ipc_exists(const char *obj)
{
	char kind[16], name[200], path[256];
	struct stat st;
	int id;

	ck_assert_int_eq(sscanf(obj, "%15s %199s", kind, name), 2);
	id = atoi(name);
	if (strcmp(kind, "posix-shm") == 0) {
		snprintf(path, sizeof path, "/dev/shm/%s", name);
		return stat(path, &st) == 0;
	}
	if (strcmp(kind, "sysv-shm") == 0)
		return shmctl(id, IPC_STAT, &(struct shmid_ds){ 0 }) == 0;
	if (strcmp(kind, "sysv-sem") == 0)
		return semctl(id, 0, IPC_STAT, &(struct semid_ds){ 0 }) == 0;
	if (strcmp(kind, "sysv-msg") == 0)
		return msgctl(id, IPC_STAT, &(struct msqid_ds){ 0 }) == 0;
	ck_abort_msg("unknown kind of IPC object: %s", obj);
	return 0;
}

START_TEST(test_ipc_left_is_recorded_and_removed)
{
	char name[64];

	snprintf(name, sizeof name, "proclab-test-%d", (int)getpid());
	run("leave-ipc", name);
	ck_assert_exited(0);
	ck_assert_msg(T.nev == 4 && T.nipc >= 4, "4 objects expected; %s", summary());
	for (int i = 0; i < T.nev; i++) {
		int recorded = 0;

		for (int j = 0; j < T.nipc; j++)
			recorded |= strcmp(T.ipc[j], T.ev[i].text) == 0;
		ck_assert_msg(recorded, "\"%s\" is not among the run's IPC leftovers", T.ev[i].text);
		ck_assert_msg(!ipc_exists(T.ev[i].text), "\"%s\" is still there", T.ev[i].text);
	}
}
END_TEST

START_TEST(test_clean_run_leaves_no_ipc)
{
	run("print-pids", "line");
	ck_assert_exited(0);
	ck_assert_int_eq(T.nipc, 0);
}
END_TEST

/* ---- limits ---- */

START_TEST(test_timeout_stops_a_sleeper)
{
	run_limited(500, 0, MiB, "sleep-forever", NULL);
	ck_assert_int_eq(T.stopped, STOP_TIMEOUT);
	ck_assert_int_eq(T.exit_kind, EXIT_NONE);
	/* the run's own clock: waiting for its turn (run.c) is not the run */
	ck_assert_msg(T.end_ms >= 500 && T.end_ms < 5000, "a 500 ms limit took %.0f ms", T.end_ms);
	ck_assert(wall_ms >= 500);
	ck_assert_nothing_left();
}
END_TEST

START_TEST(test_timeout_kills_daemons)
{
	int daemons = 0;

	run_limited(2000, 0, MiB, "setsid-ignore-term", NULL);
	ck_assert_int_eq(T.stopped, STOP_TIMEOUT);
	for (int i = 0; i < T.nev; i++)
		if (strncmp(T.ev[i].text, "daemon pid=", 11) == 0) {
			daemons++;
			ck_assert_int_eq(T.ev[i].pid, number_after(&T.ev[i], "pid="));
		}
	ck_assert_msg(daemons == 3, "3 daemons expected; %s", summary());
	ck_assert_int_eq(find("parent sleeping")->pid, T.main_pid);
	ck_assert_nothing_left();
}
END_TEST

START_TEST(test_flood_is_capped)
{
	const long limit = 64 * 1024;
	long bytes = 0;

	run_limited(10000, 0, limit, "flood", NULL);
	ck_assert_msg(T.stopped == STOP_FLOOD, "a flood expected; %s", summary());
	for (int i = 0; i < T.nev; i++)
		bytes += strlen(T.ev[i].text) + 1;
	ck_assert_int_ge(bytes, limit);
	ck_assert_int_le(bytes, limit + 300 * 1024);
	ck_assert_nothing_left();
}
END_TEST

START_TEST(test_fork_bomb_is_contained)
{
	run_limited(500, 0, MiB, "fork-bomb", NULL);
	ck_assert_int_eq(T.stopped, STOP_TIMEOUT);
	ck_assert_msg(T.end_ms < 10000, "the bomb took %.0f ms to stop", T.end_ms);
	ck_assert_nothing_left();
}
END_TEST

/* The pid of a child of parent whose command name is comm, or 0. */
static pid_t child_named(pid_t parent, const char *comm)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	pid_t found = 0;

	ck_assert_ptr_nonnull(d);
	while (!found && (de = readdir(d)) != NULL) {
		char path[64], buf[512], name[64];
		int pid = atoi(de->d_name), ppid = 0;
		FILE *f;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(buf, sizeof buf, f) && sscanf(buf, "%*d (%63[^)]) %*c %d", name, &ppid) == 2 &&
		    ppid == parent && strcmp(name, comm) == 0)
			found = pid;
		fclose(f);
	}
	closedir(d);
	return found;
}

/*
 * If the grader dies (killed, crashed, a Check timeout), its run dies
 * with it: PR_SET_PDEATHSIG must be set after setuid(nobody), which
 * clears it (prctl(2)).  We are a subreaper too, so the run's main
 * process becomes our child when its harness dies, and we can wait for it.
 */
START_TEST(test_run_dies_with_the_harness)
{
	pid_t harness = fork(), prog = 0;
	double t0 = now_ms();

	ck_assert_int_ge(harness, 0);
	if (harness == 0) {             /* a grader that will be killed mid-run */
		run_limited(30000, 0, MiB, "sleep-forever", NULL);
		_exit(0);
	}
	while ((prog = child_named(harness, "sleep-forever")) == 0 && now_ms() - t0 < 10000)
		usleep(10000);
	ck_assert_msg(prog > 0, "the run never started");
	kill(harness, SIGKILL);
	ck_assert_int_eq(waitpid(harness, NULL, 0), harness);
	for (t0 = now_ms(); now_ms() - t0 < 5000; usleep(10000))
		if (waitpid(prog, NULL, WNOHANG) == prog)
			return;
	kill(prog, SIGKILL);
	waitpid(prog, NULL, 0);
	ck_abort_msg("pid %d (sleep-forever) outlived its harness by 5 s", (int)prog);
}
END_TEST

/* ---- regressions ---- */

/*
 * One write(2) as large as the writer's buffer arrives whole, in one
 * record; a larger one fails in the writer (EMSGSIZE), never arrives cut.
 * (Was: a 400 KiB write succeeded and was silently cut to 260 KiB.)
 */
START_TEST(test_largest_write_whole_or_refused)
{
	run("big-write", "200");
	ck_assert_exited(0);
	ck_assert_msg(T.nev == 2048, "all 2048 lines must be there; %s", summary());
	for (int i = 0; i < T.nev; i++)
		ck_assert_int_eq(T.ev[i].rec, T.ev[0].rec);
	trace_free(&T);
	run("big-write", "400");
	ck_assert_exited(1);            /* write(2) refused the whole record */
	for (int i = 0; i < T.nev; i++)
		ck_assert_int_eq(T.ev[i].stream, ERR);
}
END_TEST

/*
 * Was: the deadline was checked while lingering after the main process
 * exited.  With a leftover that writes, a run whose main process exited
 * at once is marked STOP_TIMEOUT (and every check fails); with a silent
 * one the same run ends at linger_end, past the wall-clock limit, as
 * STOP_NO.  The verdict depends on whether a leftover printed.
 */
START_TEST(test_linger_does_not_turn_into_timeout)
{
	run_limited(300, 2000, MiB, "leave-talker", NULL);
	ck_assert_msg(T.stopped == STOP_NO, "the main process exited at once; %s", summary());
	ck_assert_int_eq(T.exit_kind, EXIT_STATUS);
	ck_assert_nothing_left();
}
END_TEST

/*
 * Was (isolation), fixed by runs taking turns (run.c): RLIMIT_NPROC counts every process of uid nobody, so
 * runs at the same time share it.  A run that starts first gets
 * "nobody's processes + 64"; a fork bomb started next fills exactly that,
 * and the first, well-behaved run's fork() fails with EAGAIN.  Grading
 * two submissions at once (or grading while `make check` runs) can fail
 * a correct one.  A pids cgroup per run, or one uid per concurrent run,
 * keeps runs apart.
 */
START_TEST(test_runs_do_not_share_nproc)
{
	pid_t bomber = fork();

	ck_assert_int_ge(bomber, 0);
	if (bomber == 0) {              /* another grader, running a fork bomb */
		usleep(100000);
		run_limited(1500, 0, MiB, "fork-bomb", NULL);
		_exit(0);
	}
	run("fork-later", "700");
	/* our run's kill_all took the other grader with it: all are below us */
	while (waitpid(-1, NULL, 0) > 0)
		;
	ck_assert_exited(0);
	ck_assert_str_eq(find("fork")->text, "fork ok");
}
END_TEST

/* ---- builds: a confined helper that blocks is stopped, a slow one is not ---- */

#define BUILD_TIMEOUT_MS 40000  /* the build's own limit, never reached here */
#define BUILD_IDLE_MS 2000      /* without progress this long, a build is blocked */
#define STARVED_IDLE_MS 500     /* less than a starved build's time between ticks */

/* A build that reads what never ends nor comes: the pty master of a new pty. */
static int read_ptmx(void *arg)
{
	char c;
	int fd = open("/dev/ptmx", O_RDONLY | O_NOCTTY);

	(void)arg;
	return fd < 0 ? 3 : read(fd, &c, 1) < 0 ? 4 : 5;
}

/* A FIFO it made in its own folder, opened for reading: no writer comes. */
static int open_fifo(void *arg)
{
	(void)arg;
	if (mkfifo("pipe", 0600) < 0)
		return 3;
	return open("pipe", O_RDONLY) < 0 ? 4 : 5;
}

/* Our session's scheduling group's nice: 0, or -1 without autogroup. */
static int autogroup_nice(const char *nice)
{
	int fd = open("/proc/self/autogroup", O_WRONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : write(fd, nice, strlen(nice));

	if (fd >= 0)
		close(fd);
	return n == (ssize_t)strlen(nice) ? 0 : -1;
}

/*
 * A starved compiler: on one CPU beside a hog (hog_set_up) at nice -20,
 * which weighs 88761 to its 1024 (its session's, with autogroup: a
 * session is a scheduling group, and groups share the CPU, not tasks), it
 * gets about 1% of the CPU, so its cpu time moves by a clock tick (10 ms)
 * about once a second, more than STARVED_IDLE_MS; it is runnable all
 * along.  It ends after 20 ms of cpu: 0, or 3 when it could not set up.
 */
static int starved_compiler(void *arg)
{
	const int *cpu = arg;
	cpu_set_t set;
	struct timespec used;

	CPU_ZERO(&set);
	CPU_SET(*cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) < 0)
		return 3;
	do
		if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used) < 0)
			return 3;
	while (used.tv_sec == 0 && used.tv_nsec < 20 * 1000000L);
	return 0;
}

/*
 * A process of the machine's, not below us: made with our subreaper flag
 * off, so that it goes to init, and kill_all (which kills all below us)
 * does not see it, nor does a build count its cpu time.  It calls
 * set_up(arg), then spins (spin) or waits; its pid, once set up.
 */
static pid_t outsider(int (*set_up)(long), long arg, int spin)
{
	pid_t mid, pid = 0;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 0), 0);
	mid = fork();
	ck_assert_int_ge(mid, 0);
	if (mid == 0) {
		pid = fork();
		if (pid == 0) {
			pid = getpid();
			if (set_up(arg) < 0 || write(p[1], &pid, sizeof pid) != sizeof pid)
				_exit(1);
			while (spin)
				;
			pause();
			_exit(0);
		}
		_exit(pid < 0);
	}
	ck_assert_int_eq(waitpid(mid, NULL, 0), mid);
	close(p[1]);    /* one that failed is an end of file, not a wait */
	ck_assert_int_eq(read(p[0], &pid, sizeof pid), sizeof pid);
	close(p[0]);
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	return pid;
}

/*
 * A hog's set-up: on cpu at nice -20, and so is its session, its own,
 * when autogroup is on - the other graders of a busy machine.
 */
static int hog_set_up(long cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) < 0 || setsid() < 0 ||
	    setpriority(PRIO_PROCESS, 0, -20) < 0)
		return -1;
	autogroup_nice("-20");
	alarm(120);     /* a test that timed out before it killed us */
	return 0;
}


/* run_confined(fn) in a fresh build folder: its result; *ms, how long it took. */
static int build_with(int (*fn)(void *), void *arg, double idle_ms, double *ms)
{
	char dir[] = "/tmp/proclab-test-XXXXXX", *cmd;
	int log, status;
	double t0 = now_ms();

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	log = open("/dev/null", O_WRONLY | O_CLOEXEC);
	ck_assert_int_ge(log, 0);
	status = run_confined(dir, log, BUILD_TIMEOUT_MS, idle_ms, fn, arg);
	*ms = now_ms() - t0;
	close(log);
	cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	return status;
}

static int (*const blockers[])(void *) = { read_ptmx, open_fifo };

/*
 * A build blocked on what it reads (an #include of /dev/ptmx, of a FIFO)
 * is stopped once it made no progress for the idle time, not at its
 * (load-stretched) limit, and nothing of it is left.
 */
START_TEST(test_blocked_build_is_stopped)
{
	double ms;
	int status = build_with(blockers[_i], NULL, BUILD_IDLE_MS, &ms);

	ck_assert_msg(status == RUN_IDLE, "blocker %d: status %d, not RUN_IDLE (%d), after %.0f ms",
		      _i, status, RUN_IDLE, ms);
	ck_assert_msg(ms >= BUILD_IDLE_MS && ms < BUILD_TIMEOUT_MS / 2,
		      "blocker %d: stopped after %.0f ms (idle limit %d ms)", _i, ms, BUILD_IDLE_MS);
	ck_assert_int_eq(count_descendants(), 0);
}
END_TEST

/*
 * A build that works, however little cpu it gets, is never stopped for
 * want of progress: this one's cpu time moves by a tick about once a
 * second, twice the idle time, but it is runnable all along.
 */
START_TEST(test_starved_build_is_not_stopped)
{
	int cpu = run_pick_cpu(0);
	pid_t hog = outsider(hog_set_up, cpu, 1);
	double ms;
	int status = build_with(starved_compiler, &cpu, STARVED_IDLE_MS, &ms);

	ck_assert_int_eq(kill(hog, SIGKILL), 0);
	ck_assert_msg(status == 0, "a starved build: status %d after %.0f ms (%d: stopped idle)",
		      status, ms, RUN_IDLE);
	ck_assert_msg(ms > 2 * STARVED_IDLE_MS, "the build was not starved: %.0f ms", ms);
}
END_TEST

/* ---- the sandbox: namespaces of the run's own ---- */

/*
 * A POSIX message queue left by a run is seen (in the run's own IPC
 * namespace, where /dev/mqueue is not even mounted) and does not outlive
 * the run: there is no such queue outside.
 */
START_TEST(test_mqueue_left_is_seen)
{
	char name[64], path[80];
	int seen = 0;

	snprintf(name, sizeof name, "proclab-test-%d", (int)getpid());
	snprintf(path, sizeof path, "/%s", name);
	run("leave-mqueue", name);
	ck_assert_exited(0);
	for (int i = 0; i < T.nipc; i++)
		seen |= strncmp(T.ipc[i], "posix-mq ", 9) == 0;
	if (mq_unlink(path) == 0)               /* leave nothing behind ourselves */
		ck_abort_msg("the queue %s outlived the run; %d IPC leftovers recorded", path, T.nipc);
	ck_assert_msg(seen, "the queue was removed but not recorded");
}
END_TEST

/*
 * Another run at the same time (a second grader, `make check` beside
 * `make grade`) keeps its shared memory, and this run is not blamed for
 * it.  Here "another run" is a process of uid nobody that makes a POSIX
 * shm object while our run sleeps.
 */
START_TEST(test_sweep_keeps_other_runs_objects)
{
	char name[64], path[80];
	pid_t other;

	snprintf(name, sizeof name, "proclab-test-other-%d", (int)getpid());
	snprintf(path, sizeof path, "/%s", name);
	other = fork();
	ck_assert_int_ge(other, 0);
	if (other == 0) {
		int fd;

		usleep(200000);
		if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
			_exit(1);
		fd = shm_open(path, O_CREAT | O_RDWR, 0600);
		_exit(fd < 0);
	}
	run("close-output", "800");
	waitpid(other, NULL, 0);
	ck_assert_exited(0);
	if (shm_unlink(path) == 0 && T.nipc == 0)
		return;                         /* kept and not blamed: right */
	ck_assert_msg(T.nipc == 0, "blamed for another run's object: %s", T.ipc[0]);
	ck_abort_msg("another run's %s was removed", path);
}
END_TEST

/* The text after "key: " in the run's line that starts so. */
static const char *fact(const char *key)
{
	return find(key)->text + strlen(key) + 2;
}

/* A file everyone may read. */
static void touch(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY, 0644);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	close(fd);
}

/* A folder with a file everyone may read: dir/secret.  Removed by unmake_secret. */
static void make_secret(char *dir, size_t size, char *file, size_t fsize)
{
	snprintf(dir, size, "/opt/proclab-test-secret-%d", (int)getpid());
	snprintf(file, fsize, "%s/secret", dir);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	touch(file);
}

static void unmake_secret(const char *dir, const char *file)
{
	unlink(file);
	rmdir(dir);
}

/*
 * What the run sees: not a folder the grader hides, no shared memory or
 * /tmp file of the machine's, no network but its own loopback; its own
 * folder it does see.
 */
START_TEST(test_sandbox_hides_and_isolates)
{
	char dir[64], file[80], shm[64], tmp[64];

	make_secret(dir, sizeof dir, file, sizeof file);
	sandbox_hide(dir);
	snprintf(shm, sizeof shm, "/dev/shm/proclab-test-visible-%d", (int)getpid());
	snprintf(tmp, sizeof tmp, "/tmp/proclab-test-visible-%d", (int)getpid());
	touch(shm);
	touch(tmp);
	run("probe-sandbox", file, tmp);
	unlink(shm);
	unlink(tmp);
	unmake_secret(dir, file);
	ck_assert_exited(0);
	ck_assert_str_eq(fact("secret"), "hidden");
	ck_assert_str_eq(fact("shm"), "0");
	ck_assert_str_eq(fact("tmp"), "hidden");
	ck_assert_str_eq(fact("tmp-write"), "ok");
	ck_assert_str_eq(fact("if"), "lo up");
	ck_assert_msg(T.nev == 6, "one interface expected; %s", summary());
	ck_assert_str_eq(fact("self"), "ok");
	ck_assert_int_eq(T.nipc, 0);
}
END_TEST

/*
 * The grader's build folders are in /tmp when it is root: the run's /tmp
 * must still be its own writable one, with the build folder in it.
 */
START_TEST(test_sandbox_build_folder_in_tmp)
{
	char dir[] = "/tmp/proclab-test-XXXXXX", *cmd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	cmd = xasprintf("cp '%s/probe-sandbox' '%s/'", progs, dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	snprintf(progs, sizeof progs, "%s", dir);
	run("probe-sandbox");
	cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	ck_assert_exited(0);
	ck_assert_str_eq(fact("tmp-write"), "ok");
	ck_assert_str_eq(fact("self"), "ok");
}
END_TEST

/* The probe can tell: a file of the system's own folders is readable. */
START_TEST(test_sandbox_probe_sees_what_is_not_hidden)
{
	run("probe-sandbox", "/etc/hostname", "/etc/hostname");
	ck_assert_exited(0);
	ck_assert_str_eq(fact("secret"), "readable");
	ck_assert_str_eq(fact("tmp"), "readable");
}
END_TEST

/*
 * A top-level folder the grader never named (/opt here; /home, /var, a
 * mounted disk) is hidden too: a run sees the system, not its users.
 */
START_TEST(test_sandbox_hides_what_is_not_the_system)
{
	char dir[64], file[80];

	make_secret(dir, sizeof dir, file, sizeof file);
	run("probe-sandbox", file);
	unmake_secret(dir, file);
	ck_assert_exited(0);
	ck_assert_str_eq(fact("secret"), "hidden");
}
END_TEST

/* ---- apart: a run reaches no process, file or key outside itself ---- */

/* Become uid: a neighbour's set-up (as root; a user stays who it is). */
static int become(long uid)
{
	if (getuid() == (uid_t)uid)
		return 0;
	return setgroups(0, NULL) < 0 || setgid(uid) < 0 || setuid(uid) < 0 ? -1 : 0;
}

/* A process of the machine's that is not the run's, nor below us: uid, waiting. */
static pid_t neighbour_of(uid_t uid)
{
	return outsider(become, uid, 0);
}

/*
 * Tried by a hostile run: signal another process, open its /proc/PID/root
 * (the machine's file system, no covers), write into a world-writable
 * folder of the machine's, make a user namespace, a huge System V segment,
 * and leave a key for the next run, which must not find it.
 */
START_TEST(test_run_is_apart_from_the_host)
{
	char ww[64], left[96], pid[16];
	pid_t other = geteuid() == 0 ? neighbour_of(65534) : getppid();

	snprintf(ww, sizeof ww, "/etc/proclab-test-ww-%d", (int)getpid());
	snprintf(left, sizeof left, "%s/left-by-a-run", ww);
	snprintf(pid, sizeof pid, "%d", (int)other);
	ck_assert_int_eq(mkdir(ww, 0755), 0);
	ck_assert_int_eq(chmod(ww, 01777), 0);
	run("probe-host", pid, ww);
	for (int again = 0; again < 2; again++) {
		ck_assert_exited(0);
		if (geteuid() == 0) {
			ck_assert_str_eq(fact("kill"), "denied");
			ck_assert_str_eq(fact("root"), "denied");
		}
		ck_assert_str_eq(fact("write"), "denied");
		ck_assert_str_eq(fact("key"), "none");
		ck_assert_str_eq(fact("key-add"), "ok");
		ck_assert_str_eq(fact("userns"), "refused");
		ck_assert_str_eq(fact("sysv-shm"), "refused");
		trace_free(&T);
		trace_init(&T, UNIT_MS);
		if (again == 0)
			run("probe-host", pid, ww);     /* the next run: no key */
	}
	ck_assert_int_ne(unlink(left), 0);
	rmdir(ww);
	if (geteuid() == 0) {
		ck_assert_msg(kill(other, 0) == 0, "the run killed a process outside it");
		kill(other, SIGKILL);
	}
}
END_TEST

/*
 * Four processes of 400 MiB each are each below the per-process limit
 * (RLIMIT_AS, 1 GiB), not together: the run's memory cgroup stops them
 * (where the grader may make one: as root).
 */
START_TEST(test_run_memory_is_capped)
{
	int held = 0;

	if (geteuid() != 0)
		return;
	run("memory-hog", "4", "400");
	for (int i = 0; i < T.nev; i++)
		held += strcmp(T.ev[i].text, "held") == 0;
	ck_assert_msg(held < 4, "four processes held 1.6 GB together; %s", summary());
	ck_assert_nothing_left();
}
END_TEST

/*
 * A ThreadSanitizer build runs (lab.json's "thread_sanitizer"): without
 * RLIMIT_AS, which its shadow memory exceeds, and without address
 * randomisation, which gcc 12's runtime does not survive on kernels with
 * high vm.mmap_rnd_bits.  Its report of a race is on stderr and the exit
 * status is 66; the grader names the report as the cause.  The sandbox
 * and the memory cgroup stay (test_run_memory_is_capped).
 */
START_TEST(test_tsan_race_is_reported)
{
	char *why;

	tsan = 1;
	run("tsan-race");
	tsan = 0;
	find("aslr off");
	find("WARNING: ThreadSanitizer: data race");
	ck_assert_exited(66);
	why = trace_diagnose(&T);
	ck_assert_msg(why && strstr(why, "cause: pid ") && strstr(why, "thread bug"),
		      "the report is not named as the cause: %s", why ? why : "(none)");
	free(why);
	ck_assert_nothing_left();
}
END_TEST

START_TEST(test_tsan_clean_run_exits_zero)
{
	tsan = 1;
	run("tsan-race", "locked");
	tsan = 0;
	find("counter 2000");
	ck_assert_exited(0);
	ck_assert_nothing_left();
}
END_TEST

/* Without the lift a ThreadSanitizer program cannot even start in 1 GiB. */
START_TEST(test_tsan_needs_the_lift)
{
	run("tsan-race", "locked");
	ck_assert_msg(T.exit_kind != EXIT_STATUS || T.exit_code != 0,
		      "a TSan program ran in a 1 GiB address space: is RLIMIT_AS still set? %s",
		      summary());
}
END_TEST

/*
 * A grader that is not root sandboxes its runs with a user namespace:
 * here a child of the test becomes uid 4242, grades leave-ipc and the
 * probe, and exits with the number of the first thing that went wrong.
 */
/*
 * A machine that allows no namespaces (unshare fails with EPERM, as a
 * seccomp filter makes it here, in a child of the test): the run goes on
 * unsandboxed, is counted so, and its IPC objects are still found, by uid.
 */
static int graded_without_namespaces(void)
{
	struct sock_filter no_unshare[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 4, no_unshare };
	char name[64];

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		return 2;
	run_setup();
	snprintf(name, sizeof name, "proclab-test-nons-%d", (int)getpid());
	run("leave-ipc", name);
	if (T.exit_kind != EXIT_STATUS || T.exit_code != 0)
		return 3;
	if (run_unsandboxed() != 1)
		return 4;
	return T.nipc == 4 ? 0 : 5;
}

/*
 * Run fn in a child of the test (it changes what the test process may not
 * undo: uid, seccomp); its wait status.  fn returns 0, or the number of
 * what went wrong.
 */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(fn());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

START_TEST(test_without_namespaces_falls_back)
{
	int status = in_child(graded_without_namespaces);

	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "without namespaces: status %#x (2 seccomp, 3 leave-ipc failed, "
		      "4 not counted as unsandboxed, 5 its objects not all found)", status);
}
END_TEST

static int graded_as_user(void)
{
	pid_t other;
	long bytes = 0;

	if (setgroups(0, NULL) < 0 || setgid(4242) < 0 || setuid(4242) < 0)
		return 2;
	run_setup();
	trace_free(&T);
	trace_init(&T, UNIT_MS);
	run("leave-ipc", "proclab-test-user");
	if (T.exit_kind != EXIT_STATUS || T.exit_code != 0) {
		fprintf(stderr, "leave-ipc as uid 4242: %s\n", summary());
		return 3;
	}
	if (T.nipc != 4)
		return 4;               /* all four seen inside */
	trace_free(&T);
	trace_init(&T, UNIT_MS);
	run("probe-sandbox", "/etc/hostname", "/tmp/proclab-test-visible-user");
	if (T.nev != 6 || strcmp(T.ev[0].text, "secret: readable") != 0 ||
	    strcmp(T.ev[2].text, "tmp: hidden") != 0 || strcmp(T.ev[4].text, "if: lo up") != 0) {
		fprintf(stderr, "the probe as uid 4242: %s\n", summary());
		return 5;
	}
	/* Its PID namespace: the pids it prints are the trace's */
	trace_free(&T);
	trace_init(&T, UNIT_MS);
	run("print-pids", "line");
	if (T.nev != 4 || T.main_pid != T.ev[0].pid)
		return 7;
	for (int i = 0; i < T.nev; i++)
		if (T.ev[i].pid != number_after(&T.ev[i], "pid="))
			return 7;
	/* the relay packs records: each still whole, alone, in order; the cap holds */
	trace_free(&T);
	trace_init(&T, UNIT_MS);
	run("many-lines", "5000");
	if (T.exit_kind != EXIT_STATUS || T.exit_code != 0 || many_lines_kept(5000) != 0)
		return 9;
	trace_free(&T);
	trace_init(&T, UNIT_MS);
	run_limited(10000, 0, 64 * 1024, "flood", NULL);
	for (int i = 0; i < T.nev; i++)
		bytes += strlen(T.ev[i].text) + 1;
	if (T.stopped != STOP_FLOOD || bytes < 64 * 1024 || bytes > 64 * 1024 + 300 * 1024) {
		fprintf(stderr, "flood as uid 4242: %ld bytes kept; %s\n", bytes, summary());
		return 10;
	}
	/* ... and the grader, and the user's other processes, out of its reach */
	other = neighbour_of(4242);
	run("kill-everyone");
	if (kill(other, 0) < 0)
		return 8;
	kill(other, SIGKILL);
	for (int again = 0; again < 2; again++) {    /* the second run finds no key */
		trace_free(&T);
		trace_init(&T, UNIT_MS);
		run("probe-host", "1", "/tmp");
		if (T.nev != 7 || strcmp(T.ev[3].text, "key: none") != 0 ||
		    strcmp(T.ev[5].text, "userns: refused") != 0 ||
		    strcmp(T.ev[6].text, "sysv-shm: refused") != 0) {
			fprintf(stderr, "probe-host as uid 4242: %s\n", summary());
			return 6;
		}
	}
	return 0;
}

START_TEST(test_sandbox_as_a_user)
{
	int status;

	touch("/tmp/proclab-test-visible-user");
	status = in_child(graded_as_user);
	unlink("/tmp/proclab-test-visible-user");
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "graded as uid 4242: status %#x (2 setuid, 3 leave-ipc failed, "
		      "4 its objects not all seen, 5 the probe saw too much, "
		      "6 probe-host: a key kept, a user namespace or a huge segment made, "
		      "7 printed pids are not the trace's, 8 the run killed a process outside, "
		      "9 many lines not kept whole and in order, 10 a flood not capped)", status);
}
END_TEST

static TCase *tcase(const char *name, int timeout)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, timeout);
	return tc;
}

Suite *make_run_suite(void)
{
	Suite *s = suite_create("run");
	TCase *tc;

	tc = tcase("records", 30);
	tcase_add_loop_test(tc, test_pids_are_the_writers, 0, 2);
	tcase_add_test(tc, test_exec_keeps_the_childs_pid);
	tcase_add_test(tc, test_big_write_is_one_record);
	tcase_add_test(tc, test_many_records_whole_and_in_order);
	tcase_add_test(tc, test_fork_copied_buffer_shows_twice);
	tcase_add_test(tc, test_stdin_is_dev_null);
	tcase_add_test(tc, test_pinned_to_one_cpu);
	tcase_add_test(tc, test_closed_streams_do_not_spin);
	suite_add_tcase(s, tc);

	tc = tcase("exits", 30);
	tcase_add_loop_test(tc, test_exit_status_and_signal, 0, sizeof endings / sizeof endings[0]);
	suite_add_tcase(s, tc);

	tc = tcase("leftovers", 30);
	tcase_add_test(tc, test_zombie_is_left_over);
	tcase_add_test(tc, test_orphan_is_left_over);
	tcase_add_test(tc, test_ipc_left_is_recorded_and_removed);
	tcase_add_test(tc, test_clean_run_leaves_no_ipc);
	suite_add_tcase(s, tc);

	tc = tcase("limits", 60);
	tcase_add_test(tc, test_timeout_stops_a_sleeper);
	tcase_add_test(tc, test_timeout_kills_daemons);
	tcase_add_test(tc, test_flood_is_capped);
	tcase_add_test(tc, test_fork_bomb_is_contained);
	tcase_add_test(tc, test_run_dies_with_the_harness);
	suite_add_tcase(s, tc);

	tc = tcase("regressions", 60);
	tcase_add_test(tc, test_linger_does_not_turn_into_timeout);
	tcase_add_test(tc, test_largest_write_whole_or_refused);
	tcase_add_test(tc, test_runs_do_not_share_nproc);
	suite_add_tcase(s, tc);

	tc = tcase("thread-sanitizer", 60);
	tcase_add_test(tc, test_tsan_race_is_reported);
	tcase_add_test(tc, test_tsan_clean_run_exits_zero);
	tcase_add_test(tc, test_tsan_needs_the_lift);
	suite_add_tcase(s, tc);

	tc = tcase("builds", 60);
	tcase_add_loop_test(tc, test_blocked_build_is_stopped, 0,
			    sizeof blockers / sizeof blockers[0]);
	tcase_add_test(tc, test_starved_build_is_not_stopped);
	suite_add_tcase(s, tc);

	tc = tcase("sandbox", 30);
	tcase_add_test(tc, test_mqueue_left_is_seen);
	tcase_add_test(tc, test_sweep_keeps_other_runs_objects);
	tcase_add_test(tc, test_sandbox_hides_and_isolates);
	tcase_add_test(tc, test_sandbox_build_folder_in_tmp);
	tcase_add_test(tc, test_sandbox_probe_sees_what_is_not_hidden);
	tcase_add_test(tc, test_sandbox_hides_what_is_not_the_system);
	tcase_add_test(tc, test_run_is_apart_from_the_host);
	tcase_add_test(tc, test_run_memory_is_capped);
	tcase_add_test(tc, test_sandbox_as_a_user);
	tcase_add_test(tc, test_without_namespaces_falls_back);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(make_run_suite());
	int failures;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_ENV);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
