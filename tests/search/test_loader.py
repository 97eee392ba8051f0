"""PORTAL_SEARCH_BACKENDS' BACKEND: a module exporting `Engine` or a class's path,
and an error that names what is really missing."""

import sys

import pytest

from search.engines import InvalidSearchBackendError, load_engine
from search.engines.database import DatabaseSearchEngine


@pytest.fixture
def without_elasticsearch(monkeypatch):
    """As on a site installed without the `elasticsearch` package."""
    for name in list(sys.modules):
        if name.startswith(
            ("search.engines.elasticsearch", "search.engines.transport")
        ):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "elasticsearch", None)


@pytest.mark.parametrize(
    "backend",
    [
        "search.engines.elasticsearch",
        "search.engines.elasticsearch.ElasticsearchSearchEngine",
    ],
)
def test_a_missing_dependency_is_named(without_elasticsearch, backend):
    with pytest.raises(InvalidSearchBackendError) as raised:
        load_engine("default", {"BACKEND": backend})
    cause = raised.value.__cause__
    assert isinstance(cause, ModuleNotFoundError)
    assert cause.name == "elasticsearch"
    assert "elasticsearch" in str(raised.value)
    assert "does not define" not in str(raised.value)


def test_the_check_reports_the_missing_dependency(db, settings, without_elasticsearch):
    from search import checks
    from search.engines import reset_engines

    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.engines.elasticsearch"}
    }
    try:
        [message] = checks.check_search_engines()
    finally:
        reset_engines()
    assert message.id == "search.E001"
    assert "elasticsearch" in message.msg
    assert "does not define" not in message.msg


@pytest.mark.parametrize(
    "backend",
    ["search.engines.database", "search.engines.database.DatabaseSearchEngine"],
)
def test_a_module_or_a_class(db, backend):
    engine = load_engine("fallback", {"BACKEND": backend})
    assert isinstance(engine, DatabaseSearchEngine)
    assert engine.alias == "fallback"


@pytest.mark.parametrize(
    ("backend", "message"),
    [
        ("no.such.engine", "No module named 'no'"),
        ("search.engines.base", "has no `Engine`"),
        ("search.engines.database.NoSuchEngine", "does not define"),
    ],
)
def test_what_is_not_an_engine(backend, message):
    with pytest.raises(InvalidSearchBackendError, match=message):
        load_engine("default", {"BACKEND": backend})
