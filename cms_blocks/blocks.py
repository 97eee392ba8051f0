"""Reusable StreamField blocks. This package imports nothing from `portal`."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading with an anchor that links can point to."""

    text = blocks.CharBlock(label=_("Heading"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms_blocks/blocks/heading.html"
        preview_value = {"text": "Mục tiêu của kế hoạch", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Formatted text."""

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "cms_blocks/blocks/paragraph.html"
        preview_value = "<p>Nội dung đoạn văn.</p>"


class ImageBlock(blocks.StructBlock):
    """An image with caption and credit."""

    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms_blocks/blocks/image.html"


BASE_STREAM_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", ParagraphBlock()),
    ("image", ImageBlock()),
]
