"""The pages the core tests route, render and cache, built on the `portal` fixture:
an introduction section with two sub-pages, a notice in a news category and a law."""

from types import SimpleNamespace

import pytest

from tests.factories import (
    DocumentTypeFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SectionPageFactory,
)


@pytest.fixture
def intro(portal):
    """The "Giới thiệu" section (/gioi-thieu/) listing its two sub-pages."""
    section = SectionPageFactory(
        parent=portal.home,
        title="Giới thiệu",
        slug="gioi-thieu",
        intro="Thông tin chung về tỉnh.",
    )
    return SimpleNamespace(
        section=section,
        overview=SectionPageFactory(
            parent=section,
            title="Tổng quan về tỉnh",
            slug="tong-quan",
            show_children=False,
        ),
        structure=SectionPageFactory(
            parent=section,
            title="Cơ cấu tổ chức",
            slug="co-cau-to-chuc",
            show_children=False,
        ),
    )


@pytest.fixture
def notice(portal):
    """A news item of the "Thông báo" category (/tin-tuc/thong-bao/...)."""
    category = NewsIndexPageFactory(
        parent=portal.news, title="Thông báo", slug="thong-bao"
    )
    return NewsPageFactory(
        parent=category,
        title="Thông báo tuyển dụng công chức năm 2020",
        slug="thong-bao-tuyen-dung-cong-chuc-nam-2020",
    )


@pytest.fixture
def law(portal):
    """A law (/van-ban/80-2015-qh13/)."""
    return LegalDocumentPageFactory(
        parent=portal.legal,
        title="Luật Ban hành văn bản quy phạm pháp luật",
        slug="80-2015-qh13",
        number="80/2015/QH13",
        doc_type=DocumentTypeFactory(name="Luật"),
    )
