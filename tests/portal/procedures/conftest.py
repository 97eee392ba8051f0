import copy
import functools
from types import SimpleNamespace

import pytest

from portal.procedures.models import (
    DossierItem,
    LegalBasis,
    ProcedureChannel,
    ProcedureStep,
)
from tests.factories import (
    LibraryDocumentFactory,
    ProcedureFieldFactory,
    ProcedurePageFactory,
    PublicBodyFactory,
    run_commit_callbacks,
)


@pytest.fixture
def procedure_index(portal):
    """The procedures' index page of the test's own portal."""
    return portal.procedures


def new_procedure(procedure_index, title="Thủ tục thử nghiệm", **fields):
    """Create and publish a procedure under `procedure_index`; keyword arguments
    override the defaults."""
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
        steps=[ProcedureStep(sort_order=n, title=step) for n, step in enumerate(steps)],
        dossier_items=[
            DossierItem(sort_order=n, **paper) for n, paper in enumerate(papers)
        ],
        legal_bases=[
            LegalBasis(sort_order=i, number=n, title=t)
            for i, (n, t) in enumerate(bases)
        ],
        **fields,
    )


@pytest.fixture
def make_procedure(procedure_index):
    """`new_procedure` under the test's own index page."""
    return functools.partial(new_procedure, procedure_index)


@pytest.fixture
def published_basis(portal, make_procedure):
    """A (legal document, procedure) pair where the procedure's legal basis cites a
    document the legal app has published; skips without the legal app."""
    from portal.procedures.legal import legal_document_model

    if legal_document_model() is None:
        pytest.skip("the legal app is not installed yet")
    from tests.factories import LegalDocumentPageFactory

    document = LegalDocumentPageFactory(
        parent=portal.legal, number="62/2014/QH13", title="Luật Hộ tịch thử nghiệm"
    )
    procedure = make_procedure(
        "Đăng ký khai sinh thử nghiệm", bases=[("62/2014/QH13", "Luật Hộ tịch")]
    )
    return document, procedure


ONLINE = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"


@pytest.fixture
def birth(request, make_procedure):
    """`new_birth` on the test's portal, or the one of the module's catalogue when
    the test uses it."""
    if "shared_catalogue" in request.fixturenames:
        return copy.deepcopy(request.getfixturevalue("shared_catalogue").birth)
    return new_birth(make_procedure)


def new_birth(make_procedure):
    """A commune's birth registration as the national database describes it: four
    steps, three papers (the first with a Word form), three channels, a fee."""
    form = LibraryDocumentFactory(
        title="Tờ khai đăng ký khai sinh", docx=True, text="Tờ khai"
    )
    return make_procedure(
        "Đăng ký khai sinh",
        code="9.001193",
        field_name="Hộ tịch",
        level="xa",
        online_level="toan-trinh",
        online_url=f"{ONLINE}?ma_thu_tuc=9.001193",
        dossier_count="01 bộ",
        steps=["Nộp hồ sơ", "Tiếp nhận hồ sơ", "Giải quyết", "Trả kết quả"],
        papers=[
            {"name": "Tờ khai đăng ký khai sinh", "form": form},
            {"name": "Giấy chứng sinh", "originals": 1},
            {"name": "Giấy tờ tùy thân của người đi đăng ký", "copies": 1},
        ],
        channels=[
            ("truc-tiep", "Ngay khi nhận đủ hồ sơ", "Miễn lệ phí khi đăng ký đúng hạn"),
            ("truc-tuyen", "Ngay trong ngày làm việc", "Miễn lệ phí"),
            ("buu-chinh", "03 ngày làm việc", "Miễn lệ phí"),
        ],
        bases=[("60/2014/QH13", "Luật Hộ tịch")],
    )


@pytest.fixture(scope="module")
def shared_catalogue(shared_portal, shared_db):
    """`catalogue`, built once per module (see tests/conftest.py's `shared_db`)."""
    with shared_db.unblock():
        data = build_catalogue(
            functools.partial(new_procedure, shared_portal.procedures)
        )
        run_commit_callbacks()
    return data


@pytest.fixture
def catalogue(shared_catalogue, portal, commit):
    """A copy of the module's catalogue (`build_catalogue`) for one test."""
    return copy.deepcopy(shared_catalogue)


def build_catalogue(make_procedure):
    """Procedures at every level, online level, field and channel, published and
    committed (indexed for search), as `catalogue.pages[code]`: seven at the
    commune level; three named for building permits and a repair permit whose steps
    speak of them; one agency (the justice department) with one procedure."""
    birth = new_birth(make_procedure)
    permit_steps = ["Nộp hồ sơ", "Thẩm định và kiểm tra thực địa", "Trả kết quả"]
    rows = [
        ("Đăng ký kết hôn", "9.000894", "huyen", "toan-trinh", "Hộ tịch", {}),
        (
            "Đăng ký khai sinh có yếu tố nước ngoài",
            "9.001695",
            "huyen",
            "mot-phan",
            "Hộ tịch",
            {"agencies": ["Ủy ban nhân dân cấp huyện"]},
        ),
        (
            "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            "9.009994",
            "huyen",
            "mot-phan",
            "Xây dựng",
            {
                "agencies": ["Phòng Kinh tế - Hạ tầng cấp huyện"],
                "steps": permit_steps,
            },
        ),
        (
            "Cấp giấy phép xây dựng có thời hạn",
            "9.009995",
            "huyen",
            "mot-phan",
            "Xây dựng",
            {"agencies": ["Phòng Kinh tế - Hạ tầng cấp huyện"]},
        ),
        (
            "Cấp giấy phép xây dựng công trình cấp đặc biệt",
            "9.009996",
            "tinh",
            "mot-phan",
            "Xây dựng",
            {
                "agencies": ["Sở Xây dựng"],
                "channels": [
                    ("truc-tiep", "20 ngày", ""),
                    ("buu-chinh", "20 ngày", ""),
                ],
            },
        ),
        (
            "Điều chỉnh giấy phép sửa chữa, cải tạo công trình",
            "9.009997",
            "tinh",
            "mot-phan",
            "Xây dựng",
            {
                "agencies": ["Sở Xây dựng"],
                "steps": ["Nộp hồ sơ như khi cấp giấy phép xây dựng", "Trả kết quả"],
            },
        ),
        (
            "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
            "9.000488",
            "tinh",
            "mot-phan",
            "Lý lịch tư pháp",
            {
                "agencies": ["Sở Tư pháp"],
                "channels": [
                    ("truc-tiep", "10 ngày", "200.000 đồng/lần"),
                    ("truc-tuyen", "10 ngày", "200.000 đồng/lần"),
                    ("buu-chinh", "10 ngày", "200.000 đồng/lần"),
                ],
            },
        ),
        (
            "Chứng thực chữ ký trong các giấy tờ, văn bản",
            "9.000884",
            "xa",
            "thong-tin",
            "Chứng thực",
            {"channels": [("truc-tiep", "Trong ngày", "10.000 đồng/trường hợp")]},
        ),
        ("Đăng ký khai tử", "9.000656", "xa", "toan-trinh", "Hộ tịch", {}),
        ("Đăng ký giám hộ", "9.000657", "xa", "mot-phan", "Hộ tịch", {}),
        ("Đăng ký nhận cha, mẹ, con", "9.000658", "xa", "toan-trinh", "Hộ tịch", {}),
        (
            "Chứng thực bản sao từ bản chính",
            "9.000659",
            "xa",
            "thong-tin",
            "Chứng thực",
            {},
        ),
        ("Đăng ký lại khai sinh", "9.000660", "xa", "mot-phan", "Hộ tịch", {}),
    ]
    pages = {birth.code: birth}
    for title, code, level, online_level, field_name, extra in rows:
        pages[code] = make_procedure(
            title,
            code=code,
            level=level,
            online_level=online_level,
            field_name=field_name,
            **extra,
        )
    return SimpleNamespace(
        pages=pages,
        birth=birth,
        permits=[pages[code] for code in ("9.009994", "9.009995", "9.009996")],
        repair=pages["9.009997"],
    )
