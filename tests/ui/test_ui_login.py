"""test_ui_login: logging in to `lokmin ui` from a real headless Chromium, at an office PC's width and a phone's:
the Indonesian login form and its error, the to-do list with the sync bar, logging out for good; every page
checked for labels, outside resources, console errors and sideways scrolling, and photographed."""

import os
import sys
import unittest

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkui  # noqa: E402

PASS_RATNA = "kata sandi ratna 2036"
PASS_SRI = "sri wahyuni kia 2036"
# The browser logs the 401 answer to a refused login as an error; it is the answer wanted there.
WRONG = r"/login - Failed to load resource: the server responded with a status of 401 "

# The accounts: login, person, password, language.
USERS = [
    ("ratna", "Ratna", PASS_RATNA, "id"),
    ("sri", "Wahyuni", PASS_SRI, "en"),
]

office = None


def setUpModule():
    global office
    office = lkui.start_office(lkui.Office.setup_month, USERS)


def tearDownModule():
    office.close()


class Login(unittest.TestCase):
    def _home_is_the_todo_list(self, b, shot):
        """The home page in Indonesian: the to-do list naming the puskesmas, the sync bar, the person."""
        b.screenshot(shot)
        self.assertEqual(b.path(), "/")
        self.assertEqual(b.one("html").get_attribute("lang"), "id")
        self.assertEqual(b.one("h1").text, "Yang harus dikerjakan hari ini")
        text = b.text()
        for want in ("Bahan rapat belum ada", "belum ada bahan untuk KIA", "Maret 2036", "dr. Ratna Dewi",
                     "Puskesmas Kaliwungu", "Keluar"):
            self.assertIn(want, text)
        # The office and the to-do items are named as people name them, never by the code.
        self.assertNotIn(office.PKM, text)
        self.assertEqual(b.one("ul.todo .where").text, "Puskesmas Kaliwungu")
        bar = b.one(".syncbar")
        for want in ("Sinkron terakhir:", "Perubahan menunggu: 0", "Perubahan ditolak: 0", "Konflik terbuka: 0"):
            self.assertIn(want, bar.text)
        self.assertNotIn("belum pernah", bar.text)
        b.check_page(shot)
        b.readable()
        b.on_one_line(".syncbar .when, .syncbar > span:not(.last), ul.todo .date, ul.todo .where")
        return bar

    def test_office_pc(self):
        b = office.browser(lkui.OFFICE_PC, "pc", test=self)
        b.open("/")
        self.assertEqual(b.path(), "/login", "a page without a session leads to the login form")
        self.assertEqual(b.one("html").get_attribute("lang"), "id")
        self.assertEqual(b.one("h1").text, "Masuk")
        self.assertEqual(b.one("label[for=login]").text, "Nama pengguna")
        self.assertEqual(b.one("label[for=password]").text, "Kata sandi")
        b.check_page("login")

        b.login("ratna", PASS_RATNA)
        bar = self._home_is_the_todo_list(b, "home")
        # At an office PC's width the sync bar is one line.
        tops = {round(e.rect["y"]) for e in bar.find_elements("css selector", ":scope > span")}
        self.assertEqual(len(tops), 1, f"the sync bar wraps at 1366 px: {bar.text!r}")
        self.assertLess(bar.rect["height"], 48, "the sync bar is taller than one line")

    def test_phone(self):
        b = office.browser(lkui.PHONE, "phone", test=self)
        b.open("/login")
        b.check_page("login")
        b.readable()
        b.login("ratna", PASS_RATNA)
        self._home_is_the_todo_list(b, "home")

    def test_a_wrong_password_is_refused_in_indonesian(self):
        for size in (lkui.OFFICE_PC, lkui.PHONE):
            with self.subTest(width=size[0]):
                b = office.browser(size, f"wrong{size[0]}", test=self)
                b.login("ratna", "bukan kata sandinya")
                self.assertEqual(b.path(), "/login")
                self.assertEqual(b.one(".error").text, "Nama pengguna atau kata sandi salah.")
                self.assertEqual(b.one("#login").get_attribute("value"), "ratna")
                self.assertEqual(b.one("#password").get_attribute("value"), "")
                self.assertFalse(b.has(".syncbar"))
                b.check_page("login-wrong", allow_console=[WRONG])
                b.readable()

    def test_logout_then_back_shows_no_logged_in_page(self):
        b = office.browser(lkui.OFFICE_PC, "logout", test=self)
        b.login("sri", PASS_SRI)
        self.assertEqual(b.path(), "/")
        self.assertIn("no material for KIA", b.text())
        b.logout()
        self.assertEqual(b.path(), "/login")
        self.assertFalse(b.has(".syncbar"))
        b.check_page("logged-out")
        b.back()
        b.wait_path("/login")
        self.assertNotIn("no material for KIA", b.text())
        self.assertFalse(b.has(".syncbar"), f"Back showed the logged-in page again at {b.path()}")
        self.assertFalse(b.has("header form button"), "Back showed a Log out button")
        self.assertEqual(b.path(), "/login")
        b.check_page("logged-out-back")
        # And a session that ended stays ended.
        b.open("/")
        self.assertEqual(b.path(), "/login")


if __name__ == "__main__":
    unittest.main(verbosity=2)
