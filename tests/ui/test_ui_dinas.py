"""test_ui_dinas: the district's puskesmas pages in a real headless Chromium, at an office PC's width and a
phone's: the list of puskesmas by name under their kecamatan, and one puskesmas' year with its documents and
its accreditation evidence; Indonesian, every field labelled, nothing from outside, no sideways scrolling,
readable; each photographed. The menu offers "Puskesmas" on the district's device."""

import os
import sys
import unittest

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkui  # noqa: E402

PASS_DEWI = "kata sandi dewi dinkes"
USERS = [("dewi", "Dewi", PASS_DEWI, "id")]

office = None


def setup(o):
    """Puskesmas Kaliwungu holds January 2025 with its documents and a photo and misses the rest; then the
    office's ui serves the district's device, with its officer on its staff list."""
    o.enroll(o.home, "puskesmas", o.PKM)
    kapus = o.cli("staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus").split()[0]
    o.cli("meeting", "plan", "--year", "2025")
    js = o.cli("--json", "meeting", "list", "--year", "2025")
    import re
    m = re.search(r'\{"id":"([0-9a-f-]{36})"[^{}]*?"period":1,[^{}]*?"planned_date":"(\d{4}-\d\d-\d\d)"', js)
    if not m:
        raise RuntimeError(f"no January meeting in {js}")
    jan, day = m.group(1), m.group(2)
    o.cli("meeting", "held", jan, "--date", day)
    o.cli("invite", "draft", jan)
    o.cli("attend", "invite", jan)
    o.cli("attend", "checkin", jan, kapus)
    o.cli("problem", "add", jan, "--description", "K1 rendah", "--recommendation", "Kunjungan rumah")
    photo = os.path.join(o.dir, "foto.jpg")
    with open(photo, "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8 + b"\xff\xd9")
    o.cli("attach", "meeting", jan, photo, "--caption", "Lokmin Januari")
    o.cli("minutes", "compile", jan)
    o.cli("sync")
    o.home = o.district()
    o.cli("staff", "add", "Dewi Lestari", "--role", "staff")
    o.cli("sync")


def setUpModule():
    global office
    office = lkui.start_office(setup, USERS)


def tearDownModule():
    office.close()


class Dinas(unittest.TestCase):
    def test_the_list_and_a_puskesmas_year(self):
        for size in (lkui.OFFICE_PC, lkui.PHONE):
            with self.subTest(width=size[0]):
                b = office.browser(size, f"dewi{size[0]}", test=self)
                b.login("dewi", PASS_DEWI)
                menu = [a.text for a in b.driver.find_elements("css selector", "header nav a")]
                self.assertIn("Puskesmas", menu)
                b.open("/dinas/puskesmas")
                self.assertEqual(b.one("html").get_attribute("lang"), "id")
                self.assertIn("Kecamatan Kaliwungu", b.text())
                self.assertNotIn("P3324", b.text())
                b.check_page("dinas-puskesmas")
                b.readable()
                b.driver.find_element("link text", "Puskesmas Kaliwungu").click()
                b.wait_path("/dinas/puskesmas")
                text = b.text()
                self.assertIn("Puskesmas Kaliwungu, tahun", text)
                b.open("/dinas/puskesmas?kode=P3324010101&tahun=2025")
                text = b.text()
                self.assertIn("Undangan (PDF)", text)
                self.assertIn("0/12", text)  # January unsigned: complete only when signed
                self.assertIn("belum lengkap", text)
                self.assertNotIn("P3324", text)
                b.check_page("dinas-puskesmas-2025")
                b.readable()


if __name__ == "__main__":
    unittest.main(verbosity=2)
