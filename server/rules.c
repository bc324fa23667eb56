/* rules: domain rules the server enforces on pushed records, beyond the field checks of the entity table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_util.h"
#include "records.h"
#include "srv.h"

/* Attendance, material and history belong to a meeting that is not cancelled. */
static int s_meeting_open(PGconn *pg, const ProtobufCMessage *rec, const char *what, char *err, size_t errlen)
{
	char *mid = lk_record_get(rec, "meeting_id");
	const char *p[1] = {mid};
	PGresult *r = db_exec(pg, "meeting_status", 1, p);
	int rc = 0;
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = db_error(pg, r);
	else if (PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "cancelled")) {
		snprintf(err, errlen, "%s for a cancelled meeting", what);
		rc = -LK_EINVAL;
	}
	/* A meeting not here yet may still arrive in this push: ops are not ordered. */
	PQclear(r);
	free(mid);
	return rc;
}

static int s_attendance(PGconn *pg, const ProtobufCMessage *rec, int is_new, char *err, size_t errlen)
{
	(void)is_new;
	return s_meeting_open(pg, rec, "attendance", err, errlen);
}

static int s_material(PGconn *pg, const ProtobufCMessage *rec, int is_new, char *err, size_t errlen)
{
	return is_new ? s_meeting_open(pg, rec, "material", err, errlen) : 0;
}

static const struct rule {
	const char *entity;
	int (*check)(PGconn *pg, const ProtobufCMessage *rec, int is_new, char *err, size_t errlen);
} s_rules[] = {
	{"attendance", s_attendance},
	{"material", s_material},
};

int rules_check(PGconn *pg, const struct lk_entity *e, const ProtobufCMessage *rec, int is_new, char *err,
                size_t errlen)
{
	for (size_t i = 0; i < LK_ARRAY_LEN(s_rules); i++)
		if (!strcmp(s_rules[i].entity, e->name))
			return s_rules[i].check(pg, rec, is_new, err, errlen);
	return 0;
}
