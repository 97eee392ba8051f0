"""Phrases and diacritics (search.closeness, search.ranking.preference): words
side by side and words spelled as typed come first, on every engine, without
losing the matches that only fold alike."""

import pytest

from search.closeness import (
    accent_key,
    adjacent_pairs,
    carries_diacritics,
    exact_words,
    spelled_words,
)
from search.engines.base import SearchQuery
from search.query import parse_query, words
from search.ranking import closest_titles_first, preference, reorders
from search.registry import IndexedDocument

#: parse_query reads the registered vocabularies: the sample kinds only.
pytestmark = pytest.mark.usefixtures("search_registry")

LAND_TAX = "Luật Thuế sử dụng đất phi nông nghiệp"
LAND_LEASE = "Nghị định quy định về thu tiền thuê đất, thuê mặt nước"
PLANNING = "Quy hoạch tỉnh Hưng Yên thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"
PLAN = "Kế hoạch thực hiện quy định về an toàn"


def test_a_spelling_is_one_wherever_its_tone_mark_sits():
    assert accent_key("Hóa") == accent_key("hoá")
    assert accent_key("thủy") == accent_key("thuỷ")
    assert accent_key("thuế") != accent_key("thuê")
    assert accent_key("phạt") != accent_key("phát")
    assert accent_key("Đất") == accent_key("đất") != accent_key("dat")
    # A decomposed keyboard's letters are the composed ones.
    assert accent_key("thue\u0302\u0301") == accent_key("thuế")


def test_a_query_carries_diacritics_when_any_word_has_one():
    assert carries_diacritics("quy hoạch")
    assert carries_diacritics("Đất")
    assert not carries_diacritics("Quy Hoach 2020")
    assert not carries_diacritics("")


def test_neighbouring_words_counted_in_the_text_holding_most():
    query = words("quy hoạch tỉnh")
    assert adjacent_pairs(query, words(PLANNING)) == 2
    assert adjacent_pairs(query, words(PLAN)) == 0
    assert adjacent_pairs(query, words(PLAN), words(PLANNING)) == 2
    assert adjacent_pairs(words("tinh quy hoach"), words(PLANNING)) == 1  # in order
    assert adjacent_pairs(["quy"], words(PLANNING)) == 0


def test_words_held_as_spelled():
    query = spelled_words("thuế đất")
    assert exact_words(query, spelled_words(LAND_TAX)) == 2
    assert exact_words(query, spelled_words(LAND_LEASE)) == 1


def test_words_as_typed_outweigh_closeness_which_outweighs_title_fit():
    thue_dat = parse_query("thuế đất")
    assert preference(LAND_TAX, "", thue_dat) > preference(LAND_LEASE, "", thue_dat)
    thue_dat = parse_query("thuê đất")
    assert preference(LAND_LEASE, "", thue_dat) > preference(LAND_TAX, "", thue_dat)
    # Folded, the words side by side win, however long the title.
    quy_hoach = parse_query("quy hoach")
    assert preference(PLANNING, "", quy_hoach) > preference(PLAN, "", quy_hoach)
    # The summary counts too.
    assert preference(PLAN, PLANNING, quy_hoach) > preference(PLAN, "", quy_hoach)


def test_one_word_typed_with_diacritics_is_reordered():
    assert reorders(parse_query("phạt"))
    assert not reorders(parse_query("phat"))
    assert not reorders(parse_query(""))
    ranked = ["Chiến lược phát triển", "Nghị định xử phạt vi phạm"]
    ordered = closest_titles_first(
        ranked, parse_query("phạt"), title=lambda t: t, number=lambda _t: ""
    )
    assert ordered == ranked[::-1]
    assert (
        closest_titles_first(
            ranked, parse_query("phat"), title=lambda t: t, number=lambda _t: ""
        )
        == ranked
    )


def document(key: str, title: str, summary: str = "") -> IndexedDocument:
    return IndexedDocument(
        key=f"legal:{key}", kind="legal", title=title, url=f"/{key}/", summary=summary
    )


@pytest.fixture
def alike(engine):
    engine.index_bulk(
        [
            document("tax", LAND_TAX),
            document("lease", LAND_LEASE),
            document("plan", PLAN, "Các sở hướng dẫn quy trình kiểm tra."),
            document("planning", PLANNING),
            document("online", "Dịch vụ công trực tuyến", "Hướng dẫn sử dụng."),
            document("recruit", "Quy định về tuyển dụng công chức"),
        ]
    )
    engine.refresh()
    if getattr(engine, "keeps_terms", False):
        engine.refresh_terms()
    return engine


def keys(engine, q: str) -> list[str]:
    results = engine.search(SearchQuery(q=q, kind="legal"))
    return [hit.key.removeprefix("legal:") for hit in results.results]


def test_diacritics_as_typed_come_first_and_folded_matches_stay(alike):
    assert keys(alike, "thuế đất") == ["tax", "lease"]
    assert keys(alike, "thuê đất") == ["lease", "tax"]
    assert set(keys(alike, "thue dat")) == {"tax", "lease"}


def test_a_two_word_term_comes_before_its_syllables_apart(alike):
    assert keys(alike, "quy hoạch")[0] == "planning"
    assert keys(alike, "quy hoach")[0] == "planning"
    assert keys(alike, "tuyển dụng") == ["recruit", "online"]
    assert keys(alike, "tuyen dung")[0] == "recruit"
