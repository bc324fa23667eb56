"""test_ui_nojs: `lokmin ui` in a real headless Chromium that runs no script at all (the content setting an office's
managed browsers may carry): the browser is shown to run none of lokmin's own script, then the Kapus logs in and
changes records with plain forms only: a person added to the staff list, the meeting's attendance list made and a
person checked in, a month's achievement figure saved, then logs out. Each change shows on the page it leads to
and is in the store (the CLI's --json output); each page is checked and photographed, at a phone's width too."""

import json
import os
import sys
import unittest

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkui  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

PASS_RATNA = "kata sandi ratna 2036"
PASS_SRI = "sri wahyuni kia 2036"

# The accounts: login, person, password, language.
USERS = [
    ("ratna", "Ratna", PASS_RATNA, "id"),
    ("sri", "Wahyuni", PASS_SRI, "id"),
]

office = None


def setUpModule():
    global office
    office = lkui.start_office(lkui.Office.setup_month, USERS)


def tearDownModule():
    office.close()


class NoScript(unittest.TestCase):
    def _look(self, b, shot):
        """The page open now is an Indonesian page with a heading and no error; checked and photographed."""
        self.assertEqual(b.one("html").get_attribute("lang"), "id")
        h1 = b.one("main h1").text
        for bad in ("Halaman tidak ditemukan", "Terjadi kesalahan", "Bukan untuk peran Anda"):
            self.assertNotIn(bad, h1, f"{b.path()}: {b.text()[:600]}")
        b.check_page(f"nojs-{shot}")
        b.readable()

    def _json_lines(self, *args):
        """The CLI's --json answer as a list of objects (one document, or one object a line)."""
        out = office.cli("--json", *args).strip()
        try:
            got = json.loads(out)
            return got if isinstance(got, list) else [got]
        except json.JSONDecodeError:
            return [json.loads(ln) for ln in out.splitlines() if ln.strip()]

    def test_scripts_are_really_off(self):
        # The same login page: lokmin's own script runs in a browser with scripts, and not in one without.
        on = office.browser(lkui.OFFICE_PC, "js-on", test=self)
        on.open("/login")
        self.assertTrue(on.app_script_ran(), "the check cannot tell: app.js did not run with scripts on")
        off = office.browser(lkui.OFFICE_PC, "js-off", test=self, js=False)
        off.open("/login")
        self.assertFalse(off.app_script_ran(), "app.js ran in the browser that should run no script")
        off.login("ratna", PASS_RATNA)
        self.assertEqual(off.path(), "/")
        self.assertFalse(off.app_script_ran())

    def test_changes_made_with_forms_alone(self):
        b = office.browser(lkui.OFFICE_PC, "nojs", test=self, js=False)
        b.open("/")
        self.assertEqual(b.path(), "/login", "a page without a session leads to the login form")
        b.login("ratna", PASS_RATNA)
        self.assertEqual(b.path(), "/")
        self.assertFalse(b.app_script_ran())
        self._look(b, "home")

        # ------------------------------------------------ a person added to the staff list
        b.open("/staf")
        self._look(b, "staf")
        add = b.form_of("aksi", "tambah")
        add.find_element("css selector", "#add-name").send_keys("Dewi Lestari")
        add.find_element("css selector", "#add-title").send_keys("Bidan Desa")
        Select(add.find_element("css selector", "#add-role")).select_by_value("pj_program")
        add.find_element("css selector", "#add-prog").send_keys("IMUNISASI")
        b.submit(add.find_element("css selector", "button[type=submit]"))
        self.assertEqual(b.path(), "/staf")
        self._look(b, "staf-added")
        self.assertIn("Tersimpan.", b.text())
        row = b.driver.find_element("xpath", "//table[contains(@class,'staff')]//tr[td[contains(., 'Dewi Lestari')]]")
        self.assertIn("Bidan Desa", row.text)
        self.assertIn("IMUNISASI", row.text)
        staff = {p["name"]: p for p in self._json_lines("staff", "list")}
        self.assertIn("Dewi Lestari", staff, staff)
        self.assertEqual(staff["Dewi Lestari"]["title"], "Bidan Desa")
        self.assertEqual(staff["Dewi Lestari"]["role"], "pj_program")

        # ------------------------------------------------ the meeting's attendance: the list made, one checked in
        b.open("/hadir")
        self._look(b, "hadir")
        meeting = b.form_of("op", "undang").find_element("css selector", "input[name=rapat]").get_attribute("value")
        b.submit(b.form_of("op", "undang").find_element("css selector", "button[type=submit]"))
        self.assertTrue(b.path().startswith("/hadir"), b.path())
        self._look(b, "hadir-invited")
        b.submit(b.one("button[aria-label='Sri Wahyuni hadir']"))
        self._look(b, "hadir-present")
        self.assertFalse(b.has("button[aria-label='Sri Wahyuni hadir']"), "Sri Wahyuni is still to check in")
        self.assertTrue(b.has("button[aria-label='dr. Ratna Dewi hadir']"), "someone not tapped was checked in")
        period = next(m for m in self._json_lines("meeting", "list", "--year", "2036") if m["id"] == meeting)
        period = f"2036-{int(period['period']):02d}"
        attended = office.cli("attend", "list", period)
        sri = next((ln for ln in attended.splitlines() if "Sri Wahyuni" in ln), "")
        ratna = next((ln for ln in attended.splitlines() if "Ratna Dewi" in ln), "")
        self.assertEqual(sri.count("yes"), 2, f"invited and present:\n{attended}")
        self.assertEqual(ratna.count("yes"), 1, f"invited, not present:\n{attended}")
        rows = self._json_lines("attend", "list", period)
        self.assertTrue(any("Sri Wahyuni" in json.dumps(r) and r.get("present") in (True, 1, "1", "true")
                            for r in rows), rows)

        # ------------------------------------------------ a month's achievement figure
        b.open("/capaian?tahun=2036&bulan=2")
        self._look(b, "capaian")
        entry = b.form_of("do", "set")
        Select(entry.find_element("css selector", "#cap-ind")).select_by_value("KIA_K1")
        year = entry.find_element("css selector", "#cap-year")
        year.clear()
        year.send_keys("2036")
        Select(entry.find_element("css selector", "#cap-month")).select_by_value("2")
        entry.find_element("css selector", "#cap-num").send_keys("37")
        entry.find_element("css selector", "#cap-den").send_keys("120")
        entry.find_element("css selector", "#cap-note").send_keys("tanpa skrip")
        b.submit(entry.find_element("css selector", "button[type=submit]"))
        self.assertTrue(b.path().startswith("/capaian"), b.path())
        self._look(b, "capaian-saved")
        self.assertIn("Tersimpan.", b.text())
        b.open("/capaian?tahun=2036&bulan=2")
        cells = [td.text for td in b.driver.find_elements("css selector", "table.capaian td.num")]
        self.assertIn("37", cells, cells)
        self.assertIn("120", cells, cells)
        got = [r for r in (json.loads(ln) for ln in office.cli("record", "list", "achievement").splitlines())
               if r.get("indicator_code") == "KIA_K1" and int(r.get("year", 0)) == 2036 and int(r.get("month", 0)) == 2]
        self.assertEqual(len(got), 1, got)
        self.assertEqual((float(got[0]["numerator"]), float(got[0]["denominator"])), (37.0, 120.0), got)
        self.assertEqual(got[0]["note"], "tanpa skrip")
        self.assertEqual(got[0]["puskesmas"], office.PKM)
        self.assertIn(" 37 ", office.cli("capaian", "list", "2036-02"))

        # ------------------------------------------------ logging out is a form too
        b.logout()
        self.assertEqual(b.path(), "/login")
        b.open("/staf")
        self.assertEqual(b.path(), "/login", "the session lived on after logging out")

    def test_the_staff_cards_of_a_phone_name_their_fields(self):
        b = office.browser(lkui.PHONE, "nojs-phone", test=self, js=False)
        b.login("ratna", PASS_RATNA)
        b.open("/staf")
        self._look(b, "staf")
        self.assertFalse(b.app_script_ran())
        # Sri Wahyuni has no title: her card says which field is empty, not a bare "-".
        card = b.driver.find_element("xpath", "//table[contains(@class,'staff')]//tr[td[contains(., 'Sri Wahyuni')]]")
        fields = [td.text.strip() for td in card.find_elements("css selector", "td")]
        self.assertEqual(fields, ["Nama: Sri Wahyuni", "Jabatan: -", "Peran: Pemegang program", "Program: KIA"])
        # Each field on a line of its own, its name before its value on that line.
        tds = card.find_elements("css selector", "td")
        tops = [round(td.rect["y"]) for td in tds]
        self.assertEqual(sorted(set(tops)), tops, f"the fields share lines: {tops}")
        for td in tds:
            label = td.find_element("css selector", ".cell-label")
            self.assertTrue(label.is_displayed())
            self.assertLess(abs(label.rect["y"] - td.rect["y"]), 8)
        # At an office PC the table's heading names the columns, and the cells hold the values alone.
        pc = office.browser(lkui.OFFICE_PC, "nojs-pc", test=self, js=False)
        pc.login("ratna", PASS_RATNA)
        pc.open("/staf")
        row = pc.driver.find_element("xpath", "//table[contains(@class,'staff')]//tr[td[contains(., 'Sri Wahyuni')]]")
        self.assertEqual([td.text for td in row.find_elements("css selector", "td")][1:], ["-", "Pemegang program", "KIA"])
        self.assertTrue(pc.one("table.staff thead").is_displayed())


if __name__ == "__main__":
    unittest.main(verbosity=2)
