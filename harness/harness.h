/*
 * harness.h - the grader's shared types, one section per pipeline stage.
 *
 *   build  -> a scratch copy of the lab with the student's files, compiled
 *   run    -> one scenario run under limits, its output as a trace
 *   trace  -> events: (seq, time, kernel-attested pid, stream, text)
 *   check  -> properties over a trace, each a result with points
 *   report -> checklist or JSON
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdio.h>
#include <time.h>
#include <sys/types.h>
#include <cjson/cJSON.h>

/* ---- trace (trace.c) ---- */

enum { OUT = 0, ERR = 1 };
enum { EXIT_NONE, EXIT_STATUS, EXIT_SIGNAL };
enum { STOP_NO, STOP_TIMEOUT, STOP_FLOOD };

struct event {
	int seq;        /* position in the order the kernel took the writes */
	double ms;      /* kernel time of the write, ms since the run began */
	pid_t pid;      /* writer, from SCM_CREDENTIALS */
	int stream;     /* OUT or ERR */
	int rec;        /* which write(2) record the line came from */
	char *text;     /* the line, without its newline, raw bytes */
};

struct leftover {
	pid_t pid;
	char state;     /* /proc state letter: 'Z' zombie, 'S', 'R', ... */
};

/* A line still waiting for its newline, per writer and stream. */
struct partial {
	pid_t pid;
	int stream;
	double ms;
	int rec;
	char *buf;
	size_t len;
};

/* Event texts, packed into blocks freed together: no malloc per line. */
struct textblock {
	struct textblock *next;
	size_t used, cap;
	char data[];
};

/*
 * A live view of a run as it happens (demo.c); NULL when grading.  event
 * is called for each line the moment it is complete (from add_event, so
 * joined and flushed lines too), tick every tick_ms of the run, output or
 * not, with the time since the run began.
 */
struct trace;
struct live {
	void (*event)(const struct event *e, void *arg);
	void (*tick)(const struct trace *t, double ms, void *arg);
	double tick_ms;
	void *arg;
};

struct trace {
	struct event *ev;
	int nev, cap;
	int nrec;               /* records received so far */
	struct partial *part;
	int npart;
	struct textblock *texts;        /* where the events' texts are; newest first */
	pid_t main_pid;
	int exit_kind;          /* EXIT_NONE, EXIT_STATUS, EXIT_SIGNAL */
	int exit_code;
	double end_ms;          /* main process's exit, ms since start */
	int stopped;            /* STOP_NO, STOP_TIMEOUT, STOP_FLOOD */
	struct leftover *left;
	int nleft;
	char **ipc;             /* IPC objects left: "posix-shm NAME", ... */
	int nipc;
	double unit_ms;
	/* header facts, for trace files */
	char lab[64], scenario[128], program[128];
	unsigned long long seed;        /* the grading's seed (--seed): replays this run */
	int chaos;                      /* 1 in chaos blocks yielded; 0: chaos off */
	int cpus;                       /* 1: pinned to one CPU; 0: all */
	const struct live *live;      /* optional observer; trace_init clears it */
};

void trace_init(struct trace *t, double unit_ms);
void trace_free(struct trace *t);
void trace_add_record(struct trace *t, pid_t pid, int stream, double ms,
		      const char *data, size_t len);
void trace_finish(struct trace *t);   /* flush partial lines, merge streams */
void trace_add_leftover(struct trace *t, pid_t pid, char state);
void trace_add_ipc(struct trace *t, const char *obj);
int trace_write(const struct trace *t, FILE *f);
int trace_read(struct trace *t, FILE *f, char *err, size_t errlen);
void escape_text(FILE *f, const char *s);   /* UTF-8 kept; controls, non-UTF-8 as \xNN */
char *trace_diagnose(const struct trace *t); /* buffering notes or NULL */

/* ---- run (run.c) ---- */

struct runspec {
	const char *dir;        /* working directory: the scratch build */
	char **argv;            /* argv[0] is a path relative to dir */
	char **envp;
	double unit_ms;
	double timeout_ms;
	double linger_ms;
	int cpu_seconds;
	long output_limit;
	int pinned;             /* run on CPU cpu only (sched_setaffinity before exec) */
	int cpu;
	int tsan;               /* built with ThreadSanitizer: no RLIMIT_AS, no ASLR (run.c) */
};

/* ---- chaos scheduling (main.c sets it up, common/chaos.c does it) ---- */

#define CHAOS_RATE 8            /* "chaos": true yields at 1 in 8 of the student's blocks */

void run_setup(void);   /* once: become subreaper, route SIGCHLD to a signalfd */
int run_program(const struct runspec *rs, struct trace *t);
int run_pick_cpu(unsigned long long k);  /* one of the CPUs the grader may use */
int count_descendants(void);   /* processes below the harness, now */
int run_interrupted(void);     /* the signal that asked the harness to stop, or 0 */
int run_unsandboxed(void);     /* runs so far that this machine let go unsandboxed */
/* fn(arg) in a confined child, dir writable, output to log: wait status,
   RUN_TIMED_OUT at timeout_ms, RUN_IDLE after idle_ms without progress */
#define RUN_TIMED_OUT (-1)
#define RUN_IDLE (-2)
int run_confined(const char *dir, int log, double timeout_ms, double idle_ms,
		 int (*fn)(void *), void *arg);

/* The processes below the harness now (pid, parent, state, cpu clock ticks
   with their reaped children's); the caller frees. */
struct proc { pid_t pid, ppid; char state; uid_t uid; int threads; unsigned long long cpu; };
int descendants(struct proc **out);

/* ---- relay (relay.c): a run in its own PID namespace, as pid 1 ---- */

/* A record of a trace socket as the kernel attests it. */
struct attested {
	char *data;             /* the bytes written ... */
	size_t len;             /* ... and how many */
	pid_t pid;              /* the writer, in the reader's PID namespace */
	struct timespec ts;     /* the kernel's time of the write */
	int truncated;          /* it did not fit the buffer */
};

#define RECV_BATCH 16           /* records a recvmmsg takes at most */
#define RELAY_BATCH (64 * 1024) /* the relay packs records into one message up to this */

void relay_run(int out, int err, int to, size_t size, void (*start)(void *), void *arg)
	__attribute__((noreturn));
/* A message of the relay into t (records while the output taken stays
   within room): the bytes of output it held, or -1 when none waits. */
long relay_take(int fd, struct trace *t, double start_rt, char *buf, size_t size,
		long room, pid_t *main_pid, int *status);
/* Up to n records waiting on fd, in one recvmmsg, into buf (n slots of
   size bytes); a[i] says where each is, and the kernel's word on it.
   How many, or -1 when none waits. */
int recv_attested(int fd, char *buf, size_t size, struct attested *a, int n);

/* ---- sandbox (sandbox.c): each run in namespaces of its own ---- */

/* The run's namespaces, held open by the harness; -1 when not held. */
struct sandbox { int user, mnt, ipc; };

void sandbox_hide(const char *dir);     /* dir and its parent: no run sees them */
/* run side, before dropping to the run's uid: 0; -1 not possible here; -2 broken */
enum { SB_WRITABLE = 1, SB_PIDNS = 2 };
int sandbox_enter(const char *dir, int how);
int sandbox_user(int as_root);          /* run side, after: keyrings of its own; 0 or -1 */
int sandbox_memory(uid_t slot, pid_t pid, long bytes); /* harness side: 0, -1 no cgroup */
int sandbox_hold(struct sandbox *sb, pid_t pid);        /* harness side: 0 or -1 */
int sandbox_join(const struct sandbox *sb);     /* a helper steps in: 0 or -1 */
void sandbox_release(struct sandbox *sb);

/* ---- hygiene (hygiene.c): IPC objects a run leaves behind ---- */

#define ANY_UID ((uid_t)-1)
int ipc_list(uid_t uid, char ***objs);  /* every IPC object uid owns now */
void ipc_free(char **objs, int n);
void ipc_sweep(uid_t uid, char **before, int nbefore, struct trace *t);
void ipc_sweep_inside(const struct sandbox *sb, struct trace *t);

/* ---- build (build.c) ---- */

struct lab {
	char name[64];          /* "02-join" */
	char title[128];
	cJSON *json;            /* lab.json */
	char **student;         /* student file names */
	int nstudent;
	char **inspect;         /* every student file in the build: own and used */
	int ninspect;
	cJSON *allowed;         /* global names those may define; NULL: any */
};

int lab_load(struct lab *lab, const char *kitdir, const char *name,
	     char *err, size_t errlen);
void lab_free(struct lab *lab);
/* Build the programs named in only (NULL-terminated; NULL for all).
   Returns 0 when built; else -1 with a malloc'd reason in *why. */
int build_lab(const struct lab *lab, const char *kitdir, const char *subroot,
	      char *const *only, char *scratch, size_t scratchlen, char **why);
char *build_warnings(const struct lab *lab, const char *dir);  /* after a build */
/* lab.json's "thread_sanitizer": its programs are built with -fsanitize=thread. */
int lab_tsan(const struct lab *lab);
/* The build's ungraded notes (helpers made local), malloc'd, or NULL. */
char *build_notes(const char *scratch);
void remove_tree(const char *dir);

/* ---- check (check.c) ---- */

struct result {
	char *scenario;
	char *name;
	int points, max;
	int passed;
	char *message;          /* why, quoting trace lines; NULL when passed */
	char *hint;
	int hidden;             /* 0, or from the lab's Kth hidden scenario: K */
	int chaos;              /* from a chaos run at this rate (0: not one) ... */
	unsigned long long seed;        /* ... of this grading seed: replay with --seed */
	int core;               /* guards the lab's concept: failed, the lab gets at most half */
};

struct results {
	struct result *r;
	int n, cap;
};

void results_add(struct results *rs, const char *scenario, const char *name,
		 int points, int max, int passed, char *message, const char *hint);
void results_free(struct results *rs);
/* Sum, capped at half the maximum when a core check failed (returned). */
const struct result *lab_score(const struct results *rs, int *score, int *max);
void check_scenario(const cJSON *scenario, const char *sname,
		    const struct trace *t, struct results *out);
/* Scenario s (from file) and each of its checks against their fields:
   "scenario error: FILE: ..." lines to m, the number of errors back. */
int scenario_validate(const cJSON *s, const char *file, FILE *m);
/* Every check of a scenario failed for one reason (build, stop, error). */
void fail_scenario(const cJSON *scenario, const char *sname,
		   const char *why, struct results *out);

/* ---- report (report.c) ---- */

struct labreport {
	char name[64];
	char title[128];
	struct results res;
	double seconds;
	char *note;             /* e.g. which earlier lab's code this one runs */
	char *warnings;         /* the compiler's, on the student's files: not graded */
};

/* Flags: colour; REPORT_INSTRUCTOR shows hidden scenarios' names and messages. */
enum { REPORT_COLOUR = 1, REPORT_INSTRUCTOR = 2 };
void report_text(FILE *f, const struct labreport *labs, int n, int flags);
void report_json(FILE *f, const struct labreport *labs, int n, int flags);

/* ---- fields (fields.c): the typed fields of lab.json, scenarios, checks ---- */

/* obj against spec ("name!:type ..."): each error to m as "what: ...";
   returns how many there were (0: valid). */
int fields_check(const cJSON *obj, const char *spec, const char *what, FILE *m);

/* ---- demo (demo.c): `proclab demo`, a live timeline for lectures ---- */

int demo_main(int argc, char **argv);

/* ---- util (util.c) ---- */

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
char *read_file(const char *path, size_t max, size_t *len);
double now_ms(void);   /* CLOCK_MONOTONIC */
int utf8_len(const char *s, unsigned *cp);  /* bytes of a valid character, or 0 */
int put_char_safe(FILE *f, const char *s);  /* as is, or \xNN; bytes used */
char *utf8_clean(const char *s);            /* invalid bytes as \xNN */
char *cut_lines(char *text, int max_lines, size_t max_bytes);  /* "(N more lines cut)" */

#endif
