"""Site-wide notices that webmasters schedule (e.g. planned maintenance)."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel

logger = logging.getLogger(__name__)

#: Cache key of the notices that have not yet ended (see `SiteNotice.shown_at`).
CACHE_KEY = "engagement:notices:v2"
CACHE_SECONDS = 60


class SiteNotice(models.Model):
    class Level(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", pgettext_lazy("notice level", "Warning")

    title = models.CharField(_("title"), max_length=255)
    message = models.TextField(_("message"), blank=True)
    level = models.CharField(
        _("kind"), max_length=20, choices=Level.choices, default=Level.INFO
    )
    link_url = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("Optional address of a page with the details."),
    )
    starts_at = models.DateTimeField(_("show from"))
    ends_at = models.DateTimeField(_("show until"))
    #: The portal (Wagtail site) it is shown on; empty for every portal (the
    #: maintenance of the installation they share).
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("portal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every portal of the installation."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("message"),
        FieldPanel("level"),
        FieldPanel("link_url"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("site"),
    ]

    class Meta:
        verbose_name = _("site notice")
        verbose_name_plural = _("site notices")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})

    def is_shown(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    @classmethod
    def shown_at(cls, now=None, site=None) -> list[SiteNotice]:
        """Notices to show now on `site` (those of every portal only, without one).
        Every page asks, so the list of notices that have not ended is cached
        briefly (and dropped whenever a notice changes) and filtered by the current
        time and the site here."""
        now = now or timezone.now()
        try:
            upcoming = cache.get(CACHE_KEY)
        except Exception:  # noqa: BLE001 - a cache outage must not break every page
            logger.warning("Site notices: cache unavailable", exc_info=True)
            upcoming, cache_ok = None, False
        else:
            cache_ok = True
        if upcoming is None:
            upcoming = list(cls.objects.filter(ends_at__gt=now).order_by("starts_at"))
            if cache_ok:
                _quietly(cache.set, CACHE_KEY, upcoming, CACHE_SECONDS)
        site_id = site.pk if site is not None else None
        return [
            notice
            for notice in upcoming
            if notice.site_id in (None, site_id) and notice.is_shown(now)
        ]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _quietly(cache.delete, CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _quietly(cache.delete, CACHE_KEY)
        return result


def _quietly(operation, *args) -> None:
    """Run a cache operation; if the cache is down the list is at most
    CACHE_SECONDS old once it is back."""
    try:
        operation(*args)
    except Exception:  # noqa: BLE001
        logger.warning("Site notices: cache unavailable", exc_info=True)
