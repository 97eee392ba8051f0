import itertools

import pytest

from portal.core.models import PublicBody
from portal.procedures.models import (
    DossierItem,
    LegalBasis,
    ProcedureChannel,
    ProcedureField,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureStep,
)

_codes = itertools.count(1)


@pytest.fixture
def procedure_index(demo):
    return ProcedureIndexPage.objects.get(slug="thu-tuc-hanh-chinh")


@pytest.fixture
def make_procedure(procedure_index):
    """Create and publish a procedure; keyword arguments override the defaults."""

    def make(title="Thủ tục thử nghiệm", **fields):
        number = next(_codes)
        field_name = fields.pop("field_name", "Lĩnh vực thử nghiệm")
        agencies = fields.pop("agencies", ["Ủy ban nhân dân cấp xã"])
        channels = fields.pop("channels", [("truc-tiep", "03 ngày làm việc", "")])
        papers = fields.pop("papers", [])
        steps = fields.pop("steps", ["Nộp hồ sơ", "Nhận kết quả"])
        bases = fields.pop("bases", [])
        page = ProcedurePage(
            title=title,
            slug=f"thu-nghiem-{number}",
            code=fields.pop("code", f"9.{number:06d}"),
            field=ProcedureField.objects.get_or_create(name=field_name)[0],
            level=fields.pop("level", "xa"),
            online_level=fields.pop("online_level", "toan-trinh"),
            **fields,
        )
        page.implementing_agencies = [
            PublicBody.objects.get_or_create(name=name)[0] for name in agencies
        ]
        page.channels = [
            ProcedureChannel(sort_order=n, channel=c, time_limit=t, fee=f)
            for n, (c, t, f) in enumerate(channels)
        ]
        page.steps = [
            ProcedureStep(sort_order=n, title=step) for n, step in enumerate(steps)
        ]
        page.dossier_items = [
            DossierItem(sort_order=n, **paper) for n, paper in enumerate(papers)
        ]
        page.legal_bases = [
            LegalBasis(sort_order=i, number=n, title=t)
            for i, (n, t) in enumerate(bases)
        ]
        procedure_index.add_child(instance=page)
        page.save_revision().publish()
        return ProcedurePage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def published_basis(demo):
    """A (legal document, procedure) pair where the procedure's legal basis cites a
    document the legal app has published; skips without the legal app or such a
    document."""
    from portal.procedures.legal import legal_document_model

    model = legal_document_model()
    if model is None:
        pytest.skip("the legal app is not installed yet")
    keys = LegalBasis.objects.values_list("number_key", flat=True)
    document = (
        model.objects.live().filter(number_key__in=keys).order_by("number_key").first()
    )
    if document is None:
        pytest.skip("no demo procedure cites a published legal document")
    procedure = (
        ProcedurePage.objects.live()
        .filter(legal_bases__number_key=document.number_key)
        .order_by("title")
        .first()
    )
    return document, procedure
