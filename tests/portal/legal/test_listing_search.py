"""The document list answers free text through the site search, and without it."""

import socket

import pytest

from portal.legal.listing import DocumentListing
from portal.legal.models import LegalDocumentIndexPage
from search import service
from search.engines import reset_engines


def numbers(params):
    index = LegalDocumentIndexPage.objects.get(slug="van-ban")
    result = DocumentListing(index, params).run()
    return [document.number for document in result.page.object_list], result


def test_relevance_is_the_default_with_a_number_first(demo):
    found, result = numbers({"q": "kh 146"})
    assert result.sort == "lien-quan"
    assert found[0] == "146/KH-UBND"
    # An explicit date order still applies to the same matches.
    oldest, _ = numbers({"q": "kh 146", "sap-xep": "cu-nhat"})
    assert sorted(oldest) == sorted(found) and oldest != found


def test_filters_still_apply_to_text_matches(demo):
    found, result = numbers({"q": "ke hoach cai cach", "loai": "ke-hoach"})
    assert found and all("/KH-" in number for number in found)
    assert result.count == len(found)


@pytest.fixture
def engine_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": [f"http://127.0.0.1:{port}"],
            "TIMEOUT": 1,
            "RETRIES": 0,
        }
    }
    service.reset_health_memo()
    yield
    service.reset_health_memo()
    reset_engines()


def test_without_any_engine_the_folded_title_and_number_match(demo, engine_down):
    found, _ = numbers({"q": "146 kh ubnd"})
    assert found == ["146/KH-UBND"]
    found, _ = numbers({"q": "ke hoach cai cach hanh chinh nam 2020"})
    assert "146/KH-UBND" in found
