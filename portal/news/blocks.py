"""The news sections a home page offers its editors (portal.core.home)."""

from django.db.models import IntegerField, Q, Value
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Site

from portal.core import routing
from portal.core.home import HomeBlock, count_block

from .models import (
    NewsIndexPage,
    NewsPage,
    news_under,
    visible_news,
    with_listing_data,
)
from .syndication import mark_origins, sites_with_names


def request_site(request) -> Site | None:
    return Site.find_for_request(request) if request is not None else None


def visible_for(request):
    """`visible_news()`, built once per request: the blocks of a home page share
    its reading of the view restrictions."""
    if request is None:
        return visible_news()
    visible = getattr(request, "_portal_visible_news", None)
    if visible is None:
        visible = request._portal_visible_news = visible_news(request)
    return visible


def mark_home_origins(items, request) -> list[NewsPage]:
    """`mark_origins` for a home page's sections: the portals' names read at
    most once per request, however many sections list news from elsewhere."""
    if request is None:
        return mark_origins(items, None)

    def named_sites():
        sites = getattr(request, "_portal_named_sites", None)
        if sites is None:
            sites = request._portal_named_sites = sites_with_names()
        return sites

    return mark_origins(items, request_site(request), named_sites)


def home_news_indexes(home, request=None) -> list[NewsIndexPage]:
    """The live, public news categories under ``home``, in tree order: read once
    per request, for the home page's feed links and its news by category."""
    memo = (
        {}
        if request is None
        else request.__dict__.setdefault("_portal_home_news_indexes", {})
    )
    if home.pk not in memo:
        indexes = NewsIndexPage.objects.live().descendant_of(home)
        memo[home.pk] = list(routing.public(indexes, request).order_by("path"))
    return memo[home.pk]


def featured_and_latest(news, count: int):
    """The newest featured item of ``news`` (else the newest) and the ``count``
    newest others, read in one query: the ``count + 1`` newest and the newest
    featured one."""
    newest = news.order_by("-publication_date", "-pk").values("pk")
    found = list(
        with_listing_data(
            NewsPage.objects.filter(
                Q(pk__in=newest[: count + 1])
                | Q(pk__in=newest.filter(featured=True)[:1])
            )
        )
    )
    featured = next((item for item in found if item.featured), None)
    if featured is None:
        featured = found[0] if found else None
    others = [item for item in found if item is not featured]
    return featured, others[:count]


def latest_by_category(categories, visible, count: int) -> list[list[NewsPage]]:
    """The ``count`` newest news of each of ``categories`` (`NewsIndexPage.news`
    of ``visible``), in their order: two queries, whatever their number (which
    news each lists, as one union of narrow rows; then the news themselves)."""
    if not categories:
        return []
    parts = [
        NewsPage.objects.filter(pk__in=category.news(visible).values("pk")[:count])
        .order_by()
        .values_list("pk", Value(position, output_field=IntegerField()))
        for position, category in enumerate(categories)
    ]
    listed = list(parts[0].union(*parts[1:], all=True))
    news = with_listing_data(NewsPage.objects.filter(pk__in={pk for pk, _ in listed}))
    positions: dict[int, list[int]] = {}
    for pk, position in listed:
        positions.setdefault(pk, []).append(position)
    lists = [[] for _category in categories]
    for item in news:
        for position in positions[item.pk]:
            lists[position].append(item)
    return lists


class TopStoryBlock(HomeBlock):
    """The featured story (the newest one marked featured, else the newest) and
    the latest news beside it."""

    count = count_block(_("Latest news beside it"), default=4, maximum=12, minimum=0)
    index = blocks.PageChooserBlock(
        page_type="news.NewsIndexPage",
        label=_("Category"),
        required=False,
        help_text=_("Leave empty for all the news of this home page."),
    )

    class Meta:
        icon = "doc-full-inverse"
        label = _("Top story and latest news")
        description = _(
            "The featured story with its picture and the latest news beside it."
        )
        template = "news/home/top.html"
        home_place = "top"
        home_order = 10

    def section_context(self, value, home, request):
        site = request_site(request)
        index = value.get("index")
        if index is not None:
            news = index.specific.news(visible_for(request))
        else:
            news = with_listing_data(news_under(home, site, visible_for(request)))
        featured, latest = featured_and_latest(news, value.get("count") or 0)
        if featured is None:
            return None
        featured, *latest = mark_home_origins([featured, *latest], request)
        return {"featured": featured, "latest": latest}


class NewsByCategoryBlock(HomeBlock):
    """The latest news of each chosen category, or of the categories marked to
    show on the home page."""

    categories = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="news.NewsIndexPage"),
        label=_("Categories"),
        required=False,
        default=[],
        help_text=_("Leave empty for the categories marked “show on the home page”."),
    )
    count = count_block(_("News per category"), default=4, maximum=12)

    class Meta:
        icon = "list-ul"
        label = _("Latest news by category")
        description = _("A box of the latest news for each category.")
        template = "news/home/categories.html"
        home_place = "main"
        home_order = 10

    def section_context(self, value, home, request):
        categories = [page.specific for page in value.get("categories") or [] if page]
        if not categories:
            categories = marked_categories(home, request)
        lists = latest_by_category(
            categories, visible_for(request), value.get("count") or 4
        )
        sections = [
            {"category": category, "items": items}
            for category, items in zip(categories, lists, strict=True)
            if items
        ]
        if not sections:
            return None
        mark_home_origins(
            [item for section in sections for item in section["items"]], request
        )
        return {"sections": sections}


def marked_categories(home, request=None) -> list[NewsIndexPage]:
    """The categories under ``home`` marked to show on the home page, without the
    ones that hold other categories (the top "Tin tức" page)."""
    marked = [
        category
        for category in home_news_indexes(home, request)
        if category.show_on_home
    ]
    return [
        category
        for category in marked
        if not any(
            other.path.startswith(category.path) and other.depth > category.depth
            for other in marked
        )
    ]


def home_blocks():
    return [
        ("news_top", TopStoryBlock()),
        ("news_categories", NewsByCategoryBlock()),
    ]
