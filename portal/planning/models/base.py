"""What plans and projects share: their vocabularies (snippets), their kind and
status, the decision that approved them, the editor's tabs, the JSON-LD and the
folded text the lists match without a search engine."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from portal.core.api_fields import TaxonomySerializer
from portal.core.json_ld import json_ld
from portal.core.models import BasePortalPage
from portal.core.taxonomy import Taxonomy
from search.text import fold

#: Years a plan's period or a project's dates may name.
FIRST_YEAR, LAST_YEAR = 1945, 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def is_year(value: str) -> bool:
    """A year a list may be filtered by (a value from the query string)."""
    return value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR


def kind_field(choices: type[models.TextChoices], max_length: int, **options):
    """The field saying which of a page type's kinds a page is."""
    return models.CharField(
        pgettext_lazy("planning", "kind"),
        max_length=max_length,
        choices=choices.choices,
        **options,
    )


def status_field(choices: type[models.TextChoices], default: str):
    """The field saying where a plan or project stands."""
    return models.CharField(
        pgettext_lazy("planning", "status"),
        max_length=16,
        choices=choices.choices,
        default=default,
    )


class Sector(Taxonomy):
    """Lĩnh vực of plans and projects: "Giao thông", "Đất đai", "Y tế"..."""

    class Meta(Taxonomy.Meta):
        verbose_name = pgettext_lazy("planning", "field")
        verbose_name_plural = pgettext_lazy("planning", "fields")


class Area(Taxonomy):
    """Địa bàn: where a plan applies or a project is built ("Toàn tỉnh", "Huyện
    Văn Lâm", "Xã Tân Quang")."""

    class Meta(Taxonomy.Meta):
        verbose_name = pgettext_lazy("planning", "area")
        verbose_name_plural = pgettext_lazy("planning", "areas")


class ListPage(BasePortalPage):
    """A list of plans or of projects, with filters, counts per filter value and
    a search box (portal.core.listing)."""

    per_page = models.PositiveSmallIntegerField(_("items per page"), default=20)

    max_count_per_parent = 1
    content_panels = [*BasePortalPage.content_panels, FieldPanel("per_page")]
    #: Dotted path of the list's `portal.core.listing.Listing` (which imports the
    #: page models, hence a path).
    listing_class: str

    class Meta:
        abstract = True

    def listing(self, params, request=None, site=None):
        """The list filtered by `params` (a query string's), as `request` or an
        anonymous visitor of `site` sees it."""
        return import_string(self.listing_class)(self, params, request, site=site)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.listing(request.GET, request).run()
        return context


class ApprovedPage(BasePortalPage):
    """A page about something a decision approved: its field, its areas, the
    decision, and the folded text the list matches words against."""

    sector = models.ForeignKey(
        Sector,
        verbose_name=pgettext_lazy("planning", "field"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    areas = ParentalManyToManyField(
        Area, verbose_name=pgettext_lazy("planning", "areas"), blank=True
    )
    decision_number = models.CharField(
        pgettext_lazy("planning", "decision number"),
        max_length=100,
        blank=True,
        help_text=_("Số ký hiệu of the approving decision, e.g. 489/QĐ-TTg."),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    approved_by = models.CharField(
        _("approved by"),
        max_length=255,
        blank=True,
        help_text=_("For example: Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh."),
    )
    decision_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("decision on the portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page of the decision, when the portal publishes it."),
    )
    #: The year the list filters by (see `filter_year`); kept by save().
    year = models.PositiveSmallIntegerField(
        pgettext_lazy("planning", "year"), null=True, editable=False, db_index=True
    )
    #: Folded title, decision number and introduction, for matching words typed
    #: without diacritics when no search engine answers, and for sorting.
    search_text = models.TextField(editable=False, blank=True, default="")

    search_fields = [
        *BasePortalPage.search_fields,
        index.SearchField("decision_number", boost=3),
        index.SearchField("search_text"),
        index.FilterField("kind"),
        index.FilterField("status"),
        index.FilterField("year"),
    ]
    api_fields = [
        *BasePortalPage.api_fields,
        APIField("kind"),
        APIField("status"),
        APIField("sector", serializer=TaxonomySerializer()),
        APIField("areas", serializer=TaxonomySerializer(many=True)),
        APIField("decision_number"),
        APIField("decision_date"),
        APIField("approved_by"),
    ]

    #: The first panels of the General tab: title, introduction, kind and status,
    #: field and areas.
    heading_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("areas")]),
    ]
    decision_panel = MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
            FieldPanel("approved_by"),
            FieldPanel("decision_page"),
        ],
        heading=_("Approving decision"),
    )

    class Meta:
        abstract = True

    #: Dotted path of the function giving the page's schema.org data, or None
    #: where schema.org has no type for it (the function imports the page
    #: models, hence a path).
    structured_data_function: str

    #: The inline rows the page shows (its `details`), besides its areas, with
    #: the relations each row shows.
    detail_rows: dict[str, tuple[str, ...]] = {}

    @cached_property
    def details(self) -> dict[str, list]:
        """Areas and inline rows, fetched once (one query each), for the page, its
        JSON-LD and its search document."""
        details = {"areas": list(self.areas.all())}
        for name, related in self.detail_rows.items():
            details[name] = list(getattr(self, name).select_related(*related))
        return details

    @staticmethod
    def edit_tabs(general_panels, *middle_tabs: ObjectList) -> TabbedInterface:
        """The editor's tabs: General, then the page type's own, then Promote and
        Settings."""
        return TabbedInterface(
            [
                ObjectList(general_panels, heading=_("General")),
                *middle_tabs,
                ObjectList(Page.promote_panels, heading=_("Promote")),
                ObjectList(Page.settings_panels, heading=_("Settings")),
            ]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.details)
        data = import_string(self.structured_data_function)(self)
        context["structured_data"] = json_ld(data) if data else ""
        return context

    def filter_year(self) -> int | None:
        """The year the list files the page under."""
        return self.decision_date.year if self.decision_date else None

    def clean(self):
        super().clean()
        if self.decision_date and not self.decision_number:
            raise ValidationError(
                {"decision_number": _("Enter the number of the decision.")}
            )

    def save(self, *args, **kwargs):
        self.year = self.filter_year()
        self.search_text = fold(
            " ".join(filter(None, [self.title, self.decision_number, self.intro]))
        )
        return super().save(*args, **kwargs)

    @property
    def decision_label(self) -> str:
        """ "Quyết định số 489/QĐ-TTg ngày 10/06/2024 của Thủ tướng Chính phủ"."""
        if not self.decision_number:
            return ""
        parts = [_("Decision No. %(number)s") % {"number": self.decision_number}]
        if self.decision_date:
            parts.append(
                _("of %(date)s") % {"date": self.decision_date.strftime("%d/%m/%Y")}
            )
        if self.approved_by:
            parts.append(_("by %(body)s") % {"body": self.approved_by})
        return " ".join(str(part) for part in parts)

    @property
    def decision_url(self) -> str:
        page = self.decision_page
        if page is None or not page.live:
            return ""
        return page.url or ""
