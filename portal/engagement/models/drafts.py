"""Public consultation on draft documents (lấy ý kiến dự thảo)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.search import index

from .base import EngagementPage


class DraftIndexPage(EngagementPage):
    """Lists the drafts open for comment, then those whose consultation has ended."""

    template = "engagement/draft_index_page.html"
    subpage_types = ["engagement.DraftPage"]

    class Meta:
        verbose_name = _("draft consultation index")
        verbose_name_plural = _("draft consultation indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        drafts = (
            DraftPage.objects.child_of(self)
            .live()
            .public()
            .select_related("document")
            .order_by("-consultation_deadline")
        )
        context["open_drafts"] = [d for d in drafts if d.is_open(now)]
        context["closed_drafts"] = [d for d in drafts if not d.is_open(now)]
        return context


class DraftPage(EngagementPage):
    """A draft document put out for public comment until its deadline."""

    template = "engagement/draft_page.html"
    parent_page_types = ["engagement.DraftIndexPage"]
    subpage_types: list[str] = []

    summary = models.TextField(_("summary"), blank=True)
    drafting_agency = models.CharField(_("drafting agency"), max_length=255)
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("draft file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consultation_start = models.DateTimeField(
        _("consultation starts"), default=timezone.now
    )
    consultation_deadline = models.DateTimeField(_("comment deadline"))
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Where citizens may also send comments by email."),
    )

    content_panels = [
        *EngagementPage.content_panels[:1],
        MultiFieldPanel(
            [
                FieldPanel("drafting_agency"),
                FieldPanel("document"),
                FieldRowPanel(
                    [
                        FieldPanel("consultation_start"),
                        FieldPanel("consultation_deadline"),
                    ]
                ),
                FieldPanel("contact_email"),
            ],
            heading=_("Consultation"),
        ),
        FieldPanel("summary"),
        *EngagementPage.content_panels[1:],
    ]
    search_fields = [
        *EngagementPage.search_fields,
        index.SearchField("summary"),
        index.SearchField("drafting_agency"),
    ]

    class Meta:
        verbose_name = _("draft for consultation")
        verbose_name_plural = _("drafts for consultation")

    def clean(self):
        super().clean()
        if (
            self.consultation_start
            and self.consultation_deadline
            and self.consultation_deadline <= self.consultation_start
        ):
            raise ValidationError(
                {
                    "consultation_deadline": _(
                        "The deadline must come after the start of the consultation."
                    )
                }
            )

    def meta_summary(self) -> str:
        return self.summary or self.intro

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.consultation_start <= now < self.consultation_deadline

    def consultation_period(self) -> tuple[str, str]:
        """Both ends of the consultation in one format: dates alone when both
        fall at a day's edge (00:00, or 23:59 for the deadline), else with
        their times, so the reader never compares a date with a date and time."""
        start = timezone.localtime(self.consultation_start)
        end = timezone.localtime(self.consultation_deadline)
        whole_days = (start.hour, start.minute) == (0, 0) and (
            end.hour,
            end.minute,
        ) in (
            (0, 0),
            (23, 59),
        )
        style = "SHORT_DATE_FORMAT" if whole_days else "SHORT_DATETIME_FORMAT"
        return date_format(start, style), date_format(end, style)

    def has_not_started(self, now=None) -> bool:
        return (now or timezone.now()) < self.consultation_start

    def serve(self, request, *args, **kwargs):
        from portal.engagement.views import draft_page

        return draft_page(request, self)


class DraftComment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    draft = models.ForeignKey(
        DraftPage,
        verbose_name=pgettext_lazy("legal draft", "draft"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=255)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    article = models.CharField(
        _("article or clause"),
        max_length=255,
        blank=True,
        help_text=_("Which part of the draft the comment is about, e.g. Điều 5."),
    )
    comment = models.TextField(pgettext_lazy("public comment", "comment"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    panels = [
        FieldPanel("draft", read_only=True),
        FieldRowPanel([FieldPanel("name"), FieldPanel("email")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("article")]),
        FieldPanel("comment"),
        FieldPanel("status"),
    ]

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.name}: {self.draft.title}"
