"""How content apps tell `search` what to index, without `search` importing them.

A content app describes each searchable model with a `SearchAdapter` subclass and
registers it in its `search_adapters.py` module, which the search app imports
from every installed app at start-up (as the admin finds `admin.py`)::

    from search import registry

    REPORTS = registry.Kind("report", _("Reports"), order=10)

    class ReportAdapter(registry.SearchAdapter):
        kind = REPORTS

        def get_queryset(self):
            return ReportPage.objects.live().public()

        def to_document(self, page):
            return registry.IndexedDocument(
                key=self.key_for(page), kind=self.kind.name, ...
            )

    registry.register(ReportPage, ReportAdapter())

The search knows the kinds (its tabs), their labels and their order only from
what registered: `kinds()`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

#: A kind's name: it is a URL parameter, the start of document keys and part of
#: index names (lower case only), and fits IndexEntry.kind.
_KIND_NAME = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
#: The facet counting documents per Wagtail site (the "Cổng" facet): its
#: values are IndexedDocument.sites, which the search fills in, so no adapter
#: may offer a facet of this name.
SITE_FACET = "site"


@dataclass(frozen=True)
class Kind:
    """A tab of the site-wide search, which the documents of one model or of
    several share: an app's section pages and another app's consultation pages
    can both be "Pages". Adapters of one kind share one Kind object."""

    #: In URLs (`?type=<name>`), document keys ("<name>:42") and index names.
    name: str
    #: The tab's title: a lazy translation.
    label: str
    #: Tabs are shown by increasing order; kinds of equal order as they registered.
    order: int = 0

    def __post_init__(self):
        if not _KIND_NAME.match(self.name):
            raise ValueError(
                f"A search kind's name is up to 20 lower-case letters, digits or "
                f"underscores, starting with a letter: not {self.name!r}."
            )


@dataclass(frozen=True)
class IndexedDocument:
    """What an engine stores for one piece of content."""

    #: Unique across all kinds, e.g. "report:42" (see SearchAdapter.key_for).
    key: str
    #: The name of the adapter's Kind.
    kind: str
    title: str
    url: str
    #: A lead or summary (trích yếu, sapo); boosted above the body.
    summary: str = ""
    #: Body text, including text extracted from attachments.
    text: str = ""
    #: The number the content is known by (e.g. a số ký hiệu), matched in any
    #: spelling.
    number: str = ""
    #: Other numbers to match (e.g. numbers of related documents); boosted low.
    related_numbers: Sequence[str] = ()
    #: The date results are sorted by (e.g. an issue or publication date).
    date: datetime.date | None = None
    #: Filter and facet values by facet name, as URL-safe slugs,
    #: e.g. {"topic": ["dat-dai"], "year": ["2019"]}.
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: Anything else the result list shows, stored and returned as is (JSON-able).
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: The Wagtail sites the content is on, by the id of each site's root page
    #: (a hostname may change, the root stays): filled in by the indexing from
    #: `SearchAdapter.tree_path` (search.sites) when the adapter leaves it empty.
    sites: Sequence[str] = ()


class SearchAdapter:
    """Describes one searchable model to the search app."""

    #: The tab this model's documents are found under.
    kind: Kind
    #: Facet names this model offers, with their Vietnamese labels (lazy strings).
    facets: Mapping[str, str] = {}

    def get_queryset(self) -> models.QuerySet:
        """Objects that belong in the index: live and public only."""
        raise NotImplementedError

    def to_document(self, obj) -> IndexedDocument | None:
        """The document for `obj`, or None when it must not be indexed (e.g. a draft)."""
        raise NotImplementedError

    def prepare_many(self, objs: Sequence[models.Model]) -> None:
        """Called with each batch of `get_queryset()` objects (a drain, a
        rebuild, the requeue of a site's tree) before `to_document` or
        `tree_path` is called on each: fetch here, in a few queries, what they
        would read object by object. The default does nothing (a
        ``prefetch_related`` in `get_queryset` may be enough)."""

    def key_for(self, obj) -> str:
        return f"{self.kind.name}:{obj.pk}"

    def tree_path(self, obj) -> str:
        """The page tree path (treebeard's `Page.path`) of the page `obj` is or
        is shown on: the sites whose root is above it are the document's
        sites. A page's own path by default; an adapter of objects that are
        not pages (a question shown on its index page) says which page."""
        return getattr(obj, "path", "") or ""

    def shown_on_site(self, root_path: str) -> Mapping[str, Sequence[str]]:
        """The documents of this kind on other sites that a member site shows
        as its own (a member portal's chosen province-wide documents), which
        its search then covers too: facet name -> slugs, the facets OR-ed.
        `root_path` is the tree path of the site's root page. None by default."""
        return {}

    def facet_labels(self, facet: str, values: Iterable[str]) -> dict[str, str]:
        """Human-readable labels for facet values (slugs), in one query per facet,
        for a facet without a `vocabulary`."""
        return {value: value for value in values}

    def vocabulary(self, facet: str) -> Mapping[str, Sequence[str]] | None:
        """The names people write for the values of `facet`, which a query may
        contain ("quyết định", "UBND tỉnh"): value (slug) -> names, the first
        being the one shown, e.g. {"quyet-dinh": ["Quyết định"]}. None when the
        facet's values have no names of their own (a year).

        Optional. The search reads it through the registry (`vocabulary()`):
        the facet's values are labelled with these names, and query
        understanding can recognise them."""
        return None

    def relation_vocabulary(self) -> Mapping[str, Sequence[str]]:
        """The relations a document has to others, which a query may ask
        for ("sửa đổi nghị định 61", "hướng dẫn luật đầu tư"): facet name ->
        the names people write for the relation, e.g. {"relation_amends":
        ["Sửa đổi, bổ sung"]}. Each such facet holds, in `to_document`, the
        numbers of the documents this one so acts on, normalised
        (`search.text.normalise_document_number`).

        Optional; query understanding (search.intent) reads it through the
        registry (`relation_vocabulary()`)."""
        return {}

    def dependants(self, changed: models.Model) -> Iterable[models.Model]:
        """Objects to re-index when `changed` (e.g. a renamed taxonomy snippet) changes."""
        return ()

    def dependants_of_many(
        self, changed: Sequence[models.Model]
    ) -> Iterable[models.Model]:
        """`dependants` of many changed objects (a bulk import); override it to
        answer in one query instead of one per object."""
        for obj in changed:
            yield from self.dependants(obj)

    #: Models whose changes may alter this kind's documents (see `dependants`).
    depends_on: Sequence[type[models.Model]] = ()


_registry: dict[type[models.Model], SearchAdapter] = {}


def register(model: type[models.Model], adapter: SearchAdapter) -> None:
    kind = getattr(adapter, "kind", None)
    if not isinstance(kind, Kind):
        raise ImproperlyConfigured(
            f"{type(adapter).__name__}.kind must be a search.registry.Kind."
        )
    if SITE_FACET in adapter.facets:
        raise ImproperlyConfigured(
            f"{type(adapter).__name__} offers a facet named {SITE_FACET!r}: the "
            "search counts the sites under that name itself."
        )
    for other in _registry.values():
        if other.kind.name == kind.name and other.kind != kind:
            raise ImproperlyConfigured(
                f"Two search kinds are named {kind.name!r}: adapters of one kind "
                "must share one Kind."
            )
    _registry[model] = adapter


def adapter_for(obj_or_model) -> SearchAdapter | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:
        if klass in _registry:
            return _registry[klass]
    return None


def registered() -> dict[type[models.Model], SearchAdapter]:
    return dict(_registry)


def adapters() -> list[SearchAdapter]:
    """Every registered adapter once (one may serve several models)."""
    unique: list[SearchAdapter] = []
    for adapter in _registry.values():
        if all(adapter is not other for other in unique):
            unique.append(adapter)
    return unique


def kinds() -> list[Kind]:
    """The kinds of the registered adapters, in the order of their tabs."""
    found: dict[str, Kind] = {}
    for adapter in _registry.values():
        found.setdefault(adapter.kind.name, adapter.kind)
    return sorted(found.values(), key=lambda kind: kind.order)


def kind_names() -> list[str]:
    return [kind.name for kind in kinds()]


def get_kind(name: str) -> Kind | None:
    return next((kind for kind in kinds() if kind.name == name), None)


def adapters_for_kind(name: str) -> list[SearchAdapter]:
    return [adapter for adapter in adapters() if adapter.kind.name == name]


def facets(kind: str) -> dict[str, str]:
    """Facet name -> label of the adapters of `kind`, the first label of a name."""
    found: dict[str, str] = {}
    for adapter in adapters_for_kind(kind):
        for name, label in adapter.facets.items():
            found.setdefault(name, label)
    return found


def facet_names() -> set[str]:
    """Every facet some kind offers."""
    return {name for adapter in adapters() for name in adapter.facets}


def _vocabularies(facet: str, kind: str = ""):
    """(adapter, its vocabulary of `facet` or None) for each adapter of `kind`
    (of every kind with "") that offers the facet."""
    for adapter in adapters_for_kind(kind) if kind else adapters():
        if facet in adapter.facets:
            yield adapter, adapter.vocabulary(facet)


def vocabulary(facet: str, kind: str = "") -> dict[str, list[str]]:
    """Value -> names of `facet`, from the adapters of `kind` (of every kind with
    "") that name its values (SearchAdapter.vocabulary): what a query may say
    to mean that value."""
    found: dict[str, list[str]] = {}
    for _adapter, names in _vocabularies(facet, kind):
        for value, spellings in (names or {}).items():
            known = found.setdefault(value, [])
            known += [name for name in spellings if name not in known]
    return found


def relation_vocabulary() -> dict[str, list[str]]:
    """Relation facet -> names, of every adapter (SearchAdapter.relation_vocabulary)."""
    found: dict[str, list[str]] = {}
    for adapter in adapters():
        for facet, spellings in adapter.relation_vocabulary().items():
            known = found.setdefault(facet, [])
            known += [name for name in spellings if name not in known]
    return found


def facet_labels(kind: str, facet: str, values: Iterable[str]) -> dict[str, str]:
    """Labels of `facet`'s values in `kind`: the first name its vocabulary gives,
    else what the adapter's facet_labels says, else the value itself."""
    values = list(values)
    labels: dict[str, str] = {}
    for adapter, names in _vocabularies(facet, kind):
        if names is None:
            unlabelled = [value for value in values if value not in labels]
            found = adapter.facet_labels(facet, unlabelled)
        else:
            found = {value: names[value][0] for value in values if names.get(value)}
        for value, label in found.items():
            labels.setdefault(value, label)
    return {value: labels.get(value, value) for value in values}


#: Templates other apps add under the search results (see `add_results_part`).
_results_parts: list[str] = []


def add_results_part(template_name: str) -> None:
    """Render `template_name` under the search page's results, with the page's
    context (the form, `results`, the request): how an app offers something for
    a search, such as following it by e-mail, without the search knowing it."""
    if template_name not in _results_parts:
        _results_parts.append(template_name)


def results_parts() -> list[str]:
    return list(_results_parts)
