/* report_all: the reports of `lokmin report all` computed side by side, each on a store connection of its own. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_all.h"
#include "signer.h"
#include "store.h"

#define MAX_REPORTS 8

/* One report's run: its own dom (store), its own arguments writing into its own page. */
struct job {
	size_t i;
	report_all_fn fn;
	struct dom d;
	struct report_args a;
	char *buf;
	size_t len;
	int rc;
	pthread_t thread;
	int started;
};

static void *s_job(void *arg)
{
	struct job *j = arg;
	j->rc = j->fn(j->i, &j->d, &j->a);
	return NULL;
}

/* A store of home for one job, as the session's is (signatures checked in its SQL), quietly: without it
 * the caller runs the reports one by one. */
static lk_store *s_store(const char *home)
{
	char err[256];
	lk_store *st = home ? lk_store_open(home, err, sizeof err) : NULL;
	if (st && signer_sql_register(st) != 0)
		lk_store_close(&st);
	return st;
}

int report_all_side_by_side(struct dom *d, const struct report_args *a, size_t n, report_all_fn fn,
                            const char *sep)
{
	struct job jobs[MAX_REPORTS];
	int rc = 0, ok = 1;

	if (n < 2 || n > MAX_REPORTS || sysconf(_SC_NPROCESSORS_ONLN) < 2 || a->page == NULL)
		return -1;
	memset(jobs, 0, sizeof jobs);
	for (size_t i = 0; ok && i < n; i++) {
		struct job *j = &jobs[i];
		j->i = i;
		j->fn = fn;
		j->d = *d;
		j->a = *a;
		j->a.page = NULL;
		if (i > 0 && (j->d.st = s_store(d->home)) == NULL)
			ok = 0;
		else if ((j->a.page = open_memstream(&j->buf, &j->len)) == NULL)
			ok = 0;
	}
	/* A thread that cannot be had leaves its report to this one, after report 0. */
	for (size_t i = 1; ok && i < n; i++)
		jobs[i].started = pthread_create(&jobs[i].thread, NULL, s_job, &jobs[i]) == 0;
	for (size_t i = 0; ok && i < n; i++)
		if (i == 0 || !jobs[i].started)
			s_job(&jobs[i]);
	for (size_t i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		if (j->started)
			pthread_join(j->thread, NULL);
		if (j->a.page)
			fclose(j->a.page); /* buf and len now hold the page */
		if (i > 0)
			lk_store_close(&j->d.st);
	}
	for (size_t i = 0; ok && rc == 0 && i < n; i++) {
		if (i > 0 && sep)
			fputs(sep, a->page);
		if (jobs[i].len && fwrite(jobs[i].buf, 1, jobs[i].len, a->page) != jobs[i].len)
			rc = 1;
		if (rc == 0)
			rc = jobs[i].rc;
	}
	for (size_t i = 0; i < n; i++)
		free(jobs[i].buf);
	return ok ? rc : -1;
}
