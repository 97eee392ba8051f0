import pytest

from portal.procedures.models import (
    DossierItem,
    LegalBasis,
    ProcedureChannel,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureStep,
)
from tests.factories import (
    ProcedureFieldFactory,
    ProcedurePageFactory,
    PublicBodyFactory,
)


@pytest.fixture
def procedure_index(demo):
    return ProcedureIndexPage.objects.get(slug="thu-tuc-hanh-chinh")


@pytest.fixture
def make_procedure(procedure_index):
    """Create and publish a procedure; keyword arguments override the defaults."""

    def make(title="Thủ tục thử nghiệm", **fields):
        field_name = fields.pop("field_name", "Lĩnh vực thử nghiệm")
        agencies = fields.pop("agencies", ["Ủy ban nhân dân cấp xã"])
        channels = fields.pop("channels", [("truc-tiep", "03 ngày làm việc", "")])
        papers = fields.pop("papers", [])
        steps = fields.pop("steps", ["Nộp hồ sơ", "Nhận kết quả"])
        bases = fields.pop("bases", [])
        return ProcedurePageFactory(
            parent=procedure_index,
            title=title,
            field=ProcedureFieldFactory(name=field_name),
            implementing_agencies=[PublicBodyFactory(name=name) for name in agencies],
            channels=[
                ProcedureChannel(sort_order=n, channel=c, time_limit=t, fee=f)
                for n, (c, t, f) in enumerate(channels)
            ],
            steps=[
                ProcedureStep(sort_order=n, title=step) for n, step in enumerate(steps)
            ],
            dossier_items=[
                DossierItem(sort_order=n, **paper) for n, paper in enumerate(papers)
            ],
            legal_bases=[
                LegalBasis(sort_order=i, number=n, title=t)
                for i, (n, t) in enumerate(bases)
            ],
            **fields,
        )

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
