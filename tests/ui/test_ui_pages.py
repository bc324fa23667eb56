"""test_ui_pages: every page of `lokmin ui` in a real headless Chromium, for the Kapus and for a programme holder,
at an office PC's width and a phone's: each page the menu and the meeting's own menu lead to answers in
Indonesian, with a label on every field, nothing from outside the device, no console error, no sideways
scrolling and no text too small to read; each is photographed. A page that is not for the role says so."""

import os
import sys
import unittest

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkui  # noqa: E402

PASS_RATNA = "kata sandi ratna 2036"
PASS_SRI = "sri wahyuni kia 2036"
# Pages that are for other roles answer 403 with a page of their own; the browser logs that status.
DENIED = r"Failed to load resource: the server responded with a status of 403 "

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


class Pages(unittest.TestCase):
    def _links(self, b, css):
        """The paths of the links css finds on the page open now, in order, once each."""
        out = []
        for a in b.driver.find_elements("css selector", css):
            href = a.get_attribute("href") or ""
            path = "/" + href.split("/", 3)[3] if href.count("/") >= 3 else href
            if path not in out:
                out.append(path)
        return out

    def _walk(self, b, who, password, must):
        """Log in as who, then visit every page of the menu and of the meeting's menu; returns the paths."""
        b.login(who, password)
        self.assertEqual(b.path(), "/")
        pages = self._links(b, "header nav a")
        for want in must:
            self.assertIn(want, pages, f"the menu of {who} lacks {want}: {pages}")
        seen = []
        todo = list(pages)
        while todo:
            path = todo.pop(0)
            if path.split("?")[0] in seen:
                continue
            seen.append(path.split("?")[0])
            b.open(path)
            self.assertEqual(b.path().split("?")[0], path.split("?")[0], f"{path} sent {who} elsewhere")
            self.assertEqual(b.one("html").get_attribute("lang"), "id")
            h1 = b.one("main h1").text
            self.assertTrue(h1, f"{path} has no heading")
            self.assertNotIn("Halaman tidak ditemukan", h1)
            self.assertNotIn("Terjadi kesalahan", h1)
            name = f"{who}{path.split('?')[0].replace('/', '-').rstrip('-') or '-home'}"
            b.check_page(name)
            b.readable()
            # The meeting pages have a menu of their own.
            for p in self._links(b, "nav.rapat-nav a"):
                if p.split("?")[0] not in seen and p not in todo:
                    todo.append(p)
        return seen

    def test_the_kapus_sees_every_page(self):
        for size in (lkui.OFFICE_PC, lkui.PHONE):
            with self.subTest(width=size[0]):
                b = office.browser(size, f"kapus{size[0]}", test=self)
                seen = self._walk(b, "ratna", PASS_RATNA,
                                  ("/", "/jadwal", "/staf", "/materi", "/undangan", "/hadir", "/capaian", "/akun"))
                for want in ("/masalah", "/rtl", "/notulen"):
                    self.assertIn(want, seen)

    def test_a_programme_holder_sees_her_pages_and_not_the_others(self):
        for size in (lkui.OFFICE_PC, lkui.PHONE):
            with self.subTest(width=size[0]):
                b = office.browser(size, f"pj{size[0]}", test=self)
                seen = self._walk(b, "sri", PASS_SRI, ("/", "/materi", "/capaian", "/akun"))
                self.assertIn("/rtl", seen)
                # Another programme's material is not hers to see.
                b.open("/materi?program=GIZI")
                self.assertEqual(b.one("main h1").text, "Bukan untuk peran Anda")
                b.check_page(f"pj-denied", allow_console=[DENIED])


if __name__ == "__main__":
    unittest.main(verbosity=2)
