/* report_doc: the district's reports laid out as A4 documents: a heading, then each table with its header repeated. */
#ifndef RD_REPORT_DOC_H
#define RD_REPORT_DOC_H

#include <stddef.h>

#include "doc.h"
#include "table.h"

/*
 * A new document for reports: narrow margins (a report is not filed in a
 * binder like a letter), a 10 pt body, "Page {page} of {pages}" in the
 * reader's language at the foot, title as its PDF title. NULL on no memory.
 */
struct rd_doc *rd_report_new(const char *title);
/*
 * A report's heading, in plain text: the title (bold, centred) and lines under
 * it (centred, smaller: the kabupaten, the period, when it was made). With
 * new_page the heading starts a page (the next report of `report all`).
 */
int rd_report_heading(struct rd_doc *doc, const char *title, const char *const *lines, size_t n, int new_page);
/* One table: its title (kept with the table), the translated column names as the
 * repeated header, the cells as people read them (rtable_shown); a smaller font
 * when it has many columns. */
int rd_report_table(struct rd_doc *doc, const struct rtable *t);

#endif
