"""Administrative procedures (thủ tục hành chính), shaped like the national procedure
database (Cơ sở dữ liệu quốc gia về thủ tục hành chính): one page per procedure, its
taxonomies as snippets, and its repeating parts (steps, channels, dossier papers,
legal bases) as ordered inline rows."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.core.absolute_urls import absolute_url
from portal.core.api_fields import TaxonomySerializer
from portal.core.changes import topic
from portal.core.json_ld import json_ld
from portal.core.models import (
    AbstractDocumentCitation,
    BasePortalPage,
    PublicBody,
    citation_tags,
)
from portal.core.printable import PrintableMixin
from portal.core.taxonomy import Taxonomy
from search.text import fold

from .serializers import LegalBasesField

if TYPE_CHECKING:
    from .legal import ResolvedLegalBasis

# --------------------------------------------------------------------------------------
# Fixed vocabularies of the national database


class Level(models.TextChoices):
    """Cấp thực hiện."""

    PROVINCE = "tinh", _("Provincial level")
    DISTRICT = "huyen", _("District level")
    COMMUNE = "xa", _("Commune level")


class OnlineLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP)."""

    FULL = "toan-trinh", _("Fully online")
    PARTIAL = "mot-phan", _("Partly online")
    INFORMATION = "thong-tin", _("Information only")


class Channel(models.TextChoices):
    """Cách thức thực hiện: how a dossier reaches the agency."""

    IN_PERSON = "truc-tiep", _("In person")
    ONLINE = "truc-tuyen", _("Online")
    POSTAL = "buu-chinh", _("Public postal service")


# --------------------------------------------------------------------------------------
# Taxonomies (snippets)


#: Followers of a field hear of its procedures (portal.core.changes).
FIELD_TOPIC = "procedure-field"


class ProcedureField(Taxonomy):
    """Lĩnh vực: the area of administration, e.g. "Hộ tịch", "Xây dựng"."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")


class Audience(Taxonomy):
    """Đối tượng thực hiện: who may follow a procedure (citizens, organisations…)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


# --------------------------------------------------------------------------------------
# Pages


class ProcedureIndexPage(BasePortalPage):
    """The list of procedures, with filters, counts per filter value and a search box."""

    per_page = models.PositiveSmallIntegerField(_("procedures per page"), default=20)

    subpage_types = ["procedures.ProcedurePage"]
    max_count_per_parent = 1
    template = "procedures/procedure_index_page.html"

    content_panels = [*BasePortalPage.content_panels, FieldPanel("per_page")]

    class Meta:
        verbose_name = _("procedure list")
        verbose_name_plural = _("procedure lists")

    def listing(self, params, request=None, site=None):
        """The list filtered by `params` (a query string's), as `request` or an
        anonymous visitor of `site` sees it (portal.core.listing)."""
        from .listing import ProcedureListing

        return ProcedureListing(self, params, request, site=site)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.listing(request.GET, request).run()
        return context


class ProcedurePageForm(WagtailAdminPageForm):
    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        others = ProcedurePage.objects.filter(code=code, alias_of__isnull=True)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if code and others.exists():
            raise ValidationError(_("Another procedure already has this code."))
        return code


class ProcedurePage(PrintableMixin, BasePortalPage):
    """One administrative procedure, as the national database describes it; its
    printable copy (ban-in/) is to take to the one-stop desk."""

    print_template = "procedures/procedure_page_print.html"

    #: Mã thủ tục in the national database, e.g. "1.001193".
    #: Unique among procedures, checked by the admin form rather than the database:
    #: an alias (Wagtail copies every field into it) and a fresh copy share the code.
    code = models.CharField(
        _("procedure code"),
        max_length=40,
        db_index=True,
        help_text=_("The code in the national procedure database, e.g. 1.001193."),
    )
    field = models.ForeignKey(
        ProcedureField,
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    level = models.CharField(
        _("level of implementation"), max_length=10, choices=Level.choices
    )
    # Cơ quan thực hiện, cơ quan có thẩm quyền, cơ quan phối hợp.
    implementing_agencies = ParentalManyToManyField(
        PublicBody,
        verbose_name=_("implementing agencies"),
        related_name="implemented_procedures",
        blank=True,
    )
    competent_authority = models.ForeignKey(
        PublicBody,
        verbose_name=_("competent authority"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_procedures",
    )
    coordinating_agencies = ParentalManyToManyField(
        PublicBody,
        verbose_name=_("coordinating agencies"),
        related_name="coordinated_procedures",
        blank=True,
    )
    audiences = ParentalManyToManyField(
        Audience,
        verbose_name=_("who may apply"),
        related_name="procedures",
        blank=True,
    )
    dossier_count = models.CharField(
        _("number of dossiers"),
        max_length=255,
        blank=True,
        help_text=_("For example: 01 bộ."),
    )
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    result = models.TextField(pgettext_lazy("procedure", "result"), blank=True)
    online_level = models.CharField(
        _("online public service level"),
        max_length=12,
        choices=OnlineLevel.choices,
        default=OnlineLevel.INFORMATION,
    )
    online_url = models.URLField(
        _("online submission address"),
        max_length=500,
        blank=True,
        help_text=_("Where to submit the dossier on the public service portal."),
    )
    #: Folded title, code and summary ("cap giay phep xay dung ..."), for matching
    #: queries typed without diacritics and for sorting; kept up to date by save().
    search_text = models.TextField(editable=False, blank=True, default="")
    #: Fingerprint of the last imported record, so a re-import of an unchanged record
    #: publishes nothing.
    import_fingerprint = models.CharField(
        max_length=64, editable=False, blank=True, default=""
    )

    parent_page_types = ["procedures.ProcedureIndexPage"]
    subpage_types: list[str] = []
    template = "procedures/procedure_page.html"
    # A copy was never imported; it keeps the code until the editor gives it its own
    # (the admin form refuses to save it with a code another procedure has).
    exclude_fields_in_copy = ["import_fingerprint"]
    base_form_class = ProcedurePageForm

    general_panels = [
        *Page.content_panels,
        FieldPanel("code"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("field"), FieldPanel("level")]),
        MultiFieldPanel(
            [
                FieldPanel("implementing_agencies"),
                FieldPanel("competent_authority"),
                FieldPanel("coordinating_agencies"),
            ],
            heading=_("Agencies"),
        ),
        FieldPanel("audiences"),
        MultiFieldPanel(
            [FieldPanel("online_level"), FieldPanel("online_url")],
            heading=_("Online public service"),
        ),
    ]
    dossier_panels = [
        InlinePanel("steps", heading=_("Steps"), label=_("Step")),
        InlinePanel("dossier_items", heading=_("Dossier"), label=_("Paper")),
        FieldPanel("dossier_count"),
        FieldPanel("requirements"),
        FieldPanel("result"),
        FieldPanel("body"),
    ]
    channel_panels = [
        InlinePanel("channels", heading=_("Ways to apply"), label=_("Channel")),
    ]
    legal_panels = [
        InlinePanel(
            "legal_bases",
            heading=_("Legal basis"),
            label=pgettext_lazy("legal basis", "Document"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(general_panels, heading=_("General")),
            ObjectList(dossier_panels, heading=_("Steps and dossier")),
            ObjectList(channel_panels, heading=_("Time limits and fees")),
            ObjectList(legal_panels, heading=_("Legal basis")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *BasePortalPage.search_fields,
        index.SearchField("code", boost=5),
        index.SearchField("search_text"),
        index.FilterField("level"),
        index.FilterField("online_level"),
        index.FilterField("field"),
    ]

    #: Wagtail API v2 (/api/v2/pages/?type=procedures.ProcedurePage&fields=...).
    #: Vocabularies give name and slug, so agencies stored another way read the same.
    api_fields = [
        *BasePortalPage.api_fields,
        APIField("code"),
        APIField("field", serializer=TaxonomySerializer()),
        APIField("level"),
        APIField("implementing_agencies", serializer=TaxonomySerializer(many=True)),
        APIField("competent_authority", serializer=TaxonomySerializer()),
        APIField("coordinating_agencies", serializer=TaxonomySerializer(many=True)),
        APIField("audiences", serializer=TaxonomySerializer(many=True)),
        APIField("dossier_count"),
        APIField("requirements"),
        APIField("result"),
        APIField("online_level"),
        APIField("online_url"),
        APIField("steps"),
        APIField("channels"),
        APIField("dossier_items"),
        APIField("legal_bases", serializer=LegalBasesField()),
    ]

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip()
        if not self.code:
            raise ValidationError({"code": _("Enter the procedure code.")})

    def save(self, *args, **kwargs):
        self.prepare_for_save([self])
        return super().save(*args, **kwargs)

    @classmethod
    def prepare_for_save(cls, pages: list[ProcedurePage]) -> None:
        """The folded search text, for one page (save) or many (portal.core.bulk).

        The folded title comes first, so that ordering by this column sorts the list
        alphabetically whatever the database's collation does with "Đ" or "ấ"."""
        for page in pages:
            page.search_text = fold(
                " ".join(filter(None, [page.title, page.code, page.intro]))
            )

    # -- what the templates show --------------------------------------------------

    @cached_property
    def ordered_channels(self) -> list[ProcedureChannel]:
        order = {value: position for position, value in enumerate(Channel.values)}
        return sorted(self.channels.all(), key=lambda c: order.get(c.channel, 99))

    @cached_property
    def details(self) -> SimpleNamespace:
        """Everything the detail page, its print view and its JSON-LD show, fetched
        once (one query per relation, whatever the number of papers or steps)."""
        return SimpleNamespace(
            implementing_agencies=list(self.implementing_agencies.all()),
            coordinating_agencies=list(self.coordinating_agencies.all()),
            audiences=list(self.audiences.all()),
            steps=list(self.steps.all()),
            channels=self.ordered_channels,
            papers=list(self.dossier_items.select_related("form")),
        )

    def meta_summary(self) -> str:
        """The procedure's name and field, then its introduction."""
        lead = _("Administrative procedure in the field of %(field)s: %(name)s.") % {
            "field": self.field.name,
            "name": self.title,
        }
        return f"{lead} {self.intro}".strip()

    def resolved_legal_bases(self) -> list[ResolvedLegalBasis]:
        from .legal import resolve_legal_bases

        return resolve_legal_bases(list(self.legal_bases.all()))

    #: A procedure's steps, fees and time limits change: its followers hear of it.
    followers_hear_of_updates = True

    def change_topics(self) -> list[str]:
        """Its field's followers hear of it (portal.core.changes)."""
        return [topic(FIELD_TOPIC, self.field_id)]

    def follow_topic(self) -> str:
        """Following a procedure by e-mail follows its field (portal.alerts)."""
        return topic(FIELD_TOPIC, self.field_id)

    @property
    def follow_invitation(self) -> str:
        return _(
            "Follow the field %(field)s: get an e-mail when one of its procedures "
            "is published, changed or withdrawn."
        ) % {"field": self.field.name}

    def invalidation_tags(self) -> set[str]:
        """Besides itself, a change shows on the legal documents it rests on
        ("procedures resting on it"; portal.core.caching)."""
        return citation_tags(self.legal_bases.all())

    def get_context(self, request, *args, **kwargs):
        from .structured_data import government_service_data

        context = super().get_context(request, *args, **kwargs)
        context["procedure"] = self.details
        context["legal_bases"] = self.resolved_legal_bases()
        context["structured_data"] = json_ld(government_service_data(self))
        context["canonical_url"] = absolute_url(self)
        return context


# --------------------------------------------------------------------------------------
# Inline rows


class ProcedureStep(Orderable):
    """One step of trình tự thực hiện."""

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=500)
    description = models.TextField(
        pgettext_lazy("procedure step", "details"), blank=True
    )

    panels = [FieldPanel("title"), FieldPanel("description")]
    api_fields = [APIField("title"), APIField("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title


class ProcedureChannel(Orderable):
    """One way to apply (cách thức thực hiện), with its own time limit and fees."""

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    time_limit = models.CharField(
        _("time limit"),
        max_length=500,
        help_text=_("For example: 03 ngày làm việc kể từ ngày nhận đủ hồ sơ."),
    )
    fee = models.CharField(
        _("fees and charges"),
        max_length=500,
        blank=True,
        help_text=_("For example: Lệ phí 8.000 đồng. Leave empty when free."),
    )
    description = models.TextField(_("notes"), blank=True)

    panels = [
        FieldPanel("channel"),
        FieldPanel("time_limit"),
        FieldPanel("fee"),
        FieldPanel("description"),
    ]
    api_fields = [
        APIField("channel"),
        APIField("time_limit"),
        APIField("fee"),
        APIField("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.get_channel_display()


class DossierItem(Orderable):
    """One paper of thành phần hồ sơ, with how many originals and copies to bring."""

    page = ParentalKey(
        ProcedurePage, on_delete=models.CASCADE, related_name="dossier_items"
    )
    name = models.CharField(_("paper"), max_length=1000)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    form = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("form template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("originals"), FieldPanel("copies")]),
        FieldPanel("form"),
        FieldPanel("note"),
    ]
    api_fields = [
        APIField("name"),
        APIField("originals"),
        APIField("copies"),
        APIField("form"),
        APIField("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("dossier paper")
        verbose_name_plural = _("dossier papers")

    def __str__(self) -> str:
        return self.name


class LegalBasis(AbstractDocumentCitation):
    """One document of căn cứ pháp lý, stored by its number so that it links to the
    legal document once that is published, and reads as plain text before."""

    page = ParentalKey(
        ProcedurePage, on_delete=models.CASCADE, related_name="legal_bases"
    )
    title = models.CharField(
        pgettext_lazy("legal basis", "title"),
        max_length=500,
        blank=True,
        help_text=_("Shown until the document is published on the portal."),
    )

    panels = [FieldPanel("number"), FieldPanel("title")]

    class Meta(AbstractDocumentCitation.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
