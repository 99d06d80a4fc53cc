/*
 * mproto.h - the manager's wire protocol: values, messages and frames.
 * PROVIDED (mproto.c): do not change; the grader always uses its own copy.
 *
 * A FRAME is a 4-byte length, big-endian (as Python's Connection sends
 * it), then that many bytes of BODY, 1 to MSG_MAX.  One request, one
 * reply: a client sends a request frame and reads the reply frame before
 * it sends another.  All numbers in a body are big-endian.
 *
 *   request body  = op (1 byte) args
 *   reply body    = REPLY_OK (1 byte) result
 *                 | REPLY_ERR (1 byte) errno (u32)
 *   value         = 'i' i64                   an integer
 *                 | 's' str                   a UTF-8 string
 *   str           = length (u32, <= MSTR_MAX) bytes (valid UTF-8, no NUL)
 *
 *   op                args            result (after REPLY_OK)
 *   OP_LIST_APPEND    value           -
 *   OP_LIST_GET       index (i64)     value
 *   OP_LIST_SET       index, value    -
 *   OP_LIST_LEN       -               length (i64)
 *   OP_LIST_POP       index           value
 *   OP_DICT_SET       key (str), value -
 *   OP_DICT_GET       key             value
 *   OP_DICT_DEL       key             -
 *   OP_DICT_KEYS      -               count (u32), then count strs
 *   OP_DICT_LEN       -               length (i64)
 *   OP_SHUTDOWN       -               -     (then the server exits 0)
 *
 * Errors in a reply (errno values; the Python exception they stand for):
 *   ERANGE   index out of range              IndexError
 *   ENOENT   no such key                     KeyError
 *   EBADMSG  a malformed request: unknown op, a bad value tag, a string
 *            running past the body's end, bytes left over
 *   EILSEQ   a string that is not valid UTF-8 (or holds a NUL)
 *   EMSGSIZE a frame's length is 0 or above MSG_MAX (the server then
 *            closes that connection: it cannot find the next frame)
 *   ENOMEM   the server is out of memory
 * An index counts from the end when negative, as in Python (-1: last).
 */
#ifndef MPROTO_H
#define MPROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MSG_MAX   65536         /* bytes of a body, at most */
#define MSTR_MAX  1023          /* bytes of a string value or key, at most */

enum mop {
	OP_LIST_APPEND = 1, OP_LIST_GET, OP_LIST_SET, OP_LIST_LEN, OP_LIST_POP,
	OP_DICT_SET, OP_DICT_GET, OP_DICT_DEL, OP_DICT_KEYS, OP_DICT_LEN,
	OP_SHUTDOWN
};

enum { REPLY_OK = 0, REPLY_ERR = 1 };

/* A value: Python's int (here 64 bits) or str (here at most MSTR_MAX bytes). */
enum mtype { MV_INT = 'i', MV_STR = 's' };
struct mvalue {
	int type;               /* MV_INT or MV_STR */
	long long i;            /* MV_INT */
	char s[MSTR_MAX + 1];   /* MV_STR: UTF-8, NUL-terminated */
};

/* Make a value.  A string longer than MSTR_MAX makes a value of type 0,
   which put_value refuses (E2BIG). */
struct mvalue mv_int(long long i);
struct mvalue mv_str(const char *s);

/*
 * Python's repr of v into buf (size bytes, NUL-terminated, cut if too
 * small): 42, 'Hello!!', '你好', 'it\'s'.  Returns buf.
 */
char *mv_repr(const struct mvalue *v, char *buf, size_t size);

/*
 * A message body being built (put_*) or read (get_*).  put_* append at
 * len; a body that would pass MSG_MAX sets err = EMSGSIZE, and a bad
 * value sets err (EINVAL, E2BIG, EILSEQ), so a whole message can be built
 * and checked once: msg_send refuses a message with err set.  get_* read
 * at pos and return 0, or -1 with errno EBADMSG (past the end, a bad
 * tag), EILSEQ (a string not UTF-8).
 */
struct msg {
	size_t len;             /* bytes in b */
	size_t pos;             /* next byte get_* reads */
	int err;                /* the first put_* error, 0 if none */
	unsigned char b[MSG_MAX];
};

void msg_init(struct msg *m);                   /* empty, ready to put */
void msg_load(struct msg *m, const void *body, size_t len);   /* to get from */
void put_u8(struct msg *m, unsigned v);
void put_u32(struct msg *m, uint32_t v);
void put_i64(struct msg *m, long long v);
void put_str(struct msg *m, const char *s);     /* u32 length, bytes */
void put_value(struct msg *m, const struct mvalue *v);
int get_u8(struct msg *m, unsigned *v);
int get_u32(struct msg *m, uint32_t *v);
int get_i64(struct msg *m, long long *v);
int get_str(struct msg *m, char s[MSTR_MAX + 1]);
int get_value(struct msg *m, struct mvalue *v);
int get_end(struct msg *m);     /* 0 if every byte was read, else EBADMSG */

/* 1 if s[0..n) is valid UTF-8 without NUL, else 0. */
int utf8_valid(const char *s, size_t n);

/* The body length a frame's 4-byte header announces. */
uint32_t frame_len(const unsigned char hdr[4]);

/*
 * Send m as one frame (header and body in one buffer, one send for a
 * small message), finishing partial writes and retrying EINTR.  Uses
 * MSG_NOSIGNAL: a peer that has gone away gives -1 with EPIPE, not a
 * SIGPIPE that would kill the sender.  -1 with m->err if m is bad.
 */
int msg_send(int fd, const struct msg *m);

/*
 * Read one frame into m (ready to get from), blocking until it is whole.
 * -1 with errno EPIPE at end of file (the peer closed, maybe mid-frame),
 * EMSGSIZE for a length of 0 or above MSG_MAX, or read's errno.
 */
int msg_recv(int fd, struct msg *m);

/*
 * Read exactly n bytes (EINTR retried).  Returns n, or fewer at end of
 * file, or -1 with errno.
 */
ssize_t read_full(int fd, void *buf, size_t n);

#endif
