import contextlib
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from portal.core.mail import OutgoingMail


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits live in the cache: every test starts with its own."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def csrf_client():
    """A browser: CSRF checks on, as a citizen's."""
    return Client(enforce_csrf_checks=True)


class _FollowForm(HTMLParser):
    """The fields of the "follow by e-mail" form of a page, and its CSRF token."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.action = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details" and "alerts-follow" in (attrs.get("class") or ""):
            self.inside = True
        elif self.inside and tag == "form" and self.action is None:
            self.action = attrs.get("action")
        elif self.inside and tag == "input" and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "details":
            self.inside = False


def follow_form(html: str) -> tuple[str, dict[str, str]]:
    """(action, hidden fields) of the page's follow form; fails without one."""
    parser = _FollowForm()
    parser.feed(html)
    assert parser.action, "the page has no follow-by-e-mail form"
    return parser.action, parser.fields


@pytest.fixture
def subscribe_from(django_capture_on_commit_callbacks):
    """subscribe_from(client, url, email, frequency="daily"): open `url`, fill in
    its follow form and send it, committing (so the confirmation goes out)."""

    def run(client, url, email, frequency="daily", **extra):
        response = client.get(url)
        assert response.status_code == 200
        action, fields = follow_form(response.content.decode())
        data = {**fields, "email": email, "frequency": frequency, **extra}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(action, data)

    return run


@pytest.fixture
def post_commit(django_capture_on_commit_callbacks):
    """client.post(...) whose transaction commits (mail goes out on commit)."""

    def run(client, url, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **kwargs)

    return run


def link_in(message, path_start: str) -> str:
    """The path of the first link to `path_start` in a mail's text."""
    for word in message.body.split():
        if path_start in word:
            return word[word.index(path_start) :]
    raise AssertionError(f"no {path_start} link in {message.body!r}")


@pytest.fixture
def mailbox():
    mail.outbox.clear()
    with contextlib.suppress(Exception):
        OutgoingMail.objects.all().delete()
    return mail.outbox
