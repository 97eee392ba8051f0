"""The visit total of each site ("Tổng lượt truy cập"), kept in the database.

The online counter decides which requests start a visit; the visits themselves
are added here in batches (portal.engagement.visits), never a write per request,
so the total survives restarts and a cleared cache.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class SiteVisits(models.Model):
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="visit_total",
    )
    total = models.BigIntegerField(_("total visits"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("visit total")
        verbose_name_plural = _("visit totals")

    def __str__(self) -> str:
        return f"{self.site}: {self.total}"

    @classmethod
    def add(cls, site_id: int, visits: int, start_from=lambda: 0) -> None:
        """Add `visits` to the site's total in one atomic UPDATE (processes
        flushing at once lose nothing); the first time, create the row, from
        `start_from()` (a total kept before this table existed)."""
        if cls.objects.filter(site_id=site_id).update(total=F("total") + visits):
            return
        try:
            with transaction.atomic():
                cls.objects.create(site_id=site_id, total=start_from() + visits)
        except IntegrityError:  # another process created it meanwhile
            cls.objects.filter(site_id=site_id).update(total=F("total") + visits)
