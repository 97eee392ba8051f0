"""Browser harness: Debian's Chromium driven by Playwright against a live server.

Fixtures for flows (extend here, write flows in tests/e2e/test_*.py):

- ``site_url``: base URL of the live server, with the demo portal loaded.
- ``browser_page``: a fresh desktop-sized page (own cookies) on that server.
- ``make_page(width=360, height=740)``: more pages, e.g. a phone and a second visitor.
- ``screenshot(name, page=None)``: saves test-results/e2e/<test>--<name>.png.
- ``axe_check(page)``: runs axe-core; fails on serious or critical violations and
  saves the full report next to the screenshots.
- ``admin_user``: a superuser (username/password attributes) who can log in.

Every test here is marked ``e2e`` and skipped when /usr/bin/chromium is absent
(`.ci/run` installs it).

One live server and one demo portal serve the whole browser session: loading the demo
takes seconds, so flushing and reloading it around every flow (what ``live_server``
and ``transactional_db`` do) would make the suite several times slower. Instead the
browser tests run last in the session (see `pytest_collection_modifyitems`; under
pytest-xdist, last on their worker: tests/conftest.py's scheduler), with
database access opened once for all of them and every write committed at once, so the
server thread sees it on SQLite and PostgreSQL alike. A flow may therefore find what an
earlier flow wrote (a vote, a news item): flows assert on what they add themselves
(counts before and after, their own unique titles), never on global totals.
"""

import json
import os
import re
import uuid
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import _load_demo as load_demo

CHROMIUM = Path(os.environ.get("PORTAL_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results" / "e2e"
BLOCKING_IMPACTS = {"serious", "critical"}
HERE = Path(__file__).parent


def _is_e2e(item) -> bool:
    return HERE in Path(item.fspath).parents


def pytest_itemcollected(item):
    """Mark the browser tests as soon as they are collected, before `-m e2e`
    (make e2e) selects by marker."""
    if _is_e2e(item):
        item.add_marker(pytest.mark.e2e)
        # Tells pytest-django to create the test database even when only browser
        # tests are collected; `_django_db_marker` below keeps it from wrapping
        # them in a test transaction.
        item.add_marker(pytest.mark.django_db)
        if not CHROMIUM.exists():
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
                )
            )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Move the browser tests after every other test (pytest-django has sorted
    the rest by then): what they commit is never seen by a test that expects the
    bare demo, and the session's other transactional tests cannot flush the
    database under the live server."""
    browser_items = [item for item in items if _is_e2e(item)]
    if browser_items:
        others = [item for item in items if not _is_e2e(item)]
        items[:] = others + browser_items


@pytest.fixture(autouse=True)
def _django_db_marker():
    """Overrides pytest-django's fixture of that name for the browser tests: their
    `django_db` marker only declares that they need the test database; access is
    opened by `e2e_server`, without a transaction the live server could not see
    through."""


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    """One browser for the session (the browser tests run last, together).

    Playwright's sync API keeps an event loop running in the test thread, where
    Django's ORM refuses to run unless told that this use is safe (it is: one thread
    at a time). Starting it also leaves the test thread in a new context, where
    Django opens new database connections: the ones opened before are closed first,
    so that none outlives the session (PostgreSQL cannot drop a database in use)."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    connections.close_all()
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def e2e_server(chromium, django_db_blocker):
    """The live server of the browser session, on the committed demo portal.

    Database access stays open from here to the end of the session: the browser
    tests run last, and each write they make is committed (autocommit, no test
    transaction) so that the server thread sees it."""
    from django.core.cache import cache
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        # A transactional test earlier in the session may have flushed the demo,
        # or used up the forms' rate limits and filled the page cache.
        load_demo()
        cache.clear()
        server = LiveServer(
            os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost")
        )
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            connections.close_all()


@pytest.fixture
def site_url(e2e_server, settings):
    # Absolute URLs the pages print (sitemaps, feeds) point at the live server.
    settings.WAGTAILADMIN_BASE_URL = e2e_server.url
    return e2e_server.url


@pytest.fixture
def make_page(chromium, site_url):
    contexts = []

    def make(width: int = 1280, height: int = 800):
        context = chromium.new_context(
            base_url=site_url,
            viewport={"width": width, "height": height},
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch_errors(page)
        return page

    yield make
    for context in contexts:
        context.close()


def watch_errors(page) -> None:
    """Collect what a careful tester would notice in the browser console: script
    errors, CSP refusals and failed requests (the browser's own favicon probe aside)."""
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Failed to load resource" not in message.text
            and page.console_errors.append(message.text)
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and page.console_errors.append(f"{response.status} {response.url}")
        ),
    )


@pytest.fixture
def browser_page(make_page):
    return make_page()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


@pytest.fixture
def screenshot(request, browser_page):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)

    def take(name: str, page=None) -> Path:
        from playwright.sync_api import Error as PlaywrightError

        path = RESULTS_DIR / f"{_slug(request.node.name)}--{_slug(name)}.png"
        try:
            (page or browser_page).screenshot(path=str(path), full_page=True)
        except PlaywrightError as error:
            # A picture for people to look at, not what the test checks: Chromium
            # sometimes cannot capture one on a loaded machine.
            warnings.warn(f"No screenshot {path.name}: {error}", stacklevel=2)
        return path

    return take


@pytest.fixture
def axe_check(request):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)

    def check(page, name: str | None = None) -> list[dict]:
        results = axe.run(page)
        assert results.response["testEngine"]["name"] == "axe-core"
        violations = results.response["violations"]
        label = _slug(name or urlsplit(page.url).path.strip("/") or "trang-chu")
        report = RESULTS_DIR / f"{_slug(request.node.name)}--axe-{label}.json"
        report.write_text(json.dumps(violations, ensure_ascii=False, indent=2))
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, "axe found serious problems on {}:\n{}".format(
            page.url,
            "\n".join(
                f"- [{v['impact']}] {v['id']}: {v['help']} "
                f"({', '.join(str(n['target'][0]) for n in v['nodes'][:3])})"
                for v in blocking
            ),
        )
        return violations

    return check


@pytest.fixture
def unique():
    """A short token that keeps what one flow writes apart from every other's."""
    return uuid.uuid4().hex[:6]


@pytest.fixture
def admin_user(site_url, unique):
    # Not pytest-django's django_user_model: it would open the `db` fixture's test
    # transaction, whose writes the server thread cannot see.
    from django.contrib.auth import get_user_model

    password = "mat-khau-e2e-123"
    user = get_user_model().objects.create_superuser(
        username=f"quantri-e2e-{unique}",
        email=f"quantri-e2e-{unique}@example.vn",
        password=password,
    )
    user.password_plain = password
    return user


def admin_login(page, user, base_url: str = "") -> None:
    """Log in through Wagtail's admin login form, as an editor would; on another
    site than the province's when given its `base_url` (http://host:port)."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label(re.compile("Tên đăng nhập|Username", re.I)).fill(user.username)
    page.get_by_label(re.compile("Mật khẩu|Password", re.I)).fill(user.password_plain)
    page.get_by_role("button", name=re.compile("Đăng nhập|Sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))


#: Wagtail's editor saves the form by itself half a second after a change.
AUTOSAVE_STATE = "data-w-autosave-state-value"


def autosaved(page) -> None:
    """Wait, as an editor watching the autosave mark would, until no autosave of
    the form is under way or due (none may have been needed). A publish clicked
    while one is under way on a slow server posts the form a second time: for a
    new page, a second page with the same address, which the admin refuses
    ("Không thể tạo trang do dữ liệu chưa hợp lệ")."""
    from playwright.sync_api import expect

    indicator = page.locator("#w-autosave-indicator")
    expect(indicator).not_to_have_attribute(AUTOSAVE_STATE, "saving", timeout=30_000)
    page.wait_for_timeout(700)  # longer than the autosave's half-second delay
    expect(indicator).not_to_have_attribute(AUTOSAVE_STATE, "saving", timeout=30_000)


def assert_fits(page, width: int) -> None:
    """Nothing sticks out sideways: the page scrolls only vertically."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"
