"""test_ui_quarter: the camat's office runs the quarterly cross-sector lokmin in a real headless Chromium. A puskesmas of
the kecamatan flagged a problem for the sectors in the quarter before; the Camat's office (a kecamatan device whose
Camat has a signing key the district confirmed) plans the year's quarters, moves this quarter's meeting to today, adds
two sectors and their representatives, drafts the invitation and the Camat signs it, records attendance by sector,
reads the agenda with the puskesmas' flagged problem, records a commitment per sector with its follow-up, adds an RTL
item owned by a sector, compiles the minutes, the Camat signs them and sends them. Each page is checked at an office
PC's width and a phone's and photographed; the store (the CLI) agrees with what the pages show."""

import datetime
import json
import os
import re
import sys
import unittest

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkui  # noqa: E402

PASS_CAMAT = "kata sandi camat 2036"
USERS = [("camat", "Bambang", PASS_CAMAT, "id")]
FLAGGED = "Jamban sehat belum merata di Kutoharjo"
TODAY = lkui.Office.today()
QUARTER = (TODAY.month - 1) // 3 + 1
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]

office = None


def _words(day):
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def _meetings(o, year, home=None):
    """The meetings of year on the device (one JSON object a line)."""
    out = o.cli("--json", "meeting", "list", "--year", str(year), home=home)
    return [json.loads(ln) for ln in out.splitlines() if ln.strip()]


def _setup(o):
    o.setup_kecamatan()
    # The puskesmas' last month of the quarter before this one: held, with a problem flagged for the sectors.
    last = datetime.date(TODAY.year, 3 * QUARTER - 2, 1) - datetime.timedelta(days=1)
    pkm = o.device("pkm1", "puskesmas", o.PKM)
    o.cli("staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus", home=pkm)
    o.cli("meeting", "plan", "--year", str(last.year), home=pkm)
    rows = _meetings(o, last.year, home=pkm)
    m = next(r for r in rows if r["kind"] == "monthly" and r["period"] == last.month)
    o.cli("meeting", "held", m["id"], "--date", m["planned_date"], home=pkm)
    o.cli("problem", "add", m["id"], "--description", FLAGGED, "--usg", "5,4,4", "--cross-sector", home=pkm)
    if " 0 rejected" not in o.cli("sync", home=pkm):
        raise RuntimeError("the puskesmas' records did not reach the server")


def setUpModule():
    global office
    office = lkui.start_office(_setup, USERS)


def tearDownModule():
    office.close()


class Quarter(unittest.TestCase):
    def _look(self, shot, pc, phone, path):
        """path open at both widths, checked and photographed."""
        pc.open(path)
        phone.open(path)
        for b in (pc, phone):
            self.assertEqual(b.one("html").get_attribute("lang"), "id")
            b.check_page(shot)
            b.readable()
            self.assertNotRegex(b.text(), r"[0-9a-f]{8}-[0-9a-f]{4}-", "an id shown to people")
            self.assertNotIn("P33240", b.text(), "a code shown to people")

    def _submit(self, b, button):
        """Send a form; the page it leads to shows no error."""
        b.submit(button)
        self.assertFalse(b.has(".error"), f"{b.path()}: {b.text()[:1500]}")

    def _date(self, b, css, day):
        b.driver.execute_script("arguments[0].value = arguments[1]", b.one(css), day.isoformat())

    def test_a_quarter_in_the_browser(self):
        o = office
        pc = o.browser(lkui.OFFICE_PC, "q-pc", test=self).login("camat", PASS_CAMAT)
        phone = o.browser(lkui.PHONE, "q-phone", test=self).login("camat", PASS_CAMAT)
        # The menu of a camat's office has its own pages.
        for href in ("/sektor", "/agenda", "/komitmen"):
            self.assertTrue(pc.has(f"nav a[href='{href}']"), pc.text()[:600])

        # The year's quarters, planned from /jadwal: the kind is the quarterly lokmin already.
        pc.open(f"/jadwal?tahun={TODAY.year}")
        self.assertEqual(pc.one("#plan-kind").get_attribute("value"), "quarterly")
        self._submit(pc, pc.one("form select#plan-kind").find_element("xpath", "./ancestor::form//button"))
        rows = [r.text for r in pc.driver.find_elements("css selector", "table tbody tr")]
        self.assertEqual(len(rows), 4, rows)  # the office's own quarters, not its puskesmas' monthly meetings
        for n, row in enumerate(rows, 1):
            self.assertIn(f"Lokakarya Mini Lintas Sektor Triwulan {n}", row)
        meeting = next(r for r in _meetings(o, TODAY.year)
                       if r["kind"] == "quarterly" and r["period"] == QUARTER)
        mid = meeting["id"]
        if meeting["planned_date"] != TODAY.isoformat():
            pc.one("#pp-meeting").find_element("css selector", f"option[value='{mid}']").click()
            self._date(pc, "#pp-date", TODAY)
            pc.one("#pp-reason").send_keys("Menyesuaikan jadwal Camat")
            self._submit(pc, pc.one("#pp-reason").find_element("xpath", "./ancestor::form//button"))
        self.assertIn(_words(TODAY), pc.text())
        self._look("quarter-jadwal", pc, phone, f"/jadwal?tahun={TODAY.year}")

        # Sectors and representatives, by name.
        pc.open("/sektor")
        self.assertIn("0 sektor", pc.text())
        for name, kind in (("Koramil 02 Kaliwungu", "tni"), ("TP PKK Kecamatan Kaliwungu", "pkk")):
            pc.one("#sek-nama").send_keys(name)
            pc.one(f"#sek-jenis option[value='{kind}']").click()
            self._submit(pc, "#sek-nama ~ button")
        for sector, rep, title in (("Koramil 02 Kaliwungu", "Kapten Inf. Sugeng", "Danramil"),
                                   ("TP PKK Kecamatan Kaliwungu", "Ibu Sri Lestari", "Ketua TP PKK")):
            pc.driver.find_element("xpath", f"//select[@id='wk-sektor']/option[.='{sector}']").click()
            pc.one("#wk-nama").send_keys(rep)
            pc.one("#wk-jabatan").send_keys(title)
            self._submit(pc, "#wk-telepon ~ button")
        text = pc.text()
        self.assertIn("2 sektor", text)
        for want in ("Koramil 02 Kaliwungu", "TNI (Koramil)", "Kapten Inf. Sugeng, Danramil", "PKK",
                     "Ibu Sri Lestari, Ketua TP PKK"):
            self.assertIn(want, text)
        self.assertEqual(len(pc.driver.find_elements("css selector", ".sectors-list ul.reps li")), 2)
        self._look("quarter-sektor", pc, phone, "/sektor")
        out = o.cli("sector", "list")
        self.assertIn("KORAMIL_02_KALIWUNGU", out)

        # The invitation, addressed to the puskesmas and the sectors, signed by the Camat.
        pc.open(f"/undangan?rapat={mid}")
        pc.one("#inv-number").send_keys("005/123/XII/2026")
        pc.one("#inv-place").send_keys("Pendopo Kecamatan")
        self._submit(pc, "#inv-hal ~ button")
        pc.one("#sign-pass").send_keys(o.SIGN_PASS)
        self._submit(pc, "#sign-pass ~ button")
        text = pc.text()
        for want in ("Kepala Puskesmas se-Kecamatan", "Koramil 02 Kaliwungu", "TP PKK Kecamatan Kaliwungu",
                     "Camat Kaliwungu", "Drs. Bambang Wijaya"):
            self.assertIn(want, text)
        self.assertNotIn("Belum ditandatangani", text)
        self._look("quarter-undangan", pc, phone, f"/undangan?rapat={mid}")

        # Attendance by sector: everyone invited, a representative present, a walk-in for a sector.
        pc.open(f"/hadir?rapat={mid}")
        self._submit(pc, "form.inline-action button")
        row = pc.driver.find_element("xpath", "//li[contains(., 'Kapten Inf. Sugeng')]//form//button")
        self._submit(pc, row)
        pc.one("#nama").send_keys("Serka Budi")
        pc.one("#jabatan").send_keys("Babinsa")
        pc.driver.find_element("xpath", "//select[@id='sektor']/option[.='Koramil 02 Kaliwungu']").click()
        self._submit(pc, "#sektor ~ button")
        text = pc.text()
        # The Danramil was invited and came, the Babinsa walked in; the PKK's invitee has not come.
        self.assertIn("Koramil 02 Kaliwungu\n2 hadir (1 dari 1 undangan, 1 peserta tambahan)", text)
        self.assertIn("TP PKK Kecamatan Kaliwungu\n0 hadir (0 dari 1 undangan, 0 peserta tambahan)", text)
        self.assertIn("Serka Budi", text)
        self._look("quarter-hadir", pc, phone, f"/hadir?rapat={mid}")

        # The agenda holds the puskesmas' flagged problem under its name.
        self._look("quarter-agenda", pc, phone, f"/agenda?rapat={mid}")
        text = pc.text()
        self.assertIn("Puskesmas Kaliwungu:", text)
        self.assertIn("masalah lintas sektor: " + FLAGGED, text)
        self.assertLess(text.index("Puskesmas Kaliwungu:"), text.index(FLAGGED))

        # A commitment per sector, and the follow-up of one.
        pc.open(f"/komitmen?rapat={mid}")
        for sector, support in (("Koramil 02 Kaliwungu", "Kerja bakti jamban sehat bersama Babinsa"),
                                ("TP PKK Kecamatan Kaliwungu", "Penyuluhan pencegahan pernikahan dini di 8 desa")):
            pc.driver.find_element("xpath", f"//select[@id='km-sektor']/option[.='{sector}']").click()
            pc.one("#km-dukungan").send_keys(support)
            self._submit(pc, "#km-kontak ~ button")
        self.assertIn("2 komitmen", pc.text())
        form = pc.driver.find_element("xpath", "//li[contains(., 'Kerja bakti jamban')]//form")
        form.find_element("css selector", "select option[value='in_progress']").click()
        form.find_element("css selector", "input[name='catatan']").send_keys("Dua desa sudah kerja bakti")
        self._submit(pc, form.find_element("css selector", "button"))
        sections = pc.driver.find_elements("css selector", "section.commit-sector")
        self.assertEqual([s.find_element("css selector", "h2").text for s in sections],
                         ["Koramil 02 Kaliwungu", "TP PKK Kecamatan Kaliwungu"])
        koramil = sections[0].text
        self.assertIn("sedang berjalan", koramil)
        self.assertIn("Dua desa sudah kerja bakti", koramil)
        self.assertIn("belum dimulai", sections[1].text)
        # Until the end of the third month after the meeting's, in words; the running record's day too.
        y, m = TODAY.year + (TODAY.month + 3 - 1) // 12, (TODAY.month + 3 - 1) % 12 + 1
        end = datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)
        self.assertIn(_words(end), koramil)
        self.assertIn(_words(TODAY) + ": Dua desa sudah kerja bakti", koramil)
        self.assertNotIn(TODAY.isoformat(), koramil)
        self._look("quarter-komitmen", pc, phone, f"/komitmen?rapat={mid}")
        out = o.cli("commitment", "list")
        self.assertIn("in_progress", out)

        # An RTL item owned by a sector, shown by its name.
        pc.open(f"/rtl?rapat={mid}")
        pc.one("#kegiatan").send_keys("Data jamban per desa")
        pc.driver.find_element("xpath", "//select[@id='pj']//option[.='Koramil 02 Kaliwungu']").click()
        self._date(pc, "#tenggat", TODAY + datetime.timedelta(days=60))
        self._submit(pc, "#tenggat ~ details ~ button")
        item = pc.driver.find_element("xpath", "//li[contains(., 'Data jamban per desa')]").text
        self.assertIn("Penanggung jawab: Koramil 02 Kaliwungu", item)
        self._look("quarter-rtl", pc, phone, f"/rtl?rapat={mid}")

        # Held today; the minutes compiled, signed by the Camat and sent.
        o.cli("meeting", "held", mid)
        pc.open(f"/notulen?rapat={mid}")
        pc.one("#keputusan").send_keys("Komitmen lintas sektor disepakati.")
        self._submit(pc, "#keputusan ~ button")
        pc.one("#sandi").send_keys(o.SIGN_PASS)
        self._submit(pc, "#sandi ~ button")
        self._submit(pc, pc.driver.find_element("xpath", "//form[.//input[@name='op' and @value='kirim']]//button"))
        text = pc.text()
        self.assertIn("Revisi 1: ditandatangani", text)
        self.assertIn("dikirim ke dinas " + _words(TODAY), text)
        self._look("quarter-notulen", pc, phone, f"/notulen?rapat={mid}")
        # What was signed: the commitments by sector, the RTL with its sector, who came.
        ids = re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", o.cli("minutes", "history", mid))
        mn = next(i for i in ids if i != mid)
        out = o.cli("minutes", "show", mn)
        for want in ("Koramil 02 Kaliwungu: Kerja bakti jamban sehat bersama Babinsa",
                     "TP PKK Kecamatan Kaliwungu: Penyuluhan pencegahan pernikahan dini di 8 desa",
                     "Data jamban per desa", "Person in charge: Koramil 02 Kaliwungu", "2 orang hadir dari 4 orang"):
            self.assertIn(want, out)
        # The place is the invitation's place, not the line naming the place and day of its signature.
        self.assertRegex(out, r"\nPlace +: Pendopo Kecamatan\n")
        self.assertNotIn("_tanggal", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
