"""Plans and projects in the site-wide search, each under a tab of its own
(see search.registry), with the filters of their lists as facets."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.timezone import localdate
from django.utils.translation import pgettext_lazy

from cms_blocks.blocks import searchable_text
from search import registry
from search.addresses import page_address

from .models import (
    Area,
    PlanKind,
    PlanPage,
    PlanStatus,
    ProjectKind,
    ProjectPage,
    ProjectStatus,
    Sector,
)
from .templatetags.planning_tags import format_vnd

PLANS = registry.Kind(
    "plan", pgettext_lazy("search result kind", "Plans and planning"), order=56
)
PROJECTS = registry.Kind(
    "project", pgettext_lazy("search result kind", "Projects and tenders"), order=57
)

FACETS = {
    "kind": pgettext_lazy("planning facet", "Kind"),
    "field": pgettext_lazy("planning facet", "Field"),
    "year": pgettext_lazy("planning facet", "Year"),
    "status": pgettext_lazy("planning facet", "Status"),
    "area": pgettext_lazy("planning facet", "Area"),
}


class ApprovedPageAdapter(registry.SearchAdapter):
    """What plans and projects share: facets, taxonomies, the decision."""

    facets = FACETS
    depends_on = (Sector, Area)
    model: type[models.Model]
    choice_labels: dict[str, dict[str, str]]

    def get_queryset(self) -> models.QuerySet:
        return (
            self.model.objects.live()
            .public()
            .select_related("sector")
            .prefetch_related("areas", "attachments")
        )

    def text_parts(self, page) -> list[str]:
        """What this kind adds to the shared text."""
        return []

    def to_document(self, page) -> registry.IndexedDocument | None:
        url = page_address(page)
        if not page.live or not url:
            return None
        areas = list(page.areas.all())
        parts = [
            page.sector.name,
            page.get_kind_display(),
            page.get_status_display(),
            *(area.name for area in areas),
            page.decision_label,
            *self.text_parts(page),
            *(attachment.display_title for attachment in page.attachments.all()),
            searchable_text(page.body),
        ]
        published = page.last_published_at or page.first_published_at
        return registry.IndexedDocument(
            key=self.key_for(page),
            kind=self.kind.name,
            title=page.title,
            url=url,
            summary=page.search_description or page.intro,
            text="\n".join(str(part).strip() for part in parts if part),
            number=page.decision_number,
            date=page.decision_date
            or getattr(page, "start_date", None)
            or (localdate(published) if published else None),
            facets={
                "kind": [page.kind],
                "field": [page.sector.slug],
                "year": [str(page.year)] if page.year else [],
                "status": [page.status],
                "area": [area.slug for area in areas],
            },
            extra={
                "kind": str(page.get_kind_display()),
                "status": str(page.get_status_display()),
                "field": page.sector.name,
            },
        )

    def facet_labels(self, facet: str, values: Iterable[str]) -> dict[str, str]:
        values = list(values)
        if facet in self.choice_labels:
            labels = self.choice_labels[facet]
            return {value: str(labels.get(value, value)) for value in values}
        model = {"field": Sector, "area": Area}.get(facet)
        if model is None:
            return {value: value for value in values}
        names = dict(model.objects.filter(slug__in=values).values_list("slug", "name"))
        return {value: names.get(value, value) for value in values}

    def dependants(self, changed: models.Model) -> Iterable[models.Model]:
        if isinstance(changed, Sector):
            return self.get_queryset().filter(sector=changed)
        if isinstance(changed, Area):
            return self.get_queryset().filter(areas=changed).distinct()
        return ()


class PlanSearchAdapter(ApprovedPageAdapter):
    kind = PLANS
    model = PlanPage
    choice_labels = {
        "kind": dict(PlanKind.choices),
        "status": dict(PlanStatus.choices),
    }

    def text_parts(self, page: PlanPage) -> list[str]:
        return [page.period_label, page.drafted_by]


class ProjectSearchAdapter(ApprovedPageAdapter):
    kind = PROJECTS
    model = ProjectPage
    choice_labels = {
        "kind": dict(ProjectKind.choices),
        "status": dict(ProjectStatus.choices),
    }

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().prefetch_related("notices")

    def text_parts(self, page: ProjectPage) -> list[str]:
        notices = [
            f"{notice.title} {notice.notice_number} {notice.method} {notice.winner}"
            for notice in page.notices.all()
        ]
        return [
            page.investor,
            page.capital_source,
            page.location,
            format_vnd(page.total_investment),
            *notices,
        ]


registry.register(PlanPage, PlanSearchAdapter())
registry.register(ProjectPage, ProjectSearchAdapter())
