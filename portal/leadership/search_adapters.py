"""Leaders (tab "Lãnh đạo") and the press (tab "Báo chí") in the site-wide search.

Schedule entries are not indexed: they are many, short-lived and reached through
the week view and the leader's page; a leader's name finds the leader, whose page
links to their schedule."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import pgettext_lazy

from cms_blocks.blocks import searchable_text
from portal.core.models import PublicBody
from search import registry
from search.addresses import page_address

from .models import LeaderPage, PressConferencePage, PressReleasePage

LEADERS = registry.Kind(
    "leader", pgettext_lazy("search result kind", "Leaders"), order=50
)
PRESS = registry.Kind("press", pgettext_lazy("search result kind", "Press"), order=55)


def joined(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


class PageAdapter(registry.SearchAdapter):
    """A live page of this app: its address, title and what `fields` adds."""

    def fields(self, page) -> dict:
        raise NotImplementedError

    def to_document(self, page) -> registry.IndexedDocument | None:
        url = page_address(page)
        if not url or not page.live:
            return None
        return registry.IndexedDocument(
            key=self.key_for(page),
            kind=self.kind.name,
            title=page.title,
            url=url,
            **self.fields(page),
        )


class LeaderAdapter(PageAdapter):
    kind = LEADERS
    depends_on = (PublicBody,)

    def get_queryset(self):
        return LeaderPage.objects.live().public().select_related("public_body")

    def fields(self, page: LeaderPage) -> dict:
        body = page.public_body.name if page.public_body_id else ""
        return {
            "summary": ", ".join(filter(None, [page.position, body])),
            "text": joined(
                page.intro,
                strip_tags(page.responsibilities),
                searchable_text(page.body),
            ),
            "extra": {"position": page.position, "body": body},
        }

    def dependants(self, changed: models.Model) -> Iterable[models.Model]:
        if isinstance(changed, PublicBody):
            return self.get_queryset().filter(public_body=changed)
        return ()


class PressReleaseAdapter(PageAdapter):
    kind = PRESS

    def get_queryset(self):
        return PressReleasePage.objects.live().public()

    def fields(self, page: PressReleasePage) -> dict:
        return {
            "summary": page.intro,
            "text": searchable_text(page.body),
            "number": page.number,
            "date": page.date,
            "extra": {"section": page.kind_label},
        }


class PressConferenceAdapter(PageAdapter):
    kind = PRESS
    depends_on = (LeaderPage,)

    def get_queryset(self):
        return PressConferencePage.objects.live().public().select_related("chair")

    def fields(self, page: PressConferencePage) -> dict:
        return {
            "summary": page.intro or "; ".join(page.topic_list),
            "text": joined(
                page.topics,
                page.place,
                page.chaired_by,
                searchable_text(page.body),
                strip_tags(page.summary),
            ),
            "date": page.sort_date,
            "extra": {"section": page.kind_label},
        }

    def dependants(self, changed: models.Model) -> Iterable[models.Model]:
        if isinstance(changed, LeaderPage):
            return self.get_queryset().filter(chair=changed)
        return ()


registry.register(LeaderPage, LeaderAdapter())
registry.register(PressReleasePage, PressReleaseAdapter())
registry.register(PressConferencePage, PressConferenceAdapter())
