/* web_priv: what the web app's files share: the app's state, the sync state and the page and server calls. */
#ifndef LK_WEB_PRIV_H
#define LK_WEB_PRIV_H

#include <pthread.h>
#include <stdint.h>

#include "dom.h"
#include "engine.h"
#include "lk_lang.h"
#include "web_auth.h"
#include "web_http.h"

/* What the sync thread tells the pages (web_sync.c); guarded by its lock. */
struct web_sync_state {
	int online;            /* the last attempt reached lokmind */
	int running;           /* a sync is under way */
	int64_t last_try_ms;   /* when the last attempt ended (0: none yet) */
	char error[256];       /* why the last attempt failed ("" when it did not) */
	char upload[256];      /* the file being uploaded ("" none) */
	int64_t upload_done, upload_total; /* its bytes the server holds, of its size */
};

struct web_sync;

/* The app: owned by the thread that answers requests (libmicrohttpd's one polling thread). */
struct web_app {
	struct lk_engine *eng;  /* this thread's engine handle and store */
	struct dom d;           /* the domain's view of eng */
	enum lk_lang lang;      /* the language before anyone logs in */
	int loopback;           /* listening on a loopback address */
	int https;              /* serving HTTPS: cookies are Secure */
	char host[80];          /* ADDR:PORT as listened on */
	int64_t idle_ms;        /* a session unused this long is over */
	struct web_sync *sync;  /* the background sync, NULL when not running */
};

/* One answer, filled by a page and sent by the server. */
struct web_reply {
	int status;
	struct web_buf body;
	const char *ctype;       /* NULL: text/html; charset=utf-8 */
	char location[256];      /* a redirect's target ("" none) */
	char cookie[2][200];     /* Set-Cookie values ("" none) */
	const char *allow;       /* the Allow header of a 405 */
	int cacheable;           /* static content */
	uint64_t server_us;      /* time spent making it */
	char disposition[200];   /* Content-Disposition of a download ("" none) */
};

/* ---------------------------------------------------------------- routes (web_route.c) */

/* A person's staff role as a bit; a route names the roles it is for. */
enum {
	WEB_ROLE_KAPUS = 1u << 0,
	WEB_ROLE_KTU = 1u << 1,
	WEB_ROLE_PJ = 1u << 2,      /* pj_program: a programme holder */
	WEB_ROLE_NOTULIS = 1u << 3,
	WEB_ROLE_CAMAT = 1u << 4,
	WEB_ROLE_STAFF = 1u << 5,
	WEB_ROLE_SECTOR = 1u << 6,  /* sector_rep */
	WEB_ROLE_ANY = 0x7fu,
	WEB_ROLE_HEAD = WEB_ROLE_KAPUS | WEB_ROLE_CAMAT,
	WEB_ROLE_RUNS = WEB_ROLE_KAPUS | WEB_ROLE_KTU | WEB_ROLE_CAMAT, /* who runs the schedule and letters */
};
/* The bit of a person.role word (0 for an unknown word). */
unsigned web_role_bit(const char *role);

/* The logged-in person as the staff list has them now (read once per request). */
struct web_person {
	char id[40];
	char name[160];
	char role[16];
	char programmes[200];
	unsigned role_bit;
};

/* One uploaded file of a multipart form (web_server.c keeps it in memory for the request). */
struct web_upload {
	char field[64];     /* the form field's name */
	char filename[256]; /* as the browser sent it, without any folder */
	char ctype[100];
	unsigned char *data;
	size_t len;
};

/* One request as a page sees it. */
struct web_req {
	struct web_app *a;
	struct web_session *s;
	struct MHD_Connection *c;
	const struct web_person *me;
	const char *url;
	const char *rest;              /* what follows a prefix route ("" for an exact one) */
	int post;                      /* a POST that passed the CSRF check */
	const struct web_form *form;   /* the POST's fields (empty on GET) */
	const struct web_upload *file; /* a multipart POST's file (NULL when none) */
	struct web_reply *r;
};

typedef void (*web_page_fn)(struct web_req *q);

/* One page: who may see it and who may post to it. */
struct web_route {
	const char *path;     /* "/jadwal", or a prefix ending in '/' ("/rapat/") */
	unsigned get_roles;   /* who may open it */
	unsigned post_roles;  /* who may POST to it (0: nobody) */
	size_t upload_max;    /* a multipart body up to this many bytes (0: forms only, WEB_FORM_BODY_MAX) */
	web_page_fn fn;
};
#define WEB_FORM_BODY_MAX (64 * 1024)

/* The route of url, or NULL. */
const struct web_route *web_route_find(const char *url);

/* One entry of the menu: shown to the roles it names. */
struct web_menu {
	const char *path;
	const char *label; /* N_() msgid */
	unsigned roles;
};
extern const struct web_menu web_menu[];
/* In a menu entry's roles: the office kinds it is shown on (an entry naming none shows on every kind). */
#define WEB_MENU_PUSKESMAS (1u << 16)
#define WEB_MENU_KECAMATAN (1u << 17)
#define WEB_MENU_DINKES (1u << 18)
#define WEB_MENU_OFFICES (WEB_MENU_PUSKESMAS | WEB_MENU_KECAMATAN | WEB_MENU_DINKES)
/* The WEB_MENU_ bit of an office role word ("puskesmas", "kecamatan", "dinkes"; 0 for another). */
unsigned web_menu_office(const char *office_role);
/* The district's review of submitted minutes (web_tinjau.c). */
void web_page_tinjau(struct web_req *q);

/* The value of a query argument of the request (GET ?name=value), NULL when absent or not UTF-8. */
const char *web_arg(const struct web_req *q, const char *name);
/* A field of the POST form, else the query argument. */
const char *web_field(const struct web_req *q, const char *name);
/* A 303 to url, with a note shown once on the next page (note may be NULL; it is copied). */
void web_redirect(struct web_req *q, const char *url, const char *note);

/* ---------------------------------------------------------------- pages (web_pages.c) */

/* The page frame around body_html for a logged-in person (s) or none (s NULL); shows and clears
 * the session's note. */
void web_page(struct web_app *a, struct web_session *s, struct web_reply *r, const char *title,
              const char *body_html);
/* The login form with an optional error line; csrf is the form's token. */
void web_page_login(struct web_app *a, struct web_reply *r, const char *csrf, const char *login, const char *error);
/* The home page: today's to-do list. */
void web_page_home(struct web_req *q);
/* The meeting pages (web_hadir.c, web_masalah.c, web_rtl.c, web_notulen.c): attendance,
 * problems, follow-up with evidence photos, minutes. */
void web_page_hadir(struct web_req *q);
void web_page_masalah(struct web_req *q);
void web_page_rtl(struct web_req *q);
/* /lampiran/HASH: the content of an attachment, for a logged-in person. */
void web_page_lampiran(struct web_req *q);
void web_page_notulen(struct web_req *q);
/* /hadir.pdf: the meeting's attendance list laid out for printing. */
void web_page_hadir_pdf(struct web_req *q);
/* /notulen.pdf: the minutes laid out for printing. */
void web_page_notulen_pdf(struct web_req *q);
/* The request's page: title and body_html in the frame. */
void web_req_page(struct web_req *q, const char *title, const struct web_buf *body);
/* A domain error as a page: the sentence in a red box above the page's own body (body may be NULL). */
void web_req_error(struct web_req *q, int status, const char *msg);
/* An error page (403, 404, 405, 413, 429, 500) with its status. */
void web_page_error(struct web_app *a, struct web_session *s, struct web_reply *r, int status);
/* 403 for a page that is not for the person's role. */
void web_page_denied(struct web_req *q);

/* Open conflicts, each in words with both versions and the forms that settle it (web_conflicts.c). */
void web_page_conflicts(struct web_req *q);
/* Changes the server refused, with the reason and the form that drops one (web_refused.c). */
void web_page_refused(struct web_req *q);
/* The logged-in person's own account: password and language (web_account.c). */
void web_page_account(struct web_req *q);

/* ---------------------------------------------------------------- names (web_names.c) */

/* An entity or a field as people read it (the word itself when unknown). */
const char *web_entity_word(const char *entity);
const char *web_field_word(const char *field);
/* A record by its name into out: a meeting by its date, a person by name, else the kind and handle. */
void web_record_name(struct web_app *a, const char *entity, const char *id, enum lk_lang lang, char *out, size_t n);
/* A person's name by id into out ("" when the device does not know them). */
void web_person_name(struct web_app *a, const char *person_id, char *out, size_t n);
/* ms since the epoch as a date and time in the office's zone ("" when unknown). */
void web_when_ms(struct web_app *a, int64_t ms, enum lk_lang lang, char *out, size_t n);
/* The schedule, staff, material and invitation pages (web_jadwal.c, web_staf.c, web_materi.c, web_undangan.c). */
void web_page_jadwal(struct web_req *q);
void web_page_staf(struct web_req *q);
void web_page_materi(struct web_req *q);
void web_page_undangan(struct web_req *q);
void web_page_undangan_pdf(struct web_req *q);

/* What those pages share (web_view.c). */
struct dom_meeting;
/* The language of the person asking. */
enum lk_lang web_lang(const struct web_req *q);
/* The language of what s sees (NULL: nobody logged in): the account's, else the app's. */
enum lk_lang web_lang_of(const struct web_app *a, const struct web_session *s);
/* The person as the staff list has them now; 0, or -1 (me zeroed) when they are no longer on it. */
int web_person_of(struct web_app *a, const char *person_id, struct web_person *me);
/* A YYYY-MM-DD day in lang ("3 Desember 2026"), escaped; "-" when empty. */
void web_day(struct web_buf *b, const char *iso, enum lk_lang lang);
/* A machine word of the schedule or the material list (postponed, late ...) as people read it. */
const char *web_word(const char *w);
/* The HTTP status of a domain refusal (403, 404, 409 or 400). */
int web_status_of(int rc);
/* The hidden csrf field of a POST form. */
void web_csrf_field(struct web_buf *b, const struct web_req *q);
/* The meeting of ?rapat=ID, else the next one still ahead. 0 or negative with err. */
int web_meeting_pick(struct web_req *q, struct dom_meeting *out, struct dom_err *err);
/* Lay out rec with fill (rl_undangan, rl_hadir, rd_notulen) and answer with the PDF, named name; a refusal
 * becomes an error page. */
struct rd_doc;
typedef int (*web_pdf_fill)(struct dom *d, const ProtobufCMessage *rec, struct rd_doc *doc, struct dom_err *err);
void web_send_pdf(struct web_req *q, web_pdf_fill fill, const ProtobufCMessage *rec, const char *name);
/* The same PDF as bytes (*data malloc'd, caller frees); 0 or negative with err. */
int web_pdf_bytes(struct web_app *a, web_pdf_fill fill, const ProtobufCMessage *rec, char **data, size_t *len,
                  struct dom_err *err);
/* The meeting's title, day and state as a line above a page's body. */
void web_meeting_heading(struct web_buf *b, const struct dom_meeting *m, enum lk_lang lang);
/* Achievement per indicator and desa: the year's table, entry, CSV import, XLSX export (web_capaian.c). */
void web_page_capaian(struct web_req *q);
void web_page_capaian_xlsx(struct web_req *q);
void web_page_capaian_template(struct web_req *q);
/* The district's dashboard and its tables as workbooks (web_dasbor.c). */
void web_page_dinas(struct web_req *q);
void web_page_dinas_xlsx(struct web_req *q);

/* ---------------------------------------------------------------- server (web_server.c) */

struct MHD_Daemon;
struct web_tls;
/* Start answering on addr:port (IPv4), over HTTPS when tls is not NULL. NULL with the reason logged. */
struct MHD_Daemon *web_server_start(struct web_app *a, const char *addr, int port, const struct web_tls *tls);
void web_server_stop(struct MHD_Daemon *d);

/* ---------------------------------------------------------------- static files (generated web_static.c) */

struct web_static {
	const char *path;  /* "/static/style.css" */
	const char *ctype;
	const unsigned char *data;
	unsigned long len;
};
extern const struct web_static web_static_files[];
extern const unsigned long web_static_count;

/* ---------------------------------------------------------------- sync (web_sync.c) */

#define WEB_SYNC_EVERY_MS (60 * 1000) /* between syncs while lokmind answers, unless --sync-every says */
/* Start the background sync on its own engine handle for home (timeout_ms per request, every_ms
 * between syncs while lokmind answers). NULL on failure. */
struct web_sync *web_sync_start(const char *home, int64_t timeout_ms, int64_t every_ms);
/* Ask for a sync soon (after a change). Safe from any thread; NULL does nothing. */
void web_sync_soon(struct web_sync *s);
/* A copy of the state; zeroes when s is NULL. */
void web_sync_get(struct web_sync *s, struct web_sync_state *out);
/* Stop the thread and free. */
void web_sync_stop(struct web_sync *s);

/* The camat's office's pages (web_sektor.c, web_komitmen.c, web_agenda.c): sectors and representatives,
 * commitments with their follow-up, the meeting's agenda. */
void web_page_sektor(struct web_req *q);
void web_page_komitmen(struct web_req *q);
void web_page_agenda(struct web_req *q);
/* A sector's kind word (tni, polri ...) as people read it ("" for none). */
const char *web_sector_kind(const char *word);

#endif
