"""Legal documents (văn bản): the taxonomies, the document page, relations between
documents, attachments and the text extracted from them.

The validity status (tình trạng hiệu lực) lives in `validity`: the page gets it from
`ValidityMixin`, lists from `LegalDocumentQuerySet.with_status`.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portal.core.absolute_urls import absolute_url
from portal.core.api_fields import PageAddressField, TaxonomySerializer
from portal.core.caching import page_tag, type_tag
from portal.core.changes import page_topic
from portal.core.json_ld import json_ld
from portal.core.listing import LazyListingResult
from portal.core.models import (
    AbstractAttachment,
    PublicBody,
    PublicBodyKind,
    citation_tag,
    citation_tags,
)
from portal.core.page_meta import PageMetaMixin
from portal.core.routing import RoutedViewRestrictionsMixin
from portal.core.taxonomy import Taxonomy
from search.text import fold, normalise_document_number

from .forms import LegalDocumentForm
from .panels import ExtractionReportPanel, StatusReportPanel
from .serializers import (
    IncomingRelationSerializer,
    OutgoingRelationSerializer,
    StatusSerializer,
)
from .validity import (
    REVERSE_LABELS,
    RelationKind,
    Status,
    ValidityMixin,
    status_expression,
)


class DocumentType(Taxonomy):
    """Loại văn bản: Luật, Nghị định, Quyết định, Kế hoạch..."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")


class LegalField(Taxonomy):
    """Lĩnh vực."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("field")
        verbose_name_plural = _("fields")


class Signer(Taxonomy):
    """Người ký."""

    name = models.CharField(_("name"), max_length=255)
    #: The same name can belong to two people; the slug tells them apart.
    default_position = models.CharField(_("usual position"), max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("default_position")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("signer")
        verbose_name_plural = _("signers")


class Scope(models.TextChoices):
    PROVINCE = "tinh", _("Province-wide")
    NATIONAL = "toan-quoc", _("Nationwide")


class Group(models.TextChoices):
    LEGAL_NORMATIVE = "qppl", _("Legal normative document")
    DIRECTION = "chi-dao-dieu-hanh", _("Direction and administration document")


class LegalDocumentQuerySet(PageQuerySet):
    def with_status(self, today: datetime.date | None = None):
        """Annotate `computed_status` (a Status value) on every row."""
        return self.annotate(computed_status=status_expression(today))

    def with_status_code(self, code: str, today: datetime.date | None = None):
        return self.with_status(today).filter(computed_status=code)

    def by_number(self, number: str):
        return self.filter(number_key=normalise_document_number(number))

    def for_api(self):
        """What the API's fields read, fetched with the rows: the status, the
        vocabularies and the attachments (the relations each way cost a query per
        document)."""
        return (
            self.with_status()
            .select_related("locale", "doc_type", "issuing_body", "signer")
            .prefetch_related("fields", "attachments__document")
        )


LegalDocumentManager = PageManager.from_queryset(LegalDocumentQuerySet)


class BodyKindsField(models.JSONField):
    """A list of `PublicBodyKind` values, chosen with check boxes."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            label=self.verbose_name,
            help_text=self.help_text,
            choices=PublicBodyKind.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class LegalDocumentIndexPage(PageMetaMixin, RoutedViewRestrictionsMixin, Page):
    """The document database (cơ sở dữ liệu văn bản): filters, sort and pagination.

    On the province's portal it lists every document of every portal; on a member
    portal, its own documents plus the other portals' documents it chooses to
    show, by issuing body, kind of body or field (portal.legal.listing).
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])
    per_page = models.PositiveSmallIntegerField(
        _("documents per page"), default=20, help_text=_("Between 5 and 100.")
    )
    show_bodies = ParentalManyToManyField(
        PublicBody,
        verbose_name=_("documents of these bodies"),
        blank=True,
        related_name="+",
    )
    show_kinds = BodyKindsField(
        _("documents of these kinds of bodies"), default=list, blank=True
    )
    show_fields = ParentalManyToManyField(
        "legal.LegalField",
        verbose_name=_("documents of these fields"),
        blank=True,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("per_page"),
        MultiFieldPanel(
            [
                FieldPanel("show_bodies", widget=forms.SelectMultiple),
                FieldPanel("show_kinds"),
                FieldPanel("show_fields", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Province-wide documents shown on a member portal"),
            help_text=_(
                "On a member portal, the list shows its own documents and those of "
                "the province's other portals chosen here (by issuing body, kind of "
                "body or field), marked as province-wide. The province's own list "
                "shows every document."
            ),
        ),
    ]
    subpage_types = ["legal.LegalDocumentPage"]
    parent_page_types = ["core.HomePage", "core.SectionPage"]
    template = "legal/legal_document_index_page.html"

    class Meta:
        verbose_name = _("document list")
        verbose_name_plural = _("document lists")

    def listing(self, params, request=None, site=None):
        """The list filtered by `params` (a query string's), as `request` or an
        anonymous visitor of `site` sees it (portal.core.listing)."""
        from .listing import DocumentListing

        return DocumentListing(self, params, request, site=site)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = self.listing(request.GET, request)
        result = LazyListingResult(listing)
        context["listing"] = result
        # Known once the list ran (it finds which portal the list is on).
        context["marks_province_wide"] = SimpleLazyObject(
            lambda: result.result is not None and listing.on_member_portal
        )
        context["list_cache_key"] = listing.cache_key()
        context["list_dependencies"] = listing.cache_dependencies()
        return context

    def cache_dependencies(self) -> tuple[str, ...]:
        """What the page shows outside its fragments (portal.core.caching): its
        own text and the documents it lists."""
        return (page_tag(self.pk), type_tag(LegalDocumentPage))


@dataclass(frozen=True)
class TimelineEvent:
    date: datetime.date
    label: str
    document: LegalDocumentPage | None = None
    note: str = ""
    upcoming: bool = False


class LegalDocumentPage(
    PageMetaMixin, RoutedViewRestrictionsMixin, RoutablePageMixin, ValidityMixin, Page
):
    """One legal document: metadata, full text, attachments and relations."""

    number = models.CharField(
        _("document number"),
        max_length=100,
        help_text=_("Số ký hiệu, for example 146/KH-UBND or 01/2020/QĐ-UBND."),
    )
    #: The comparable number, e.g. "146-kh-ubnd"; the slug of the short URL.
    number_key = models.CharField(
        _("number key"), max_length=120, db_index=True, editable=False
    )
    #: The folded title, for matching queries typed without diacritics.
    title_folded = models.TextField(editable=False, blank=True)
    doc_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("document type"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    #: Cơ quan ban hành.
    issuing_body = models.ForeignKey(
        PublicBody,
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    signer = models.ForeignKey(
        Signer,
        verbose_name=_("signer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    signer_position = models.CharField(
        _("signer's position"), max_length=255, blank=True
    )
    fields = ParentalManyToManyField(
        LegalField, verbose_name=_("fields"), blank=True, related_name="documents"
    )
    issued_date = models.DateField(_("issue date"), db_index=True)
    effective_date = models.DateField(
        _("effective date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the document takes effect on its issue date."),
    )
    expiry_date = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("The first day the document no longer applies, when it is known."),
    )
    gazette_number = models.CharField(
        _("official gazette number"), max_length=50, blank=True
    )
    gazette_date = models.DateField(_("official gazette date"), null=True, blank=True)
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.PROVINCE
    )
    group = models.CharField(
        pgettext_lazy("legal document", "group"),
        max_length=20,
        choices=Group.choices,
        default=Group.DIRECTION,
    )
    body = RichTextField(_("full text"), blank=True)
    status_override = models.CharField(
        _("status set by the editor"),
        max_length=30,
        choices=Status.choices,
        blank=True,
        help_text=_("Only when the computed status is wrong; give the reason below."),
    )
    status_override_reason = models.TextField(_("reason for the status"), blank=True)
    #: Text extracted from the attachments (see extraction.py); not part of revisions.
    extracted_text = models.TextField(
        _("text of the attachments"), blank=True, editable=False
    )

    objects = LegalDocumentManager()

    base_form_class = LegalDocumentForm
    parent_page_types = ["legal.LegalDocumentIndexPage"]
    subpage_types: list[str] = []
    template = "legal/legal_document_page.html"
    #: Never shown, and the attachments' text can be long: not read when a visit
    #: routes to the page (portal.core.routing).
    routing_deferred_fields = ("extracted_text", "title_folded")

    content_panels = [
        FieldPanel("number"),
        FieldPanel("title", heading=_("Summary (trích yếu)")),
        FieldRowPanel([FieldPanel("doc_type"), FieldPanel("issuing_body")]),
        FieldRowPanel([FieldPanel("signer"), FieldPanel("signer_position")]),
        FieldPanel("fields"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("issued_date"),
                        FieldPanel("effective_date"),
                        FieldPanel("expiry_date"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("gazette_number"), FieldPanel("gazette_date")]
                ),
                FieldRowPanel([FieldPanel("scope"), FieldPanel("group")]),
            ],
            heading=_("Dates and scope"),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("attachment")),
        ExtractionReportPanel(heading=_("Text extracted from the attachments")),
    ]
    relation_panels = [
        StatusReportPanel(heading=_("Validity status today")),
        InlinePanel(
            "relations",
            heading=_("Relations to other documents"),
            label=_("relation"),
            help_text=_(
                "Enter each relation once, on the document that acts (the one that "
                "amends, replaces, repeals...). It is shown on both documents."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("status_override"), FieldPanel("status_override_reason")],
            heading=_("Validity status"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                content_panels, heading=pgettext_lazy("legal document", "Document")
            ),
            ObjectList(relation_panels, heading=_("Relations and status")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.AutocompleteField("number"),
        index.SearchField("body"),
        index.FilterField("number_key"),
        index.FilterField("issued_date"),
    ]

    #: Wagtail API v2 (/api/v2/pages/?type=legal.LegalDocumentPage&fields=...).
    #: Vocabularies give name and slug, so a body stored another way reads the same.
    api_fields = [
        APIField("number"),
        APIField("doc_type", serializer=TaxonomySerializer()),
        APIField("issuing_body", serializer=TaxonomySerializer()),
        APIField("signer", serializer=TaxonomySerializer()),
        APIField("signer_position"),
        # Not "fields", which the API reads as its own ?fields= parameter.
        APIField(
            "legal_fields", serializer=TaxonomySerializer(many=True, source="fields")
        ),
        APIField("issued_date"),
        APIField("effective_date"),
        APIField("expiry_date"),
        APIField("gazette_number"),
        APIField("gazette_date"),
        APIField("scope"),
        APIField("group"),
        APIField("status", serializer=StatusSerializer(source="*")),
        APIField(
            "relations",
            serializer=OutgoingRelationSerializer(
                many=True, source="outgoing_relations"
            ),
        ),
        APIField(
            "incoming_relations",
            serializer=IncomingRelationSerializer(
                many=True, source="incoming_relations_live"
            ),
        ),
        APIField("attachments"),
        APIField("permanent_url", serializer=PageAddressField("short_url")),
        APIField("eli_url", serializer=PageAddressField("eli_url")),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        indexes = [models.Index(fields=["number_key", "issuing_body"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    # Saving ---------------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.status_override and not self.status_override_reason.strip():
            raise ValidationError(
                {"status_override_reason": _("Say why the status is set by hand.")}
            )
        if not normalise_document_number(self.number):
            raise ValidationError({"number": _("Enter a document number.")})
        if (
            self.effective_date
            and self.issued_date
            and self.effective_date < self.issued_date
        ):
            raise ValidationError(
                {
                    "effective_date": _(
                        "A document cannot take effect before it is issued."
                    )
                }
            )
        if (
            self.expiry_date
            and self.issued_date
            and self.expiry_date < self.issued_date
        ):
            raise ValidationError(
                {"expiry_date": _("A document cannot expire before it is issued.")}
            )
        if not self.slug and self.number:
            self.slug = normalise_document_number(self.number)[:255]

    def save(self, *args, **kwargs):
        self.prepare_for_save([self])
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "number_key", "title_folded"}
        result = super().save(*args, **kwargs)
        if update_fields is None:
            self.after_save([self])
        return result

    # What saving computes, for one page (save) or many (portal.core.bulk).

    @classmethod
    def prepare_for_save(cls, pages: list[LegalDocumentPage]) -> None:
        """The denormalised columns: the comparable number and the folded title."""
        for page in pages:
            page.number_key = normalise_document_number(page.number)
            page.title_folded = fold(page.title)

    @classmethod
    def after_save(cls, pages: list[LegalDocumentPage]) -> None:
        """Once the pages and their attachments are written: link the relations
        that named their numbers, and read their attachments' text."""
        from .extraction import refresh_extracted_text

        link_pending_relations_many(pages)
        if len(pages) == 1:
            refresh_extracted_text(pages[0])
            return
        with_files = set(
            LegalAttachment.objects.filter(page__in=pages).values_list(
                "page_id", flat=True
            )
        )
        for page in pages:
            if page.pk in with_files or page.extracted_text:
                refresh_extracted_text(page)

    @classmethod
    def published_changes(cls, pages: list[LegalDocumentPage]) -> list:
        """What followers of documents hear of (portal.legal.changes)."""
        from .changes import published_changes

        return published_changes(pages)

    def describe_change(self, change) -> str:
        from .changes import describe

        return describe(change)

    def serializable_data(self):
        # The extracted text can be large and belongs to the attachments, not to a
        # revision: keep it out of every revision's JSON.
        data = super().serializable_data()
        data.pop("extracted_text", None)
        return data

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.extracted_text = self.extracted_text
        return obj

    # Relations ------------------------------------------------------------------

    @cached_property
    def outgoing_relations(self) -> list[DocumentRelation]:
        """What this document does to others; `linked_target` is set only when the
        target is published (otherwise the relation shows its number alone)."""
        if not self.may_have("has_relations"):
            return []
        relations = list(
            self.relations.select_related("target").order_by("sort_order", "pk")
        )
        for relation in relations:
            target = relation.target
            relation.linked_target = (
                target if target is not None and target.live else None
            )
        return relations

    @cached_property
    def incoming_relations_live(self) -> list[DocumentRelation]:
        """What other published documents do to this one."""
        return list(
            self.incoming_relations.filter(source__live=True)
            # The causes of the status name the acting document's type.
            .select_related("source", "source__doc_type")
            .order_by("source__issued_date", "pk")
        )

    def relation_groups(self) -> list[tuple[str, list[dict]]]:
        """Both directions grouped under a heading that reads right from this side."""
        groups: dict[str, list[dict]] = {}
        for relation in self.outgoing_relations:
            label = (
                REVERSE_LABELS[relation.kind]
                if relation.kind == RelationKind.RELATED  # reads the same both ways
                else relation.get_kind_display()
            )
            groups.setdefault(str(label), []).append(
                {
                    "document": relation.linked_target,
                    "number": relation.target_number,
                    "note": relation.note,
                    "partial": relation.partial,
                }
            )
        for relation in self.incoming_relations_live:
            groups.setdefault(str(REVERSE_LABELS[relation.kind]), []).append(
                {
                    "document": relation.source,
                    "number": relation.source.number,
                    "note": relation.note,
                    "partial": relation.partial,
                }
            )
        return list(groups.items())

    def timeline(self, today: datetime.date | None = None) -> list[TimelineEvent]:
        """The document's life: issued, published, in force, changed, out of force."""
        today = today or timezone.localdate()
        events = [TimelineEvent(self.issued_date, str(_("Issued")))]
        if self.gazette_date:
            events.append(
                TimelineEvent(
                    self.gazette_date,
                    str(_("Published in the official gazette")),
                    note=self.gazette_number,
                )
            )
        effective = self.effective_date or self.issued_date
        events.append(TimelineEvent(effective, str(_("Takes effect"))))
        for relation in self.incoming_relations_live:
            if relation.kind in (RelationKind.BASED_ON, RelationKind.RELATED):
                continue
            source = relation.source
            events.append(
                TimelineEvent(
                    source.effective_date or source.issued_date,
                    str(REVERSE_LABELS[relation.kind]),
                    document=source,
                    note=relation.note,
                )
            )
            if relation.kind == RelationKind.SUSPENDS and relation.until:
                events.append(
                    TimelineEvent(
                        relation.until,
                        str(_("Last day of the suspension")),
                        document=source,
                    )
                )
        if self.expiry_date:
            events.append(TimelineEvent(self.expiry_date, str(_("Expires"))))
        events.sort(key=lambda event: event.date)
        return [
            TimelineEvent(e.date, e.label, e.document, e.note, upcoming=e.date > today)
            for e in events
        ]

    # What the head says -----------------------------------------------------------

    og_type = "article"

    def meta_title(self) -> str:
        return self.seo_title or f"{self.number} {self.title}"

    #: What the page shows of other rows by foreign key (`load_references`).
    REFERENCES = ("doc_type", "issuing_body", "signer")

    #: Set by `get_context` on the page a visitor is shown (not a preview, whose
    #: relations are in memory): `load_references` then also reads which of the
    #: parts below it has, and those it lacks cost no query.
    reads_stored_parts = False

    def stored_parts(self) -> dict:
        """Which optional parts the stored document has, as SQL conditions."""
        return {
            "has_relations": Exists(
                DocumentRelation.objects.filter(source_id=OuterRef("pk"))
            ),
            "has_attachments": Exists(
                LegalAttachment.objects.filter(page_id=OuterRef("pk"))
            ),
        }

    def may_have(self, part: str) -> bool:
        """False only when `load_references` found the stored page without it."""
        return self.__dict__.get("_stored_parts", {}).get(part, True)

    def load_references(self) -> None:
        """Read the document's type, issuing body and signer, its status and which
        optional parts it has with one query, not one each as the page first
        shows them; those already read, or whose row is not the one stored (a
        preview that changed them), load as before."""
        names = [
            name
            for name in self.REFERENCES
            if getattr(self, f"{name}_id") is not None
            and not self._meta.get_field(name).is_cached(self)
        ]
        status_unknown = "status" not in self.__dict__ and not hasattr(
            self, "computed_status"
        )
        parts = (
            self.stored_parts()
            if self.reads_stored_parts and "_stored_parts" not in self.__dict__
            else {}
        )
        if len(names) + status_unknown + len(parts) < 2 or self.pk is None:
            return
        stored = (
            type(self)
            .objects.filter(pk=self.pk)
            .with_status()
            .annotate(**parts)
            .select_related(*names)
            .only(*names)
            .first()
        )
        if stored is None:
            return
        if status_unknown:
            self.computed_status = stored.computed_status
        if parts:
            self._stored_parts = {name: getattr(stored, name) for name in parts}
        for name in names:
            if getattr(stored, f"{name}_id") == getattr(self, f"{name}_id"):
                setattr(self, name, getattr(stored, name))

    def meta_summary(self) -> str:
        """The trích yếu with the document's type, number, date and issuing body."""
        self.load_references()
        return _("%(type)s %(number)s of %(date)s by %(body)s: %(summary)s") % {
            "type": self.doc_type.name,
            "number": self.number,
            "date": self.issued_date.strftime("%d/%m/%Y"),
            "body": self.issuing_body.name,
            "summary": self.title,
        }

    # Addresses ------------------------------------------------------------------

    @property
    def short_url(self) -> str:
        return reverse("legal:by_number", args=[self.number_key])

    @property
    def eli_url(self) -> str:
        return reverse(
            "legal:eli",
            kwargs={
                "body": self.issuing_body.slug,
                "doc_type": self.doc_type.slug,
                "year": self.issued_date.year,
                "number": self.number_key,
            },
        )

    @path("in/", name="print")
    def print_view(self, request):
        return self.render(
            request,
            template="legal/legal_document_print.html",
            context_overrides={"print_view": True},
        )

    #: What following it by e-mail offers (portal.alerts).
    follow_invitation = _(
        "Follow this document: get an e-mail when it is amended, replaced, "
        "repealed, suspended, guided or its validity changes."
    )

    def follow_topic(self) -> str:
        """What its followers follow (portal.core.changes)."""
        return page_topic(self.pk)

    # What cached copies of it depend on (portal.core.caching) --------------------

    def cache_dependencies(self) -> tuple[str, ...]:
        """Its own content, and its number's tag: the documents related to it,
        the news citing it and the procedures resting on it replace that."""
        return (page_tag(self.pk), citation_tag(self.number_key))

    def invalidation_tags(self) -> set[str]:
        """A change shows wherever it is shown by number: on the pages citing it,
        and on the documents related to it either way."""
        relations = list(self.relations.all())
        numbers = [self.number, *(r.target_number for r in relations)]
        target_ids = [r.target_id for r in relations if r.target_id]
        if target_ids:
            numbers += LegalDocumentPage.objects.filter(pk__in=target_ids).values_list(
                "number_key", flat=True
            )
        if self.pk is not None:
            key = normalise_document_number(self.number)
            incoming = (
                Q(target_id=self.pk) | Q(target_number_key=key)
                if key
                else Q(target_id=self.pk)
            )
            numbers += DocumentRelation.objects.filter(incoming).values_list(
                "source__number_key", flat=True
            )
        return citation_tags(numbers)

    def get_context(self, request, *args, **kwargs):
        from .structured_data import legislation_data

        context = super().get_context(request, *args, **kwargs)
        self.reads_stored_parts = not getattr(request, "is_preview", False)
        # Lazy (templates call callables): legal_document_page.html caches the parts
        # that show them, by content version and day (the status follows the date).
        context["jsonld"] = functools.cache(
            lambda: self.load_references() or json_ld(legislation_data(self), indent=1)
        )
        context["canonical_url"] = functools.cache(lambda: absolute_url(self))
        context["permanent_url"] = functools.cache(
            lambda: absolute_url(self.short_url, site=self)
        )
        context["attachment_list"] = functools.cache(
            lambda: (
                list(self.attachments.select_related("document").order_by("sort_order"))
                if self.may_have("has_attachments")
                else []
            )
        )
        context["today"] = timezone.localdate()
        return context


class DocumentRelation(Orderable):
    """One relation, entered on the acting document and shown on both."""

    source = ParentalKey(
        LegalDocumentPage, on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        LegalDocumentPage,
        verbose_name=pgettext_lazy("legal document", "document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incoming_relations",
        help_text=_(
            "Choose the document, or give its number below if it is not here yet."
        ),
    )
    target_number = models.CharField(
        _("number of the document"),
        max_length=100,
        blank=True,
        help_text=_("It links itself when a document with this number is added."),
    )
    target_number_key = models.CharField(
        max_length=120, blank=True, db_index=True, editable=False
    )
    partial = models.BooleanField(
        _("only in part"),
        default=False,
        help_text=_(
            "Tick when only some articles are replaced, repealed or suspended."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("For example: Điều 3, khoản 2."),
    )
    until = models.DateField(
        _("suspended until"),
        null=True,
        blank=True,
        help_text=_(
            "For a suspension: the last day it applies, if the suspending document"
            " says. Leave empty while it applies until further notice."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("partial")]),
        FieldPanel("target"),
        FieldRowPanel([FieldPanel("target_number"), FieldPanel("note")]),
        FieldPanel("until"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target_number}"

    def clean(self):
        super().clean()
        if self.until and self.kind != RelationKind.SUSPENDS:
            raise ValidationError(
                {"until": _("Only a suspension has a last day; leave this empty.")}
            )
        if self.target_id is None and not normalise_document_number(self.target_number):
            raise ValidationError(
                {"target": _("Choose a document or enter its number.")}
            )
        if self.target_id and self.target_id == self.source_id:
            raise ValidationError({"target": _("A document cannot relate to itself.")})

    def save(self, *args, **kwargs):
        self.prepare_for_save([self])
        super().save(*args, **kwargs)

    @classmethod
    def prepare_for_save(cls, relations: list[DocumentRelation]) -> None:
        """A chosen target gives its number; a number alone finds its document
        (the oldest with that number, never the source itself). One query for
        many relations (portal.core.bulk)."""
        field = cls._meta.get_field("target")
        unfetched = {
            relation.target_id
            for relation in relations
            if relation.target_id is not None and not field.is_cached(relation)
        }
        numbers = dict(
            LegalDocumentPage.objects.filter(pk__in=unfetched).values_list(
                "pk", "number"
            )
            if unfetched
            else ()
        )
        for relation in relations:
            if relation.target_id is not None:
                relation.target_number = (
                    relation.target.number
                    if field.is_cached(relation)
                    else numbers.get(relation.target_id, relation.target_number)
                )
            relation.target_number_key = normalise_document_number(
                relation.target_number
            )
        keys = {
            relation.target_number_key
            for relation in relations
            if relation.target_id is None and relation.target_number_key
        }
        if not keys:
            return
        candidates: dict[str, list[int]] = {}
        for key, pk in (
            LegalDocumentPage.objects.filter(number_key__in=keys)
            .order_by("pk")
            .values_list("number_key", "pk")
        ):
            candidates.setdefault(key, []).append(pk)
        for relation in relations:
            if relation.target_id is None and relation.target_number_key:
                relation.target_id = next(
                    (
                        pk
                        for pk in candidates.get(relation.target_number_key, ())
                        if pk != relation.source_id
                    ),
                    None,
                )


def link_pending_relations(document: LegalDocumentPage) -> int:
    """Point relations that named this document's number at it; returns how many."""
    return link_pending_relations_many([document])


def link_pending_relations_many(documents: list[LegalDocumentPage]) -> int:
    """`link_pending_relations` for many documents, in one query to find the
    relations; a number two of them share goes to the first."""
    by_key: dict[str, LegalDocumentPage] = {}
    for document in documents:
        if document.number_key:
            by_key.setdefault(document.number_key, document)
    if not by_key:
        return 0
    sources_by_target: dict[int, list[int]] = {}
    for pk, source_id, key in DocumentRelation.objects.filter(
        target__isnull=True, target_number_key__in=list(by_key)
    ).values_list("pk", "source_id", "target_number_key"):
        target = by_key[key]
        if source_id != target.pk:
            sources_by_target.setdefault(target.pk, []).append(pk)
    return sum(
        DocumentRelation.objects.filter(pk__in=ids).update(target_id=target_id)
        for target_id, ids in sources_by_target.items()
    )


class LegalAttachment(AbstractAttachment):
    """A file of the document (PDF, DOC, DOCX) kept in Wagtail's document library."""

    page = ParentalKey(
        LegalDocumentPage, on_delete=models.CASCADE, related_name="attachments"
    )


class ExtractionStatus(models.TextChoices):
    OK = "ok", _("Text extracted")
    EMPTY = "empty", _("No text found (a scan?)")
    CORRUPT = "corrupt", _("The file is damaged")
    ENCRYPTED = "encrypted", _("The file is password-protected")
    TOO_LARGE = "too-large", _("The file is too large to read")
    TIMEOUT = "timeout", _("Reading took too long; the text is incomplete")
    UNSUPPORTED = "unsupported", _("This file type is not read")


class AttachmentText(models.Model):
    """What extraction made of one file of the document library, keyed by its hash."""

    document = models.OneToOneField(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="legal_text",
        verbose_name=_("file"),
    )
    file_hash = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("result"), max_length=20, choices=ExtractionStatus.choices
    )
    message = models.TextField(_("details"), blank=True)
    text = models.TextField(blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("extracted text")
        verbose_name_plural = _("extracted texts")

    def __str__(self) -> str:
        return f"{self.document}: {self.get_status_display()}"

    @property
    def is_problem(self) -> bool:
        return self.status not in (ExtractionStatus.OK,)


class StatusRefreshRun(models.Model):
    """The last day `legal_refresh_status` covered, so a missed day is caught up."""

    ran_for = models.DateField()
    requeued = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status refresh")
        verbose_name_plural = _("status refreshes")
        get_latest_by = "ran_for"

    def __str__(self) -> str:
        return f"{self.ran_for}: {self.requeued}"
