"""Questions and answers (hỏi đáp): citizens ask, editors answer and publish."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from portal.core.absolute_urls import absolute_url
from search.text import fold

from .base import EngagementPage


class QuestionTopic(models.Model):
    """A field (lĩnh vực) questions are filed under: land, construction, tax…"""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("question field")
        verbose_name_plural = _("question fields")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Question.Status.PUBLISHED)

    def matching(self, query: str):
        """Questions whose text contains every word of `query`, with or without
        diacritics ("dat dai" finds "đất đai")."""
        queryset = self
        for word in fold(query).split()[:10]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class Question(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Answered and published")
        REJECTED = "rejected", _("Rejected")

    index_page = models.ForeignKey(
        "engagement.QuestionIndexPage",
        verbose_name=_("Q&A page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    topic = models.ForeignKey(
        QuestionTopic,
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    asker_name = models.CharField(pgettext_lazy("person", "name"), max_length=255)
    asker_email = models.EmailField(_("email"))
    #: The asker agreed to be told by e-mail when the question is answered.
    notify_on_answer = models.BooleanField(
        _("email the asker when answered"), default=False
    )
    #: When the answer mail was queued: a question is answered by mail once.
    answer_notified_at = models.DateTimeField(
        _("answer emailed at"), null=True, blank=True, editable=False
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("A short heading for the list; the question's start by default."),
    )
    question = models.TextField(_("question"))
    answer = RichTextField(
        _("answer"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    answered_by = models.CharField(
        _("answered by"),
        max_length=255,
        blank=True,
        help_text=_("The agency that answers, e.g. Sở Tài nguyên và Môi trường."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    #: Folded title, question and answer, for accent-insensitive search.
    search_text = models.TextField(editable=False, blank=True)

    objects = QuestionQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("asker_name"), FieldPanel("asker_email")]),
                # The asker's consent: theirs to give, not the editor's to change.
                FieldPanel("notify_on_answer", read_only=True),
                FieldPanel("topic"),
                FieldPanel("title"),
                FieldPanel("question"),
            ],
            heading=_("Question"),
        ),
        MultiFieldPanel(
            [FieldPanel("answer"), FieldPanel("answered_by")],
            heading=_("Answer"),
        ),
        FieldPanel("status"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-published_at", "-submitted_at"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        return self.title or Truncator(self.question).chars(120)

    def clean(self):
        super().clean()
        if (
            self.status == self.Status.PUBLISHED
            and not strip_tags(self.answer or "").strip()
        ):
            raise ValidationError(
                {"answer": _("Write the answer before publishing the question.")}
            )

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_text = fold(
            " ".join([self.title, self.question, strip_tags(self.answer or "")])
        )
        # The answer mail is queued with the save that publishes the answer, or
        # neither happens; and once, whoever saves the question afterwards.
        with transaction.atomic():
            if self.pk is not None and self.answer_notified_at is None:
                # Another save (another editor) may have mailed it since this
                # instance was read: the row says, and is locked until commit.
                self.answer_notified_at = (
                    Question.objects.select_for_update()
                    .filter(pk=self.pk)
                    .values_list("answer_notified_at", flat=True)
                    .first()
                )
            mail_now = (
                self.status == self.Status.PUBLISHED
                and self.notify_on_answer
                and self.answer_notified_at is None
            )
            if mail_now:
                self.answer_notified_at = timezone.now()
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {
                        *kwargs["update_fields"],
                        "answer_notified_at",
                    }
            super().save(*args, **kwargs)
            if mail_now:
                from portal.engagement.hearing_back import mail_answer

                mail_answer(self)

    def answer_page(self) -> QuestionIndexPage | None:
        """The Q&A page the answer is shown under."""
        return self.index_page or QuestionIndexPage.objects.live().first()

    def get_url(self) -> str:
        page = self.answer_page()
        if page is None or not page.url:
            return ""
        return f"{page.url}{self.pk}/"

    def get_full_url(self) -> str:
        """The answer's absolute address on its page's site ("" if it has none)."""
        page = self.answer_page()
        return page.question_full_url(self.pk) if page is not None else ""


class QuestionIndexPage(EngagementPage):
    """The Q&A page (hỏi đáp): published answers by field, search, and the form."""

    template = "engagement/question_index_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("questions and answers page")
        verbose_name_plural = _("questions and answers pages")

    def get_sitemap_urls(self, request=None):
        """The page itself and each published answer, which has its own address."""
        urls = super().get_sitemap_urls(request)
        base = absolute_url(self)
        if not base:
            return urls
        published = Question.objects.published().filter(
            models.Q(index_page=self) | models.Q(index_page__isnull=True)
        )
        urls.extend(
            {"location": f"{base}{pk}/", "lastmod": published_at}
            for pk, published_at in published.values_list("pk", "published_at")
        )
        return urls

    def question_full_url(self, question_id: int) -> str:
        """The absolute address of one published question under this page."""
        base = absolute_url(self)
        return f"{base}{question_id}/" if base else ""

    def serve(self, request, *args, **kwargs):
        from portal.engagement.views import question_index

        return question_index(request, self, *args, **kwargs)

    def route(self, request, path_components):
        # /hoi-dap/<id>/ shows one published question.
        if len(path_components) == 1 and path_components[0].isdigit() and self.live:
            from wagtail.url_routing import RouteResult

            return RouteResult(self, kwargs={"question_id": int(path_components[0])})
        return super().route(request, path_components)
