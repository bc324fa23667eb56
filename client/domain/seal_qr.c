/* seal_qr: the QR code of a document seal: the module matrix from libqrencode, written as SVG for the printed page. */
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "lk_error.h"
#include "seal_qr.h"

/* The largest version a seal should need: 283 bytes fit version 12 at M. */
#define QR_VERSION_MAX 12
#define QR_QUIET 4

int dom_qr_make(const char *text, struct dom_qr *q)
{
	memset(q, 0, sizeof *q);
	if (text == NULL || !text[0])
		return -LK_EINVAL;
	QRcode *c = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (c == NULL)
		return -LK_ENOMEM;
	if (c->version > QR_VERSION_MAX) {
		QRcode_free(c);
		return -LK_EINVAL;
	}
	size_t n = (size_t)c->width * (size_t)c->width;
	q->dark = malloc(n);
	if (q->dark == NULL) {
		QRcode_free(c);
		return -LK_ENOMEM;
	}
	/* libqrencode keeps other flags in the upper bits; bit 0 is the colour. */
	for (size_t i = 0; i < n; i++)
		q->dark[i] = c->data[i] & 1;
	q->width = c->width;
	q->version = c->version;
	QRcode_free(c);
	return 0;
}

void dom_qr_free(struct dom_qr *q)
{
	free(q->dark);
	memset(q, 0, sizeof *q);
}

int dom_qr_svg(FILE *f, const struct dom_qr *q, double module_mm)
{
	int side = q->width + 2 * QR_QUIET;
	fprintf(f,
	        "<svg class=\"qr\" width=\"%.1fmm\" height=\"%.1fmm\" "
	        "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" role=\"img\">"
	        "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	        side * module_mm, side * module_mm, side, side, side, side);
	/* One run of dark modules in a row is one rectangle: a short path. */
	for (int y = 0; y < q->width; y++) {
		for (int x = 0; x < q->width;) {
			if (!q->dark[y * q->width + x]) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < q->width && q->dark[y * q->width + x + run])
				run++;
			fprintf(f, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET, run, run);
			x += run;
		}
	}
	fputs("\"/></svg>", f);
	return ferror(f) ? -LK_EIO : 0;
}
