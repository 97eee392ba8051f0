"""Strategies, planning and plans (chiến lược, quy hoạch, kế hoạch): a list page and
one page per plan, with its period, approving decision, documents and maps."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.api import APIField
from wagtail.models import Orderable

from portal.core.models import AbstractAttachment

from .base import YEAR_VALIDATORS, ApprovedPage, ListPage, kind_field, status_field


class PlanKind(models.TextChoices):
    STRATEGY = "chien-luoc", pgettext_lazy("plan kind", "Strategy")
    PLANNING = "quy-hoach", pgettext_lazy("plan kind", "Planning")
    PLAN = "ke-hoach", pgettext_lazy("plan kind", "Plan")


class PlanStatus(models.TextChoices):
    CONSULTING = "dang-lay-y-kien", pgettext_lazy("plan status", "Open for comments")
    APPROVED = "da-phe-duyet", pgettext_lazy("plan status", "Approved")
    IN_PROGRESS = "dang-thuc-hien", pgettext_lazy("plan status", "Being carried out")
    EXPIRED = "het-hieu-luc", pgettext_lazy("plan status", "No longer in force")


class PlanIndexPage(ListPage):
    """The list of strategies, planning and plans."""

    subpage_types = ["planning.PlanPage"]
    template = "planning/plan_index_page.html"
    listing_class = "portal.planning.listing.PlanListing"

    class Meta:
        verbose_name = _("plan list")
        verbose_name_plural = _("plan lists")


class PlanPage(ApprovedPage):
    """One strategy, planning or plan."""

    kind = kind_field(PlanKind, max_length=12)
    status = status_field(PlanStatus, default=PlanStatus.APPROVED)
    period_start = models.PositiveSmallIntegerField(
        _("from year"), validators=YEAR_VALIDATORS
    )
    period_end = models.PositiveSmallIntegerField(
        _("to year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    vision_year = models.PositiveSmallIntegerField(
        _("vision to year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("For a planning with a vision, e.g. 2050."),
    )
    drafted_by = models.CharField(
        _("drafting body"),
        max_length=255,
        blank=True,
        help_text=_("The body that drew it up, e.g. Sở Kế hoạch và Đầu tư."),
    )

    parent_page_types = ["planning.PlanIndexPage"]
    subpage_types: list[str] = []
    template = "planning/plan_page.html"

    structured_data_function = "portal.planning.structured_data.plan_data"

    general_panels = [
        *ApprovedPage.heading_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("period_start"),
                        FieldPanel("period_end"),
                        FieldPanel("vision_year"),
                    ]
                )
            ],
            heading=pgettext_lazy("planning", "Period"),
        ),
        FieldPanel("drafted_by"),
        ApprovedPage.decision_panel,
        FieldPanel("body"),
    ]
    file_panels = [
        InlinePanel("attachments", heading=_("Documents"), label=_("Document")),
        InlinePanel("maps", heading=_("Maps"), label=_("Map")),
    ]
    edit_handler = ApprovedPage.edit_tabs(
        general_panels, ObjectList(file_panels, heading=_("Documents and maps"))
    )

    api_fields = [
        *ApprovedPage.api_fields,
        APIField("period_start"),
        APIField("period_end"),
        APIField("vision_year"),
        APIField("drafted_by"),
        APIField("attachments"),
    ]

    class Meta:
        verbose_name = _("strategy, planning or plan")
        verbose_name_plural = _("strategies, planning and plans")

    def clean(self):
        super().clean()
        if (
            self.period_end
            and self.period_start
            and self.period_end < self.period_start
        ):
            raise ValidationError(
                {"period_end": _("The period cannot end before it starts.")}
            )
        if self.vision_year and self.vision_year < (
            self.period_end or self.period_start or 0
        ):
            raise ValidationError(
                {"vision_year": _("The vision reaches beyond the period's end.")}
            )

    def filter_year(self) -> int | None:
        """The year of approval; before it (a draft open for comments), the
        period's first year."""
        return super().filter_year() or self.period_start

    @property
    def period_label(self) -> str:
        """ "2021–2030, tầm nhìn đến năm 2050"."""
        if not self.period_start:
            return ""
        label = str(self.period_start)
        if self.period_end and self.period_end != self.period_start:
            label = f"{self.period_start}–{self.period_end}"
        if self.vision_year:
            label += ", " + str(_("vision to %(year)s") % {"year": self.vision_year})
        return label

    detail_rows = {"attachments": ("document",), "maps": ("image",)}


class PlanAttachment(AbstractAttachment):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="attachments")


class PlanMap(Orderable):
    """A map or diagram of a planning (sơ đồ, bản đồ), shown as an image."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="maps")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(
        _("caption"),
        max_length=255,
        help_text=_("What the map shows; read aloud to those who cannot see it."),
    )

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("map")
        verbose_name_plural = _("maps")

    def __str__(self) -> str:
        return self.caption
