/* web_route: the web app's table of pages (path, who may open it, who may post to it) and its menu. */
#include <string.h>

#include <microhttpd.h>

#include "lk_i18n.h"
#include "lk_utf8.h"
#include "lk_util.h"
#include "web_priv.h"
#include "web_rapat.h"
#include "web_dinas.h"

/* Every page of the app. A prefix route ends in '/' and gets the rest of the path in q->rest. */
static const struct web_route s_routes[] = {
	{"/", WEB_ROLE_ANY, 0, 0, web_page_home},
	{"/jadwal", WEB_ROLE_ANY, WEB_ROLE_RUNS, 0, web_page_jadwal},
	{"/staf", WEB_ROLE_ANY, WEB_ROLE_RUNS, 0, web_page_staf},
	{"/materi", WEB_ROLE_RUNS | WEB_ROLE_PJ, WEB_ROLE_RUNS | WEB_ROLE_PJ, 8 * 1024 * 1024, web_page_materi},
	{"/undangan", WEB_ROLE_ANY, WEB_ROLE_RUNS, 0, web_page_undangan},
	{"/undangan/pdf", WEB_ROLE_ANY, 0, 0, web_page_undangan_pdf},
	{"/konflik", WEB_ROLE_ANY, WEB_ROLE_RUNS, 0, web_page_conflicts},
	{"/ditolak", WEB_ROLE_ANY, WEB_ROLE_RUNS, 0, web_page_refused},
	{"/akun", WEB_ROLE_ANY, WEB_ROLE_ANY, 0, web_page_account},
	/* The meeting pages. */
	{"/hadir", WEB_ROLE_ANY, WEB_ROLES_ATTEND, 0, web_page_hadir},
	{"/masalah", WEB_ROLE_ANY, WEB_ROLES_PROBLEM, 0, web_page_masalah},
	{"/rtl", WEB_ROLE_ANY, WEB_ROLES_RTL, 8 * 1024 * 1024, web_page_rtl},
	{"/lampiran/", WEB_ROLE_ANY, 0, 0, web_page_lampiran},
	{"/notulen", WEB_ROLE_ANY, WEB_ROLES_MINUTES, 0, web_page_notulen},
	{"/notulen.pdf", WEB_ROLE_ANY, 0, 0, web_page_notulen_pdf},
	{"/hadir.pdf", WEB_ROLE_ANY, 0, 0, web_page_hadir_pdf},
	{"/capaian", WEB_ROLE_ANY, WEB_ROLE_KAPUS | WEB_ROLE_KTU | WEB_ROLE_PJ, 4u << 20, web_page_capaian},
	{"/capaian/xlsx", WEB_ROLE_ANY, 0, 0, web_page_capaian_xlsx},
	{"/capaian/template", WEB_ROLE_ANY, 0, 0, web_page_capaian_template},
	/* The district's review of submitted minutes; another device's people are told it is the district's. */
	{"/tinjau", WEB_ROLE_ANY, WEB_ROLE_ANY, 0, web_page_tinjau},
	/* The district's view of each puskesmas (only on a dinkes device). */
	{"/dinas/puskesmas", WEB_ROLE_ANY, 0, 0, web_page_dinas_pkm},
	{"/dinas/bukti.zip", WEB_ROLE_ANY, 0, 0, web_page_dinas_bukti},
	/* The camat's office's quarterly lokmin. */
	{"/sektor", WEB_ROLE_ANY, WEB_ROLE_RUNS, 0, web_page_sektor},
	{"/komitmen", WEB_ROLE_ANY, WEB_ROLE_RUNS, 0, web_page_komitmen},
	{"/agenda", WEB_ROLE_ANY, 0, 0, web_page_agenda},
	/* The district's dashboard (a dinkes device only; the pages say 404 elsewhere). */
	{"/dinas", WEB_ROLE_ANY, 0, 0, web_page_dinas},
	{"/dinas/xlsx", WEB_ROLE_ANY, 0, 0, web_page_dinas_xlsx},
};

/* The menu, in the order people work through a month. */
const struct web_menu web_menu[] = {
	{"/", N_("To do"), WEB_ROLE_ANY},
	/* The district's own pages. */
	{"/dinas", N_("District dashboard"), WEB_ROLE_ANY | WEB_MENU_DINKES},
	{"/dinas/puskesmas", N_("Puskesmas"), WEB_ROLE_ANY | WEB_MENU_DINKES},
	{"/tinjau", N_("Review of minutes"), WEB_ROLE_ANY | WEB_MENU_DINKES},
	{"/jadwal", N_("Schedule"), WEB_ROLE_ANY | WEB_MENU_PUSKESMAS | WEB_MENU_KECAMATAN},
	{"/staf", N_("Staff"), WEB_ROLE_ANY},
	/* The camat's office's own pages. */
	{"/sektor", N_("Sectors"), WEB_ROLE_ANY | WEB_MENU_KECAMATAN},
	{"/agenda", N_("Agenda"), WEB_ROLE_ANY | WEB_MENU_KECAMATAN},
	{"/materi", N_("Meeting material"), WEB_ROLE_RUNS | WEB_ROLE_PJ | WEB_MENU_PUSKESMAS},
	{"/undangan", N_("Invitation"), WEB_ROLE_ANY | WEB_MENU_PUSKESMAS | WEB_MENU_KECAMATAN},
	{"/hadir", N_("Meeting"), WEB_ROLE_ANY | WEB_MENU_PUSKESMAS | WEB_MENU_KECAMATAN},
	{"/komitmen", N_("Commitments"), WEB_ROLE_ANY | WEB_MENU_KECAMATAN},
	{"/capaian", N_("Achievement"), WEB_ROLE_ANY | WEB_MENU_PUSKESMAS},
	{"/akun", N_("My account"), WEB_ROLE_ANY},
	{NULL, NULL, 0},
};

unsigned web_role_bit(const char *role)
{
	static const struct {
		const char *word;
		unsigned bit;
	} roles[] = {
		{"kapus", WEB_ROLE_KAPUS}, {"ktu", WEB_ROLE_KTU},     {"pj_program", WEB_ROLE_PJ},
		{"notulis", WEB_ROLE_NOTULIS}, {"camat", WEB_ROLE_CAMAT}, {"staff", WEB_ROLE_STAFF},
		{"sector_rep", WEB_ROLE_SECTOR},
	};
	for (size_t i = 0; role && i < LK_ARRAY_LEN(roles); i++)
		if (!strcmp(roles[i].word, role))
			return roles[i].bit;
	return 0;
}

unsigned web_menu_office(const char *office_role)
{
	if (office_role == NULL)
		return 0;
	if (!strcmp(office_role, "puskesmas"))
		return WEB_MENU_PUSKESMAS;
	if (!strcmp(office_role, "kecamatan"))
		return WEB_MENU_KECAMATAN;
	return !strcmp(office_role, "dinkes") ? WEB_MENU_DINKES : 0;
}

const struct web_route *web_route_find(const char *url)
{
	for (size_t i = 0; i < LK_ARRAY_LEN(s_routes); i++) {
		const struct web_route *r = &s_routes[i];
		size_t n = strlen(r->path);
		if (!strcmp(r->path, url))
			return r;
		/* "/rapat/" takes "/rapat/x" but not "/rapat/" itself unless it is listed exactly. */
		if (n > 1 && r->path[n - 1] == '/' && !strncmp(r->path, url, n) && url[n] != '\0')
			return r;
	}
	return NULL;
}

const char *web_arg(const struct web_req *q, const char *name)
{
	const char *v = MHD_lookup_connection_value(q->c, MHD_GET_ARGUMENT_KIND, name);
	if (v == NULL || lk_utf8_valid(v, strlen(v)) != 1)
		return NULL;
	return v;
}

const char *web_field(const struct web_req *q, const char *name)
{
	const char *v = q->form ? web_form_get(q->form, name) : NULL;
	return v ? v : web_arg(q, name);
}

void web_redirect(struct web_req *q, const char *url, const char *note)
{
	q->r->status = 303;
	lk_strlcpy(q->r->location, url, sizeof q->r->location);
	if (q->s && note)
		lk_strlcpy(q->s->note, note, sizeof q->s->note);
}
