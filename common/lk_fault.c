/* lk_fault: fault-injection points for tests, switched on only by LOKMIN_FAULT. */
#include "lk_fault.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define FAULT_MAX 4

static struct {
	char name[32];
	long after;
	long passes; /* updated with __atomic builtins: points may be hit from several threads */
} s_points[FAULT_MAX];
static int s_npoints;
static const char *s_spec;
static pthread_once_t s_once = PTHREAD_ONCE_INIT;

/* Parse "name:N[,name:N...]"; a malformed entry is ignored, so a typo leaves
 * the daemon as it would run in production rather than half-faulted. */
static void s_load(void)
{
	const char *v = getenv("LOKMIN_FAULT"), *p = v;
	while (p && *p && s_npoints < FAULT_MAX) {
		const char *colon = strchr(p, ':'), *end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		if (colon && colon < end && colon > p && (size_t)(colon - p) < sizeof s_points[0].name) {
			char *stop;
			long n = strtol(colon + 1, &stop, 10);
			if (stop == end && stop > colon + 1 && n >= 0) {
				memcpy(s_points[s_npoints].name, p, (size_t)(colon - p));
				s_points[s_npoints].after = n;
				s_npoints++;
			}
		}
		p = *end ? end + 1 : end;
	}
	s_spec = s_npoints > 0 ? v : NULL;
}

const char *lk_fault_spec(void)
{
	pthread_once(&s_once, s_load);
	return s_spec;
}

int lk_fault_hit(const char *name)
{
	pthread_once(&s_once, s_load);
	for (int i = 0; i < s_npoints; i++)
		if (!strcmp(s_points[i].name, name))
			return __atomic_add_fetch(&s_points[i].passes, 1, __ATOMIC_RELAXED) > s_points[i].after;
	return 0;
}
