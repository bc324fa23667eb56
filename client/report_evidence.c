/* report_evidence */
#include "reports.h"

int report_evidence(struct session *s, lk_store *st, const struct report_args *a)
{
	(void)s;
	(void)st;
	(void)a;
	return 1;
}
