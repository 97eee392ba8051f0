"""How news shows up in the portal's layout slots (see portal_tags.portal_hooks)."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from portal.core.caching import cached_hook

from .models import NewsIndexPage, visible_news, with_listing_data

HOME_LATEST = 4
HOME_PER_CATEGORY = 4


@hooks.register("portal_head")
def news_styles(context):
    return format_html('<link rel="stylesheet" href="{}">', static("news/css/news.css"))


@hooks.register("portal_home_top")
@cached_hook("news:home_top")
def home_top_story(context):
    """The featured story (the newest one marked featured, else the newest) and the
    latest news beside it."""
    news = with_listing_data(visible_news())
    featured = news.filter(featured=True).first() or news.first()
    if featured is None:
        return ""
    latest = list(news.exclude(pk=featured.pk)[:HOME_LATEST])
    return render_to_string(
        "news/home/top.html",
        {"featured": featured, "latest": latest, "request": context.get("request")},
    )


@hooks.register("portal_home_main")
@cached_hook("news:home_categories")
def home_latest_by_category(context):
    """The latest news of each category shown on the home page."""
    all_categories = list(
        NewsIndexPage.objects.live().public().filter(show_on_home=True).order_by("path")
    )
    # The top "Tin tức" page holds categories rather than news of its own.
    categories = [
        category
        for category in all_categories
        if not any(
            other.path.startswith(category.path) and other.depth > category.depth
            for other in all_categories
        )
    ]
    sections = []
    for category in categories:
        items = list(category.news()[:HOME_PER_CATEGORY])
        if items:
            sections.append({"category": category, "items": items})
    if not sections:
        return ""
    return render_to_string(
        "news/home/categories.html",
        {"sections": sections, "request": context.get("request")},
    )


@hooks.register("portal_legal_document_end")
@cached_hook(
    "news:citing_document",
    vary=lambda context: (getattr(context.get("page"), "number_key", ""),),
)
def news_citing_document(context):
    """On a legal document's page: news that cite it by number ("Tin liên quan")."""
    document = context.get("page")
    number_key = getattr(document, "number_key", "")
    if not number_key:
        return ""
    items = list(
        with_listing_data(
            visible_news().filter(cited_documents__number_key=number_key)
        ).distinct()[:10]
    )
    if not items:
        return ""
    return render_to_string(
        "news/includes/citing_news.html",
        {"items": items, "request": context.get("request")},
    )


def _is_home_page(context) -> tuple:
    return (getattr(context.get("page"), "depth", 0) == 2,)


@hooks.register("portal_head")
@cached_hook("news:home_feed_links", vary=_is_home_page)
def home_feed_links(context):
    """The home page announces the feed of all news (its top news page's)."""
    if not _is_home_page(context)[0]:
        return ""
    page = context["page"]
    index = (
        NewsIndexPage.objects.live()
        .public()
        .descendant_of(page)
        .order_by("path")
        .first()
    )
    if index is None:
        return ""
    return render_to_string(
        "news/includes/feed_links.html",
        {"index": index, "request": context.get("request")},
    )
