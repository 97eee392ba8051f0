"""Validity (tình trạng hiệu lực) of legal documents.

The status is never stored: it is computed from the dates, the relations of documents
in force and the editor's override, either in the database (`status_expression`, which
`LegalDocumentQuerySet.with_status` annotates on lists and filters) or for one page
(`ValidityMixin.status`), both from the same expression so they cannot disagree.
`status_refresh` finds the documents whose status a passing day changed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import LegalDocumentPage


class Status(models.TextChoices):
    """Tình trạng hiệu lực; the values are the URL and search-facet codes."""

    NOT_YET_IN_FORCE = "chua-co-hieu-luc", _("Not yet in force")
    IN_FORCE = "con-hieu-luc", _("In force")
    PARTLY_OUT_OF_FORCE = "het-hieu-luc-mot-phan", _("Partly out of force")
    OUT_OF_FORCE = "het-hieu-luc-toan-bo", _("Wholly out of force")
    #: A suspension (đình chỉ) stops a document's force for a time, unlike a
    #: repeal: it applies again when the suspension ends.
    SUSPENDED = "ngung-hieu-luc", _("Wholly suspended")
    PARTLY_SUSPENDED = "ngung-hieu-luc-mot-phan", _("Partly suspended")


#: schema.org LegalForceStatus for each status.
SCHEMA_LEGAL_FORCE = {
    Status.NOT_YET_IN_FORCE: "https://schema.org/NotInForce",
    Status.IN_FORCE: "https://schema.org/InForce",
    Status.PARTLY_OUT_OF_FORCE: "https://schema.org/PartiallyInForce",
    Status.OUT_OF_FORCE: "https://schema.org/NotInForce",
    Status.SUSPENDED: "https://schema.org/NotInForce",
    Status.PARTLY_SUSPENDED: "https://schema.org/PartiallyInForce",
}


class RelationKind(models.TextChoices):
    """What the acting document does to the target (the import's `quan_he` codes)."""

    BASED_ON = "can_cu", _("Based on")
    GUIDES = "huong_dan", _("Guides")
    AMENDS = "sua_doi_bo_sung", _("Amends or supplements")
    REPLACES = "thay_the", _("Replaces")
    REPEALS = "bai_bo", _("Repeals or annuls")
    SUSPENDS = "dinh_chi", _("Suspends")
    RELATED = "lien_quan", _("Related")


#: How a relation reads from the target's side.
REVERSE_LABELS = {
    RelationKind.BASED_ON: _("Basis for"),
    RelationKind.GUIDES: _("Guided by"),
    RelationKind.AMENDS: _("Amended or supplemented by"),
    RelationKind.REPLACES: _("Replaced by"),
    RelationKind.REPEALS: _("Repealed or annulled by"),
    RelationKind.SUSPENDS: _("Suspended by"),
    RelationKind.RELATED: _("Other related documents"),
}

#: Kinds that end the target's force (wholly, unless the relation is marked partial).
ENDING_KINDS = (RelationKind.REPLACES, RelationKind.REPEALS)


def in_force_on(today: datetime.date, prefix: str = "") -> Q:
    """Documents whose force has begun by `today` (effective date, else issue date)."""
    return Q(**{f"{prefix}effective_date__lte": today}) | Q(
        **{f"{prefix}effective_date__isnull": True, f"{prefix}issued_date__lte": today}
    )


def in_force(document, today: datetime.date) -> bool:
    """`in_force_on` for one document already read."""
    if document.effective_date is not None:
        return document.effective_date <= today
    return document.issued_date <= today


def acting_relations(today: datetime.date):
    """Relations whose acting document is published and already in force."""
    # The relation model is defined with the pages, which use this module's choices.
    from .models import DocumentRelation

    return DocumentRelation.objects.filter(source__live=True).filter(
        in_force_on(today, "source__")
    )


def suspending(relations, today: datetime.date):
    """The suspensions among `relations` that still apply on `today` (until
    their last day, or until the editor says otherwise)."""
    return relations.filter(kind=RelationKind.SUSPENDS).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )


def status_expression(today: datetime.date | None = None) -> Case:
    """The status of each row as an SQL expression, in order of precedence."""
    today = today or timezone.localdate()
    acting = acting_relations(today).filter(target=OuterRef("pk"))
    wholly_ended = Exists(acting.filter(kind__in=ENDING_KINDS, partial=False))
    wholly_suspended = Exists(suspending(acting, today).filter(partial=False))
    partly_suspended = Exists(suspending(acting, today).filter(partial=True))
    partly_ended = Exists(
        acting.filter(
            Q(kind=RelationKind.AMENDS) | Q(kind__in=ENDING_KINDS, partial=True)
        )
    )
    not_yet = Q(effective_date__gt=today) | Q(
        effective_date__isnull=True, issued_date__gt=today
    )
    return Case(
        When(~Q(status_override=""), then=F("status_override")),
        When(expiry_date__lte=today, then=Value(Status.OUT_OF_FORCE.value)),
        When(wholly_ended, then=Value(Status.OUT_OF_FORCE.value)),
        When(not_yet, then=Value(Status.NOT_YET_IN_FORCE.value)),
        When(wholly_suspended, then=Value(Status.SUSPENDED.value)),
        When(partly_suspended, then=Value(Status.PARTLY_SUSPENDED.value)),
        When(partly_ended, then=Value(Status.PARTLY_OUT_OF_FORCE.value)),
        default=Value(Status.IN_FORCE.value),
        output_field=models.CharField(),
    )


@dataclass(frozen=True)
class StatusCause:
    """Why a document has its status: a relation, a date or the editor's word."""

    label: str
    document: LegalDocumentPage | None = None
    date: datetime.date | None = None
    note: str = ""
    #: The last day a suspension applies, when the suspending document says.
    until: datetime.date | None = None


class ValidityMixin:
    """The status of one document page and what caused it."""

    @cached_property
    def status(self) -> Status:
        """The status today, from the list's annotation when there is one."""
        code = getattr(self, "computed_status", None)
        if code is None:
            if self.pk is None:
                return Status.IN_FORCE
            code = (
                type(self)
                .objects.filter(pk=self.pk)
                .with_status()
                .values_list("computed_status", flat=True)
                .first()
            )
        return Status(code or Status.IN_FORCE)

    @property
    def status_code(self) -> str:
        return self.status.value

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def legal_force(self) -> str:
        return SCHEMA_LEGAL_FORCE[self.status]

    def status_causes(self, today: datetime.date | None = None) -> list[StatusCause]:
        """What made the status what it is: the editor, a date or acting documents."""
        today = today or timezone.localdate()
        status = self.status
        if self.status_override:
            return [
                StatusCause(_("Set by the editor"), note=self.status_override_reason)
            ]
        causes: list[StatusCause] = []
        if (
            status == Status.OUT_OF_FORCE
            and self.expiry_date
            and self.expiry_date <= today
        ):
            causes.append(StatusCause(_("Expired on"), date=self.expiry_date))
        if status == Status.NOT_YET_IN_FORCE:
            causes.append(StatusCause(_("Takes effect on"), date=self.effective_date))
        if status in (Status.SUSPENDED, Status.PARTLY_SUSPENDED):
            relations = suspending(
                acting_relations(today).filter(target=self), today
            ).filter(partial=status == Status.PARTLY_SUSPENDED)
            for relation in relations.select_related(
                "source", "source__doc_type"
            ).order_by("pk"):
                causes.append(
                    StatusCause(
                        REVERSE_LABELS[relation.kind],
                        document=relation.source,
                        date=relation.source.effective_date
                        or relation.source.issued_date,
                        note=relation.note,
                        until=relation.until,
                    )
                )
        if status in (Status.OUT_OF_FORCE, Status.PARTLY_OUT_OF_FORCE):
            for relation in self.acting_incoming_relations(today):
                if relation.kind == RelationKind.SUSPENDS:
                    continue  # suspensions say "suspended", above
                wholly = relation.kind in ENDING_KINDS and not relation.partial
                if (status == Status.OUT_OF_FORCE) != wholly:
                    continue
                causes.append(
                    StatusCause(
                        REVERSE_LABELS[relation.kind],
                        document=relation.source,
                        date=relation.source.effective_date
                        or relation.source.issued_date,
                        note=relation.note,
                    )
                )
        return causes

    def acting_incoming_relations(self, today: datetime.date | None = None):
        """The published documents in force that act on this one (not those it
        rests on, relates to or is guided by): from `incoming_relations_live`,
        which the page reads once for all its parts."""
        today = today or timezone.localdate()
        passive = {RelationKind.BASED_ON, RelationKind.RELATED, RelationKind.GUIDES}
        return [
            relation
            for relation in self.incoming_relations_live
            if relation.kind not in passive and in_force(relation.source, today)
        ]
