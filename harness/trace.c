/*
 * trace.c - turn kernel-attested write(2) records into line events, and
 * keep them in trace files.
 *
 * Each record carries its writer's pid and the kernel's time of the write
 * (see run.c).  A record may hold several lines, or end in the middle of
 * one: the rest of that line comes in a later record of the same pid and
 * stream, so unfinished lines wait in t->part until their newline arrives.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

void trace_init(struct trace *t, double unit_ms)
{
	memset(t, 0, sizeof *t);
	t->unit_ms = unit_ms;
	t->exit_kind = EXIT_NONE;
}

void trace_free(struct trace *t)
{
	while (t->texts) {
		struct textblock *b = t->texts;

		t->texts = b->next;
		free(b);
	}
	for (int i = 0; i < t->npart; i++)
		free(t->part[i].buf);
	free(t->ev);
	free(t->part);
	free(t->left);
	for (int i = 0; i < t->nipc; i++)
		free(t->ipc[i]);
	free(t->ipc);
	memset(t, 0, sizeof *t);
}

#define TEXT_BLOCK (64 * 1024)  /* the least a block of texts holds */

/* A copy of text[0..len) with a '\0', in the trace's blocks of texts. */
static char *keep_text(struct trace *t, const char *text, size_t len)
{
	struct textblock *b = t->texts;
	char *s;

	if (b == NULL || b->cap - b->used < len + 1) {
		size_t cap = len + 1 > TEXT_BLOCK ? len + 1 : TEXT_BLOCK;

		b = xmalloc(sizeof *b + cap);
		b->next = t->texts;
		b->used = 0;
		b->cap = cap;
		t->texts = b;
	}
	s = b->data + b->used;
	memcpy(s, text, len);
	s[len] = '\0';
	b->used += len + 1;
	return s;
}

static void add_event(struct trace *t, pid_t pid, int stream, double ms,
		      int rec, const char *text, size_t len)
{
	struct event *e;

	if (t->nev == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->ev = xrealloc(t->ev, t->cap * sizeof *t->ev);
	}
	e = &t->ev[t->nev];
	e->seq = t->nev++;
	e->ms = ms;
	e->pid = pid;
	e->stream = stream;
	e->rec = rec;
	e->text = keep_text(t, text, len);
	if (t->live && t->live->event)
		t->live->event(e, t->live->arg);
}

static struct partial *find_partial(struct trace *t, pid_t pid, int stream)
{
	for (int i = 0; i < t->npart; i++)
		if (t->part[i].pid == pid && t->part[i].stream == stream)
			return &t->part[i];
	return NULL;
}

/* Emit the waiting start of a line joined with its end. */
static void complete_line(struct trace *t, struct partial *p, double ms,
			  const char *rest, size_t len)
{
	char *line = xmalloc(p->len + len + 1);

	memcpy(line, p->buf, p->len);
	memcpy(line + p->len, rest, len);
	/* The line is complete when its newline was written. */
	add_event(t, p->pid, p->stream, ms, p->rec, line, p->len + len);
	free(line);
	free(p->buf);
	*p = t->part[--t->npart];
}

void trace_add_record(struct trace *t, pid_t pid, int stream, double ms,
		      const char *data, size_t len)
{
	int rec = t->nrec++;
	const char *end = data + len;

	while (data < end) {
		const char *nl = memchr(data, '\n', end - data);
		struct partial *p = find_partial(t, pid, stream);
		size_t n = nl ? (size_t)(nl - data) : (size_t)(end - data);

		if (nl == NULL) {       /* no newline: the line goes on later */
			if (p == NULL) {
				t->part = xrealloc(t->part, (t->npart + 1) * sizeof *t->part);
				p = &t->part[t->npart++];
				*p = (struct partial){ pid, stream, ms, rec, NULL, 0 };
			}
			p->buf = xrealloc(p->buf, p->len + n);
			memcpy(p->buf + p->len, data, n);
			p->len += n;
			return;
		}
		if (p)
			complete_line(t, p, ms, data, n);
		else
			add_event(t, pid, stream, ms, rec, data, n);
		data = nl + 1;
	}
}

static int by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	return x->seq - y->seq;
}

/*
 * Each stream's events are already in the kernel's order; stdout and
 * stderr are two sockets, so interleave them by write time.  Stable for
 * each stream: a line never moves before an earlier line of its socket.
 */
static void merge_streams(struct trace *t)
{
	struct event *m = xmalloc(t->nev * sizeof *m);
	int n[2] = { 0, 0 }, i[2] = { 0, 0 }, k = 0;
	struct event *s[2];

	for (int j = 0; j < t->nev; j++)
		n[t->ev[j].stream]++;
	s[0] = xmalloc((n[0] + 1) * sizeof *m);
	s[1] = xmalloc((n[1] + 1) * sizeof *m);
	n[0] = n[1] = 0;
	for (int j = 0; j < t->nev; j++)
		s[t->ev[j].stream][n[t->ev[j].stream]++] = t->ev[j];
	while (i[0] < n[0] || i[1] < n[1]) {
		int take = i[0] == n[0] ? 1 : i[1] == n[1] ? 0 :
			   by_time(&s[0][i[0]], &s[1][i[1]]) <= 0 ? 0 : 1;
		m[k] = s[take][i[take]++];
		m[k].seq = k;
		k++;
	}
	free(s[0]);
	free(s[1]);
	free(t->ev);
	t->ev = m;
	t->cap = t->nev;
}

void trace_finish(struct trace *t)
{
	/* A last line without its newline is still a line. */
	while (t->npart > 0) {
		struct partial *p = &t->part[0];

		add_event(t, p->pid, p->stream, p->ms, p->rec, p->buf, p->len);
		free(p->buf);
		*p = t->part[--t->npart];
	}
	if (t->nev > 0)
		merge_streams(t);
}

void trace_add_leftover(struct trace *t, pid_t pid, char state)
{
	t->left = xrealloc(t->left, (t->nleft + 1) * sizeof *t->left);
	t->left[t->nleft++] = (struct leftover){ pid, state };
}

void trace_add_ipc(struct trace *t, const char *obj)
{
	t->ipc = xrealloc(t->ipc, (t->nipc + 1) * sizeof *t->ipc);
	t->ipc[t->nipc++] = xstrdup(obj);
}

/*
 * Write s with backslash, tab and newline escaped, and every other control
 * byte, character that disguises text, or byte that is not UTF-8 as \xNN
 * (util.c's put_char_safe); valid UTF-8 stays as it is.
 */
void escape_text(FILE *f, const char *s)
{
	for (int n; *s; s += n) {
		n = 1;
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			n = put_char_safe(f, s);
	}
}

static void unescape(char *s)
{
	char *w = s;

	while (*s) {
		if (s[0] != '\\' || s[1] == '\0') {
			*w++ = *s++;
			continue;
		}
		switch (s[1]) {
		case 't': *w++ = '\t'; s += 2; break;
		case 'n': *w++ = '\n'; s += 2; break;
		case 'x': {
			char hex[3] = { s[2], s[2] ? s[3] : 0, 0 };
			*w++ = (char)strtol(hex, NULL, 16);
			s += s[2] && s[3] ? 4 : 2;
			break;
		}
		default: *w++ = s[1]; s += 2; break;
		}
	}
	*w = '\0';
}

static const char *stream_name(int s)
{
	return s == ERR ? "err" : "out";
}

int trace_write(const struct trace *t, FILE *f)
{
	static const char *stops[] = { "no", "timeout", "flood" };

	fprintf(f, "# proclab trace 1\n# lab: %s\n# scenario: %s\n# program: %s\n",
		t->lab, t->scenario, t->program);
	fprintf(f, "# unit_ms: %g\n# main_pid: %d\n", t->unit_ms, (int)t->main_pid);
	fprintf(f, "# seed: %llu\n# chaos: %d\n# cpus: %s\n", t->seed, t->chaos,
		t->cpus == 1 ? "1" : "all");
	if (t->exit_kind == EXIT_STATUS)
		fprintf(f, "# exit: status %d\n", t->exit_code);
	else if (t->exit_kind == EXIT_SIGNAL)
		fprintf(f, "# exit: signal %d\n", t->exit_code);
	else
		fprintf(f, "# exit: none\n");
	fprintf(f, "# end_ms: %.3f\n# stopped: %s\n", t->end_ms, stops[t->stopped]);
	for (int i = 0; i < t->nleft; i++)
		fprintf(f, "# leftover: %d %c\n", (int)t->left[i].pid, t->left[i].state);
	for (int i = 0; i < t->nipc; i++)
		fprintf(f, "# ipc: %s\n", t->ipc[i]);
	fprintf(f, "#\n# seq\tms\tpid\tstream\trecord\ttext\n");
	for (int i = 0; i < t->nev; i++) {
		const struct event *e = &t->ev[i];

		fprintf(f, "%d\t%.3f\t%d\t%s\t%d\t", e->seq, e->ms, (int)e->pid,
			stream_name(e->stream), e->rec);
		escape_text(f, e->text);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

static void copy_field(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
	dst[strcspn(dst, "\n")] = '\0';
}

static int read_header(struct trace *t, const char *line)
{
	char word[16];
	int a;
	char c;

	if (sscanf(line, "# unit_ms: %lf", &t->unit_ms) == 1 ||
	    sscanf(line, "# end_ms: %lf", &t->end_ms) == 1)
		return 0;
	if (sscanf(line, "# seed: %llu", &t->seed) == 1 ||
	    sscanf(line, "# chaos: %d", &t->chaos) == 1)
		return 0;
	if (strcmp(line, "# cpus: 1") == 0)
		t->cpus = 1;
	else if (sscanf(line, "# main_pid: %d", &a) == 1)
		t->main_pid = a;
	else if (sscanf(line, "# exit: %15s %d", word, &a) == 2) {
		t->exit_kind = strcmp(word, "signal") == 0 ? EXIT_SIGNAL : EXIT_STATUS;
		t->exit_code = a;
	} else if (sscanf(line, "# stopped: %15s", word) == 1)
		t->stopped = strcmp(word, "timeout") == 0 ? STOP_TIMEOUT :
			     strcmp(word, "flood") == 0 ? STOP_FLOOD : STOP_NO;
	else if (sscanf(line, "# leftover: %d %c", &a, &c) == 2)
		trace_add_leftover(t, a, c);
	else if (strncmp(line, "# ipc: ", 7) == 0)
		trace_add_ipc(t, line + 7);
	else if (strncmp(line, "# lab: ", 7) == 0)
		copy_field(t->lab, sizeof t->lab, line + 7);
	else if (strncmp(line, "# scenario: ", 12) == 0)
		copy_field(t->scenario, sizeof t->scenario, line + 12);
	else if (strncmp(line, "# program: ", 11) == 0)
		copy_field(t->program, sizeof t->program, line + 11);
	return 0;
}

/* Read a trace file written by trace_write (or crafted by hand for tests). */
int trace_read(struct trace *t, FILE *f, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;

	trace_init(t, 1000);
	while ((len = getline(&line, &cap, f)) >= 0) {
		int seq, pid, rec, off = 0;
		double ms;
		char stream[8];

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#' || line[0] == '\0') {
			read_header(t, line);
			continue;
		}
		/* the text is what follows the fifth tab, spaces and all */
		for (int tabs = 0; line[off] && tabs < 5; off++)
			tabs += line[off] == '\t';
		if (sscanf(line, "%d\t%lf\t%d\t%7[a-z]\t%d\t", &seq, &ms, &pid,
			   stream, &rec) != 5 || line[off - 1] != '\t') {
			snprintf(err, errlen, "line %d: expected seq, ms, pid, stream, record, text", lineno);
			free(line);
			return -1;
		}
		unescape(line + off);
		add_event(t, pid, strcmp(stream, "err") == 0 ? ERR : OUT, ms, rec,
			  line + off, strlen(line + off));
		if (rec >= t->nrec)
			t->nrec = rec + 1;
	}
	free(line);
	return 0;
}

/*
 * Explain the two classic stdio surprises, from the trace alone:
 *  - the same text written by several pids: a buffer copied by fork();
 *  - all of a process's lines in one write: its output sat in a buffer
 *    until exit, so the grader saw every line at the same moment.
 */
/* Is event i the first stdout line of its writer? */
static int first_of_pid(const struct trace *t, int i)
{
	for (int j = 0; j < i; j++)
		if (t->ev[j].pid == t->ev[i].pid && t->ev[j].stream == OUT)
			return 0;
	return 1;
}

/* A sanitizer's report: UBSan's "runtime error:", ASan's "==PID==ERROR:",
   ThreadSanitizer's "WARNING: ThreadSanitizer: data race (pid=N)". */
static int sanitizer_line(const char *s)
{
	return strstr(s, ": runtime error: ") != NULL ||
	       strncmp(s, "WARNING: ThreadSanitizer: ", 26) == 0 ||
	       (s[0] == '=' && s[1] == '=' && strstr(s, "==ERROR: ") != NULL);
}

/*
 * What stopped the program, said first and as the cause: a sanitizer's
 * report (quoted) or a fatal signal, not a hint about something else.
 */
static void said_cause(const struct trace *t, FILE *m)
{
	for (int i = 0; i < t->nev; i++)
		if (t->ev[i].stream == ERR && sanitizer_line(t->ev[i].text)) {
			fprintf(m, "cause: pid %d stopped on %s the sanitizer caught: %s\n",
				(int)t->ev[i].pid, strstr(t->ev[i].text, "ThreadSanitizer") ?
				"a thread bug (data race, thread leak, bad unlock ...)" :
				"undefined behaviour", t->ev[i].text);
			return;
		}
	if (t->exit_kind == EXIT_SIGNAL && t->exit_code != SIGKILL)
		fprintf(m, "cause: the main process was killed by signal %d (%s)%s\n",
			t->exit_code, strsignal(t->exit_code),
			t->exit_code == SIGSEGV ? ": a bad pointer, or a stack overflow" :
			t->exit_code == SIGXCPU ? ": it ran out of cpu time (an endless loop?)" :
			t->exit_code == SIGABRT ? ": abort(), a failed assert or a corrupt heap" : "");
}

char *trace_diagnose(const struct trace *t)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	int n = t->nev < 2000 ? t->nev : 2000;  /* hints need no more */
	int said_dup = 0, buffered = 0;

	said_cause(t, m);
	/* The program's own lines (stdout) only: two processes failing the
	   same way on stderr is not a buffer copied by fork. */
	for (int i = 0; i < n && !said_dup; i++)
		for (int j = i + 1; j < n && !said_dup; j++)
			if (t->ev[i].stream == OUT && t->ev[j].stream == OUT &&
			    t->ev[j].pid != t->ev[i].pid && t->ev[i].text[0] &&
			    strcmp(t->ev[i].text, t->ev[j].text) == 0) {
				fprintf(m, "note: \"%s\" was written by pid %d and again by pid %d: "
					"the text sat in stdio's buffer when fork() copied the "
					"process; fflush(stdout) before fork().\n",
					t->ev[i].text, (int)t->ev[i].pid, (int)t->ev[j].pid);
				said_dup = 1;
			}
	for (int i = 0; i < n; i++) {
		int lines = 0, same = 1;

		if (t->ev[i].stream != OUT || !first_of_pid(t, i))
			continue;
		for (int j = i; j < n; j++)
			if (t->ev[j].pid == t->ev[i].pid && t->ev[j].stream == OUT) {
				lines++;
				same &= t->ev[j].rec == t->ev[i].rec;
			}
		/* a few processes make the point; 258 notes would bury it */
		if (lines >= 3 && same && buffered++ < 3)
			fprintf(m, "note: all %d lines of pid %d arrived in one write "
				"at %.2f units: its output was buffered, so their times "
				"are the time of that write, not of each printf. Use "
				"setvbuf(stdout, NULL, _IOLBF, 0) or fflush(stdout).\n",
				lines, (int)t->ev[i].pid, t->ev[i].ms / t->unit_ms);
	}
	if (buffered > 3)
		fprintf(m, "note: ... and %d more processes whose lines arrived in one write.\n",
			buffered - 3);
	fclose(m);
	if (len == 0) {
		free(out);
		return NULL;
	}
	return out;
}
