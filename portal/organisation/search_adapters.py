"""Bodies and officials' contacts in the site-wide search, under the tab
"Cơ quan, đơn vị". A body is found on its page under the organisation chart of
the portal whose tree holds it (the province's first); a contact on the
directory of that portal."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import pgettext_lazy

from portal.core.models import PublicBody
from search import registry
from search.addresses import page_address

from .models import BodyScopePage, DirectoryPage, OrganisationChartPage, PublicContact
from .tree import is_under, parent_map

BODIES = registry.Kind(
    "body", pgettext_lazy("search result kind", "Public bodies"), order=60
)


class Showing:
    """The live public pages of `model` in the order a body's page is looked
    for (the default site's first, then the others in tree order), each with
    the bodies at the top of its tree: read once for a batch of bodies."""

    def __init__(self, model: type[BodyScopePage]):
        self.parents = parent_map()
        pages = sorted(
            model.objects.live().public().specific(),
            key=lambda page: (not _on_default_site(page), page.path),
        )
        self.pages = [(page, {top.pk for top in page.tops()}) for page in pages]

    def page_for(self, body_id: int) -> BodyScopePage | None:
        for page, tops in self.pages:
            if is_under(body_id, tops, self.parents):
                return page
        return None


def page_showing(model: type[BodyScopePage], body_id: int) -> BodyScopePage | None:
    """The live public page of `model` whose tree holds the body."""
    return Showing(model).page_for(body_id)


def _on_default_site(page) -> bool:
    site = page.get_site()
    return bool(site and site.is_default_site)


class ShownOnBodyPage:
    """Adapter part for what is shown on the chart or directory page whose tree
    holds a body: that page, found for a whole batch in one pass
    (`prepare_many`), else looked up for one object."""

    page_model: type[BodyScopePage]

    def body_id(self, obj) -> int:
        raise NotImplementedError

    def prepare_many(self, objs) -> None:
        showing = Showing(self.page_model)
        for obj in objs:
            obj._search_showing_page = showing.page_for(self.body_id(obj))

    def page(self, obj) -> BodyScopePage | None:
        if hasattr(obj, "_search_showing_page"):
            return obj._search_showing_page
        return page_showing(self.page_model, self.body_id(obj))

    def tree_path(self, obj) -> str:
        page = self.page(obj)
        return page.path if page else ""


class PublicBodyAdapter(ShownOnBodyPage, registry.SearchAdapter):
    kind = BODIES
    depends_on = (OrganisationChartPage,)
    page_model = OrganisationChartPage

    def get_queryset(self) -> models.QuerySet:
        return PublicBody.objects.select_related("parent")

    def body_id(self, body) -> int:
        return body.pk

    def to_document(self, body) -> registry.IndexedDocument | None:
        chart = self.page(body)
        if chart is None:
            return None
        url = page_address(chart, f"co-quan/{body.slug}/")
        if not url:
            return None
        head = " ".join(part for part in (body.head_title, body.head_name) if part)
        return registry.IndexedDocument(
            key=self.key_for(body),
            kind=self.kind.name,
            title=body.name,
            url=url,
            summary=body.functions or head,
            text="\n".join(
                part
                for part in (
                    head,
                    body.address,
                    body.phone,
                    body.email,
                    body.parent.name if body.parent_id else "",
                )
                if part
            ),
            extra={"section": str(body.get_kind_display() or "")},
        )

    def dependants(self, changed) -> Iterable[models.Model]:
        # A chart's top bodies decide which bodies have a page on it.
        return self.get_queryset()


class PublicContactAdapter(ShownOnBodyPage, registry.SearchAdapter):
    kind = BODIES
    depends_on = (PublicBody, DirectoryPage)
    page_model = DirectoryPage

    def get_queryset(self) -> models.QuerySet:
        return PublicContact.objects.select_related("body")

    def body_id(self, contact) -> int:
        return contact.body_id

    def to_document(self, contact) -> registry.IndexedDocument | None:
        directory = self.page(contact)
        if directory is None:
            return None
        url = page_address(directory, f"#{contact.anchor}")
        if not url:
            return None
        return registry.IndexedDocument(
            key=self.key_for(contact),
            kind=self.kind.name,
            title=f"{contact.name} – {contact.position}",
            url=url,
            summary=contact.body.name,
            text="\n".join(part for part in (contact.phone, contact.email) if part),
            extra={"section": contact.body.name},
        )

    def key_for(self, contact) -> str:
        # Bodies and contacts share the kind: their ids are told apart here.
        return f"{self.kind.name}:contact-{contact.pk}"

    def dependants(self, changed) -> Iterable[models.Model]:
        if isinstance(changed, PublicBody):
            return self.get_queryset().filter(body=changed)
        return self.get_queryset()


registry.register(PublicBody, PublicBodyAdapter())
registry.register(PublicContact, PublicContactAdapter())
