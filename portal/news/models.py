"""News (tin tức): category pages and articles."""

from __future__ import annotations

import datetime
import functools

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.admin.widgets.slug import SlugInput
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from cms_blocks.blocks import BASE_STREAM_BLOCKS, document_file_info
from portal.core.absolute_urls import absolute_url
from portal.core.api_fields import PageAddressField
from portal.core.caching import depends_on, page_tag, type_tag
from portal.core.changes import page_topic
from portal.core.models import (
    AbstractAttachment,
    AbstractDocumentCitation,
    citation_tags,
)
from portal.core.page_meta import SHARE_IMAGE_FILTER, PageMetaMixin
from portal.core.pagination import paginate
from portal.core.routing import RoutedViewRestrictionsMixin, public, routed_parent
from search.text import fold, normalise_document_number, vietnamese_slug

NEWS_PER_PAGE = 10


def vietnamese_slug_formatters() -> list[tuple[str, str]]:
    """Replacements the admin's slug field applies before its own transliteration,
    which knows no Vietnamese, so that the browser makes the slug `vietnamese_slug`
    makes: every accented letter becomes its base letter, then every run of other
    characters one hyphen ("01/2020" -> "01-2020", not "012020")."""
    by_base: dict[str, list[str]] = {}
    for codepoint in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(codepoint)
        base = fold(char)
        if base != char.lower() and len(base) == 1 and base.isascii():
            by_base.setdefault(base, []).append(char)
    letters = [(f"[{''.join(chars)}]", base) for base, chars in sorted(by_base.items())]
    return [*letters, ("[^A-Za-z0-9]+", "-")]


class VietnameseSlugMixin:
    """Slugs made from Vietnamese titles without diacritics: "Kế hoạch" -> "ke-hoach",
    "Đường" -> "duong" (see `search.text.vietnamese_slug`)."""

    def full_clean(self, *args, **kwargs):
        # Wagtail's full_clean (run by save) fills an empty slug with a slugify that
        # drops "đ"; fill it first, once the page has its place in the tree
        # (add_child sets the path before it saves).
        if not self.slug and self.title and self.path:
            base_slug = vietnamese_slug(self.title, max_length=200)
            if base_slug:
                self.slug = available_slug(base_slug, self.get_parent(), self)
        super().full_clean(*args, **kwargs)


def available_slug(base: str, parent: Page | None, page: Page | None = None) -> str:
    """`base`, else `base-2`, `base-3`...: the first slug that no other child of
    `parent` has (one query)."""
    if parent is None:
        return base
    siblings = parent.get_children().filter(slug__startswith=base)
    if page is not None and page.pk is not None:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.values_list("slug", flat=True))
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def slug_panels() -> list:
    return [
        MultiFieldPanel(
            [
                FieldPanel(
                    "slug", widget=SlugInput(formatters=vietnamese_slug_formatters())
                ),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
            ],
            heading=_("For search engines"),
        ),
        FieldPanel("show_in_menus"),
    ]


def computed_once(function):
    """A context value computed when a template first asks for it, then kept.

    Templates call callables, so parts of a page served from a fragment cache never
    compute what only they show.
    """
    return functools.cache(function)


def visible_news(request=None):
    """Live, public news that has not expired yet, even if the scheduler has not run.

    Wagtail hides a page scheduled with go-live until the scheduler publishes it; an
    expiry time already passed hides it here too, without waiting for the scheduler.
    Public from the restricted paths cached by content version: no query, none at
    all when the ``request``'s routing has read them already.
    """
    now = timezone.now()
    return public(
        NewsPage.objects.live().filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        ),
        request,
    )


def site_news(site):
    """Visible news a portal lists: its own (under its root page) and what it
    accepted from other portals of the installation (every news without a site)."""
    if site is None:
        return visible_news()
    return news_under(site.root_page, site)


def news_under(page, site=None, visible=None):
    """Visible news (of ``visible``, by default `visible_news()`) under ``page`` (a
    home page: the site's root or a translation of it) and what ``site`` accepted
    from other portals in ``page``'s language."""
    mine = Q(path__startswith=page.path)
    if site is not None:
        mine |= Q(
            pk__in=NewsSyndication.objects.filter(
                site=site, status=NewsSyndication.Status.ACCEPTED
            ).values("news_id"),
            locale_id=page.locale_id,
        )
    return (visible_news() if visible is None else visible).filter(mine)


def with_listing_data(queryset):
    """What a news list shows, fetched with the list: image and parent category."""
    return queryset.select_related("hero_image").order_by("-publication_date", "-pk")


class VietnameseSlugPageForm(WagtailAdminPageForm):
    """The admin form: an empty slug is made from the title, also without JavaScript
    (the admin's own slug filling runs in the browser)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title")
        if slug or not title:
            return slug
        return available_slug(
            vietnamese_slug(title, max_length=200) or "tin",
            self.parent_page,
            self.instance,
        )


class NewsIndexPage(
    PageMetaMixin,
    RoutedViewRestrictionsMixin,
    VietnameseSlugMixin,
    RoutablePageMixin,
    Page,
):
    """A news category (Tin hoạt động, Cải cách hành chính, ...): its news, newest
    first, monthly archives and feeds. The top "Tin tức - Sự kiện" page lists all."""

    intro = models.TextField(_("introduction"), blank=True)
    show_on_home = models.BooleanField(
        _("show on the home page"),
        default=True,
        help_text=_("List the latest news of this category on the home page."),
    )

    base_form_class = VietnameseSlugPageForm
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*slug_panels(), FieldPanel("show_on_home")]
    subpage_types = ["news.NewsIndexPage", "news.NewsPage"]
    parent_page_types = ["core.HomePage", "core.SectionPage", "news.NewsIndexPage"]
    template = "news/news_index_page.html"
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    #: What following it by e-mail offers (portal.alerts).
    follow_invitation = _("Get an e-mail when news is published in this category.")

    def follow_topic(self) -> str:
        """What its followers follow (portal.core.changes)."""
        return page_topic(self.pk)

    def news(self, visible=None):
        """Live news filed under this category (or below it), cross-listed in it or
        accepted into it from another portal; of ``visible`` (`visible_news()` by
        default: pass it to list several categories with one view restrictions
        query)."""
        accepted = NewsSyndication.objects.filter(
            status=NewsSyndication.Status.ACCEPTED,
            target_index__path__startswith=self.path,
        ).values("news_id")
        return with_listing_data(
            (visible_news() if visible is None else visible).filter(
                Q(path__startswith=self.path)
                | Q(extra_categories=self)
                | Q(pk__in=accepted)
            )
        ).distinct()

    def categories(self) -> list[NewsIndexPage]:
        """Sub-categories for the sidebar; a category without any lists its siblings
        so that readers can move between categories."""
        categories = NewsIndexPage.objects.live().public().order_by("path")
        children = list(categories.child_of(self))
        if children or self.depth <= 3:
            return children
        return list(categories.sibling_of(self, inclusive=True))

    def archive_months(self):
        """The months that have news, newest first, for the archive links."""
        return self.news().order_by().dates("publication_date", "month", order="DESC")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("news_page", self.news_page(self.news(), request))
        context["categories"] = self.categories()
        context["archive_months"] = self.archive_months()
        return context

    def news_page(self, news, request):
        """One page of ``news``, items from other portals marked with their origin."""
        from .syndication import mark_origins

        page = paginate(news, request.GET, NEWS_PER_PAGE)
        page.object_list = mark_origins(
            page.object_list, Site.find_for_request(request)
        )
        return page

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("<int:year>/<int:month>/", name="archive")
    def archive(self, request, year: int, month: int):
        if not (1 <= month <= 12 and 1900 < year < 3000):
            raise Http404
        news = self.news().filter(
            publication_date__year=year, publication_date__month=month
        )
        return self.render(
            request,
            context_overrides={
                "news_page": self.news_page(news, request),
                "archive_month": datetime.date(year, month, 1),
            },
        )

    @path("rss/", name="rss")
    def rss(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed()(request, index=self)

    @path("atom/", name="atom")
    def atom(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed()(request, index=self)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(
    PageMetaMixin,
    RoutedViewRestrictionsMixin,
    VietnameseSlugMixin,
    RoutablePageMixin,
    Page,
):
    """A news article: lead, hero image, body of blocks, byline and what it cites."""

    sapo = models.TextField(
        _("lead (sapo)"),
        help_text=_("One or two sentences that sum up the news, shown in bold."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(_("image caption"), max_length=500, blank=True)
    body = StreamField(BASE_STREAM_BLOCKS, verbose_name=_("content"), blank=True)
    author = models.CharField(
        _("author"), max_length=255, blank=True, help_text=_("Byline, e.g. Minh Anh")
    )
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where the news comes from, e.g. Sở Nội vụ"),
    )
    #: The date readers see and lists are sorted by; scheduling uses go-live.
    publication_date = models.DateTimeField(
        _("publication date"), default=timezone.now, db_index=True
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Show as the home page's top story.")
    )
    extra_categories = ParentalManyToManyField(
        "news.NewsIndexPage",
        verbose_name=_("also in categories"),
        blank=True,
        related_name="cross_listed_news",
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        verbose_name=pgettext_lazy("news keyword", "tags"),
        blank=True,
    )

    base_form_class = VietnameseSlugPageForm
    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("sapo"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption")],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("author"), FieldPanel("source")]),
                FieldPanel("publication_date"),
                FieldPanel("featured"),
            ],
            heading=_("Publication"),
        ),
        MultiFieldPanel(
            [FieldPanel("extra_categories"), FieldPanel("tags")],
            heading=_("Categories and tags"),
        ),
        InlinePanel("attachments", label=_("Attachments")),
        InlinePanel("cited_documents", label=_("Cited legal documents")),
        InlinePanel("related_links", label=_("Related news")),
    ]
    promote_panels = slug_panels()
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "news/news_page.html"
    search_fields = [
        *Page.search_fields,
        index.SearchField("sapo"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]
    #: Wagtail API v2 (/api/v2/pages/?type=news.NewsPage&fields=...).
    api_fields = [
        APIField("sapo"),
        APIField("publication_date"),
        APIField("author"),
        APIField("source"),
        APIField("hero_image"),
        APIField(
            "hero_image_thumbnail",
            serializer=ImageRenditionField(
                "fill-480x270|format-webp", source="hero_image"
            ),
        ),
        APIField("hero_caption"),
        APIField("body"),
        APIField("featured"),
        APIField("tags"),
        APIField("extra_categories"),
        APIField("attachments"),
        APIField("cited_documents"),
        APIField("related_links"),
    ]

    #: In a list, the name of the portal the article comes from when another one
    #: (`syndication.mark_origins`). Empty by default: a template asking for a
    #: missing attribute makes Django list every attribute of the model (`dir()`).
    origin_portal = ""

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def save(self, *args, **kwargs):
        # A news item scheduled to go live later is dated when it goes live.
        if (
            self.go_live_at
            and self.publication_date < self.go_live_at
            and not self.live
        ):
            self.publication_date = self.go_live_at
        return super().save(*args, **kwargs)

    @cached_property
    def category(self) -> NewsIndexPage | None:
        parent = routed_parent(self)
        return parent.specific if parent else None

    def get_related_news(
        self, limit: int = 5, *, stored: bool = True, request=None
    ) -> list[NewsPage]:
        """The editor's choice if any, else news sharing a tag or a category with
        this one, newest first, never this page itself.

        One query, which reads the choices, tags and categories as stored;
        ``stored=False`` (a preview, whose are in memory) reads them from the page.
        ``request``: the one shown to (see `visible_news`).
        """
        if not stored or self.pk is None:
            return self._related_news_in_memory(limit)
        links = NewsRelatedLink.objects.filter(page_id=self.pk)
        tags = NewsPageTag.objects.filter(content_object_id=self.pk).values("tag_id")
        cross_listings = NewsPage.extra_categories.through.objects
        categories = cross_listings.filter(newspage_id=self.pk).values(
            "newsindexpage_id"
        )
        # Siblings in the same category, news sharing a tag or a cross-listing.
        similar = visible_news(request).filter(
            Q(path__startswith=self.path[: -self.steplen], depth=self.depth)
            | Q(
                pk__in=NewsPageTag.objects.filter(tag_id__in=tags).values(
                    "content_object_id"
                )
            )
            | Q(
                pk__in=cross_listings.filter(newsindexpage_id__in=categories).values(
                    "newspage_id"
                )
            )
        )
        chosen_link = links.filter(related_page_id=OuterRef("pk"))
        pages = list(
            with_listing_data(
                NewsPage.objects.live()
                .filter(Q(pk__in=links.values("related_page_id")) | Q(pk__in=similar))
                .exclude(pk=self.pk)
            )
            .annotate(
                chosen=Exists(chosen_link),
                link_order=Subquery(chosen_link.values("sort_order")[:1]),
            )
            .order_by("-chosen", "link_order", "-publication_date", "-pk")[:limit]
        )
        if pages and pages[0].chosen:
            return [page for page in pages if page.chosen]
        return pages

    def _related_news_in_memory(self, limit: int) -> list[NewsPage]:
        chosen = [
            link.related_page
            for link in self.related_links.select_related("related_page").all()
            if link.related_page_id and link.related_page.live
        ]
        chosen = [page for page in chosen if page.pk != self.pk]
        if chosen:
            return chosen[:limit]
        parent_path = self.path[: -self.steplen]
        condition = Q(path__startswith=parent_path, depth=self.depth)
        tag_ids = [tag.pk for tag in self.tags.all()]
        if tag_ids:
            condition |= Q(tagged_items__tag_id__in=tag_ids)
        category_ids = [category.pk for category in self.extra_categories.all()]
        if category_ids:
            condition |= Q(extra_categories__in=category_ids)
        pks = (
            visible_news()
            .filter(condition)
            .exclude(pk=self.pk)
            .order_by("-publication_date", "-pk")
            .values_list("pk", flat=True)
            .distinct()
        )
        return list(
            with_listing_data(NewsPage.objects.filter(pk__in=list(pks[:limit])))
        )

    def accepted_on(self) -> list[str]:
        """The names of the other portals that list this article (syndication)."""
        from .syndication import sites_with_names

        if self.pk is None or not self.may_have("is_syndicated"):
            return []  # a preview of a new article, or listed nowhere else
        site_ids = set(
            self.syndications.filter(
                status=NewsSyndication.Status.ACCEPTED
            ).values_list("site_id", flat=True)
        )
        if not site_ids:
            return []
        return [site.portal_name for site in sites_with_names() if site.pk in site_ids]

    # What cached copies of it depend on (portal.core.caching) --------------------

    def cache_dependencies(self) -> tuple[str, ...]:
        """What the page shows outside its fragments: its own content."""
        return (page_tag(self.pk),)

    def related_news_dependencies(self) -> tuple[str, ...]:
        """Its related news: its own tags and categories, and the other news."""
        return (page_tag(self.pk), type_tag(NewsPage))

    def invalidation_tags(self) -> set[str]:
        """Besides itself, a change shows on the documents it cites ("news citing
        it")."""
        return citation_tags(self.cited_documents.all())

    def cited_document_links(self) -> list[dict]:
        """Cited documents with the legal app's title and type when it knows them;
        one query for all of them."""
        if not self.may_have("has_citations"):
            return []
        citations = list(self.cited_documents.all())
        if not citations:
            return []
        # Their titles and types change when the documents are published.
        depends_on(*citation_tags(citations))
        found = {}
        try:
            model = apps.get_model("legal", "LegalDocumentPage")
        except LookupError:
            model = None
        if model is not None:
            documents = (
                model.objects.live()
                .filter(
                    number_key__in=[
                        normalise_document_number(c.number) for c in citations
                    ]
                )
                .select_related("doc_type")
            )
            found = {doc.number_key: doc for doc in documents}
        links = []
        for citation in citations:
            document = found.get(normalise_document_number(citation.number))
            links.append(
                {
                    "number": citation.number,
                    "label": citation.label,
                    "doc_type": document.doc_type.name
                    if document is not None and document.doc_type_id
                    else "",
                    "title": document.title if document is not None else "",
                    "url": (document.url if document is not None else "")
                    or citation.permanent_url,
                }
            )
        return links

    #: Set by `get_context` on the article a visitor is shown (not a preview, whose
    #: attachments and citations are in memory): `load_stored_parts` then reads
    #: which optional parts it has, and those it lacks cost no query.
    reads_stored_parts = False

    def load_stored_parts(self) -> None:
        """Read the hero image and which optional parts the stored article has
        (attachments, cited documents, other portals listing it) with one query,
        rather than a query each as the page first shows them."""
        if not self.reads_stored_parts or self.pk is None:
            return
        if "_stored_parts" in self.__dict__:
            return
        parts = {
            "has_attachments": Exists(
                NewsAttachment.objects.filter(page_id=OuterRef("pk"))
            ),
            "has_citations": Exists(
                NewsCitedDocument.objects.filter(page_id=OuterRef("pk"))
            ),
            "is_syndicated": Exists(
                NewsSyndication.objects.filter(
                    news_id=OuterRef("pk"), status=NewsSyndication.Status.ACCEPTED
                )
            ),
        }
        stored = (
            NewsPage.objects.filter(pk=self.pk)
            .annotate(**parts)
            .select_related("hero_image")
            .only("hero_image")
            .first()
        )
        if stored is None:
            return
        self._stored_parts = {name: getattr(stored, name) for name in parts}
        hero_image_field = self._meta.get_field("hero_image")
        if (
            stored.hero_image_id == self.hero_image_id
            and not hero_image_field.is_cached(self)
        ):
            self.hero_image = stored.hero_image

    def may_have(self, part: str) -> bool:
        """False only when `load_stored_parts` found the stored article without
        it."""
        self.load_stored_parts()
        return self.__dict__.get("_stored_parts", {}).get(part, True)

    def share_image(self):
        """The hero image cropped for social networks (1200x630), or None."""
        if not self.hero_image_id:
            return None
        self.load_stored_parts()
        return self.hero_image.get_rendition(SHARE_IMAGE_FILTER)

    # What the head says (portal.core.page_meta).
    og_type = "article"

    def meta_summary(self) -> str:
        return self.sapo

    def meta_image(self):
        return self.share_image()

    def json_ld(self, request, share_image=None, tags=None) -> dict:
        """schema.org NewsArticle, as search engines read it."""
        from portal.core.models import PortalSettings

        portal = PortalSettings.for_request(request)
        url = absolute_url(self)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": self.title[:110],
            "description": self.sapo,
            "datePublished": timezone.localtime(self.publication_date).isoformat(),
            "dateModified": timezone.localtime(
                self.last_published_at or self.publication_date
            ).isoformat(),
            "inLanguage": "vi",
            "author": (
                {"@type": "Person", "name": self.author}
                if self.author
                else {"@type": "Organization", "name": portal.owner_name}
            ),
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": portal.owner_name or portal.portal_name,
            },
        }
        if share_image is not None:
            data["image"] = [absolute_url(share_image.url, site=self)]
        if self.category is not None:
            data["articleSection"] = self.category.title
        keywords = [tag.name for tag in (self.tags.all() if tags is None else tags)]
        if keywords:
            data["keywords"] = keywords
        return data

    def change_topics(self) -> list[str]:
        """The categories it is also listed in: their followers hear of it
        (portal.core.changes names its own category)."""
        return [page_topic(category.pk) for category in self.extra_categories.all()]

    def get_context(self, request, *args, **kwargs):
        # Lazy: the template calls each only when the fragment that shows it is not
        # in the cache (see news_page.html), so a cached article costs no queries.
        context = super().get_context(request, *args, **kwargs)
        self.reads_stored_parts = not getattr(request, "is_preview", False)
        share_image = computed_once(self.share_image)
        tags = computed_once(lambda: list(self.tags.all()))
        context.update(
            category=computed_once(lambda: self.category),
            tags=tags,
            attachments=computed_once(
                lambda: (
                    [
                        (attachment, document_file_info(attachment.document))
                        for attachment in self.attachments.select_related("document")
                    ]
                    if self.may_have("has_attachments")
                    else []
                )
            ),
            cited_documents=computed_once(self.cited_document_links),
            related_news=computed_once(
                lambda: self.get_related_news(
                    stored=not getattr(request, "is_preview", False), request=request
                )
            ),
            canonical_url=computed_once(lambda: absolute_url(self)),
            also_on=computed_once(self.accepted_on),
            json_ld=computed_once(lambda: self.json_ld(request, share_image(), tags())),
        )
        return context

    @path("")
    def article(self, request):
        return self.render(request)

    @path("ban-in/", name="print")
    def print_view(self, request):
        return render(
            request,
            "news/news_page_print.html",
            self.get_context(request),
        )


class NewsAttachment(AbstractAttachment):
    """A file attached to a news item (the full text of a plan, a form...)."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="attachments")


class NewsCitedDocument(AbstractDocumentCitation):
    """A legal document a news item cites, by its number (số ký hiệu), so that news
    can be written before the document is on the portal."""

    page = ParentalKey(
        NewsPage, on_delete=models.CASCADE, related_name="cited_documents"
    )
    label = models.CharField(
        pgettext_lazy("cited document", "label"),
        max_length=255,
        blank=True,
        help_text=_('Shown instead of the type, e.g. "Kế hoạch"'),
    )

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("label")])]
    api_fields = [
        APIField("number"),
        APIField("label"),
        APIField(
            "permanent_url",
            serializer=PageAddressField("permanent_url", page_attribute="page"),
        ),
    ]

    class Meta(AbstractDocumentCitation.Meta):
        verbose_name = _("cited legal document")
        verbose_name_plural = _("cited legal documents")


class NewsRelatedLink(Orderable):
    """A news item the editor chose as related."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_links")
    related_page = models.ForeignKey(
        NewsPage,
        verbose_name=_("news"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("related_page", "news.NewsPage")]
    api_fields = [APIField("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related news")
        verbose_name_plural = _("related news")


def editor_field(verbose_name) -> models.ForeignKey:
    """Who did something; kept as None once their account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class NewsSyndication(models.Model):
    """A news item put forward to another portal of the installation, and what an
    editor there decided. Accepted, the item is listed there as it is: never copied,
    linking to its page on its own portal."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    news = models.ForeignKey(
        NewsPage,
        verbose_name=_("news article"),
        on_delete=models.CASCADE,
        related_name="syndications",
    )
    #: The receiving portal.
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("portal"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    #: The category on the receiving portal that lists the item once accepted.
    target_index = models.ForeignKey(
        NewsIndexPage,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="syndicated_news",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PROPOSED,
        db_index=True,
    )
    proposed_by = editor_field(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = editor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("news syndication")
        verbose_name_plural = _("news syndications")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["news", "site"], name="news_syndicated_once_per_site"
            )
        ]

    def __str__(self):
        return f"{self.news_id} -> {self.site_id} ({self.status})"
