/* seal_qr: a document seal as a QR code (libqrencode): its module matrix and an SVG of it for printed pages. */
#ifndef DOM_SEAL_QR_H
#define DOM_SEAL_QR_H

#include <stdio.h>

/* A QR code: width x width modules, row by row, 1 dark and 0 light. */
struct dom_qr {
	int width;
	int version;
	unsigned char *dark;
};

/*
 * Encode text (8-bit mode, error correction M, the smallest version that
 * holds it) into q. 0, -LK_EINVAL when text is empty or needs a version above
 * 12 (a seal is at most 283 bytes, which fits), -LK_ENOMEM. Free with dom_qr_free.
 */
int dom_qr_make(const char *text, struct dom_qr *q);
void dom_qr_free(struct dom_qr *q);

/*
 * Write q to f as one SVG element for an HTML page (no xmlns: HTML5 places an
 * inline svg in its namespace, and a printed page names no URL), module_mm millimetres a module,
 * with the 4-module quiet zone scanners need, black on white, one path (crisp
 * edges when printed). 0, or -LK_EIO when f fails.
 */
int dom_qr_svg(FILE *f, const struct dom_qr *q, double module_mm);

#endif
