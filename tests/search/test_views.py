"""The site-wide search page and its feed, as a citizen uses them."""

import feedparser
import pytest

from search.models import IndexEntry
from tests.search import documents as docs


def test_empty_search_page_shows_the_form(client, indexed):
    response = client.get("/tim-kiem/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-q"' in html
    assert 'data-autocomplete="/api/v1/search/suggest/"' in html


def test_the_page_describes_what_the_registered_kinds_are(client, indexed):
    """The search knows no content: its description names the kinds registered."""
    html = client.get("/tim-kiem/").content.decode()
    assert (
        '<meta name="description" content="Tìm văn bản, tin tức, thủ tục hành chính, '
        "trang thông tin trên cổng"
    ) in html


def test_search_finds_the_plan_first_and_highlights(client, indexed):
    response = client.get("/tim-kiem/", {"q": "ke hoach cai cach hanh chinh 2020"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.results[0].key == docs.PLAN_146.key
    html = response.content.decode()
    assert "<mark>Kế</mark> <mark>hoạch</mark>" in html
    assert "146/KH-UBND" in html
    assert 'type="application/atom+xml"' in html


def test_number_search_in_any_spelling(client, indexed):
    for q in ["146 kh ubnd", "146/KH-UBND", "kh 146"]:
        results = client.get("/tim-kiem/", {"q": q}).context["results"]
        assert results.results[0].url == docs.PLAN_146.url


def test_tabs_count_every_kind_and_keep_the_query(client, indexed):
    response = client.get("/tim-kiem/", {"q": "dat dai", "type": "legal"})
    tabs = {str(t["label"]): t for t in response.context["tabs"]}
    assert tabs["Văn bản"]["count"] == 2
    assert tabs["Văn bản"]["active"]
    assert tabs["Thủ tục hành chính"]["count"] == 1
    assert tabs["Tất cả"]["url"] == "?q=dat+dai"
    assert tabs["Thủ tục hành chính"]["url"] == "?q=dat+dai&type=procedure"


def test_facets_with_labels_counts_and_toggle_links(client, indexed):
    response = client.get("/tim-kiem/", {"type": "legal", "doc_type": "quyet-dinh"})
    assert response.context["results"].count == 2
    facets = {f["name"]: f for f in response.context["facets"]}
    items = {i["value"]: i for i in facets["doc_type"]["items"]}
    assert items["quyet-dinh"]["label"] == "Quyết định"
    assert items["quyet-dinh"]["active"]
    # Clicking an active value removes it; every state is in the URL.
    assert items["quyet-dinh"]["url"] == "?type=legal"
    years = {i["value"]: i["count"] for i in facets["year"]["items"]}
    assert years == {"2020": 1, "2021": 1}
    html = response.content.decode()
    assert "Loại văn bản" in html
    assert 'aria-current="true"' in html


def test_sort_and_pagination_links_keep_the_state(client, indexed):
    response = client.get("/tim-kiem/", {"q": "dat", "sort": "oldest", "page_size": 1})
    context = response.context
    assert context["results"].results[0].key == docs.DECISION_01.key
    assert context["next_url"] == "?q=dat&sort=oldest&page_size=1&page=2"
    second = client.get("/tim-kiem/" + context["next_url"])
    assert second.context["results"].results[0].key == docs.DECISION_LAND.key
    assert second.context["previous_url"] == "?q=dat&sort=oldest&page_size=1&page=1"


def test_no_results_helps_and_suggests(client, indexed):
    response = client.get("/tim-kiem/", {"q": "xyzw khong co"})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["results"].count == 0
    assert "quyet dinh" in html  # the "type without diacritics" hint


def test_relaxed_search_says_so(client, indexed):
    response = client.get("/tim-kiem/", {"q": "dat dai phohien"})
    assert response.context["results"].relaxed
    assert response.context["results"].count >= 1


def test_a_corrected_typo_says_so(client, indexed):
    response = client.get("/tim-kiem/", {"q": "le hoi du khahc"})
    results = response.context["results"]
    assert results.corrected
    assert not results.relaxed
    assert results.results[0].title == "Lễ hội Phố Hiến thu hút đông đảo du khách"
    assert "các kết quả dưới đây chứa từ chỉ khác một chữ cái" in (
        response.content.decode()
    )
    exact = client.get("/tim-kiem/", {"q": "le hoi du khach"})
    assert not exact.context["results"].corrected
    assert "khác một chữ cái" not in exact.content.decode()


def test_suggestions_without_javascript(client, indexed):
    # A typed prefix finds nothing as words, but the suggestions list helps.
    response = client.get("/tim-kiem/", {"q": "ke hoa"})
    suggestions = response.context["suggestions"]
    assert suggestions[0].url == docs.PLAN_146.url
    assert f'href="{docs.PLAN_146.url}"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"type": "tat-ca"},
        {"page": "abc"},
        {"sort": "random"},
        {"date_from": "31/02/2020"},
        {"q": "x" * 500},
        {"type": "legal", "doc_type": "<script>"},
    ],
)
def test_bad_parameters_get_a_message_not_a_crash(client, indexed, params):
    response = client.get("/tim-kiem/", params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_date_range_in_dd_mm_yyyy(client, indexed):
    response = client.get(
        "/tim-kiem/",
        {"type": "legal", "date_from": "01/01/2020", "date_to": "31/12/2020"},
    )
    keys = {h.key for h in response.context["results"].results}
    assert keys == {docs.DECISION_01.key, docs.REPORT_146.key}


def test_atom_feed_for_any_search(client, indexed):
    response = client.get("/tim-kiem/atom/", {"q": "dat dai", "type": "legal"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    titles = [entry.title for entry in feed.entries]
    # Newest first, with the document number.
    assert titles[0].startswith("15/2021/QĐ-UBND")
    assert len(titles) == 2
    assert feed.entries[0].link == "http://testserver" + docs.DECISION_LAND.url
    assert "dat dai" in feed.feed.title


def test_search_page_query_count_is_bounded(
    client, indexed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        client.get("/tim-kiem/", {"q": "dat dai", "type": "legal"})


def test_demo_section_pages_are_found_without_diacritics(client, demo):
    # The demo is the subject: it is searchable end to end once loaded (the outbox
    # is drained after the commit).
    from portal.core.models import SectionPage
    from search.text import fold

    page = SectionPage.objects.live().public().order_by("path").first()
    assert IndexEntry.objects.filter(key=f"page:{page.pk}").exists()
    response = client.get("/tim-kiem/", {"q": fold(page.title), "type": "page"})
    assert page.url in [hit.url for hit in response.context["results"].results]


def test_other_tabs_drop_this_tabs_filters_and_count_what_they_show(client, indexed):
    # A legal document type would empty the news tab, with no filter there to undo.
    response = client.get(
        "/tim-kiem/", {"q": "cai cach", "type": "legal", "doc_type": "quyet-dinh"}
    )
    tabs = {str(t["label"]): t for t in response.context["tabs"]}
    assert tabs["Văn bản"]["url"] == "?q=cai+cach&doc_type=quyet-dinh&type=legal"
    assert tabs["Tin tức"]["url"] == "?q=cai+cach&type=news"
    news = client.get("/tim-kiem/" + tabs["Tin tức"]["url"])
    assert tabs["Tin tức"]["count"] == news.context["results"].count == 1
    everything = client.get("/tim-kiem/" + tabs["Tất cả"]["url"])
    assert tabs["Tất cả"]["count"] == everything.context["results"].count


def test_all_tab_counts_with_the_filters_of_the_chosen_tab(client, indexed):
    # /tim-kiem/?type=legal&doc_type=quyet-dinh said "Tất cả (67)" beside
    # "Văn bản (8)": the filters narrow "All" too, in its count and its link.
    response = client.get("/tim-kiem/", {"type": "legal", "doc_type": "quyet-dinh"})
    tabs = {str(t["label"]): t for t in response.context["tabs"]}
    decisions = response.context["results"].count
    assert 0 < decisions < len(docs.ALL)
    assert tabs["Văn bản"]["count"] == decisions
    assert tabs["Tất cả"]["count"] == decisions
    assert tabs["Tất cả"]["url"] == "?doc_type=quyet-dinh"
    everything = client.get("/tim-kiem/" + tabs["Tất cả"]["url"])
    assert everything.context["results"].count == decisions


def test_searching_again_keeps_the_filters_and_the_order(client, indexed):
    response = client.get(
        "/tim-kiem/",
        {"q": "dat", "type": "legal", "doc_type": "quyet-dinh", "sort": "newest"},
    )
    html = response.content.decode()
    assert '<input type="hidden" name="doc_type" value="quyet-dinh">' in html
    assert '<input type="hidden" name="sort" value="newest">' in html


def test_partial_matches_only_when_no_tab_has_every_word(client, indexed):
    # A plan and a news item hold every word; the pages tab says 0 and shows 0,
    # not the page about Hưng Yên that lacks "cải cách".
    response = client.get("/tim-kiem/", {"q": "cai cach hung yen", "type": "page"})
    results = response.context["results"]
    assert not results.relaxed
    assert results.count == 0


def test_a_page_past_the_end_goes_to_the_last_page(client, indexed):
    response = client.get("/tim-kiem/", {"q": "dat", "page_size": 1, "page": 99})
    last = client.get("/tim-kiem/", {"q": "dat", "page_size": 1}).context["results"]
    assert response.status_code == 302
    assert response["Location"] == f"/tim-kiem/?q=dat&page_size=1&page={last.count}"


def test_pagination_marks_the_pages_it_leaves_out(client, indexed):
    response = client.get("/tim-kiem/", {"page_size": 1, "page": 5})
    links = response.context["page_links"]
    assert [(link["number"], link["gap"]) for link in links][:2] == [
        (1, False),
        (3, True),
    ]
    assert 'class="pagination__gap"' in response.content.decode()


@pytest.mark.parametrize("q", ["*", "😀", "()", '""'])
def test_a_query_without_words_finds_nothing(client, indexed, q):
    response = client.get("/tim-kiem/", {"q": q})
    assert response.status_code == 200
    assert response.context["results"].count == 0


def test_errors_name_the_parameter_in_vietnamese(client, indexed):
    response = client.get("/tim-kiem/", {"page": "9999"})
    assert response.status_code == 400
    assert "Trang: Giá trị lớn nhất được phép là 1000." in response.content.decode()


def test_head_requests_and_bad_feed_parameters(client, indexed):
    assert client.head("/tim-kiem/", {"q": "dat dai"}).status_code == 200
    feed = client.get("/tim-kiem/atom/", {"type": "bogus"})
    assert feed.status_code == 400
    assert "không hợp lệ" in feed.content.decode()


def test_filters_fold_on_phones_and_stay_open_without_javascript(client, indexed):
    html = client.get("/tim-kiem/", {"q": "dat dai", "type": "legal"}).content.decode()
    assert '<details class="search-facets__panel" data-fold-below="48rem" open>' in html
    assert "search/js/facets.js" in html


#: Queries of a search with every cache empty: the search's own are the engine's
#: state, the matches and the page of hits (with several sites, one more: the
#: sites, read once for the scope and the "Cổng" facet's names, twice before
#: issue 27); the others route the page and draw the layout.
COLD_SEARCH_QUERIES = 10


def test_search_page_query_count_when_every_cache_is_empty(
    client, indexed, django_assert_max_num_queries
):
    from portal.core.caching import version

    url = "/tim-kiem/?q=ke+hoach"
    client.get(url)  # Wagtail's own caches (content types, site root paths)
    # As after a publish's commit: page, fragment, routing and Site caches empty.
    version._set_new_versions()
    with django_assert_max_num_queries(COLD_SEARCH_QUERIES):
        response = client.get(url)
    assert response.context["results"].results[0].key == docs.PLAN_146.key
