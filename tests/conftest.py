"""Shared fixtures.

The demo portal is loaded once per test database (session scope); each test runs in a
transaction that is rolled back, so tests see the demo and never each other's changes.
A transactional test empties the database when it ends; the session's database then
comes back from a copy taken after the demo loaded (see pytest_runtest_teardown).
Most modules build a small portal of their own once (`shared_portal`) and share it.
"""

import copy
import io
import os
import sqlite3
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Site


def ensure_wagtail_roots() -> None:
    """What Wagtail's data migrations create and a flush (after a transactional test)
    removes: the default locale, the root page and the root collection."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    locale, _created = Locale.objects.get_or_create(
        language_code=settings.LANGUAGE_CODE
    )
    if not Page.get_first_root_node():
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                locale=locale,
                content_type=ContentType.objects.get_for_model(Page),
            )
        )
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


def _load_demo():
    ensure_wagtail_roots()
    # One site: a test that is about several sites makes its own (a second site
    # turns Wagtail's page.url absolute for every page).
    call_command("load_demo", "--no-member-sites", stdout=io.StringIO())


#: On SQLite, a copy (in memory) of the session's database once the demo is in it.
_session_copy: list[sqlite3.Connection] = []


def _session_copy_name(connection) -> str:
    return f"{connection.settings_dict['NAME']}_session"


def _copy_session_database() -> None:
    """Keep a copy of the session's database once the demo is in it: in memory on
    SQLite, as a database made from it as a template on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _session_copy.append(copy)
    elif connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                f'DROP DATABASE IF EXISTS "{_session_copy_name(connection)}"'
            )
            cursor.execute(
                f'CREATE DATABASE "{_session_copy_name(connection)}" TEMPLATE "{name}"'
            )


def _restore_session_database() -> None:
    """Put the session's database back as it was after the demo, from its copy
    (a fraction of a second on SQLite, about a second on PostgreSQL); elsewhere by
    loading the demo again. A flush leaves rows behind that migrations made
    (Wagtail's groups and default workflow), so loading the demo is not enough
    where the copy exists."""
    from django.db import connection, connections

    if connection.vendor == "sqlite" and _session_copy:
        connection.ensure_connection()
        _session_copy[0].backup(connection.connection)
    elif connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        connections.close_all()
        with connection._nodb_cursor() as cursor:
            # A live server's thread may still hold a connection of its own.
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            cursor.execute(f'DROP DATABASE "{name}"')
            cursor.execute(
                f'CREATE DATABASE "{name}" TEMPLATE "{_session_copy_name(connection)}"'
            )
    else:
        _load_demo()


def _drop_session_copy() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                f'DROP DATABASE IF EXISTS "{_session_copy_name(connection)}"'
            )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_demo()
        _copy_session_database()
    yield
    _forget_counted_visits()
    with django_db_blocker.unblock():
        _drop_session_copy()


def _forget_counted_visits() -> None:
    """Visit tallies add what they counted to the database when the process exits;
    the test database is gone by then, and the tests' visits are no one's."""
    import gc

    from portal.engagement.visits import VisitTally

    # type(), not isinstance(): that would evaluate lazy objects (SimpleLazyObject).
    for tally in [o for o in gc.get_objects() if type(o) is VisitTally]:
        tally.reset()


def _flushes(item) -> bool:
    """Whether pytest-django empties the database after this test (a transactional
    test: `transactional_db`, `live_server` or `django_db(transaction=True)`)."""
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        or (marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test emptied the database, put back what the session
    set up (Wagtail's roots, the demo) before a test that rolls back runs.

    One process runs the transactional tests last (pytest-django sorts them so), but
    under pytest-xdist (`make test`) a worker takes whole files in turn, and the
    next file's tests expect the session's database."""
    result = yield
    if _flushes(item) and nextitem is not None and not _flushes(nextitem):
        blocker = item.config.stash[blocking_manager_key]
        with blocker.unblock():
            _forget_flushed_rows()
            _restore_session_database()
    return result


def _forget_flushed_rows() -> None:
    """What processes remember of rows the flush deleted. On PostgreSQL the content
    types come back with new ids (sequences are not reset), and Django's cache of
    them would send Wagtail's form submissions view to the old ones."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    ContentType.objects.clear_cache()
    for alias in caches:
        caches[alias].clear()


def pytest_xdist_make_scheduler(config, log):
    """Under `--dist loadfile` (make test), whole files go to the workers, largest
    first, and the browser flows last: they commit to the worker's database and
    keep a live server to the end of its session, so no other test may follow them
    on that worker."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class BrowserFlowsLast(LoadFileScheduling):
        def _assign_work_unit(self, node):
            for scope in [s for s in self.workqueue if s.startswith("tests/e2e/")]:
                self.workqueue.move_to_end(scope)
            super()._assign_work_unit(node)

    return BrowserFlowsLast(config, log)


@pytest.fixture(autouse=True)
def _visits_added_only_when_a_test_asks(monkeypatch):
    """A process adds the visits it counted to the database every FLUSH_SECONDS or
    FLUSH_VISITS, and re-reads the total every STATS_SECONDS: across a worker's
    tests, or on a busy machine between a test's two requests, that moment would
    fall inside some test and add a query to a page whose count it asserts. Tests
    of the tally set these themselves (tests/portal/engagement/test_online.py)."""
    from portal.engagement import visits

    monkeypatch.setattr(visits, "FLUSH_SECONDS", 24 * 3600)
    monkeypatch.setattr(visits, "FLUSH_VISITS", 10**9)
    monkeypatch.setattr(visits, "STATS_SECONDS", 24 * 3600)


@pytest.fixture
def demo(db):
    """The demo portal: its default site and home page."""
    from portal.core.models import HomePage

    if not HomePage.objects.exists():
        _load_demo()
    site = Site.objects.get(is_default_site=True)
    return SimpleNamespace(site=site, home=site.root_page.specific)


# --- Data a module's tests share, built once ------------------------------------------


def _uses_shared_data(item) -> bool:
    return "shared_db" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each module, the tests that use shared data (see `shared_db`) run
    after those that do not: the shared data stays in the database until the module
    ends, and a test that did not ask for it must not find it there."""
    ordered, run = [], []
    for item in items:
        if run and getattr(item, "module", None) is not getattr(run[0], "module", None):
            ordered += sorted(run, key=_uses_shared_data)
            run = []
        run.append(item)
    items[:] = ordered + sorted(run, key=_uses_shared_data)


@pytest.fixture(scope="module")
def shared_db(django_db_setup, django_db_blocker):
    """A transaction open for the rest of the module, rolled back after it, for data
    its tests share, as Django's `TestCase.setUpTestData` does: each test's own
    transaction is a savepoint inside it, so a test finds the shared data as built
    and never another test's changes. Build on `shared_portal`, and hand each test
    a deep copy of the objects (see `library` in tests/portal/legal/conftest.py)."""
    from django.db import transaction

    from portal.core.caching.version import bump_version
    from tests.factories import forget_site_roots

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield django_db_blocker
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            forget_site_roots()
            bump_version()


@pytest.fixture(scope="module")
def shared_portal(shared_db):
    """The `portal` of every test of a module that uses shared data."""
    from tests.factories import build_portal

    with shared_db.unblock():
        ensure_wagtail_roots()
        return build_portal()


@pytest.fixture
def portal(request, db):
    """A small portal of its own beside the demo (see tests.factories.build_portal);
    tests add what they assert on with the factories. A test that uses data its
    module shares gets a copy of the module's portal (`shared_portal`)."""
    from tests.factories import build_portal, forget_site_roots

    if "shared_portal" in request.fixturenames:
        yield copy.deepcopy(request.getfixturevalue("shared_portal"))
    else:
        ensure_wagtail_roots()
        yield build_portal()
    forget_site_roots()


@pytest.fixture
def commit(portal):
    """`commit()` runs what committing the test's changes so far would run (see
    tests.factories.run_commit_callbacks). The caches then hold the test's content
    under the current content version: replace it after the test, since they
    cannot see its rollback."""
    from portal.core.caching.version import bump_version
    from tests.factories import run_commit_callbacks

    yield run_commit_callbacks
    bump_version()


@pytest.fixture
def admin_client(client, django_user_model, db):
    user = django_user_model.objects.create_superuser(
        username="quantri", email="quantri@example.vn", password="mat-khau-an-toan-123"
    )
    client.force_login(user)
    client.user = user
    return client


# Property-based tests explore the same examples on every run (no flaky CI), and never
# fail on timing: speed is measured in benchmarks/, not asserted in tests.
try:
    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("portal", derandomize=True, deadline=None)
    hypothesis_settings.load_profile("portal")
except ImportError:  # hypothesis is a test-only dependency
    pass


# --- The summary line of the tests that ran against the real search node ----------
# Here, not in tests/search: under pytest-xdist only the controlling process prints
# the summary, and it loads this conftest alone.

_node_outcomes: dict[str, int] = {}
#: The relevance set's shares per engine and class (tests/search/test_relevance.py
#: names them in `user_properties`), printed in the summary.
_relevance_lines: list[str] = []


def pytest_runtest_logreport(report):
    """Count the tests that ran against the real node (tests/search/conftest.py
    names it in their `user_properties`), and keep the relevance shares."""
    if report.when == "call":
        _relevance_lines.extend(
            line for name, line in report.user_properties if name == "relevance"
        )
    if not any(name == "search_node" for name, _url in report.user_properties):
        return
    if report.when == "call" or report.outcome != "passed":
        _node_outcomes[report.outcome] = _node_outcomes.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter):
    for line in sorted(_relevance_lines):
        terminalreporter.write_line(f"[search] {line}")
    node = os.environ.get("PORTAL_TEST_SEARCH_NODE", "")
    if node:
        outcomes = ", ".join(f"{n} {o}" for o, n in sorted(_node_outcomes.items()))
        terminalreporter.write_line(
            f"[search] against the search node at {node}: {outcomes or 'no test ran'}"
        )


@pytest.fixture
def smtp(settings):
    """A real SMTP server in process that Django's SMTP backend sends to for the
    test (tests/smtp.py)."""
    from tests.smtp import SMTPServer

    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
