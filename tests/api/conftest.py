"""Fixtures for the JSON APIs: the site as a WSGI application, without a network."""

import copy
from types import SimpleNamespace

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections


@pytest.fixture
def wsgi_app(content):
    """Django's WSGI application on the test database.

    A real WSGI handler closes "old" database connections around every request,
    which would close the test's own transaction; Django's test client avoids that
    by disconnecting the handlers for the duration of a request, and so do we."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def shared_content(shared_portal, shared_db):
    """`content`, built once per module (see tests/conftest.py's `shared_db`)."""
    from tests.factories import run_commit_callbacks

    with shared_db.unblock():
        data = build_content(shared_portal)
        run_commit_callbacks()
    return data


@pytest.fixture
def content(shared_content, portal, commit):
    """A copy of the module's content (`build_content`) for one test."""
    return copy.deepcopy(shared_content)


def build_content(portal):
    """What the APIs answer about, published and committed (indexed for search):
    a plan with a PDF, a law amended in part by another, six news items (the
    newest with a picture, tags and a cited document) and a commune procedure."""
    import datetime

    import wagtail_factories
    from django.utils import timezone

    from portal.core.models import PublicBodyKind
    from portal.news.models import NewsCitedDocument
    from portal.procedures.models import DossierItem, LegalBasis
    from tests.factories import (
        DocumentTypeFactory,
        LegalDocumentPageFactory,
        NewsPageFactory,
        ProcedurePageFactory,
        PublicBodyFactory,
        pdf_attachment,
        relation,
    )

    law = DocumentTypeFactory(name="Luật")
    assembly = PublicBodyFactory(name="Quốc hội", kind=PublicBodyKind.CENTRAL)
    plan = LegalDocumentPageFactory(
        parent=portal.legal,
        number="148/KH-UBND",
        slug="148-kh-ubnd",
        title="Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Thử Nghiệm",
        doc_type=DocumentTypeFactory(name="Kế hoạch"),
        issued_date=datetime.date(2019, 12, 24),
        attachments=[pdf_attachment("Ke hoach cai cach hanh chinh")],
    )
    amended = LegalDocumentPageFactory(
        parent=portal.legal,
        number="81/2015/QH13",
        title="Luật Ban hành văn bản quy phạm pháp luật",
        doc_type=law,
        issuing_body=assembly,
        issued_date=datetime.date(2015, 6, 22),
        effective_date=datetime.date(2016, 7, 1),
    )
    amending = LegalDocumentPageFactory(
        parent=portal.legal,
        number="64/2020/QH14",
        title="Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy "
        "phạm pháp luật",
        doc_type=law,
        issuing_body=assembly,
        issued_date=datetime.date(2020, 6, 18),
        relations=[relation("sua_doi_bo_sung", "81/2015/QH13", True)],
    )
    now = timezone.now()
    news = [
        NewsPageFactory(
            parent=portal.news,
            title=f"Tin cải cách hành chính số {n}",
            publication_date=now - datetime.timedelta(days=n),
            body=[("paragraph", f"<p>Nội dung bản tin số {n}.</p>")],
        )
        for n in range(5, 0, -1)
    ]
    newest = NewsPageFactory(
        parent=portal.news,
        title="Hội nghị triển khai kế hoạch cải cách hành chính",
        publication_date=now,
        hero_image=wagtail_factories.ImageFactory(title="Hội nghị"),
        body=[("paragraph", "<p>Triển khai Kế hoạch 148/KH-UBND.</p>")],
        cited_documents=[NewsCitedDocument(number="148/KH-UBND")],
    )
    newest.tags.add("cải cách hành chính", "hội nghị")
    newest.save_revision().publish()
    procedure = ProcedurePageFactory(
        parent=portal.procedures,
        title="Đăng ký khai sinh",
        level="xa",
        online_level="toan-trinh",
        dossier_items=[DossierItem(sort_order=0, name="Tờ khai đăng ký khai sinh")],
        legal_bases=[
            LegalBasis(sort_order=0, number="148/KH-UBND", title="Kế hoạch"),
            LegalBasis(sort_order=1, number="999/2099/NĐ-CP", title="Chưa đăng"),
        ],
    )
    return SimpleNamespace(
        plan=plan,
        amended=amended,
        amending=amending,
        news=[*news, newest],
        newest=newest,
        procedure=procedure,
    )
