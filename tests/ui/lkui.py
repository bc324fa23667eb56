"""lkui: browser tests' support: a real lokmind and an enrolled puskesmas device serving `lokmin ui`, driven by
headless Chromium through python3-selenium and chromium-driver.

The C tests' helpers (tests/support/lkt.c) are the model: a database of its own in the PostgreSQL named by
LOKMIN_TEST_PG, a private folder for keys, logs and homes, loopback ports only. The build passes the programs'
paths in LOKMIN_BIN and LOKMIND_BIN and the screenshot folder in LK_UI_SHOTS (tests/CMakeLists.txt).
Every process started here ends when the test ends, passed or failed.
"""

import atexit
import datetime
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zoneinfo

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PHONE = (360, 800)
OFFICE_PC = (1366, 768)

# Everything here speaks to loopback addresses only: no proxy may stand between.
for _v in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_v, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"


class Failure(AssertionError):
    """A check on a page failed."""


def _need(name):
    v = os.environ.get(name, "")
    if not v:
        raise RuntimeError(f"{name} is not set (ctest sets it; see tests/CMakeLists.txt)")
    return v


def free_port():
    """A free loopback TCP port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path, n=6000):
    try:
        with open(path, "r", errors="replace") as f:
            return f.read()[-n:]
    except OSError:
        return ""


def _die_with_parent():
    """In a child before exec: SIGKILL when this test's process dies, however it dies (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)


class _Procs:
    """The processes this test started, each in a process group of its own, ended at exit."""

    def __init__(self):
        self.groups = []
        self.popens = {}
        self.closers = []  # the offices' close(), run at exit before the last processes are ended
        atexit.register(self.at_exit)
        # A test stopped by a signal cleans up and ends at once (unittest would go on to the next test).
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)

    def at_exit(self):
        for close in reversed(self.closers):
            try:
                close()
            except Exception as e:
                print(f"lkui: cleaning up: {e}", file=sys.stderr)
        self.end_all()

    def _on_signal(self, sig, _frame):
        signal.signal(sig, signal.SIG_DFL)
        self.at_exit()
        os._exit(128 + sig)

    def add(self, pid, popen=None):
        self.groups.append(pid)
        if popen is not None:
            self.popens[pid] = popen

    def end(self, pid, sig=signal.SIGTERM, wait_s=10.0):
        """Send sig to pid's group and wait for pid; SIGKILL to the group after wait_s. The exit status or None."""
        status = None
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + wait_s
        while True:
            try:
                done, st = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                break
            if done == pid:
                status = os.waitstatus_to_exitcode(st)
                break
            if time.monotonic() > deadline:
                try:
                    os.killpg(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
                break
            time.sleep(0.02)
        # Whatever the leader left in its group (a browser's helpers) goes too.
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if pid in self.groups:
            self.groups.remove(pid)
        p = self.popens.pop(pid, None)
        if p is not None and p.returncode is None:
            p.returncode = status if status is not None else -signal.SIGKILL
        return status

    def end_all(self):
        for pid in list(reversed(self.groups)):
            self.end(pid, signal.SIGTERM, 5.0)


_procs = _Procs()


class Database:
    """A database of its own inside the PostgreSQL named by LOKMIN_TEST_PG (made and dropped with psql)."""

    def __init__(self):
        self.base = _need("LOKMIN_TEST_PG")
        self.name = f"lkui_{os.getpid()}_{secrets.token_hex(4)}"
        self._sql(f"CREATE DATABASE {self.name}")
        self.conninfo = f"{self.base} dbname={self.name}"

    def _sql(self, sql):
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.base, "-c", sql],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"psql {sql}: {r.stderr}")

    def drop(self):
        if self.name:
            self._sql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            self.name = ""


class Office:
    """
    A lokmind with its own database and the test regions (lkt_server_init's), one enrolled puskesmas device
    (P3324010101, Puskesmas Kaliwungu) with staff and a year of meetings, and `lokmin ui` serving it on a
    free loopback port in Bahasa Indonesia. Use as a context manager; close() ends everything.
    """

    PKM = "P3324010101"
    SIGN_PASS = "frasa tanda tangan ratna"
    REGIONS = [
        ["org", "add-kabupaten", "3324", "Kendal"],
        ["org", "add-kecamatan", "332401", "Kaliwungu"],
        ["org", "add-kecamatan", "332402", "Brangsong"],
        ["org", "add-puskesmas", "P3324010101", "Puskesmas Kaliwungu"],
        ["org", "add-puskesmas", "P3324010102", "Puskesmas Kaliwungu Selatan"],
        ["org", "add-desa", "3324010001", "Kutoharjo", "--puskesmas", "P3324010101"],
        ["org", "add-desa", "3324010002", "Sarirejo", "--puskesmas", "P3324010101"],
        ["org", "add-puskesmas", "P3324020101", "Puskesmas Brangsong"],
    ]

    def __init__(self):
        self.lokmin = _need("LOKMIN_BIN")
        self.lokmind = _need("LOKMIND_BIN")
        self.shots = os.environ.get("LK_UI_SHOTS") or os.path.join(os.getcwd(), "ui-shots")
        os.makedirs(self.shots, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix="lkui.")
        os.chmod(self.dir, 0o700)
        self.db = None
        self.server_pid = None
        self.ui_pid = None
        self.browsers = []
        self.uis = []
        self.now = ""
        self.port = 0
        self.home = os.path.join(self.dir, "pkm")
        _procs.closers.append(self.close)
        self.db = Database()
        self.ui_log = os.path.join(self.dir, "ui.log")
        self.server_log = os.path.join(self.dir, "lokmind.log")
        sport = free_port()
        self.endpoint = f"tcp://127.0.0.1:{sport}"
        self.server_env = dict(os.environ, LOKMIN_DB=self.db.conninfo, LOKMIN_KEY_DIR=os.path.join(self.dir, "keys"),
                               LOKMIN_BIND=self.endpoint, LOKMIN_PUBLIC_ENDPOINT=self.endpoint, LOKMIN_WORKERS="2",
                               LOKMIN_LOG_LEVEL="info", LOKMIN_ENROLL_RATE="10000",
                               LOKMIN_ENROLL_RATE_GLOBAL="10000")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # ------------------------------------------------------------ programs

    def _run(self, argv, env=None, stdin=None, timeout=60):
        """Run argv (in English, for the checks that read its output), requiring exit 0; its stdout."""
        env = dict(env or os.environ, LANGUAGE="en")
        r = subprocess.run(argv, env=env, input=stdin, capture_output=True, text=True, timeout=timeout,
                           stdin=None if stdin is not None else subprocess.DEVNULL)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
        return r.stdout

    def admin(self, *args):
        """Run a lokmind admin command against this office's database."""
        return self._run([self.lokmind, *args], env=self.server_env)

    def cli(self, *args, home=None, passphrase=None):
        """Run lokmin on the puskesmas device (or home), requiring exit 0; its stdout. With passphrase, the
        signing key's passphrase is given in LOKMIN_PASSPHRASE."""
        env = dict(os.environ, LOKMIN_PASSPHRASE=passphrase) if passphrase is not None else None
        return self._run([self.lokmin, "--home", home or self.home, *args], env=env)

    # ------------------------------------------------------------ setting up

    def start_server(self):
        """keygen, migrate, the catalogue and the test regions, then `lokmind serve` until it listens."""
        for step in (["keygen"], ["migrate"], ["catalogue", "load"], *self.REGIONS):
            self.admin(*step)
        log = open(self.server_log, "ab")
        p = subprocess.Popen([self.lokmind, "serve"], env=self.server_env, stdin=subprocess.DEVNULL, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True,
                             preexec_fn=_die_with_parent)
        log.close()
        _procs.add(p.pid, p)
        self.server_pid = p.pid
        for _ in range(1000):
            if p.poll() is not None:
                raise RuntimeError(f"lokmind exited at start:\n{_tail(self.server_log)}")
            if " listening on " in _tail(self.server_log, 100000):
                return
            time.sleep(0.01)
        raise RuntimeError(f"lokmind did not start within 10 s:\n{_tail(self.server_log)}")

    def enroll(self, home, role, scope):
        line = self.admin("token", "issue", "--role", role, "--scope", scope, "--ttl", "72h").splitlines()[0]
        self.cli("enroll", line, home=home)

    def add_user(self, login, person, password, lang, home=None):
        """An account of `lokmin ui` on the puskesmas device (or home)."""
        out = self._run([self.lokmin, "--home", home or self.home, "ui", "--add-user", login, "--person", person,
                         "--lang", lang], stdin=password + "\n" + password + "\n")
        if login not in out:
            raise RuntimeError(f"add-user {login}: {out}")

    def setup_month(self):
        """
        The office of test_web: a Kapus and a programme holder on the staff list, the meetings of 2036,
        and "now" two days before the March meeting, when the KIA material is missing.
        """
        self.enroll(self.home, "puskesmas", self.PKM)
        self.cli("staff", "add", "dr. Ratna Dewi", "--role", "kapus")
        self.cli("staff", "add", "Sri Wahyuni", "--role", "pj_program", "--programmes", "KIA")
        self.cli("meeting", "plan", "--year", "2036")
        js = self.cli("--json", "meeting", "list", "--year", "2036")
        m = re.search(r'"kind":"monthly","period":3,.*?"planned_date":"(\d{4}-\d\d-\d\d)"', js)
        if not m:
            raise RuntimeError(f"no March meeting in {js}")
        day = datetime.date.fromisoformat(m.group(1)) - datetime.timedelta(days=2)
        self.now = f"{day.isoformat()}T03:00:00Z"

    def district(self):
        """The district's device (a dinkes device of kabupaten 3324), enrolled on first use; its home."""
        home = os.path.join(self.dir, "district")
        if not os.path.exists(os.path.join(home, "profile")):
            self.enroll(home, "dinkes", "3324")
        return home

    def sign_confirmed(self, person_id, passphrase):
        """A signing key for person_id made on the puskesmas device under passphrase and confirmed by the district
        from its own device (tests/support/lkt_cli.h's lkt_sign_confirmed); the key's id."""
        key = self.cli("sign", "keygen", person_id, passphrase=passphrase).split()[0]
        out = self.cli("sync")
        if " 0 rejected" not in out:
            raise RuntimeError(f"the signing key did not reach the server: {out}")
        district = self.district()
        self.cli("sync", home=district)
        self.cli("sign", "confirm", key, home=district)
        out = self.cli("sync", home=district)
        if " 0 rejected" not in out:
            raise RuntimeError(f"the district's confirmation was refused: {out}")
        self.cli("sync")
        return key

    @staticmethod
    def today():
        """Today at the test offices (Kendal, WIB): the day the ui and the cli call today, which is not the
        machine's UTC date between 17:00 and 24:00 UTC."""
        return datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Jakarta")).date()

    def setup_this_year(self):
        """
        An office for a month in the real present, with no clock of its own (lokmind refuses signatures dated
        in its future): a Kapus whose signing key the district confirmed, a K.TU and the KIA programme holder;
        nothing planned yet. The Kapus's signing passphrase is SIGN_PASS.
        """
        self.enroll(self.home, "puskesmas", self.PKM)
        kapus = self.cli("staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus").split()[0]
        self.cli("staff", "add", "Budi Santoso", "--title", "Kepala Tata Usaha", "--role", "ktu")
        self.cli("staff", "add", "Sri Wahyuni", "--role", "pj_program", "--programmes", "KIA")
        self.sign_confirmed(kapus, self.SIGN_PASS)
        self.now = ""

    KEC = "332401"

    def device(self, name, role, scope):
        """Another device of this test (a puskesmas, a camat's office ...) enrolled with role and scope on first
        use; its home, for cli(..., home=)."""
        home = os.path.join(self.dir, name)
        if not os.path.exists(os.path.join(home, "profile")):
            self.enroll(home, role, scope)
        return home

    def setup_kecamatan(self, camat="Drs. Bambang Wijaya", title="Camat Kaliwungu"):
        """
        The ui serves a camat's office instead (kecamatan KEC, Kaliwungu) in the real present: a Camat on its staff
        list whose signing key the district confirmed (passphrase SIGN_PASS), nothing planned yet. The Camat's
        person id.
        """
        self.home = os.path.join(self.dir, "kecamatan")
        self.enroll(self.home, "kecamatan", self.KEC)
        person = self.cli("staff", "add", camat, "--title", title, "--role", "camat").split()[0]
        self.sign_confirmed(person, self.SIGN_PASS)
        self.now = ""
        return person

    def _ui_process(self, home, log_path, lang):
        """`lokmin ui` for home on a free loopback port in lang, syncing every second, once /login answers;
        (pid, port)."""
        port = free_port()
        env = dict(os.environ, LANGUAGE=lang)
        if self.now:
            env["LOKMIN_NOW"] = self.now
        log = open(log_path, "ab")
        p = subprocess.Popen([self.lokmin, "--home", home, "--timeout", "1s", "ui", "--listen",
                              f"127.0.0.1:{port}", "--sync-every", "1s"], env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
                             preexec_fn=_die_with_parent)
        log.close()
        _procs.add(p.pid, p)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for _ in range(400):
            if p.poll() is not None:
                raise RuntimeError(f"lokmin ui exited at start:\n{_tail(log_path)}")
            try:
                opener.open(f"http://127.0.0.1:{port}/login", timeout=2).close()
                return p.pid, port
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"lokmin ui did not start:\n{_tail(log_path)}")

    def start_ui(self, lang="id"):
        """`lokmin ui` on a free loopback port in lang, syncing every second; waits until /login answers."""
        self.ui_pid, self.port = self._ui_process(self.home, self.ui_log, lang)

    def start_other_ui(self, home, name, lang="id"):
        """A `lokmin ui` of its own for another device of the test (the district's, say: home is
        Office.district()), ended with the office; the Ui to open browsers on."""
        ui = Ui(self, home, name, lang)
        self.uis.append(ui)
        return ui

    def wait_synced(self, timeout_s=30, home=None, log_path=None):
        """Until the ui's store (or home's) has synced once (the region names come with the first sync)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            last = [ln for ln in self.cli("status", home=home).splitlines() if ln.startswith("last sync")]
            if last and "never" not in last[0]:
                return
            time.sleep(0.2)
        raise RuntimeError(f"the ui never synced:\n{_tail(log_path or self.ui_log)}")

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def browser(self, size=OFFICE_PC, name="b", test=None, js=True):
        """A new browser at size; with test (a unittest.TestCase) it is closed when that test ends, and with js
        False it runs no script at all."""
        b = Browser(self, size, name, js)
        self.browsers.append(b)
        if test is not None:
            test.addCleanup(b.close)
        return b

    # ------------------------------------------------------------ ending

    def close(self):
        for b in self.browsers:
            b.close()
        self.browsers = []
        for ui in self.uis:
            ui.close()
        self.uis = []
        if self.ui_pid:
            st = _procs.end(self.ui_pid, signal.SIGTERM, 10.0)
            self.ui_pid = None
            if st != 0:
                print(f"lkui: lokmin ui ended with {st}:\n{_tail(self.ui_log)}", file=sys.stderr)
        if self.server_pid:
            _procs.end(self.server_pid, signal.SIGTERM, 10.0)
            self.server_pid = None
        if self.db:
            try:
                self.db.drop()
            except Exception as e:  # the folder still goes
                print(f"lkui: {e}", file=sys.stderr)
            self.db = None
        if self.dir and not os.environ.get("LKT_KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = ""


class Ui:
    """Another device's `lokmin ui` in the same test (Office.start_other_ui): its own port and log, the office's
    folder and screenshots. Browsers opened on it (Ui.browser) talk to it; Browser only needs url, dir and shots."""

    def __init__(self, office, home, name, lang="id"):
        self.office = office
        self.home = home
        self.name = name
        self.dir = office.dir
        self.shots = office.shots
        self.log = os.path.join(office.dir, f"ui-{name}.log")
        self.pid, self.port = office._ui_process(home, self.log, lang)

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def cli(self, *args):
        return self.office.cli(*args, home=self.home)

    def wait_synced(self, timeout_s=30):
        self.office.wait_synced(timeout_s, home=self.home, log_path=self.log)

    def browser(self, size=OFFICE_PC, name="b", test=None, js=True):
        """A new browser on this ui, closed with the office (and with test when given)."""
        b = Browser(self, size, name, js)
        self.office.browsers.append(b)
        if test is not None:
            test.addCleanup(b.close)
        return b

    def close(self):
        if self.pid:
            st = _procs.end(self.pid, signal.SIGTERM, 10.0)
            self.pid = None
            if st != 0:
                print(f"lkui: lokmin ui ({self.name}) ended with {st}:\n{_tail(self.log)}", file=sys.stderr)


# What a page may hold: the checks every test runs on every page it opens (see Browser.check_page).
_JS_OUTSIDE = r"""
const bad = [];
const attrs = ['src', 'href', 'action', 'formaction', 'srcset', 'poster', 'data', 'background', 'manifest'];
for (const el of document.querySelectorAll('*')) {
  for (const a of attrs) {
    const v = el.getAttribute(a);
    if (v !== null && /^\s*(https?:|\/\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(v))
      bad.push(el.tagName.toLowerCase() + ' ' + a + '=' + v);
  }
}
for (const e of performance.getEntriesByType('resource'))
  if (!e.name.startsWith(location.origin + '/')) bad.push('loaded ' + e.name);
return bad;
"""

_JS_UNLABELLED = r"""
const bad = [];
for (const el of document.querySelectorAll('input, select, textarea')) {
  if (el.type === 'hidden') continue;
  if (!el.labels || el.labels.length === 0)
    bad.push(el.outerHTML.slice(0, 160));
}
return bad;
"""

_JS_OVERFLOW = r"""
const de = document.documentElement, wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.right > window.innerWidth + 0.5 && r.width > 0) wide.push(el.tagName.toLowerCase() + '.' + el.className +
      ' right=' + Math.round(r.right));
}
return [de.scrollWidth, window.innerWidth, wide.slice(0, 8)];
"""

_JS_SMALL_TEXT = r"""
const bad = [];
for (const el of document.body.querySelectorAll('*')) {
  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim() !== '');
  if (!own && !['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName)) continue;
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  if (r.width === 0 || cs.visibility === 'hidden') continue;
  const size = parseFloat(cs.fontSize);
  if (size < arguments[0]) bad.push(el.tagName.toLowerCase() + ' ' + size + 'px: ' + el.textContent.trim().slice(0, 40));
  // Wholly outside the window is hidden on purpose (a table's heading kept for screen readers); partly is cut off,
  // unless it lies in a box that scrolls sideways (a wide chart or table), where scrolling that box shows it.
  const partly = (r.left < -0.5 && r.right > 0) || (r.right > window.innerWidth + 0.5 && r.left < window.innerWidth);
  let scrolls = false;
  for (let p = el.parentElement; partly && p && p !== document.body && !scrolls; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    scrolls = (o === 'auto' || o === 'scroll') && p.scrollWidth > p.clientWidth + 1;
  }
  if (partly && !scrolls)
    bad.push(el.tagName.toLowerCase() + ' cut off: ' + el.textContent.trim().slice(0, 40));
}
return bad;
"""


def start_office(setup, users, lang="id"):
    """
    A test module's office, ready for its browsers: lokmind started, setup run on the Office (Office.setup_month,
    Office.setup_this_year or a function of the test's own), each account of users (login, person, password,
    lang) added, `lokmin ui` started in lang and synced once. Everything is ended again when a step fails.
    """
    office = Office()
    try:
        office.start_server()
        setup(office)
        for login, person, password, user_lang in users:
            office.add_user(login, person, password, user_lang)
        office.start_ui(lang)
        office.wait_synced()
    except BaseException:
        office.close()
        raise
    return office


class Browser:
    """One headless Chromium (its own profile, so its own cookies) at a window size; size is (width, height).
    With js False the browser runs no page's script (Chromium's content setting, as an office may set it)."""

    def __init__(self, office, size, name, js=True):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.office = office
        self.name = name
        self.width, self.height = size
        self.js = js
        self.profile = os.path.join(office.dir, f"chromium-{name}")
        # Chromium ends with chromedriver, its parent, however chromedriver ends (setpriv, util-linux).
        wrapper = os.path.join(office.dir, "chromium")
        if not os.path.exists(wrapper):
            with open(wrapper, "w") as f:
                f.write(f'#!/bin/sh\nexec /usr/bin/setpriv --pdeathsig KILL {CHROMIUM} "$@"\n')
            os.chmod(wrapper, 0o700)
        opts = webdriver.ChromeOptions()
        opts.binary_location = wrapper
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-proxy-server",
                  "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
                  "--lang=id-ID", f"--user-data-dir={self.profile}", f"--window-size={self.width},{self.height}"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        if not js:
            opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        service = Service(CHROMEDRIVER, log_path=os.path.join(office.dir, f"chromedriver-{name}.log"),
                          popen_kw={"start_new_session": True, "preexec_fn": _die_with_parent})
        self.driver = webdriver.Chrome(service=service, options=opts)
        self.driver_pid = service.process.pid
        _procs.add(self.driver_pid)
        self.driver.set_page_load_timeout(30)
        # The layout viewport exactly as wide as asked; a phone lays pages out as phones do.
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": self.width < 600})
        self.console = []

    def close(self):
        if self.driver is None:
            return
        try:
            self.driver.quit()
        except Exception:
            pass
        self.driver = None
        _procs.end(self.driver_pid, signal.SIGTERM, 5.0)

    # ------------------------------------------------------------ pages

    def open(self, path="/"):
        self.driver.get(self.office.url(path))
        return self

    def path(self):
        u = self.driver.current_url
        return u[len(self.office.url("")):] if u.startswith(self.office.url("")) else u

    def text(self):
        return self.driver.find_element("tag name", "body").text

    def html(self):
        return self.driver.page_source

    def has(self, css):
        return len(self.driver.find_elements("css selector", css)) > 0

    def one(self, css):
        return self.driver.find_element("css selector", css)

    def login(self, user, password):
        """Open /login, fill the form and send it; the page it leads to is open afterwards."""
        self.open("/login")
        self.one("#login").clear()
        self.one("#login").send_keys(user)
        self.one("#password").send_keys(password)
        old = self.one("form.login")
        self.one("form.login button[type=submit]").click()
        self._wait_stale(old)
        return self

    def submit(self, button):
        """Click a form's submit button (an element or a CSS selector) and wait for the page it leads to."""
        if isinstance(button, str):
            button = self.one(button)
        button.click()
        self._wait_stale(button)
        return self

    def form_of(self, field, value):
        """The form holding a hidden field of that name and value (a page's forms are told apart so)."""
        return self.driver.find_element(
            "xpath", f"//form[.//input[@type='hidden' and @name='{field}' and @value='{value}']]")

    def logout(self):
        old = self.one("header form button[type=submit]")
        old.click()
        self._wait_stale(old)
        return self

    def back(self):
        """The browser's Back button (selenium waits until the page is loaded)."""
        self.driver.back()
        return self

    def wait_path(self, path, timeout_s=10):
        """Until the page at path is open and loaded (a script may load another page after Back); True if so."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if self.path() == path and self.driver.execute_script("return document.readyState") == "complete":
                    return True
            except Exception:  # between two pages
                pass
            time.sleep(0.05)
        return False

    def _wait_stale(self, el, timeout_s=20):
        """Until the page el was on has been replaced by the next one, loaded."""
        from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                el.tag_name
            except StaleElementReferenceException:
                break
            except WebDriverException as e:
                # Caught between two pages, chromedriver may say it in these words instead.
                if "does not belong to the document" not in str(e):
                    raise
                break
            time.sleep(0.05)
        else:
            raise Failure(f"the page did not change within {timeout_s} s")
        for _ in range(200):
            if self.driver.execute_script("return document.readyState") == "complete":
                return
            time.sleep(0.05)

    # ------------------------------------------------------------ checks

    def screenshot(self, name):
        """The whole page as <shots>/<name>-<width>.png; the path."""
        import base64
        m = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = m.get("cssContentSize") or m["contentSize"]
        h = max(self.height, int(size["height"] + 0.5))
        w = max(self.width, int(size["width"] + 0.5))
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}})
        path = os.path.join(self.office.shots, f"{name}-{self.width}.png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        return path

    def app_script_ran(self):
        """True when lokmin ui's own script (static/app.js) ran on the page open now: it is the only thing on the
        page listening for pageshow on window. Asked through DevTools, which answers with scripts off too."""
        win = self.driver.execute_cdp_cmd("Runtime.evaluate", {"expression": "window"})
        got = self.driver.execute_cdp_cmd("DOMDebugger.getEventListeners", {"objectId": win["result"]["objectId"]})
        return any(li.get("type") == "pageshow" for li in got.get("listeners", []))

    def console_errors(self, allow=()):
        """The browser console's errors since the last call (CSP refusals are among them), but those matching
        one of the regular expressions allow."""
        logs = self.driver.get_log("browser")
        self.console.extend(logs)
        return [e["message"] for e in logs
                if e.get("level") == "SEVERE" and not any(re.search(a, e["message"]) for a in allow)]

    def no_horizontal_scroll(self):
        sw, iw, wide = self.driver.execute_script(_JS_OVERFLOW)
        if sw > iw:
            raise Failure(f"{self.path()} at {self.width} px scrolls sideways: {sw} > {iw}; too wide: {wide}")

    def every_input_labelled(self):
        bad = self.driver.execute_script(_JS_UNLABELLED)
        if bad:
            raise Failure(f"{self.path()}: inputs without a <label>: {bad}")

    def nothing_from_outside(self):
        bad = self.driver.execute_script(_JS_OUTSIDE)
        if bad:
            raise Failure(f"{self.path()} refers to resources outside the device: {bad}")

    def readable(self, min_px=13):
        """No text smaller than min_px CSS pixels, none cut off at the window's edges."""
        bad = self.driver.execute_script(_JS_SMALL_TEXT, min_px)
        if bad:
            raise Failure(f"{self.path()} at {self.width} px is hard to read: {bad}")

    def on_one_line(self, css):
        """Every element matching css stands on one line (a date or a count is never broken in two)."""
        bad = self.driver.execute_script(r"""
            const bad = [];
            for (const el of document.querySelectorAll(arguments[0])) {
              const cs = getComputedStyle(el), lh = parseFloat(cs.lineHeight) || 1.5 * parseFloat(cs.fontSize);
              const rects = el.getClientRects();
              let top = Infinity, bottom = -Infinity;
              for (const r of rects) { top = Math.min(top, r.top); bottom = Math.max(bottom, r.bottom); }
              if (rects.length && bottom - top > 1.5 * lh) bad.push(el.textContent.trim());
            }
            return bad;""", css)
        if bad:
            raise Failure(f"{self.path()} at {self.width} px breaks across lines: {bad}")

    def check_page(self, name=None, allow_console=()):
        """Every check on the page open now, and a screenshot when name is given; the screenshot's path."""
        path = self.screenshot(name) if name else None
        errs = self.console_errors(allow_console)
        if errs:
            raise Failure(f"{self.path()}: the browser console reports errors: {errs}")
        self.every_input_labelled()
        self.nothing_from_outside()
        self.no_horizontal_scroll()
        return path
