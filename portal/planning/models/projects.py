"""Investment projects, bid packages and public purchases (dự án đầu tư, gói thầu,
mua sắm công): a list page and one page each, with the investor, the money, the
progress and the procurement notices with their results."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
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
from wagtail.search import index

from portal.core.models import AbstractAttachment

from .base import ApprovedPage, ListPage, kind_field, status_field


class ProjectKind(models.TextChoices):
    PROJECT = "du-an", pgettext_lazy("project kind", "Investment project")
    BID_PACKAGE = "goi-thau", pgettext_lazy("project kind", "Bid package")
    PURCHASE = "mua-sam", pgettext_lazy("project kind", "Public purchase")


class ProjectStatus(models.TextChoices):
    PREPARING = "chuan-bi-dau-tu", pgettext_lazy("project status", "In preparation")
    IN_PROGRESS = "dang-thuc-hien", pgettext_lazy("project status", "Under way")
    COMPLETED = "hoan-thanh", pgettext_lazy("project status", "Completed")


class ProjectIndexPage(ListPage):
    """The list of projects, bid packages and purchases."""

    subpage_types = ["planning.ProjectPage"]
    template = "planning/project_index_page.html"
    listing_class = "portal.planning.listing.ProjectListing"

    class Meta:
        verbose_name = _("project list")
        verbose_name_plural = _("project lists")


class ProjectPage(ApprovedPage):
    """One investment project, bid package or public purchase."""

    kind = kind_field(ProjectKind, max_length=10, default=ProjectKind.PROJECT)
    status = status_field(ProjectStatus, default=ProjectStatus.PREPARING)
    investor = models.CharField(
        _("investor"),
        max_length=255,
        help_text=_("Chủ đầu tư, e.g. Ban Quản lý dự án đầu tư xây dựng tỉnh."),
    )
    #: In đồng; shown as 1.234.567.890 đồng.
    total_investment = models.PositiveBigIntegerField(
        _("total investment (đồng)"), null=True, blank=True
    )
    capital_source = models.CharField(
        _("source of capital"),
        max_length=255,
        blank=True,
        help_text=_("For example: Ngân sách tỉnh; vốn ODA; vốn ngân sách trung ương."),
    )
    location = models.CharField(
        _("location"),
        max_length=500,
        blank=True,
        help_text=_("Where the works are, e.g. xã Tân Quang, huyện Văn Lâm."),
    )
    start_date = models.DateField(
        pgettext_lazy("planning", "start"), null=True, blank=True
    )
    end_date = models.DateField(pgettext_lazy("planning", "end"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("How much of the work is done, from 0 to 100."),
    )

    parent_page_types = ["planning.ProjectIndexPage"]
    subpage_types: list[str] = []
    template = "planning/project_page.html"

    structured_data_function = "portal.planning.structured_data.project_data"

    general_panels = [
        *ApprovedPage.heading_panels,
        FieldPanel("investor"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("total_investment"), FieldPanel("capital_source")]
                ),
                FieldPanel("location"),
                FieldRowPanel(
                    [
                        FieldPanel("start_date"),
                        FieldPanel("end_date"),
                        FieldPanel("progress"),
                    ]
                ),
            ],
            heading=_("Money, place and time"),
        ),
        ApprovedPage.decision_panel,
        FieldPanel("body"),
    ]
    procurement_panels = [
        InlinePanel(
            "notices", heading=_("Procurement notices"), label=_("Bid package")
        ),
    ]
    file_panels = [
        InlinePanel("attachments", heading=_("Documents"), label=_("Document")),
    ]
    edit_handler = ApprovedPage.edit_tabs(
        general_panels,
        ObjectList(procurement_panels, heading=_("Procurement")),
        ObjectList(file_panels, heading=_("Documents")),
    )

    search_fields = [*ApprovedPage.search_fields, index.SearchField("investor")]
    api_fields = [
        *ApprovedPage.api_fields,
        APIField("investor"),
        APIField("total_investment"),
        APIField("capital_source"),
        APIField("location"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("progress"),
        APIField("notices"),
        APIField("attachments"),
    ]

    class Meta:
        verbose_name = _("project, bid package or purchase")
        verbose_name_plural = _("projects, bid packages and purchases")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end cannot come before the start.")}
            )

    def filter_year(self) -> int | None:
        """The year it starts; before a start date, the year of its decision."""
        return self.start_date.year if self.start_date else super().filter_year()

    detail_rows = {"notices": (), "attachments": ("document",)}


class ProcurementNotice(Orderable):
    """A bid package's notice (thông báo mời thầu) and, once known, its result."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("bid package"), max_length=500)
    notice_number = models.CharField(
        _("notice number"),
        max_length=50,
        blank=True,
        help_text=_(
            "The number on the national e-procurement system, e.g. IB2400012345."
        ),
    )
    method = models.CharField(
        _("selection method"),
        max_length=255,
        blank=True,
        help_text=_("For example: Đấu thầu rộng rãi qua mạng."),
    )
    package_price = models.PositiveBigIntegerField(
        _("package price (đồng)"), null=True, blank=True
    )
    published_on = models.DateField(_("notice date"), null=True, blank=True)
    closing_at = models.DateTimeField(_("bid closing"), null=True, blank=True)
    winner = models.CharField(_("winning bidder"), max_length=500, blank=True)
    contract_price = models.PositiveBigIntegerField(
        _("winning price (đồng)"), null=True, blank=True
    )
    result_date = models.DateField(_("result date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("notice_number"), FieldPanel("method")]),
        FieldRowPanel(
            [
                FieldPanel("package_price"),
                FieldPanel("published_on"),
                FieldPanel("closing_at"),
            ]
        ),
        FieldRowPanel(
            [
                FieldPanel("winner"),
                FieldPanel("contract_price"),
                FieldPanel("result_date"),
            ]
        ),
        FieldPanel("note"),
    ]
    api_fields = [
        APIField("title"),
        APIField("notice_number"),
        APIField("method"),
        APIField("package_price"),
        APIField("published_on"),
        APIField("closing_at"),
        APIField("winner"),
        APIField("contract_price"),
        APIField("result_date"),
        APIField("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("procurement notice")
        verbose_name_plural = _("procurement notices")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if (
            self.published_on
            and self.closing_at
            and self.closing_at.date() < self.published_on
        ):
            raise ValidationError(
                {"closing_at": _("Bids cannot close before the notice is published.")}
            )
        if self.winner and not self.result_date:
            raise ValidationError(
                {"result_date": _("Enter the date the result was approved.")}
            )


class ProjectAttachment(AbstractAttachment):
    page = ParentalKey(
        ProjectPage, on_delete=models.CASCADE, related_name="attachments"
    )
