"""test_ui_district: the district's review of submitted minutes, in real headless Chromium. A puskesmas' Kapus signs
the minutes of this month's meeting and they are submitted (CLI steps); the district's reviewer logs in to the
`lokmin ui` of the district's device, follows the to-do item to /tinjau, is refused a return without feedback, then
returns the minutes with feedback; after the devices sync by themselves the puskesmas' Kapus finds the return with
the feedback on the to-do page and follows its link to /notulen. The reviewer then opens the dashboard (its legend
in Indonesian), finds the puskesmas by its name under /dinas/puskesmas and downloads its evidence ZIP in Chromium;
the ZIP's PDFs, its photo (byte for byte) and its index naming every file are checked. Every page is checked and
photographed at an office PC's width and a phone's."""

import datetime
import csv
import io
import json
import os
import re
import sys
import time
import unittest
import urllib.request
import zipfile

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkui  # noqa: E402

PASS_RATNA = "kata sandi ratna kapus"
PASS_HENDRA = "kata sandi hendra dinkes"
FEEDBACK = "Lengkapi daftar hadir lintas sektor dan lampirkan foto kegiatan."
USERS = [("ratna", "Ratna", PASS_RATNA, "id")]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]

office = None
state = {}


def _in_words(iso):
    d = datetime.date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _setup(o):
    """This year's meetings, this month's held today, its minutes signed by the Kapus and submitted; the district's
    device synced, with its reviewer on its staff list and an account for them."""
    o.setup_this_year()
    today = lkui.Office.today()
    o.cli("meeting", "plan", "--year", str(today.year))
    js = o.cli("--json", "meeting", "list", "--year", str(today.year))
    m = re.search(r'\{"id":"([0-9a-f-]{36})","kind":"monthly","period":%d,' % today.month, js)
    if not m:
        raise RuntimeError(f"no meeting this month in {js}")
    meeting = m.group(1)
    o.cli("meeting", "held", meeting, "--date", today.isoformat())
    staff = o.cli("--json", "staff", "list")
    kapus = re.search(r'"id":"([0-9a-f-]{36})"[^}]*"name":"dr. Ratna Dewi"', staff) or \
        re.search(r'"name":"dr. Ratna Dewi"[^}]*"id":"([0-9a-f-]{36})"', staff)
    if not kapus:
        raise RuntimeError(f"no Kapus in {staff}")
    # The meeting's evidence: the invitation, the attendance and a photo whose every byte the ZIP must keep.
    o.cli("invite", "draft", meeting)
    o.cli("attend", "invite", meeting)
    o.cli("attend", "checkin", meeting, kapus.group(1))
    photo = os.path.join(o.dir, "foto-lokmin.jpg")
    with open(photo, "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8 + b"\xff\xd9")
    o.cli("attach", "meeting", meeting, photo, "--caption", "Foto lokmin bulan ini")
    minutes = o.cli("minutes", "compile", meeting).split()[0]
    o.cli("minutes", "sign", minutes, "--as", kapus.group(1), passphrase=o.SIGN_PASS)
    o.cli("minutes", "submit", minutes)
    out = o.cli("sync")
    if " 0 rejected" not in out:
        raise RuntimeError(f"the minutes did not reach the server: {out}")
    district = o.district()
    o.cli("sync", home=district)
    o.cli("staff", "add", "Hendra Gunawan", "--title", "Seksi Pelayanan Kesehatan", "--role", "staff", home=district)
    o.add_user("hendra", "Hendra", PASS_HENDRA, "id", home=district)
    state.update(meeting=meeting, minutes=minutes, day=today.isoformat(), district=district, kapus=kapus.group(1),
                 photo=photo)


def setUpModule():
    global office
    office = lkui.start_office(_setup, USERS)


def tearDownModule():
    office.close()


class District(unittest.TestCase):
    def _look(self, b, shot, allow=(), readable=True):
        self.assertEqual(b.one("html").get_attribute("lang"), "id")
        h1 = b.one("main h1").text
        for bad in ("Halaman tidak ditemukan", "Terjadi kesalahan", "Bukan untuk peran Anda"):
            self.assertNotIn(bad, h1, f"{b.path()}: {b.text()[:600]}")
        b.check_page(f"district-{shot}", allow_console=allow)
        if readable:
            b.readable()
        text = b.text()
        for code in (state["meeting"], state["minutes"], office.PKM, "332401"):
            self.assertNotIn(code, text, f"{b.path()} shows a code to people")

    def _pdf(self, ui, b, path):
        """GET path on ui with b's session cookie; (status, content type, body)."""
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in b.driver.get_cookies())
        req = urllib.request.Request(ui.url(path), headers={"Cookie": cookie})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(req, timeout=60) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()

    def test_the_district_returns_minutes_and_the_puskesmas_sees_it(self):
        meeting, day = state["meeting"], _in_words(state["day"])
        dui = office.start_other_ui(state["district"], "district")
        dui.wait_synced()

        # ------------------------------------------------ the district's to-do item leads to the review view
        pc = dui.browser(lkui.OFFICE_PC, "district-pc", test=self).login("hendra", PASS_HENDRA)
        self.assertTrue(pc.has("header nav a[href='/tinjau']"), pc.text()[:800])
        self._look(pc, "home")
        item = next((li for li in pc.driver.find_elements("css selector", "ul.todo li")
                     if "Notulen perlu ditinjau" in li.text), None)
        self.assertIsNotNone(item, pc.text()[:1500])
        self.assertIn("Puskesmas Kaliwungu", item.text)
        self.assertIn(f"rapat tanggal {day} sudah dikirim", item.text)  # the meeting's day in words
        self.assertNotIn(state["day"], item.text)
        link = item.find_element("css selector", "a")
        self.assertEqual(link.get_attribute("href"), dui.url(f"/tinjau?rapat={meeting}"))
        pc.submit(link)
        self.assertEqual(pc.path(), f"/tinjau?rapat={meeting}")
        self.assertTrue(pc.has("form textarea#catatan"), pc.text()[:800])

        # ------------------------------------------------ the list: waiting first, by name, the day in words
        pc.open("/tinjau")
        self._look(pc, "tinjau")
        text = pc.text()
        self.assertIn("Menunggu tinjauan (1)", text)
        self.assertIn("Belum ada notulen yang ditinjau.", text)
        pending = pc.one("ul.reviews.pending li").text
        for want in ("Puskesmas Kaliwungu", "Kecamatan Kaliwungu", day, "Revisi 1", "dikirim"):
            self.assertIn(want, pending)
        phone = dui.browser(lkui.PHONE, "district-phone", test=self).login("hendra", PASS_HENDRA)
        phone.open("/tinjau")
        self._look(phone, "tinjau")

        # ------------------------------------------------ the review view, the minutes readable as PDF
        pc.submit("ul.reviews.pending li a.office")
        self.assertEqual(pc.path(), f"/tinjau?rapat={meeting}")
        self._look(pc, "tinjau-view")
        self.assertIn("Puskesmas Kaliwungu", pc.one("p.rapat").text)
        pdf = pc.one("p.pdf a").get_attribute("href")
        self.assertEqual(pdf, dui.url(f"/notulen.pdf?rapat={meeting}"))
        status, ctype, body = self._pdf(dui, pc, f"/notulen.pdf?rapat={meeting}")
        self.assertEqual((status, ctype), (200, "application/pdf"))
        self.assertTrue(body.startswith(b"%PDF-"), body[:40])
        phone.open(f"/tinjau?rapat={meeting}")
        self._look(phone, "tinjau-view")

        # ------------------------------------------------ returned without feedback: refused, in Indonesian
        back = pc.form_of("op", "kembalikan")
        pc.driver.execute_script("arguments[0].removeAttribute('required')", back.find_element("css selector",
                                                                                               "textarea"))
        pc.submit(back.find_element("css selector", "button[type=submit]"))
        self.assertIn("perlu catatan", pc.one("p.error").text)
        self._look(pc, "tinjau-refused", allow=[r"status of 400"])
        self.assertNotIn("needs_revision", dui.cli("minutes", "history", meeting))

        # ------------------------------------------------ returned with feedback
        back = pc.form_of("op", "kembalikan")
        back.find_element("css selector", "textarea").send_keys(FEEDBACK)
        pc.submit(back.find_element("css selector", "button[type=submit]"))
        self.assertEqual(pc.path(), f"/tinjau?rapat={meeting}")
        self._look(pc, "tinjau-returned")
        verdict = pc.one(".feedback.revise").text
        for want in ("Dikembalikan untuk revisi", "Hendra Gunawan", FEEDBACK):
            self.assertIn(want, verdict)
        self.assertFalse(pc.has("form textarea#catatan"), "the forms stay after the review")
        hist = dui.cli("minutes", "history", meeting)
        self.assertIn("needs_revision by Hendra Gunawan", hist)
        pc.open("/tinjau")
        self._look(pc, "tinjau-after")
        self.assertIn("Menunggu tinjauan (0)", pc.text())
        done = pc.one("ul.reviews.done li").text
        self.assertIn("Dikembalikan untuk revisi", done)
        self.assertIn("Puskesmas Kaliwungu", done)
        phone.open("/tinjau")
        self._look(phone, "tinjau-after")

        # ------------------------------------------------ both devices sync by themselves
        deadline = time.monotonic() + 90
        todo = ""
        while time.monotonic() < deadline:
            todo = office.cli("todo")
            if "minutes_returned" in todo:
                break
            time.sleep(1)
        else:
            self.fail(f"the return never reached the puskesmas:\n{todo}\n{office.cli('status')}")
        line = next(ln for ln in todo.splitlines() if "minutes_returned" in ln)
        self.assertIn(f"minutes revision 1 returned by the district for revision: {FEEDBACK}", line)
        js = [json.loads(ln) for ln in office.cli("--json", "todo").splitlines() if ln.startswith("{")]
        self.assertEqual([x["id"] for x in js if x["kind"] == "minutes_returned"], [state["minutes"]])

        # ------------------------------------------------ the Kapus sees the return and follows it
        kapus = office.browser(lkui.OFFICE_PC, "kapus-pc", test=self).login("ratna", PASS_RATNA)
        self.assertFalse(kapus.has("header nav a[href='/tinjau']"), "the review is not a puskesmas' page")
        self._look(kapus, "kapus-home")
        item = next((li for li in kapus.driver.find_elements("css selector", "ul.todo li")
                     if "Notulen dikembalikan untuk revisi" in li.text), None)
        self.assertIsNotNone(item, kapus.text()[:1500])
        self.assertIn(FEEDBACK, item.text)
        link = item.find_element("css selector", "a")
        self.assertEqual(link.get_attribute("href"), office.url(f"/notulen?rapat={meeting}"))
        kphone = office.browser(lkui.PHONE, "kapus-phone", test=self).login("ratna", PASS_RATNA)
        self._look(kphone, "kapus-home")
        kapus.submit(link)
        self.assertEqual(kapus.path(), f"/notulen?rapat={meeting}")
        self._look(kapus, "kapus-notulen")
        box = kapus.one(".feedback.revise").text
        self.assertIn(FEEDBACK, box)
        self.assertIn("Hendra Gunawan", box)
        # The review page is the district's: a puskesmas device says so.
        kapus.open("/tinjau")
        self.assertIn("dinas kesehatan", kapus.one("p.error").text)

        # ------------------------------------------------ a new revision replaces the return; acknowledged
        m2 = office.cli("minutes", "compile", meeting, "--reason", "Daftar hadir lintas sektor dilengkapi").split()[0]
        office.cli("minutes", "sign", m2, "--as", state["kapus"], passphrase=office.SIGN_PASS)
        office.cli("minutes", "submit", m2)
        self.assertNotIn("minutes_returned", office.cli("todo"))
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            pc.open("/tinjau")
            if "Revisi 2" in pc.text():
                break
            time.sleep(2)
        else:
            self.fail(f"revision 2 never reached the district:\n{office.cli('status')}\n{dui.cli('status')}")
        self.assertIn("Menunggu tinjauan (1)", pc.text())
        self.assertIn("Revisi 2", pc.one("ul.reviews.pending li").text)
        self.assertIn("Belum ada notulen yang ditinjau.", pc.text(), "revision 1's review is replaced by revision 2")
        pc.submit("ul.reviews.pending li a.office")
        pc.submit(pc.form_of("op", "terima").find_element("css selector", "button[type=submit]"))
        self._look(pc, "tinjau-acknowledged")
        verdict = pc.one(".feedback").text
        self.assertIn("Diterima", verdict)
        self.assertIn("Hendra Gunawan", verdict)
        self.assertNotIn("revise", pc.one(".feedback").get_attribute("class"))
        pc.open("/tinjau")
        self.assertIn("Menunggu tinjauan (0)", pc.text())
        self.assertIn("Diterima", pc.one("ul.reviews.done li").text)
        self.assertIn("Revisi 2", pc.one("ul.reviews.done li").text)
        self.assertIn("acknowledged by Hendra Gunawan", dui.cli("minutes", "history", meeting))

        # ------------------------------------------------ the dashboard, with its legend in Indonesian
        for b in (pc, phone):
            b.open("/dinas")
            # Readable at both widths: no text under 13 px; the wide grid and tables scroll inside their box.
            self._look(b, "dinas")
            shown = b.text() + " ".join(t.get_attribute("textContent") for t in
                                        b.driver.find_elements("css selector", "svg text"))
            for word in ("terlaksana tepat waktu", "ditunda atau terlambat", "tidak terlaksana",
                         "belum jatuh tempo", "tidak ada rencana", "Puskesmas Kaliwungu"):
                self.assertIn(word, shown, f"/dinas at {b.width} px")

        # ------------------------------------------------ the puskesmas' page by its name; the evidence ZIP
        self._evidence_zip(dui, pc, phone)

    def _evidence_zip(self, dui, pc, phone):
        year = datetime.date.fromisoformat(state["day"]).year
        month = datetime.date.fromisoformat(state["day"]).month
        for b in (pc, phone):
            b.open("/dinas/puskesmas")
            self._look(b, "dinas-puskesmas")
            b.submit(b.driver.find_element("link text", "Puskesmas Kaliwungu"))
            self.assertTrue(b.path().startswith("/dinas/puskesmas?kode="), b.path())
            self.assertIn(f"Puskesmas Kaliwungu, tahun {year}", b.text())
            self._look(b, "dinas-puskesmas-kode")
        downloads = os.path.join(office.dir, "unduhan")
        os.makedirs(downloads, exist_ok=True)
        pc.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        link = pc.driver.find_element("css selector", "a[href^='/dinas/bukti.zip']")
        self.assertEqual(link.text, "Unduh berkas bukti (ZIP)")
        link.click()
        name = f"bukti-akreditasi-Puskesmas-Kaliwungu-{year}.zip"
        path = os.path.join(downloads, name)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            files = os.listdir(downloads)
            if name in files and not any(f.endswith(".crdownload") for f in files):
                break
            time.sleep(0.2)
        else:
            self.fail(f"Chromium did not download {name}: {os.listdir(downloads)}")
        self.assertEqual(pc.path().split("?")[0], "/dinas/puskesmas", "a download leaves the page open")
        with zipfile.ZipFile(path) as z:
            self.assertIsNone(z.testzip())
            names = z.namelist()
            mm = f"{month:02d}"
            for want in (f"dokumen/{mm}-undangan.pdf", f"dokumen/{mm}-daftar-hadir.pdf", f"dokumen/{mm}-notulen.pdf",
                         f"foto/{mm}-foto-1.jpg", "index.html", "index.csv"):
                self.assertIn(want, names)
            docs = [n for n in names if n.startswith("dokumen/")]
            for n in docs:
                self.assertTrue(n.endswith(".pdf"), n)
                self.assertTrue(z.read(n).startswith(b"%PDF-"), n)
            with open(state["photo"], "rb") as f:
                self.assertEqual(z.read(f"foto/{mm}-foto-1.jpg"), f.read(), "the photo changed on its way")
            index = z.read("index.html").decode("utf-8")
            rows = list(csv.reader(io.StringIO(z.read("index.csv").decode("utf-8"))))
        self.assertIn("Puskesmas Kaliwungu", index)
        self.assertIn("Foto lokmin bulan ini", index)
        listed = {r[0] for r in rows if r and "/" in r[0]}
        for n in names:
            if n.startswith(("dokumen/", "foto/")):
                self.assertIn(n, index, f"{n} is not named in index.html")
                self.assertIn(n, listed, f"{n} is not named in index.csv")
        self.assertEqual(listed - set(names), set(), "index.csv names files the ZIP lacks")


if __name__ == "__main__":
    unittest.main(verbosity=2)
