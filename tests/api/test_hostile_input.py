"""Property tests: hostile query strings at the search page, its feed, the JSON APIs
and the legal and procedure list filters.

tests/portal/core/test_security.py already sends one parameter at a time (NUL
characters removed) to the public pages. Here every parameter the endpoint really
reads is combined, repeated and given NUL and control characters, very long values
and markup; the properties are the ones a citizen or an attacker would notice:
no server error, JSON APIs answer JSON, the feed stays well-formed XML, and markup
sent in is never printed back as markup.
"""

import json
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.legal.listing import FACETS as LEGAL_FACETS
from portal.procedures.listing import FACETS as PROCEDURE_FACETS
from search.forms import RESERVED
from search.service import all_facet_names

pytestmark = pytest.mark.usefixtures("shared_portal")

#: A tag no page ever contains: finding "<hy-canary" in a response means the input
#: was printed without escaping.
CANARY = "hy-canary"
MARKUP = [
    f"<{CANARY}>",
    f'"><{CANARY} onerror=alert(1)>',
    f"</title><{CANARY}>",
    f"]]><{CANARY}/><![CDATA[",
    f"<{CANARY} x='&amp;'>quyết định</{CANARY}>",
]
INJECTIONS = [
    "' OR '1'='1' --",
    "1); DROP TABLE search_entry; --",
    '" OR ""="',
    "%' AND 1=1 AND '%'='",
    '\\"; sleep 5; \\',
    "146/KH-UBND' UNION SELECT password FROM auth_user --",
    "{{ request }}",
    "{% debug %}",
    "${7*7}",
    "*:* OR title:*",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "\r\nSet-Cookie: x=1",
    "\u202e\u200b\ufeff đ Đ ệ",
    "\U0001f600" * 50,
    "a" * 201,
    "9" * 40,
    "-1",
    "0",
    "2020-02-30",
    "31/12/99999",
]
hostile_text = st.one_of(
    st.sampled_from(MARKUP),
    st.sampled_from(INJECTIONS),
    # Any Unicode a browser can send, NUL and control characters included.
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=4000),
    st.builds(
        "{} {}".format, st.sampled_from(MARKUP), st.text(max_size=20)
    ),  # markup inside ordinary words
)


def _query(parameters: list[str]):
    """Query strings over `parameters`: several at once, some repeated."""
    return st.dictionaries(
        st.sampled_from(parameters),
        st.lists(hostile_text, min_size=1, max_size=3),
        max_size=4,
    )


SEARCH_PARAMETERS = sorted(
    {*RESERVED, *all_facet_names(), "limit", "trang", "loai", "nam"}
)
LEGAL_PARAMETERS = [
    "q",
    "sap-xep",
    "page",
    "trang",
    *(facet.param for facet in LEGAL_FACETS),
]
PROCEDURE_PARAMETERS = [
    "q",
    "page",
    "trang",
    "sap-xep",
    *(facet.param for facet in PROCEDURE_FACETS),
]

#: The URL names of the search's pages and APIs, and the portal's two lists (the
#: index pages of the test's own portal).
ENDPOINTS = {
    "search": SEARCH_PARAMETERS,
    "search_feed": SEARCH_PARAMETERS,
    "search_api": SEARCH_PARAMETERS,
    "search_suggest": SEARCH_PARAMETERS,
    "legal": LEGAL_PARAMETERS,
    "procedures": PROCEDURE_PARAMETERS,
}
ENDPOINT_QUERIES = st.one_of(
    *(st.tuples(st.just(path), _query(params)) for path, params in ENDPOINTS.items())
)


def test_the_filters_are_the_real_ones():
    """The parameters fuzzed are the ones the pages read (not stale guesses)."""
    assert {"loai", "nam", "co-quan"} <= set(LEGAL_PARAMETERS)
    assert {"cap", "muc-do", "linh-vuc"} <= set(PROCEDURE_PARAMETERS)
    assert {"doc_type", "level", "category", "page_size"} <= set(SEARCH_PARAMETERS)


def endpoint_path(endpoint: str, portal) -> str:
    if endpoint in ("legal", "procedures"):
        return getattr(portal, endpoint).url
    return reverse(endpoint)


def check_response(path: str, response) -> None:
    assert response.status_code < 500, response.status_code
    body = response.content.decode("utf-8")
    assert f"<{CANARY}" not in body, "input printed back as markup"
    content_type = response["Content-Type"]
    if path.startswith("/api/"):
        assert content_type.startswith("application/json")
        data = json.loads(body)
        if response.status_code == 400:
            assert data["error"]
        for hit in data.get("results", []):
            # Snippets are HTML: only <mark> is ever added to escaped text.
            stripped = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
            assert "<" not in stripped, hit["snippet"]
    elif path.endswith("/atom/"):
        if response.status_code == 200:
            # Our own feed, parsed to prove it is well-formed whatever the query.
            ElementTree.fromstring(response.content)  # noqa: S314
        else:
            # Bad parameters: a plain 400 a feed reader shows, not an empty feed.
            assert content_type.startswith("text/plain"), content_type
    else:
        assert content_type.startswith("text/html")


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(endpoint_query=ENDPOINT_QUERIES)
def test_hostile_query_strings_are_answered_safely(
    client, portal, content, endpoint_query
):
    endpoint, query = endpoint_query
    path = endpoint_path(endpoint, portal)
    response = client.get(path, query)
    check_response(path, response)


#: A filter each endpoint really applies.
FILTERS = {
    "search": "doc_type",
    "search_feed": "doc_type",
    "search_api": "doc_type",
    "search_suggest": "type",
    "legal": LEGAL_FACETS[0].param,
    "procedures": PROCEDURE_FACETS[0].param,
}


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_every_known_attack_at_the_query_and_a_filter(
    client, portal, content, endpoint
):
    path = endpoint_path(endpoint, portal)
    for value in MARKUP + INJECTIONS:
        response = client.get(path, {"q": value, FILTERS[endpoint]: [value, "x"]})
        try:
            check_response(path, response)
        except AssertionError as error:
            raise AssertionError(f"{path} with {value!r}: {error}") from error


@pytest.mark.parametrize(
    ("name", "param", "status"),
    [
        ("search_api", "type", 400),
        ("search_api", "sort", 400),
        ("search_suggest", "q", 200),
    ],
)
def test_the_json_apis_echo_a_value_as_text_only(client, db, name, param, status):
    value = f"<{CANARY}>&"
    response = client.get(reverse(name), {param: value})
    assert response.status_code == status
    assert f"<{CANARY}" not in response.content.decode()
    # What a JSON reader gets back is the value as it was sent.
    assert value in json.dumps(response.json(), ensure_ascii=False)
