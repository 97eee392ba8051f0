"""One page parameter for every paginated list of the site.

Every list (documents, procedures, news, questions, search) takes its page number
from ``?page=``; the template ``core/includes/pagination.html`` draws the links with
Django's ``{% querystring %}``, so that filters stay in them. The legal and procedure
lists used to say ``?trang=``: that name is still read, so shared links keep working,
and links the site makes no longer carry it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.paginator import Page, Paginator

PAGE_PARAM = "page"
#: Earlier names of the page parameter, read when ``page`` is absent.
PAGE_PARAM_ALIASES = ("trang",)
#: Page numbers shown either side of the current page and at each end of the list.
ON_EACH_SIDE = 2
ON_ENDS = 1


def page_number(params: Mapping) -> str | int:
    """The page asked for in a query string; `Paginator.get_page` copes with junk."""
    for name in (PAGE_PARAM, *PAGE_PARAM_ALIASES):
        if value := params.get(name):
            return value
    return 1


def paginate(object_list, params: Mapping, per_page: int) -> Page:
    """The page of ``object_list`` the query string asks for (the last if past it)."""
    return Paginator(object_list, per_page).get_page(page_number(params))


def elided_page_range(page: Page) -> list:
    """The page numbers to link to, with `Paginator.ELLIPSIS` where some are left out."""
    return list(
        page.paginator.get_elided_page_range(
            page.number, on_each_side=ON_EACH_SIDE, on_ends=ON_ENDS
        )
    )
