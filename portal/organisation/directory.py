"""The directory's service: the bodies of a directory page with their contacts,
matched by the query folded (with or without diacritics) and filtered by kind of
body. Every filter is a query-string parameter, so a filtered list can be shared
and printed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from portal.core.models import PublicBody, PublicBodyKind
from search.forms import MAX_QUERY_LENGTH
from search.text import fold

from .models import DirectoryPage, OrganisationChartPage, PublicContact
from .tree import walk

QUERY_PARAM = "q"
KIND_PARAM = "loai"


@dataclass
class DirectoryEntry:
    """A body with the contacts the directory shows for it."""

    body: PublicBody
    depth: int
    contacts: list[PublicContact]
    #: The body's page on the site's organisation chart ("" without one).
    url: str = ""


@dataclass
class KindOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class DirectoryResult:
    entries: list[DirectoryEntry]
    query: str
    kinds: list[KindOption]
    selected_kinds: list[str]
    #: A message about input that could not be used.
    error: str = ""
    contact_count: int = 0
    filters: dict[str, list[str]] = field(default_factory=dict)

    @property
    def query_string(self) -> str:
        return urlencode(self.filters, doseq=True)

    @property
    def is_filtered(self) -> bool:
        return bool(self.query or self.selected_kinds)


def _matches(words: list[str], *texts: str) -> bool:
    haystack = fold(" ".join(text for text in texts if text))
    return all(word in haystack for word in words)


def body_texts(body: PublicBody) -> tuple[str, ...]:
    return (body.name, body.head_name, body.head_title, body.address)


def contact_texts(contact: PublicContact) -> tuple[str, ...]:
    return (contact.name, contact.position, contact.body.name)


class Directory:
    """The directory of `page` as the query string `params` asks."""

    def __init__(self, page: DirectoryPage, params: Mapping):
        self.page = page
        self.params = params

    def clean_query(self) -> tuple[str, str]:
        query = " ".join((self.params.get(QUERY_PARAM) or "").split())
        if len(query) > MAX_QUERY_LENGTH:
            return "", _(
                "The search text is too long: write at most %(limit)d characters."
            ) % {"limit": MAX_QUERY_LENGTH}
        return query, ""

    def clean_kinds(self) -> list[str]:
        valid = set(PublicBodyKind.values)
        values = getattr(self.params, "getlist", lambda name: [])(KIND_PARAM)
        return [value for value in dict.fromkeys(values) if value in valid]

    def body_urls(self) -> dict[int, str]:
        """Each body's page on the organisation chart of the directory's site."""
        site = self.page.get_site()
        chart = (
            OrganisationChartPage.objects.live().public().in_site(site).first()
            if site is not None
            else None
        )
        if chart is None:
            return {}
        return {node.body.pk: chart.body_url(node.body) for node in walk(chart.tree())}

    def run(self) -> DirectoryResult:
        query, error = self.clean_query()
        selected_kinds = self.clean_kinds()
        words = fold(query).split()
        nodes = list(walk(self.page.tree()))
        contacts_by_body: dict[int, list[PublicContact]] = defaultdict(list)
        contacts = PublicContact.objects.filter(
            body__in=[node.body.pk for node in nodes]
        ).select_related("body")
        for contact in contacts.order_by("sort_order", "name"):
            contacts_by_body[contact.body_id].append(contact)

        matched: list[tuple[int, PublicBody, list[PublicContact]]] = []
        for node in nodes:
            body = node.body
            shown = contacts_by_body.get(body.pk, [])
            if words and not _matches(words, *body_texts(body)):
                shown = [c for c in shown if _matches(words, *contact_texts(c))]
                if not shown:
                    continue
            matched.append((node.depth, body, shown))

        counts: dict[str, int] = defaultdict(int)
        for _depth, body, _shown in matched:
            counts[body.kind] += 1
        kinds = [
            KindOption(value, str(label), counts[value], value in selected_kinds)
            for value, label in PublicBodyKind.choices
            if counts[value] or value in selected_kinds
        ]
        urls = self.body_urls()
        entries = [
            DirectoryEntry(body, depth, shown, urls.get(body.pk, ""))
            for depth, body, shown in matched
            if not selected_kinds or body.kind in selected_kinds
        ]
        filters = {}
        if query:
            filters[QUERY_PARAM] = [query]
        if selected_kinds:
            filters[KIND_PARAM] = selected_kinds
        return DirectoryResult(
            entries=entries,
            query=query,
            kinds=kinds,
            selected_kinds=selected_kinds,
            error=error,
            contact_count=sum(len(entry.contacts) for entry in entries),
            filters=filters,
        )
