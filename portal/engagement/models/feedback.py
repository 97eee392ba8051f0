"""Page feedback: "Thông tin này có hữu ích không?"."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel


class PageFeedback(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="engagement_feedback",
    )
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(pgettext_lazy("public comment", "comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("helpful", read_only=True),
        FieldPanel("comment", read_only=True),
    ]

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["page", "helpful"])]

    def __str__(self) -> str:
        return f"{self.page}: {'+' if self.helpful else '-'}"
