"""One page parameter and one pagination for every list of the site."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from portal.core.pagination import page_number


@pytest.mark.parametrize(
    ("params", "number"),
    [
        ({}, 1),
        ({"page": "3"}, "3"),
        # The legal and procedure lists' old name, in links shared before.
        ({"trang": "4"}, "4"),
        ({"page": "3", "trang": "4"}, "3"),
        ({"page": "", "trang": "4"}, "4"),
    ],
)
def test_page_number(params, number):
    assert page_number(params) == number


def render(rf, query: str, number: int) -> str:
    request = rf.get(f"/van-ban/?{query}")
    page = Paginator(range(200), 10).get_page(number)
    return render_to_string(
        "core/includes/pagination.html", {"page_obj": page}, request=request
    )


def test_links_keep_the_filters_and_leave_pages_out(rf):
    html = render(rf, "loai=luat&trang=10", 10)
    assert '<span aria-current="page">10</span>' in html
    assert 'href="?loai=luat&amp;page=9" rel="prev"' in html
    assert 'href="?loai=luat&amp;page=11" rel="next"' in html
    # Two pages either side, one at each end, an ellipsis for the rest.
    linked = ["1", "8", "9", "11", "12", "20"]
    for number in linked:
        assert f'href="?loai=luat&amp;page={number}">{number}</a>' in html
    assert 'page=2"' not in html and 'page=13"' not in html
    assert html.count('class="pagination__gap"') == 2
    assert "trang=" not in html


def test_a_single_page_has_no_pagination(rf):
    request = rf.get("/van-ban/")
    page = Paginator(range(5), 10).get_page(1)
    html = render_to_string(
        "core/includes/pagination.html", {"page_obj": page}, request=request
    )
    assert not html.strip()
