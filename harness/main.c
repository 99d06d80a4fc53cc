/*
 * main.c - proclab's command line: grade a submission, or replay a trace.
 *
 * For each lab: build (build.c) -> for each scenario: run (run.c), which
 * records a trace (trace.c) -> check (check.c) -> report (report.c).
 */
#define _GNU_SOURCE
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

struct options {
	const char *kit, *submission, *lab, *hidden, *format, *traces;
	const char *scenario, *trace;   /* replay */
	double unit_ms;
	int instructor;                 /* show hidden scenarios' names and messages */
	unsigned long long seed;        /* chaos scheduling's decisions for the whole grading */
};

static void usage(FILE *f)
{
	fputs("usage: proclab grade [options]\n"
	      "       proclab replay --scenario FILE --trace FILE [--format F]\n"
	      "       proclab validate [--kit DIR] [--hidden DIR] [--lab NAME]\n"
	      "       proclab build [--kit DIR] [--submission DIR] [--lab NAME]\n"
	      "       proclab demo [LAB] [--variant V] [--unit-ms N]   (demo --help)\n"
	      "\n"
	      "grade builds each lab of a submission, runs its scenarios and checks\n"
	      "what happened; the checklist ends with 'Score: X/Y'.  Exit status 0\n"
	      "only when every check passed, 1 when some failed, 2 on a usage error.\n"
	      "\n"
	      "  --kit DIR         the labs the kit provides (default: labs)\n"
	      "  --submission DIR  a tree laid out like labs/ (default: the kit)\n"
	      "  --lab NAME        grade only this lab, e.g. 02-join\n"
	      "  --hidden DIR      more scenarios: DIR/NN-topic/*.json, graded and counted;\n"
	      "                    their names and messages are not shown (a student's view)\n"
	      "  --instructor      show everything, hidden scenarios' names and messages too\n"
	      "  --format F        text (default) or json\n"
	      "  --traces DIR      keep each run's trace as DIR/LAB--SCENARIO.trace\n"
	      "  --unit-ms N       the time unit for runs (default 50 ms)\n"
	      "  --seed N          the chaos scheduling seed (default: a random one);\n"
	      "                    a failed check of a chaos run prints the seed, and\n"
	      "                    --seed N replays the same decisions\n"
	      "  --help            this text\n"
	      "\n"
	      "replay re-checks a trace kept by --traces against a scenario file,\n"
	      "without running anything.  validate checks every lab.json and\n"
	      "scenario file (unknown keys, wrong types, missing fields), running\n"
	      "nothing; exit status 1 on any error.  build compiles every program\n"
	      "of lab.json (demos too, which grading skips when no scenario runs\n"
	      "them), sandboxed as for grading, and runs nothing; exit status 1\n"
	      "when a lab does not build.  File formats: harness/README.md.\n", f);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir that pass keep(), sorted; the caller frees. */
static char **list_dir(const char *dir, int (*keep)(const char *), int *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL)
		if (keep(de->d_name)) {
			v = xrealloc(v, (*n + 1) * sizeof *v);
			v[(*n)++] = xstrdup(de->d_name);
		}
	closedir(d);
	qsort(v, *n, sizeof *v, by_name);
	return v;
}

static int is_lab(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] == '-';
}

static int is_json(const char *s)
{
	size_t n = strlen(s);

	return s[0] != '.' && n > 5 && strcmp(s + n - 5, ".json") == 0;
}

static void free_list(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * A scenario file, parsed and validated.  NULL when it is not JSON at all;
 * otherwise the JSON, and *why is set (malloc'd) when it has errors: an
 * unknown key, a wrong type or a missing field fails the scenario loudly.
 */
static cJSON *load_json(const char *path, char **why)
{
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *text = read_file(path, 1 << 20, NULL), *msg = NULL;
	size_t len = 0;
	int errors;
	FILE *m;
	cJSON *j;

	*why = NULL;
	if (text == NULL) {
		*why = xasprintf("scenario error: %s: %s\n", file, strerror(errno));
		return NULL;
	}
	j = cJSON_Parse(text);
	free(text);
	if (j == NULL) {
		*why = xasprintf("scenario error: %s: not valid JSON\n", file);
		return NULL;
	}
	if ((m = open_memstream(&msg, &len)) == NULL)
		die("open_memstream: %s", strerror(errno));
	errors = scenario_validate(j, file, m);
	if (fclose(m) != 0)     /* msg is complete only once m is closed */
		die("open_memstream: %s", strerror(errno));
	if (errors > 0)
		*why = msg;
	else
		free(msg);
	return j;
}

/* A scenario's list of checks, or NULL when "checks" is not a list. */
static const cJSON *checks_of(const cJSON *s)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(s, "checks");

	return cJSON_IsArray(c) ? c : NULL;
}

static double num_or(const cJSON *s, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItem(s, key);

	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static const char *scenario_name(const cJSON *s, const char *file)
{
	const char *n = cJSON_GetStringValue(cJSON_GetObjectItem(s, "name"));

	return n ? n : file;
}

/*
 * A scenario's chaos scheduling: "chaos": true (CHAOS_RATE), false, or a
 * whole number RATE (yield at 1 in RATE of the student's basic blocks);
 * "cpus": 1 pins the run to one CPU.  Sets *rate and *cpus; NULL, or why
 * the fields are wrong.
 */
static char *chaos_fields(const cJSON *s, const char *file, int *rate, int *cpus)
{
	const cJSON *c = cJSON_GetObjectItem(s, "chaos"), *n = cJSON_GetObjectItem(s, "cpus");

	*rate = cJSON_IsTrue(c) ? CHAOS_RATE : 0;
	*cpus = 0;
	if (cJSON_IsNumber(c) && c->valuedouble >= 1 && c->valuedouble <= 1000000 &&
	    c->valuedouble == (int)c->valuedouble)
		*rate = c->valueint;
	else if (c && !cJSON_IsBool(c))
		return xasprintf("scenario error: %s: \"chaos\" is true, false or a whole "
				 "number from 1 to 1000000 (yield at 1 in that many blocks)\n", file);
	if (cJSON_IsNumber(n) && n->valuedouble == 1)
		*cpus = 1;
	else if (n)
		return xasprintf("scenario error: %s: \"cpus\" is 1 (pinned to one CPU) "
				 "or absent (all)\n", file);
	return NULL;
}

/* The seed of one run: the grading's seed, spread by lab and scenario file (splitmix64). */
static unsigned long long run_seed(unsigned long long seed, const char *lab, const char *file)
{
	unsigned long long h = 1469598103934665603ULL;          /* FNV-1a */

	for (const char *p = lab; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (const char *p = file; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h ^= seed + 0x9e3779b97f4a7c15ULL;
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

/* The environment of a run: fixed, plus the scenario's own variables. */
static char **run_env(const cJSON *s, double unit_ms, const char *chaos)
{
	static const char *fixed[] = {
		"PATH=/usr/bin:/bin", "LC_ALL=C", "HOME=/nonexistent",
		"CK_VERBOSITY=verbose", "CK_FORK=yes", "UBSAN_OPTIONS=print_stacktrace=1",
	};
	const cJSON *env = cJSON_GetObjectItem(s, "env"), *e;
	int n = 0, max = 9 + cJSON_GetArraySize(env);
	char **v = xmalloc((max + 1) * sizeof *v);

	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		v[n++] = xstrdup(fixed[i]);
	v[n++] = xasprintf("PROCLAB_UNIT_MS=%g", unit_ms);
	if (chaos)
		v[n++] = xasprintf("PROCLAB_CHAOS=%s", chaos);
	/* after ours: a scenario may not set PROCLAB_CHAOS (getenv takes the first) */
	cJSON_ArrayForEach(e, env)
		if (cJSON_IsString(e) && n < max && strcmp(e->string, "PROCLAB_CHAOS") != 0)
			v[n++] = xasprintf("%s=%s", e->string, e->valuestring);
	v[n] = NULL;
	return v;
}

static char **run_argv(const cJSON *s, const char *program)
{
	const cJSON *args = cJSON_GetObjectItem(s, "args"), *a;
	int n = 0;
	char **v = xmalloc((cJSON_GetArraySize(args) + 2) * sizeof *v);

	v[n++] = xasprintf("./%s", program);
	cJSON_ArrayForEach(a, args)
		v[n++] = xstrdup(cJSON_IsString(a) ? a->valuestring : "");
	v[n] = NULL;
	return v;
}

static void free_strv(char **v)
{
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

static void save_trace(const struct options *o, const struct trace *t, const char *file)
{
	char *path = xasprintf("%s/%s--%.*s.trace", o->traces, t->lab,
			       (int)(strlen(file) - 5), file);
	FILE *f = fopen(path, "w");

	if (f == NULL || trace_write(t, f) < 0 || fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
	free(path);
}

/* Run one scenario in the built lab and check it. */
/* Results from first on came from a chaos run (or not): each carries its seed. */
static void mark_chaos(struct results *res, int first, const struct trace *t)
{
	for (int j = first; j < res->n; j++) {
		res->r[j].chaos = t->chaos;
		res->r[j].seed = t->seed;
	}
}

static void run_scenario(const struct options *o, const struct lab *lab,
			 const char *dir, const cJSON *s, const char *file,
			 struct results *res)
{
	int first = res->n;
	const char *prog = cJSON_GetStringValue(cJSON_GetObjectItem(s, "program"));
	const char *sname = scenario_name(s, file);
	double unit = num_or(s, "unit_ms", o->unit_ms);
	unsigned long long seed = run_seed(o->seed, lab->name, file);
	char *chaos = NULL, *why;
	struct runspec rs;
	struct trace t;
	int rate, cpus;

	if (prog == NULL || !cJSON_GetObjectItem(cJSON_GetObjectItem(lab->json, "programs"), prog)) {
		char *why = xasprintf("scenario error: %s: \"program\" must name a "
				      "program of lab.json\n", file);
		fail_scenario(s, sname, why, res);
		free(why);
		return;
	}
	if ((why = chaos_fields(s, file, &rate, &cpus)) != NULL) {
		fail_scenario(s, sname, why, res);
		free(why);
		return;
	}
	if (rate)
		chaos = xasprintf("%llu %d", seed, rate);
	rs.dir = dir;
	rs.argv = run_argv(s, prog);
	rs.envp = run_env(s, unit, chaos);
	rs.pinned = cpus == 1;
	rs.cpu = rs.pinned ? run_pick_cpu(seed) : 0;
	rs.unit_ms = unit;
	rs.timeout_ms = num_or(s, "timeout_units", 40) * unit;
	if (rs.timeout_ms < 2000)       /* a loaded machine may take a while to start */
		rs.timeout_ms = 2000;
	rs.linger_ms = num_or(s, "linger_units", 0) * unit;
	rs.cpu_seconds = (int)num_or(s, "cpu_seconds", 5);
	rs.output_limit = (long)num_or(s, "output_limit", 65536);
	trace_init(&t, unit);
	snprintf(t.lab, sizeof t.lab, "%s", lab->name);
	snprintf(t.scenario, sizeof t.scenario, "%s", file);
	snprintf(t.program, sizeof t.program, "%s", prog);
	t.seed = o->seed;
	t.chaos = rate;
	t.cpus = cpus;
	run_program(&rs, &t);
	if (o->traces)
		save_trace(o, &t, file);
	check_scenario(s, sname, &t, res);
	mark_chaos(res, first, &t);
	free(chaos);
	trace_free(&t);
	free_strv(rs.argv);
	free_strv(rs.envp);
}

/* The scenario files of a lab: the kit's public ones (*npublic), then hidden ones. */
static int scenario_paths(const struct options *o, const char *lab, char ***paths,
			  int *npublic)
{
	const char *dirs[2] = { NULL, NULL };
	char *pub = xasprintf("%s/%s/scenarios", o->kit, lab), *hid = NULL;
	int total = 0;

	*npublic = 0;
	dirs[0] = pub;
	if (o->hidden)
		dirs[1] = hid = xasprintf("%s/%s", o->hidden, lab);
	*paths = NULL;
	for (int d = 0; d < 2 && dirs[d]; d++) {
		int n;
		char **names = list_dir(dirs[d], is_json, &n);

		*paths = xrealloc(*paths, (total + n) * sizeof **paths);
		for (int i = 0; i < n; i++)
			(*paths)[total++] = xasprintf("%s/%s", dirs[d], names[i]);
		free_list(names, n);
		if (d == 0)
			*npublic = total;
	}
	free(pub);
	free(hid);
	return total;
}

/* When a lab that runs an earlier lab's code fails, name the earlier lab. */
static char *uses_note(const struct lab *lab, const struct results *res)
{
	const cJSON *uses = cJSON_GetObjectItem(lab->json, "uses"), *u, *f;
	char *note = NULL;
	size_t len = 0;
	FILE *m;
	int failed = 0;

	for (int i = 0; i < res->n; i++)
		failed |= !res->r[i].passed;
	if (!failed || cJSON_GetArraySize(uses) == 0)
		return NULL;
	m = open_memstream(&note, &len);
	cJSON_ArrayForEach(u, uses) {
		fprintf(m, "%sthis lab runs your own %s (", note && len ? "; " : "", u->string);
		cJSON_ArrayForEach(f, u)
			fprintf(m, "%s%s", f == u->child ? "" : ", ", cJSON_GetStringValue(f));
		fprintf(m, "): if %s fails too, fix it there first", u->string);
	}
	fclose(m);
	return note;
}

/* "a; b" of two malloc'd notes, either NULL; frees both. */
static char *join_notes(char *a, char *b)
{
	char *both;

	if (a == NULL || b == NULL)
		return a ? a : b;
	both = xasprintf("%s; %s", a, b);
	free(a);
	free(b);
	return both;
}

static void grade_lab(const struct options *o, const char *name, struct labreport *out)
{
	struct lab lab;
	char err[512], scratch[4096], *why = NULL, **paths;
	double t0 = now_ms();
	int npublic, n = scenario_paths(o, name, &paths, &npublic), built, nprog = 0;
	cJSON **scen = xmalloc((n + 1) * sizeof *scen);
	char **bad = xmalloc((n + 1) * sizeof *bad);
	char **progs = xmalloc((n + 1) * sizeof *progs);

	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", name);
	if (lab_load(&lab, o->kit, name, err, sizeof err) < 0) {
		/* a bad manifest fails this lab, loudly; the other labs are graded */
		snprintf(out->title, sizeof out->title, "%s", name);
		results_add(&out->res, "lab.json", "lab.json is valid", 0, 1, 0,
			    xasprintf("%s\n", err), NULL);
		free(scen);
		free(bad);
		free(progs);
		for (int i = 0; i < n; i++)
			free(paths[i]);
		free(paths);
		return;
	}
	snprintf(out->title, sizeof out->title, "%s", lab.title);
	for (int i = 0; i < n; i++) {
		bad[i] = NULL;
		scen[i] = load_json(paths[i], &bad[i]);
		progs[nprog] = cJSON_GetStringValue(cJSON_GetObjectItem(scen[i], "program"));
		nprog += progs[nprog] != NULL;
	}
	progs[nprog] = NULL;
	if (n == 0)     /* nothing to check is not a pass */
		results_add(&out->res, "scenarios", "the lab has scenarios", 0, 1, 0,
			    xasprintf("cannot decide: no scenario in %s/%s/scenarios%s\n",
				      o->kit, name, o->hidden ? " or the hidden folder" : ""),
			    NULL);
	built = build_lab(&lab, o->kit, o->submission, progs, scratch, sizeof scratch,
			  &why) == 0;
	if (built)
		out->warnings = build_warnings(&lab, scratch);
	for (int i = 0; i < n; i++) {
		const char *file = strrchr(paths[i], '/') + 1;
		int first = out->res.n;

		if (bad[i] && cJSON_GetArraySize(checks_of(scen[i])) > 0) {
			fail_scenario(scen[i], scenario_name(scen[i], file), bad[i], &out->res);
			free(bad[i]);
		} else if (bad[i]) {
			results_add(&out->res, file, "scenario file is valid", 0, 1, 0, bad[i], NULL);
		}
		else if (!built)
			fail_scenario(scen[i], scenario_name(scen[i], file), why, &out->res);
		else
			run_scenario(o, &lab, scratch, scen[i], file, &out->res);
		/* the report keeps a hidden scenario's names to the instructor */
		for (int j = first; i >= npublic && j < out->res.n; j++)
			out->res.r[j].hidden = i - npublic + 1;
		if (run_interrupted()) {        /* the run is already torn down */
			remove_tree(scratch);
			die("interrupted by signal %d: nothing graded", run_interrupted());
		}
		cJSON_Delete(scen[i]);
		free(paths[i]);
	}
	out->note = join_notes(built ? build_notes(scratch) : NULL, uses_note(&lab, &out->res));
	free(paths);
	free(scen);
	free(bad);
	free(progs);
	free(why);
	remove_tree(scratch);
	lab_free(&lab);
	out->seconds = (now_ms() - t0) / 1e3;
}

static int all_passed(const struct labreport *l, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < l[i].res.n; j++)
			if (!l[i].res.r[j].passed)
				return 0;
	return 1;
}

static void report(const struct options *o, struct labreport *labs, int n)
{
	const char *nc = getenv("NO_COLOR");
	int flags = o->instructor ? REPORT_INSTRUCTOR : 0;

	if (strcmp(o->format, "json") == 0)
		report_json(stdout, labs, n, flags);
	else
		report_text(stdout, labs, n, flags |
			    (isatty(1) && !(nc && nc[0]) ? REPORT_COLOUR : 0));
}

static int grade(const struct options *o)
{
	int n = 0;
	char **names = list_dir(o->kit, is_lab, &n);
	struct labreport *labs;
	int k = 0, ok;

	if (names == NULL)
		die("%s: %s (run from the proclab folder, or pass --kit)", o->kit, strerror(errno));
	if (o->traces && mkdir(o->traces, 0755) < 0 && errno != EEXIST)
		die("%s: %s", o->traces, strerror(errno));
	labs = xmalloc((n + 1) * sizeof *labs);
	run_setup();
	for (int i = 0; i < n; i++)
		if (o->lab == NULL || strcmp(o->lab, names[i]) == 0)
			grade_lab(o, names[i], &labs[k++]);
	if (k == 0)
		die("no lab %s in %s", o->lab ? o->lab : "at all", o->kit);
	report(o, labs, k);
	ok = all_passed(labs, k);
	for (int i = 0; i < k; i++) {
		results_free(&labs[i].res);
		free(labs[i].note);
		free(labs[i].warnings);
	}
	free(labs);
	free_list(names, n);
	return ok ? 0 : 1;
}

/*
 * Every lab.json and scenario file of the kit (and of --hidden) against
 * its fields, without building or running anything: an instructor checks
 * a new scenario here before grading with it.  Each error on stderr.
 */
static int validate(const struct options *o)
{
	int n = 0, nlabs = 0, nscen = 0, errors = 0;
	char **names = list_dir(o->kit, is_lab, &n);

	if (names == NULL)
		die("%s: %s", o->kit, strerror(errno));
	for (int i = 0; i < n; i++) {
		struct lab lab;
		char err[4096], **paths, *why;
		int npublic, ns;

		if (o->lab && strcmp(o->lab, names[i]) != 0)
			continue;
		nlabs++;
		if (lab_load(&lab, o->kit, names[i], err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			errors++;
			continue;
		}
		ns = scenario_paths(o, names[i], &paths, &npublic);
		for (int k = 0; k < ns; k++, nscen++) {
			cJSON *j = load_json(paths[k], &why);
			const char *prog = cJSON_GetStringValue(cJSON_GetObjectItem(j, "program"));

			if (why == NULL && prog &&
			    !cJSON_GetObjectItem(cJSON_GetObjectItem(lab.json, "programs"), prog))
				why = xasprintf("scenario error: %s: \"program\": \"%s\" is not a "
						"program of %s/lab.json\n", paths[k], prog, names[i]);
			if (why) {
				fprintf(stderr, "%s: %s", names[i], why);
				errors++;
			}
			free(why);
			cJSON_Delete(j);
			free(paths[k]);
		}
		free(paths);
		lab_free(&lab);
	}
	free_list(names, n);
	printf("%d lab(s), %d scenario file(s): %s\n", nlabs, nscen,
	       errors ? "errors above" : "all valid");
	return errors ? 1 : 0;
}

/*
 * Every program of each lab's lab.json, built as grading builds them but
 * all of them: grading builds only the programs its scenarios run, so a
 * demo program that stopped compiling would go unnoticed.  Runs nothing.
 */
static int build_all(const struct options *o)
{
	int n = 0, nlabs = 0, failed = 0;
	char **names = list_dir(o->kit, is_lab, &n);

	if (names == NULL)
		die("%s: %s", o->kit, strerror(errno));
	run_setup();
	for (int i = 0; i < n; i++) {
		struct lab lab;
		char err[4096], scratch[PATH_MAX], *why = NULL;

		if (o->lab && strcmp(o->lab, names[i]) != 0)
			continue;
		nlabs++;
		if (lab_load(&lab, o->kit, names[i], err, sizeof err) < 0) {
			printf("%s: %s\n", names[i], err);
			failed++;
			continue;
		}
		if (build_lab(&lab, o->kit, o->submission, NULL, scratch, sizeof scratch,
			      &why) == 0) {
			printf("%s: all %d programs built\n", names[i],
			       cJSON_GetArraySize(cJSON_GetObjectItem(lab.json, "programs")));
		} else {
			printf("%s: does not build\n%s", names[i], why);
			failed++;
		}
		free(why);
		remove_tree(scratch);
		lab_free(&lab);
		if (run_interrupted())
			die("interrupted by signal %d", run_interrupted());
	}
	free_list(names, n);
	if (nlabs == 0)
		die("no lab %s in %s", o->lab ? o->lab : "at all", o->kit);
	return failed ? 1 : 0;
}

static int replay(const struct options *o)
{
	struct labreport l;
	struct trace t;
	char err[256], *why = NULL;
	FILE *f;
	cJSON *s;
	int ok;

	if (!o->scenario || !o->trace)
		die("replay needs --scenario FILE and --trace FILE");
	if ((s = load_json(o->scenario, &why)) == NULL || why)
		die("%s", why ? why : "bad scenario");
	if ((f = fopen(o->trace, "r")) == NULL)
		die("%s: %s", o->trace, strerror(errno));
	if (trace_read(&t, f, err, sizeof err) < 0)
		die("%s: %s", o->trace, err);
	fclose(f);
	memset(&l, 0, sizeof l);
	snprintf(l.name, sizeof l.name, "%s", t.lab[0] ? t.lab : "replay");
	snprintf(l.title, sizeof l.title, "replay of %s", o->trace);
	check_scenario(s, scenario_name(s, o->scenario), &t, &l.res);
	mark_chaos(&l.res, 0, &t);
	report(o, &l, 1);
	ok = all_passed(&l, 1);
	results_free(&l.res);
	trace_free(&t);
	cJSON_Delete(s);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "kit", 1, 0, 'k' }, { "submission", 1, 0, 's' }, { "lab", 1, 0, 'l' },
		{ "hidden", 1, 0, 'H' }, { "format", 1, 0, 'f' }, { "traces", 1, 0, 't' },
		{ "unit-ms", 1, 0, 'u' }, { "scenario", 1, 0, 'S' }, { "trace", 1, 0, 'T' },
		{ "instructor", 0, 0, 'I' }, { "seed", 1, 0, 'R' }, { "help", 0, 0, 'h' },
		{ 0, 0, 0, 0 }
	};
	struct options o = { "labs", NULL, NULL, NULL, "text", NULL, NULL, NULL, 50, 0, 0 };
	const char *cmd = "grade";
	int c, seeded = 0;
	char *end;

	if (argc > 1 && argv[1][0] != '-') {
		cmd = argv[1];
		argv++;
		argc--;
	}
	if (strcmp(cmd, "demo") == 0)   /* its own options: demo.c */
		return demo_main(argc, argv);
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (c) {
		case 'k': o.kit = optarg; break;
		case 's': o.submission = optarg; break;
		case 'l': o.lab = optarg; break;
		case 'H': o.hidden = optarg; break;
		case 'f': o.format = optarg; break;
		case 't': o.traces = optarg; break;
		case 'u': o.unit_ms = atof(optarg); break;
		case 'S': o.scenario = optarg; break;
		case 'T': o.trace = optarg; break;
		case 'I': o.instructor = 1; break;
		case 'R':
			errno = 0;
			o.seed = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' || o.seed >= 1ULL << 53) {
				fprintf(stderr, "proclab: --seed takes a whole number below 2^53\n");
				return 2;
			}
			seeded = 1;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc || o.unit_ms <= 0 ||
	    (strcmp(o.format, "text") && strcmp(o.format, "json"))) {
		usage(stderr);
		return 2;
	}
	if (o.submission == NULL)
		o.submission = o.kit;
	/* A short random seed, easy to type back: --seed replays it. */
	if (!seeded) {
		uint32_t r;

		if (getrandom(&r, sizeof r, 0) != sizeof r)
			die("getrandom: %s", strerror(errno));
		o.seed = r;
	}
	/* No run reads the kit's solutions, other submissions or hidden scenarios. */
	sandbox_hide(o.kit);
	sandbox_hide(o.submission);
	sandbox_hide(o.hidden);
	if (strcmp(cmd, "grade") == 0)
		return grade(&o);
	if (strcmp(cmd, "replay") == 0)
		return replay(&o);
	if (strcmp(cmd, "validate") == 0)
		return validate(&o);
	if (strcmp(cmd, "build") == 0)
		return build_all(&o);
	usage(stderr);
	return 2;
}
