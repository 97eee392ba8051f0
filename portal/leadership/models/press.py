"""The spokesperson and the press: releases (thông cáo báo chí) and press
conferences (họp báo) under one press page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.core.absolute_urls import absolute_url
from portal.core.json_ld import json_ld
from portal.core.models import AbstractAttachment, BasePortalPage, PublicBody
from portal.core.pagination import page_number

from .leaders import LeaderPage

#: The list's filter: ?loai=thong-cao or ?loai=hop-bao.
KIND_PARAM = "loai"
RELEASES = "thong-cao"
CONFERENCES = "hop-bao"


class PressIndexPage(BasePortalPage):
    """Báo chí: the spokesperson, press releases and press conferences."""

    spokesperson_name = models.CharField(_("spokesperson"), max_length=255, blank=True)
    spokesperson_position = models.CharField(
        _("spokesperson's position"), max_length=255, blank=True
    )
    spokesperson_body = models.ForeignKey(
        PublicBody,
        verbose_name=_("spokesperson's body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    spokesperson_phone = models.CharField(
        _("spokesperson's telephone"), max_length=50, blank=True
    )
    spokesperson_email = models.EmailField(_("spokesperson's email"), blank=True)
    spokesperson_note = models.TextField(
        _("how journalists reach the spokesperson"),
        blank=True,
        help_text=_("Hours, the press office, how to ask for an interview."),
    )
    per_page = models.PositiveSmallIntegerField(_("items per page"), default=20)

    subpage_types = ["leadership.PressReleasePage", "leadership.PressConferencePage"]
    max_count_per_parent = 1
    template = "leadership/press_index_page.html"

    content_panels = [
        *BasePortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("spokesperson_name"),
                        FieldPanel("spokesperson_position"),
                    ]
                ),
                FieldPanel("spokesperson_body"),
                FieldRowPanel(
                    [FieldPanel("spokesperson_phone"), FieldPanel("spokesperson_email")]
                ),
                FieldPanel("spokesperson_note"),
            ],
            heading=_("Spokesperson"),
        ),
        FieldPanel("per_page"),
    ]
    api_fields = [
        *BasePortalPage.api_fields,
        APIField("spokesperson_name"),
        APIField("spokesperson_position"),
        APIField("spokesperson_phone"),
        APIField("spokesperson_email"),
    ]

    class Meta:
        verbose_name = _("press page")
        verbose_name_plural = _("press pages")

    def items(self, kind: str = "") -> list[Page]:
        """Releases and conferences, the newest first."""
        found: list = []
        if kind in ("", RELEASES):
            found += PressReleasePage.objects.child_of(self).live().public()
        if kind in ("", CONFERENCES):
            found += (
                PressConferencePage.objects.child_of(self)
                .live()
                .public()
                .select_related("chair")
            )
        return sorted(found, key=lambda page: page.sort_date, reverse=True)

    def spokesperson_data(self) -> dict | None:
        from ..structured_data import person

        if not self.spokesperson_name:
            return None
        return person(
            self.spokesperson_name,
            self.spokesperson_position or str(_("Spokesperson")),
            self.spokesperson_body,
            phone=self.spokesperson_phone,
            email=self.spokesperson_email,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = request.GET.get(KIND_PARAM, "")
        if kind not in (RELEASES, CONFERENCES):
            kind = ""
        paginator = Paginator(self.items(kind), self.per_page or 20)
        context["page_obj"] = paginator.get_page(page_number(request.GET))
        context["kind"] = kind
        context["kinds"] = [
            ("", _("All")),
            (RELEASES, _("Press releases")),
            (CONFERENCES, _("Press conferences")),
        ]
        context["kind_param"] = KIND_PARAM
        spokesperson = self.spokesperson_data()
        context["structured_data"] = json_ld(spokesperson) if spokesperson else ""
        return context


class PressItemMixin:
    """What a release and a conference page both show: JSON-LD and files."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = json_ld(self.structured_data())
        context["attachments"] = list(self.attachments.select_related("document"))
        return context


class PressReleasePage(PressItemMixin, BasePortalPage):
    """Thông cáo báo chí: the body's own statement, dated, with its files."""

    date = models.DateField(_("date"), default=localdate)
    number = models.CharField(
        pgettext_lazy("press release", "number"),
        max_length=100,
        blank=True,
        help_text=_("For example: 12/TCBC-UBND. Empty when it has none."),
    )

    parent_page_types = ["leadership.PressIndexPage"]
    subpage_types: list[str] = []
    template = "leadership/press_release_page.html"

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("number")]),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("File")),
    ]
    search_fields = [*BasePortalPage.search_fields, index.SearchField("number")]
    api_fields = [
        *BasePortalPage.api_fields,
        APIField("date"),
        APIField("number"),
        APIField("attachments"),
    ]

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")

    @property
    def sort_date(self):
        return self.date

    @property
    def kind_label(self) -> str:
        return str(_("Press release"))

    def structured_data(self) -> dict:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "genre": str(_("Press release")),
            "datePublished": self.date.isoformat(),
            "url": absolute_url(self),
        }
        if self.intro:
            data["description"] = self.intro
        return data


class PressConferencePage(PressItemMixin, BasePortalPage):
    """Họp báo: when and where, who chairs, the topics, and afterwards what was
    said."""

    start = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=255)
    chair = models.ForeignKey(
        LeaderPage,
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_conferences",
    )
    chair_name = models.CharField(
        _("chaired by (another person)"),
        max_length=255,
        blank=True,
        help_text=_("When the chair has no leader page: name and position."),
    )
    topics = models.TextField(_("topics"), help_text=_("One topic per line."))
    summary = RichTextField(
        _("summary afterwards"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link", "h3"],
        help_text=_("What was announced and answered, once the conference is over."),
    )

    parent_page_types = ["leadership.PressIndexPage"]
    subpage_types: list[str] = []
    template = "leadership/press_conference_page.html"

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("start"), FieldPanel("place")]),
        FieldRowPanel([FieldPanel("chair"), FieldPanel("chair_name")]),
        FieldPanel("intro"),
        FieldPanel("topics"),
        FieldPanel("body"),
        FieldPanel("summary"),
        InlinePanel("attachments", heading=_("Documents"), label=_("File")),
    ]
    search_fields = [
        *BasePortalPage.search_fields,
        index.SearchField("topics"),
        index.SearchField("summary"),
    ]
    api_fields = [
        *BasePortalPage.api_fields,
        APIField("start"),
        APIField("place"),
        APIField("topics"),
        APIField("summary"),
        APIField("attachments"),
    ]

    class Meta:
        verbose_name = _("press conference")
        verbose_name_plural = _("press conferences")

    @property
    def sort_date(self):
        return localtime(self.start).date()

    @property
    def kind_label(self) -> str:
        return str(_("Press conference"))

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]

    @property
    def chaired_by(self) -> str:
        if self.chair_id:
            return f"{self.chair.title}, {self.chair.position}"
        return self.chair_name

    def structured_data(self) -> dict:
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "startDate": localtime(self.start).isoformat(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {"@type": "Place", "name": self.place},
            "url": absolute_url(self),
        }
        if self.intro:
            data["description"] = self.intro
        if self.topic_list:
            data["about"] = self.topic_list
        if self.chair_id:
            data["organizer"] = {
                "@type": "Person",
                "name": self.chair.title,
                "jobTitle": self.chair.position,
            }
        return data


class PressReleaseAttachment(AbstractAttachment):
    page = ParentalKey(
        PressReleasePage, on_delete=models.CASCADE, related_name="attachments"
    )


class PressConferenceAttachment(AbstractAttachment):
    page = ParentalKey(
        PressConferencePage, on_delete=models.CASCADE, related_name="attachments"
    )
