"""What the site-wide search indexes for a procedure (see search.registry)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.models import PublicBody
from search import registry
from search.addresses import page_address

from .models import (
    Channel,
    Level,
    OnlineLevel,
    ProcedureField,
    ProcedurePage,
)

_CHOICE_LABELS = {
    "level": dict(Level.choices),
    "online_level": dict(OnlineLevel.choices),
    "channel": dict(Channel.choices),
}


PROCEDURES = registry.Kind("procedure", _("Administrative procedures"), order=30)


class ProcedureSearchAdapter(registry.SearchAdapter):
    kind = PROCEDURES
    facets = {
        "field": pgettext_lazy("procedure facet", "Field"),
        "level": pgettext_lazy("procedure facet", "Level"),
        "agency": pgettext_lazy("procedure facet", "Agency"),
        "online_level": pgettext_lazy("procedure facet", "Online service level"),
        "channel": pgettext_lazy("procedure facet", "How to apply"),
    }
    depends_on = (ProcedureField, PublicBody)

    def get_queryset(self) -> models.QuerySet:
        return (
            ProcedurePage.objects.live()
            .public()
            .select_related("field", "competent_authority")
            .prefetch_related(
                "implementing_agencies",
                "coordinating_agencies",
                "audiences",
                "steps",
                "channels",
                "dossier_items",
                "legal_bases",
            )
        )

    def to_document(self, page: ProcedurePage) -> registry.IndexedDocument | None:
        if not page.live:
            return None
        agencies = list(page.implementing_agencies.all())
        channels = page.ordered_channels
        bases = list(page.legal_bases.all())
        text_parts = [
            page.field.name,
            *(agency.name for agency in agencies),
            page.competent_authority.name if page.competent_authority else "",
            *(audience.name for audience in page.audiences.all()),
            *(f"{step.title} {step.description}" for step in page.steps.all()),
            *(
                f"{channel.get_channel_display()}: {channel.time_limit} {channel.fee}"
                for channel in channels
            ),
            *(item.name for item in page.dossier_items.all()),
            page.requirements,
            page.result,
            *(f"{basis.number} {basis.title}" for basis in bases),
        ]
        published = page.last_published_at or page.first_published_at
        return registry.IndexedDocument(
            key=self.key_for(page),
            kind=self.kind.name,
            title=page.title,
            url=page_address(page),
            summary=page.intro or page.result[:300],
            text="\n".join(
                part.strip() for part in text_parts if part and part.strip()
            ),
            number=page.code,
            related_numbers=[basis.number for basis in bases],
            date=published.date() if published else None,
            facets={
                "field": [page.field.slug],
                "level": [page.level],
                "agency": [agency.slug for agency in agencies],
                "online_level": [page.online_level],
                "channel": [channel.channel for channel in channels],
            },
            extra={
                "code": page.code,
                "level": str(page.get_level_display()),
                "online_level": str(page.get_online_level_display()),
            },
        )

    def facet_labels(self, facet: str, values: Iterable[str]) -> dict[str, str]:
        values = list(values)
        if facet in _CHOICE_LABELS:
            labels = _CHOICE_LABELS[facet]
            return {value: str(labels.get(value, value)) for value in values}
        model = {"field": ProcedureField, "agency": PublicBody}.get(facet)
        if model is None:
            return {value: value for value in values}
        names = dict(model.objects.filter(slug__in=values).values_list("slug", "name"))
        return {value: names.get(value, value) for value in values}

    def dependants(self, changed: models.Model) -> Iterable[models.Model]:
        queryset = self.get_queryset()
        if isinstance(changed, ProcedureField):
            return queryset.filter(field=changed)
        if isinstance(changed, PublicBody):
            return queryset.filter(
                models.Q(implementing_agencies=changed)
                | models.Q(competent_authority=changed)
            ).distinct()
        return ()


registry.register(ProcedurePage, ProcedureSearchAdapter())
