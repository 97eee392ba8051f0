"""What a legal document's publish means to those who follow documents
(portal.core.changes): the documents it acts on, and its validity.

A relation that amends, replaces, repeals, suspends or guides a document is recorded
on the document acted on, once (publishing the acting document again says nothing
new). A status is recorded whenever it differs from the last one recorded for the
document: on publish, and when a date passing changes it (`legal_refresh_status`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.core.changes import ContentChange, page_topic

from .validity import REVERSE_LABELS, RelationKind, Status

#: What a document's followers are told of: what changes its text or its force.
FOLLOWED_KINDS = (
    RelationKind.AMENDS,
    RelationKind.REPLACES,
    RelationKind.REPEALS,
    RelationKind.SUSPENDS,
    RelationKind.GUIDES,
)


def relation_changes(source_ids: Sequence[int]) -> list[ContentChange]:
    """Rows on the documents that the live documents `source_ids` act on."""
    from .models import DocumentRelation

    rows = []
    relations = DocumentRelation.objects.filter(
        source_id__in=source_ids,
        source__live=True,
        target__isnull=False,
        kind__in=FOLLOWED_KINDS,
    ).values_list(
        "source_id",
        "target_id",
        "kind",
        "partial",
        "until",
        "source__effective_date",
        "source__issued_date",
    )
    for source_id, target_id, kind, partial, until, effective, issued in relations:
        starts = effective or issued
        rows.append(
            ContentChange(
                page_id=target_id,
                action=ContentChange.Action.RELATION,
                topics=[page_topic(target_id)],
                detail={
                    "kind": kind,
                    "source": source_id,
                    "partial": partial,
                    "from": starts.isoformat() if starts else "",
                    "until": until.isoformat() if until else "",
                },
                dedupe=f"relation:{source_id}:{kind}:{target_id}",
            )
        )
    return rows


def status_changes(
    page_ids: Sequence[int], today: datetime.date | None = None
) -> list[ContentChange]:
    """A row for each document whose status today differs from the last one
    recorded (`was` is empty for a document never recorded)."""
    from .models import LegalDocumentPage

    if not page_ids:
        return []
    now = dict(
        LegalDocumentPage.objects.filter(pk__in=page_ids)
        .with_status(today)
        .values_list("pk", "computed_status")
    )
    recorded: dict[int, str] = {}
    for page_id, detail in (
        ContentChange.objects.filter(
            page_id__in=list(now), action=ContentChange.Action.STATUS
        )
        .order_by("pk")
        .values_list("page_id", "detail")
    ):
        recorded[page_id] = detail.get("status", "")
    return [
        ContentChange(
            page_id=page_id,
            action=ContentChange.Action.STATUS,
            topics=[page_topic(page_id)],
            detail={"status": status, "was": recorded.get(page_id, "")},
        )
        for page_id, status in now.items()
        if status and recorded.get(page_id) != status
    ]


def published_changes(pages: Sequence) -> list[ContentChange]:
    """The relations of `pages` on other documents, and the statuses of both
    (a replacement in force ends the replaced document's force now)."""
    ids = [page.pk for page in pages]
    relations = relation_changes(ids)
    acted_on = [row.page_id for row in relations]
    return [*relations, *status_changes(list(dict.fromkeys([*ids, *acted_on])))]


def _day(value: str) -> str:
    return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def describe(change: ContentChange) -> str:
    """A relation or a status change, as a document's follower reads it."""
    from .models import LegalDocumentPage

    detail = change.detail
    if change.action == ContentChange.Action.STATUS and detail.get("status"):
        try:
            label = Status(detail["status"]).label
        except ValueError:
            return ""
        return _("Validity now: %(status)s") % {"status": label}
    if change.action != ContentChange.Action.RELATION:
        return ""
    try:
        text = str(REVERSE_LABELS[RelationKind(detail.get("kind"))])
    except ValueError:
        return ""
    source = (
        LegalDocumentPage.objects.filter(pk=detail.get("source"))
        .values_list("number", flat=True)
        .first()
    )
    if source:
        text += f" {source}"
    if detail.get("partial"):
        text += f" ({_('in part')})"
    if detail.get("from"):
        text += " " + _("from %(date)s") % {"date": _day(detail["from"])}
    if detail.get("until"):
        text += " " + _("until %(date)s") % {"date": _day(detail["until"])}
    return text
