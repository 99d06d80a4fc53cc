/*
 * demo.c - `proclab demo LAB`: run a lab's seed example at lecture speed
 * and draw its timeline live, from the same trace the grader checks.
 *
 * The run is the grader's own (run.c): output arrives as kernel-attested
 * records, so each line's pid and time are the kernel's, not the
 * program's.  Two hooks (struct live in harness.h) make it live: trace.c
 * hands over each line the moment it is complete, and run.c ticks every
 * few milliseconds, output or not.  On each tick the process table below
 * us (we are the subreaper: run_setup) tells who started, who exited, who
 * is a zombie still waiting for its parent's wait().
 *
 * A terminal gets a timeline redrawn in place with cursor movement (ANSI
 * only: it works over ssh); anything else gets one plain line per event:
 *
 *       2.003s  pid 1236  child p2 slept 2
 *       2.010s  pid 1236  [exit]
 *
 * What to run, and which lines mean "holds the lock", is data:
 * scripts/demos/LAB.json (see scripts/demos/README.md), not C.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <regex.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MAXLABEL 8
#define NRECENT  64             /* lines kept for the panel under the timeline */
#define LABELW   20             /* "   4101  main       " before the time axis */

/* Without libm: the harness links none. */
static double min2(double a, double b) { return a < b ? a : b; }
static double max2(double a, double b) { return a > b ? a : b; }

/* ---- what to run: scripts/demos/LAB.json, a variant applied ---- */

struct demo {
	char lab[64], variant[64];
	cJSON *json, *var;      /* the file; the chosen variant (or NULL) */
	const char *title, *program;
	double span_units, timeout_units, linger_units;
	regex_t label[MAXLABEL];        /* group 1 names the writer's row */
	int nlabel;
	regex_t begin, end;     /* a pid holds the lock from a begin line to its end line */
	const char *legend;     /* what a held stretch means, under the timeline */
	int has_hold;
};

/* A field of the variant if it sets it, else of the demo. */
static const cJSON *field(const struct demo *d, const char *key)
{
	const cJSON *v = d->var ? cJSON_GetObjectItem(d->var, key) : NULL;

	return v ? v : cJSON_GetObjectItem(d->json, key);
}

static double num_field(const struct demo *d, const char *key, double dflt)
{
	const cJSON *v = field(d, key);

	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static void compile(const struct demo *d, regex_t *re, const char *pattern)
{
	char msg[256];
	int rc = regcomp(re, pattern, REG_EXTENDED);

	if (rc != 0) {
		regerror(rc, re, msg, sizeof msg);
		die("demo %s: pattern \"%s\": %s", d->lab, pattern, msg);
	}
}

static cJSON *load_demo_file(const char *dir, const char *lab)
{
	char *path = xasprintf("%s/%s.json", dir, lab);
	char *text = read_file(path, 1 << 20, NULL);
	cJSON *j;

	if (text == NULL)
		die("%s: %s", path, strerror(errno));
	if ((j = cJSON_Parse(text)) == NULL || !cJSON_IsString(cJSON_GetObjectItem(j, "program")))
		die("%s: bad JSON or no \"program\"", path);
	free(text);
	free(path);
	return j;
}

static void demo_load(struct demo *d, const char *dir, const char *lab, const char *variant)
{
	const cJSON *label, *hold, *l;

	memset(d, 0, sizeof *d);
	snprintf(d->lab, sizeof d->lab, "%s", lab);
	d->json = load_demo_file(dir, lab);
	if (variant) {
		d->var = cJSON_GetObjectItem(cJSON_GetObjectItem(d->json, "variants"), variant);
		if (!cJSON_IsObject(d->var))
			die("demo %s has no variant \"%s\" (`proclab demo` lists them)", lab, variant);
		snprintf(d->variant, sizeof d->variant, "%s", variant);
	}
	d->title = cJSON_GetStringValue(field(d, "title"));
	d->program = cJSON_GetStringValue(field(d, "program"));
	if (d->program == NULL)
		die("demo %s: \"program\" must be a string", lab);
	d->span_units = num_field(d, "span_units", 5);
	d->timeout_units = num_field(d, "timeout_units", 40);
	d->linger_units = num_field(d, "linger_units", 0);
	label = field(d, "label");
	cJSON_ArrayForEach(l, label)
		if (cJSON_IsString(l) && d->nlabel < MAXLABEL)
			compile(d, &d->label[d->nlabel++], l->valuestring);
	hold = field(d, "hold");
	if (cJSON_IsObject(hold)) {
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(hold, "begin"));
		const char *e = cJSON_GetStringValue(cJSON_GetObjectItem(hold, "end"));

		if (!b || !e)
			die("demo %s: \"hold\" needs \"begin\" and \"end\" patterns", lab);
		compile(d, &d->begin, b);
		compile(d, &d->end, e);
		d->legend = cJSON_GetStringValue(cJSON_GetObjectItem(hold, "legend"));
		if (d->legend == NULL)
			d->legend = "holds the lock";
		d->has_hold = 1;
	}
}

static void demo_free(struct demo *d)
{
	for (int i = 0; i < d->nlabel; i++)
		regfree(&d->label[i]);
	if (d->has_hold) {
		regfree(&d->begin);
		regfree(&d->end);
	}
	cJSON_Delete(d->json);
}

/* ---- what happened: one row per process ---- */

struct hold { double from, to; };       /* to < 0: still held */

struct row {
	pid_t pid, ppid;
	char name[24];          /* from a label pattern, or "" */
	int orphaned;           /* re-parented to us: its parent exited first */
	double start;           /* first seen, ms since the run began */
	double exit, reap;      /* < 0: not yet */
	int zombie;             /* seen exited but not yet waited for */
	int left;               /* still there when main exited */
	int killed;             /* still running at the end: the teardown killed it */
	int reaped_by_us;       /* a zombie at the end: we, the subreaper, reaped it */
	int colour;             /* SGR colour: main bold, the others a hue each */
	int exit_tick, reap_tick;       /* the tick that saw it: said on the next one */
	int said_exit, said_reap;
	double *lines;          /* when each of its output lines was written */
	int nline;
	struct hold *holds;
	int nhold;
};

struct said { double ms; pid_t pid; int note; char *text; };

struct view {
	struct demo *d;
	struct trace *t;
	double unit_ms;
	double now, now_wall;   /* the last tick: ms since the run began, and when */
	int ticks;
	int tty, colour, utf8;
	int broken;             /* stdout failed: the run is being torn down */
	struct row *rows;
	int nrow;
	struct said recent[NRECENT];
	int nsaid;              /* lines said so far; the last NRECENT are kept */
	/* the terminal */
	int drawn, drawn_width; /* lines of the frame on screen now, at what width */
	char *frame;            /* the frame on screen, to skip identical redraws */
	char *done;             /* the closing line, once the run is over */
};

static struct row *find_row(const struct view *v, pid_t pid)
{
	for (int i = 0; i < v->nrow; i++)
		if (v->rows[i].pid == pid)
			return &v->rows[i];
	return NULL;
}

/* Who a process is, by default: main, child, grandchild, orphan. */
static const char *row_name(const struct view *v, const struct row *r)
{
	int depth = 0;

	if (r->name[0])
		return r->name;
	if (r == &v->rows[0])
		return "main";
	if (r->orphaned)
		return "orphan";
	for (const struct row *p = r; p && p != &v->rows[0] && depth < 8; depth++)
		p = find_row(v, p->ppid);
	return depth <= 1 ? "child" : "grandchild";
}

/* ---- saying an event: a plain line, or a line of the panel ---- */

/* Text made safe for a terminal: UTF-8 kept; control and non-UTF-8 bytes as \xNN. */
static char *clean(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	escape_text(m, s);
	fclose(m);
	return buf;
}

/*
 * stdout is gone (a closed pipe, a hung-up terminal): stop the run the
 * way Ctrl-C does, so nothing is left behind.
 */
static void output_failed(struct view *v)
{
	if (!v->broken) {
		v->broken = 1;
		raise(SIGTERM);
	}
}

static void say(struct view *v, double ms, pid_t pid, int note, const char *text)
{
	struct said *s = &v->recent[v->nsaid++ % NRECENT];

	free(s->text);
	*s = (struct said){ ms, pid, note, clean(text) };
	if (v->tty || v->broken)
		return;
	if (printf("%7.3fs  pid %d  %s\n", ms / 1e3, (int)pid, s->text) < 0 ||
	    fflush(stdout) == EOF)
		output_failed(v);
}

static struct row *add_row(struct view *v, pid_t pid, pid_t ppid, double ms)
{
	static const int palette[] = { 36, 33, 35, 32, 34, 31 };
	struct row *r;
	char note[64];
	int i = v->nrow;

	v->rows = xrealloc(v->rows, (v->nrow + 1) * sizeof *v->rows);
	/* main first (bold, no hue), then by pid: the order they were forked */
	for (; i > 1 && v->rows[i - 1].pid > pid; i--)
		v->rows[i] = v->rows[i - 1];
	r = &v->rows[i];
	*r = (struct row){ .pid = pid, .ppid = ppid, .start = ms, .exit = -1, .reap = -1,
			   .colour = v->nrow == 0 ? 1 : palette[(v->nrow - 1) % 6] };
	v->nrow++;
	if (pid == v->t->main_pid || ppid <= 0)
		snprintf(note, sizeof note, "[start]");
	else if (ppid == getpid())      /* seen only after its parent exited */
		snprintf(note, sizeof note, "[start; orphaned: its parent is now proclab]");
	else
		snprintf(note, sizeof note, "[start, parent %d]", (int)ppid);
	say(v, ms, pid, 1, note);
	return r;
}

/* The parent of pid, if it is still below us. */
static pid_t parent_of(pid_t pid)
{
	struct proc *p;
	int n = descendants(&p);
	pid_t ppid = 0;

	for (int i = 0; i < n; i++)
		if (p[i].pid == pid)
			ppid = p[i].ppid;
	free(p);
	return ppid;
}

/* The main process is row 0, started when the run began. */
static void need_main(struct view *v)
{
	if (v->nrow == 0)
		add_row(v, v->t->main_pid, getpid(), 0);
}

static void open_hold(struct row *r, double ms)
{
	if (r->nhold > 0 && r->holds[r->nhold - 1].to < 0)
		return;         /* already held */
	r->holds = xrealloc(r->holds, (r->nhold + 1) * sizeof *r->holds);
	r->holds[r->nhold++] = (struct hold){ ms, -1 };
}

static void close_hold(struct row *r, double ms)
{
	if (r->nhold > 0 && r->holds[r->nhold - 1].to < 0)
		r->holds[r->nhold - 1].to = ms;
}

/* trace.c: a line is complete. */
static void on_event(const struct event *e, void *arg)
{
	struct view *v = arg;
	struct demo *d = v->d;
	struct row *r;
	regmatch_t m[2];
	char *text;

	need_main(v);
	if ((r = find_row(v, e->pid)) == NULL)
		r = add_row(v, e->pid, parent_of(e->pid), e->ms);
	if (e->ms < r->start)   /* first seen by a tick, written just before it */
		r->start = e->ms;
	r->lines = xrealloc(r->lines, (r->nline + 1) * sizeof *r->lines);
	r->lines[r->nline++] = e->ms;
	for (int i = 0; i < d->nlabel && !r->name[0]; i++)
		if (regexec(&d->label[i], e->text, 2, m, 0) == 0 && m[1].rm_so >= 0)
			snprintf(r->name, sizeof r->name, "%.*s",
				 (int)(m[1].rm_eo - m[1].rm_so), e->text + m[1].rm_so);
	for (char *c = r->name; *c; c++)        /* the program's text: never raw */
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			*c = '?';
	if (d->has_hold && regexec(&d->end, e->text, 0, NULL, 0) == 0)
		close_hold(r, e->ms);
	else if (d->has_hold && regexec(&d->begin, e->text, 0, NULL, 0) == 0)
		open_hold(r, e->ms);
	text = e->stream == ERR ? xasprintf("stderr: %s", e->text) : xstrdup(e->text);
	say(v, e->ms, e->pid, 0, text);
	free(text);
}

/* What an exit means, in words. */
static void exit_note(const struct view *v, const struct row *r, char *buf, size_t len)
{
	const struct trace *t = v->t;

	if (r != &v->rows[0])
		snprintf(buf, len, "%s", r->killed && r->left ?
			 "[still running after main exited: killed]" :
			 r->killed ? "[killed: the run is torn down]" :
			 r->zombie && r->orphaned ?
			 "[exit; orphaned: a zombie until proclab, its new parent, reaps it]" :
			 r->zombie ? "[exit; a zombie until its parent waits]" : "[exit]");
	else if (t->stopped == STOP_TIMEOUT && run_interrupted())
		snprintf(buf, len, "[interrupted: the run is torn down]");
	else if (t->stopped == STOP_TIMEOUT && t->exit_kind == EXIT_NONE)
		snprintf(buf, len, "[time limit: killed]");
	else if (t->stopped == STOP_FLOOD && t->exit_kind == EXIT_NONE)
		snprintf(buf, len, "[too much output: killed]");
	else if (t->exit_kind == EXIT_SIGNAL)
		snprintf(buf, len, "[exit: killed by signal %d, %s]", t->exit_code,
			 strsignal(t->exit_code));
	else
		snprintf(buf, len, "[exit status %d]", t->exit_code);
}

/* Say, in time order, the exits and reaps seen before tick `before`. */
static void say_ends(struct view *v, int before)
{
	for (;;) {
		struct row *best = NULL;
		double ms = 0;
		int reap = 0;
		char note[96];

		/* on a tie the later row, a child, ends before its parent */
		for (int i = v->nrow - 1; i >= 0; i--) {
			struct row *r = &v->rows[i];

			if (r->exit >= 0 && !r->said_exit && r->exit_tick < before &&
			    (!best || r->exit < ms))
				best = r, ms = r->exit, reap = 0;
			if (r->reap >= 0 && !r->said_reap && r->said_exit &&
			    r->reap_tick < before && (!best || r->reap < ms))
				best = r, ms = r->reap, reap = 1;
		}
		if (best == NULL)
			return;
		if (reap) {
			best->said_reap = 1;
			say(v, ms, best->pid, 1, best->reaped_by_us ? "[reaped by proclab at the end]" :
			    "[reaped: its parent waited]");
		} else {
			best->said_exit = 1;
			exit_note(v, best, note, sizeof note);
			say(v, ms, best->pid, 1, note);
		}
	}
}

static void saw_exit(struct view *v, struct row *r, double ms)
{
	r->exit = ms;
	r->exit_tick = v->ticks;
	if (r->nhold > 0)
		close_hold(r, ms);      /* exiting lets go of what it held */
}

/* Main has exited: note who it left behind (run.c listed them). */
static void saw_main_exit(struct view *v, double ms)
{
	saw_exit(v, &v->rows[0], ms);
	for (int j = 0; j < v->t->nleft; j++) {
		struct row *r = find_row(v, v->t->left[j].pid);

		if (r && r != &v->rows[0])
			r->left = 1;
	}
}

/*
 * A tick that finds a process gone only knows it ended "by now".  During
 * the run nobody but its own parent reaps a process (an orphan's new
 * parent is us, and we reap at the end), so a vanished process ended
 * before its parent did; and whatever main did not leave behind had
 * ended before main's exit.  Keep those orders right.
 */
static void bound_ends(struct view *v)
{
	const struct row *m = &v->rows[0];

	for (int i = 1; i < v->nrow; i++) {
		struct row *r = &v->rows[i], *p = find_row(v, r->ppid);
		double bound = -1;

		if (r->killed || r->reaped_by_us)
			continue;
		if (p && p->exit >= 0 && !r->orphaned)
			bound = p->exit;
		if (m->exit >= 0 && v->t->exit_kind != EXIT_NONE && !r->left &&
		    r->start <= m->exit && (bound < 0 || m->exit < bound))
			bound = m->exit;
		if (bound < 0)
			continue;
		if (r->exit > bound && !r->said_exit)
			r->exit = bound;
		if (r->reap > bound && !r->said_reap)
			r->reap = bound;
	}
}

static void draw(struct view *v);

/*
 * run.c: a tick.  Compare the process table with the rows: new pids have
 * started, state Z has exited (a zombie), a vanished pid has exited and
 * been reaped.  Times are "seen by": the end of the /proc scan.  What a
 * tick sees is said on the next tick, after run.c has drained the sockets
 * again: a process's last lines, written before it exited, always come
 * before its exit.
 */
static void on_tick(const struct trace *t, double ms, void *arg)
{
	struct view *v = arg;
	double wall = now_ms(), seen;
	struct proc *p;
	int n;

	v->ticks++;
	need_main(v);
	n = descendants(&p);
	seen = ms + (now_ms() - wall);
	v->now = seen;
	v->now_wall = now_ms();
	for (int i = 0; i < n; i++) {
		struct row *r = find_row(v, p[i].pid);

		if (r == NULL)
			r = add_row(v, p[i].pid, p[i].ppid, seen);
		if (p[i].ppid == getpid() && r != &v->rows[0])
			r->orphaned = 1;        /* its parent exited first */
		r->ppid = p[i].ppid;
		if (p[i].state == 'Z' && r->exit < 0 && r != &v->rows[0]) {
			saw_exit(v, r, seen);
			r->zombie = 1;
		}
	}
	for (int i = 1; i < v->nrow; i++) {
		struct row *r = &v->rows[i];
		int here = 0;

		for (int j = 0; j < n && !here; j++)
			here = p[j].pid == r->pid;
		if (here || r->reap >= 0)
			continue;
		if (r->exit < 0)
			saw_exit(v, r, seen);
		else if (r->zombie) {
			r->reap = seen;
			r->reap_tick = v->ticks;
		}
	}
	free(p);
	if (t->exit_kind != EXIT_NONE && v->rows[0].exit < 0)
		saw_main_exit(v, t->end_ms);
	bound_ends(v);
	say_ends(v, v->ticks);
	if (v->tty)
		draw(v);
}

/*
 * After the run: run.c has killed and reaped everything.  A process still
 * running at the last tick was killed now if main had left it behind (or
 * never exited); a zombie still there was reaped by us, its new parent.
 */
static void finish(struct view *v)
{
	const struct trace *t = v->t;
	double end = v->now + (now_ms() - v->now_wall);         /* kill_all was now */

	need_main(v);
	v->ticks++;
	if (v->rows[0].exit < 0)
		saw_main_exit(v, t->exit_kind != EXIT_NONE ? t->end_ms : end);
	for (int i = 1; i < v->nrow; i++) {
		struct row *r = &v->rows[i];

		if (r->exit < 0) {
			r->killed = r->left || t->exit_kind == EXIT_NONE;
			saw_exit(v, r, end);
		}
		if (r->zombie && r->reap < 0) {      /* by its parent, unless left to us */
			r->reap = end;
			r->reap_tick = v->ticks;
			r->reaped_by_us = r->left || t->exit_kind == EXIT_NONE;
		}
	}
	bound_ends(v);
	if (v->now < end)
		v->now = end;
	say_ends(v, v->ticks + 1);
}

/* ---- the terminal: a frame redrawn in place ---- */

enum { C_NONE, C_ALIVE, C_ZOMBIE, C_START, C_LINE, C_EXIT, C_KILLED };

struct cell { int kind, held, count; };

/* One line of a frame: keeps count of columns, so nothing wraps. */
struct out {
	FILE *m;
	int col, max;
	char sgr[16];           /* the style in force */
	const struct view *v;
};

static void style(struct out *o, const char *sgr)
{
	if (!o->v->colour || strcmp(o->sgr, sgr) == 0)
		return;
	fprintf(o->m, "\033[0%s%sm", sgr[0] ? ";" : "", sgr);
	snprintf(o->sgr, sizeof o->sgr, "%s", sgr);
}

/* Text cut at the right edge; a UTF-8 character takes one column. */
static void text(struct out *o, const char *s)
{
	for (; *s; s++) {
		int starts = ((unsigned char)*s & 0xc0) != 0x80;

		if (starts && o->col >= o->max)
			break;
		fputc(*s, o->m);
		o->col += starts;
	}
}

static void end_line(struct out *o, int *lines)
{
	style(o, "");
	fputs("\033[K\n", o->m);
	o->col = 0;
	(*lines)++;
}

static double span_ms(const struct view *v)
{
	double span = v->d->span_units * v->unit_ms;

	if (span <= 0)
		span = v->unit_ms;
	if (v->now > 0.97 * span)       /* past the planned end: zoom out */
		span = ((long)(v->now * 1.25 / v->unit_ms) + 1) * v->unit_ms;
	return span;
}

static int col_of(double ms, double span, int cols)
{
	int c = (int)(ms / span * cols);

	return c < 0 ? 0 : c >= cols ? cols - 1 : c;
}

/* The time axis: labels in seconds, at least 8 columns apart. */
static void axis(struct out *o, double span, int cols)
{
	static const double nice[] = { 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500,
				       1000, 2000, 5000, 10000, 30000, 60000 };
	double step = nice[0];
	char label[32];
	int next = 0;

	for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++) {
		step = nice[i];
		if (step / span * cols >= 8)
			break;
	}
	text(o, "    pid  process");
	for (; o->col < LABELW; )
		text(o, " ");
	for (double ms = 0; ms < span; ms += step) {
		int c = LABELW + col_of(ms, span, cols);

		if (c < next)
			continue;
		while (o->col < c)
			text(o, " ");
		snprintf(label, sizeof label, "%.*fs", (long)step % 1000 == 0 ? 0 :
			 (long)step % 100 == 0 ? 1 : (long)step % 10 == 0 ? 2 : 3, ms / 1e3);
		text(o, label);
		next = o->col + 1;
	}
}

static void fill(struct cell *c, int cols, double span, double from, double to, int kind)
{
	for (int i = col_of(from, span, cols); i <= col_of(to, span, cols); i++)
		if (c[i].kind < kind)
			c[i].kind = kind;
}

/* What each column of a row shows: alive, zombie, held, start, lines, exit. */
static void cells_of(const struct view *v, const struct row *r, double span, int cols,
		     struct cell *c)
{
	double end = r->exit >= 0 ? r->exit : v->now;

	fill(c, cols, span, r->start, end, C_ALIVE);
	if (r->zombie)
		fill(c, cols, span, r->exit, r->reap >= 0 ? r->reap : v->now, C_ZOMBIE);
	for (int i = 0; i < r->nhold; i++)
		for (int k = col_of(r->holds[i].from, span, cols);
		     k <= col_of(r->holds[i].to >= 0 ? r->holds[i].to : end, span, cols); k++)
			c[k].held = 1;
	c[col_of(r->start, span, cols)].kind = C_START;
	for (int i = 0; i < r->nline; i++) {
		struct cell *x = &c[col_of(r->lines[i], span, cols)];

		x->kind = C_LINE;
		x->count++;
	}
	if (r->exit >= 0) {
		int x = col_of(r->exit, span, cols), last = -1;

		/* its last lines came before its exit: do not hide them */
		for (int i = 0; i < r->nline; i++)
			if (col_of(r->lines[i], span, cols) > last)
				last = col_of(r->lines[i], span, cols);
		if (x <= last && last + 1 < cols)
			x = last + 1;
		c[x].kind = r->killed || (r == &v->rows[0] && v->t->exit_kind == EXIT_NONE) ?
			    C_KILLED : C_EXIT;
	}
}

static void timeline(struct out *o, const struct row *r, double span, int cols)
{
	static const char *ascii[] = { " ", "-", ".", ">", "o", "x", "X" };
	static const char *utf8[] = { " ", "─", "·", "▶", "●", "✕", "✖" };
	const struct view *v = o->v;
	const char **g = v->utf8 ? utf8 : ascii;
	struct cell *c = calloc(cols, sizeof *c);
	char hue[8], bold[16], held[16];

	if (c == NULL)
		die("out of memory");
	cells_of(v, r, span, cols, c);
	snprintf(hue, sizeof hue, "%d", r->colour);
	snprintf(bold, sizeof bold, "1;%d", r->colour);
	snprintf(held, sizeof held, "7;%d", r->colour);
	for (int i = 0; i < cols; i++) {
		char digit[2] = { 0, 0 };
		const char *s = g[c[i].kind];

		if (c[i].kind == C_LINE && c[i].count > 1) {
			digit[0] = c[i].count > 9 ? '+' : '0' + c[i].count;
			s = digit;
		}
		if (c[i].held && c[i].kind == C_ALIVE)       /* the bar */
			s = v->utf8 ? "█" : "#";
		/* a mark inside the bar: reverse video keeps it on the bar */
		style(o, c[i].held && c[i].kind > C_ALIVE ? held : c[i].kind == C_ZOMBIE ? "2" :
			 c[i].kind >= C_START ? bold : c[i].kind ? hue : "");
		text(o, s);
	}
	free(c);
}

static int term_size(int *rows)
{
	struct winsize ws;

	*rows = 24;
	if (ioctl(1, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0)
		return 80;
	if (ws.ws_row > 0)
		*rows = ws.ws_row;
	return ws.ws_col;
}

static void write_all(struct view *v, const char *s, size_t n)
{
	while (n > 0 && !v->broken) {
		ssize_t w = write(1, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			output_failed(v);
			return;
		}
		s += w;
		n -= w;
	}
}

/* The last lines said, with their time and pid. */
static void panel(struct out *o, const struct view *v, int n, int *lines)
{
	for (int i = v->nsaid - n; i < v->nsaid; i++) {
		const struct said *s = &v->recent[i % NRECENT];
		const struct row *r = find_row(v, s->pid);
		char when[32], who[32], hue[8];

		snprintf(when, sizeof when, "%7.3fs  ", s->ms / 1e3);
		snprintf(who, sizeof who, "pid %-7d ", (int)s->pid);
		snprintf(hue, sizeof hue, "%d", r ? r->colour : 0);
		text(o, when);
		style(o, hue);
		text(o, who);
		style(o, s->note ? "2" : "");
		text(o, s->text);
		end_line(o, lines);
	}
}

/* The clock (or how it ended), then the legend: a narrow terminal cuts the legend. */
static void status(struct out *o, const struct view *v)
{
	char clock[96];

	if (v->done)
		snprintf(clock, sizeof clock, "%s   ", v->done);
	else
		snprintf(clock, sizeof clock, "%5.1f s  Ctrl-C stops   ", v->now / 1e3);
	style(o, "1");
	text(o, clock);
	style(o, "2");
	text(o, v->utf8 ? "▶ start  ● line  · zombie  ✕ exit" : "> start  o line  . zombie  x exit");
	if (v->d->has_hold) {
		text(o, v->utf8 ? "  █ " : "  # ");
		text(o, v->d->legend);
	}
	style(o, "");
	fputs("\033[K", o->m);  /* the last line has no newline: no scrolling */
}

/* The whole frame, less than a screen high; *lines counts its lines. */
static char *frame(const struct view *v, int width, int height, int *lines)
{
	char *buf = NULL, head[256];
	size_t len = 0;
	struct out o = { open_memstream(&buf, &len), 0, width - 1, "", v };
	double span = span_ms(v);
	int nrows, nrecent, cols;

	if (o.max < LABELW + 10)
		o.max = LABELW + 10;
	cols = o.max - LABELW;
	/* title, subtitle, axis, rows, blank, panel, status: less than a screen */
	nrows = v->nrow < height - 8 ? v->nrow : height - 8;
	if (nrows < 1)
		nrows = 1;
	nrecent = height - 7 - nrows;
	nrecent = nrecent > 8 ? 8 : nrecent < 0 ? 0 : nrecent;
	if (nrecent > v->nsaid)
		nrecent = v->nsaid;

	*lines = 0;
	style(&o, "1");
	snprintf(head, sizeof head, "proclab demo %s%s%s: %s, unit %g ms", v->d->lab,
		 v->d->variant[0] ? " " : "", v->d->variant, v->d->program, v->unit_ms);
	text(&o, head);
	end_line(&o, lines);
	text(&o, v->d->title ? v->d->title : "");
	end_line(&o, lines);
	style(&o, "2");
	axis(&o, span, cols);
	end_line(&o, lines);
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &v->rows[i];
		char label[64], hue[8];

		if (i == nrows - 1 && nrows < v->nrow) {
			snprintf(label, sizeof label, "  ... and %d more processes", v->nrow - nrows + 1);
			text(&o, label);
			end_line(&o, lines);
			break;
		}
		snprintf(hue, sizeof hue, "%d", r->colour);
		style(&o, hue);
		snprintf(label, sizeof label, "%7d  %-10.10s ", (int)r->pid, row_name(v, r));
		text(&o, label);
		timeline(&o, r, span, cols);
		end_line(&o, lines);
	}
	end_line(&o, lines);
	panel(&o, v, nrecent, lines);
	status(&o, v);
	(*lines)++;
	fclose(o.m);
	return buf;
}

/*
 * Redraw in place: back up to the frame's first line, write the new one
 * over it.  Unchanged frames are not sent (a slow ssh link stays calm).
 */
static void draw(struct view *v)
{
	int height, width = term_size(&height), lines;
	char *buf = frame(v, width, height, &lines), up[32];

	if (v->frame && width == v->drawn_width && strcmp(buf, v->frame) == 0) {
		free(buf);
		return;
	}
	if (v->drawn > 0 && width != v->drawn_width)
		write_all(v, "\033[H\033[2J", 7);      /* lines rewrapped: start clean */
	else if (v->drawn > 1)
		write_all(v, up, snprintf(up, sizeof up, "\r\033[%dA", v->drawn - 1));
	else
		write_all(v, "\r", 1);
	write_all(v, buf, strlen(buf));
	write_all(v, "\033[J", 3);      /* a shorter frame: clear what is below */
	free(v->frame);
	v->frame = buf;
	v->drawn = lines;
	v->drawn_width = width;
}

static void show_cursor(void)
{
	if (write(1, "\033[?25h", 6) < 0) {
		/* nothing left to tell */
	}
}

/* ---- listing, options, the run ---- */

static int is_demo_file(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return de->d_name[0] != '.' && n > 5 && strcmp(de->d_name + n - 5, ".json") == 0;
}

/* The demos in dir, by lab name, sorted; the caller frees. */
static int demo_names(const char *dir, struct dirent ***names)
{
	int n = scandir(dir, names, is_demo_file, alphasort);

	if (n < 0)
		die("%s: %s (run from the proclab folder, or pass --demos)", dir, strerror(errno));
	for (int i = 0; i < n; i++)
		(*names)[i]->d_name[strlen((*names)[i]->d_name) - 5] = '\0';
	return n;
}

/* One line: the name, the program it runs, what it shows. */
static void list_one(const char *name, const cJSON *j, const cJSON *base)
{
	const char *prog = cJSON_GetStringValue(cJSON_GetObjectItem(j, "program"));
	const char *title = cJSON_GetStringValue(cJSON_GetObjectItem(j, "title"));

	if (prog == NULL)
		prog = cJSON_GetStringValue(cJSON_GetObjectItem(base, "program"));
	printf("  %-22s %s%s%s\n", name, prog ? prog : "?", title ? ": " : "", title ? title : "");
}

static void list_demos(const char *dir)
{
	struct dirent **names;
	int n = demo_names(dir, &names);

	printf("make demo DEMO=<lab> [VARIANT=<name>] [UNIT_MS=<ms>]   (default: 1000 ms a unit)\n\n");
	for (int i = 0; i < n; i++) {
		cJSON *j = load_demo_file(dir, names[i]->d_name), *var;

		list_one(names[i]->d_name, j, j);
		cJSON_ArrayForEach(var, cJSON_GetObjectItem(j, "variants")) {
			char *label = xasprintf("  VARIANT=%s", var->string);

			list_one(label, var, j);
			free(label);
		}
		cJSON_Delete(j);
		free(names[i]);
	}
	free(names);
}

/* "02" or "02-join": the one demo whose name starts so. */
static char *find_demo(const char *dir, const char *want)
{
	struct dirent **names;
	int n = demo_names(dir, &names), hits = 0;
	char *found = NULL;

	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, want) == 0) {
			free(found);
			found = xstrdup(want);
			hits = 1;
			break;
		}
		if (strncmp(names[i]->d_name, want, strlen(want)) == 0 && hits++ == 0)
			found = xstrdup(names[i]->d_name);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (hits != 1)
		die("%s demo \"%s\" in %s: `proclab demo` lists them",
		    hits ? "more than one" : "no", want, dir);
	return found;
}

static void usage(FILE *f)
{
	fputs("usage: proclab demo                 list the demos\n"
	      "       proclab demo LAB [options]   run LAB's seed example, drawing its timeline\n"
	      "\n"
	      "Runs the program at lecture speed and shows, live, one row per process:\n"
	      "start, each output line, the lock held, zombie, exit; pids and times are\n"
	      "the kernel's.  Plain timestamped lines when stdout is not a terminal.\n"
	      "Ctrl-C stops the run and leaves no process behind.\n"
	      "\n"
	      "  --variant V       a variant of the demo, e.g. broken (the lab's broken twin)\n"
	      "  --unit-ms N       PROCLAB_UNIT_MS for the run (default 1000: seconds)\n"
	      "  --plain           plain lines even on a terminal\n"
	      "  --kit DIR         the lab folders (default labs)\n"
	      "  --submission DIR  whose student files to run (default solutions)\n"
	      "  --demos DIR       the demo files (default scripts/demos)\n"
	      "  --help            this text\n", f);
}

/* "@X": X units in microseconds (for programs that take a time in us). */
static char *expand_arg(const char *a, double unit_ms)
{
	char *end = NULL;
	double x = a[0] == '@' ? strtod(a + 1, &end) : 0;

	if (end && end != a + 1 && *end == '\0')
		return xasprintf("%ld", (long)(x * unit_ms * 1000 + 0.5));
	return xstrdup(a);
}

static void free_strv(char **v)
{
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

/* Build the demo's one program like grading does; 0, or -1 after saying why. */
static int build(struct view *v, struct lab *lab, const char *kit, const char *sub,
		 char *scratch, size_t len)
{
	const struct demo *d = v->d;
	char *why = NULL, *only[2] = { (char *)d->program, NULL }, err[512];

	if (lab_load(lab, kit, d->lab, err, sizeof err) < 0)
		die("%s", err);
	if (!cJSON_GetObjectItem(cJSON_GetObjectItem(lab->json, "programs"), d->program))
		die("demo %s: %s is not a program of %s/%s/lab.json", d->lab, d->program, kit, d->lab);
	if (v->tty) {   /* the first frame overwrites this line */
		char *msg = xasprintf("proclab demo %s: building %s, then waiting for its turn to run",
				      d->lab, d->program);

		write_all(v, msg, strlen(msg));
		free(msg);
	}
	if (build_lab(lab, kit, sub, only, scratch, len, &why) == 0 && !run_interrupted())
		return 0;
	if (v->tty)
		write_all(v, "\n", 1);
	if (!run_interrupted())
		fprintf(stderr, "proclab demo: cannot build %s/%s (kit %s, student files from %s): %s%s",
			d->lab, d->program, kit, sub, why,
			why[0] && why[strlen(why) - 1] == '\n' ? "" : "\n");
	free(why);
	return -1;
}

/* The run: the demo's program and arguments, the unit, generous limits. */
static void make_runspec(const struct demo *d, const char *dir, double unit, struct runspec *rs)
{
	const cJSON *args = field(d, "args"), *a;
	int n = 0;

	memset(rs, 0, sizeof *rs);
	rs->dir = dir;
	rs->argv = xmalloc((cJSON_GetArraySize(args) + 2) * sizeof *rs->argv);
	rs->argv[n++] = xasprintf("./%s", d->program);
	cJSON_ArrayForEach(a, args)
		rs->argv[n++] = expand_arg(cJSON_IsString(a) ? a->valuestring : "", unit);
	rs->argv[n] = NULL;
	rs->envp = xmalloc(5 * sizeof *rs->envp);
	rs->envp[0] = xstrdup("PATH=/usr/bin:/bin");
	rs->envp[1] = xstrdup("LC_ALL=C");
	rs->envp[2] = xstrdup("HOME=/nonexistent");
	rs->envp[3] = xasprintf("PROCLAB_UNIT_MS=%g", unit);
	rs->envp[4] = NULL;
	rs->unit_ms = unit;
	rs->timeout_ms = max2(d->timeout_units * unit, 2000);
	rs->linger_ms = d->linger_units * unit;
	rs->cpu_seconds = 10;
	rs->output_limit = 1 << 20;
}

/* How it ended, then the grader's notes on stdio buffering (cleaned: they quote the program). */
static void closing(struct view *v, int stopped)
{
	char *notes = trace_diagnose(v->t);

	v->done = xasprintf(stopped ? "interrupted at %.3f s: nothing left running" :
			    "done in %.3f s", v->now / 1e3);
	if (v->tty) {
		draw(v);
		write_all(v, "\n", 1);
	} else if (!v->broken) {
		printf("# %s\n", v->done);
	}
	for (char *line = notes ? strtok(notes, "\n") : NULL; line && !v->broken;
	     line = strtok(NULL, "\n")) {
		char *safe = clean(line);

		printf("%s%s\n", v->tty ? "" : "# ", safe);
		free(safe);
	}
	fflush(stdout);
	free(notes);
}

static void view_free(struct view *v)
{
	free(v->done);
	free(v->frame);
	for (int i = 0; i < v->nrow; i++) {
		free(v->rows[i].lines);
		free(v->rows[i].holds);
	}
	free(v->rows);
	for (int i = 0; i < NRECENT; i++)
		free(v->recent[i].text);
}

static int run_demo(struct demo *d, const char *kit, const char *sub, double unit, int plain)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	struct view v = { .d = d, .unit_ms = unit };
	/* a tick a tenth of a unit, 10 to 50 ms: smooth, and /proc is cheap */
	struct live live = { on_event, on_tick, min2(max2(unit / 10, 10), 50), &v };
	struct runspec rs;
	struct trace t;
	struct lab lab;
	char scratch[4096];
	int stopped;

	v.tty = isatty(1) && !plain && !(term && strcmp(term, "dumb") == 0);
	v.colour = v.tty && !(nc && nc[0]);
	v.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (v.tty) {
		atexit(show_cursor);
		write_all(&v, "\033[?25l", 6);
	}
	if (build(&v, &lab, kit, sub, scratch, sizeof scratch) < 0) {
		remove_tree(scratch);
		lab_free(&lab);
		return run_interrupted() ? 130 : 1;
	}
	make_runspec(d, scratch, unit, &rs);
	rs.tsan = lab_tsan(&lab);
	trace_init(&t, unit);
	t.live = &live;
	v.t = &t;
	if (!v.tty) {
		printf("# proclab demo %s%s%s: %s, unit %g ms\n# %s\n", d->lab,
		       d->variant[0] ? " " : "", d->variant, d->program, unit,
		       d->title ? d->title : "");
		fflush(stdout);
	}

	run_program(&rs, &t);
	finish(&v);
	stopped = run_interrupted() && !v.broken;
	closing(&v, stopped);

	view_free(&v);
	trace_free(&t);
	free_strv(rs.argv);
	free_strv(rs.envp);
	remove_tree(scratch);
	lab_free(&lab);
	return run_interrupted() ? 130 : 0;
}

int demo_main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "variant", 1, 0, 'v' }, { "unit-ms", 1, 0, 'u' }, { "plain", 0, 0, 'p' },
		{ "kit", 1, 0, 'k' }, { "submission", 1, 0, 's' }, { "demos", 1, 0, 'd' },
		{ "help", 0, 0, 'h' }, { 0, 0, 0, 0 }
	};
	const char *variant = NULL, *kit = "labs", *sub = "solutions", *dir = "scripts/demos";
	double unit = 1000;
	int c, plain = 0, rc;
	char *lab, *end;
	struct demo d;
	sigset_t pipe;

	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (c) {
		case 'v': variant = optarg[0] ? optarg : NULL; break;
		case 'u':
			unit = strtod(optarg, &end);
			if (*end || unit < 1 || unit != (long)unit)   /* proclab.c reads an integer */
				die("--unit-ms wants a whole number of milliseconds, not \"%s\"", optarg);
			break;
		case 'p': plain = 1; break;
		case 'k': kit = optarg; break;
		case 's': sub = optarg; break;
		case 'd': dir = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind == argc) {
		list_demos(dir);
		return 0;
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	setlocale(LC_CTYPE, "");        /* only to know whether the terminal takes UTF-8 */
	/*
	 * A closed stdout must not kill us with SIGPIPE mid-run (the run's
	 * processes would outlive us): write() fails instead, and the run is
	 * stopped.  Blocked, not ignored: exec_child unblocks it for the run.
	 */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe, NULL);
	sandbox_hide(kit);
	sandbox_hide(sub);
	lab = find_demo(dir, argv[optind]);
	demo_load(&d, dir, lab, variant);
	run_setup();
	rc = run_demo(&d, kit, sub, unit, plain);
	demo_free(&d);
	free(lab);
	return rc;
}
