"""The news sections a home page offers its editors (portal.core.home)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Site

from portal.core.home import HomeBlock, count_block

from .models import NewsIndexPage, news_under, visible_news, with_listing_data
from .syndication import mark_origins


def request_site(request) -> Site | None:
    return Site.find_for_request(request) if request is not None else None


def visible_for(request):
    """`visible_news()`, built once per request: the blocks of a home page share
    its reading of the view restrictions."""
    if request is None:
        return visible_news()
    visible = getattr(request, "_portal_visible_news", None)
    if visible is None:
        visible = request._portal_visible_news = visible_news()
    return visible


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
        featured = news.filter(featured=True).first() or news.first()
        if featured is None:
            return None
        latest = list(news.exclude(pk=featured.pk)[: value.get("count") or 0])
        featured, *latest = mark_origins([featured, *latest], site)
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
        categories = [page for page in value.get("categories") or [] if page]
        if not categories:
            categories = marked_categories(home)
        count = value.get("count") or 4
        visible = visible_for(request)
        sections = []
        for category in categories:
            items = list(category.specific.news(visible)[:count])
            if items:
                sections.append({"category": category, "items": items})
        if not sections:
            return None
        mark_origins(
            [item for section in sections for item in section["items"]],
            request_site(request),
        )
        return {"sections": sections}


def marked_categories(home) -> list[NewsIndexPage]:
    """The categories under ``home`` marked to show on the home page, without the
    ones that hold other categories (the top "Tin tức" page)."""
    marked = list(
        NewsIndexPage.objects.live()
        .public()
        .filter(show_on_home=True)
        .descendant_of(home)
        .order_by("path")
    )
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
