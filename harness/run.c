/*
 * run.c - run one scenario program under limits and record its trace.
 *
 * The program's stdout and stderr are AF_UNIX SOCK_SEQPACKET sockets.
 * With SO_PASSCRED and SO_TIMESTAMPNS on our end, every write(2) by any
 * process of the run arrives as one record with the writer's pid and the
 * time of the write, both from the kernel: nothing the program prints can
 * forge who wrote a line or when.
 *
 * The harness is the child subreaper, so every process the run orphans is
 * re-parented to us, not to init: we see what was left behind when the
 * main process exited, and at the end we kill and reap all of it.
 *
 * Each run is sandboxed (sandbox.c): it has its own /tmp, /dev/shm, IPC
 * and network, and cannot see the kit or other submissions.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SLOT_BASE 2000000000u   /* run uids when grading as root: SLOT_BASE + slot */
#define SLOTS 16
#define RUN_MEMORY (1024L << 20)  /* all of a run's (or a build's) processes together */
#define RUN_AS (1024UL << 20)           /* address space of one process (RLIMIT_AS) */
#define SHM_FILE_MAX (256L << 20)       /* a sandboxed run's largest file: its /dev/shm's size */
#define BUILD_CPU 20                    /* cpu seconds per compiler process */
#define BUILD_FSIZE (64L << 20)         /* the largest file a build may write */
#define PROGRESS_POLL_MS 250            /* how often a build's progress is looked at */

/* A run's uid, and the lock that keeps it the run's alone. */
struct slot {
	uid_t uid;
	int lock;
	int as_root;    /* the grader is root: the run drops to uid */
};
#define SNDBUF (128 * 1024)          /* asked for; the kernel doubles it */

static int sigchld_fd = -1;
static volatile sig_atomic_t interrupted;   /* Ctrl-C or kill: stop the run */

static void on_interrupt(int sig)
{
	interrupted = sig;
}

int run_interrupted(void)
{
	return interrupted;
}

void run_setup(void)
{
	struct sigaction sa = { .sa_handler = on_interrupt };
	sigset_t set;

	/* No SA_RESTART: poll() returns at once so the run is torn down. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		die("prctl(PR_SET_CHILD_SUBREAPER): %s", strerror(errno));
	/*
	 * Graded as an ordinary user, the runs share our uid: not dumpable,
	 * we are no longer theirs to ptrace, nor is our /proc/PID/root (the
	 * file system without the sandbox's covers) theirs to open.
	 */
	if (geteuid() != 0 && prctl(PR_SET_DUMPABLE, 0) < 0)
		die("prctl(PR_SET_DUMPABLE): %s", strerror(errno));
	/* SIGCHLD is read from a descriptor, so poll() sees it with the output. */
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		die("sigprocmask: %s", strerror(errno));
	sigchld_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sigchld_fd < 0)
		die("signalfd: %s", strerror(errno));
}

/* ---- the process table, from /proc ---- */

/* Read /proc/PID/stat; the command name may hold spaces and ')'. */
static int read_stat(pid_t pid, struct proc *p)
{
	char path[64], buf[1024], *s;
	int fd, n, ppid, threads;
	unsigned long long utime, stime;
	long long cutime, cstime;
	struct stat st;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	if (n > 0 && fstat(fd, &st) == 0)
		p->uid = st.st_uid;
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((s = strrchr(buf, ')')) == NULL)
		return -1;
	/* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt
	   majflt cmajflt utime stime cutime cstime priority nice num_threads */
	if (sscanf(s + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu "
		   "%lld %lld %*d %*d %d", &p->state, &ppid, &utime, &stime, &cutime,
		   &cstime, &threads) != 7)
		return -1;
	p->pid = pid;
	p->ppid = ppid;
	p->threads = threads;
	/* its children's too, once it reaped them: a compiler's cc1 is gone
	   when the driver has waited for it, its cpu time is not */
	p->cpu = utime + stime + cutime + cstime;
	return 0;
}

/* Every process now on the machine (that /proc lets us see). */
static int read_procs(struct proc **out)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	struct proc *v = NULL;
	int n = 0, cap = 0;

	if (d == NULL)
		die("opendir /proc: %s", strerror(errno));
	while ((de = readdir(d)) != NULL) {
		pid_t pid = atoi(de->d_name);

		if (pid <= 0)
			continue;
		if (n == cap)
			v = xrealloc(v, (cap = cap ? 2 * cap : 256) * sizeof *v);
		if (read_stat(pid, &v[n]) == 0)
			n++;
	}
	closedir(d);
	*out = v;
	return n;
}

static int is_descendant(const struct proc *v, int n, pid_t pid, pid_t root)
{
	for (int depth = 0; depth < 64 && pid > 1; depth++) {
		int i;

		for (i = 0; i < n && v[i].pid != pid; i++)
			;
		if (i == n)
			return 0;
		if (v[i].ppid == root)
			return 1;
		pid = v[i].ppid;
	}
	return 0;
}

/* The processes below the harness, as this machine names them; the caller frees. */
static int host_descendants(struct proc **out)
{
	struct proc *v;
	int n = read_procs(&v), k = 0;
	pid_t self = getpid();

	for (int i = 0; i < n; i++)
		if (is_descendant(v, n, v[i].pid, self))
			v[k++] = v[i];
	*out = v;
	return k;
}

/*
 * A run in a PID namespace (relay.c) starts with a process outside it; the
 * relay is its pid 1.  Neither is the run's, and the run's processes are
 * named as the run names them: the namespace's pids, which the trace has.
 */
static pid_t outside;           /* that first process, while such a run lasts */

/* pid's number in its own (innermost) PID namespace; 0 when it is gone. */
static pid_t ns_pid(pid_t pid)
{
	char path[64], *text, *line;
	pid_t inner = 0;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((text = read_file(path, 1 << 16, NULL)) == NULL)
		return 0;
	if ((line = strstr(text, "\nNSpid:")) != NULL) {
		char *end = line + strcspn(line + 1, "\n") + 1, *last = end;

		*end = '\0';
		while (last > line && last[-1] != '\t' && last[-1] != ' ')
			last--;
		inner = atoi(last);
	}
	free(text);
	return inner;
}

/* The processes of the run now (pid, parent, state); the caller frees. */
int descendants(struct proc **out)
{
	struct proc *v;
	int n = host_descendants(&v), k = 0;
	pid_t *inner;

	if (outside == 0) {
		*out = v;
		return n;
	}
	inner = xmalloc((n + 1) * sizeof *inner);
	for (int i = 0; i < n; i++)
		inner[i] = v[i].pid == outside ? 0 : ns_pid(v[i].pid);
	for (int i = 0; i < n; i++) {
		pid_t ppid = 0;

		if (inner[i] <= 1)      /* the first process, the relay, or gone */
			continue;
		for (int j = 0; j < n; j++)
			if (v[j].pid == v[i].ppid)
				ppid = inner[j];
		v[k] = v[i];
		v[k].pid = inner[i];
		v[k++].ppid = ppid;
	}
	free(inner);
	*out = v;
	return k;
}

int count_descendants(void)
{
	struct proc *v;
	int n = descendants(&v);

	free(v);
	return n;
}

/* Threads owned by uid now: RLIMIT_NPROC counts them all. */
static long threads_of(uid_t uid)
{
	struct proc *v;
	int n = read_procs(&v);
	long sum = 0;

	for (int i = 0; i < n; i++)
		if (v[i].uid == uid)
			sum += v[i].threads;
	free(v);
	return sum;
}

/*
 * Reap the main process if it has ended.  Nothing else is reaped during
 * a run: a process it left (a zombie its parent never waited for, or an
 * orphan still running) must still be there for note_leftovers to see.
 */
static void reap_main(struct trace *t, double start, int *main_done, const int *relayed)
{
	struct signalfd_siginfo si;
	int status;

	while (read(sigchld_fd, &si, sizeof si) > 0)
		;
	if (relayed != NULL)    /* the program is the relay's child: it told us */
		status = *relayed;
	else if (waitpid(t->main_pid, &status, WNOHANG) != t->main_pid)
		return;
	if (status == -1)
		return;
	t->end_ms = now_ms() - start;
	if (WIFEXITED(status)) {
		t->exit_kind = EXIT_STATUS;
		t->exit_code = WEXITSTATUS(status);
	} else {
		t->exit_kind = EXIT_SIGNAL;
		t->exit_code = WTERMSIG(status);
	}
	*main_done = 1;
}

/*
 * Kill everything below us and reap it.  Processes can fork while we
 * look, so repeat until no child of ours is left: with the subreaper set,
 * any survivor would have been re-parented to us and show up here.
 */
static void kill_all(void)
{
	for (int round = 0; round < 10000; round++) {
		struct proc *v;
		int n = host_descendants(&v);

		for (int i = 0; i < n; i++)
			kill(v[i].pid, SIGKILL);
		free(v);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (n == 0 && waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD)
			return;
		usleep(500);
	}
	die("could not kill the processes of a run");
}

/* ---- the child side ---- */

static void limit(int resource, rlim_t n)
{
	struct rlimit r = { n, n };

	if (setrlimit(resource, &r) < 0) {
		dprintf(2, "proclab: setrlimit: %s\n", strerror(errno));
		_exit(126);
	}
}

/*
 * Enter the sandbox, tell the harness how that went on ready ('S' in it,
 * 'N' and an errno when this machine allows no namespaces), and wait on
 * go until the harness holds the namespaces (it closes go): a run that
 * ends at once must not take its namespaces, and the objects in them,
 * away unseen.
 */
static int sandbox_handshake(const char *dir, int how, int ready, int go)
{
	int r = sandbox_enter(dir, how), e = errno;
	char msg[1 + sizeof e] = { r == 0 ? 'S' : 'N' }, c;

	if (r == -2) {
		dprintf(2, "proclab: cannot set up the sandbox: %s\n", strerror(e));
		_exit(126);
	}
	memcpy(msg + 1, &e, sizeof e);
	if (write(ready, msg, sizeof msg) != sizeof msg)
		_exit(126);
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	return r == 0;
}

/*
 * The rest of a confined process's set-up, once in its sandbox: limits,
 * then the run's uid (never root), keyrings of its own, and death with
 * the harness.  What a run or a build may use, in cpu seconds per
 * process, bytes per file and processes of its uid (nproc_for: counted
 * before a PID namespace hides the others).
 */
static void confine(const struct slot *sl, int cpu_seconds, rlim_t fsize, rlim_t nproc,
		    rlim_t as)
{
	pid_t harness = getppid();

	close_range(3, ~0U, 0);
	limit(RLIMIT_CPU, cpu_seconds);
	limit(RLIMIT_AS, as);
	limit(RLIMIT_FSIZE, fsize);
	limit(RLIMIT_NOFILE, 256);
	limit(RLIMIT_CORE, 0);
	if (sl->as_root && (setgroups(0, NULL) < 0 || setresgid(sl->uid, sl->uid, sl->uid) < 0 ||
			setresuid(sl->uid, sl->uid, sl->uid) < 0)) {
		dprintf(2, "proclab: cannot drop to uid %u: %s\n", (unsigned)sl->uid, strerror(errno));
		_exit(126);
	}
	limit(RLIMIT_NPROC, nproc);
	if (sandbox_user(sl->as_root) < 0) {
		dprintf(2, "proclab: cannot give the run its own keyrings: %s\n", strerror(errno));
		_exit(126);
	}
	/* After setuid, which clears it: die with the harness (already gone?). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != harness)
		_exit(126);
}

/* The first process of a confined child: its session, its stdin and output. */
static void detach(int out, int err)
{
	sigset_t none;
	int devnull = open("/dev/null", O_RDONLY);

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	if (setsid() < 0 || devnull < 0 || dup2(devnull, 0) < 0 ||
	    dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
}

/* RLIMIT_NPROC counts every thread of the uid: extra beside those it has now. */
static rlim_t nproc_for(const struct slot *sl, int extra)
{
	return threads_of(sl->uid) + extra;
}

/* What the run's program needs once its process is made. */
struct program {
	const struct runspec *rs;
	const struct slot *sl;
	rlim_t nproc;
	rlim_t fsize;   /* sandboxed, all it may write is its own tmpfs: capped there */
};

static void start_program(void *arg)
{
	const struct program *pg = arg;

	/* ThreadSanitizer reserves terabytes of shadow it never touches: no
	   RLIMIT_AS for it (the memory cgroup still caps what is used). */
	confine(pg->sl, pg->rs->cpu_seconds, pg->fsize, pg->nproc,
		pg->rs->tsan ? RLIM_INFINITY : RUN_AS);
	if (chdir(pg->rs->dir) < 0) {
		dprintf(2, "proclab: chdir %s: %s\n", pg->rs->dir, strerror(errno));
		_exit(126);
	}
	if (pg->rs->pinned) {   /* "cpus": 1 - every process of the run takes turns on one CPU */
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(pg->rs->cpu, &set);
		if (sched_setaffinity(0, sizeof set, &set) < 0) {
			dprintf(2, "proclab: sched_setaffinity: %s\n", strerror(errno));
			_exit(126);
		}
	}
	/*
	 * gcc 12's ThreadSanitizer dies with "unexpected memory mapping" when
	 * the kernel randomises mmap over more than 28 bits (vm.mmap_rnd_bits):
	 * its processes run without address randomisation, as `setarch -R`.
	 */
	if (pg->rs->tsan && personality(personality(0xffffffff) | ADDR_NO_RANDOMIZE) < 0) {
		dprintf(2, "proclab: personality: %s\n", strerror(errno));
		_exit(126);
	}
	execve(pg->rs->argv[0], pg->rs->argv, pg->rs->envp);
	dprintf(2, "proclab: cannot run %s: %s\n", pg->rs->argv[0], strerror(errno));
	_exit(127);
}

/*
 * The run's first process.  As root it becomes the program.  As an
 * ordinary user it makes a PID namespace too and stays outside, waiting:
 * its child, the relay, is the namespace's pid 1 (relay.c), and the
 * relay's child the program.  fds: the write and read ends of the trace
 * sockets, the relay's line to the harness, ready and go.
 */
static void exec_child(const struct runspec *rs, const struct slot *sl, const int fd[7],
		       size_t size)
{
	struct program pg = { rs, sl, nproc_for(sl, 64), 1 << 20 };
	int how = sl->as_root ? 0 : SB_PIDNS;
	pid_t harness = getppid(), relay;

	detach(fd[0], fd[1]);
	if (sandbox_handshake(rs->dir, how, fd[4], fd[5]))
		pg.fsize = SHM_FILE_MAX;        /* a Value or Array in /dev/shm may be large */
	else
		how = 0;
	if (!(how & SB_PIDNS))
		start_program(&pg);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != harness || (relay = fork()) < 0)
		_exit(126);
	if (relay == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);       /* with it, the namespace */
		relay_run(fd[2], fd[3], fd[6], size, start_program, &pg);
	}
	close_range(0, ~0U, 0);
	while (waitpid(relay, NULL, 0) < 0 && errno == EINTR)
		;
	_exit(0);
}

/* ---- the harness side ---- */

/* The k-th (modulo their number) of the CPUs the grader may use: a pinned run's CPU. */
int run_pick_cpu(unsigned long long k)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof set, &set) < 0)
		die("sched_getaffinity: %s", strerror(errno));
	n = CPU_COUNT(&set);
	k %= n > 0 ? n : 1;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set) && k-- == 0)
			return cpu;
	return 0;
}

/* A live view (demo.c) is told the time every tick, output or not. */
static void live_tick(struct trace *t, double start, double *next)
{
	double now = now_ms();

	if (t->live == NULL || t->live->tick == NULL || now < *next)
		return;
	t->live->tick(t, now - start, t->live->arg);
	*next = now + t->live->tick_ms;
}

static void make_pair(int sv[2])
{
	int one = 1, size = SNDBUF;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		die("socketpair: %s", strerror(errno));
	if (setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0 ||
	    setsockopt(sv[0], SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) < 0)
		die("setsockopt: %s", strerror(errno));
	/* One write larger than the sender's buffer fails with EMSGSIZE. */
	if (setsockopt(sv[1], SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) < 0)
		setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

/* The largest record the writer can send: what the kernel granted. */
static size_t record_max(int writer)
{
	int size = 0;
	socklen_t len = sizeof size;

	if (getsockopt(writer, SOL_SOCKET, SO_SNDBUF, &size, &len) < 0)
		die("getsockopt: %s", strerror(errno));
	return size + 4096;
}

static double realtime_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Note who is left below us now that the main process has exited. */
static void note_leftovers(struct trace *t)
{
	struct proc *v;
	int n = descendants(&v);

	for (int i = 0; i < n; i++)
		trace_add_leftover(t, v[i].pid, v[i].state);
	free(v);
}

/*
 * The uid a run gets.  As root: one no other process on the machine has,
 * one per slot, so that a run can signal, ptrace or look into the
 * /proc/PID/root of no process but its own, and graders running at once
 * take different slots.  As a user: the user's own uid, and runs take
 * turns (they share its process limit).  The slot's lock is held until
 * the run ends; the slot's memory cgroup, where there is one, holds all
 * of the run's processes.
 */
static void take_slot(struct slot *sl)
{
	int as_root = geteuid() == 0;

	for (int i = 0; ; i++) {
		uid_t uid = as_root ? SLOT_BASE + i % SLOTS : getuid();
		char *path = xasprintf("/tmp/proclab-runs-%u.lock", (unsigned)uid);
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		int wait = !as_root || i >= SLOTS, r;

		if (fd < 0)
			die("%s: %s", path, strerror(errno));
		free(path);
		while ((r = flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) < 0 && errno == EINTR)
			;
		if (r == 0 && (!as_root || threads_of(uid) == 0)) {
			sl->uid = uid;
			sl->lock = fd;
			sl->as_root = as_root;
			return;
		}
		close(fd);      /* busy, or a process outside us has that uid */
		if (i >= 2 * SLOTS)
			die("no uid in %u..%u is free for a run", SLOT_BASE, SLOT_BASE + SLOTS - 1);
	}
}

static void release_slot(struct slot *sl)
{
	close(sl->lock);        /* the next grader's run may start */
	sl->lock = -1;
}

static int unsandboxed;         /* runs that went without, in this process */

int run_unsandboxed(void)
{
	return unsandboxed;
}

/*
 * The harness's side of sandbox_handshake: hold the run's namespaces, then
 * let it go on.  1 when the run is sandboxed, 0 when it runs without, -1
 * when it is sandboxed but we could not hold on (nothing to look in later).
 * Unsandboxed, the run's uid shares the machine's IPC tables: what it owns
 * now, before the run goes on, goes in *before for ipc_sweep.
 */
static int hold_sandbox(pid_t pid, int ready, int go, struct sandbox *sb,
			uid_t uid, char ***before, int *nbefore)
{
	static int warned;
	char msg[1 + sizeof(int)], said = 0;
	int e, in = 0;
	ssize_t n;

	sb->user = sb->mnt = sb->ipc = -1;
	*before = NULL;
	*nbefore = 0;
	while ((n = read(ready, msg, sizeof msg)) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof msg)
		said = msg[0];
	if (said == 'S')
		in = sandbox_hold(sb, pid) == 0 ? 1 : -1;
	if (said == 'N') {
		unsandboxed++;
		*nbefore = ipc_list(uid, before);
	}
	if (said == 'N' && !warned++) {
		memcpy(&e, msg + 1, sizeof e);
		fprintf(stderr, "proclab: warning: runs are not sandboxed here (unshare: %s):\n"
			"  they can see the network and other folders; IPC objects are told\n"
			"  apart by uid. As a user, enable unprivileged user namespaces, or grade\n"
			"  as root (in a container: one allowed to unshare namespaces).\n",
			strerror(e));
	}
	close(ready);
	close(go);      /* the run reads end-of-file: go on */
	return in;
}

/* Where a run's records come from: its two trace sockets, or the relay. */
struct feed {
	int fd[2];              /* out and err; or the relay's line and -1 */
	int hup[2];             /* every writer of that one has closed */
	int relayed;
	int status;             /* relayed: the program's wait status, -1 until it ends */
	long bytes;             /* output taken so far */
	char *buf;              /* RECV_BATCH records of size bytes, or a relay's message */
	size_t size;            /* the largest record */
	double start_rt;
};

/*
 * Take every record waiting on stream s (both, when relayed), a batch a
 * system call, while the output taken is within limit: the record that
 * passes it is taken too, and then none (the rest of its batch is dropped,
 * and the run is stopped as a flood).
 */
static void take(struct feed *f, int s, struct trace *t, long limit)
{
	struct attested a[RECV_BATCH];
	long n;

	if (f->fd[s] < 0)
		return;
	if (f->relayed) {
		while (f->bytes <= limit &&
		       (n = relay_take(f->fd[s], t, f->start_rt, f->buf, RECV_BATCH * f->size,
				       limit - f->bytes, &t->main_pid, &f->status)) >= 0)
			f->bytes += n;
		return;
	}
	while (f->bytes <= limit && (n = recv_attested(f->fd[s], f->buf, f->size, a,
							RECV_BATCH)) > 0)
		for (int i = 0; i < n && f->bytes <= limit; i++) {
			trace_add_record(t, a[i].pid, s, a[i].ts.tv_sec * 1e3 +
					 a[i].ts.tv_nsec / 1e6 - f->start_rt, a[i].data, a[i].len);
			/* buf fits any record; one that did not fit stops the run */
			f->bytes = a[i].truncated ? LONG_MAX / 2 : f->bytes + (long)a[i].len;
		}
}

/*
 * The relay's first word is the program's pid: wait for it, so the trace
 * (and a live view) knows its main process from the start.  A relay that
 * could not start closes its line instead.
 */
static void await_main(struct feed *f, struct trace *t, double deadline)
{
	while (t->main_pid == 0) {
		struct pollfd p = { f->fd[0], POLLIN, 0 };
		double left = deadline - now_ms();
		int n = poll(&p, 1, left > 0 ? (int)left + 1 : 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || relay_take(f->fd[0], t, f->start_rt, f->buf, RECV_BATCH * f->size,
					 LONG_MAX, &t->main_pid, &f->status) < 0)
			return;
	}
}

/* The harness's line from a relay: as large as any record, and its header. */
static void make_relay_line(int sv[2], size_t size)
{
	int want = size / 2 + 16384;    /* the kernel doubles it */

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		die("socketpair: %s", strerror(errno));
	if (setsockopt(sv[1], SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof want) < 0)
		setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &want, sizeof want);
}

int run_program(const struct runspec *rs, struct trace *t)
{
	int out[2], err[2], ready[2], go[2], rel[2], main_done = 0, nipc, sandboxed;
	struct feed f = { { -1, -1 }, { 0, 0 }, 0, -1, 0, NULL, 0, 0 };
	struct sandbox sb;
	struct slot sl;
	char **ipc;
	double start, deadline, linger_end = 0, next_tick;
	pid_t pid;

	take_slot(&sl);
	make_pair(out);
	make_pair(err);
	f.size = record_max(out[1]);
	if (record_max(err[1]) > f.size)
		f.size = record_max(err[1]);
	f.size += 4096;                 /* room for a relayed record's header */
	/* RECV_BATCH records at once; a relay's message is a pack of records
	   up to RELAY_BATCH, and one more.  Only the pages written are used. */
	f.buf = xmalloc(RECV_BATCH * f.size);
	make_relay_line(rel, RELAY_BATCH + f.size);
	f.start_rt = realtime_ms();
	start = now_ms();
	deadline = start + rs->timeout_ms;
	next_tick = start;
	if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0)
		die("pipe: %s", strerror(errno));
	if ((pid = fork()) < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd[7] = { out[1], err[1], out[0], err[0], ready[1], go[0], rel[1] };

		close(ready[0]);
		close(go[1]);   /* or reading go would wait for ourselves */
		close(rel[0]);
		exec_child(rs, &sl, fd, f.size);
	}
	close(out[1]);
	close(err[1]);
	close(ready[1]);
	close(go[0]);
	close(rel[1]);
	t->main_pid = pid;
	sandbox_memory(sl.uid, pid, RUN_MEMORY);
	sandboxed = hold_sandbox(pid, ready[0], go[1], &sb, sl.uid, &ipc, &nipc);
	/* An ordinary user's sandboxed run has a PID namespace: the relay reads. */
	f.relayed = sandboxed == 1 && !sl.as_root;
	if (f.relayed) {
		outside = pid;
		t->main_pid = 0;        /* the relay says which, as the run names it */
		f.fd[0] = rel[0];
		close(out[0]);
		close(err[0]);
		await_main(&f, t, deadline);
	} else {
		f.fd[0] = out[0];
		f.fd[1] = err[0];
		close(rel[0]);
	}

	for (;;) {
		/* a stream whose writers have all closed is not polled again */
		struct pollfd p[3] = { { f.hup[0] ? -1 : f.fd[0], POLLIN, 0 },
				       { f.hup[1] ? -1 : f.fd[1], POLLIN, 0 },
				       { sigchld_fd, POLLIN, 0 } };
		double now = now_ms(), until = main_done ? linger_end : deadline;

		if (main_done && (t->nleft == 0 || now >= linger_end))
			break;
		if ((!main_done && now >= deadline) || interrupted) {
			t->stopped = STOP_TIMEOUT;
			break;
		}
		if (t->live && t->live->tick && next_tick < until)
			until = next_tick > now ? next_tick : now;
		if (poll(p, 3, (int)(until - now) + 1) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		for (int s = 0; s < 2; s++) {
			take(&f, s, t, rs->output_limit);
			f.hup[s] |= (p[s].revents & POLLHUP) != 0;
		}
		if (f.bytes > rs->output_limit) {
			t->stopped = STOP_FLOOD;
			break;
		}
		if (!main_done) {
			reap_main(t, start, &main_done, f.relayed ? &f.status : NULL);
			if (main_done) {
				note_leftovers(t);
				/* lingering never stretches the run past its limit */
				linger_end = now_ms() + rs->linger_ms;
				if (linger_end > deadline)
					linger_end = deadline;
			}
		}
		live_tick(t, start, &next_tick);
	}
	/* Everyone is gone: take what is still queued, up to the cap (the
	   relay's line only while the relay lives: take it first). */
	if (f.relayed)
		take(&f, 0, t, rs->output_limit);
	kill_all();
	outside = 0;
	if (sandboxed > 0)
		ipc_sweep_inside(&sb, t);
	else if (sandboxed == 0)
		ipc_sweep(sl.uid, ipc, nipc, t);
	else    /* its objects went with it, unseen: the check cannot decide */
		trace_add_ipc(t, "? the run's namespaces could not be held to look inside");
	sandbox_release(&sb);
	ipc_free(ipc, nipc);
	for (int s = 0; s < 2; s++)
		take(&f, s, t, rs->output_limit);
	if (f.bytes > rs->output_limit && t->stopped == STOP_NO)
		t->stopped = STOP_FLOOD;
	if (!main_done)
		t->end_ms = now_ms() - start;
	for (int s = 0; s < 2; s++)
		if (f.fd[s] >= 0)
			close(f.fd[s]);
	release_slot(&sl);
	free(f.buf);
	trace_finish(t);
	return 0;
}

/* ---- a confined helper: the build ---- */

/* Wait for pid until deadline (now_ms): its wait status, or RUN_TIMED_OUT. */
static int wait_until(pid_t pid, double deadline)
{
	for (;;) {
		struct pollfd p = { sigchld_fd, POLLIN, 0 };
		struct signalfd_siginfo si;
		double left = deadline - now_ms();
		int status;

		while (read(sigchld_fd, &si, sizeof si) > 0)
			;
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		if (left <= 0 || interrupted)
			return RUN_TIMED_OUT;
		if (poll(&p, 1, (int)left + 1) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
	}
}

/*
 * Did the processes below us get anywhere since the last call?  Progress
 * is cpu time spent (the sum of all of theirs, *cpu, changed), or one of
 * them runnable (R: running, or waiting its turn for a CPU) or in the
 * disk's wait (D).  A compiler starved on a busy machine is runnable when
 * it is not running, so load alone never looks like no progress; only a
 * tree that is all asleep (S) with its cpu time frozen does: a read of a
 * device or a FIFO that nothing will ever write.
 */
static int made_progress(unsigned long long *cpu)
{
	struct proc *v;
	int n = host_descendants(&v), busy = 0;
	unsigned long long sum = 0;

	for (int i = 0; i < n; i++) {
		sum += v[i].cpu;
		busy |= v[i].state == 'R' || v[i].state == 'D';
	}
	free(v);
	busy |= sum != *cpu;
	*cpu = sum;
	return busy;
}

/*
 * wait_until, but give up on pid's tree once it has made no progress for
 * idle_ms: its wait status, RUN_TIMED_OUT at deadline (or when we are
 * interrupted), RUN_IDLE.  Each sample compares with the one before, so a
 * harness that itself waited for a CPU between two samples still sees the
 * cpu time the build spent meanwhile.
 */
static int wait_progress(pid_t pid, double deadline, double idle_ms)
{
	unsigned long long cpu = 0;
	double last = now_ms();

	for (;;) {
		double next = now_ms() + PROGRESS_POLL_MS;
		int status = wait_until(pid, next < deadline ? next : deadline);
		double now = now_ms();

		if (status != RUN_TIMED_OUT || interrupted || now >= deadline)
			return status;
		if (made_progress(&cpu))
			last = now;
		else if (now - last >= idle_ms)
			return RUN_IDLE;
	}
}

/* dir, and what is at its top, owned by uid: the build folder lent to a build and taken back. */
static void lend_folder(const char *dir, uid_t uid)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;

	if (d == NULL)
		die("%s: %s", dir, strerror(errno));
	if (fchown(fd, uid, uid) < 0)
		die("chown %s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL)       /* what the build wrote */
		if (uid == 0 && strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    fchownat(fd, de->d_name, 0, 0, AT_SYMLINK_NOFOLLOW) < 0)
			die("chown %s/%s: %s", dir, de->d_name, strerror(errno));
	closedir(d);
}

/*
 * Run fn(arg) confined as a run is: its own session, stdin /dev/null, the
 * sandbox (with dir writable: dir is lent to the run's uid meanwhile), a
 * run's uid and memory cgroup, the limits of a build, its stdout and
 * stderr to log.  The compiler reads whatever file the student's source
 * names: here it finds only the build folder and the system's headers.
 * Returns fn's wait status, or RUN_TIMED_OUT when it was stopped at
 * timeout_ms, RUN_IDLE when it made no progress for idle_ms (made_progress:
 * a compiler blocked on what it reads would otherwise wait out the whole
 * timeout, which the load stretches); all it started is killed either way.
 */
int run_confined(const char *dir, int log, double timeout_ms, double idle_ms,
		 int (*fn)(void *), void *arg)
{
	struct slot sl;
	int status;
	pid_t pid;

	take_slot(&sl);
	if (sl.as_root)
		lend_folder(dir, sl.uid);
	if ((pid = fork()) < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		detach(log, log);
		if (sandbox_enter(dir, SB_WRITABLE) == -2) {
			dprintf(2, "proclab: cannot set up the sandbox: %s\n", strerror(errno));
			_exit(126);
		}
		confine(&sl, BUILD_CPU, BUILD_FSIZE, nproc_for(&sl, 128), RUN_AS);
		if (chdir(dir) < 0) {
			dprintf(2, "proclab: chdir %s: %s\n", dir, strerror(errno));
			_exit(126);
		}
		fflush(NULL);
		_exit(fn(arg));
	}
	sandbox_memory(sl.uid, pid, RUN_MEMORY);
	status = wait_progress(pid, now_ms() + timeout_ms, idle_ms);
	kill_all();
	if (sl.as_root)
		lend_folder(dir, 0);
	release_slot(&sl);
	return status;
}
