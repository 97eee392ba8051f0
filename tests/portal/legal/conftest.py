import datetime
import itertools

import pytest

from portal.core.models import PublicBody
from portal.legal.models import (
    DocumentRelation,
    DocumentType,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalField,
    Signer,
)

_counter = itertools.count(1)


@pytest.fixture
def index_page(demo):
    return LegalDocumentIndexPage.objects.get(slug="van-ban")


@pytest.fixture
def make_document(index_page):
    """Create and publish a document; keyword arguments override the defaults."""

    def make(number=None, relations=(), fields=(), publish=True, **kwargs):
        n = next(_counter)
        doc_type, _ = DocumentType.objects.get_or_create(
            slug="quyet-dinh", defaults={"name": "Quyết định"}
        )
        body, _ = PublicBody.objects.get_or_create(
            slug="uy-ban-nhan-dan-tinh-thu-nghiem",
            defaults={"name": "Ủy ban nhân dân tỉnh Thử Nghiệm"},
        )
        values = {
            "title": f"Quyết định thử nghiệm số {n}",
            "doc_type": doc_type,
            "issuing_body": body,
            "issued_date": datetime.date(2020, 1, 1),
        }
        values.update(kwargs)
        number = number or f"{900 + n}/QĐ-TN"
        page = LegalDocumentPage(number=number, slug=f"thu-nghiem-{n}", **values)
        page.fields = list(fields)
        # (kind, number[, partial[, until]])
        page.relations = [
            DocumentRelation(
                kind=kind, target_number=target, partial=partial, until=until
            )
            for kind, target, partial, until in (
                (*r, *(False, None)[len(r) - 2 :]) for r in relations
            )
        ]
        index_page.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        else:
            page.live = False
            page.save()
        return LegalDocumentPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def signer():
    return Signer.objects.create(name="Nguyễn Văn Thử", slug="nguyen-van-thu")


@pytest.fixture
def legal_field():
    return LegalField.objects.create(name="Thử nghiệm", slug="thu-nghiem")
