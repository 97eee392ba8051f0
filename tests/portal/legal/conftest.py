import pytest

from portal.legal.models import LegalDocumentIndexPage
from tests.factories import (
    LegalDocumentPageFactory,
    LegalFieldFactory,
    SignerFactory,
    relation,
)


@pytest.fixture
def index_page(request):
    """The documents' index page: the demo's for a test that asks for the demo (and
    asserts on its documents too), else that of a portal of the test's own."""
    if "demo" in request.fixturenames:
        return LegalDocumentIndexPage.objects.get(slug="van-ban")
    return request.getfixturevalue("portal").legal


@pytest.fixture
def make_document(index_page):
    """Create and publish a document; keyword arguments override the defaults.
    `relations` are (kind, target number[, partial[, until]]) tuples."""

    def make(number=None, relations=(), fields=(), publish=True, **kwargs):
        if number is not None:
            kwargs["number"] = number
        return LegalDocumentPageFactory(
            parent=index_page,
            relations=[relation(*r) for r in relations],
            fields=list(fields),
            live=publish,
            **kwargs,
        )

    return make


@pytest.fixture
def signer():
    return SignerFactory(name="Nguyễn Văn Thử", slug="nguyen-van-thu")


@pytest.fixture
def legal_field():
    return LegalFieldFactory(name="Thử nghiệm", slug="thu-nghiem")
