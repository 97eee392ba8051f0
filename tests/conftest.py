"""Shared fixtures.

The demo portal is loaded once per test database (session scope); each test runs in a
transaction that is rolled back, so tests see the demo and never each other's changes.
pytest-django runs transactional tests last; the `demo` fixture reloads the demo if one
of them flushed the database.
"""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
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
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_demo()
    yield
    _forget_counted_visits()


def _forget_counted_visits() -> None:
    """Visit tallies add what they counted to the database when the process exits;
    the test database is gone by then, and the tests' visits are no one's."""
    import gc

    from portal.engagement.visits import VisitTally

    # type(), not isinstance(): that would evaluate lazy objects (SimpleLazyObject).
    for tally in [o for o in gc.get_objects() if type(o) is VisitTally]:
        tally.reset()


@pytest.fixture
def demo(db):
    """The demo portal: its default site and home page."""
    from portal.core.models import HomePage

    if not HomePage.objects.exists():
        _load_demo()
    site = Site.objects.get(is_default_site=True)
    return SimpleNamespace(site=site, home=site.root_page.specific)


@pytest.fixture
def portal(db):
    """A small portal of its own beside the demo (see tests.factories.build_portal);
    tests add what they assert on with the factories."""
    from tests.factories import build_portal, forget_site_roots

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
