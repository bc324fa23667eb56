/* session_store: the session's offline store, opened on first use, with the signature check registered. */
#include <stdio.h>

#include "client.h"
#include "signer.h"
#include "store.h"

struct lk_store *session_store(struct session *s)
{
	char err[512];
	if (s->store == NULL && (s->store = lk_store_open(s->home, err, sizeof err)) == NULL)
		fprintf(stderr, "lokmin: cannot open this device's store: %s\n", err);
	/* Reports and lists count a document as signed only when it verifies. */
	else if (s->store && signer_sql_register(s->store) != 0)
		fprintf(stderr, "lokmin: cannot prepare signature checks: %s\n", lk_store_error(s->store));
	return s->store;
}

void session_store_close(struct session *s)
{
	lk_store_close(&s->store);
}
