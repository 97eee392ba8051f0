"""Demo content: the plan list at /quy-hoach-ke-hoach/ and the project list at
/du-an-dau-tu/, on the province's portal and on each member portal. Idempotent:
a page already there is left as an editor may have changed it.

The provincial planning and its approval are public facts; the other plans and
the projects are examples in the demo's style, without invented decision numbers.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from portal.core.demo_utils import ensure_child, ensure_demo_image
from search.text import vietnamese_slug

from .models import (
    Area,
    PlanAttachment,
    PlanIndexPage,
    PlanMap,
    PlanPage,
    ProcurementNotice,
    ProjectAttachment,
    ProjectIndexPage,
    ProjectPage,
    Sector,
)

TZ = datetime.timezone(datetime.timedelta(hours=7))

PLAN_INDEX = (
    "quy-hoach-ke-hoach",
    "Chiến lược, quy hoạch, kế hoạch",
    "Chiến lược, quy hoạch và kế hoạch phát triển kinh tế - xã hội, sử dụng đất, "
    "xây dựng và các ngành: thời kỳ, quyết định phê duyệt, hồ sơ và bản đồ.",
)
PROJECT_INDEX = (
    "du-an-dau-tu",
    "Dự án đầu tư, đấu thầu, mua sắm công",
    "Dự án đầu tư công, gói thầu và mua sắm công: chủ đầu tư, tổng mức đầu tư, "
    "nguồn vốn, tiến độ, thông báo mời thầu và kết quả lựa chọn nhà thầu.",
)


def ensure_index_pages(home: Page) -> Iterator[Page]:
    """The two list pages under `home` (created and published if missing)."""
    for model, (slug, title, intro) in (
        (PlanIndexPage, PLAN_INDEX),
        (ProjectIndexPage, PROJECT_INDEX),
    ):
        yield ensure_child(home, model, slug, title=title, intro=intro)


def p(*paragraphs: str) -> list:
    return [("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))]


def summary_docx(title: str, lines: list[str]) -> bytes:
    """A short Word document in the layout of an administrative report."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title.upper()).bold = True
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ensure_document(title: str, lines: list[str]):
    """A Wagtail document made on the spot (no binary in git), found by title."""
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    name = f"{vietnamese_slug(title, max_length=80)}.docx"
    document = model(
        title=title, file=ContentFile(summary_docx(title, lines), name=name)
    )
    document._set_document_file_metadata()
    document.save()
    return document


def taxonomy(model, name: str):
    found = model.objects.filter(name=name).first()
    return found or model.objects.create(name=name)


PROVINCIAL_PLANNING = {
    "slug": "quy-hoach-tinh-thoi-ky-2021-2030",
    "title": "Quy hoạch tỉnh Hưng Yên thời kỳ 2021–2030, tầm nhìn đến năm 2050",
    "intro": (
        "Quy hoạch tỉnh định hướng không gian phát triển, hạ tầng, sử dụng đất và "
        "bảo vệ môi trường của toàn tỉnh đến năm 2030, với tầm nhìn đến năm 2050."
    ),
    "kind": "quy-hoach",
    "status": "dang-thuc-hien",
    "sector": "Kinh tế - xã hội",
    "areas": ["Toàn tỉnh"],
    "period_start": 2021,
    "period_end": 2030,
    "vision_year": 2050,
    "drafted_by": "Sở Kế hoạch và Đầu tư",
    "decision_number": "489/QĐ-TTg",
    "decision_date": datetime.date(2024, 6, 10),
    "approved_by": "Thủ tướng Chính phủ",
    "body": p(
        "Nhiệm vụ lập quy hoạch được Thủ tướng Chính phủ phê duyệt tại Quyết định số "
        "870/QĐ-TTg ngày 19/06/2020. Hồ sơ dự thảo được đăng trên Cổng thông tin điện "
        "tử tỉnh để cơ quan, tổ chức và người dân góp ý từ ngày 03/03/2022 đến ngày "
        "04/04/2022.",
        "Theo quy hoạch, đến năm 2030 Hưng Yên phấn đấu trở thành tỉnh công nghiệp "
        "hiện đại, thuộc nhóm dẫn đầu cả nước về quy mô kinh tế; đến năm 2050 trở "
        "thành thành phố trực thuộc Trung ương, thông minh, xanh và văn minh.",
    ),
    "documents": [
        (
            "Tóm tắt Quy hoạch tỉnh Hưng Yên thời kỳ 2021–2030",
            [
                "Quy hoạch được phê duyệt tại Quyết định số 489/QĐ-TTg ngày "
                "10/06/2024 của Thủ tướng Chính phủ.",
                "Phạm vi: toàn bộ địa giới hành chính của tỉnh.",
            ],
        )
    ],
    "maps": [
        ("Sơ đồ phương án phát triển hạ tầng giao thông", (20, 90, 60)),
        ("Sơ đồ phương án phân bổ sử dụng đất", (160, 110, 30)),
    ],
}

EXAMPLE_PLANS = [
    {
        "slug": "ke-hoach-chuyen-doi-so-2026",
        "title": "Kế hoạch chuyển đổi số của tỉnh năm 2026",
        "intro": (
            "Mục tiêu, nhiệm vụ và phân công thực hiện chuyển đổi số trong cơ quan nhà "
            "nước, doanh nghiệp và cộng đồng trong năm 2026."
        ),
        "kind": "ke-hoach",
        "status": "dang-thuc-hien",
        "sector": "Chuyển đổi số",
        "areas": ["Toàn tỉnh"],
        "period_start": 2026,
        "period_end": 2026,
        "drafted_by": "Sở Khoa học và Công nghệ",
        "body": p(
            "Kế hoạch đặt mục tiêu đưa toàn bộ thủ tục hành chính đủ điều kiện lên dịch "
            "vụ công trực tuyến toàn trình và số hóa hồ sơ, kết quả giải quyết thủ tục.",
        ),
    },
    {
        "slug": "du-thao-quy-hoach-chung-do-thi-van-giang",
        "title": "Dự thảo điều chỉnh quy hoạch chung đô thị Văn Giang",
        "intro": (
            "Lấy ý kiến cơ quan, tổ chức và cộng đồng dân cư về dự thảo điều chỉnh quy "
            "hoạch chung đô thị Văn Giang đến năm 2040."
        ),
        "kind": "quy-hoach",
        "status": "dang-lay-y-kien",
        "sector": "Xây dựng - Đô thị",
        "areas": ["Huyện Văn Giang"],
        "period_start": 2026,
        "period_end": 2040,
        "drafted_by": "Sở Xây dựng",
        "body": p(
            "Ý kiến góp ý gửi về Sở Xây dựng bằng văn bản hoặc qua trang Lấy ý kiến dự "
            "thảo của Cổng thông tin điện tử tỉnh.",
        ),
    },
    {
        "slug": "chien-luoc-phat-trien-nong-nghiep-xanh",
        "title": "Chiến lược phát triển nông nghiệp xanh, tuần hoàn đến năm 2030",
        "intro": (
            "Định hướng phát triển vùng cây ăn quả đặc sản, chăn nuôi an toàn sinh học "
            "và nông nghiệp ứng dụng công nghệ cao."
        ),
        "kind": "chien-luoc",
        "status": "da-phe-duyet",
        "sector": "Nông nghiệp",
        "areas": ["Huyện Khoái Châu", "Thành phố Hưng Yên"],
        "period_start": 2025,
        "period_end": 2030,
        "drafted_by": "Sở Nông nghiệp và Môi trường",
        "body": p("Chiến lược ưu tiên nhãn lồng, cam, bưởi và cây dược liệu."),
    },
    {
        "slug": "ke-hoach-su-dung-dat-2020",
        "title": "Kế hoạch sử dụng đất năm 2020 của tỉnh",
        "intro": "Chỉ tiêu sử dụng đất và danh mục công trình, dự án năm 2020.",
        "kind": "ke-hoach",
        "status": "het-hieu-luc",
        "sector": "Đất đai",
        "areas": ["Toàn tỉnh"],
        "period_start": 2020,
        "period_end": 2020,
        "drafted_by": "Sở Tài nguyên và Môi trường",
        "body": p("Kế hoạch đã hết thời kỳ thực hiện; đăng lại để tra cứu."),
    },
]

EXAMPLE_PROJECTS = [
    {
        "slug": "cai-tao-duong-tinh-ket-noi-khu-cong-nghiep",
        "title": "Cải tạo, nâng cấp đường tỉnh kết nối các khu công nghiệp phía bắc",
        "intro": (
            "Mở rộng mặt đường lên bốn làn xe, xây dựng hệ thống thoát nước và chiếu "
            "sáng trên tuyến nối các khu công nghiệp với quốc lộ 5."
        ),
        "kind": "du-an",
        "status": "dang-thuc-hien",
        "sector": "Giao thông",
        "areas": ["Huyện Văn Lâm", "Thị xã Mỹ Hào"],
        "investor": "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
        "total_investment": 1_234_567_890_000,
        "capital_source": "Ngân sách tỉnh",
        "location": "Huyện Văn Lâm và thị xã Mỹ Hào",
        "start_date": datetime.date(2025, 3, 1),
        "end_date": datetime.date(2027, 12, 31),
        "progress": 45,
        "body": p(
            "Dự án chia thành hai gói thầu xây lắp và một gói thầu tư vấn giám sát."
        ),
        "notices": [
            {
                "title": "Gói thầu số 05: Thi công xây dựng đoạn Km0 – Km6",
                "method": "Đấu thầu rộng rãi qua mạng",
                "package_price": 412_000_000_000,
                "published_on": datetime.date(2025, 1, 6),
                "closing_at": datetime.datetime(2025, 1, 27, 9, 0, tzinfo=TZ),
                "winner": "Liên danh các nhà thầu xây dựng giao thông",
                "contract_price": 398_750_000_000,
                "result_date": datetime.date(2025, 2, 20),
            },
            {
                "title": "Gói thầu số 06: Tư vấn giám sát thi công",
                "method": "Chào hàng cạnh tranh qua mạng",
                "package_price": 4_850_000_000,
                "published_on": datetime.date(2026, 11, 20),
                "closing_at": datetime.datetime(2026, 12, 15, 9, 0, tzinfo=TZ),
            },
        ],
    },
    {
        "slug": "xay-dung-benh-vien-da-khoa-khu-vuc",
        "title": "Xây dựng mới khối điều trị nội trú Bệnh viện Đa khoa tỉnh",
        "intro": "Khối nhà 9 tầng với 500 giường bệnh và hệ thống trang thiết bị đồng bộ.",
        "kind": "du-an",
        "status": "chuan-bi-dau-tu",
        "sector": "Y tế",
        "areas": ["Thành phố Hưng Yên"],
        "investor": "Sở Y tế",
        "total_investment": 685_000_000_000,
        "capital_source": "Ngân sách trung ương hỗ trợ và ngân sách tỉnh",
        "location": "Thành phố Hưng Yên",
        "start_date": datetime.date(2026, 10, 1),
        "progress": 0,
    },
    {
        "slug": "mua-sam-thiet-bi-day-hoc-lop-6",
        "title": "Mua sắm thiết bị dạy học tối thiểu lớp 6 cho các trường trung học cơ sở",
        "intro": "Mua sắm tập trung thiết bị dạy học theo Chương trình giáo dục phổ thông.",
        "kind": "mua-sam",
        "status": "hoan-thanh",
        "sector": "Giáo dục",
        "areas": ["Toàn tỉnh"],
        "investor": "Sở Giáo dục và Đào tạo",
        "total_investment": 38_500_000_000,
        "capital_source": "Ngân sách tỉnh",
        "start_date": datetime.date(2024, 5, 15),
        "end_date": datetime.date(2024, 8, 30),
        "progress": 100,
        "notices": [
            {
                "title": "Mua sắm thiết bị dạy học lớp 6",
                "method": "Đấu thầu rộng rãi qua mạng",
                "package_price": 38_500_000_000,
                "published_on": datetime.date(2024, 5, 20),
                "closing_at": datetime.datetime(2024, 6, 10, 9, 30, tzinfo=TZ),
                "winner": "Công ty cổ phần thiết bị giáo dục",
                "contract_price": 36_912_400_000,
                "result_date": datetime.date(2024, 7, 2),
            }
        ],
    },
    {
        "slug": "goi-thau-so-hoa-ho-so-dat-dai",
        "title": "Gói thầu số hóa hồ sơ địa chính các xã",
        "intro": "Quét, số hóa và cập nhật cơ sở dữ liệu đất đai của các xã trong tỉnh.",
        "kind": "goi-thau",
        "status": "dang-thuc-hien",
        "sector": "Đất đai",
        "areas": ["Huyện Yên Mỹ", "Huyện Khoái Châu"],
        "investor": "Văn phòng Đăng ký đất đai tỉnh",
        "total_investment": 12_600_000_000,
        "capital_source": "Ngân sách tỉnh",
        "start_date": datetime.date(2026, 4, 1),
        "end_date": datetime.date(2027, 3, 31),
        "progress": 30,
    },
]


def ensure_page(index: Page, model, spec: dict, **rows) -> Page:
    """The page of `spec` under `index`, with its inline `rows`, made and
    published if missing."""
    existing = index.get_children().filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing.specific
    fields = {
        key: value
        for key, value in spec.items()
        if key not in {"sector", "areas", "documents", "maps", "notices"}
    }
    page = model(sector=taxonomy(Sector, spec["sector"]), **fields, **rows)
    page.areas = [taxonomy(Area, name) for name in spec["areas"]]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_plan(index: PlanIndexPage, spec: dict) -> PlanPage:
    return ensure_page(
        index,
        PlanPage,
        spec,
        attachments=[
            PlanAttachment(document=ensure_document(title, lines))
            for title, lines in spec.get("documents", [])
        ],
        maps=[
            PlanMap(image=ensure_demo_image(caption, colour=colour), caption=caption)
            for caption, colour in spec.get("maps", [])
        ],
    )


def ensure_project(index: ProjectIndexPage, spec: dict) -> ProjectPage:
    summary = ensure_document(
        f"Thông tin dự án: {spec['title']}",
        [spec["intro"], f"Chủ đầu tư: {spec['investor']}."],
    )
    return ensure_page(
        index,
        ProjectPage,
        spec,
        notices=[ProcurementNotice(**notice) for notice in spec.get("notices", [])],
        attachments=[ProjectAttachment(document=summary)],
    )


def load_demo(command, home) -> None:
    plans, projects = ensure_index_pages(home)
    if not isinstance(plans, PlanIndexPage) or not isinstance(
        projects, ProjectIndexPage
    ):
        command.stdout.write(
            "  planning: /quy-hoach-ke-hoach/ hoặc /du-an-dau-tu/ đã có và không phải "
            "trang danh sách; bỏ qua dữ liệu mẫu."
        )
        return
    for spec in [PROVINCIAL_PLANNING, *EXAMPLE_PLANS]:
        ensure_plan(plans, spec)
    for spec in EXAMPLE_PROJECTS:
        ensure_project(projects, spec)
    command.stdout.write(
        f"  planning: {len(EXAMPLE_PLANS) + 1} quy hoạch, kế hoạch; "
        f"{len(EXAMPLE_PROJECTS)} dự án, gói thầu"
    )


MEMBER_PROJECT = {
    "slug": "nang-cap-duong-truc-xa",
    "title": "Nâng cấp đường trục xã, huyện Văn Lâm",
    "intro": "Mở rộng mặt đường, làm rãnh thoát nước và vỉa hè đường trục xã.",
    "kind": "du-an",
    "status": "dang-thuc-hien",
    "sector": "Giao thông",
    "areas": ["Huyện Văn Lâm"],
    "investor": "Ủy ban nhân dân huyện Văn Lâm",
    "total_investment": 14_750_000_000,
    "capital_source": "Ngân sách huyện",
    "location": "Huyện Văn Lâm",
    "start_date": datetime.date(2026, 2, 15),
    "end_date": datetime.date(2027, 1, 31),
    "progress": 60,
}


def load_member_demo(command) -> None:
    """A district's own project on its member portal (Văn Lâm)."""
    member = Site.objects.filter(hostname__startswith="vanlam").first()
    if member is None:
        return
    index = ProjectIndexPage.objects.descendant_of(member.root_page).first()
    if index is None:
        return
    ensure_project(index, MEMBER_PROJECT)
    command.stdout.write("  planning: một dự án của huyện Văn Lâm trên cổng của huyện")
