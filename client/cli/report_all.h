/* report_all: the reports of `lokmin report all` computed side by side, each on a store connection of its own. */
#ifndef LK_REPORT_ALL_H
#define LK_REPORT_ALL_H

#include <stddef.h>

#include "dom.h"
#include "reports.h"

/* One report: i into the caller's list, run on d with a; 0 or its exit status. */
typedef int (*report_all_fn)(size_t i, struct dom *d, const struct report_args *a);

/*
 * Run reports 0..n-1 at once when the machine has more than one CPU: report 0
 * on this thread and d's store, each other on a thread and a store of d->home
 * of its own, each writing into a page in memory; then write the pages to
 * a->page in order, sep (may be NULL) between two. Returns the first non-zero
 * result in order, after the pages before it were written; 1 when a page
 * could not be written. -1, with nothing run, when one CPU is all there is
 * or a store or a thread could not be had: run them one by one then.
 */
int report_all_side_by_side(struct dom *d, const struct report_args *a, size_t n, report_all_fn fn,
                            const char *sep);

#endif
