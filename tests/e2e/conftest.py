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
(`.ci/run` installs it). The live server runs in a thread of the test process, so the
tests use ``transactional_db``: what a test writes is committed and visible to the
server; the database is flushed afterwards and ``site_url`` rebuilds the demo.
"""

import json
import os
import re
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


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
    )
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="module")
def chromium():
    """One browser per test module. Playwright's sync API keeps an event loop running
    in the test thread, where Django's ORM refuses to run unless told that this use is
    safe (it is: one thread at a time); both end with the module, so that no other
    test (nor a subprocess it starts) inherits them."""
    from playwright.sync_api import sync_playwright

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


@pytest.fixture
def site_url(live_server, transactional_db, settings):
    # The previous browser test's data was flushed; rebuild the demo (idempotent, so
    # the first test just finds the demo the session loaded).
    load_demo()
    # Absolute URLs the pages print (sitemaps, feeds) point at the live server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    return live_server.url


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
        path = RESULTS_DIR / f"{_slug(request.node.name)}--{_slug(name)}.png"
        (page or browser_page).screenshot(path=str(path), full_page=True)
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
                f"({', '.join(n['target'][0] for n in v['nodes'][:3])})"
                for v in blocking
            ),
        )
        return violations

    return check


@pytest.fixture
def admin_user(django_user_model, site_url):
    password = "mat-khau-e2e-123"
    user = django_user_model.objects.create_superuser(
        username="quantri-e2e", email="quantri-e2e@example.vn", password=password
    )
    user.password_plain = password
    return user


def admin_login(page, user) -> None:
    """Log in through Wagtail's admin login form, as an editor would."""
    page.goto("/admin/login/")
    page.get_by_label(re.compile("Tên đăng nhập|Username", re.I)).fill(user.username)
    page.get_by_label(re.compile("Mật khẩu|Password", re.I)).fill(user.password_plain)
    page.get_by_role("button", name=re.compile("Đăng nhập|Sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))
