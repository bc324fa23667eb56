/* catalogue: fetch the indicator catalogue from lokmind into the offline store when it changed. */
#include <stdio.h>
#include <stdlib.h>

#include "catalogue.h"
#include "lk_error.h"
#include "store.h"

int lk_catalogue_fetch(struct lk_engine *e)
{
	lk_store *st = lk_engine_store(e);
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
	if ((rc = lk_engine_call(e, &req, &rep)) > 0)
		rc = -LK_EIO;
	if (rc == 0 && rep->body_case != LOKMIN__REPLY__BODY_CATALOGUE)
		rc = -LK_EBADREQ;
	if (rc == 0 && !rep->catalogue->unchanged)
		rc = lk_store_catalogue_put(st, rep->catalogue);
	lk_reply_free(rep);
	free(have);
	return rc;
}
