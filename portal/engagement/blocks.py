"""StreamField blocks of the engagement app, for any page's body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms_blocks.blocks import BASE_STREAM_BLOCKS


class PollBlock(blocks.StructBlock):
    """A service-quality poll citizens can answer where the block is placed."""

    poll = SnippetChooserBlock("engagement.Poll", label=_("Poll"))
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=255,
        help_text=_("Shown above the question; e.g. Đánh giá dịch vụ công."),
    )

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


#: The base blocks plus the poll, for the engagement app's own pages.
ENGAGEMENT_STREAM_BLOCKS = [*BASE_STREAM_BLOCKS, ("poll", PollBlock())]
