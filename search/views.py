"""The site-wide search page /tim-kiem/ and its Atom feed: validate, call the
service, render. They never know which engine answered."""

from __future__ import annotations

import dataclasses
import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Site

from search import service, sites
from search.engines.base import KIND_FACET, SORTS
from search.forms import SORT_LABELS, SearchForm
from search.registry import kinds, results_parts

PAGE_SIZE = 20
SUGGESTION_COUNT = 6


def url_with(params: QueryDict, **changes) -> str:
    """`?query` keeping every current parameter except those in `changes`
    (None removes one; a list sets several values). Any change resets `page`."""
    updated = params.copy()
    if "page" not in changes:
        updated.pop("page", None)
    for name, value in changes.items():
        updated.pop(name, None)
        if value is None or value == "":
            continue
        if isinstance(value, list | tuple):
            updated.setlist(name, [str(v) for v in value])
        else:
            updated[name] = str(value)
    encoded = updated.urlencode()
    return f"?{encoded}" if encoded else "?"


def toggle(params: QueryDict, name: str, value: str) -> tuple[str, bool]:
    values = params.getlist(name)
    if value in values:
        return url_with(params, **{name: [v for v in values if v != value]}), True
    return url_with(params, **{name: [*values, value]}), False


def build_context(request, form: SearchForm, results: service.SearchResults) -> dict:
    params = request.GET
    query = results.query
    kind = query.kind if query else ""
    counts = {f.value: f.count for f in results.facets.get(KIND_FACET, [])}
    # "All" keeps the filters, as the chosen tab does: it counts the same
    # matches across kinds (a legal document type keeps legal documents alone).
    all_count = sum(counts.values())
    facet_params = {n: None for n in service.all_facet_names() if n in params}
    if query and query.filters:
        # Another kind's tab drops this tab's filters (one tab's document type
        # would otherwise empty another tab, unseen): count them as they answer.
        unfiltered = service.search(
            dataclasses.replace(
                query,
                kind="",
                filters={},
                facets=(KIND_FACET,),
                page=1,
                page_size=1,
                highlight=False,
            ),
            relax=False,
            labels=False,
        )
        counts = {f.value: f.count for f in unfiltered.facets.get(KIND_FACET, [])}
        if kind:
            counts[kind] = results.count

    def tab_url(target: str) -> str:
        if target in (kind, ""):
            return url_with(params, type=target or None)
        return url_with(params, type=target or None, **facet_params)

    tabs = [
        {
            "label": _("All"),
            "url": tab_url(""),
            "count": all_count,
            "active": not kind,
        }
    ] + [
        {
            "label": k.label,
            "url": tab_url(k.name),
            "count": counts.get(k.name, 0),
            "active": kind == k.name,
        }
        for k in kinds()
    ]
    titles = service.facet_titles(kind)
    facets = []
    for name, values in results.facets.items():
        if name == KIND_FACET or not values and not params.getlist(name):
            continue
        items = []
        for value in values:
            url, active = toggle(params, name, value.value)
            items.append(
                {
                    "value": value.value,
                    "label": value.label,
                    "count": value.count,
                    "url": url,
                    "active": active,
                }
            )
        facets.append(
            {
                "name": name,
                "title": titles.get(name, name),
                "items": items,
                "clear_url": url_with(params, **{name: None}),
                "active": bool(params.getlist(name)),
            }
        )
    page = query.page if query else 1
    num_pages = results.num_pages
    scopes = []
    if form.on_member_site:
        # A member site searches itself unless asked for every site.
        site = form.current_site
        scopes = [
            {
                "label": site.site_name or site.hostname,
                "url": url_with(params, site=None),
                "active": not form.site_values,
            },
            {
                "label": _("Whole province"),
                "url": url_with(params, site=sites.EVERY_SITE),
                "active": bool(form.site_values),
            },
        ]
    pages = sorted(
        {1, num_pages, *range(max(1, page - 2), min(num_pages, page + 2) + 1)}
    )
    return {
        "form": form,
        "results": results,
        "q": query.q if query else "",
        "scopes": scopes,
        "tabs": tabs,
        "facets": facets,
        "sorts": [
            {
                "value": s,
                "label": SORT_LABELS[s],
                "url": url_with(params, sort=s),
                "active": (query.sort if query else "relevance") == s,
            }
            for s in SORTS
        ],
        "page_links": [
            {
                "number": n,
                "url": url_with(params, page=n),
                "current": n == page,
                # Pages left out before this one: "1 … 5 6 7".
                "gap": i > 0 and n - pages[i - 1] > 1,
            }
            for i, n in enumerate(pages)
        ],
        "previous_url": url_with(params, page=page - 1) if page > 1 else "",
        "next_url": url_with(params, page=page + 1) if page < num_pages else "",
        "feed_url": reverse("search_feed") + url_with(params, page=None),
        "results_parts": results_parts(),
        "clear_filters_url": url_with(
            QueryDict(mutable=True),
            q=query.q if query else None,
            type=kind or None,
            site=form.site_values or None,
        ),
    }


@require_safe
def search_page(request):
    with sites.roots_read_once():
        return _search_page(request)


def _search_page(request):
    form = SearchForm(
        request.GET,
        default_page_size=PAGE_SIZE,
        current_site=Site.find_for_request(request),
    )
    context: dict = {
        "form": form,
        "searched": bool(request.GET),
        # What the site's base template says of the page to search engines and
        # social networks (one address, whatever was searched).
        "page_meta": {
            "title": _("Search"),
            "description": _(
                "Search %(kinds)s on the portal, typed with or without "
                "diacritics, or by a document number."
            )
            % {"kinds": ", ".join(str(kind.label).lower() for kind in kinds())},
            "path": reverse("search"),
        },
    }
    if form.is_valid():
        results = service.search(form.to_query())
        if results.count and results.query.page > results.num_pages:
            return redirect(
                reverse("search") + url_with(request.GET, page=results.num_pages)
            )
        context.update(build_context(request, form, results))
        if results.query.q and (not results.count or results.relaxed):
            context["suggestions"] = service.suggest(
                results.query.q, limit=SUGGESTION_COUNT
            )
        elif results.query.q and results.query.page == 1:
            context["suggestions"] = []
    status = 200 if form.is_valid() else 400
    return render(request, "search/search.html", context, status=status)


class _BadParameters(Exception):
    pass


class SearchFeed(Feed):
    """An Atom feed of any search URL: the newest matching documents."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except _BadParameters:
            # 400 like the page, not an empty feed a reader keeps polling.
            return HttpResponseBadRequest(
                _("Invalid search parameters."),
                content_type="text/plain; charset=utf-8",
            )

    def get_object(self, request):
        form = SearchForm(
            request.GET,
            default_page_size=PAGE_SIZE,
            current_site=Site.find_for_request(request),
        )
        if not form.is_valid():
            raise _BadParameters
        query = form.to_query(facets=())
        # A feed lists what is new, whatever the page sorts by.
        return request, dataclasses.replace(query, sort="newest", page=1)

    @staticmethod
    def _absolute(request, url: str) -> str:
        """Absolute addresses from the request's Wagtail site (its hostname and
        port), as the pages themselves print them, not from the Host header."""
        if not url or url.startswith(("http://", "https://")):
            return url
        site = Site.find_for_request(request)
        return (site.root_url if site else request.build_absolute_uri("/")[:-1]) + url

    def feed_url(self, obj):
        return self._absolute(obj[0], obj[0].get_full_path())

    def title(self, obj):
        if obj[1].q:
            return _("Search: %(q)s") % {"q": obj[1].q}
        return _("Search results")

    def link(self, obj):
        return self._absolute(obj[0], reverse("search") + url_with(obj[0].GET))

    def subtitle(self, obj):
        return _("The newest documents matching this search.")

    def items(self, obj):
        # A page no site reaches any more has no address (search.addresses).
        return [
            dataclasses.replace(hit, url=self._absolute(obj[0], hit.url))
            for hit in service.search(obj[1], relax=False, labels=False).results
            if hit.url
        ]

    def item_title(self, item):
        return f"{item.number} — {item.title}" if item.number else item.title

    def item_description(self, item):
        return strip_tags(item.summary or item.snippet)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        if item.date:
            return timezone.make_aware(
                datetime.datetime.combine(item.date, datetime.time())
            )
        return None

    def item_updateddate(self, item):
        return self.item_pubdate(item)
