/* followup_cli: typed names to record ids and JSON rows with their handle, for the follow-up commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "followup_cli.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"

int followup_name(struct session *s, lk_store *st, enum dom_kind kind, const char *text, char id[40])
{
	if (lk_uuid_canonical(text)) {
		lk_strlcpy(id, text, 40);
		return 0;
	}
	return cli_resolve(s, st, kind, text, id, 40);
}

int followup_json(const struct lk_entity *e, const ProtobufCMessage *rec, const char *handle)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return -LK_ENOMEM;
	int rc = lk_record_json(f, e, rec);
	fclose(f);
	/* Added last, so that readers of the record's fields find them where they were. */
	if (rc == 0 && len >= 2 && !strcmp(buf + len - 2, "}\n")) {
		buf[len - 2] = '\0';
		printf("%s,\"handle\":", buf);
		json_string(stdout, handle);
		printf("}\n");
	} else if (rc == 0) {
		fputs(buf, stdout);
	}
	free(buf);
	return rc;
}
