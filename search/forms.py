"""The search parameters shared by the page, the feed and the JSON API."""

from __future__ import annotations

import re

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from search import sites
from search.engines.base import SITE_FACET, SORTS, SearchQuery
from search.registry import kinds
from search.service import all_facet_names, facet_names

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 100
MAX_PAGE = 1000
MAX_FILTER_VALUES = 20
_SLUG = re.compile(r"^[-a-zA-Z0-9_.]{1,100}$")
#: Parameters that are not facet filters.
RESERVED = {
    "q",
    "type",
    "sort",
    "page",
    "page_size",
    "date_from",
    "date_to",
    "format",
    "site",
}

SORT_LABELS = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
}


#: Page numbers' messages: Django's own Vietnamese ones read awkwardly.
NUMBER_ERRORS = {
    "invalid": _("Enter a number."),
    "min_value": _("The smallest allowed value is %(limit_value)s."),
    "max_value": _("The largest allowed value is %(limit_value)s."),
}


def _count_field(label, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=maximum,
        error_messages=NUMBER_ERRORS,
    )


def kind_choices() -> list[tuple[str, str]]:
    """The tabs as choices: every registered kind, after "All"."""
    return [("", _("All")), *((kind.name, kind.label) for kind in kinds())]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH, strip=True
    )
    type = forms.ChoiceField(
        label=_("Content type"),
        required=False,
        choices=kind_choices,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(s, SORT_LABELS[s]) for s in SORTS],
    )
    page = _count_field(_("Page"), MAX_PAGE)
    page_size = _count_field(_("Results per page"), MAX_PAGE_SIZE)
    date_from = forms.DateField(label=_("From date"), required=False)
    date_to = forms.DateField(label=_("To date"), required=False)
    #: A Site id or hostname, several OR-ed, or sites.EVERY_SITE; read as a
    #: list in clean() (see search.sites.scope).
    site = forms.CharField(label=_("Portal"), required=False)

    def __init__(
        self,
        data: QueryDict,
        *args,
        default_page_size: int = 20,
        current_site=None,
        **kwargs,
    ):
        """`current_site`: the Wagtail site searched from, whose documents
        alone a search covers by default when it is a member site."""
        super().__init__(data, *args, **kwargs)
        self.default_page_size = default_page_size
        self.filters: dict[str, list[str]] = {}
        self.current_site = current_site
        #: Root page ids searched (SearchQuery.sites); empty: every site.
        self.sites: tuple[str, ...] = ()
        #: What those sites show from others (SearchQuery.shared).
        self.shared: tuple = ()
        #: The `site` values asked for, valid ones only.
        self.site_values: list[str] = []
        #: Whether there are several sites, and the searched one is a member's.
        self.on_member_site = False
        self._several_sites = False

    def _clean_sites(self) -> None:
        values = list(dict.fromkeys(v for v in self.data.getlist("site") if v))
        if len(values) > MAX_FILTER_VALUES:
            self.add_error("site", _("Too many values for one filter."))
            return
        if not values and not sites.several_sites():
            return  # one site: every search covers it, without reading the sites
        roots = sites.site_roots()
        self._several_sites = len(roots) > 1
        current = self.current_site
        self.on_member_site = bool(
            self._several_sites and current and not current.is_default_site
        )
        self.sites, unknown = sites.scope(values, current, roots)
        # A member portal's own search also covers the documents it shows from
        # elsewhere; a portal chosen by name (the "Cổng" facet, `site=`) means
        # its own documents, as the facet counts them.
        if self.sites and not values:
            self.shared = sites.shared_by(self.sites, roots)
        if unknown:
            self.add_error("site", _("Unknown portal."))
        self.site_values = [v for v in values if v not in unknown]

    @property
    def counts_sites(self) -> bool:
        """The "Portal" facet is counted on a search of every site, or of
        sites chosen from it, when there are several."""
        return self._several_sites and (not self.sites or bool(self.site_values))

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date is before the start date."))
        self._clean_sites()
        allowed = all_facet_names()
        kind = cleaned.get("type") or ""
        if kind:
            allowed = set(facet_names(kind)) | allowed
        for name in self.data:
            if name in RESERVED or name not in allowed:
                continue
            values = [v for v in self.data.getlist(name) if v]
            if len(values) > MAX_FILTER_VALUES:
                self.add_error(None, _("Too many values for one filter."))
                continue
            if any(not _SLUG.match(v) for v in values):
                self.add_error(None, _("A filter value is not valid."))
                continue
            if values:
                self.filters[name] = list(dict.fromkeys(values))
        return cleaned

    def to_query(self, facets=None) -> SearchQuery:
        data = self.cleaned_data
        kind = data.get("type") or ""
        if facets is None:
            facets = [*facet_names(kind), *([SITE_FACET] if self.counts_sites else [])]
        return SearchQuery(
            q=data.get("q") or "",
            kind=kind,
            filters=self.filters,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            facets=tuple(facets),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=data.get("page_size") or self.default_page_size,
            sites=self.sites,
            shared=self.shared,
        )

    def labelled_errors(self) -> list[str]:
        """Each error with the label of its parameter ("Trang: …"), for the page."""
        labelled = []
        for field, messages in self.errors.items():
            label = self.fields[field].label if field in self.fields else None
            labelled += [f"{label}: {m}" if label else str(m) for m in messages]
        return labelled

    def error_dict(self) -> dict[str, list[str]]:
        return {
            (field if field != "__all__" else "filters"): [str(m) for m in messages]
            for field, messages in self.errors.items()
        }
