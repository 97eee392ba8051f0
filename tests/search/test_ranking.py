"""The ranking step both engines share: the closest titles first."""

import pytest

from search import ranking
from search.query import parse_query, words
from search.ranking import closest_titles_first, title_fit

#: Query understanding reads the registered adapters' vocabularies
#: (search.intent): the sample adapters', which need no database.
pytestmark = pytest.mark.usefixtures("search_registry")

PLAN = "Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Hưng Yên"
PERIOD = "Kế hoạch cải cách hành chính nhà nước tỉnh Hưng Yên giai đoạn 2016 - 2020"
LETTER = "Về việc triển khai thực hiện Kế hoạch cải cách hành chính nhà nước năm 2020"
NEWS = "Ban hành Kế hoạch cải cách hành chính tỉnh Hưng Yên năm 2020"


def test_title_fit_prefers_the_title_holding_the_query_closely():
    query = words("ke hoach cai cach hanh chinh 2020")
    plan = title_fit(words(PLAN), query)
    assert plan > title_fit(words(LETTER), query) > 0
    assert plan > title_fit(words(PERIOD), query) > 0
    assert plan > title_fit(words(NEWS), query) > 0
    assert title_fit(words("Kế hoạch cải cách hành chính"), query) == 0  # no 2020
    assert title_fit(query, query) == 1
    assert title_fit(words("Quyết định đất đai"), ["dat"]) == 0  # one word: bm25 alone


def order(titles_and_numbers, q):
    return [
        title
        for title, _number in closest_titles_first(
            titles_and_numbers,
            parse_query(q),
            title=lambda entry: entry[0],
            number=lambda entry: entry[1],
        )
    ]


def test_closest_titles_come_first_among_the_candidates():
    ranked = [(NEWS, ""), (PERIOD, "19/KH-UBND"), ("Lễ hội Phố Hiến", ""), (PLAN, "")]
    assert order(ranked, "ke hoach cai cach hanh chinh 2020") == [
        PLAN,
        NEWS,
        PERIOD,
        "Lễ hội Phố Hiến",
    ]
    # One word: nothing to compare, the engine's order stays.
    assert order(ranked, "2020") == [title for title, _ in ranked]


def test_the_own_number_comes_before_any_title():
    ranked = [(PLAN, "146/KH-UBND"), (NEWS, ""), ("Báo cáo số 146", "146/BC-UBND")]
    assert order(ranked, "146 kh ubnd") == [PLAN, NEWS, "Báo cáo số 146"]
    holder = [("Công văn", "146/KH-UBND-VX"), (PLAN, "146/KH-UBND")]
    assert order(holder, "146/KH-UBND") == [PLAN, "Công văn"]


def test_entries_beyond_the_candidates_keep_their_places(monkeypatch):
    monkeypatch.setattr(ranking, "TITLE_CANDIDATES", 2)
    ranked = [("a", ""), (NEWS, ""), (PLAN, ""), ("b", "")]
    assert order(ranked, "ke hoach cai cach hanh chinh 2020") == [NEWS, "a", PLAN, "b"]
