"""Service-quality polls (đánh giá chất lượng dịch vụ công).

Each vote is a row of `PollVote`, so concurrent votes never overwrite each other's
count (there is no read-modify-write anywhere) and editing a poll's options in the
admin cannot reset a counter that the edit form loaded earlier.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.models import Orderable


class PollQuerySet(models.QuerySet):
    def for_site(self, site):
        """The polls of one portal: its own and those of every portal."""
        if site is None:
            return self.filter(site__isnull=True)
        return self.filter(models.Q(site__isnull=True) | models.Q(site=site))

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now).filter(
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now)
        )

    def current(self, now=None) -> Poll | None:
        """The poll the home page shows: the latest opened of the open ones."""
        return (
            self.open(now)
            .filter(show_on_home_page=True)
            .order_by("-opens_at", "-pk")
            .first()
        )


@dataclass(frozen=True)
class OptionResult:
    option: PollOption
    votes: int
    #: Share of all votes, 0 to 100, one decimal.
    percent: float


class Poll(ClusterableModel):
    """A question citizens answer by choosing one option, open between two dates."""

    question = models.CharField(_("question"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep the poll open until you close it."),
    )
    show_on_home_page = models.BooleanField(
        _("show on the home page"),
        default=True,
        help_text=_("The home page shows the most recently opened of these polls."),
    )
    #: The portal (Wagtail site) whose home page shows it; empty for every portal.
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("portal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the home page of every portal of the installation."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PollQuerySet.as_manager()

    panels = [
        FieldPanel("question"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")],
            heading=_("Voting period"),
        ),
        FieldRowPanel([FieldPanel("show_on_home_page"), FieldPanel("site")]),
        InlinePanel(
            "options",
            label=_("Options"),
            min_num=2,
            help_text=_("Removing an option also removes the votes cast for it."),
        ),
    ]

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.question

    def clean(self):
        super().clean()
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The poll must close after it opens.")}
            )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.opens_at > now:
            return False
        return self.closes_at is None or now < self.closes_at

    def has_not_opened(self, now=None) -> bool:
        return self.opens_at > (now or timezone.now())

    def results(self) -> list[OptionResult]:
        """Votes per option, in the editor's order, in one query."""
        options = list(
            self.options.annotate(vote_total=Count("votes")).order_by(
                "sort_order", "pk"
            )
        )
        total = sum(option.vote_total for option in options)
        return [
            OptionResult(
                option=option,
                votes=option.vote_total,
                percent=round(100 * option.vote_total / total, 1) if total else 0.0,
            )
            for option in options
        ]


class PollOption(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=255)

    panels = [FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    """One vote. Nothing about the voter is stored but `voter`, a keyed hash of
    a random token their browser already holds (see portal.engagement.polls), so
    that the database itself refuses a second vote from the same browser, even
    when several arrive at once."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="votes"
    )
    created_at = models.DateTimeField(_("cast at"), default=timezone.now)
    voter = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter"],
                condition=~models.Q(voter=""),
                name="one_vote_per_browser",
            )
        ]
