/* util.c - allocation that cannot fail quietly, formatting, files, clocks. */
#define _GNU_SOURCE
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("proclab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		die("out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	return s;
}

/* Read at most max bytes of a file into a NUL-terminated buffer; NULL on error. */
char *read_file(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		return NULL;
	buf = xmalloc(max + 1);
	while (n < max) {
		r = read(fd, buf + n, max - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += r;
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* ---- text: UTF-8 kept, everything else escaped ---- */

/*
 * The length (1 to 4) of the valid UTF-8 character at s, with the
 * character in *cp; 0 when the bytes there are not one: a stray
 * continuation byte, a sequence cut short, an overlong form, a UTF-16
 * surrogate or a number past U+10FFFF (RFC 3629's rules).
 */
int utf8_len(const char *s, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0], min;
	int n;

	if (c < 0x80)
		n = 1, min = 0;
	else if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)      /* the string's NUL stops here too */
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/*
 * Characters a terminal obeys, or that make a line read other than it
 * is: C0 and C1 controls, DEL, and the invisible format characters that
 * reorder text (bidi marks, embeddings, overrides, isolates), hide it
 * (zero-width characters, BOM) or break the line (U+2028, U+2029).
 */
static int disguises(unsigned c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c ||
	       (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
	       (c >= 0x2060 && c <= 0x2069) || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb);
}

/*
 * Write the character at s for a person to read: as it is when it is
 * valid UTF-8 and shows as itself, else its first byte as \xNN.  Returns
 * how many bytes of s it used.  The checklist and trace files both write
 * a run's text this way.
 */
int put_char_safe(FILE *f, const char *s)
{
	unsigned c;
	int n = utf8_len(s, &c);

	if (n == 0 || disguises(c)) {
		fprintf(f, "\\x%02x", (unsigned char)*s);
		return 1;
	}
	fwrite(s, 1, n, f);
	return n;
}

/*
 * A copy of s that is valid UTF-8: each byte that is not part of a valid
 * character becomes the text \xNN; all else stays (JSON escapes its own
 * control characters).
 */
char *utf8_clean(const char *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	unsigned c;
	int n;

	if (m == NULL)
		die("open_memstream: %s", strerror(errno));
	for (; *s; s += n)
		if ((n = utf8_len(s, &c)) == 0) {
			fprintf(m, "\\x%02x", (unsigned char)*s);
			n = 1;
		} else {
			fwrite(s, 1, n, m);
		}
	if (fclose(m) != 0)
		die("open_memstream: %s", strerror(errno));
	return out;
}

/*
 * Cut a long text (a compiler's log) to its first max_lines lines and at
 * most max_bytes, and say how many lines were cut.  Takes text (malloc'd,
 * or NULL) and returns it or its replacement.
 */
char *cut_lines(char *text, int max_lines, size_t max_bytes)
{
	size_t end = 0;
	int lines = 0, more = 0;
	char *out;

	if (text == NULL)
		return NULL;
	/* keep whole lines while both limits allow */
	while (text[end] && lines < max_lines) {
		size_t n = strcspn(text + end, "\n");

		if (end + n + 1 > max_bytes)
			break;
		end += n + (text[end + n] == '\n');
		lines++;
	}
	if (text[end] == '\0')
		return text;
	/* not even one line fits: keep what does, whole characters only */
	for (int whole = end == 0; whole && text[end] && text[end] != '\n'; ) {
		unsigned c;
		size_t n = utf8_len(text + end, &c);

		n = n ? n : 1;
		if (end + n > max_bytes)
			break;
		end += n;
	}
	for (const char *p = text + end; *p; p++)
		more += *p == '\n' || p[1] == '\0';
	out = xasprintf("%.*s%s(%d more line%s cut)\n", (int)end, text,
			end && text[end - 1] != '\n' ? "\n" : "", more, more == 1 ? "" : "s");
	free(text);
	return out;
}
