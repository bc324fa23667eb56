/* test_dom_documents: unit tests of the documents' domain (invitation, minutes, signing) over a temporary store and home. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "invitation.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lkt_store.h"
#include "minutes.h"
#include "signed_doc.h"
#include "signing.h"
#include "store.h"

#define PASS "kunci-rahasia-kapus"

static char s_home[256];
static lk_store *s_st;
static struct dom s_pkm, s_dinkes;
static char s_kapus[LK_UUID_STRLEN], s_staf[LK_UUID_STRLEN], s_meeting[LK_UUID_STRLEN];

static void s_setup(void)
{
	s_st = lkt_store_open_temp("domdocs", s_home, sizeof s_home);
	s_pkm = (struct dom){s_st, {"puskesmas", "3324", "332401", "P3324010101"}, s_home, "dev-pkm", 0};
	s_dinkes = (struct dom){s_st, {"dinkes", "3324", "", ""}, s_home, "dev-dinkes", 0};
	lkt_rec(s_st, "person", s_kapus, "name", "dr. Ratna Dewi", "role", "kapus", "title", "Kepala Puskesmas", NULL);
	lkt_rec(s_st, "person", s_staf, "name", "Budi Santoso", "role", "staff", NULL);
	lkt_rec(s_st, "meeting", s_meeting, "kind", "monthly", "year", "2026", "period", "12", "status", "planned",
	        "planned_date", "2026-12-10", "title", "Lokakarya Mini Bulanan Desember 2026", NULL);
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_st, s_home);
}

TestSuite(dom_documents, .init = s_setup, .fini = s_teardown, .timeout = 60);

/* The Kapus's key, made in the temporary home and confirmed by the district; its id in key. */
static void s_kapus_key(char key[40])
{
	struct dom_sign_keygen_in in = {s_kapus, 0, PASS, "laptop"};
	struct dom_sign_key_out out;
	struct dom_err err = {0};
	int rc = dom_sign_keygen(&s_pkm, &in, &out, &err);
	cr_assert_eq(rc, 0, "keygen: %d %s", rc, err.msg);
	cr_assert_str_eq(out.status, "pending");
	struct stat sb;
	cr_assert_eq(stat(out.path, &sb), 0, "the sealed key file %s", out.path);
	cr_assert_eq(sb.st_mode & 0777, 0600);
	cr_assert(strncmp(out.path, s_home, strlen(s_home)) == 0, "under the home: %s", out.path);

	/* A puskesmas device does not confirm keys; the district does. */
	struct dom_sign_status_in st = {out.key_id, 1, NULL};
	struct dom_sign_key_out so;
	rc = dom_sign_key_status(&s_pkm, &st, &so, &err);
	cr_assert_eq(rc, -LK_EPERM);
	cr_assert(strstr(err.msg, "only a district (dinkes) device confirms signing keys"), "%s", err.msg);
	rc = dom_sign_key_status(&s_dinkes, &st, &so, &err);
	cr_assert_eq(rc, 0, "confirm: %s", err.msg);
	char *status = lkt_field(s_st, "signer_key", out.key_id, "status");
	cr_assert_str_eq(status, "active");
	free(status);
	strcpy(key, out.key_id);
}

static void s_draft(char id[40])
{
	struct dom_invitation_draft_in in = {.meeting_id = s_meeting, .number = "005/PKM/XII/2026", .place = "Aula \"Sehat\""};
	struct dom_invitation_draft_out out;
	struct dom_err err = {0};
	int rc = dom_invitation_draft(&s_pkm, &in, &out, &err);
	cr_assert_eq(rc, 0, "draft: %s", err.msg);
	strcpy(id, out.id);
}

Test(dom_documents, invitation_signed_by_the_head_only_then_sealed)
{
	char key[40], inv[40];
	s_kapus_key(key);
	s_draft(inv);
	char *doc = lkt_field(s_st, "invitation", inv, "document"), *mid = lkt_field(s_st, "invitation", inv, "meeting_id");
	/* The canonical text of a Surat Undangan: every part of the letter, as the head signs it. */
	cr_assert(strncmp(doc, "LKDOC 1 undangan\n", 17) == 0, "%s", doc);
	cr_assert(strstr(doc, "\nnomor: 005/PKM/XII/2026\nsifat: Biasa\nlampiran: -\nhal: Undangan Lokakarya Mini Bulanan\n"),
	          "%s", doc);
	cr_assert(strstr(doc, "\nyth: Budi Santoso\n"), "%s", doc);
	cr_assert(strstr(doc, "\nhari_tanggal: Kamis, 10 Desember 2026\n"), "%s", doc);
	cr_assert(strstr(doc, "\ntempat: Aula \"Sehat\"\n"), "%s", doc);
	cr_assert(strstr(doc, "\nacara: Pembukaan\n"), "%s", doc);
	cr_assert(strstr(doc, "\ntembusan: Kepala Dinas Kesehatan\n"), "%s", doc);
	cr_assert_str_eq(mid, s_meeting);
	free(doc);
	free(mid);

	/* Someone who is not the Kapus, with no delegation: refused, nothing written. */
	struct dom_doc_sign_in in = {"invitation", inv, s_staf, PASS};
	struct dom_doc_sign_out out;
	struct dom_err err = {0};
	int rc = dom_doc_sign(&s_pkm, &in, &out, &err);
	cr_assert_eq(rc, -LK_EPERM);
	cr_assert(strstr(err.msg, "only the Kapus signs the invitation (or a deputy with a delegation"), "%s", err.msg);
	cr_assert(strstr(err.msg, "Budi Santoso is staff"), "%s", err.msg);
	char *sig = lkt_field(s_st, "invitation", inv, "signature");
	cr_assert_str_eq(sig, "");
	free(sig);

	/* The Kapus with a wrong passphrase: refused. */
	in.person_id = s_kapus;
	in.passphrase = "not-the-passphrase";
	rc = dom_doc_sign(&s_pkm, &in, &out, &err);
	cr_assert_eq(rc, -LK_ECRYPTO, "%d %s", rc, err.msg);
	cr_assert(strstr(err.msg, "cannot open the signing key"), "%s", err.msg);

	/* The check before the passphrase agrees; then the Kapus signs. */
	in.passphrase = NULL;
	cr_assert_eq(dom_doc_sign_check(&s_pkm, &in, &out, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out.key_id, key);
	in.passphrase = PASS;
	rc = dom_doc_sign(&s_pkm, &in, &out, &err);
	cr_assert_eq(rc, 0, "sign: %s", err.msg);
	cr_assert_eq(out.deputy, 0);
	char *who = lkt_field(s_st, "invitation", inv, "signer_person_id"),
	     *k = lkt_field(s_st, "invitation", inv, "signer_key_id");
	sig = lkt_field(s_st, "invitation", inv, "signature");
	cr_assert_str_eq(who, s_kapus);
	cr_assert_str_eq(k, key);
	cr_assert_eq(strlen(sig), 128);
	free(who);
	free(k);
	free(sig);

	/* What `invite show` writes. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	enum signer_state state;
	cr_assert_eq(dom_doc_show(&s_pkm, "invitation", inv, f, &state, &err), 0);
	fclose(f);
	cr_assert_eq(state, SIGNER_VERIFIED);
	cr_assert(strstr(buf, "dr. Ratna Dewi\n\n[signed by "), "%s", buf);
	free(buf);

	/* Sealed: no second signature, and the store refuses a change of the text. */
	rc = dom_doc_sign(&s_pkm, &in, &out, &err);
	cr_assert_eq(rc, -LK_ECONFLICT);
	cr_assert(strstr(err.msg, "this invitation is already signed and sealed"), "%s", err.msg);
	ProtobufCMessage *m = NULL;
	const char *fields[1] = {"document"};
	char perr[300] = "";
	cr_assert_eq(lk_store_get(s_st, lk_entity_find("invitation"), inv, &m), 0);
	cr_assert_eq(lk_record_set(m, "document", "SURAT PALSU"), 0);
	cr_assert_neq(lk_store_put(s_st, lk_entity_find("invitation"), m, fields, 1, perr, sizeof perr), 0);
	cr_assert(strstr(perr, "signed and sealed; document cannot change"), "%s", perr);
	lk_record_free(m);
	doc = lkt_field(s_st, "invitation", inv, "document");
	cr_assert(strstr(doc, "LKDOC 1 undangan\n"), "unchanged: %s", doc);
	free(doc);
}

Test(dom_documents, minutes_revision_and_submit_after_signing)
{
	char key[40], at[24];
	struct dom_err err = {0};
	s_kapus_key(key);

	struct dom_minutes_compile_in ci = {.meeting_id = s_meeting};
	struct dom_minutes_compile_out r1, r1b, r2;
	cr_assert_eq(dom_minutes_compile(&s_pkm, &ci, &r1, &err), 0, "%s", err.msg);
	cr_assert_eq(r1.revision, 1);
	/* A draft is compiled again in place. */
	cr_assert_eq(dom_minutes_compile(&s_pkm, &ci, &r1b, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r1b.id, r1.id);
	cr_assert_eq(r1b.revision, 1);
	char *doc = lkt_field(s_st, "minutes", r1.id, "document");
	cr_assert(strncmp(doc, "LKDOC 1 notulen\n", 16) == 0, "%s", doc);
	cr_assert(strstr(doc, "\njudul: NOTULEN LOKAKARYA MINI BULANAN\njudul: BULAN DESEMBER 2026\n"
	                      "acara: Lokakarya Mini Bulanan Desember 2026\n"),
	          "%s", doc);
	cr_assert(strstr(doc, "\nhari_tanggal: Kamis, 10 Desember 2026\n"), "%s", doc);
	cr_assert(strstr(doc, "\npimpinan: dr. Ratna Dewi\n"), "the office head chairs by default: %s", doc);
	cr_assert(strstr(doc, "\npeserta: 0 orang hadir\n"), "%s", doc);
	free(doc);

	/* Unsigned minutes are not submitted. */
	int rc = dom_minutes_submit(&s_pkm, r1.id, at, &err);
	cr_assert_eq(rc, -LK_EPERM);
	cr_assert_str_eq(err.msg, "only signed minutes are sent to the district; sign them first");
	char *sub = lkt_field(s_st, "minutes", r1.id, "submitted_at");
	cr_assert_str_eq(sub, "");
	free(sub);

	struct dom_doc_sign_in si = {"minutes", r1.id, s_kapus, PASS};
	struct dom_doc_sign_out so;
	cr_assert_eq(dom_doc_sign(&s_pkm, &si, &so, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_minutes_submit(&s_pkm, r1.id, at, &err), 0, "%s", err.msg);
	sub = lkt_field(s_st, "minutes", r1.id, "submitted_at");
	cr_assert_str_eq(sub, at);
	cr_assert_eq(strlen(sub), 20);
	free(sub);

	/* Sealed: a change is revision 2, and it needs a reason. */
	rc = dom_minutes_compile(&s_pkm, &ci, &r2, &err);
	cr_assert_eq(rc, -LK_ECONFLICT);
	cr_assert(strstr(err.msg, "signed and sealed; a change makes revision 2: say what changed with --reason"), "%s",
	          err.msg);
	ci.reason = "Menambah keputusan jadwal posyandu";
	ci.effective = "2027-01-05";
	cr_assert_eq(dom_minutes_compile(&s_pkm, &ci, &r2, &err), 0, "%s", err.msg);
	cr_assert_eq(r2.revision, 2);
	cr_assert_str_neq(r2.id, r1.id);
	char *rev = lkt_field(s_st, "minutes", r2.id, "revision"),
	     *sup = lkt_field(s_st, "minutes", r2.id, "supersedes_id"),
	     *note = lkt_field(s_st, "minutes", r2.id, "change_note");
	doc = lkt_field(s_st, "minutes", r2.id, "document");
	cr_assert_str_eq(rev, "2");
	cr_assert_str_eq(sup, r1.id);
	cr_assert_str_eq(note, ci.reason);
	/* The change history: revision 1, then this one with its change note and date. */
	cr_assert(strstr(doc, "\nriwayat: 1\t") && strstr(doc, "\tNotulen pertama\n"), "%s", doc);
	cr_assert(strstr(doc, "\nriwayat: 2\t5 Januari 2027\tMenambah keputusan jadwal posyandu\n"), "%s", doc);
	cr_assert(strstr(doc, "\nrevisi: 2\nberlaku: 5 Januari 2027\n"), "%s", doc);
	free(rev);
	free(sup);
	free(note);
	free(doc);
	/* Revision 1 keeps its signature and text. */
	char *sig1 = lkt_field(s_st, "minutes", r1.id, "signature");
	cr_assert_eq(strlen(sig1), 128);
	free(sig1);

	/* The new revision is unsigned: submit refused until it is signed. */
	cr_assert_eq(dom_minutes_submit(&s_pkm, r2.id, at, &err), -LK_EPERM);
	si.id = r2.id;
	cr_assert_eq(dom_doc_sign(&s_pkm, &si, &so, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_minutes_submit(&s_pkm, r2.id, at, &err), 0, "%s", err.msg);
}

Test(dom_documents, a_deputy_signs_only_with_a_delegation_in_force)
{
	char key[40], inv[40];
	s_kapus_key(key);
	s_draft(inv);

	/* The staff member's deputy key, confirmed; without a delegation the staff list refuses. */
	struct dom_sign_keygen_in ki = {s_staf, 1, "kunci-wakil-1234", "pc"};
	struct dom_sign_key_out ko, so;
	struct dom_err err = {0};
	cr_assert_eq(dom_sign_keygen(&s_pkm, &ki, &ko, &err), 0, "%s", err.msg);
	struct dom_sign_status_in st = {ko.key_id, 1, NULL};
	cr_assert_eq(dom_sign_key_status(&s_dinkes, &st, &so, &err), 0, "%s", err.msg);
	struct dom_doc_sign_in in = {"invitation", inv, s_staf, "kunci-wakil-1234"};
	struct dom_doc_sign_out out;
	cr_assert_eq(dom_doc_sign(&s_pkm, &in, &out, &err), -LK_EPERM);

	/* A puskesmas device grants only with the head's key; the Kapus grants from today on. */
	struct dom_sign_delegate_in di = {s_staf, "plh", "2020-01-01", "2099-12-31", NULL, NULL, "cuti"};
	struct dom_sign_delegate_out dout;
	cr_assert_eq(dom_sign_delegate(&s_pkm, &di, &dout, &err), -LK_EPERM);
	cr_assert(strstr(err.msg, "only a district (dinkes) device grants a delegation"), "%s", err.msg);
	di.head_id = s_kapus;
	di.passphrase = PASS;
	cr_assert_eq(dom_sign_delegate(&s_pkm, &di, &dout, &err), 0, "%s", err.msg);
	cr_assert_str_eq(dout.granted_by, "dr. Ratna Dewi");
	char *by = lkt_field(s_st, "delegation", dout.id, "granted_by_key");
	cr_assert_str_eq(by, key);
	free(by);

	cr_assert_eq(dom_doc_sign(&s_pkm, &in, &out, &err), 0, "%s", err.msg);
	cr_assert_eq(out.deputy, 1);
	char *who = lkt_field(s_st, "invitation", inv, "signer_person_id");
	cr_assert_str_eq(who, s_staf);
	free(who);
}

Test(dom_documents, keys_rotate_and_travel_sealed)
{
	char key[40], inv[40];
	struct dom_err err = {0};
	struct dom_sign_key_out out, rot, imp;
	s_kapus_key(key);
	s_draft(inv);
	struct dom_doc_sign_in in = {"invitation", inv, s_kapus, PASS};
	struct dom_doc_sign_out so;
	cr_assert_eq(dom_doc_sign(&s_pkm, &in, &so, &err), 0, "%s", err.msg);

	/* A second key while one is here: refused; the passphrase is checked. */
	struct dom_sign_keygen_in ki = {s_kapus, 0, PASS, "laptop"};
	cr_assert_eq(dom_sign_keygen(&s_pkm, &ki, &out, &err), -LK_ECONFLICT);
	cr_assert(strstr(err.msg, "already has a signing key on this device"), "%s", err.msg);
	cr_assert_eq(dom_sign_check(&s_pkm, s_kapus, "salah-sandi", &out, &err), -LK_ECRYPTO);
	cr_assert_eq(dom_sign_check(&s_pkm, s_kapus, PASS, &out, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out.key_id, key);

	/* Rotation: a new active key endorsed by the old, which signs no more; the old letter still verifies. */
	struct dom_sign_rotate_in ri = {s_kapus, PASS, "sandi-baru-2027", "laptop"};
	cr_assert_eq(dom_sign_rotate(&s_pkm, &ri, &rot, &err), 0, "%s", err.msg);
	cr_assert_str_eq(rot.old_key_id, key);
	cr_assert_str_eq(rot.status, "active");
	char *by = lkt_field(s_st, "signer_key", rot.key_id, "endorsed_by"),
	     *st = lkt_field(s_st, "signer_key", rot.key_id, "status");
	cr_assert_str_eq(by, key);
	cr_assert_str_eq(st, "active");
	free(by);
	free(st);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	enum signer_state state;
	cr_assert_eq(dom_doc_show(&s_pkm, "invitation", inv, f, &state, &err), 0);
	fclose(f);
	cr_assert_eq(state, SIGNER_VERIFIED, "%s", buf);
	free(buf);
	struct signer_keyrec kr;
	cr_assert_eq(dom_sign_key_pick(&s_pkm, s_kapus, "dr. Ratna Dewi", &kr, &err), 0, "%s", err.msg);
	cr_assert_str_eq(kr.k.id, rot.key_id, "the new key signs now");
	signer_key_release(&kr);

	/* Export, then import into another home of the same store: sealed under the new passphrase. */
	char file[400], home2[300];
	snprintf(file, sizeof file, "%s/kunci.lkkey", s_home);
	cr_assert_eq(dom_sign_export(&s_pkm, s_kapus, file, &out, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out.key_id, rot.key_id);
	snprintf(home2, sizeof home2, "%s/pc2", s_home);
	cr_assert_eq(mkdir(home2, 0700), 0);
	struct dom other = s_pkm;
	other.home = home2;
	cr_assert_eq(dom_sign_import(&other, file, PASS, &imp, &err), -LK_ECRYPTO, "the old passphrase does not open it");
	cr_assert(strstr(err.msg, "the passphrase does not open key"), "%s", err.msg);
	cr_assert_eq(dom_sign_import(&other, file, "sandi-baru-2027", &imp, &err), 0, "%s", err.msg);
	cr_assert_str_eq(imp.key_id, rot.key_id);
	cr_assert_str_eq(imp.person_id, s_kapus);
	cr_assert_eq(dom_sign_check(&other, s_kapus, "sandi-baru-2027", &out, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_sign_import(&other, s_home, PASS, &imp, &err), -LK_EINVAL);
}
