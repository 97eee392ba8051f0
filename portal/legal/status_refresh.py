"""Which documents' status changed because a date passed, and re-queuing them."""

from __future__ import annotations

import datetime

from django.db.models import Q

from .models import DocumentRelation, LegalDocumentPage
from .signals import reindex_requested
from .validity import RelationKind


def documents_with_status_change(
    since: datetime.date, today: datetime.date
) -> list[LegalDocumentPage]:
    """Live documents whose status may differ between `since` and `today`.

    A status changes with time only when a date falls in (since, today]: the
    document's own effective or expiry date, or the date an acting document
    (amending, replacing, repealing, suspending it) took effect, or the day after
    a suspension's last day.
    """

    def passed(prefix: str = "") -> Q:
        return Q(
            **{
                f"{prefix}effective_date__gt": since,
                f"{prefix}effective_date__lte": today,
            }
        ) | Q(
            **{
                f"{prefix}effective_date__isnull": True,
                f"{prefix}issued_date__gt": since,
                f"{prefix}issued_date__lte": today,
            }
        )

    own = passed() | Q(expiry_date__gt=since, expiry_date__lte=today)
    # A suspension whose last day was `until` stops applying the day after.
    suspension_ended = Q(kind=RelationKind.SUSPENDS, until__gte=since, until__lt=today)
    acted_on = DocumentRelation.objects.filter(
        passed("source__") | suspension_ended,
        source__live=True,
        target__isnull=False,
    ).values("target_id")
    return list(
        LegalDocumentPage.objects.live().filter(own | Q(pk__in=acted_on)).order_by("pk")
    )


def requeue_for_search(pages: list[LegalDocumentPage]) -> int:
    """Ask the search app to index these documents again."""
    if pages:
        reindex_requested.send(sender=LegalDocumentPage, pages=pages)
    return len(pages)
