"""The pages the core tests route, render and cache, built on the `portal` fixture:
an introduction section with two sub-pages, a notice in a news category and a law.
In a module that shares its portal (`shared_portal`), they are built once with it."""

import copy
from types import SimpleNamespace

import pytest

from tests.factories import (
    DocumentTypeFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SectionPageFactory,
)


@pytest.fixture(scope="module")
def shared_core_pages(shared_portal, shared_db):
    """`intro`, `notice` and `law`, built once for a module that shares its portal
    (`pytest.mark.usefixtures("shared_portal", "shared_core_pages")`)."""
    with shared_db.unblock():
        return SimpleNamespace(
            intro=build_intro(shared_portal),
            notice=build_notice(shared_portal),
            law=build_law(shared_portal),
        )


def _built_once_or_here(request, build):
    """A copy of the module's page (`shared_core_pages`), or `build(portal)`."""
    if "shared_core_pages" in request.fixturenames:
        shared = request.getfixturevalue("shared_core_pages")
        return copy.deepcopy(getattr(shared, build.__name__.removeprefix("build_")))
    return build(request.getfixturevalue("portal"))


@pytest.fixture
def intro(request, portal):
    """The "Giới thiệu" section (/gioi-thieu/) listing its two sub-pages."""
    return _built_once_or_here(request, build_intro)


@pytest.fixture
def notice(request, portal):
    """A news item of the "Thông báo" category (/tin-tuc/thong-bao/...)."""
    return _built_once_or_here(request, build_notice)


@pytest.fixture
def law(request, portal):
    """A law (/van-ban/80-2015-qh13/)."""
    return _built_once_or_here(request, build_law)


def build_intro(portal):
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


def build_notice(portal):
    category = NewsIndexPageFactory(
        parent=portal.news, title="Thông báo", slug="thong-bao"
    )
    return NewsPageFactory(
        parent=category,
        title="Thông báo tuyển dụng công chức năm 2020",
        slug="thong-bao-tuyen-dung-cong-chuc-nam-2020",
    )


def build_law(portal):
    return LegalDocumentPageFactory(
        parent=portal.legal,
        title="Luật Ban hành văn bản quy phạm pháp luật",
        slug="80-2015-qh13",
        number="80/2015/QH13",
        doc_type=DocumentTypeFactory(name="Luật"),
    )
