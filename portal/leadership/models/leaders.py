"""The leaders' pages: one page per leader under the list at /lanh-dao/."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.core.absolute_urls import absolute_url
from portal.core.api_fields import TaxonomySerializer
from portal.core.json_ld import json_ld
from portal.core.models import BasePortalPage, PublicBody


class LeaderIndexPage(BasePortalPage):
    """Lãnh đạo: the leaders of the body that runs the site, in their order."""

    subpage_types = ["leadership.LeaderPage"]
    max_count_per_parent = 1
    template = "leadership/leader_index_page.html"

    class Meta:
        verbose_name = _("leader list")
        verbose_name_plural = _("leader lists")

    def leaders(self):
        return (
            LeaderPage.objects.child_of(self)
            .live()
            .public()
            .select_related("photo", "public_body")
            .order_by("order", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["leaders"] = self.leaders()
        return context


class LeaderPage(BasePortalPage):
    """One leader: the page's title is the full name."""

    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.CharField(
        _("position"),
        max_length=255,
        help_text=_("For example: Chủ tịch Ủy ban nhân dân tỉnh."),
    )
    public_body = models.ForeignKey(
        PublicBody,
        verbose_name=_("public body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leaders",
        help_text=_("The body the leader works for."),
    )
    responsibilities = RichTextField(
        _("fields in charge"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
        help_text=_("Lĩnh vực phụ trách: what the leader directs and oversees."),
    )
    phone = models.CharField(_("public telephone"), max_length=50, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    #: Lower first: the chairman before the vice-chairmen.
    order = models.PositiveSmallIntegerField(
        _("order"), default=10, help_text=_("Lower numbers are listed first.")
    )

    parent_page_types = ["leadership.LeaderIndexPage"]
    subpage_types: list[str] = []
    template = "leadership/leader_page.html"

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("position"), FieldPanel("order")]),
        FieldPanel("public_body"),
        FieldPanel("photo"),
        FieldPanel("intro"),
        FieldPanel("responsibilities"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("email")])],
            heading=_("Public contact"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePortalPage.search_fields,
        index.SearchField("position"),
        index.SearchField("responsibilities"),
    ]
    api_fields = [
        *BasePortalPage.api_fields,
        APIField("position"),
        APIField("public_body", serializer=TaxonomySerializer()),
        APIField("responsibilities"),
        APIField("phone"),
        APIField("email"),
        APIField("order"),
    ]

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def meta_summary(self) -> str:
        return f"{self.title}, {self.position}. {self.intro}".strip()

    def meta_image(self):
        """The portrait, square, beside a shared link."""
        if not self.photo_id:
            return None
        return self.photo.get_rendition("fill-600x600-c50")

    def structured_data(self) -> dict:
        """schema.org Person with the position and the body worked for."""
        from ..structured_data import person

        return person(
            self.title,
            self.position,
            self.public_body,
            phone=self.phone,
            email=self.email,
            url=absolute_url(self),
        )

    def schedule_page(self):
        """The work schedule of this leader's site, or None."""
        from .schedule import SchedulePage

        site = self.get_site()
        if site is None:
            return None
        return (
            SchedulePage.objects.live()
            .public()
            .descendant_of(site.root_page, inclusive=True)
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = json_ld(self.structured_data())
        context["schedule_page"] = self.schedule_page()
        return context
