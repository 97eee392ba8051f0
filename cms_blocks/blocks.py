"""Reusable StreamField blocks for Wagtail sites.

Each block renders accessible, mobile-first HTML from its own template under
``cms_blocks/templates/cms_blocks/blocks/``. This package imports nothing from
`portal`: blocks that need a site's own models live in the app that owns the model and
reuse the base classes and templates defined here.
"""

from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

#: Rich text features offered in paragraphs: enough for official texts, no colours.
RICH_TEXT_FEATURES = [
    "h3",
    "h4",
    "bold",
    "italic",
    "superscript",
    "subscript",
    "ol",
    "ul",
    "link",
    "document-link",
    "hr",
    "blockquote",
]

#: The admin's preview of a block (in the block chooser), with the blocks' own
#: stylesheet: Wagtail's default preview page loads none.
PREVIEW_TEMPLATE = "cms_blocks/block_preview.html"

#: Shorter rich text for captions of call-outs, answers and columns.
SIMPLE_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


def searchable_text(stream_value) -> str:
    """The plain text of a StreamField value for a search index: what each block
    gives Wagtail's `get_searchable_content` (text, captions, table cells; no
    addresses, choices or anchors), one part per line."""
    if not stream_value:
        return ""
    parts = stream_value.stream_block.get_searchable_content(stream_value)
    # A text block missing from a value saved before the block had it reads as None,
    # which Wagtail's text blocks give as the word "None".
    return "\n".join(
        text for part in parts if (text := str(part).strip()) and text != "None"
    )


def anchor_slug(text: str) -> str:
    """An ASCII anchor for a heading: "Đối tượng áp dụng" -> "doi-tuong-ap-dung".

    Django's slugify drops letters without a Unicode decomposition, and "đ" is the one
    such letter Vietnamese uses, so it is replaced first. This keeps cms_blocks free of
    any dependency on the site's own text utilities.
    """
    return slugify((text or "").replace("đ", "d").replace("Đ", "D"))


class LinkValue(blocks.StructValue):
    """Resolves a link's address and text whichever way the editor gave them: a
    ``page`` of the site or a ``url``, and the text typed or else the page's title.

    For any struct block with those children; a block whose text child has another
    name says so in a subclass (``text_field = "title"``).
    """

    text_field = "text"

    def href_for(self, request=None) -> str:
        """The address as a link on the page `request` is for: a page of the same
        site as a path, a page of another site (a member portal's) as a full URL."""
        page = self.get("page")
        if page:
            return page.get_url(request=request) or ""
        return self.get("url") or ""

    @cached_property
    def href(self) -> str:
        """`href_for` without a request: a path while the installation serves one
        site, a full URL once it serves several (Wagtail's ``page.url``). Templates
        use ``{% link_href link %}``, which knows the site."""
        return self.href_for(None)

    @cached_property
    def link_text(self) -> str:
        if self.get(self.text_field):
            return self[self.text_field]
        page = self.get("page")
        if page:
            return page.title
        return self.get("url") or ""

    @cached_property
    def is_external(self) -> bool:
        return not self.get("page") and bool(self.get("url"))


class LinkTargetBlock(blocks.StructBlock):
    """A link to a page of the site or to any address, with the text to show."""

    text = blocks.CharBlock(label=_("Link text"), max_length=255, required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(
        label=_("Address"),
        required=False,
        help_text=_("Used when no page is chosen."),
    )

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkValue


class HeadingBlock(blocks.StructBlock):
    """A section heading with an anchor that links can point to."""

    text = blocks.CharBlock(
        label=pgettext_lazy("section heading", "Heading"), max_length=255
    )
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
        search_index=False,
    )
    anchor = blocks.CharBlock(
        label=_("Anchor"),
        required=False,
        max_length=80,
        search_index=False,
        help_text=_("Leave empty to make one from the heading."),
    )

    class Meta:
        icon = "title"
        label = pgettext_lazy("section heading", "Heading")
        template = "cms_blocks/blocks/heading.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "Mục tiêu của kế hoạch", "level": "h2", "anchor": ""}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        anchor = anchor_slug(value.get("anchor") or value.get("text")) or "muc"
        # Two headings with the same text on one page get distinct anchors. Each
        # block renders with its own copy of the context, so the anchors already
        # used are remembered on the request, which the whole page shares.
        request = (parent_context or {}).get("request")
        if request is not None:
            seen = getattr(request, "_cms_blocks_anchors", None)
            if seen is None:
                seen = request._cms_blocks_anchors = set()
            unique, number = anchor, 1
            while unique in seen:
                number += 1
                unique = f"{anchor}-{number}"
            seen.add(unique)
            anchor = unique
        context["anchor"] = anchor
        return context


class ParagraphBlock(blocks.RichTextBlock):
    """Formatted text: lists, links, sub-headings and quotations."""

    def __init__(self, features=None, **kwargs):
        super().__init__(features=features or RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "cms_blocks/blocks/paragraph.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "<p>Ủy ban nhân dân tỉnh yêu cầu các sở, ngành <b>triển khai đồng bộ</b> "
            "các nhiệm vụ cải cách hành chính trong năm.</p>"
        )


class FigureBlock(blocks.StructBlock):
    """An image with caption and credit, served as WebP with a JPEG fallback."""

    #: Wagtail's own block: the image, its alt text here, or "decorative".
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms_blocks/blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "image": None,
            "caption": "Quang cảnh hội nghị",
            "credit": "Ảnh: Văn phòng UBND tỉnh",
        }


class GalleryImageBlock(blocks.StructBlock):
    """One image of a gallery."""

    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    class Meta:
        icon = "image"
        label = _("Image")


class GalleryBlock(blocks.StructBlock):
    """A grid of images, each opening at full size."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    images = blocks.ListBlock(GalleryImageBlock(), label=_("Images"), min_num=1)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "cms_blocks/blocks/gallery.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"title": "Hình ảnh hoạt động", "images": [], "credit": ""}


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it."""

    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Author"), required=False, max_length=255)
    role = blocks.CharBlock(
        label=_("Position"),
        required=False,
        max_length=255,
        help_text=_("For example: Chủ tịch UBND tỉnh"),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms_blocks/blocks/quote.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "text": "Lấy người dân, doanh nghiệp làm trung tâm phục vụ.",
            "attribution": "Nguyễn Văn A",
            "role": "Chủ tịch UBND tỉnh",
        }


class CalloutBlock(blocks.StructBlock):
    """A highlighted notice: information, a warning or something important."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("info", _("Information")),
            ("success", _("Good to know")),
            ("warning", _("Warning")),
            ("important", _("Important")),
        ],
        default="info",
        search_index=False,
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    text = blocks.RichTextBlock(label=_("Text"), features=SIMPLE_RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Notice")
        template = "cms_blocks/blocks/callout.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "kind": "warning",
            "title": "Lưu ý",
            "text": "<p>Hồ sơ nộp sau ngày 31/12 sẽ không được tiếp nhận.</p>",
        }


class TableBlock(WagtailTableBlock):
    """A table with a caption and a header row, scrollable on small screens."""

    def __init__(self, required=True, help_text=None, table_options=None, **kwargs):
        options = {"contextMenu": True, "startRows": 4, "startCols": 3}
        options.update(table_options or {})
        super().__init__(
            required=required, help_text=help_text, table_options=options, **kwargs
        )

    class Meta:
        icon = "table"
        label = _("Table")
        template = "cms_blocks/blocks/table.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "table_caption": "Kết quả giải quyết hồ sơ",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "data": [["Đơn vị", "Số hồ sơ"], ["Sở Tư pháp", "1.250"]],
        }

    def get_searchable_content(self, value):
        caption = (value or {}).get("table_caption") or ""
        return [caption, *super().get_searchable_content(value)]


class AccordionItemBlock(blocks.StructBlock):
    """A question (or title) and the answer that opens under it."""

    title = blocks.CharBlock(label=_("Question or title"), max_length=255)
    content = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Item")


class AccordionBlock(blocks.StructBlock):
    """Questions and answers that open one by one (native <details>, no script)."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Items"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "cms_blocks/blocks/accordion.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Câu hỏi thường gặp",
            "items": [
                {
                    "title": "Nộp hồ sơ ở đâu?",
                    "content": "<p>Tại Trung tâm Phục vụ hành chính công tỉnh.</p>",
                }
            ],
        }


class VideoBlock(blocks.StructBlock):
    """A video from YouTube, Vimeo or another oEmbed provider, with a transcript."""

    video = EmbedBlock(
        label=_("Video address"),
        help_text=_("For example: https://www.youtube.com/watch?v=..."),
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        required=False,
        features=SIMPLE_RICH_TEXT_FEATURES,
        help_text=_("What is said in the video, for people who cannot hear it."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms_blocks/blocks/video.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": "Hội nghị trực tuyến",
            "caption": "Phát sóng trực tiếp",
            "transcript": "",
        }


class DocumentBlock(blocks.StructBlock):
    """A file to download, with its type and size."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the document title."),
    )
    description = blocks.CharBlock(
        label=_("Description"), required=False, max_length=500
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "cms_blocks/blocks/document.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "document": None,
            "title": "Toàn văn kế hoạch",
            "description": "Bản ký số",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["file"] = document_file_info(value.get("document"))
        return context


#: File extensions grouped into the few kinds a visitor recognises by icon.
FILE_KINDS = {
    "pdf": "pdf",
    "doc": "word",
    "docx": "word",
    "odt": "word",
    "rtf": "word",
    "xls": "sheet",
    "xlsx": "sheet",
    "ods": "sheet",
    "csv": "sheet",
    "ppt": "slides",
    "pptx": "slides",
    "odp": "slides",
    "zip": "archive",
    "rar": "archive",
    "7z": "archive",
}


def document_file_info(document) -> dict:
    """Type, icon kind and size of a Wagtail document, without opening its file
    when Wagtail already recorded the size."""
    if document is None:
        return {}
    extension = (document.file_extension or "").lower()
    size = getattr(document, "file_size", None)
    if size is None:
        try:
            size = document.get_file_size()
        except OSError:
            size = None
    return {
        "extension": extension.upper(),
        "kind": FILE_KINDS.get(extension, "file"),
        "size": size,
        "url": document.url,
    }


class LinkListBlock(blocks.StructBlock):
    """A titled list of links, for example related pages or useful addresses."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    links = blocks.ListBlock(LinkTargetBlock(), label=_("Links"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Link list")
        template = "cms_blocks/blocks/link_list.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Liên kết hữu ích",
            "links": [
                {
                    "text": "Cổng Dịch vụ công quốc gia",
                    "page": None,
                    "url": "https://dichvucong.gov.vn/",
                }
            ],
        }


class CallToActionBlock(blocks.StructBlock):
    """A short invitation with one button, for example to an online service."""

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    text = blocks.TextBlock(label=_("Text"), required=False)
    link = LinkTargetBlock(label=_("Button"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "cms_blocks/blocks/call_to_action.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Nộp hồ sơ trực tuyến",
            "text": "Tiết kiệm thời gian, theo dõi kết quả mọi lúc.",
            "link": {
                "text": "Đến Cổng Dịch vụ công",
                "page": None,
                "url": "https://dichvucong.gov.vn/",
            },
        }


#: Blocks allowed inside a column (everything but columns themselves).
COLUMN_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", ParagraphBlock()),
    ("image", FigureBlock()),
    ("quote", QuoteBlock()),
    ("callout", CalloutBlock()),
    ("document", DocumentBlock()),
    ("link_list", LinkListBlock()),
    ("call_to_action", CallToActionBlock()),
]


class TwoColumnBlock(blocks.StructBlock):
    """Two columns side by side on wide screens, one under the other on phones."""

    ratio = blocks.ChoiceBlock(
        label=_("Widths"),
        choices=[
            ("1-1", _("Equal")),
            ("2-1", _("Wider left")),
            ("1-2", _("Wider right")),
        ],
        default="1-1",
        search_index=False,
    )
    left = blocks.StreamBlock(COLUMN_BLOCKS, label=_("Left column"))
    right = blocks.StreamBlock(COLUMN_BLOCKS, label=_("Right column"))

    class Meta:
        icon = "placeholder"
        label = _("Two columns")
        template = "cms_blocks/blocks/two_columns.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "ratio": "1-1",
            "left": [("paragraph", "<p>Nội dung cột trái.</p>")],
            "right": [("paragraph", "<p>Nội dung cột phải.</p>")],
        }


#: The blocks most pages need, in the order editors meet them.
BASE_STREAM_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", ParagraphBlock()),
    ("image", FigureBlock()),
    ("gallery", GalleryBlock()),
    ("quote", QuoteBlock()),
    ("callout", CalloutBlock()),
    ("table", TableBlock()),
    ("accordion", AccordionBlock()),
    ("video", VideoBlock()),
    ("document", DocumentBlock()),
    ("link_list", LinkListBlock()),
    ("call_to_action", CallToActionBlock()),
    ("two_columns", TwoColumnBlock()),
]

#: A shorter list for side content (sidebars, notices): text, links and files.
SIMPLE_STREAM_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", ParagraphBlock()),
    ("callout", CalloutBlock()),
    ("document", DocumentBlock()),
    ("link_list", LinkListBlock()),
]
