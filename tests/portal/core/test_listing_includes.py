"""The filter sidebar and the active-filter list every faceted list includes
(core/includes/listing_filters.html, core/includes/active_filters.html)."""

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string

from portal.core.listing import FacetOption, FacetResult, ListingResult


def option(value, label, count, selected=False):
    return FacetOption(value, label, count, selected, url=f"?bo={value}")


def listing(query="", facets=(), has_filters=False) -> ListingResult:
    return ListingResult(
        page=Paginator([], 10).get_page(1),
        count=0,
        facets=list(facets),
        query=query,
        sort="",
        sort_options=[],
        selected={},
        has_filters=has_filters,
    )


FIELD = FacetResult(
    "linh-vuc",
    "Lĩnh vực",
    multiple=True,
    options=[option("dat-dai", "Đất đai", 3, selected=True), option("y-te", "Y tế", 1)],
)
YEAR = FacetResult("nam", "Năm", multiple=False, options=[option("2024", "2024", 2)])
EMPTY = FacetResult("cap", "Cấp", multiple=True, options=[])


def render_filters(rf, intro, **context) -> str:
    return render_to_string(
        "core/includes/listing_filters.html",
        {"page": intro.section, **context},
        request=rf.get(intro.section.url),
    )


def test_each_facet_with_values_is_a_fieldset_with_counts(rf, intro):
    html = render_filters(rf, intro, listing=listing(facets=[FIELD, YEAR, EMPTY]))

    assert f'action="{intro.section.url}"' in html
    assert re.findall(r"<legend>(.*?)</legend>", html) == ["Lĩnh vực", "Năm"]
    # Several fields at once, one year at a time; what is chosen stays ticked.
    assert re.search(
        r'<input type="checkbox" id="f-linh-vuc-dat-dai" name="linh-vuc"'
        r' value="dat-dai" checked>',
        html,
    )
    assert (
        '<input type="checkbox" id="f-linh-vuc-y-te" name="linh-vuc" value="y-te">'
        in (html)
    )
    assert '<input type="radio" id="f-nam-2024" name="nam" value="2024">' in html
    assert 'Đất đai <span class="facet__count">(3)</span>' in html
    assert '<fieldset class="facet">' in html
    assert "Áp dụng bộ lọc" in html
    assert 'name="q"' not in html


def test_the_filters_keep_the_words_and_take_the_apps_class(rf, intro):
    html = render_filters(
        rf,
        intro,
        listing=listing(query="quy hoạch", facets=[FIELD]),
        facet_class="planning-facet",
    )

    assert '<input type="hidden" name="q" value="quy hoạch">' in html
    assert '<fieldset class="planning-facet">' in html
    assert '<span class="planning-facet__count">(3)</span>' in html


def test_no_active_filters_no_list():
    html = render_to_string(
        "core/includes/active_filters.html", {"listing": listing(facets=[FIELD])}
    )
    assert not html.strip()


def test_active_filters_name_the_words_and_link_each_choice_away():
    html = render_to_string(
        "core/includes/active_filters.html",
        {
            "listing": listing(query="đất", facets=[FIELD, YEAR], has_filters=True),
            "list_class": "planning-active-filters",
        },
    )

    assert '<ul class="planning-active-filters" aria-label="Bộ lọc đang dùng">' in html
    assert "<li>Từ khóa: “đất”</li>" in html
    assert re.findall(r'<a href="([^"]+)">', html) == ["?bo=dat-dai"]
    assert "Lĩnh vực: Đất đai" in html
    assert "(bỏ)" in html
