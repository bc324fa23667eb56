/* zipfile: files gathered in memory and written out as one ZIP archive (libzip). */
#ifndef RD_ZIPFILE_H
#define RD_ZIPFILE_H

#include <stddef.h>

struct rd_zip;

/* An empty archive in memory; NULL when out of memory. */
struct rd_zip *rd_zip_new(void);
/* Add name (a path inside the archive) with a copy of len bytes of data; images and PDFs are
 * stored, text is deflated. 0, or -1 with the reason in rd_zip_error(). */
int rd_zip_add(struct rd_zip *z, const char *name, const void *data, size_t len);
/* Close the archive and hand its bytes to *out (malloc'd, caller frees) and *len. 0 or -1. */
int rd_zip_finish(struct rd_zip *z, char **out, size_t *len);
/* Why the last call failed ("" when none). */
const char *rd_zip_error(const struct rd_zip *z);
/* Free; safe on NULL and twice. */
void rd_zip_free(struct rd_zip **z);

#endif
