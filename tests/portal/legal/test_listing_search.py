"""The document list answers free text through the site search, and without it."""

import socket

import pytest

from portal.legal.listing import DocumentListing
from search import service
from search.engines import reset_engines

pytestmark = pytest.mark.usefixtures("shared_portal")


@pytest.fixture
def numbers(index_page):
    def run(params):
        result = DocumentListing(index_page, params).run()
        return [document.number for document in result.page.object_list], result

    return run


def test_relevance_is_the_default_with_a_number_first(numbers, library):
    found, result = numbers({"q": "kh 148"})
    assert result.sort == "lien-quan"
    # The plan, then the documents it cites or that cite it.
    assert found[0] == "148/KH-UBND"
    assert set(found) == {"148/KH-UBND", "03/HD-SNV", "226/QĐ-TTg", "31/NQ-CP"}
    # An explicit date order still applies to the same matches.
    newest, _ = numbers({"q": "kh 148", "sap-xep": "moi-nhat"})
    assert newest == ["03/HD-SNV", "148/KH-UBND", "226/QĐ-TTg", "31/NQ-CP"]


@pytest.mark.parametrize("q", ["148KH-UBND", "148kh-ubnd", "148.KH.UBND"])
def test_a_number_typed_against_its_symbol_finds_its_document_first(
    numbers, library, q
):
    # /van-ban/?q=146KH-UBND found nothing; "146kh-ubnd" ranked it 12th of 24.
    found, _result = numbers({"q": q})
    assert found[0] == "148/KH-UBND"


def test_filters_still_apply_to_text_matches(numbers, library):
    found, result = numbers({"q": "ke hoach cai cach", "loai": "ke-hoach"})
    assert set(found) == {"148/KH-UBND", "21/KH-UBND"}
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


def test_without_any_engine_the_folded_title_and_number_match(
    numbers, library, engine_down
):
    found, _ = numbers({"q": "148 kh ubnd"})
    assert found == ["148/KH-UBND"]
    # The plan, and the guide whose title names it.
    found, _ = numbers({"q": "ke hoach cai cach hanh chinh nam 2020"})
    assert sorted(found) == ["03/HD-SNV", "148/KH-UBND"]
