/* session: a command's engine handle, with the engine's failures printed the way lokmin always has. */
#include <stdio.h>

#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "signer.h"
#include "store.h"

int session_open(struct session *s)
{
	int rc;
	s->eng.timeout_ms = s->opt.timeout;
	if ((rc = lk_engine_open(&s->eng)) != 0)
		fprintf(stderr, "lokmin: %s\n", lk_engine_error(&s->eng));
	return rc;
}

int session_connect(struct session *s)
{
	int rc = lk_engine_connect(&s->eng);
	if (rc != 0)
		fprintf(stderr, "lokmin: %s\n", lk_engine_error(&s->eng));
	return rc;
}

void session_close(struct session *s)
{
	lk_engine_close(&s->eng);
}

int session_call(struct session *s, const char *what, Lokmin__Request *req, Lokmin__Reply **rep)
{
	int rc;
	*rep = NULL;
	if ((rc = session_connect(s)) != 0)
		return rc;
	s->eng.timeout_ms = s->opt.timeout;
	rc = lk_engine_call(&s->eng, req, rep);
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s: %s\n", what, lk_engine_error(&s->eng));
		if (rc == -LK_EUNREACH || rc == -LK_ETIMEDOUT)
			fprintf(stderr, _("       work stored on this device is kept; try again when the link is back\n"));
	}
	return rc;
}

struct lk_store *session_store(struct session *s)
{
	if (s->store == NULL && lk_engine_store(&s->eng) == NULL)
		fprintf(stderr, "lokmin: %s\n", lk_engine_error(&s->eng));
	/* Reports and lists count a document as signed only when it verifies. */
	else if (s->store && signer_sql_register(s->store) != 0)
		fprintf(stderr, _("lokmin: cannot prepare signature checks: %s\n"), lk_store_error(s->store));
	return s->store;
}

void session_store_close(struct session *s)
{
	lk_engine_store_close(&s->eng);
}
