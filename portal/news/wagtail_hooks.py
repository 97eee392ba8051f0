"""How news shows up in the portal's layout slots (see portal_tags.portal_hooks)."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.permissions import page_permission_policy

from portal.core.caching import STRUCTURE, cached_hook
from portal.core.models import citation_tags

from . import admin_views
from .models import (
    NewsIndexPage,
    NewsPage,
    visible_news,
    with_listing_data,
)
from .syndication import can_propose


@hooks.register("portal_head")
def news_styles(context):
    return format_html('<link rel="stylesheet" href="{}">', static("news/css/news.css"))


@hooks.register("register_portal_home_blocks")
def register_home_blocks():
    from .blocks import home_blocks

    return home_blocks()


@hooks.register("portal_legal_document_end")
@cached_hook(
    "news:citing_document",
    vary=lambda context: (getattr(context.get("page"), "number_key", ""),),
    depends=lambda context: citation_tags(
        [getattr(context.get("page"), "number_key", "")]
    ),
)
def news_citing_document(context):
    """On a legal document's page: news that cite it by number ("Tin liên quan")."""
    document = context.get("page")
    number_key = getattr(document, "number_key", "")
    if not number_key:
        return ""
    items = list(
        with_listing_data(
            visible_news(context.get("request")).filter(
                cited_documents__number_key=number_key
            )
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
@cached_hook("news:home_feed_links", vary=_is_home_page, depends=STRUCTURE)
def home_feed_links(context):
    """The home page announces the feed of all news (its top news page's)."""
    if not _is_home_page(context)[0]:
        return ""
    from .blocks import home_news_indexes

    # The categories its news by category reads too: one query for both.
    indexes = home_news_indexes(context["page"], context.get("request"))
    if not indexes:
        return ""
    index = indexes[0]
    return render_to_string(
        "news/includes/feed_links.html",
        {"index": index, "request": context.get("request")},
    )


@hooks.register("register_admin_urls")
def register_syndication_urls():
    return [
        path(
            "news/syndication/",
            admin_views.proposals,
            name="news_syndication_proposals",
        ),
        path(
            "news/syndication/<int:pk>/<str:decision>/",
            admin_views.decide,
            name="news_syndication_decide",
        ),
        path(
            "news/<int:page_id>/propose/",
            admin_views.propose,
            name="news_syndication_propose",
        ),
    ]


class ProposalsMenuItem(MenuItem):
    def is_shown(self, request):
        # Cheap: anyone who may edit or publish some news category; the listing
        # itself shows only the portals whose top news page they may edit.
        return NewsIndexPage.objects.filter(
            pk__in=page_permission_policy.instances_user_has_any_permission_for(
                request.user, {"change", "publish"}
            ).values("pk")
        ).exists()


@hooks.register("register_admin_menu_item")
def register_proposals_menu_item():
    return ProposalsMenuItem(
        _("News from other portals"),
        reverse("news_syndication_proposals"),
        name="news-syndication",
        icon_name="doc-full",
        order=260,
    )


class ProposeNewsMenuItem(PageMenuItem):
    """ "Put forward to other portals" among a published article's actions."""

    label = _("Put forward to other portals")
    icon_name = "upload"
    url_name = "news_syndication_propose"

    def is_shown(self, user):
        page = self.page.specific_deferred
        return isinstance(page, NewsPage) and can_propose(page, user)


@hooks.register("register_page_header_buttons")
def page_header_propose_button(page, user, view_name=None, next_url=None):
    yield ProposeNewsMenuItem(page=page, priority=62)


@hooks.register("register_page_listing_more_buttons")
def page_listing_propose_button(page, user, next_url=None):
    yield ProposeNewsMenuItem(page=page, priority=42)


@hooks.register("register_log_actions")
def syndication_log_actions(actions):
    """An article's history says where it was put forward and what became of it."""
    from django.utils.translation import gettext_lazy as _

    from . import syndication

    for action, label, message in (
        (
            syndication.PROPOSED,
            _("Put forward to another portal"),
            _("Put forward to %(portal)s"),
        ),
        (
            syndication.ACCEPTED,
            _("Accepted by another portal"),
            _("Accepted by %(portal)s"),
        ),
        (
            syndication.DECLINED,
            _("Declined by another portal"),
            _("Declined by %(portal)s"),
        ),
    ):
        actions.register_action(action)(_syndication_formatter(label, message))


def _syndication_formatter(label, message):
    from wagtail.log_actions import LogFormatter

    class SyndicationFormatter(LogFormatter):
        def format_message(self, log_entry):
            return message % {"portal": log_entry.data.get("portal", "")}

    SyndicationFormatter.label = label
    return SyndicationFormatter
