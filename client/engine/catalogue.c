/* catalogue: fetch the indicator catalogue from lokmind into the offline store when it changed. */
#include <stdio.h>
#include <stdlib.h>

#include "client.h"
#include "lk_error.h"
#include "store.h"

int catalogue_fetch(struct session *s, int quiet)
{
	lk_store *st = session_store(s);
	char *have = NULL;
	int rc;
	if (st == NULL)
		return -LK_EIO;
	if (lk_store_get_meta(st, LK_STORE_META_CATALOGUE, &have) != 0)
		have = NULL;
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__CatalogueRequest cr = LOKMIN__CATALOGUE_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	cr.digest = have ? have : "";
	req.body_case = LOKMIN__REQUEST__BODY_CATALOGUE;
	req.catalogue = &cr;
	if (quiet) {
		if ((rc = session_connect(s)) == 0 && (rc = lk_conn_call(s->conn, &req, s->opt.timeout, &rep)) != 0)
			rc = rc < 0 ? rc : -LK_EIO;
	} else {
		rc = session_call(s, "indicator catalogue", &req, &rep);
	}
	if (rc == 0 && rep->body_case != LOKMIN__REPLY__BODY_CATALOGUE)
		rc = -LK_EBADREQ;
	if (rc == 0 && !rep->catalogue->unchanged && (rc = lk_store_catalogue_put(st, rep->catalogue)) != 0 && !quiet)
		fprintf(stderr, "lokmin: cannot store the indicator catalogue: %s\n", lk_store_error(st));
	lk_reply_free(rep);
	free(have);
	return rc;
}
