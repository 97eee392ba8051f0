"""Public consultation on draft documents (lấy ý kiến dự thảo)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.search import index

from portal.core.mail import normalise_address

from .base import EngagementPage


class ReportNotificationPanel(Panel):
    """A line in the editor: whether, when and how many commenters were told of
    the report by email."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "engagement/admin/report_notification_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            if page.pk is None:
                context.update(notified_count=0, notified_at=None, waiting=0)
                return context
            context["notified_count"], context["notified_at"] = (
                page.report_notifications()
            )
            context["waiting"] = len(page.addresses_awaiting_report())
            return context


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
    #: The body's report on how the comments were handled (báo cáo tiếp thu,
    #: giải trình), shown once the consultation has ended.
    report = RichTextField(
        _("report on the comments"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ol", "ul", "document-link"],
        help_text=_(
            "How the comments received were taken into account or explained. Shown "
            "on the page once the consultation has ended; commenters who asked are "
            "told once by email when the page is published with it."
        ),
    )
    report_document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("report file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
        MultiFieldPanel(
            [
                FieldPanel("report"),
                FieldPanel("report_document"),
                ReportNotificationPanel(),
            ],
            heading=_("Report on the comments (after the deadline)"),
        ),
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

    def has_report(self) -> bool:
        return bool(strip_tags(self.report or "").strip() or self.report_document_id)

    def shows_report(self, now=None) -> bool:
        """The report is public once the consultation has ended."""
        return self.has_report() and (now or timezone.now()) >= (
            self.consultation_deadline
        )

    def comments_awaiting_report(self):
        """Comments whose authors asked to be told of the report and were not
        told yet; rejected ones are not told."""
        return self.comments.filter(
            notify_on_report=True, report_notified_at__isnull=True
        ).exclude(status=DraftComment.Status.REJECTED)

    def report_notifications(self) -> tuple[int, datetime.datetime | None]:
        """How many addresses were told of the report, and when last."""
        told = list(
            self.comments.filter(report_notified_at__isnull=False).values_list(
                "email", "report_notified_at"
            )
        )
        return (
            len({normalise_address(email) for email, _at in told}),
            max((at for _email, at in told), default=None),
        )

    def addresses_awaiting_report(self) -> list[str]:
        """The addresses to tell of the report (comments_awaiting_report), each
        once however it was spelled."""
        emails = self.comments_awaiting_report().values_list("email", flat=True)
        return sorted({normalise_address(email) for email in emails})

    def public_comments(self):
        """The comments as moderated: approved ones, oldest first."""
        return self.comments.filter(status=DraftComment.Status.APPROVED).order_by(
            "submitted_at", "pk"
        )

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
    #: The commenter asked to be told when the report on the comments is out.
    notify_on_report = models.BooleanField(
        _("email the commenter about the report"), default=False
    )
    #: When the commenter was told of the report: each comment is told once.
    report_notified_at = models.DateTimeField(
        _("report emailed at"), null=True, blank=True, editable=False
    )
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
        FieldPanel("notify_on_report", read_only=True),
        FieldPanel("status"),
    ]

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.name}: {self.draft.title}"
