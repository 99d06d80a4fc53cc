/*
 * pagecheck.c - look at rendered slides: is anything on the page, and is
 * anything drawn where nothing should be?
 *
 *	pagecheck MARGIN_PCT TOP_PCT BOTTOM_PCT PAGE.pgm...
 *
 * Each page is a binary greyscale PGM (pdftoppm -gray).  A pixel darker
 * than INK is ink.  A page with less than MIN_INK of its pixels inked is
 * blank.  The margin bands -- the outer MARGIN_PCT of the width on the left
 * and the right below the frame title (the top TOP_PCT of the height), and
 * the bottom BOTTOM_PCT of the height -- must hold no ink: beamer keeps
 * text 1 cm from the sides, so ink there is a code line, a table or a
 * figure running off its slide.  MARGIN_PCT 0: no bands (notes pages).
 * One line per page; the exit status is 1 when a page is blank or inked
 * in a band, 2 on bad input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INK	224		/* 0 black .. 255 white: anti-aliased text is light grey */
#define MIN_INK	0.002		/* of the page's pixels */

static unsigned char *read_pgm(const char *path, int *w, int *h)
{
	FILE *f = fopen(path, "rb");
	unsigned char *px;
	int maxval;

	if (f == NULL) {
		fprintf(stderr, "pagecheck: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fscanf(f, "P5 %d %d %d", w, h, &maxval) != 3 || maxval != 255 ||
	    *w <= 0 || *h <= 0 || fgetc(f) == EOF) {
		fprintf(stderr, "pagecheck: %s: not an 8-bit binary PGM\n", path);
		fclose(f);
		return NULL;
	}
	px = malloc((size_t)*w * *h);
	if (px == NULL || fread(px, 1, (size_t)*w * *h, f) != (size_t)*w * *h) {
		fprintf(stderr, "pagecheck: %s: short file\n", path);
		free(px);
		px = NULL;
	}
	fclose(f);
	return px;
}

/* Count the inked pixels of the rectangle [x0,x1) x [y0,y1). */
static long ink(const unsigned char *px, int w, int x0, int x1, int y0, int y1)
{
	long n = 0;

	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			n += px[(size_t)y * w + x] < INK;
	return n;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 5) {
		fprintf(stderr, "usage: pagecheck MARGIN_PCT TOP_PCT BOTTOM_PCT PAGE.pgm...\n");
		return 2;
	}
	double side = atof(argv[1]) / 100, top = atof(argv[2]) / 100, bottom = atof(argv[3]) / 100;

	for (int i = 4; i < argc; i++) {
		int w, h;
		unsigned char *px = read_pgm(argv[i], &w, &h);

		if (px == NULL)
			return 2;
		int sx = (int)(w * side + 0.5), ty = (int)(h * top + 0.5);
		int by = side > 0 ? h - (int)(h * bottom + 0.5) : h;
		long all = ink(px, w, 0, w, 0, h);
		long left = ink(px, w, 0, sx, ty, h);
		long right = ink(px, w, w - sx, w, ty, h);
		long low = ink(px, w, 0, w, by, h);

		if (all < MIN_INK * w * h) {
			printf("%s: blank (%ld inked pixels of %d)\n", argv[i], all, w * h);
			status = 1;
		} else if (left || right || low) {
			printf("%s: drawn in the margin: %ld pixels left, %ld right, %ld at the bottom\n",
			       argv[i], left, right, low);
			status = 1;
		} else {
			printf("%s: ok (%.1f%% inked, margins clear)\n", argv[i], 100.0 * all / ((double)w * h));
		}
		free(px);
	}
	return status;
}
