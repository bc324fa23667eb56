/* image: reading a PNG (cairo) or JPEG (libjpeg) file into a cairo image surface for the PDF. */
#include "pdf_priv.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "lk_error.h"

struct s_jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jb;
};

/* libjpeg's default handler prints and exits; jump back instead. */
static void s_jpeg_fail(j_common_ptr c)
{
	longjmp(((struct s_jerr *)c->err)->jb, 1);
}

static void s_jpeg_quiet(j_common_ptr c, int level)
{
	(void)c;
	(void)level;
}

static cairo_surface_t *s_jpeg(FILE *f)
{
	struct jpeg_decompress_struct ci;
	struct s_jerr je;
	cairo_surface_t *volatile s = NULL;
	ci.err = jpeg_std_error(&je.mgr);
	je.mgr.error_exit = s_jpeg_fail;
	je.mgr.emit_message = s_jpeg_quiet;
	if (setjmp(je.jb)) {
		jpeg_destroy_decompress(&ci);
		if (s)
			cairo_surface_destroy(s);
		return NULL;
	}
	jpeg_create_decompress(&ci);
	jpeg_stdio_src(&ci, f);
	jpeg_read_header(&ci, TRUE);
	ci.out_color_space = JCS_RGB;
	jpeg_start_decompress(&ci);
	if (ci.output_width > 20000 || ci.output_height > 20000)
		longjmp(je.jb, 1);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ci.output_width, (int)ci.output_height);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		longjmp(je.jb, 1);
	unsigned char *row = malloc((size_t)ci.output_width * 3);
	if (!row)
		longjmp(je.jb, 1);
	unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	cairo_surface_flush(s);
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW rp = row;
		unsigned y = ci.output_scanline;
		jpeg_read_scanlines(&ci, &rp, 1);
		uint32_t *px = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
		for (unsigned x = 0; x < ci.output_width; x++)
			px[x] = 0xff000000u | (uint32_t)row[3 * x] << 16 | (uint32_t)row[3 * x + 1] << 8 | row[3 * x + 2];
	}
	free(row);
	cairo_surface_mark_dirty(s);
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	return s;
}

cairo_surface_t *rd_image_read(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	unsigned char sig[8] = {0};
	if (!f) {
		snprintf(err, errlen, "image %s: cannot be opened", path);
		return NULL;
	}
	size_t n = fread(sig, 1, sizeof sig, f);
	cairo_surface_t *s = NULL;
	if (n == 8 && memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0) {
		fclose(f);
		s = cairo_image_surface_create_from_png(path);
		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(s);
			s = NULL;
		}
	} else if (n >= 3 && sig[0] == 0xff && sig[1] == 0xd8 && sig[2] == 0xff) {
		rewind(f);
		s = s_jpeg(f);
		fclose(f);
	} else {
		fclose(f);
		snprintf(err, errlen, "image %s: neither PNG nor JPEG", path);
		return NULL;
	}
	if (!s)
		snprintf(err, errlen, "image %s: damaged or unreadable", path);
	return s;
}

cairo_surface_t *rd_image_load(struct rd_pdf *p, size_t block, const char *path)
{
	if (!p->images[block]) {
		p->images[block] = rd_image_read(path, p->doc->err, sizeof p->doc->err);
	}
	return p->images[block];
}

int rd_image_supported(const char *path)
{
	unsigned char sig[8];
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return 0;
	size_t n = fread(sig, 1, sizeof sig, f);
	fclose(f);
	return (n == 8 && memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0) ||
	       (n >= 3 && sig[0] == 0xff && sig[1] == 0xd8 && sig[2] == 0xff);
}
