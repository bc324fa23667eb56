"""test_ui_settle: the two pages that settle what syncing leaves open, in a real headless Chromium. Two devices of
one puskesmas change the same meeting's notes offline and both sync (an open conflict on the ui's device), and the
ui's device also sends a meeting of another puskesmas, which lokmind refuses. The Kapus follows the sync bar's links
to /konflik and /ditolak at a phone's width and at an office PC's, keeps the other device's notes and drops the
refused change; the store (the CLI) shows both settled and each page is checked and photographed."""

import json
import os
import sys
import unittest

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkui  # noqa: E402

PASS_RATNA = "kata sandi ratna 2036"
NOTES_A = "Catatan dari TU"
NOTES_B = "Catatan dari notulis"
USERS = [("ratna", "Ratna", PASS_RATNA, "id")]

office = None
meeting = ""


def _two_devices(o):
    """The state of test_web_settle: a conflict on the notes of March's meeting and one refused change."""
    global meeting
    other = os.path.join(o.dir, "b")
    o.enroll(o.home, "puskesmas", o.PKM)
    o.enroll(other, "puskesmas", o.PKM)
    o.cli("staff", "add", "dr. Ratna Dewi", "--role", "kapus")
    meeting = o.cli("record", "put", "meeting", "kind=monthly", "year=2036", "period=3", "planned_date=2036-03-05",
                    "status=planned").split()[0]
    o.cli("sync")
    o.cli("sync", home=other)
    o.cli("--as", "Ratna", "record", "put", "meeting", "--id", meeting, "notes=" + NOTES_A)
    o.cli("--as", "Ratna", "record", "put", "meeting", "--id", meeting, "notes=" + NOTES_B, home=other)
    o.cli("record", "put", "meeting", "kind=monthly", "year=2036", "period=7", "status=planned",
          "puskesmas=P3324010102")
    if "1 rejected" not in o.cli("sync"):
        raise RuntimeError("the other puskesmas' meeting was not refused")
    o.cli("sync", home=other)
    o.cli("sync")
    if ".notes  narrative, open" not in o.cli("conflicts"):
        raise RuntimeError("no open conflict on the notes")


def setUpModule():
    global office
    office = lkui.start_office(_two_devices, USERS)


def tearDownModule():
    office.close()


class Settle(unittest.TestCase):
    def _look(self, b, shot):
        self.assertEqual(b.one("html").get_attribute("lang"), "id")
        b.check_page(shot)
        b.readable()

    def test_a_conflict_and_a_refused_change_settled_from_the_sync_bar(self):
        phone = office.browser(lkui.PHONE, "settle-phone", test=self).login("ratna", PASS_RATNA)
        pc = office.browser(lkui.OFFICE_PC, "settle-pc", test=self).login("ratna", PASS_RATNA)
        for b in (phone, pc):
            self.assertTrue(b.has(".syncbar a[href='/konflik']"), b.text()[:800])
            self.assertTrue(b.has(".syncbar a[href='/ditolak']"), b.text()[:800])

        # The conflict: both versions side by side, with who changed the record last.
        pc.submit(".syncbar a[href='/konflik']")
        self.assertEqual(pc.path(), "/konflik")
        self._look(pc, "settle-konflik")
        phone.open("/konflik")
        self._look(phone, "settle-konflik")
        text = pc.text()
        for want in (NOTES_A, NOTES_B, "5 Maret 2036", "Dibuat di perangkat lain"):
            self.assertIn(want, text)
        self.assertNotIn(meeting, text, "an id shown to people")
        pc.submit(pc.driver.find_element("xpath", "//form[.//input[@name='keep' and @value='other']]//button"))
        self.assertEqual(pc.path(), "/konflik")
        self.assertIn("Tidak ada konflik terbuka", pc.text())
        self._look(pc, "settle-konflik-done")
        self.assertIn("no open conflicts", office.cli("conflicts"))
        got = json.loads(office.cli("--json", "record", "get", "meeting", meeting))
        self.assertEqual(got.get("notes"), NOTES_B, got)

        # The refused change: what it was and why, in Indonesian, and the form that drops it.
        pc.open("/ditolak")
        self._look(pc, "settle-ditolak")
        phone.open("/ditolak")
        self._look(phone, "settle-ditolak")
        self.assertTrue(pc.has("form[action='/ditolak'] button[type=submit]"), pc.text()[:800])
        pc.submit("form[action='/ditolak'] button[type=submit]")
        self.assertEqual(pc.path(), "/ditolak")
        self._look(pc, "settle-ditolak-done")
        self.assertFalse(pc.has("form[action='/ditolak'] button[type=submit]"), pc.text()[:800])
        st = json.loads(office.cli("--json", "status"))
        self.assertEqual(st.get("failed_ops"), 0, st)


if __name__ == "__main__":
    unittest.main(verbosity=2)
