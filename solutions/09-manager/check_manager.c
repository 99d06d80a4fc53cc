/*
 * check_manager.c - unit tests for server.c and proxy.c (Check).
 *
 * PROVIDED: the grader runs its own copy.  Run: ./check_manager
 * (CK_VERBOSITY=verbose lists every test; CK_FORK=no to debug in gdb).
 * Times are in units; unset PROCLAB_UNIT_MS means 50 ms here.  A server
 * that never answers is caught by a child's deadline or, at worst, by the
 * tcase's time limit.
 */
#define _GNU_SOURCE
#include "labtest.h"
#include "manager.h"
#include "proclab.h"

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helpers ---- */

static struct manager *start(void)
{
	struct manager *m = manager_start();

	ck_assert_msg(m != NULL, "manager_start returned NULL (%s)", strerror(errno));
	return m;
}

static void stop(struct manager *m)
{
	ck_assert_msg(manager_shutdown(m) == 0, "manager_shutdown: -1 (%s): the "
		      "server did not exit 0", strerror(errno));
}

/*
 * spawn_child (labtest.h) for fn(m, arg): the child exits with it and is
 * killed when the test process ends.
 */
struct spawned { int (*fn)(struct manager *, long); struct manager *m; long arg; };
static int run_spawned(void *p) { struct spawned *c = p; return c->fn(c->m, c->arg); }
static pid_t child(int (*fn)(struct manager *, long), struct manager *m, long arg)
{
	struct spawned c = { fn, m, arg };

	return spawn_child(run_spawned, &c);
}

/* join_within: the child was still running after its units (then killed). */
#define TIMED_OUT (-1000)

/* Wait for pid at most units; as join_child, or TIMED_OUT. */
static int join_within(pid_t pid, double units)
{
	double t0 = now_units();
	int status;
	pid_t r;

	while ((r = waitpid(pid, &status, WNOHANG)) == 0 && now_units() - t0 < units)
		sleep_units(0.02);
	if (r == 0) {
		kill(pid, SIGKILL);
		join_child(pid);
		return TIMED_OUT;
	}
	ck_assert_int_eq(r, pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

/* A call that must succeed. */
#define ck_assert_ok(call) \
	ck_assert_msg((call) >= 0, "%s: -1 (%s)", #call, strerror(errno))

/* Values. */
#define ck_assert_int_value(v, want) do {					\
	ck_assert_msg((v).type == MV_INT, "%s: want the integer %lld, got "	\
		      "a value of type %d ('%c')", #v, (long long)(want),	\
		      (v).type, (v).type);					\
	ck_assert_msg((v).i == (want), "%s: want %lld, got %lld", #v,		\
		      (long long)(want), (v).i);				\
} while (0)
#define ck_assert_str_value(v, want) do {					\
	ck_assert_msg((v).type == MV_STR, "%s: want the string '%s', got a "	\
		      "value of type %d ('%c')", #v, (want), (v).type, (v).type); \
	ck_assert_str_eq((v).s, (want));					\
} while (0)

static void append_str(struct manager *m, const char *s)
{
	struct mvalue v = mv_str(s);

	ck_assert_ok(list_append(m, &v));
}

/* A raw connection to the server, to send what no proxy sends. */
static int dial(struct manager *m)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(manager_address(m));
	strcpy(a.sun_path, manager_address(m));
	ck_assert_msg(connect(fd, (struct sockaddr *)&a, sizeof a) == 0,
		      "connect to manager_address %s: %s", a.sun_path, strerror(errno));
	return fd;
}

static void raw_send(int fd, const void *bytes, size_t len)
{
	ck_assert_int_eq(send(fd, bytes, len, MSG_NOSIGNAL), (ssize_t)len);
}

/* Read a reply on fd: its errno when it is REPLY_ERR, 0 for REPLY_OK,
   -1 when none came (the server closed the connection). */
static int reply_error(int fd)
{
	static struct msg rep;
	unsigned status;
	uint32_t err;

	if (msg_recv(fd, &rep) < 0)
		return -1;
	ck_assert_int_eq(get_u8(&rep, &status), 0);
	if (status == REPLY_OK)
		return 0;
	ck_assert_int_eq(status, REPLY_ERR);
	ck_assert_int_eq(get_u32(&rep, &err), 0);
	return err;
}

/* ---- the list ---- */

START_TEST(test_start_shutdown)
{
	struct manager *m = start();
	pid_t pid = manager_pid(m);
	struct stat st;

	ck_assert_int_gt(pid, 0);
	ck_assert_int_ne(pid, getpid());
	ck_assert_int_eq(kill(pid, 0), 0);
	ck_assert_msg(manager_address(m) != NULL && stat(manager_address(m), &st) == 0 &&
		      S_ISSOCK(st.st_mode), "manager_address is not a socket");
	ck_assert_int_eq(list_len(m), 0);
	ck_assert_int_eq(dict_len(m), 0);
	/* ^C is for the starter: the server ignores SIGINT (it has answered,
	   so it is past whatever it did to ignore it) */
	ck_assert_int_eq(kill(pid, SIGINT), 0);
	ck_assert_msg(list_len(m) == 0, "after a SIGINT the server did not answer "
		      "(%s): it must ignore SIGINT, as Python's does", strerror(errno));
	stop(m);
}
END_TEST

START_TEST(test_list_append_get)
{
	struct manager *m = start();
	struct mvalue v = mv_int(42);

	ck_assert_ok(list_append(m, &v));
	append_str(m, "Hello!!");
	append_str(m, "你好");
	ck_assert_int_eq(list_len(m), 3);
	ck_assert_ok(list_get(m, 0, &v));
	ck_assert_int_value(v, 42);
	ck_assert_ok(list_get(m, 1, &v));
	ck_assert_str_value(v, "Hello!!");
	ck_assert_ok(list_get(m, 2, &v));
	ck_assert_str_value(v, "你好");
	ck_assert_ok(list_get(m, -1, &v));      /* l[-1]: the last */
	ck_assert_str_value(v, "你好");
	ck_assert_ok(list_get(m, -3, &v));
	ck_assert_int_value(v, 42);
	stop(m);
}
END_TEST

START_TEST(test_list_set_pop)
{
	struct manager *m = start();
	struct mvalue v;

	append_str(m, "a");
	append_str(m, "b");
	append_str(m, "c");
	v = mv_int(-7);
	ck_assert_ok(list_set(m, 1, &v));
	ck_assert_ok(list_get(m, 1, &v));
	ck_assert_int_value(v, -7);
	v = mv_str("z");
	ck_assert_ok(list_set(m, -1, &v));
	ck_assert_ok(list_pop(m, -1, &v));      /* l.pop() */
	ck_assert_str_value(v, "z");
	ck_assert_int_eq(list_len(m), 2);
	ck_assert_ok(list_pop(m, 0, &v));       /* l.pop(0) */
	ck_assert_str_value(v, "a");
	ck_assert_int_eq(list_len(m), 1);
	ck_assert_ok(list_get(m, 0, &v));
	ck_assert_int_value(v, -7);
	stop(m);
}
END_TEST

START_TEST(test_list_index_error)
{
	struct manager *m = start();
	struct mvalue v = mv_str("untouched"), one = mv_int(1);

	assert_fails_with(list_pop(m, -1, &v), ERANGE);         /* empty */
	assert_fails_with(list_get(m, 0, &v), ERANGE);
	ck_assert_ok(list_append(m, &one));
	assert_fails_with(list_get(m, 1, &v), ERANGE);
	assert_fails_with(list_get(m, -2, &v), ERANGE);
	assert_fails_with(list_get(m, LLONG_MIN, &v), ERANGE);
	assert_fails_with(list_set(m, 5, &one), ERANGE);
	assert_fails_with(list_pop(m, 3, &v), ERANGE);
	ck_assert_str_value(v, "untouched");    /* an error leaves out alone */
	ck_assert_int_eq(list_len(m), 1);       /* and the list */
	ck_assert_ok(list_get(m, 0, &v));
	ck_assert_int_value(v, 1);
	stop(m);
}
END_TEST

START_TEST(test_values_kept)
{
	static const long long ints[] = { 0, -1, LLONG_MIN, LLONG_MAX, 1LL << 40 };
	static char longest[MSTR_MAX + 1];
	struct manager *m = start();
	struct mvalue v;
	int n = sizeof ints / sizeof ints[0];

	memset(longest, 'x', MSTR_MAX);
	for (int k = 0; k < n; k++) {
		v = mv_int(ints[k]);
		ck_assert_ok(list_append(m, &v));
	}
	append_str(m, "7");                     /* the string, not the int */
	append_str(m, "");
	append_str(m, longest);
	for (int k = 0; k < n; k++) {
		ck_assert_ok(list_get(m, k, &v));
		ck_assert_int_value(v, ints[k]);
	}
	ck_assert_ok(list_get(m, n, &v));
	ck_assert_str_value(v, "7");
	ck_assert_ok(list_get(m, n + 1, &v));
	ck_assert_str_value(v, "");
	ck_assert_ok(list_get(m, n + 2, &v));
	ck_assert_str_value(v, longest);
	stop(m);
}
END_TEST

START_TEST(test_utf8)
{
	static const char *texts[] = { "你好", "é", "🙂 ok", "shiyi" };
	struct manager *m = start();
	struct mvalue v = mv_str("\xff\xfe"), big;
	static char toolong[MSTR_MAX + 2];

	assert_fails_with(list_append(m, &v), EILSEQ);
	memset(toolong, 'y', MSTR_MAX + 1);
	big = mv_str(toolong);
	assert_fails_with(list_append(m, &big), E2BIG);
	assert_fails_with(dict_set(m, toolong, &v), E2BIG);
	ck_assert_int_eq(list_len(m), 0);       /* refused: nothing added */
	for (int k = 0; k < 4; k++) {
		v = mv_str(texts[k]);
		ck_assert_ok(dict_set(m, texts[k], &v));
	}
	for (int k = 0; k < 4; k++) {
		ck_assert_ok(dict_get(m, texts[k], &v));
		ck_assert_str_value(v, texts[k]);
	}
	stop(m);
}
END_TEST

/* ---- the dict ---- */

START_TEST(test_dict_set_get)
{
	struct manager *m = start();
	struct mvalue v = mv_str("shiyi");

	ck_assert_ok(dict_set(m, "name", &v));
	v = mv_int(3);
	ck_assert_ok(dict_set(m, "age", &v));
	ck_assert_int_eq(dict_len(m), 2);
	ck_assert_ok(dict_get(m, "name", &v));
	ck_assert_str_value(v, "shiyi");
	v = mv_str("十一");
	ck_assert_ok(dict_set(m, "name", &v));  /* replaces */
	ck_assert_int_eq(dict_len(m), 2);
	ck_assert_ok(dict_get(m, "name", &v));
	ck_assert_str_value(v, "十一");
	ck_assert_ok(dict_get(m, "age", &v));
	ck_assert_int_value(v, 3);
	ck_assert_ok(dict_delete(m, "age"));
	ck_assert_int_eq(dict_len(m), 1);
	ck_assert_int_eq(list_len(m), 0);       /* the list is another thing */
	stop(m);
}
END_TEST

START_TEST(test_dict_key_error)
{
	struct manager *m = start();
	struct mvalue v = mv_int(1), out = mv_str("untouched");

	assert_fails_with(dict_get(m, "missing", &out), ENOENT);
	assert_fails_with(dict_delete(m, "missing"), ENOENT);
	ck_assert_ok(dict_set(m, "k", &v));
	ck_assert_ok(dict_delete(m, "k"));
	assert_fails_with(dict_get(m, "k", &out), ENOENT);
	assert_fails_with(dict_delete(m, "k"), ENOENT);
	ck_assert_str_value(out, "untouched");
	ck_assert_int_eq(dict_len(m), 0);
	stop(m);
}
END_TEST

START_TEST(test_dict_keys_order)
{
	struct manager *m = start();
	struct mvalue v = mv_int(0), keys[8];
	const char *want[] = { "a", "c", "b" };

	ck_assert_int_eq(dict_keys(m, keys, 8), 0);
	ck_assert_ok(dict_set(m, "b", &v));
	ck_assert_ok(dict_set(m, "a", &v));
	ck_assert_ok(dict_set(m, "c", &v));
	ck_assert_ok(dict_delete(m, "b"));      /* the others keep their order */
	ck_assert_ok(dict_set(m, "b", &v));     /* back in, last */
	ck_assert_ok(dict_set(m, "a", &v));     /* a new value keeps its place */
	ck_assert_int_eq(dict_keys(m, keys, 8), 3);
	for (int k = 0; k < 3; k++)
		ck_assert_str_value(keys[k], want[k]);
	keys[1] = mv_str("untouched");
	ck_assert_int_eq(dict_keys(m, keys, 1), 3);     /* all counted, 1 given */
	ck_assert_str_value(keys[0], "a");
	ck_assert_str_value(keys[1], "untouched");
	stop(m);
}
END_TEST

/* ---- processes ---- */

/* The seeds' child: l.append("你好"); d["name"] = "shiyi". */
static int seed_child(struct manager *m, long unused)
{
	struct mvalue hello = mv_str("你好"), name = mv_str("shiyi");

	(void)unused;
	return list_append(m, &hello) < 0 || dict_set(m, "name", &name) < 0;
}

START_TEST(test_child_change_visible)
{
	struct manager *m = start();
	struct mvalue v;
	long long len;

	append_str(m, "Hello!!");
	ck_assert_child(child(seed_child, m, 0), "list_append or dict_set failed");
	len = list_len(m);      /* asked once: a second call may tell another story */
	ck_assert_msg(len == 2, "after join the parent's list_len is %lld (%s), not 2: "
		      "the child's append did not reach the parent (does a proxy keep "
		      "values instead of asking the server? did the child spoil the "
		      "parent's connection?)", len, len < 0 ? strerror(errno) : "no error");
	ck_assert_ok(list_get(m, 0, &v));
	ck_assert_str_value(v, "Hello!!");
	ck_assert_ok(list_get(m, 1, &v));
	ck_assert_str_value(v, "你好");
	ck_assert_ok(dict_get(m, "name", &v));
	ck_assert_str_value(v, "shiyi");
	stop(m);
}
END_TEST

/* Wait for the parent's append, then check it is there. */
static int sees_parent(struct manager *m, long fd)
{
	struct mvalue v;
	char c;

	if (read((int)fd, &c, 1) != 1)
		return 2;
	return list_len(m) != 1 || list_get(m, 0, &v) < 0 || v.type != MV_INT ||
	       v.i != 99 ? 1 : 0;
}

START_TEST(test_parent_change_visible)
{
	struct manager *m = start();
	struct mvalue v = mv_int(99);
	int go[2];
	pid_t pid;

	ck_assert_int_eq(list_len(m), 0);       /* the parent is connected */
	ck_assert_int_eq(pipe(go), 0);
	pid = child(sees_parent, m, go[0]);
	ck_assert_ok(list_append(m, &v));       /* after the fork */
	ck_assert_int_eq(write(go[1], "x", 1), 1);
	ck_assert_child(pid, "the parent's append, made after the fork, "
			"was not seen by the child");
	stop(m);
}
END_TEST

enum { NCHILD = 8, NITEM = 50 };

static int append_items(struct manager *m, long i)
{
	char item[32];

	for (int j = 0; j < NITEM; j++) {
		struct mvalue v;

		snprintf(item, sizeof item, "%ld.%d", i, j);
		v = mv_str(item);
		if (list_append(m, &v) < 0)
			return 1;
	}
	return 0;
}

START_TEST(test_concurrent_appends)
{
	struct manager *m = start();
	int seen[NCHILD][NITEM] = { { 0 } }, last[NCHILD];
	pid_t pids[NCHILD];
	long long len;
	struct mvalue v;

	for (int i = 0; i < NCHILD; i++)
		pids[i] = child(append_items, m, i);
	for (int i = 0; i < NCHILD; i++)
		ck_assert_child(pids[i], "list_append failed");
	len = list_len(m);
	ck_assert_msg(len == NCHILD * NITEM, "%d children x %d appends: the list "
		      "has %lld items", NCHILD, NITEM, len);
	for (int i = 0; i < NCHILD; i++)
		last[i] = -1;
	for (long long k = 0; k < len; k++) {
		int i, j;

		ck_assert_ok(list_get(m, k, &v));
		ck_assert_msg(v.type == MV_STR && sscanf(v.s, "%d.%d", &i, &j) == 2 &&
			      i >= 0 && i < NCHILD && j >= 0 && j < NITEM,
			      "item %lld is not one a child appended", k);
		ck_assert_msg(++seen[i][j] == 1, "item %d.%d is in the list twice", i, j);
		ck_assert_msg(j > last[i], "child %d's item %d comes after its item %d",
			      i, j, last[i]);
		last[i] = j;
	}
	stop(m);
}
END_TEST

/* Set my key, read it back: the reply must be mine. */
static int own_replies(struct manager *m, long i)
{
	char key[16];
	struct mvalue v;

	snprintf(key, sizeof key, "k%ld", i);
	for (int t = 0; t < 200; t++) {
		v = mv_int(i * 1000 + t);
		if (dict_set(m, key, &v) < 0 || dict_get(m, key, &v) < 0)
			return 1;
		if (v.type != MV_INT || v.i != i * 1000 + t)
			return 2;
	}
	return 0;
}

START_TEST(test_own_replies)
{
	struct manager *m = start();
	pid_t pids[4];

	ck_assert_int_eq(list_len(m), 0);       /* connected before the fork */
	for (int i = 0; i < 4; i++)
		pids[i] = child(own_replies, m, i);
	for (int i = 0; i < 4; i++) {
		int code = join_within(pids[i], 20);

		ck_assert_msg(code != 2, "child %d read back a value it did not set: "
			      "a reply meant for another process (is the parent's "
			      "connection, inherited by fork, shared?)", i);
		ck_assert_msg(code != TIMED_OUT, "child %d never got its reply (is the "
			      "parent's connection, inherited by fork, shared?)", i);
		ck_assert_exit(code, "dict_set or dict_get failed");
	}
	ck_assert_int_eq(list_len(m), 0);
	stop(m);
}
END_TEST

START_TEST(test_nested_copy)
{
	struct manager *m = start();
	struct mvalue copy, v;

	append_str(m, "Hello");
	ck_assert_ok(list_get(m, 0, &copy));
	strcat(copy.s, " world");               /* the caller's copy */
	ck_assert_ok(list_get(m, 0, &v));
	ck_assert_str_value(v, "Hello");
	ck_assert_ok(list_set(m, 0, &copy));    /* assigned back */
	ck_assert_ok(list_get(m, 0, &v));
	ck_assert_str_value(v, "Hello world");
	stop(m);
}
END_TEST

/* ---- bad clients ---- */

START_TEST(test_malformed_request)
{
	struct manager *m = start();
	unsigned char bad_op[] = { 0, 0, 0, 1, 0x7f };
	unsigned char no_op[] = { 0, 0, 0, 2, OP_LIST_LEN, 0 };        /* 1 byte over */
	unsigned char past_end[] = { 0, 0, 0, 8, OP_LIST_APPEND, MV_STR, 0, 0, 0, 50, 'a', 'b' };
	unsigned char bad_tag[] = { 0, 0, 0, 3, OP_LIST_APPEND, 'x', 1 };
	unsigned char short_int[] = { 0, 0, 0, 4, OP_LIST_APPEND, MV_INT, 0, 1 };
	unsigned char not_utf8[] = { 0, 0, 0, 8, OP_LIST_APPEND, MV_STR, 0, 0, 0, 2, 0xc3, 0x28 };
	/* a whole, good value, then a byte too many: refused, not appended */
	unsigned char append_over[] = { 0, 0, 0, 11, OP_LIST_APPEND, MV_INT, 0, 0, 0, 0, 0, 0, 0, 5, 0 };
	unsigned char len_op[] = { 0, 0, 0, 1, OP_LIST_LEN };
	int fd = dial(m);

	raw_send(fd, bad_op, sizeof bad_op);
	ck_assert_int_eq(reply_error(fd), EBADMSG);
	raw_send(fd, no_op, sizeof no_op);
	ck_assert_int_eq(reply_error(fd), EBADMSG);
	raw_send(fd, past_end, sizeof past_end);
	ck_assert_int_eq(reply_error(fd), EBADMSG);
	raw_send(fd, bad_tag, sizeof bad_tag);
	ck_assert_int_eq(reply_error(fd), EBADMSG);
	raw_send(fd, short_int, sizeof short_int);
	ck_assert_int_eq(reply_error(fd), EBADMSG);
	raw_send(fd, append_over, sizeof append_over);
	ck_assert_int_eq(reply_error(fd), EBADMSG);
	raw_send(fd, not_utf8, sizeof not_utf8);
	ck_assert_int_eq(reply_error(fd), EILSEQ);
	raw_send(fd, len_op, sizeof len_op);    /* the connection still works */
	ck_assert_int_eq(reply_error(fd), 0);
	close(fd);
	ck_assert_msg(list_len(m) == 0, "a malformed request changed the list "
		      "(decode it to get_end before acting on it)");
	stop(m);
}
END_TEST

START_TEST(test_bad_length)
{
	struct manager *m = start();
	unsigned char empty[] = { 0, 0, 0, 0 }, huge[] = { 0, 1, 0, 1, OP_LIST_LEN };
	int fd = dial(m), r;

	raw_send(fd, empty, sizeof empty);
	ck_assert_int_eq(reply_error(fd), EMSGSIZE);
	ck_assert_int_eq(reply_error(fd), -1);  /* then closed */
	close(fd);
	fd = dial(m);
	raw_send(fd, huge, sizeof huge);        /* MSG_MAX + 1 */
	r = reply_error(fd);
	ck_assert_msg(r == EMSGSIZE, "a frame of length MSG_MAX + 1: want an error "
		      "reply EMSGSIZE, got %d", r);
	close(fd);
	ck_assert_int_eq(list_len(m), 0);       /* still serving */
	stop(m);
}
END_TEST

/* Half a request, and gone. */
static int dies_mid_request(struct manager *m, long unused)
{
	unsigned char half[] = { 0, 0, 0, 10, OP_LIST_APPEND, MV_INT, 0 };
	int fd = dial(m);

	(void)unused;
	return send(fd, half, sizeof half, 0) != sizeof half;
}

START_TEST(test_client_dies_mid_request)
{
	struct manager *m = start();

	for (int k = 0; k < 5; k++)
		ck_assert_child(child(dies_mid_request, m, 0), "send failed");
	append_str(m, "after");
	ck_assert_int_eq(list_len(m), 1);       /* the halves added nothing */
	stop(m);
}
END_TEST

/* A proxy call from a child, which the parent times. */
static int one_call(struct manager *m, long unused)
{
	(void)unused;
	return list_len(m) != 0;
}

START_TEST(test_stalled_client)
{
	struct manager *m = start();
	unsigned char half[] = { 0, 0, 0, 10, OP_LIST_APPEND, MV_INT, 0 };
	unsigned char rest[] = { 0, 0, 0, 0, 0, 0, 7 };        /* the int 7 */
	int fd = dial(m), code;
	struct mvalue v;

	raw_send(fd, half, sizeof half);        /* and stay connected */
	sleep_units(0.2);
	code = join_within(child(one_call, m, 0), 5);
	ck_assert_msg(code != TIMED_OUT, "while one client had sent half a request and "
		      "waited, another's call was not answered in 5 units: a server "
		      "that reads a whole request with blocking reads is stuck on the "
		      "first client (read only what poll says is there, or a thread a "
		      "client)");
	ck_assert_exit(code, "list_len failed or was not 0");
	/* The rest of the staller's request: the half was kept, and now the
	   whole is applied and answered. */
	raw_send(fd, rest, sizeof rest);
	code = reply_error(fd);
	ck_assert_msg(code == 0, "a request sent in two parts, with a pause between "
		      "them: want a reply, status 0, got %d (was the half request "
		      "kept in the client's buffer until the rest came?)", code);
	close(fd);
	ck_assert_int_eq(list_len(m), 1);
	ck_assert_ok(list_get(m, 0, &v));
	ck_assert_int_value(v, 7);
	stop(m);
}
END_TEST

/* A whole request, and gone before the reply. */
static int dies_before_reply(struct manager *m, long unused)
{
	unsigned char append[] = { 0, 0, 0, 10, OP_LIST_APPEND, MV_INT, 0, 0, 0, 0, 0, 0, 0, 2 };
	int fd = dial(m);

	(void)unused;
	/* Reading side shut first: the reply fails (EPIPE) even if the
	   server is quicker than our exit. */
	return shutdown(fd, SHUT_RD) < 0 ||
	       send(fd, append, sizeof append, 0) != sizeof append;
}

START_TEST(test_client_dies_before_reply)
{
	struct manager *m = start();
	double t0;

	for (int k = 0; k < 10; k++)
		ck_assert_child(child(dies_before_reply, m, 0), "send failed");
	append_str(m, "after");
	/* The ten requests were whole: each is applied, whenever the server
	   gets to it; only its reply finds nobody. */
	t0 = now_units();
	while (list_len(m) >= 0 && list_len(m) < 11 && now_units() - t0 < 5)
		sleep_units(0.05);
	ck_assert_msg(list_len(m) == 11, "want the 10 appends of clients that did "
		      "not wait for their replies, and one more: got %lld (%s)",
		      list_len(m), strerror(errno));
	stop(m);                /* exits 0: not killed by SIGPIPE */
}
END_TEST

/* ---- shutdown ---- */

/* Only the starter may shut the manager down. */
static int shutdown_from_child(struct manager *m, long unused)
{
	(void)unused;
	return manager_shutdown(m) == -1 && errno == EPERM ? 0 : 1;
}

START_TEST(test_shutdown_idempotent)
{
	struct manager *m = start();
	struct mvalue v = mv_int(1);

	ck_assert_ok(list_append(m, &v));
	ck_assert_child(child(shutdown_from_child, m, 0), "manager_shutdown in a "
			"child of the starter: want -1 EPERM (only the starter can "
			"reap the server)");
	ck_assert_msg(list_len(m) == 1, "after a child's manager_shutdown (EPERM) "
		      "the server must still serve: %s", strerror(errno));
	ck_assert_int_eq(manager_shutdown(m), 0);
	ck_assert_int_eq(manager_shutdown(m), 0);
	ck_assert_int_eq(list_len(m), -1);
	ck_assert_int_eq(list_append(m, &v), -1);
	ck_assert_int_eq(dict_get(m, "k", &v), -1);
	ck_assert_int_eq(manager_shutdown(m), 0);
}
END_TEST

START_TEST(test_shutdown_server_gone)
{
	struct manager *m = start();
	pid_t pid = manager_pid(m);
	char path[sizeof ((struct sockaddr_un *)0)->sun_path];
	struct stat st;

	ck_assert_int_eq(list_len(m), 0);
	strcpy(path, manager_address(m));
	stop(m);
	ck_assert_msg(kill(pid, 0) < 0 && errno == ESRCH, "after manager_shutdown "
		      "the server (pid %d) is still there (running, or a zombie "
		      "nobody reaped)", pid);
	ck_assert_msg(stat(path, &st) < 0 && errno == ENOENT, "after "
		      "manager_shutdown the socket %s is still there", path);
	*strrchr(path, '/') = '\0';          /* its folder, if it has one of its own */
	ck_assert_msg(strcmp(path, "/tmp") == 0 || (stat(path, &st) < 0 && errno == ENOENT),
		      "after manager_shutdown the socket's folder %s is still there", path);
}
END_TEST

START_TEST(test_shutdown_after_crash)
{
	struct manager *m = start();

	ck_assert_int_eq(list_len(m), 0);
	ck_assert_int_eq(kill(manager_pid(m), SIGKILL), 0);
	assert_fails_with(manager_shutdown(m), EIO);
	ck_assert_msg(kill(manager_pid(m), 0) < 0 && errno == ESRCH,
		      "the dead server was not reaped");
	ck_assert_int_eq(manager_shutdown(m), 0);
}
END_TEST

START_TEST(test_two_managers)
{
	struct manager *a = start(), *b = start();
	struct mvalue v;

	append_str(a, "in a");
	ck_assert_int_eq(list_len(b), 0);
	append_str(b, "in b");
	stop(a);
	ck_assert_ok(list_get(b, 0, &v));
	ck_assert_str_value(v, "in b");
	stop(b);
}
END_TEST

/* Text in the parent's stdio buffer when the server is forked: the
   server must not print it again when it exits (lab 01: _exit). */
START_TEST(test_server_flushes_nothing)
{
	int saved, rfd = capture_stdout(&saved);
	struct manager *m;

	setvbuf(stdout, NULL, _IOFBF, 4096);
	printf("before the manager\n");
	m = start();
	ck_assert_int_eq(list_len(m), 0);
	stop(m);
	ck_assert_int_eq(count_captured(rfd, saved, "before the manager"), 1);
}
END_TEST

START_TEST(test_no_fd_leak)
{
	int before = open_fds();
	struct manager *m;

	ck_assert_int_ge(before, 0);
	m = start();
	append_str(m, "x");
	ck_assert_child(child(seed_child, m, 0), "list_append or dict_set failed");
	ck_assert_int_eq(list_len(m), 2);
	stop(m);
	ck_assert_int_eq(manager_shutdown(m), 0);
	ck_assert_msg(open_fds() == before, "%d descriptors open before "
		      "manager_start, %d after manager_shutdown", before, open_fds());
}
END_TEST

/* manager_start's result and errno, in the thread where fork fails. */
struct call { struct manager *m; int err; };

static void start_no_fork(void *arg)
{
	struct call *c = arg;

	errno = 0;
	c->m = manager_start();
	c->err = errno;
}

/*
 * When fork fails (EAGAIN: the process limit was reached), manager_start
 * returns NULL with that errno, and leaves nothing behind: no descriptor,
 * no socket or folder in /tmp.  The caller goes on (Python's Manager()
 * raises OSError) and can start a manager once fork works again.
 */
START_TEST(test_start_fork_fails)
{
	struct call c = { NULL, 0 };
	int fds = open_fds(), tmp = dir_entries("/tmp");

	ck_assert_msg(fds >= 0 && tmp >= 0, "counting descriptors or /tmp's "
		      "entries: %s", strerror(errno));
	ck_assert_msg(run_forkless(start_no_fork, &c) == 0,
		      "labtest: cannot make fork fail here: %s", strerror(errno));
	ck_assert_msg(c.m == NULL && c.err == EAGAIN, "manager_start when fork "
		      "fails with EAGAIN: want NULL with errno EAGAIN, got %s with "
		      "errno %d (%s)", c.m ? "a manager" : "NULL", c.err, strerror(c.err));
	ck_assert_msg(open_fds() == fds, "%d descriptors open before a manager_start "
		      "whose fork failed, %d after: close the listening socket", fds,
		      open_fds());
	ck_assert_msg(dir_entries("/tmp") == tmp, "/tmp had %d entries before "
		      "a manager_start whose fork failed, %d after: remove the "
		      "socket (and its folder) it bound", tmp, dir_entries("/tmp"));
	stop(start());          /* the test's own thread can fork */
}
END_TEST

static Suite *make_manager_suite(void)
{
	Suite *s = suite_create("manager");
	TCase *list, *dict, *procs, *bad, *down;

	list = add_tcase(s, "list", 20);
	tcase_add_test(list, test_start_shutdown);
	tcase_add_test(list, test_list_append_get);
	tcase_add_test(list, test_list_set_pop);
	tcase_add_test(list, test_list_index_error);
	tcase_add_test(list, test_values_kept);
	tcase_add_test(list, test_utf8);

	dict = add_tcase(s, "dict", 20);
	tcase_add_test(dict, test_dict_set_get);
	tcase_add_test(dict, test_dict_key_error);
	tcase_add_test(dict, test_dict_keys_order);

	procs = add_tcase(s, "processes", 40);
	tcase_add_test(procs, test_child_change_visible);
	tcase_add_test(procs, test_parent_change_visible);
	tcase_add_test(procs, test_concurrent_appends);
	tcase_add_test(procs, test_own_replies);
	tcase_add_test(procs, test_nested_copy);

	bad = add_tcase(s, "bad_clients", 30);
	tcase_add_test(bad, test_malformed_request);
	tcase_add_test(bad, test_bad_length);
	tcase_add_test(bad, test_client_dies_mid_request);
	tcase_add_test(bad, test_stalled_client);
	tcase_add_test(bad, test_client_dies_before_reply);

	down = add_tcase(s, "shutdown", 20);
	tcase_add_test(down, test_shutdown_idempotent);
	tcase_add_test(down, test_shutdown_server_gone);
	tcase_add_test(down, test_shutdown_after_crash);
	tcase_add_test(down, test_two_managers);
	tcase_add_test(down, test_server_flushes_nothing);
	tcase_add_test(down, test_no_fd_leak);
	tcase_add_test(down, test_start_fork_fails);
	return s;
}

int main(void)
{
	return run_suite(make_manager_suite());
}
