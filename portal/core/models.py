from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms_blocks.blocks import BASE_STREAM_BLOCKS
from search.text import normalise_document_number

from .blocks import MenuItemBlock, MenuLinkBlock
from .caching import VersionCachedSetting
from .changes import ContentChange  # noqa: F401 - a model of this app
from .home import HomeSectionsField
from .mail import MailSettings, OutgoingMail, RefusedAddress  # noqa: F401
from .page_meta import PageMetaMixin
from .routing import PrefetchedRoutingMixin, RoutedViewRestrictionsMixin
from .taxonomy import Taxonomy


class BasePortalPage(PageMetaMixin, RoutedViewRestrictionsMixin, Page):
    """Fields every content page of the portal shares."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BASE_STREAM_BLOCKS, verbose_name=_("content"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        abstract = True


class AbstractAttachment(Orderable):
    """A file of Wagtail's document library attached to a page, in the editor's
    order. Subclasses add the `page = ParentalKey(...)` to their page type."""

    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Defaults to the file's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [
        APIField("title", serializer=serializers.CharField(source="display_title")),
        APIField("document"),
    ]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title

    @property
    def extension(self) -> str:
        return self.document.file_extension.lower()

    @property
    def is_pdf(self) -> bool:
        return self.extension == "pdf"


def citation_tag(number_key: str) -> str:
    """The dependency tag (`portal.core.caching`) of a legal document number: of
    what shows the document under that number elsewhere (a news item's cited
    documents, a related document), and of the lists of pages citing it (its "news
    citing it", the procedures resting on it). Publishing the document or a page
    citing it replaces it."""
    return f"cites:{number_key}"


def citation_tags(citations) -> set[str]:
    """The `citation_tag` of each of these citations (or document numbers)."""
    return {
        citation_tag(key)
        for key in (
            normalise_document_number(getattr(citation, "number", citation))
            for citation in citations
        )
        if key
    }


class AbstractDocumentCitation(Orderable):
    """A legal document a page cites by its number (số ký hiệu): a news item's cited
    document, a procedure's legal basis. Stored by number, so that it can be written
    before the document is on the portal, or on a site without the legal app; it links
    to the legal app's permanent short URL, which survives a moved or renamed page.
    Subclasses add the `page = ParentalKey(...)` and the text shown beside the number.
    """

    number = models.CharField(
        _("document number"),
        max_length=100,
        help_text=_("Số ký hiệu, for example 146/KH-UBND or 123/2015/NĐ-CP."),
    )
    #: normalise_document_number(number): the slug of the document's short URL, and
    #: how a document finds the pages that cite it.
    number_key = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        self.prepare_for_save([self])
        super().save(*args, **kwargs)

    @classmethod
    def prepare_for_save(cls, citations: list["AbstractDocumentCitation"]) -> None:
        """The comparable number, for one citation (save) or many (portal.core.bulk)."""
        for citation in citations:
            citation.number_key = normalise_document_number(citation.number)

    @property
    def permanent_url(self) -> str:
        """The legal app's short URL for the number ("" without the legal app)."""
        key = normalise_document_number(self.number)
        if not key:
            return ""
        try:
            return reverse("legal:by_number", args=[key])
        except NoReverseMatch:
            return ""


class PublicBodyKind(models.TextChoices):
    """Where a body stands in the state apparatus; the values are filter codes."""

    CENTRAL = "trung-uong", _("Central body")
    PROVINCIAL = "cap-tinh", _("Provincial body")
    DEPARTMENT = "so-ban-nganh", _("Department, board or sector")
    DISTRICT = "cap-huyen", _("District level")
    COMMUNE = "cap-xa", _("Commune level")
    OTHER = "khac", _("Other body")


def other_languages() -> Q:
    """The locales a text may be translated into: all but the default language's."""
    return ~Q(language_code=settings.LANGUAGE_CODE)


class LanguageTexts(Orderable):
    """The texts of a setting or snippet in a language other than the default, one
    row per Wagtail `Locale` (see `portal.core.locales`).

    A snippet or setting keeps one row whatever the language, so that what points
    at it (a document at its issuing body, a site at its settings) never has to
    choose a translation; only the words change.
    """

    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("language"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=other_languages,
    )

    #: The fields that replace the owner's when this row's language is active.
    translated_fields: tuple[str, ...] = ()

    class Meta(Orderable.Meta):
        abstract = True

    def texts(self) -> dict:
        return {name: getattr(self, name) for name in self.translated_fields}


class PublicBody(ClusterableModel, Taxonomy):
    """Cơ quan, đơn vị: a body that issues documents, handles procedures or answers
    citizens, in the tree of the bodies it belongs to.

    Legal documents name their issuing body and procedures their agencies here, so
    that one body has one name, one address (the slug) and one set of contacts.
    """

    kind = models.CharField(
        _("kind of body"), max_length=20, choices=PublicBodyKind.choices, blank=True
    )
    #: The body this one belongs to (a sở: the provincial people's committee; a
    #: commune: its district): the organisation chart.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    #: Who heads the body, as the organisation chart and the directory show it.
    head_name = models.CharField(_("name of the head"), max_length=255, blank=True)
    head_title = models.CharField(
        _("title of the head"),
        max_length=255,
        blank=True,
        help_text=_("For example: Giám đốc, Chủ tịch."),
    )
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        help_text=_("For example: Thứ Hai đến Thứ Sáu, sáng 7h30 - 11h30."),
    )
    functions = models.TextField(
        _("functions and duties"),
        blank=True,
        help_text=_("A short summary, shown on the body's page."),
    )
    #: Bodies of one parent are listed by this number, then by name.
    sort_order = models.PositiveSmallIntegerField(
        _("order among its siblings"), default=0
    )

    panels = [
        *Taxonomy.panels,
        FieldRowPanel(
            [FieldPanel("kind"), FieldPanel("parent"), FieldPanel("sort_order")]
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel(
                    [FieldPanel("phone"), FieldPanel("fax"), FieldPanel("email")]
                ),
                FieldPanel("website"),
                FieldPanel("opening_hours"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("head_title"), FieldPanel("head_name")]),
                FieldPanel("functions"),
            ],
            heading=_("Head and duties"),
        ),
        InlinePanel(
            "translations",
            heading=_("In other languages"),
            help_text=_(
                "The body's name, address and duties as the other languages' "
                "sections show them."
            ),
        ),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = _("public body")
        verbose_name_plural = _("public bodies")

    def ancestors(self) -> list["PublicBody"]:
        """The bodies above this one, nearest first (stops at a loop)."""
        found: list[PublicBody] = []
        seen = {self.pk}
        body = self.parent
        while body is not None and body.pk not in seen:
            found.append(body)
            seen.add(body.pk)
            body = body.parent
        return found

    def clean(self):
        super().clean()
        if self.parent_id is not None and (
            self.parent_id == self.pk
            or (self.pk is not None and self in self.parent.ancestors())
        ):
            raise ValidationError(
                {"parent": _("A body cannot belong to itself or to one of its units.")}
            )


class HomePage(PrefetchedRoutingMixin, BasePortalPage):
    """The front page of a site: the province's portal or a member portal (each a
    Wagtail site whose root is its home page). Content apps add their own sections
    to it."""

    #: The sections editors arrange: the content apps' blocks (portal.core.home).
    sections = HomeSectionsField(verbose_name=_("home page layout"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    template = "core/home_page.html"
    #: Only its own site shows it (see portal.core.caching.invalidation).
    shown_on_other_sites = False

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("sections")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class SectionPage(BasePortalPage):
    """A section of the site (chuyên mục): rich content and a list of its sub-pages."""

    show_children = models.BooleanField(_("list sub-pages"), default=True)
    template = "core/section_page.html"
    #: Only its own site lists it (see portal.core.caching.invalidation).
    shown_on_other_sites = False

    content_panels = [*BasePortalPage.content_panels, FieldPanel("show_children")]

    class Meta:
        verbose_name = _("section page")
        verbose_name_plural = _("section pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.show_children:
            context["child_pages"] = (
                self.get_children().live().public().specific().order_by("path")
            )
        return context


@register_setting(icon="site")
class PortalSettings(VersionCachedSetting, ClusterableModel, BaseSiteSetting):
    """Who runs the portal and how citizens reach them, shown in header and footer."""

    portal_name = models.CharField(
        _("portal name"), max_length=255, default="Cổng thông tin điện tử"
    )
    owner_name = models.CharField(
        _("governing body"),
        max_length=255,
        blank=True,
        help_text=_("For example: Ủy ban nhân dân tỉnh Hưng Yên"),
    )
    emblem = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("emblem or logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    hotline = models.CharField(_("hotline"), max_length=50, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    footer_text = RichTextField(
        _("footer text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Licence number, editor in chief and similar notices."),
    )
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    zalo_url = models.URLField(_("Zalo page"), blank=True)
    #: The body whose portal this is: the province's people's committee for the
    #: province's portal, a department or district for a member portal. Its
    #: documents have their pages on this site.
    body = models.ForeignKey(
        PublicBody,
        verbose_name=_("public body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_settings",
        help_text=_("The department, district or committee that runs this portal."),
    )
    primary_colour = models.CharField(
        _("main colour"),
        max_length=7,
        blank=True,
        validators=[
            RegexValidator(
                r"^#[0-9a-fA-F]{6}$",
                _("Enter a colour as # and six hexadecimal digits, e.g. #a50e1f."),
            )
        ],
        help_text=_("Header and links; empty keeps the portal's red."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("portal_name"),
                FieldPanel("owner_name"),
                FieldPanel("body"),
                FieldPanel("emblem"),
                FieldPanel("primary_colour"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("hotline"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("youtube_url"),
                FieldPanel("zalo_url"),
            ],
            heading=_("Social networks"),
        ),
        InlinePanel(
            "translations",
            heading=_("In other languages"),
            help_text=_(
                "The portal's name, governing body, address and footer text on "
                "the pages of another language (for example /en/)."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")

    @property
    def primary_colour_dark(self) -> str:
        """The main colour a quarter darker (hover and borders), "" without one."""
        if not self.primary_colour:
            return ""
        value = int(self.primary_colour[1:], 16)
        channels = [(value >> shift) & 0xFF for shift in (16, 8, 0)]
        return "#" + "".join(f"{channel * 3 // 4:02x}" for channel in channels)


@register_setting(icon="list-ul")
class NavigationSettings(VersionCachedSetting, ClusterableModel, BaseSiteSetting):
    """The main menu and the footer menu, edited by webmasters."""

    main_menu = StreamField(
        [("item", MenuItemBlock())], verbose_name=_("main menu"), blank=True
    )
    footer_menu = StreamField(
        [("link", MenuLinkBlock())], verbose_name=_("footer menu"), blank=True
    )

    panels = [
        FieldPanel("main_menu"),
        FieldPanel("footer_menu"),
        InlinePanel(
            "translations",
            heading=_("In other languages"),
            help_text=_("The menus of another language's pages (for example /en/)."),
        ),
    ]

    class Meta:
        verbose_name = _("menus")


class PublicBodyTranslation(LanguageTexts):
    body = ParentalKey(
        PublicBody, on_delete=models.CASCADE, related_name="translations"
    )
    name = models.CharField(_("name"), max_length=255)
    head_title = models.CharField(_("title of the head"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    functions = models.TextField(_("functions and duties"), blank=True)

    translated_fields = ("name", "head_title", "address", "opening_hours", "functions")
    panels = [
        FieldPanel("locale"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("head_title"), FieldPanel("address")]),
        FieldPanel("opening_hours"),
        FieldPanel("functions"),
    ]

    class Meta(LanguageTexts.Meta):
        verbose_name = _("public body in another language")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "locale"], name="core_body_translation_unique"
            )
        ]


class PortalSettingsTranslation(LanguageTexts):
    setting = ParentalKey(
        PortalSettings, on_delete=models.CASCADE, related_name="translations"
    )
    portal_name = models.CharField(_("portal name"), max_length=255)
    owner_name = models.CharField(_("governing body"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    footer_text = RichTextField(
        _("footer text"), blank=True, features=["bold", "italic", "link"]
    )

    translated_fields = ("portal_name", "owner_name", "address", "footer_text")
    panels = [
        FieldPanel("locale"),
        FieldRowPanel([FieldPanel("portal_name"), FieldPanel("owner_name")]),
        FieldPanel("address"),
        FieldPanel("footer_text"),
    ]

    class Meta(LanguageTexts.Meta):
        verbose_name = _("portal settings in another language")
        constraints = [
            models.UniqueConstraint(
                fields=["setting", "locale"], name="core_portal_translation_unique"
            )
        ]


class NavigationTranslation(LanguageTexts):
    setting = ParentalKey(
        NavigationSettings, on_delete=models.CASCADE, related_name="translations"
    )
    main_menu = StreamField(
        [("item", MenuItemBlock())], verbose_name=_("main menu"), blank=True
    )
    footer_menu = StreamField(
        [("link", MenuLinkBlock())], verbose_name=_("footer menu"), blank=True
    )

    translated_fields = ("main_menu", "footer_menu")
    panels = [FieldPanel("locale"), FieldPanel("main_menu"), FieldPanel("footer_menu")]

    class Meta(LanguageTexts.Meta):
        verbose_name = _("menus in another language")
        constraints = [
            models.UniqueConstraint(
                fields=["setting", "locale"], name="core_navigation_translation_unique"
            )
        ]


class ImportRecord(models.Model):
    """What an import last wrote for one document: the fingerprint of its row.

    A file imported again compares each row's fingerprint with the one stored
    here: an unchanged row is not written at all, which makes a nightly re-import
    of a whole dataset cheap, and an interrupted import resumes where it stopped.
    """

    #: The importer's kind of document, e.g. "legal.document".
    kind = models.CharField(_("kind"), max_length=50)
    #: The document's identity within its kind (normalised number and body, code).
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    #: The page (or other object) the row became.
    object_id = models.PositiveBigIntegerField(_("object"))
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="unique_import_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
