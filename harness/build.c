/*
 * build.c - a scratch copy of one lab, built with the harness's flags.
 *
 * The kit's lab folder supplies everything; the submission supplies only
 * the files lab.json names as the student's.  Each of those is opened
 * without following symlinks and must be a non-empty regular text file,
 * so a submission cannot swap a test, read a file through a link, or
 * smuggle a binary in.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SOURCE (512 * 1024)
#define MAX_LOG    (64 * 1024)
#define BUILD_SECONDS 60        /* wall clock for a whole lab's build, idle */
#define BUILD_STRETCH 10        /* at most this many times that, under load */
#define BUILD_IDLE 5            /* seconds without progress: the build is blocked */
#define MAX_OBJECT (16 << 20)   /* a student file compiled alone, with -g */

static const char *cflags[] = {
	"-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-fsanitize=undefined",
	"-fno-sanitize-recover=undefined", "-I.", "-Icommon", NULL
};

static int is_student(const struct lab *lab, const char *name);
static int is_allowed(const cJSON *allowed, const char *name);
static int plan_inspection(struct lab *lab, const char *kitdir, char *err, size_t errlen);

/* lab.json's fields (see fields.c), described in harness/README.md. */
static const char lab_fields[] =
	"title!:str student_files!:strs exports:strs programs!:lists uses:lists "
	"thread_sanitizer:bool";

/* Every error of lab.json to err, as "PATH: ..." lines; 0 when valid. */
static int lab_validate(const cJSON *j, const char *path, char *err, size_t errlen)
{
	char *what = xasprintf("lab error: %s", path);
	const cJSON *f, *p;
	char *msg = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&msg, &len);
	int errors;

	if (m == NULL)
		die("open_memstream: %s", strerror(errno));
	errors = fields_check(j, lab_fields, what, m);
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(j, "student_files"))
		if (cJSON_IsString(f) && (strchr(f->valuestring, '/') || !f->valuestring[0]))
			errors += fprintf(m, "%s: \"student_files\": \"%s\" is not a plain "
					  "file name\n", what, f->valuestring) > 0;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(j, "programs"))
		if (cJSON_GetArraySize(p) == 0)
			errors += fprintf(m, "%s: \"programs\": \"%s\" lists no source "
					  "file\n", what, p->string) > 0;
	if (fclose(m) != 0)
		die("open_memstream: %s", strerror(errno));
	if (len > 0 && msg[len - 1] == '\n')
		msg[len - 1] = '\0';   /* the caller ends the message */
	snprintf(err, errlen, "%s", msg);
	free(msg);
	free(what);
	return errors;
}

int lab_load(struct lab *lab, const char *kitdir, const char *name,
	     char *err, size_t errlen)
{
	char *path = xasprintf("%s/%s/lab.json", kitdir, name);
	char *text = read_file(path, 1 << 20, NULL);
	const cJSON *files, *f;

	memset(lab, 0, sizeof *lab);
	snprintf(lab->name, sizeof lab->name, "%s", name);
	if (text == NULL) {
		snprintf(err, errlen, "lab error: %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	lab->json = cJSON_Parse(text);
	free(text);
	if (lab->json == NULL) {
		snprintf(err, errlen, "lab error: %s: not valid JSON", path);
		free(path);
		return -1;
	}
	if (lab_validate(lab->json, path, err, errlen) > 0) {
		free(path);
		cJSON_Delete(lab->json);
		lab->json = NULL;
		return -1;
	}
	free(path);
	snprintf(lab->title, sizeof lab->title, "%s",
		 cJSON_GetObjectItem(lab->json, "title")->valuestring);
	files = cJSON_GetObjectItem(lab->json, "student_files");
	lab->student = xmalloc((cJSON_GetArraySize(files) + 1) * sizeof *lab->student);
	cJSON_ArrayForEach(f, files)
		lab->student[lab->nstudent++] = f->valuestring;
	return plan_inspection(lab, kitdir, err, errlen);
}

/*
 * What inspect_student looks at: the lab's own student files and those
 * it uses from earlier labs, with the names all their contracts allow.
 */
static int plan_inspection(struct lab *lab, const char *kitdir, char *err, size_t errlen)
{
	const cJSON *uses = cJSON_GetObjectItem(lab->json, "uses"), *u, *f, *x;
	const cJSON *exports = cJSON_GetObjectItem(lab->json, "exports");

	lab->inspect = xmalloc((lab->nstudent + 16) * sizeof *lab->inspect);
	for (int i = 0; i < lab->nstudent; i++)
		lab->inspect[lab->ninspect++] = lab->student[i];
	if (exports == NULL)
		return 0;       /* no contract given: nothing to compare with */
	lab->allowed = cJSON_Duplicate(exports, 1);
	cJSON_ArrayForEach(u, uses) {
		struct lab used;

		if (lab_load(&used, kitdir, u->string, err, errlen) < 0) {
			/* err says what is wrong with the used lab's manifest */
			lab_free(lab);
			return -1;
		}
		cJSON_ArrayForEach(f, u)
			if (cJSON_IsString(f) && is_student(&used, f->valuestring) &&
			    lab->ninspect < lab->nstudent + 16)
				lab->inspect[lab->ninspect++] = f->valuestring;
		cJSON_ArrayForEach(x, cJSON_GetObjectItem(used.json, "exports"))
			cJSON_AddItemToArray(lab->allowed, cJSON_Duplicate(x, 0));
		lab_free(&used);
	}
	return 0;
}

void lab_free(struct lab *lab)
{
	cJSON_Delete(lab->json);
	cJSON_Delete(lab->allowed);
	free(lab->inspect);
	free(lab->student);
	memset(lab, 0, sizeof *lab);
}

int lab_tsan(const struct lab *lab)
{
	return cJSON_IsTrue(cJSON_GetObjectItem(lab->json, "thread_sanitizer"));
}

static int is_student(const struct lab *lab, const char *name)
{
	for (int i = 0; i < lab->nstudent; i++)
		if (strcmp(lab->student[i], name) == 0)
			return 1;
	return 0;
}

static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		n -= w;
	}
	return 0;
}

static void put_file(const char *dir, const char *name, const char *buf, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write_all(fd, buf, n) < 0 || close(fd) < 0)
		die("%s: %s", path, strerror(errno));
	free(path);
}

/* Copy the regular files of src (not its subfolders) except the student's. */
static void copy_kit(const struct lab *lab, const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *de;

	if (d == NULL)
		die("%s: %s", src, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		char *path = xasprintf("%s/%s", src, de->d_name);
		struct stat st;
		size_t n;
		char *buf;

		if (lab && is_student(lab, de->d_name)) {
			free(path);
			continue;
		}
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if ((buf = read_file(path, st.st_size, &n)) == NULL)
				die("%s: %s", path, strerror(errno));
			put_file(dst, de->d_name, buf, n);
			free(buf);
		}
		free(path);
	}
	closedir(d);
}

/* Take one student file from the submission, or say why not. */
static char *take_student_file(int dirfd, const char *lab, const char *name,
			       const char *dst)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *buf, *why = NULL;
	ssize_t n;

	if (fd < 0 && errno == ELOOP)
		return xasprintf("%s/%s is a symbolic link: submit the file itself", lab, name);
	if (fd < 0 && errno == ENOENT)
		return xasprintf("%s/%s is missing from the submission", lab, name);
	if (fd < 0)
		return xasprintf("%s/%s cannot be opened: %s", lab, name, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return xasprintf("%s/%s is not a regular file", lab, name);
	}
	if (st.st_size == 0 || st.st_size > MAX_SOURCE) {
		close(fd);
		return xasprintf("%s/%s is %s", lab, name,
				 st.st_size == 0 ? "empty" : "larger than 512 KiB");
	}
	buf = xmalloc(st.st_size);
	n = pread(fd, buf, st.st_size, 0);
	close(fd);
	if (n != st.st_size)
		why = xasprintf("%s/%s could not be read", lab, name);
	else if (memchr(buf, '\0', n))
		why = xasprintf("%s/%s is a binary file, not C source", lab, name);
	else
		put_file(dst, name, buf, n);
	free(buf);
	return why;
}

/* Start argv in dir with its stdout and stderr going to log. */
static pid_t spawn_logged(const char *dir, char **argv, const char *log)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || chdir(dir) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		execvp(argv[0], argv);
		dprintf(2, "proclab: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* The object a student file is compiled to, once, for the inspection and every program. */
static char *student_object(int i)
{
	return xasprintf(".student-%d.o", i);
}

/* Which of lab->inspect a program's source is, or -1 for the kit's own. */
static int student_index(const struct lab *lab, const char *src)
{
	for (int i = 0; i < lab->ninspect; i++)
		if (strcmp(lab->inspect[i], src) == 0)
			return i;
	return -1;
}

/*
 * The link command for one program of lab.json: the kit's sources, the
 * student's objects, the shared helpers and the chaos runtime (which the
 * instrumented objects call; chaos.c itself is not instrumented).
 */
static char **cc_argv(const struct lab *lab, const cJSON *prog, const cJSON *traced,
		      char ***objs)
{
	static char libs[] = CHECK_LIBS;        /* pkg-config --libs check */
	static char *libv[16];
	int n = 0, no = 0, max = 64 + 20 + cJSON_GetArraySize(traced);
	const cJSON *t;
	char **argv = xmalloc(max * sizeof *argv);
	const cJSON *src;

	if (libv[0] == NULL) {
		char *save, *w = strtok_r(libs, " ", &save);

		for (int i = 0; w && i < 15; i++, w = strtok_r(NULL, " ", &save))
			libv[i] = w;
	}
	*objs = xmalloc(65 * sizeof **objs);
	argv[n++] = "cc";
	for (const char **f = cflags; *f; f++)
		argv[n++] = (char *)*f;
	if (lab_tsan(lab))
		argv[n++] = "-fsanitize=thread";
	argv[n++] = "-o";
	argv[n++] = prog->string;
	cJSON_ArrayForEach(src, prog) {
		int i = cJSON_IsString(src) ? student_index(lab, src->valuestring) : -1;

		if (!cJSON_IsString(src) || n >= 64)
			continue;
		argv[n++] = i < 0 ? src->valuestring : ((*objs)[no++] = student_object(i));
	}
	(*objs)[no] = NULL;
	argv[n++] = "common/proclab.c";
	argv[n++] = "common/chaos.c";
	if (strncmp(prog->string, "check_", 6) == 0) {   /* a lab's unit tests */
		argv[n++] = "common/labtest.c";
		for (int i = 0; libv[i]; i++)
			argv[n++] = libv[i];
	}
	argv[n++] = "-lm";      /* every program: harness/README.md says what is linked */
	cJSON_ArrayForEach(t, traced)   /* "-Wl,-y,NAME": who else defines it */
		argv[n++] = t->valuestring;
	argv[n] = NULL;
	return argv;
}

/* Was this program asked for?  (NULL: build them all.) */
static int wanted(char *const *only, const char *name)
{
	if (only == NULL)
		return 1;
	for (; *only; only++)
		if (strcmp(*only, name) == 0)
			return 1;
	return 0;
}

/* A linker's "-y" line: "/usr/bin/ld: FILE: definition of NAME" (or "reference to"). */
static const char *traced_line(const char *line, const char **kind)
{
	const char *p = strstr(line, ": definition of ");

	*kind = "definition";
	if (p == NULL) {
		p = strstr(line, ": reference to ");
		*kind = "reference";
	}
	return p && strncmp(line, "/usr/bin/ld: ", 13) == 0 ? p : NULL;
}

/* text without the linker's -y lines (they are not the compiler's message), in place. */
static char *drop_traced(char *text)
{
	char *in = text, *out = text;

	while (in && *in) {
		size_t n = strcspn(in, "\n");
		const char *kind;
		char c = in[n];

		in[n] = '\0';
		if (traced_line(in, &kind) == NULL) {
			memmove(out, in, n);
			out += n;
			if (c)
				*out++ = '\n';
		}
		in += n + (c != '\0');
	}
	if (out)
		*out = '\0';
	return text;
}

/* Wait for the n compilers of pids; the first failure's log (LOG-i) becomes *why. */
static int wait_compilers(pid_t *pids, int n, const char *dir, const char *log, char **why)
{
	int failed = 0;

	for (int i = 0; i < n; i++) {
		int status;

		while (waitpid(pids[i], &status, 0) < 0)
			if (errno != EINTR)
				die("waitpid: %s", strerror(errno));
		if ((!WIFEXITED(status) || WEXITSTATUS(status) != 0) && !failed) {
			char *path = xasprintf("%s/%s-%d.log", dir, log, i);
			char *text = cut_lines(drop_traced(read_file(path, MAX_LOG, NULL)), 40, 4096);

			*why = xasprintf("does not compile:\n%s", text ? text : "(no compiler output)");
			free(text);
			free(path);
			failed = 1;
		}
	}
	return failed ? -1 : 0;
}

/*
 * Each student file alone, at once, into .student-N.o: what
 * inspect_student reads and every program links.  Only these are
 * instrumented for chaos scheduling: every basic block of the student's
 * code calls __sanitizer_cov_trace_pc (common/chaos.c).
 */
static int compile_students(const struct lab *lab, const char *dir, char **why)
{
	pid_t *pids = xmalloc((lab->ninspect + 1) * sizeof *pids);
	int r;

	for (int i = 0; i < lab->ninspect; i++) {
		char *log = xasprintf("%s/.cc-student-%d.log", dir, i), *obj = student_object(i);
		char *argv[32];
		int k = 0;

		argv[k++] = "cc";
		for (const char **f = cflags; *f; f++)
			argv[k++] = (char *)*f;
		if (lab_tsan(lab))
			argv[k++] = "-fsanitize=thread";
		argv[k++] = "-fsanitize-coverage=trace-pc";
		argv[k++] = "-c";
		argv[k++] = "-o";
		argv[k++] = obj;
		argv[k++] = lab->inspect[i];
		argv[k] = NULL;
		pids[i] = spawn_logged(dir, argv, log);
		free(obj);
		free(log);
	}
	r = wait_compilers(pids, lab->ninspect, dir, ".cc-student", why);
	free(pids);
	return r;
}

/*
 * Why a name made local (see localise) may not be defined at all, or NULL:
 * another part of some program defines it too - the C library, the test
 * runner, the kit's code - so the student's global one would have replaced
 * theirs.  The linker's -y lines in the programs' logs say who.
 */
static char *defined_elsewhere(const char *dir, int nlog, const cJSON *local,
			       const struct lab *lab)
{
	char *why = NULL;

	for (int i = 0; i < nlog && why == NULL; i++) {
		char *path = xasprintf("%s/.cc-%d.log", dir, i);
		char *text = read_file(path, MAX_LOG, NULL), *save, *line;

		for (line = text ? strtok_r(text, "\n", &save) : NULL; line && why == NULL;
		     line = strtok_r(NULL, "\n", &save)) {
			const char *kind, *p = traced_line(line, &kind), *file = line + 13, *c;
			const cJSON *o;
			int k = 0;

			if (p == NULL || strcmp(kind, "definition") != 0)
				continue;
			for (c = file; c < p; c++)      /* the file's base name */
				if (*c == '/')
					file = c + 1;
			cJSON_ArrayForEach(o, local) {
				if (why == NULL && is_allowed(o, p + strlen(kind) + 6))
					why = xasprintf("%s defines `%s`, a name %s%.*s defines "
							"too: yours would replace it in the whole "
							"program, the test runner included.  A lab "
							"file may not define a global name of the C "
							"library, the test runner or the kit: rename "
							"it, or make it static", lab->inspect[k],
							p + strlen(kind) + 6,
							strncmp(file, "cc", 2) == 0 ? "the kit's code" : "",
							strncmp(file, "cc", 2) == 0 ? 0 : (int)(p - file),
							file);
				k++;
			}
		}
		free(text);
		free(path);
	}
	return why;
}

/*
 * Link the programs at once, one compiler each.  Only the programs the
 * scenarios run are built: grading needs no demo that does not touch the
 * student's code.  Each linker traces the names made local (-y), so that
 * defined_elsewhere can say who else defines one.
 */
static int link_programs(const struct lab *lab, const char *dir, char *const *only,
			 const cJSON *local, char **why)
{
	const cJSON *progs = cJSON_GetObjectItem(lab->json, "programs"), *p, *o, *x;
	int n = 0, r;
	pid_t *pids = xmalloc((cJSON_GetArraySize(progs) + 1) * sizeof *pids);
	cJSON *traced = cJSON_CreateArray();

	cJSON_ArrayForEach(o, local)
		cJSON_ArrayForEach(x, o) {
			char *flag = xasprintf("-Wl,-y,%s", x->valuestring);

			cJSON_AddItemToArray(traced, cJSON_CreateString(flag));
			free(flag);
		}
	cJSON_ArrayForEach(p, progs) {
		char *log = xasprintf("%s/.cc-%d.log", dir, n), **objs;
		char **argv = cc_argv(lab, p, traced, &objs);

		if (wanted(only, p->string))
			pids[n++] = spawn_logged(dir, argv, log);
		for (char **f = objs; *f; f++)
			free(*f);
		free(objs);
		free(argv);
		free(log);
	}
	r = wait_compilers(pids, n, dir, ".cc", why);
	if (r == 0 && (*why = defined_elsewhere(dir, n, local, lab)) != NULL)
		r = -1;
	cJSON_Delete(traced);
	free(pids);
	return r;
}

/* ---- what a student's object file may hold ---- */

/*
 * The unit tests run the student's code inside the Check runner, whose
 * lines the grader trusts.  Code that runs in the runner - before main,
 * at exit, or in place of a function the runner calls - could forge them.
 * So each student file, compiled alone, is read here, and refused when it
 * holds any way in:
 *   - a section the loader runs code from (.init, .fini, .preinit_array,
 *     .init_array, .fini_array, .ctors, .dtors, any name): only the
 *     sections a plain C file gets from the harness's flags are allowed;
 *   - an indirect function (GNU ifunc, even a static one): the dynamic
 *     linker calls its resolver while relocating, before main;
 *   - a name of the grader's runtime, defined or called;
 *   - a versioned name (`name@VERSION`, made with .symver).
 * Every other global name lab.json's "exports" does not list (a helper
 * that forgot `static`, but also a `write`, a Check function, `main`) is
 * made local (localise): it can then replace nothing.  The link then
 * refuses the file when the C library, the test runner or the kit's code
 * defines such a name too (defined_elsewhere): that was an attempt, or a
 * name clash the student must hear of; the others are an ungraded note.
 */

/* Sections gcc makes from C with -g -O1 -fsanitize=undefined (listed by
   compiling every solution and skeleton), and their relocations. */
static const char *const sections_ok[] = {
	".text", ".text.*", ".data", ".data.*", ".bss", ".bss.*",
	".rodata", ".rodata.*", ".tdata", ".tdata.*", ".tbss", ".tbss.*",
	".eh_frame", ".debug_*", ".comment", ".note.GNU-stack", ".note.gnu.property",
	".group", ".symtab", ".strtab", ".shstrtab", NULL
};

static int section_ok(const char *name, unsigned type)
{
	/* The loader runs these by type, whatever their name. */
	if (type == SHT_INIT_ARRAY || type == SHT_FINI_ARRAY || type == SHT_PREINIT_ARRAY)
		return 0;
	if (strncmp(name, ".rela.", 6) == 0)
		name += 5;
	else if (strncmp(name, ".rel.", 5) == 0)
		name += 4;
	for (const char *const *p = sections_ok; *p; p++)
		if (fnmatch(*p, name, 0) == 0)
			return 1;
	return 0;
}

/* The object file in memory; its header and section table are checked. */
struct obj {
	const char *buf;
	size_t n;
	const Elf64_Shdr *sh;
	size_t nsh;
};

/* Section i's contents lie inside the file (and are 8-aligned when asked). */
static int inside(const struct obj *o, const Elf64_Shdr *s, int aligned)
{
	return s->sh_offset <= o->n && s->sh_size <= o->n - s->sh_offset &&
	       (!aligned || s->sh_offset % 8 == 0);
}

/* The string at off in string table s, or NULL when it is not all inside. */
static const char *elf_string(const struct obj *o, const Elf64_Shdr *s, size_t off)
{
	const char *p = o->buf + s->sh_offset + off;

	if (s->sh_type != SHT_STRTAB || !inside(o, s, 0) || off >= s->sh_size ||
	    memchr(p, '\0', s->sh_size - off) == NULL)
		return NULL;
	return p;
}

static int is_allowed(const cJSON *allowed, const char *name)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, allowed)
		if (cJSON_IsString(x) && strcmp(x->valuestring, name) == 0)
			return 1;
	return 0;
}

/*
 * Names the kit's runtime defines in the student's process: a student
 * file defining one (a do-nothing __sanitizer_cov_trace_pc), or calling
 * one the compiler would not (chaos_setup(NULL)), would turn the chaos
 * scheduling off, or the sanitizers' reports, whatever the lab's exports
 * say.
 */
static int reserved(const char *name)
{
	return strncmp(name, "__sanitizer_", 12) == 0 || strncmp(name, "__ubsan_", 8) == 0 ||
	       strncmp(name, "__tsan_", 7) == 0 || strncmp(name, "chaos_", 6) == 0;
}

/*
 * The runtime's names the compiler itself calls from a student's object.
 * Not ThreadSanitizer's annotations (__tsan_acquire, __tsan_release ...):
 * called by hand they would hide a race.
 */
static int compiler_made(const char *name)
{
	static const char *const tsan[] = {
		"__tsan_init", "__tsan_func_", "__tsan_read", "__tsan_write",
		"__tsan_unaligned_", "__tsan_volatile_", "__tsan_atomic", "__tsan_vptr_", NULL
	};

	for (const char *const *p = tsan; *p; p++)
		if (strncmp(name, *p, strlen(*p)) == 0)
			return 1;
	return strcmp(name, "__sanitizer_cov_trace_pc") == 0 || strncmp(name, "__ubsan_", 8) == 0;
}

/* Section i's *n relocations if they are section sec's (against symbol table st), else NULL. */
static const Elf64_Rela *relas_of(const struct obj *o, size_t i, size_t st, size_t sec,
				  size_t *n)
{
	const Elf64_Shdr *r = &o->sh[i];

	if (r->sh_type != SHT_RELA || r->sh_info != sec || r->sh_link != st ||
	    !inside(o, r, 1) || r->sh_entsize != sizeof(Elf64_Rela))
		return NULL;
	*n = r->sh_size / sizeof(Elf64_Rela);
	return (const Elf64_Rela *)(o->buf + r->sh_offset);
}

/* The relocations of section sec (against symbol table st) call hook inside [lo, hi)? */
static int calls_hook(const struct obj *o, size_t st, size_t sec, size_t hook,
		      uint64_t lo, uint64_t hi)
{
	for (size_t i = 1; i < o->nsh; i++) {
		size_t n;
		const Elf64_Rela *rel = relas_of(o, i, st, sec, &n);

		for (size_t k = 0; rel && k < n; k++)
			if (ELF64_R_SYM(rel[k].r_info) == hook &&
			    rel[k].r_offset >= lo && rel[k].r_offset < hi)
				return 1;
	}
	return 0;
}

/*
 * Every function the student's file defines calls the hook named hookname:
 * the chaos hook, so none was kept from the preemption points
 * (__attribute__((no_sanitize_coverage)), a function written in assembly),
 * where a race would hide; in a ThreadSanitizer build __tsan_func_entry
 * too (gcc calls it in every function that calls anything, and with the
 * chaos hook every function does), so none is no_sanitize("thread").
 */
static char *inspect_hooks(const struct obj *o, size_t st, const char *file,
			   const char *hookname, const char *what)
{
	const Elf64_Shdr *s = &o->sh[st];
	const Elf64_Sym *sym = (const Elf64_Sym *)(o->buf + s->sh_offset);
	size_t nsym = s->sh_size / sizeof *sym, hook = 0;

	for (size_t k = 1; k < nsym && hook == 0; k++) {
		const char *name = elf_string(o, &o->sh[s->sh_link], sym[k].st_name);

		if (name && strcmp(name, hookname) == 0 && sym[k].st_shndx == SHN_UNDEF)
			hook = k;
	}
	for (size_t k = 1; k < nsym; k++) {
		const char *name = elf_string(o, &o->sh[s->sh_link], sym[k].st_name);

		if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || sym[k].st_shndx == SHN_UNDEF ||
		    sym[k].st_shndx >= SHN_LORESERVE)
			continue;
		if (hook == 0 || !calls_hook(o, st, sym[k].st_shndx, hook, sym[k].st_value,
					     sym[k].st_value + (sym[k].st_size ? sym[k].st_size : 1)))
			return xasprintf("%s: function `%s` is not compiled with %s: "
					 "not allowed in a lab file", file, name ? name : "?", what);
	}
	return NULL;
}

/* Every symbol, local ones too: a static ifunc runs its resolver as well.
   The global names outside the contract go to local, to be made local. */
static char *inspect_symbols(const struct obj *o, const Elf64_Shdr *st,
			     const cJSON *allowed, const char *file, cJSON *local)
{
	const Elf64_Sym *sym = (const Elf64_Sym *)(o->buf + st->sh_offset);

	if (!inside(o, st, 1) || st->sh_entsize != sizeof *sym || st->sh_link >= o->nsh)
		return xasprintf("%s: its compiled symbol table cannot be read", file);
	for (size_t k = 0; k < st->sh_size / sizeof *sym; k++) {
		const char *name = elf_string(o, &o->sh[st->sh_link], sym[k].st_name);

		if (name == NULL)
			return xasprintf("%s: its compiled symbol table cannot be read", file);
		if (ELF64_ST_TYPE(sym[k].st_info) == STT_GNU_IFUNC)
			return xasprintf("%s makes `%s` an indirect function (ifunc), whose "
					 "resolver runs before main: not allowed in a lab file",
					 file, name);
		if (ELF64_ST_BIND(sym[k].st_info) != STB_LOCAL && reserved(name) &&
		    (sym[k].st_shndx != SHN_UNDEF || !compiler_made(name)))
			return xasprintf("%s %s `%s`, a name of the grader's own runtime: "
					 "not allowed in a lab file", file,
					 sym[k].st_shndx == SHN_UNDEF ? "uses" : "defines", name);
		if (allowed && ELF64_ST_BIND(sym[k].st_info) != STB_LOCAL &&
		    sym[k].st_shndx != SHN_UNDEF && !is_allowed(allowed, name)) {
			if (strchr(name, '@'))
				return xasprintf("%s defines `%s`, a versioned name (.symver): "
						 "not allowed in a lab file", file, name);
			if (!is_allowed(local, name))
				cJSON_AddItemToArray(local, cJSON_CreateString(name));
		}
	}
	return NULL;
}

/* Every relocation of section sec inside [lo, hi) names a hook the compiler calls. */
static int calls_only_hooks(const struct obj *o, size_t st, size_t sec, uint64_t lo, uint64_t hi)
{
	const Elf64_Shdr *s = &o->sh[st];
	const Elf64_Sym *sym = (const Elf64_Sym *)(o->buf + s->sh_offset);

	for (size_t i = 1; i < o->nsh; i++) {
		size_t n;
		const Elf64_Rela *rel = relas_of(o, i, st, sec, &n);

		for (size_t k = 0; rel && k < n; k++) {
			size_t y = ELF64_R_SYM(rel[k].r_info);
			const char *name;

			if (rel[k].r_offset < lo || rel[k].r_offset >= hi)
				continue;
			if (y >= s->sh_size / sizeof *sym || sym[y].st_shndx != SHN_UNDEF ||
			    (name = elf_string(o, &o->sh[s->sh_link], sym[y].st_name)) == NULL ||
			    !compiler_made(name))
				return 0;
		}
	}
	return 1;
}

/*
 * ThreadSanitizer's constructor: with -fsanitize=thread gcc gives every
 * object a function that calls __tsan_init, run from .init_array.00099.
 * rs is that section's relocations: allowed when they point the one
 * pointer at a function that calls nothing but the compiler's hooks (a
 * constructor of the student's calls something else, and is refused).
 */
static int tsan_ctor(const struct obj *o, size_t rs)
{
	const Elf64_Shdr *r = &o->sh[rs], *st;
	const Elf64_Rela *rel = (const Elf64_Rela *)(o->buf + r->sh_offset);
	const Elf64_Sym *sym;
	size_t nsym, y, sec;
	uint64_t at;

	if (r->sh_type != SHT_RELA || !inside(o, r, 1) || r->sh_entsize != sizeof *rel ||
	    r->sh_size != sizeof *rel || r->sh_info >= o->nsh || r->sh_link >= o->nsh ||
	    o->sh[r->sh_info].sh_type != SHT_INIT_ARRAY || o->sh[r->sh_info].sh_size != 8)
		return 0;
	st = &o->sh[r->sh_link];
	sym = (const Elf64_Sym *)(o->buf + st->sh_offset);
	if (st->sh_type != SHT_SYMTAB || !inside(o, st, 1) || st->sh_entsize != sizeof *sym ||
	    ELF64_R_TYPE(rel->r_info) != R_X86_64_64 || rel->r_offset != 0 ||
	    (y = ELF64_R_SYM(rel->r_info)) >= (nsym = st->sh_size / sizeof *sym))
		return 0;
	sec = sym[y].st_shndx;
	at = sym[y].st_value + rel->r_addend;
	if (sec == SHN_UNDEF || sec >= o->nsh)
		return 0;
	for (size_t k = 1; k < nsym; k++)
		if (ELF64_ST_TYPE(sym[k].st_info) == STT_FUNC && sym[k].st_shndx == sec &&
		    sym[k].st_value == at && sym[k].st_size > 0)
			return calls_only_hooks(o, r->sh_link, sec, at, at + sym[k].st_size);
	return 0;
}

/* Section i is ThreadSanitizer's constructor or its relocations, as tsan_ctor allows. */
static int tsan_section(const struct obj *o, size_t i, const char *name)
{
	if (strcmp(name, ".rela.init_array.00099") == 0)
		return tsan_ctor(o, i);
	if (strcmp(name, ".init_array.00099") == 0)
		for (size_t r = 1; r < o->nsh; r++)
			if (o->sh[r].sh_type == SHT_RELA && o->sh[r].sh_info == i)
				return tsan_ctor(o, r);
	return 0;
}

/* Why the object file buf[0..n) may not be linked into the tests, or NULL;
   the global names to make local go to local.  tsan: a ThreadSanitizer build. */
static char *inspect_object(const char *buf, size_t n, const cJSON *allowed,
			    const char *file, cJSON *local, int tsan)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
	struct obj o = { buf, n, NULL, 0 };
	char *why = NULL;

	if (n < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_REL ||
	    eh->e_shentsize != sizeof *o.sh || eh->e_shoff % 8 != 0 || eh->e_shoff > n ||
	    eh->e_shnum > (n - eh->e_shoff) / sizeof *o.sh || eh->e_shstrndx >= eh->e_shnum)
		return xasprintf("%s: the grader cannot read its compiled object "
				 "(a 64-bit ELF file is expected)", file);
	o.sh = (const Elf64_Shdr *)(buf + eh->e_shoff);
	o.nsh = eh->e_shnum;
	for (size_t i = 1; i < o.nsh && why == NULL; i++) {
		const char *name = elf_string(&o, &o.sh[eh->e_shstrndx], o.sh[i].sh_name);

		if (name != NULL && tsan && tsan_section(&o, i, name))
			continue;
		if (name == NULL || !section_ok(name, o.sh[i].sh_type))
			why = xasprintf("%s has a section `%s`, which plain C does not "
					"make (a constructor, a destructor, code the "
					"loader runs before or after main?): not allowed "
					"in a lab file", file, name ? name : "(unreadable)");
		else if (o.sh[i].sh_type == SHT_SYMTAB &&
			 (why = inspect_symbols(&o, &o.sh[i], allowed, file, local)) == NULL &&
			 (why = inspect_hooks(&o, i, file, "__sanitizer_cov_trace_pc",
					      "the grader's preemption points (no_sanitize_coverage? "
					      "assembly?)")) == NULL && tsan)
			why = inspect_hooks(&o, i, file, "__tsan_func_entry",
					    "ThreadSanitizer (no_sanitize(\"thread\")?)");
	}
	return why;
}

/* local gets one array per student object: the global names to make local. */
static char *inspect_student(const struct lab *lab, const char *dir, cJSON *local)
{
	char *why = NULL;

	for (int i = 0; i < lab->ninspect && why == NULL; i++) {
		char *path = xasprintf("%s/.student-%d.o", dir, i);
		size_t n;
		char *buf = read_file(path, MAX_OBJECT, &n);
		cJSON *names = cJSON_CreateArray();

		if (buf == NULL)
			die("%s: %s", path, strerror(errno));
		cJSON_AddItemToArray(local, names);
		why = inspect_object(buf, n, lab->allowed, lab->inspect[i], names, lab_tsan(lab));
		free(buf);
		free(path);
	}
	return why;
}

/*
 * Make the names in local[i] local symbols of .student-i.o (objcopy
 * --localize-symbol): the object's own calls still reach them, nothing
 * else can, and two files' helpers of one name no longer clash.  Each
 * becomes a line of the lab's ungraded note (notes, malloc'd).
 */
static char *localise(const struct lab *lab, const char *dir, const cJSON *local,
		      char **notes)
{
	const cJSON *o, *x;
	char *why = NULL;
	size_t len = 0;
	FILE *m = open_memstream(notes, &len);
	int i = 0, noted = 0;

	if (m == NULL)
		die("open_memstream: %s", strerror(errno));
	cJSON_ArrayForEach(o, local) {
		int n = cJSON_GetArraySize(o), k = 0, status;
		char **argv = xmalloc((n + 3) * sizeof *argv);
		char *log = xasprintf("%s/.objcopy-%d.log", dir, i);
		pid_t pid;

		argv[k++] = "objcopy";
		cJSON_ArrayForEach(x, o) {
			argv[k++] = xasprintf("--localize-symbol=%s", x->valuestring);
			fprintf(m, "%s`%s`", k > 2 ? ", " : noted ? "; " : "", x->valuestring);
		}
		if (n > 0)
			fprintf(m, " in %s should be static: only the functions its header "
				"declares may be global, so the grader made %s local",
				lab->inspect[i], n > 1 ? "them" : "it");
		noted += n > 0;
		argv[k++] = student_object(i);
		argv[k] = NULL;
		if (n > 0) {
			pid = spawn_logged(dir, argv, log);
			while (waitpid(pid, &status, 0) < 0)
				if (errno != EINTR)
					die("waitpid: %s", strerror(errno));
			if (why == NULL && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
				why = xasprintf("%s: the grader could not make its helpers "
						"local (objcopy failed): make them static",
						lab->inspect[i]);
		}
		while (k > 1)
			free(argv[--k]);
		free(argv);
		free(log);
		i++;
	}
	if (fclose(m) != 0)
		die("open_memstream: %s", strerror(errno));
	return why;
}

/* Copy the named student files of one lab from the submission into dst. */
static char *take_lab_files(const char *subroot, const char *labname,
			    char *const *files, int n, const char *dst)
{
	char *subdir = xasprintf("%s/%s", subroot, labname);
	int dirfd = open(subdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	char *why = NULL;

	free(subdir);
	if (dirfd < 0)
		return xasprintf("the submission has no folder %s (%s)", labname,
				 errno == ELOOP ? "it is a symbolic link" : strerror(errno));
	for (int i = 0; i < n && why == NULL; i++)
		why = take_student_file(dirfd, labname, files[i], dst);
	close(dirfd);
	return why;
}

/*
 * "uses": {"02-join": ["process.h", "process.c"]} - a lab built on an
 * earlier lab's primitive gets the student's own copy of each file the
 * earlier lab marks as the student's, and the kit's copy of the rest.
 */
static char *take_used_files(const struct lab *lab, const char *kitdir,
			     const char *subroot, const char *dst)
{
	const cJSON *uses = cJSON_GetObjectItem(lab->json, "uses"), *u, *f;
	char err[512], *why = NULL;

	cJSON_ArrayForEach(u, uses) {
		struct lab used;

		if (lab_load(&used, kitdir, u->string, err, sizeof err) < 0)
			die("%s: uses %s: %s", lab->name, u->string, err);
		cJSON_ArrayForEach(f, u) {
			char *name = cJSON_GetStringValue(f);

			if (name == NULL || why)
				continue;
			if (is_student(&used, name)) {
				why = take_lab_files(subroot, used.name, &name, 1, dst);
			} else {
				char *path = xasprintf("%s/%s/%s", kitdir, used.name, name);
				size_t n;
				char *buf = read_file(path, MAX_SOURCE, &n);

				if (buf == NULL)
					die("%s: %s", path, strerror(errno));
				put_file(dst, name, buf, n);
				free(buf);
				free(path);
			}
		}
		lab_free(&used);
	}
	return why;
}

/* What the confined build is given, and what it leaves in the build folder. */
struct job {
	const struct lab *lab;
	char *const *only;
};

#define WHY_FILE ".why"
#define NOTES_FILE ".notes"
#define BUILD_LOG ".build.log"

/*
 * Inside the sandbox: compile, inspect, localise, link; leave the reason
 * for a failure in WHY_FILE, the ungraded notes in NOTES_FILE.
 */
static int build_inside(void *arg)
{
	const struct job *j = arg;
	char *why = NULL, *notes = NULL;
	cJSON *local = cJSON_CreateArray();
	int built = compile_students(j->lab, ".", &why) == 0 &&
		    (why = inspect_student(j->lab, ".", local)) == NULL &&
		    (why = localise(j->lab, ".", local, &notes)) == NULL &&
		    link_programs(j->lab, ".", j->only, local, &why) == 0;

	if (built && notes && notes[0])
		put_file(".", NOTES_FILE, notes, strlen(notes));
	if (!built)
		put_file(".", WHY_FILE, why, strlen(why));
	free(notes);
	free(why);
	cJSON_Delete(local);
	return !built;
}

char *build_notes(const char *scratch)
{
	char *path = xasprintf("%s/%s", scratch, NOTES_FILE);
	char *text = read_file(path, MAX_LOG, NULL);

	free(path);
	return text;
}

/*
 * The build's wall clock: BUILD_SECONDS on an idle machine, stretched by
 * the load per CPU.  A compiler that merely waits for a CPU among many
 * graders must not make a correct file "not compile"; cpu time is
 * capped anyway (BUILD_CPU a process).  A build that blocks (one that
 * reads a device) does not wait for it: run_confined stops it after
 * BUILD_IDLE s without progress, however busy the machine is.
 */
static int build_seconds(void)
{
	double load, stretch = 1;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (getloadavg(&load, 1) == 1 && cpus > 0 && load / cpus > 1)
		stretch = load / cpus;
	if (stretch > BUILD_STRETCH)
		stretch = BUILD_STRETCH;
	return (int)(BUILD_SECONDS * stretch);
}

/*
 * Compile the lab in dir as a run is run: sandboxed, under a run's uid and
 * limits (the compilers inherit them; inspect_student reads the
 * objects they made in there too), so a student's file can include or
 * embed nothing the student did not already have, and a hostile one (an
 * endless include, a huge array) is stopped.  NULL when built, or the
 * reason.
 */
static char *build_confined(const struct lab *lab, const char *dir, char *const *only)
{
	struct job j = { lab, only };
	char *log = xasprintf("%s/%s", dir, BUILD_LOG), *path, *text, *why;
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int status, seconds = build_seconds();

	if (fd < 0)
		die("%s: %s", log, strerror(errno));
	status = run_confined(dir, fd, seconds * 1e3, BUILD_IDLE * 1e3, build_inside, &j);
	close(fd);
	if (status == 0) {
		free(log);
		return NULL;
	}
	path = xasprintf("%s/%s", dir, status == 1 << 8 ? WHY_FILE : BUILD_LOG);
	text = read_file(path, MAX_LOG, NULL);
	if (status == 1 << 8 && text)
		why = xstrdup(text);
	else if (status == RUN_TIMED_OUT)
		why = xasprintf("does not compile: the build was stopped after %d s "
				"(a file that includes itself? one that reads a device?)\n",
				seconds);
	else if (status == RUN_IDLE)
		why = xasprintf("does not compile: the build made no progress for %d s: "
				"is something it reads blocking?  (an `#include` or "
				"`.incbin` of a device or FIFO that nothing writes, "
				"such as /dev/ptmx)\n",
				BUILD_IDLE);
	else if (WIFSIGNALED(status))
		why = xasprintf("does not compile: the build was killed by signal %d "
				"(out of memory or cpu time: a huge array, an endless include?)\n%s",
				WTERMSIG(status), text ? text : "");
	else
		why = xasprintf("does not compile: the build failed (status %d)\n%s",
				WEXITSTATUS(status), text ? text : "");
	free(text);
	free(path);
	free(log);
	return why;
}

/*
 * The compiler's warnings on the student's own files, from a build that
 * succeeded: shown with the lab, not graded.  NULL when there are none.
 */
char *build_warnings(const struct lab *lab, const char *dir)
{
	char *all = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&all, &len);

	if (m == NULL)
		die("open_memstream: %s", strerror(errno));
	for (int i = 0; i < lab->ninspect; i++) {
		char *path = xasprintf("%s/.cc-student-%d.log", dir, i);
		char *text = read_file(path, MAX_LOG, NULL);

		if (text)
			fputs(text, m);
		free(text);
		free(path);
	}
	fclose(m);
	if (len == 0) {
		free(all);
		return NULL;
	}
	return cut_lines(all, 40, 4096);
}

int build_lab(const struct lab *lab, const char *kitdir, const char *subroot,
	      char *const *only, char *scratch, size_t scratchlen, char **why)
{
	char *kitlab = xasprintf("%s/%s", kitdir, lab->name);
	char *common = xasprintf("%s/common", kitdir);
	char *subcommon;

	/* As root a run's uid (a slot's) may not reach $TMPDIR: use /tmp. */
	snprintf(scratch, scratchlen, "%s/proclab.XXXXXX",
		 getenv("TMPDIR") && geteuid() != 0 ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(scratch) == NULL)
		die("mkdtemp %s: %s", scratch, strerror(errno));
	/* A run's uid must read and run, not write (a build borrows it). */
	chmod(scratch, 0755);
	subcommon = xasprintf("%s/common", scratch);
	if (mkdir(subcommon, 0755) < 0)
		die("mkdir %s: %s", subcommon, strerror(errno));
	copy_kit(lab, kitlab, scratch);
	copy_kit(NULL, common, subcommon);
	free(kitlab);
	free(common);
	free(subcommon);

	*why = take_used_files(lab, kitdir, subroot, scratch);
	if (*why == NULL)
		*why = take_lab_files(subroot, lab->name, lab->student, lab->nstudent, scratch);
	if (*why)
		return -1;
	*why = build_confined(lab, scratch, only);
	return *why ? -1 : 0;
}

/* rm -rf dir, without following symlinks out of it. */
static void remove_at(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *de;

	if (fd >= 0 && (d = fdopendir(fd)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				remove_at(fd, de->d_name);
		closedir(d);
		unlinkat(parent, name, AT_REMOVEDIR);
	} else {
		if (fd >= 0)
			close(fd);
		unlinkat(parent, name, 0);
	}
}

void remove_tree(const char *dir)
{
	remove_at(AT_FDCWD, dir);
}
