"""StreamField blocks of the engagement app: for any page's body, and the poll a
home page offers its editors (portal.core.home)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Site
from wagtail.snippets.blocks import SnippetChooserBlock

from cms_blocks.blocks import BASE_STREAM_BLOCKS
from portal.core.caching import cached_value
from portal.core.home import HomeBlock
from portal.core.locales import active_language, default_language


def poll_heading_block() -> blocks.CharBlock:
    return blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=255,
        help_text=_("Shown above the question; e.g. Đánh giá dịch vụ công."),
    )


class PollBlock(blocks.StructBlock):
    """A service-quality poll citizens can answer where the block is placed."""

    poll = SnippetChooserBlock("engagement.Poll", label=_("Poll"))
    heading = poll_heading_block()

    class Meta:
        icon = "list-ul"
        label = _("Poll")
        template = "engagement/blocks/poll_block.html"
        preview_value = {"heading": "Đánh giá dịch vụ công"}

    def get_context(self, value, parent_context=None):
        from .templatetags.engagement_tags import poll_context

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        if value.get("poll") is not None:
            context.update(poll_context(request, value["poll"]))
        return context


class HomePollBlock(HomeBlock):
    """On a home page: the chosen poll, else the latest opened of the open polls
    marked to show on the home page. Never cached: whether this visitor has
    answered is part of it."""

    cacheable = False

    poll = SnippetChooserBlock(
        "engagement.Poll",
        label=_("Poll"),
        required=False,
        help_text=_("Leave empty for the open poll marked to show on the home page."),
    )
    heading = poll_heading_block()

    class Meta:
        icon = "list-ul"
        label = _("Poll")
        description = _("A service-quality poll citizens answer on the home page.")
        template = "engagement/includes/poll.html"
        home_place = "aside"
        home_order = 20

    def section_context(self, value, home, request):
        from .templatetags.engagement_tags import poll_context

        poll, options = value.get("poll"), None
        if poll is None and active_language() != default_language():
            # Polls are written in the portal's own language: another language's
            # home page shows only one its editor chose.
            return None
        if poll is None:
            now = timezone.now()
            # As Poll.objects.current(): the latest opened of the open ones.
            poll, options = next(
                (
                    (candidate, candidate_options)
                    for candidate, candidate_options in home_poll_candidates(request)
                    if candidate.is_open(now)
                ),
                (None, None),
            )
        if poll is None:
            return None
        return {
            **poll_context(request, poll, options),
            "poll_heading": value.get("heading") or None,
        }


def home_poll_candidates(request=None) -> list:
    """The polls the home page may show, with their options, latest opened first:
    read once per content version (polls are snippets; their options are saved with
    them). Which one is open is the clock's business, decided on every request."""
    from .models import Poll

    def build():
        site = Site.find_for_request(request) if request is not None else None
        polls = (
            Poll.objects.for_site(site)
            .filter(show_on_home_page=True)
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now()))
            .order_by("-opens_at", "-pk")
            .prefetch_related("options")
        )
        return [(poll, list(poll.options.all())) for poll in polls]

    return cached_value("engagement:home_polls", build, request=request)


def home_blocks():
    return [("poll", HomePollBlock())]


#: The base blocks plus the poll, for the engagement app's own pages.
ENGAGEMENT_STREAM_BLOCKS = [*BASE_STREAM_BLOCKS, ("poll", PollBlock())]
