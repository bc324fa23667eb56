/* web_agenda: /agenda, the meeting's agenda as the domain builds it (for a quarterly lokmin: each puskesmas' gaps and flagged problems). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_i18n.h"
#include "meeting.h"
#include "web_priv.h"
#include "web_rapat.h"

/* One line of the agenda, its depth told by its indent: a numbered point, a puskesmas, or an item under them. */
static void s_line(struct web_buf *b, const char *line, size_t len)
{
	size_t sp = 0;
	while (sp < len && line[sp] == ' ')
		sp++;
	if (sp == len)
		return;
	int level = sp == 0 ? 0 : sp <= 3 ? 1 : 2;
	int item = len - sp >= 2 && line[sp] == '-' && line[sp + 1] == ' ';
	if (item)
		sp += 2;
	char *text = strndup(line + sp, len - sp);
	if (text == NULL)
		return;
	web_buf_printf(b, "<p class=\"ag%d%s\">", level, item ? " item" : "");
	web_buf_esc(b, text);
	web_buf_raw(b, "</p>\n");
	free(text);
}

void web_page_agenda(struct web_req *q)
{
	struct dom_meeting mt;
	struct dom_err err = {0};
	struct web_buf b = {0};
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (web_rapat_of(q, &mt) != 0)
		return;
	FILE *f = open_memstream(&text, &len);
	if (f == NULL) {
		web_page_error(q->a, q->s, q->r, 500);
		return;
	}
	rc = dom_meeting_agenda(&q->a->d, mt.id, f, &err);
	fclose(f);
	if (rc != 0) {
		free(text);
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	web_rapat_head(q, &mt, _("Agenda"), &b);
	web_buf_raw(&b, "<p class=\"hint\">");
	web_buf_esc(&b, _("Built from the records on this device: each puskesmas' gaps and the problems it flagged for the "
	                  "sectors, open follow-up actions and commitments."));
	web_buf_raw(&b, "</p>\n<div class=\"agenda\">\n");
	for (char *p = text; p && *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		s_line(&b, p, n);
		p += n + (nl != NULL);
	}
	web_buf_raw(&b, "</div>\n");
	free(text);
	web_req_page(q, _("Agenda"), &b);
	web_buf_free(&b);
}
