/* web_dinas: what the district's puskesmas page and its evidence ZIP share: the puskesmas and year asked for,
 * the year month by month, and the accreditation evidence in words. */
#ifndef LK_WEB_DINAS_H
#define LK_WEB_DINAS_H

#include "evidence.h"
#include "reports.h"
#include "web_priv.h"

/* The puskesmas of ?kode= and the year of ?tahun= (default: this year) as a district device knows them. */
struct web_pkm {
	struct unit u;
	char pusk_name[200]; /* "Puskesmas Kaliwungu" */
	char kec_name[160];
	int year;
	char as_of[16];      /* today, or the year's last day for a past year */
	struct ev_month months[12];
	int due;
};

/* Fill p for the request; 0, or -1 after answering (404 on a device that is not a district's, or an
 * unknown puskesmas; 400 for a bad year). */
int web_pkm_of(struct web_req *q, struct web_pkm *p);
/* The accreditation evidence of p (criterion 1.6.2, EP a, b, c) as HTML into b: the summary, every gap in
 * words, and the pieces found. complete is set to 1 when every EP is complete. 0 or a negative code. */
int web_pkm_evidence(struct web_req *q, const struct web_pkm *p, struct web_buf *b, int *complete);
/* The words of a month's state. */
const char *web_pkm_state(enum ev_state s);

/* The pages (web_dinas.c, web_bukti.c). */
void web_page_dinas_list(struct web_req *q);
void web_page_dinas_pkm(struct web_req *q);
void web_page_dinas_bukti(struct web_req *q);

#endif
