import copy
import datetime
import functools
from types import SimpleNamespace

import pytest

from portal.core.models import PublicBodyKind
from tests.factories import (
    DocumentTypeFactory,
    LegalDocumentPageFactory,
    LegalFieldFactory,
    PublicBodyFactory,
    SignerFactory,
    pdf_attachment,
    relation,
    run_commit_callbacks,
)


@pytest.fixture
def pinned_today(request, monkeypatch):
    """`timezone.localdate()` answers the module's TODAY (computed at import): a run
    that crosses midnight, Vietnam time, keeps seeing the day its dates were built on."""
    from django.utils import timezone

    today = request.module.TODAY
    localdate = timezone.localdate

    def pinned(value=None, tz=None):
        return today if value is None else localdate(value, tz)

    monkeypatch.setattr(timezone, "localdate", pinned)
    return today


@pytest.fixture
def index_page(portal):
    """The documents' index page of the test's own portal."""
    return portal.legal


def new_document(index_page, number=None, relations=(), fields=(), publish=True, **kw):
    """Create and publish a document under `index_page`; keyword arguments override
    the defaults. `relations` are (kind, target number[, partial[, until]]) tuples."""
    if number is not None:
        kw["number"] = number
    return LegalDocumentPageFactory(
        parent=index_page,
        relations=[relation(*r) for r in relations],
        fields=list(fields),
        live=publish,
        **kw,
    )


@pytest.fixture
def make_document(index_page):
    """`new_document` under the test's own index page."""
    return functools.partial(new_document, index_page)


@pytest.fixture
def signer():
    return SignerFactory(name="Nguyễn Văn Thử", slug="nguyen-van-thu")


@pytest.fixture
def legal_field():
    return LegalFieldFactory(name="Thử nghiệm", slug="thu-nghiem")


@pytest.fixture(scope="module")
def shared_library(shared_portal, shared_db):
    """`library`, built once per module (see tests/conftest.py's `shared_db`)."""
    with shared_db.unblock():
        data = build_library(shared_portal.legal)
        run_commit_callbacks()
    return data


@pytest.fixture
def library(shared_library, portal, commit):
    """A copy of the module's library (`build_library`) for one test."""
    return copy.deepcopy(shared_library)


def build_library(index_page):
    """Documents across every facet of the list, published and committed (indexed
    for search, the fragment caches in use), as `library.docs[number]`.

    The plan 148/KH-UBND rests on 31/NQ-CP (replaced since by 78/NQ-CP), on
    226/QĐ-TTg and on 1150/QĐ-BNV (not on the portal), and 03/HD-SNV guides it;
    64/2020/QH14 amends 81/2015/QH13 in part; 16/2022/QĐ-UBND replaces
    03/2020/QĐ-UBND. The signer signed the province's plans and 03/2020/QĐ-UBND."""
    signer = SignerFactory(name="Nguyễn Văn Thử", slug="nguyen-van-thu")
    province = PublicBodyFactory(
        name="Ủy ban nhân dân tỉnh Thử Nghiệm", kind=PublicBodyKind.PROVINCIAL
    )
    government = PublicBodyFactory(name="Chính phủ", kind=PublicBodyKind.CENTRAL)
    premier = PublicBodyFactory(name="Thủ tướng Chính phủ", kind=PublicBodyKind.CENTRAL)
    assembly = PublicBodyFactory(name="Quốc hội", kind=PublicBodyKind.CENTRAL)
    department = PublicBodyFactory(
        name="Sở Nội vụ tỉnh Thử Nghiệm", kind=PublicBodyKind.DEPARTMENT
    )
    types = {
        name: DocumentTypeFactory(name=name)
        for name in [
            "Kế hoạch",
            "Hướng dẫn",
            "Nghị quyết",
            "Quyết định",
            "Luật",
            "Nghị định",
        ]
    }
    reform = LegalFieldFactory(name="Cải cách hành chính")
    justice = LegalFieldFactory(name="Tư pháp")
    qppl = {"group": "qppl"}
    directive = {"group": "chi-dao-dieu-hanh"}
    rows = [
        (
            "31/NQ-CP",
            "Nghị quyết ban hành Chương trình tổng thể cải cách hành chính nhà nước "
            "giai đoạn 2011 - 2020",
            "Nghị quyết",
            government,
            datetime.date(2011, 11, 8),
            {"fields": [reform], **qppl},
        ),
        (
            "78/NQ-CP",
            "Nghị quyết ban hành Chương trình tổng thể cải cách hành chính nhà nước "
            "giai đoạn 2021 - 2030",
            "Nghị quyết",
            government,
            datetime.date(2021, 7, 15),
            {"fields": [reform], "relations": [("thay_the", "31/NQ-CP")], **qppl},
        ),
        (
            "226/QĐ-TTg",
            "Quyết định phê duyệt Kế hoạch cải cách hành chính nhà nước giai đoạn "
            "2016 - 2020",
            "Quyết định",
            premier,
            datetime.date(2016, 2, 4),
            directive,
        ),
        (
            "148/KH-UBND",
            "Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Thử Nghiệm",
            "Kế hoạch",
            province,
            datetime.date(2019, 12, 24),
            {
                "signer": signer,
                "signer_position": "Chủ tịch",
                "fields": [reform],
                "body": "<p>Đẩy mạnh cải cách thủ tục hành chính trong năm 2020.</p>",
                "attachments": [
                    pdf_attachment("Cai cach hanh chinh nha nuoc nam 2020")
                ],
                "relations": [
                    ("can_cu", "31/NQ-CP"),
                    ("can_cu", "226/QĐ-TTg"),
                    ("can_cu", "1150/QĐ-BNV"),
                ],
                **directive,
            },
        ),
        (
            "03/HD-SNV",
            "Hướng dẫn thực hiện Kế hoạch cải cách hành chính năm 2020",
            "Hướng dẫn",
            department,
            datetime.date(2020, 1, 6),
            {"relations": [("huong_dan", "148/KH-UBND")], **directive},
        ),
        (
            "21/KH-UBND",
            "Kế hoạch cải cách hành chính giai đoạn 2021 - 2025",
            "Kế hoạch",
            province,
            datetime.date(2021, 2, 1),
            {"signer": signer, "fields": [reform], **directive},
        ),
        (
            "81/2015/QH13",
            "Luật Ban hành văn bản quy phạm pháp luật",
            "Luật",
            assembly,
            datetime.date(2015, 6, 22),
            {"fields": [justice], **qppl},
        ),
        (
            "64/2020/QH14",
            "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm "
            "pháp luật",
            "Luật",
            assembly,
            datetime.date(2020, 6, 18),
            {
                "fields": [justice],
                "relations": [("sua_doi_bo_sung", "81/2015/QH13", True)],
                **qppl,
            },
        ),
        (
            "46/2020/NĐ-CP",
            "Nghị định về thực hiện thủ tục hành chính trên môi trường điện tử",
            "Nghị định",
            government,
            datetime.date(2020, 4, 8),
            {"fields": [reform], **qppl},
        ),
        (
            "03/2020/QĐ-UBND",
            "Quyết định ban hành Quy chế phối hợp giải quyết thủ tục hành chính",
            "Quyết định",
            province,
            datetime.date(2020, 1, 10),
            {"signer": signer, **qppl},
        ),
        (
            "16/2022/QĐ-UBND",
            "Quyết định ban hành Quy chế phối hợp giải quyết thủ tục hành chính "
            "thay thế Quy chế năm 2020",
            "Quyết định",
            province,
            datetime.date(2022, 3, 1),
            {"relations": [("thay_the", "03/2020/QĐ-UBND")], **qppl},
        ),
    ]
    docs = {
        number: new_document(
            index_page,
            number=number,
            title=title,
            doc_type=types[type_name],
            issuing_body=body,
            issued_date=issued,
            **extra,
        )
        for number, title, type_name, body, issued, extra in rows
    }
    return SimpleNamespace(
        docs=docs,
        plan=docs["148/KH-UBND"],
        signer=signer,
        types=types,
        province=province,
        government=government,
        assembly=assembly,
        reform=reform,
        justice=justice,
    )
