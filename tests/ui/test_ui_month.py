"""test_ui_month: a whole month on one puskesmas device through `lokmin ui` in real headless Chromium, in the real
present (lokmind refuses signatures dated in its future). The K.TU plans the year, imports achievement from a CSV
saved by Excel and drafts the invitation at an office PC; the KIA programme holder hands in her material from a
phone; the Kapus signs the invitation from a browser of her own; attendance, a walk-in, problems with fishbone
causes and USG, a follow-up item with a photo verified by the Kapus, and minutes compiled, signed and submitted.
The device syncs by itself; the district's device then holds every record. Every page is checked and photographed."""

import datetime
import json
import os
import re
import sys
import time
import unittest

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkui  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

PASS_BUDI = "kata sandi budi ktu"
PASS_SRI = "sri wahyuni kia"
PASS_RATNA = "kata sandi ratna"

# A line of `lokmin minutes history`: revision 1, signed, submitted at a time (the SUBMITTED column).
SUBMITTED = r"(?m)^\S+#r1\s+1\s+[0-9a-f-]{36}\s+signed\s+\d{1,2} \w+ \d{4} \d\d:\d\d"

# The accounts: login, person, password, language.
USERS = [
    ("budi", "Budi", PASS_BUDI, "id"),
    ("sri", "Wahyuni", PASS_SRI, "id"),
    ("ratna", "Ratna", PASS_RATNA, "id"),
]

office = None


def setUpModule():
    global office
    office = lkui.start_office(lkui.Office.setup_this_year, USERS)


def tearDownModule():
    office.close()


def excel_csv(year):
    """An achievement sheet as Excel saves it in an Indonesian locale: a BOM, ';', CRLF, a decimal comma, '.' for
    thousands, an empty row and a quoted note holding a ';'. January to March of year, KIA_K1."""
    rows = ["indicator;year;month;desa;numerator;denominator;note",
            f"KIA_K1;{year};1;;12,5;2.000;",
            f"KIA_K1;{year};2;;1.234;2.000;\"kelas ibu; posyandu\"",
            ";;;;;;",
            f"KIA_K1;{year};3;;30;2.000;"]
    return ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")


class Month(unittest.TestCase):
    def _page(self, b, path, shot):
        """Open path, require a page in Indonesian with a heading, check it and photograph it."""
        b.open(path)
        self._look(b, shot)

    def _look(self, b, shot):
        self.assertEqual(b.one("html").get_attribute("lang"), "id")
        h1 = b.one("main h1").text
        self.assertTrue(h1, f"{b.path()} has no heading")
        for bad in ("Halaman tidak ditemukan", "Terjadi kesalahan", "Bukan untuk peran Anda"):
            self.assertNotIn(bad, h1, f"{b.path()}: {b.text()[:600]}")
        b.check_page(f"month-{shot}")
        b.readable()

    def _file(self, name, data):
        path = os.path.join(office.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_a_whole_month(self):
        year = lkui.Office.today().year

        # ------------------------------------------------ 1. the K.TU at an office PC
        ktu = office.browser(lkui.OFFICE_PC, "ktu", test=self)
        ktu.login("budi", PASS_BUDI)
        self.assertEqual(ktu.path(), "/")
        self._look(ktu, "ktu-home")
        self._page(ktu, f"/jadwal?tahun={year}", "ktu-jadwal-empty")
        today = lkui.Office.today()
        if ktu.driver.find_elements("xpath", "//form[.//input[@name='aksi' and @value='rencana']]"):
            # Meetings on the day of the month it is today (moved off weekends).
            plan = ktu.form_of("aksi", "rencana")
            self.assertEqual(plan.find_element("css selector", "#plan-kind").get_attribute("value"), "monthly")
            day = plan.find_element("css selector", "#plan-day")
            day.clear()
            day.send_keys(str(today.day))
            ktu.submit(plan.find_element("css selector", "button[type=submit]"))
        self.assertEqual(ktu.path(), f"/jadwal?tahun={year}")
        self._look(ktu, "ktu-jadwal")
        listed = office.cli("--json", "meeting", "list", "--year", str(year))
        self.assertEqual(listed.count('"kind":"monthly"'), 12, listed)
        # This month's meeting is held today: when the plan put it on another day (a weekend), the K.TU moves it.
        m = re.search(r'\{"id":"([0-9a-f-]{36})","kind":"monthly","period":' + str(today.month) +
                      r',[^}]*?"planned_date":"(\d{4}-\d\d-\d\d)"', listed)
        self.assertIsNotNone(m, listed)
        meeting = m.group(1)
        if m.group(2) != today.isoformat():
            move = ktu.form_of("aksi", "tunda")
            Select(move.find_element("css selector", "#pp-meeting")).select_by_value(meeting)
            ktu.driver.execute_script("arguments[0].value = arguments[1]", move.find_element("css selector", "#pp-date"),
                                      today.isoformat())
            move.find_element("css selector", "#pp-reason").send_keys("Kepala Puskesmas rapat di kabupaten")
            ktu.submit(move.find_element("css selector", "button[type=submit]"))
            self._look(ktu, "ktu-jadwal-moved")
            self.assertIn(f'"planned_date":"{today.isoformat()}"',
                          office.cli("--json", "meeting", "list", "--year", str(year)))
        period = f"{year}-{today.month:02d}"

        # Achievement from a sheet saved by Excel.
        self._page(ktu, "/capaian", "ktu-capaian-empty")
        sheet = self._file("capaian triwulan I.csv", excel_csv(year))
        imp = ktu.form_of("do", "import")
        imp.find_element("css selector", "#cap-file").send_keys(sheet)
        ktu.submit(imp.find_element("css selector", "button[type=submit]"))
        # The page opens on the sheet's latest month (March), whose figure is there to check.
        self.assertEqual(ktu.path(), f"/capaian?tahun={year}&bulan=3")
        self._look(ktu, "ktu-capaian-imported")
        self.assertIn("3 baris", ktu.text())
        self.assertIn("30", [td.text for td in ktu.driver.find_elements("css selector", "table.capaian td.num")])
        # Each month's figures with that month; the coverage to date adds them up.
        for month, wants in ((1, ("12,50", "2.000")), (2, ("1.234", "2.000")), (3, ("30", "2.000"))):
            self._page(ktu, f"/capaian?tahun={year}&bulan={month}", f"ktu-capaian-bulan{month}")
            cells = [td.text for td in ktu.driver.find_elements("css selector", "table.capaian td.num")]
            for want in wants:
                self.assertIn(want, cells, f"month {month}")
            if month == 2:
                self.assertIn("kelas ibu; posyandu", ktu.text())
        feb = office.cli("capaian", "list", f"{year}-02")
        self.assertIn(" 1,234       2,000", feb)

        # The invitation to the meeting at hand, drafted.
        self._page(ktu, "/undangan", "ktu-undangan-empty")
        draft = ktu.form_of("aksi", "draf")
        self.assertEqual(draft.find_element("css selector", "input[name=rapat]").get_attribute("value"), meeting,
                         "the invitation page picks another meeting")
        number = f"005/PKM-KLW/{today.month}/{year}"
        draft.find_element("css selector", "#inv-number").send_keys(number)
        ktu.submit(draft.find_element("css selector", "button[type=submit]"))
        self.assertTrue(ktu.path().startswith("/undangan"), ktu.path())
        self._look(ktu, "ktu-undangan-draft")
        self.assertIn(number, ktu.text())
        self.assertIn("Belum ditandatangani", ktu.text())
        self.assertIn("[NOT SIGNED]", office.cli("invite", "show", period))

        # ------------------------------------------------ 2. the programme holder's material, from a phone
        sri = office.browser(lkui.PHONE, "sri", test=self)
        sri.login("sri", PASS_SRI)
        self._look(sri, "pj-home")
        self._page(sri, "/materi", "pj-materi-empty")
        self.assertIn("belum ada", sri.text())
        material = self._file("Bahan KIA.pdf", b"%PDF-1.4\nbahan KIA bulan ini\n%%EOF\n")
        form = sri.driver.find_element("xpath", "//form[.//input[@id='mat-file']]")
        self.assertEqual(form.find_element("css selector", "#mat-prog").get_attribute("value"), "KIA")
        form.find_element("css selector", "#mat-file").send_keys(material)
        form.find_element("css selector", "#mat-note").send_keys("Cakupan K1 bulan lalu")
        sri.submit(form.find_element("css selector", "button[type=submit]"))
        self.assertTrue(sri.path().startswith("/materi"), sri.path())
        self._look(sri, "pj-materi-handed-in")
        self.assertRegex(sri.text(), "tepat waktu|terlambat")
        status = office.cli("--json", "material", "status", period)
        self.assertIn('"programme":"KIA","holder":"Sri Wahyuni","submitted":"20', status)
        self.assertIn("Bahan KIA.pdf", office.cli("attachment", "list"))

        # ------------------------------------------------ 3. the Kapus signs the invitation from her own browser
        kapus = office.browser(lkui.OFFICE_PC, "kapus", test=self)
        kapus.login("ratna", PASS_RATNA)
        self._look(kapus, "kapus-home")
        self._page(kapus, "/undangan", "kapus-undangan-to-sign")
        sign = kapus.form_of("aksi", "tanda")
        sign.find_element("css selector", "#sign-pass").send_keys(office.SIGN_PASS)
        kapus.submit(sign.find_element("css selector", "button[type=submit]"))
        self._look(kapus, "kapus-undangan-signed")
        self.assertIn("Surat undangan sudah ditandatangani dan disegel.", kapus.text())
        self.assertIn("[signed by dr. Ratna Dewi", office.cli("invite", "show", period))

        # ------------------------------------------------ 4. the meeting: attendance on the K.TU's phone
        phone = office.browser(lkui.PHONE, "ktu-phone", test=self)
        phone.login("budi", PASS_BUDI)
        self._page(phone, "/hadir", "ktu-hadir-empty")
        self.assertEqual(phone.form_of("op", "undang").find_element("css selector", "input[name=rapat]")
                         .get_attribute("value"), meeting, "the meeting pages pick another meeting")
        phone.submit(phone.form_of("op", "undang").find_element("css selector", "button[type=submit]"))
        self._look(phone, "ktu-hadir-invited")
        for who in ("dr. Ratna Dewi", "Sri Wahyuni", "Budi Santoso"):
            button = phone.one(f"button[aria-label='{who} hadir']")
            phone.submit(button)
        self._look(phone, "ktu-hadir-present")
        self.assertEqual(phone.driver.find_elements("css selector", "form.tap"), [], "someone is still to check in")
        walkin = phone.form_of("op", "walkin")
        walkin.find_element("css selector", "#nama").send_keys("Slamet Riyadi")
        walkin.find_element("css selector", "#jabatan").send_keys("Kepala Desa Kutoharjo")
        phone.submit(walkin.find_element("css selector", "button[type=submit]"))
        self._look(phone, "ktu-hadir-walkin")
        self.assertIn("Slamet Riyadi", phone.text())
        self.assertIn("peserta tambahan", phone.text())
        attended = office.cli("attend", "list", period)
        for who in ("dr. Ratna Dewi", "Sri Wahyuni", "Budi Santoso", "Slamet Riyadi"):
            line = next((ln for ln in attended.splitlines() if who in ln), "")
            self.assertIn("yes", line, attended)

        # Problems, with fishbone causes and USG, from the programme holder's phone.
        self._page(sri, "/masalah", "pj-masalah-empty")
        for desc, ind, causes, usg in (
                ("Kader posyandu kurang aktif", "", {"sebab_manusia": "Kader pindah ke kota"}, ("2", "2", "1")),
                ("Cakupan K1 rendah di Desa Kutoharjo", "KIA_K1",
                 {"sebab_manusia": "Bidan desa cuti melahirkan",
                  "sebab_metode": "Sweeping ibu hamil tidak rutin\nPencatatan kohort terlambat",
                  "sebab_lingkungan": "Akses jalan rusak"}, ("5", "4", "4"))):
            form = sri.driver.find_element("xpath", "//form[.//textarea[@id='uraian']]")
            form.find_element("css selector", "#uraian").send_keys(desc)
            if ind:
                form.find_element("css selector", "#indikator").send_keys(ind)
                form.find_element("css selector", "#kesenjangan").send_keys("15%")
                form.find_element("css selector", "#rekomendasi").send_keys("Kunjungan rumah oleh kader")
            for field, text in causes.items():
                form.find_element("css selector", f"#{field}").send_keys(text)
            for field, score in zip(("u", "s", "g"), usg):
                Select(form.find_element("css selector", f"#{field}")).select_by_value(score)
            sri.submit(form.find_element("css selector", "button[type=submit]"))
            self._look(sri, "pj-masalah")
        text = sri.text()
        hi, lo = text.find("Cakupan K1 rendah"), text.find("Kader posyandu kurang")
        self.assertTrue(0 <= hi < lo, f"ranked by USG:\n{text}")
        for want in ("Pencatatan kohort terlambat", "Akses jalan rusak", "13"):
            self.assertIn(want, text)
        problems = office.cli("problem", "list", period)
        self.assertIn("2 problems", problems)
        self.assertIn("method: Pencatatan kohort terlambat", problems)

        # A follow-up item (added with the CLI here; test_web_rtl drives the board's add form), its progress with a
        # photo from the phone, verified by the Kapus.
        due = (lkui.Office.today() + datetime.timedelta(days=30)).isoformat()
        office.cli("rtl", "add", period, "--activity", "Sweeping ibu hamil Kutoharjo", "--owner", "Sri Wahyuni",
                   "--due", due)
        self._page(sri, "/rtl", "pj-rtl")
        item = sri.driver.find_element(
            "xpath", "//li[contains(., 'Sweeping ibu hamil Kutoharjo')]//form[.//input[@name='op' and @value='kemajuan']]")
        # A real JPEG, drawn by the browser itself.
        data = sri.driver.execute_script(
            "const c = document.createElement('canvas'); c.width = 160; c.height = 120;"
            "const x = c.getContext('2d'); x.fillStyle = '#2a7'; x.fillRect(0, 0, 160, 120);"
            "x.fillStyle = '#fff'; x.fillRect(40, 30, 80, 60); return c.toDataURL('image/jpeg', 0.8);")
        import base64
        jpeg = base64.b64decode(data.split(",", 1)[1])
        self.assertEqual(jpeg[:3], b"\xff\xd8\xff")
        photo = self._file("IMG_0012.jpg", jpeg)
        Select(item.find_element("css selector", "select[name=status]")).select_by_value("done")
        item.find_element("css selector", "textarea[name=catatan]").send_keys("12 ibu hamil dikunjungi")
        item.find_element("css selector", "input[type=file][name=foto]").send_keys(photo)
        sri.submit(item.find_element("css selector", "button[type=submit]"))
        self._look(sri, "pj-rtl-done")
        self.assertIn("12 ibu hamil dikunjungi", sri.text())
        img = sri.one("img[src^='/lampiran/']")
        self.assertTrue(sri.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img)
                        == 160, "the photo does not show")
        attachments = office.cli("attachment", "list")
        self.assertIn("IMG_0012.jpg", attachments)
        self.assertIn(str(len(jpeg)), attachments)

        self._page(kapus, "/rtl", "kapus-rtl-to-verify")
        verify = kapus.driver.find_element(
            "xpath", "//li[contains(., 'Sweeping ibu hamil Kutoharjo')]//form[.//input[@name='op' and @value='verifikasi']]")
        verify.find_element("css selector", "input[type=password]").send_keys(office.SIGN_PASS)
        kapus.submit(verify.find_element("css selector", "button[type=submit]"))
        self._look(kapus, "kapus-rtl-verified")
        self.assertIn("terverifikasi", kapus.text())
        line = next((ln for ln in office.cli("rtl", "list").splitlines() if "Sweeping ibu hamil" in ln), "")
        self.assertIn("verified", line)

        # The minutes: compiled by the K.TU, signed by the Kapus, submitted by the K.TU.
        self._page(ktu, "/notulen", "ktu-notulen-empty")
        compile_ = ktu.form_of("op", "susun")
        compile_.find_element("css selector", "#mulai").send_keys("08.00")
        compile_.find_element("css selector", "#selesai").send_keys("11.30")
        compile_.find_element("css selector", "#keputusan").send_keys(
            "Sweeping ibu hamil tiap Sabtu\nKelas ibu hamil dua kali sebulan")
        ktu.submit(compile_.find_element("css selector", "button[type=submit]"))
        self._look(ktu, "ktu-notulen-draft")
        self.assertIn("draf, belum ditandatangani", ktu.text())

        self._page(kapus, "/notulen", "kapus-notulen-to-sign")
        sign = kapus.form_of("op", "tandatangan")
        sign.find_element("css selector", "#sandi").send_keys(office.SIGN_PASS)
        kapus.submit(sign.find_element("css selector", "button[type=submit]"))
        self._look(kapus, "kapus-notulen-signed")
        self.assertIn("signed", office.cli("minutes", "history", period))

        self._page(ktu, "/notulen", "ktu-notulen-signed")
        ktu.submit(ktu.form_of("op", "kirim").find_element("css selector", "button[type=submit]"))
        self._look(ktu, "ktu-notulen-submitted")
        self.assertFalse(ktu.driver.find_elements("xpath", "//input[@name='op' and @value='kirim']"))
        # Revision 1, signed, with the time it was submitted.
        self.assertRegex(office.cli("minutes", "history", period), SUBMITTED)

        # ------------------------------------------------ 5. the device syncs by itself
        deadline = time.monotonic() + 90
        status = ""
        while time.monotonic() < deadline:
            status = office.cli("status")
            counts = dict(re.findall(r"(?m)^(pending ops|sent ops|failed ops|held back)\s+(\d+)$", status))
            if len(counts) == 4 and set(counts.values()) == {"0"} and "never" not in status:
                break
            time.sleep(1)
        else:
            self.fail(f"the device did not sync everything by itself:\n{status}\n{office.cli('failed')}")
        self._page(ktu, "/", "ktu-home-synced")
        bar = ktu.one(".syncbar").text
        self.assertIn("Perubahan menunggu: 0", bar)
        self.assertIn("Perubahan ditolak: 0", bar)

        # ------------------------------------------------ the district's device holds every record
        district = office.district()
        office.cli("sync", home=district)
        dist = lambda *a: office.cli(*a, home=district)  # noqa: E731
        inv = dist("invite", "show", period)
        self.assertIn(number, inv)
        self.assertIn("[signed by dr. Ratna Dewi", inv)
        attended = dist("attend", "list", period)
        for who in ("dr. Ratna Dewi", "Sri Wahyuni", "Budi Santoso", "Slamet Riyadi"):
            self.assertIn(who, attended)
        self.assertIn("walk-in", attended)
        problems = dist("problem", "list", period)
        self.assertIn("2 problems", problems)
        self.assertIn("method: Pencatatan kohort terlambat", problems)
        line = next((ln for ln in dist("rtl", "list").splitlines() if "Sweeping ibu hamil" in ln), "")
        self.assertIn("verified", line)
        attachments = dist("attachment", "list")
        self.assertIn("IMG_0012.jpg", attachments)
        self.assertIn("Bahan KIA.pdf", attachments)
        self.assertRegex(dist("minutes", "history", period), SUBMITTED)
        # The photo itself comes from lokmind as it was taken.
        listed = dist("--json", "attachment", "list")
        m = re.search(r'"id":"([0-9a-f-]{36})"[^}]*"filename":"IMG_0012.jpg"', listed) or \
            re.search(r'"filename":"IMG_0012.jpg"[^}]*"id":"([0-9a-f-]{36})"', listed)
        self.assertIsNotNone(m, listed)
        got = os.path.join(office.dir, "from-lokmind.jpg")
        dist("attachment", "get", m.group(1), "--out", got)
        with open(got, "rb") as f:
            self.assertEqual(f.read(), jpeg)
        # The achievement as the sheet meant it: 12,5 and 1.234 of 2.000, the note with its ';'.
        rows = {}
        for line in dist("record", "list", "achievement").splitlines():
            r = json.loads(line)
            if r.get("puskesmas") == office.PKM and r.get("indicator_code") == "KIA_K1" and int(r.get("year", 0)) == year:
                rows[int(r["month"])] = r
        self.assertEqual(sorted(rows), [1, 2, 3], rows)
        self.assertEqual((float(rows[1]["numerator"]), float(rows[1]["denominator"])), (12.5, 2000.0))
        self.assertEqual((float(rows[2]["numerator"]), float(rows[2]["denominator"])), (1234.0, 2000.0))
        self.assertEqual(rows[2]["note"], "kelas ibu; posyandu")
        self.assertEqual(float(rows[3]["numerator"]), 30.0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
