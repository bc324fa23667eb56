/* web_rapat: what the meeting pages (attendance, problems, follow-up, minutes) share. */
#ifndef LK_WEB_RAPAT_H
#define LK_WEB_RAPAT_H

#include <stddef.h>

#include "lk_lang.h"
#include "meeting.h"
#include "web_priv.h"

/* Who may change what the meeting pages show (the routes and the pages say the same). */
#define WEB_ROLES_ATTEND (WEB_ROLE_KTU | WEB_ROLE_KAPUS | WEB_ROLE_NOTULIS | WEB_ROLE_CAMAT)
#define WEB_ROLES_PROBLEM (WEB_ROLE_KTU | WEB_ROLE_KAPUS | WEB_ROLE_NOTULIS | WEB_ROLE_PJ)
#define WEB_ROLES_RTL (WEB_ROLE_KTU | WEB_ROLE_KAPUS | WEB_ROLE_PJ | WEB_ROLE_NOTULIS | WEB_ROLE_CAMAT | WEB_ROLE_STAFF | WEB_ROLE_SECTOR)
#define WEB_ROLES_RTL_ADD (WEB_ROLE_KTU | WEB_ROLE_KAPUS | WEB_ROLE_CAMAT) /* who adds items to the follow-up board */
#define WEB_ROLES_MINUTES (WEB_ROLE_KTU | WEB_ROLE_KAPUS | WEB_ROLE_NOTULIS | WEB_ROLE_CAMAT)

/* The language the person reads. */
enum lk_lang web_rapat_lang(const struct web_req *q);
/* The meeting the request names (?rapat= or the form's field), else the one at hand
 * (dom_meeting_current). 0, or -1 after answering with an error page. */
int web_rapat_of(struct web_req *q, struct dom_meeting *mt);
/* A YYYY-MM-DD day in words ("3 Desember 2026"); returns out. */
char *web_rapat_day(const struct web_req *q, const char *ymd, char *out, size_t size);
/* A stored timestamp as the office's clocks showed it, with the date; returns out. */
char *web_rapat_when(const struct web_req *q, const char *utc, char *out, size_t size);
/* The page's heading, the meeting's title and day, and the links between the meeting pages. */
void web_rapat_head(const struct web_req *q, const struct dom_meeting *mt, const char *title, struct web_buf *b);
/* Open a POST form to action (class cls) with the csrf and meeting fields; the caller closes it. */
void web_rapat_form(const struct web_req *q, const struct dom_meeting *mt, const char *action, const char *cls,
                    int multipart, struct web_buf *b);
/* 303 back to page of the meeting with a note. */
void web_rapat_back(struct web_req *q, const struct dom_meeting *mt, const char *page, const char *note);
/* <label for=id>text</label> */
void web_rapat_label(struct web_buf *b, const char *id, const char *text);

/* The follow-up board's form that adds an item (web_rtl_add.c), and its POST (op=tambah). */
void web_rtl_add_form(struct web_req *q, const struct dom_meeting *mt, struct web_buf *b);
void web_rtl_add_post(struct web_req *q, const struct dom_meeting *mt);

#endif
