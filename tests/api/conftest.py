"""Fixtures for the JSON APIs: the site as a WSGI application, without a network."""

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections


@pytest.fixture
def wsgi_app(demo):
    """Django's WSGI application on the test database.

    A real WSGI handler closes "old" database connections around every request,
    which would close the test's own transaction; Django's test client avoids that
    by disconnecting the handlers for the duration of a request, and so do we."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
