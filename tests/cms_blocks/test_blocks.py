"""Every block renders what a reader needs, with and without its optional parts."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from wagtail import blocks as wagtail_blocks
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.fields import StreamField

from cms_blocks import blocks
from tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def render(block, raw):
    """Render a block from the raw (JSON) value an editor's form would save."""
    value = block.to_python(raw)
    return block.render(value)


def test_every_block_says_what_it_is():
    for name, block in blocks.BASE_STREAM_BLOCKS:
        assert block.meta.icon, name
        assert block.meta.template.startswith("cms_blocks/blocks/"), name
        assert str(block.meta.label), name
        assert type(block).__doc__ and "\n" not in type(block).__doc__.strip(), name
        assert block.meta.preview_value, name


def test_heading_gets_an_ascii_anchor_from_vietnamese_text():
    html = render(
        blocks.HeadingBlock(),
        {"text": "Đối tượng áp dụng", "level": "h3", "anchor": ""},
    )
    assert html.startswith('<h3 id="doi-tuong-ap-dung" class="block-heading">')
    assert 'href="#doi-tuong-ap-dung"' in html
    assert "Đối tượng áp dụng" in html


def test_heading_uses_the_anchor_the_editor_chose():
    html = render(
        blocks.HeadingBlock(),
        {"text": "Mục tiêu", "level": "h2", "anchor": "Muc tieu chung"},
    )
    assert '<h2 id="muc-tieu-chung"' in html


def test_paragraph_keeps_formatting_and_links():
    html = render(
        blocks.ParagraphBlock(),
        '<p>Xem <a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công</a>, '
        "<b>hạn chót</b> 31/12/2020.</p><ul><li>Một</li></ul>",
    )
    assert 'class="block-paragraph rich-text"' in html
    assert '<a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công</a>' in html
    assert "<b>hạn chót</b>" in html
    assert "<li>Một</li>" in html


def test_image_is_a_picture_with_webp_and_jpeg_sources(photo):
    html = render(
        blocks.FigureBlock(),
        {
            "image": {
                "image": photo.pk,
                "alt_text": "Đại biểu dự hội nghị tại hội trường tỉnh",
                "decorative": False,
            },
            "caption": "Quang cảnh hội nghị",
            "credit": "Ảnh: Trung tâm Thông tin",
        },
    )
    assert "<picture>" in html
    assert 'type="image/webp"' in html
    assert re.search(r'srcset="[^"]+480w[^"]+800w[^"]+1200w"', html)
    assert re.search(r'<img[^>]+src="[^"]+\.jpg"', html)
    assert 'alt="Đại biểu dự hội nghị tại hội trường tỉnh"' in html
    assert 'loading="lazy"' in html
    assert "<figcaption>Quang cảnh hội nghị" in html
    assert "Ảnh: Trung tâm Thông tin" in html


def test_decorative_image_has_an_empty_alt(photo):
    html = render(
        blocks.FigureBlock(),
        {
            "image": {"image": photo.pk, "alt_text": "", "decorative": True},
            "caption": "",
            "credit": "",
        },
    )
    assert 'alt=""' in html
    assert photo.title not in html


@pytest.mark.parametrize(
    "image_value",
    [
        # As an ImageChooserBlock stored it: Wagtail's ImageBlock still reads it.
        "chooser",
        # As the data migration leaves an image whose alt text was left empty.
        {"alt_text": "", "decorative": False},
    ],
)
def test_image_without_caption_or_alt_falls_back_to_the_image_title(photo, image_value):
    image = photo.pk if image_value == "chooser" else {"image": photo.pk, **image_value}
    html = render(blocks.FigureBlock(), {"image": image, "caption": "", "credit": ""})
    assert "<figcaption>" not in html
    assert f'alt="{photo.title}"' in html


def test_an_editor_gives_alt_text_or_marks_the_image_decorative(photo):
    block = blocks.FigureBlock()
    value = block.to_python(
        {"image": {"image": photo.pk, "alt_text": "", "decorative": False}}
    )
    with pytest.raises(ValidationError):
        block.clean(value)
    value["image"].decorative = True
    assert block.clean(value)["image"].pk == photo.pk


def test_image_deleted_from_the_library_renders_nothing():
    html = render(
        blocks.FigureBlock(),
        {
            "image": {"image": 987654, "alt_text": "Ảnh", "decorative": False},
            "caption": "Ảnh",
            "credit": "",
        },
    )
    assert html.strip() == ""


def test_gallery_links_each_image_to_its_full_size(photo):
    html = render(
        blocks.GalleryBlock(),
        {
            "title": "Hình ảnh hội nghị",
            "credit": "Ảnh: Báo Hưng Yên",
            "images": [
                {"image": photo.pk, "caption": "Phát biểu khai mạc"},
                {"image": photo.pk, "caption": ""},
            ],
        },
    )
    assert '<h2 class="block-gallery__title">Hình ảnh hội nghị</h2>' in html
    assert html.count('<li class="block-gallery__item">') == 2
    assert "<figcaption>Phát biểu khai mạc</figcaption>" in html
    assert "(xem ảnh kích thước đầy đủ)" in html
    assert "Ảnh: Báo Hưng Yên" in html


def test_gallery_without_title_or_credit(photo):
    html = render(
        blocks.GalleryBlock(),
        {"title": "", "credit": "", "images": [{"image": photo.pk, "caption": ""}]},
    )
    assert "<h2" not in html
    assert "block-credit" not in html
    assert "<picture>" in html


def test_quote_with_and_without_attribution():
    full = render(
        blocks.QuoteBlock(),
        {
            "text": "Lấy người dân, doanh nghiệp làm trung tâm phục vụ.",
            "attribution": "Trần Quốc Văn",
            "role": "Chủ tịch UBND tỉnh",
        },
    )
    assert "<blockquote><p>Lấy người dân, doanh nghiệp làm trung tâm phục vụ." in full
    assert "<cite>Trần Quốc Văn</cite>, " in full
    assert "Chủ tịch UBND tỉnh" in full
    bare = render(
        blocks.QuoteBlock(),
        {"text": "Một câu trích dẫn.", "attribution": "", "role": ""},
    )
    assert "<figcaption>" not in bare


def test_callout_names_its_kind_in_words():
    html = render(
        blocks.CalloutBlock(),
        {
            "kind": "warning",
            "title": "Thời hạn nộp hồ sơ",
            "text": "<p>Hồ sơ nộp sau ngày 31/12/2020 không được tiếp nhận.</p>",
        },
    )
    assert 'role="note"' in html
    assert "block-callout--warning" in html
    assert "Lưu ý: <strong>Thời hạn nộp hồ sơ</strong>" in html
    assert "không được tiếp nhận" in html
    untitled = render(
        blocks.CalloutBlock(),
        {"kind": "info", "title": "", "text": "<p>Đã có kết quả.</p>"},
    )
    assert "Thông tin</p>" in untitled
    assert "<strong>" not in untitled


def test_table_has_caption_header_row_and_scrolls():
    html = render(
        blocks.TableBlock(),
        {
            "table_caption": "Kết quả giải quyết hồ sơ quý I/2020",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "data": [
                ["Đơn vị", "Tiếp nhận", "Đúng hạn"],
                ["Sở Tư pháp", "1.250", "99,8%"],
                ["Sở Xây dựng", "430", "98,1%"],
            ],
        },
    )
    assert 'role="region" tabindex="0"' in html
    assert 'aria-label="Kết quả giải quyết hồ sơ quý I/2020"' in html
    assert "<caption>Kết quả giải quyết hồ sơ quý I/2020</caption>" in html
    assert re.search(r'<th scope="col"\s*>\s*Đơn vị', html)
    assert re.search(r"<td\s*>\s*Sở Tư pháp", html)


def test_table_without_caption_or_header_row():
    html = render(
        blocks.TableBlock(),
        {
            "table_caption": "",
            "first_row_is_table_header": False,
            "first_col_is_header": False,
            "data": [["Một", "Hai"]],
        },
    )
    assert "<caption>" not in html
    assert "<thead>" not in html
    assert 'aria-label="Bảng"' in html


def test_accordion_uses_details_that_work_without_script():
    html = render(
        blocks.AccordionBlock(),
        {
            "title": "Câu hỏi thường gặp",
            "items": [
                {
                    "title": "Nộp hồ sơ ở đâu?",
                    "content": "<p>Tại Trung tâm Phục vụ hành chính công tỉnh.</p>",
                },
                {
                    "title": "Lệ phí bao nhiêu?",
                    "content": "<p>Miễn phí.</p>",
                },
            ],
        },
    )
    assert html.count("<details") == 2
    assert "<summary>Nộp hồ sơ ở đâu?</summary>" in html
    assert "Trung tâm Phục vụ hành chính công" in html
    assert "<h2" in html
    untitled = render(
        blocks.AccordionBlock(),
        {"title": "", "items": [{"title": "Hỏi", "content": "<p>Đáp</p>"}]},
    )
    assert "<h2" not in untitled


def test_video_shows_the_player_caption_and_transcript():
    url = "https://www.youtube.com/watch?v=abcdefghijk"
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url, None, None),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abcdefghijk" '
        'title="Hội nghị"></iframe>',
        title="Hội nghị",
        width=640,
        height=360,
    )
    html = render(
        blocks.VideoBlock(),
        {
            "video": url,
            "title": "Hội nghị trực tuyến",
            "caption": "Phát sóng ngày 24/12/2019",
            "transcript": "<p>Đồng chí Chủ tịch phát biểu khai mạc.</p>",
        },
    )
    assert "youtube-nocookie.com/embed/abcdefghijk" in html
    assert "<strong>Hội nghị trực tuyến</strong> – Phát sóng ngày 24/12/2019" in html
    assert "<summary>Lời thoại</summary>" in html


def test_video_that_cannot_be_embedded_is_still_a_link(settings):
    settings.WAGTAILEMBEDS_FINDERS = []
    url = "https://video.example.vn/hoi-nghi"
    html = render(
        blocks.VideoBlock(),
        {"video": url, "title": "", "caption": "", "transcript": ""},
    )
    assert f'href="{url}"' in html
    assert "Xem video" in html
    assert "<figcaption>" not in html
    assert "<details" not in html


def test_document_shows_type_size_and_icon(pdf_document):
    html = render(
        blocks.DocumentBlock(),
        {
            "document": pdf_document.pk,
            "title": "Toàn văn Kế hoạch 146/KH-UBND",
            "description": "Bản ký số",
        },
    )
    assert "block-document--pdf" in html
    assert f'href="{pdf_document.url}" download' in html
    assert "Toàn văn Kế hoạch 146/KH-UBND" in html
    assert '<abbr title="Loại tệp">PDF</abbr>' in html
    assert re.search(r"PDF</abbr>, 2[,.]\d\xa0KB", html)
    assert "Bản ký số" in html


def test_document_without_title_uses_the_document_title(pdf_document):
    html = render(
        blocks.DocumentBlock(),
        {"document": pdf_document.pk, "title": "", "description": ""},
    )
    assert "Kế hoạch cải cách hành chính năm 2020" in html
    assert "block-document__description" not in html


def test_link_list_resolves_pages_and_marks_external_links(portal):
    page = SectionPageFactory(parent=portal.home, title="Giới thiệu")
    html = render(
        blocks.LinkListBlock(),
        {
            "title": "Liên kết hữu ích",
            "links": [
                {"text": "", "page": page.pk, "url": ""},
                {
                    "text": "Cổng Dịch vụ công quốc gia",
                    "page": None,
                    "url": "https://dichvucong.gov.vn/",
                },
                {"text": "Liên kết trống", "page": None, "url": ""},
            ],
        },
    )
    assert f'<a href="{page.url}">Giới thiệu</a>' in html
    assert '<a href="https://dichvucong.gov.vn/" rel="noopener">' in html
    assert "(trang bên ngoài)" in html
    assert "Liên kết trống" not in html
    assert 'aria-label="Liên kết hữu ích"' in html


def test_call_to_action_with_and_without_text():
    html = render(
        blocks.CallToActionBlock(),
        {
            "title": "Nộp hồ sơ trực tuyến",
            "text": "Theo dõi kết quả mọi lúc.",
            "link": {
                "text": "Đến Cổng Dịch vụ công",
                "page": None,
                "url": "https://dichvucong.gov.vn/",
            },
        },
    )
    assert '<h2 class="block-cta__title">Nộp hồ sơ trực tuyến</h2>' in html
    assert "Theo dõi kết quả mọi lúc." in html
    assert 'class="button block-cta__button" href="https://dichvucong.gov.vn/"' in html
    bare = render(
        blocks.CallToActionBlock(),
        {
            "title": "Sắp ra mắt",
            "text": "",
            "link": {"text": "", "page": None, "url": ""},
        },
    )
    assert "<a " not in bare


def test_two_columns_render_their_own_blocks():
    html = render(
        blocks.TwoColumnBlock(),
        {
            "ratio": "2-1",
            "left": [
                {"type": "heading", "value": {"text": "Mục tiêu", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Nâng cao chỉ số PAR INDEX.</p>"},
            ],
            "right": [
                {
                    "type": "quote",
                    "value": {"text": "Đổi mới.", "attribution": "", "role": ""},
                }
            ],
        },
    )
    assert "block-columns--2-1" in html
    left, right = html.split('<div class="block-columns__column">')[1:3]
    assert 'id="muc-tieu"' in left and "PAR INDEX" in left
    assert "<blockquote>" in right
    empty = render(blocks.TwoColumnBlock(), {"ratio": "1-1", "left": [], "right": []})
    assert empty.count('class="block-columns__column"') == 2


def test_base_stream_renders_a_whole_article(photo, pdf_document):
    stream = wagtail_blocks.StreamBlock(blocks.BASE_STREAM_BLOCKS)
    value = stream.to_python(
        [
            {"type": "heading", "value": {"text": "Mục tiêu", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Nội dung.</p>"},
            {"type": "image", "value": {"image": photo.pk, "caption": "Ảnh"}},
            {"type": "document", "value": {"document": pdf_document.pk}},
        ]
    )
    html = stream.render(value)
    assert html.index('id="muc-tieu"') < html.index("<picture>")
    assert "block-document--pdf" in html
    # The searchable text of a page includes what its blocks say.
    assert "Mục tiêu" in " ".join(stream.get_searchable_content(value))


def test_headings_with_the_same_text_get_distinct_anchors(rf):
    stream = wagtail_blocks.StreamBlock(blocks.BASE_STREAM_BLOCKS)
    value = stream.to_python(
        [
            {"type": "heading", "value": {"text": "Kết quả", "level": "h2"}},
            {"type": "heading", "value": {"text": "Kết quả", "level": "h2"}},
        ]
    )
    html = stream.render(value, context={"request": rf.get("/")})
    assert 'id="ket-qua"' in html
    assert 'id="ket-qua-2"' in html


def test_admin_block_previews_render():
    """The previews editors see in the block picker (video needs its provider)."""
    for name, block in blocks.BASE_STREAM_BLOCKS:
        if name == "video":
            continue
        html = block.render(block.get_preview_value())
        assert "Traceback" not in html, name
    columns = blocks.TwoColumnBlock()
    assert "Nội dung cột phải." in columns.render(columns.get_preview_value())


def test_admin_block_previews_load_the_blocks_stylesheet(admin_client):
    """Wagtail's preview page loads no stylesheet of its own: the blocks bring
    theirs, so the picker shows them as readers will see them."""
    block = blocks.CalloutBlock()
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert static("cms_blocks/css/blocks.css") in html
    assert "Hồ sơ nộp sau ngày 31/12 sẽ không được tiếp nhận." in html


def test_searchable_text_is_what_readers_read(photo):
    """What the search index gets of a body: text, captions, alt text and table
    cells, without addresses, block settings or anchors."""
    stream = StreamField(blocks.BASE_STREAM_BLOCKS).stream_block
    value = stream.to_python(
        [
            {
                "type": "heading",
                "value": {"text": "Mục tiêu", "level": "h2", "anchor": "muc-1"},
            },
            {"type": "paragraph", "value": "<p>Giảm <b>thời gian</b> xử lý.</p>"},
            {
                "type": "image",
                "value": {
                    "image": {"image": photo.pk, "alt_text": "Hội trường"},
                    "caption": "Quang cảnh",
                },
            },
            {
                "type": "callout",
                "value": {"kind": "warning", "title": "", "text": "<p>Lưu ý</p>"},
            },
            {
                "type": "table",
                "value": {
                    "table_caption": "Kết quả",
                    "data": [["Đơn vị", "Số hồ sơ"], ["Sở Tư pháp", None]],
                },
            },
            {
                "type": "link_list",
                "value": {
                    "title": "",
                    "links": [{"text": "Dịch vụ công", "url": "https://x.vn/"}],
                },
            },
        ]
    )
    text = blocks.searchable_text(value)
    assert text.splitlines() == [
        "Mục tiêu",
        "Giảm thời gian xử lý.",
        "Hội trường",
        "Quang cảnh",
        "Lưu ý",
        "Kết quả",
        "Đơn vị",
        "Số hồ sơ",
        "Sở Tư pháp",
        "Dịch vụ công",
    ]
    assert blocks.searchable_text(None) == ""
