/* rendert: helpers for the layout engine's tests: poppler's pdftotext and pdftoppm, and made-up images. */
#ifndef RENDERT_H
#define RENDERT_H

#include <cairo.h>
#include <criterion/criterion.h>
#include <jpeglib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lkt.h"

/* Where the PDFs and the PNG pages go (build/tests/render-out), kept for a person to look at. */
static inline const char *rt_dir(void)
{
	static int made;
	if (!made) {
		mkdir(LK_RENDER_OUT, 0755);
		made = 1;
	}
	return LK_RENDER_OUT;
}

static inline char *rt_path(const char *name)
{
	static char buf[64][512];
	static int k;
	char *b = buf[k++ % 64];
	snprintf(b, sizeof buf[0], "%s/%s", rt_dir(), name);
	return b;
}

/* A command's whole standard output. */
static inline char *rt_run(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	cr_assert(f, "%s", cmd);
	size_t n = 0, cap = 4096;
	char *s = malloc(cap);
	size_t r;
	while ((r = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n < 2) {
			cap *= 2;
			s = realloc(s, cap);
		}
	}
	s[n] = '\0';
	cr_assert_eq(pclose(f), 0, "%s failed", cmd);
	return s;
}

/* s with every run of white space made one blank (pdftotext breaks justified lines apart). */
static inline char *rt_squash(char *s)
{
	char *o = s;
	int blank = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\f') {
			blank = 1;
			continue;
		}
		if (blank && o != s)
			*o++ = ' ';
		blank = 0;
		*o++ = *p;
	}
	*o = '\0';
	return s;
}

static inline int rt_pages(const char *pdf)
{
	char cmd[700];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s' | sed -n 's/^Pages: *//p'", pdf);
	char *s = rt_run(cmd);
	int n = atoi(s);
	free(s);
	return n;
}

/* Every page's text: pages[0..n-1], NULL-terminated. */
static inline char **rt_all(const char *pdf, int *n)
{
	*n = rt_pages(pdf);
	char **t = calloc((size_t)*n + 1, sizeof *t);
	for (int p = 1; p <= *n; p++)
		t[p - 1] = lkt_pdf_text(pdf, p, 0);
	return t;
}

static inline void rt_all_free(char **t)
{
	for (char **p = t; *p; p++)
		free(*p);
	free(t);
}

/* The page (1-based) of texts that holds needle (0: none); fails when two pages do. */
static inline int rt_page_in(char **texts, const char *needle)
{
	int found = 0;
	for (int p = 0; texts[p]; p++)
		if (strstr(texts[p], needle)) {
			cr_assert_eq(found, 0, "\"%s\" is on page %d and page %d", needle, found, p + 1);
			found = p + 1;
		}
	return found;
}

static inline int rt_page_of(const char *pdf, const char *needle)
{
	int n;
	char **t = rt_all(pdf, &n);
	int p = rt_page_in(t, needle);
	rt_all_free(t);
	return p;
}

/* Where the k-th (0-based) occurrence of word on page sits (pdftotext -bbox); 0 when absent. */
static inline int rt_word(const char *pdf, int page, const char *word, int k, double *x, double *y)
{
	char cmd[700], pat[200];
	snprintf(cmd, sizeof cmd, "pdftotext -bbox -f %d -l %d '%s' -", page, page, pdf);
	snprintf(pat, sizeof pat, "\">%s</word>", word);
	char *s = rt_run(cmd);
	int found = 0;
	for (char *p = s; (p = strstr(p, pat)); p += strlen(pat)) {
		if (k-- > 0)
			continue;
		char *w = p;
		while (w > s && strncmp(w, "<word ", 6) != 0)
			w--;
		cr_assert_eq(sscanf(w, "<word xMin=\"%lf\" yMin=\"%lf\"", x, y), 2);
		found = 1;
		break;
	}
	free(s);
	return found;
}

/* Pages as PNG next to the PDF (prefix-1.png ...), at dpi. */
static inline void rt_png(const char *pdf, int dpi)
{
	char cmd[1200], prefix[600];
	snprintf(prefix, sizeof prefix, "%.*s", (int)(strlen(pdf) - 4), pdf);
	snprintf(cmd, sizeof cmd, "pdftoppm -r %d -png '%s' '%s'", dpi, pdf, prefix);
	char *s = rt_run(cmd);
	free(s);
}

/* A PNG logo: a green disc with a white cross. */
static inline void rt_make_png(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 240);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.1, 0.5, 0.2);
	cairo_arc(cr, 100, 120, 95, 0, 6.2832);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, 85, 60, 30, 120);
	cairo_rectangle(cr, 40, 105, 120, 30);
	cairo_fill(cr);
	cairo_destroy(cr);
	/* Tests run in parallel and share the logo: write aside, then rename over. */
	char tmp[600];
	snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)getpid());
	cr_assert_eq(cairo_surface_write_to_png(s, tmp), CAIRO_STATUS_SUCCESS);
	cr_assert_eq(rename(tmp, path), 0);
	cairo_surface_destroy(s);
}

/* A JPEG photo w x h of one colour (r, g, b). */
static inline void rt_make_jpeg(const char *path, int w, int h, int r, int g, int b)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr em;
	FILE *f = fopen(path, "wb");
	cr_assert(f);
	ci.err = jpeg_std_error(&em);
	jpeg_create_compress(&ci);
	jpeg_stdio_dest(&ci, f);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = 3;
	ci.in_color_space = JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, 90, TRUE);
	jpeg_start_compress(&ci, TRUE);
	unsigned char *row = malloc((size_t)w * 3);
	for (int x = 0; x < w; x++) {
		row[3 * x] = (unsigned char)r;
		row[3 * x + 1] = (unsigned char)g;
		row[3 * x + 2] = (unsigned char)b;
	}
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW rp = row;
		jpeg_write_scanlines(&ci, &rp, 1);
	}
	free(row);
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	fclose(f);
}

/* A PNG page, loaded once for many pixel reads. */
static inline cairo_surface_t *rt_load(const char *png)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(png);
	cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS, "%s", png);
	cairo_surface_flush(s);
	return s;
}

/* A pixel as 0xRRGGBB. */
static inline unsigned rt_rgb(cairo_surface_t *s, int x, int y)
{
	cr_assert(x >= 0 && y >= 0 && x < cairo_image_surface_get_width(s) && y < cairo_image_surface_get_height(s));
	const unsigned char *d = cairo_image_surface_get_data(s);
	unsigned px = *(const unsigned *)(const void *)(d + (size_t)y * (size_t)cairo_image_surface_get_stride(s) +
	                                              (size_t)x * 4);
	return px & 0xffffff;
}

/* The grey level (0 black .. 255 white) of a pixel. */
static inline int rt_pixel(cairo_surface_t *s, int x, int y)
{
	unsigned px = rt_rgb(s, x, y);
	return (int)(((px >> 16 & 255) + (px >> 8 & 255) + (px & 255)) / 3);
}

#endif
