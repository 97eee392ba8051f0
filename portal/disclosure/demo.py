"""Demo content: /cong-khai-ngan-sach/ with figures and reports, /thong-ke/ with four
indicators and /du-lieu-mo/. The figures are invented for the demo (the pages say
so); the tables attached to reports are small XLSX files made here, so that no
binary lives in git."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from portal.core.demo_utils import ensure_child
from portal.core.models import PortalSettings
from search.text import vietnamese_slug

from .models import (
    BudgetFigure,
    BudgetIndexPage,
    BudgetPeriod,
    BudgetReportAttachment,
    BudgetReportPage,
    IndicatorPage,
    IndicatorValue,
    OpenDataPage,
    StatisticsIndexPage,
)

ILLUSTRATIVE = (
    "Số liệu trên trang là số liệu minh họa của cổng thông tin mẫu, không phải số "
    "liệu chính thức."
)

#: year, revenue, expenditure, investment (tỷ đồng), note.
PROVINCE_FIGURES = [
    (2022, "29850.4", "24120.7", "11340.2", "Quyết toán"),
    (2023, "31206.9", "25987.3", "12518.6", "Quyết toán"),
    (2024, "33480.0", "27654.1", "13972.5", "Ước thực hiện"),
    (2025, "35100.0", "29230.8", "14860.0", "Dự toán"),
]

#: year, period, decision number, day of disclosure.
PROVINCE_REPORTS = [
    (2025, BudgetPeriod.ESTIMATE, "4512/QĐ-UBND", (2024, 12, 27)),
    (2025, BudgetPeriod.QUARTER_1, "118/BC-UBND", (2025, 4, 14)),
    (2025, BudgetPeriod.SIX_MONTHS, "236/BC-UBND", (2025, 7, 15)),
    (2025, BudgetPeriod.QUARTER_3, "341/BC-UBND", (2025, 10, 13)),
    (2024, BudgetPeriod.ESTIMATE, "3987/QĐ-UBND", (2023, 12, 26)),
    (2024, BudgetPeriod.YEAR, "27/BC-UBND", (2025, 1, 20)),
    (2023, BudgetPeriod.FINAL, "2210/QĐ-UBND", (2024, 12, 18)),
]

PERIOD_TITLES = {
    BudgetPeriod.ESTIMATE: "Công khai dự toán ngân sách địa phương năm {year}",
    BudgetPeriod.QUARTER_1: "Tình hình thực hiện dự toán ngân sách quý I năm {year}",
    BudgetPeriod.QUARTER_2: "Tình hình thực hiện dự toán ngân sách quý II năm {year}",
    BudgetPeriod.SIX_MONTHS: "Tình hình thực hiện dự toán ngân sách 6 tháng đầu năm {year}",
    BudgetPeriod.QUARTER_3: "Tình hình thực hiện dự toán ngân sách 9 tháng năm {year}",
    BudgetPeriod.QUARTER_4: "Tình hình thực hiện dự toán ngân sách quý IV năm {year}",
    BudgetPeriod.YEAR: "Tình hình thực hiện dự toán ngân sách năm {year}",
    BudgetPeriod.FINAL: "Công khai quyết toán ngân sách địa phương năm {year}",
}

#: (name, field, unit, source, decimals, values: (year, quarter, value)).
INDICATORS = [
    (
        "Dân số trung bình",
        "Dân số và lao động",
        "nghìn người",
        "Thống kê tỉnh (số liệu minh họa)",
        1,
        [(2021, None, "1290.6"), (2022, None, "1302.4"), (2023, None, "1313.9")]
        + [(2024, None, "1325.2"), (2025, None, "1336.8")],
    ),
    (
        "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)",
        "Kinh tế",
        "%",
        "Thống kê tỉnh (số liệu minh họa)",
        2,
        [(2021, None, "7.52"), (2022, None, "8.63"), (2023, None, "7.84")]
        + [(2024, None, "8.12"), (2025, None, "8.40")],
    ),
    (
        "Thu nhập bình quân đầu người một tháng",
        "Dân số và lao động",
        "nghìn đồng",
        "Khảo sát mức sống dân cư (số liệu minh họa)",
        0,
        [(2021, None, "4820"), (2022, None, "5310"), (2023, None, "5760")]
        + [(2024, None, "6190")],
    ),
    (
        "Chỉ số sản xuất công nghiệp so với cùng kỳ năm trước",
        "Kinh tế",
        "%",
        "Thống kê tỉnh (số liệu minh họa)",
        1,
        [(2024, 1, "108.2"), (2024, 2, "109.1"), (2024, 3, "110.4")]
        + [(2024, 4, "111.0"), (2025, 1, "109.6"), (2025, 2, "110.8")],
    ),
]


def table_xlsx(title: str, rows: list[tuple[str, str, str]]) -> bytes:
    """A disclosure table (biểu mẫu) as a small spreadsheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bieu"
    sheet.append([title])
    sheet.append(["STT", "Nội dung", "Số tiền (triệu đồng)"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ensure_table(title: str, filename: str, total: Decimal):
    """A Wagtail document holding the report's table (idempotent by title)."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    millions = total * 1000
    rows = [
        ("A", "Tổng thu ngân sách nhà nước trên địa bàn", f"{millions:.0f}"),
        ("I", "Thu nội địa", f"{millions * Decimal('0.82'):.0f}"),
        ("II", "Thu từ hoạt động xuất nhập khẩu", f"{millions * Decimal('0.18'):.0f}"),
        ("B", "Tổng chi ngân sách địa phương", f"{millions * Decimal('0.81'):.0f}"),
    ]
    document = document_model(
        title=title, file=ContentFile(table_xlsx(title, rows), name=filename)
    )
    document._set_document_file_metadata()
    document.save()
    return document


def ensure_budget(home: Page, figures, reports, body_name: str) -> BudgetIndexPage:
    index = ensure_child(
        home,
        BudgetIndexPage,
        "cong-khai-ngan-sach",
        title="Công khai ngân sách",
        intro=(
            "Dự toán, tình hình thực hiện và quyết toán ngân sách địa phương được công "
            "khai theo quy định của Luật Ngân sách nhà nước. " + ILLUSTRATIVE
        ),
    )
    if not isinstance(index, BudgetIndexPage):
        return index
    if not index.figures.exists():
        index.figures = [
            BudgetFigure(
                sort_order=position,
                year=year,
                revenue=Decimal(revenue),
                expenditure=Decimal(expenditure),
                investment=Decimal(investment),
                note=note,
            )
            for position, (year, revenue, expenditure, investment, note) in enumerate(
                figures
            )
        ]
        index.save_revision().publish()
    totals = {year: Decimal(revenue) for year, revenue, *_rest in figures}
    for year, period, number, day in reports:
        title = PERIOD_TITLES[period].format(year=year)
        slug = f"{period}-{year}"
        if index.get_children().filter(slug=slug).exists():
            continue
        table = ensure_table(
            f"Biểu công khai - {title} ({body_name})",
            f"bieu-{slug}.xlsx",
            totals.get(year, Decimal("1000")),
        )
        ensure_child(
            index,
            BudgetReportPage,
            slug,
            title=title,
            year=year,
            period=period,
            decision_number=number,
            disclosed_on=datetime.date(*day),
            intro=(
                f"{body_name} công khai số liệu {title[0].lower()}{title[1:]} kèm "
                "các biểu mẫu theo quy định."
            ),
            attachments=[BudgetReportAttachment(document=table)],
        )
    return index


def ensure_statistics(home: Page) -> None:
    index = ensure_child(
        home,
        StatisticsIndexPage,
        "thong-ke",
        title="Thống kê",
        intro=(
            "Các chỉ tiêu thống kê chủ yếu của tỉnh theo năm và theo quý, kèm biểu "
            "đồ, bảng số liệu và tệp CSV để tải về. " + ILLUSTRATIVE
        ),
    )
    if not isinstance(index, StatisticsIndexPage):
        return
    for name, field, unit, source, decimals, values in INDICATORS:
        ensure_child(
            index,
            IndicatorPage,
            vietnamese_slug(name, max_length=80),
            title=name,
            field=field,
            unit=unit,
            source=source,
            decimals=decimals,
            values=[
                IndicatorValue(
                    sort_order=position, year=year, quarter=quarter, value=Decimal(v)
                )
                for position, (year, quarter, v) in enumerate(values)
            ],
        )


def load_demo(command, home) -> None:
    ensure_budget(home, PROVINCE_FIGURES, PROVINCE_REPORTS, "Ủy ban nhân dân tỉnh")
    ensure_statistics(home)
    ensure_child(
        home,
        OpenDataPage,
        "du-lieu-mo",
        title="Dữ liệu mở",
        intro=(
            "Dữ liệu do cổng thông tin công bố, tạo trực tiếp từ nội dung đang đăng: "
            "tải về dưới dạng CSV hoặc JSON để sử dụng lại."
        ),
    )
    command.stdout.write(
        "  disclosure: công khai ngân sách, thống kê "
        f"({IndicatorPage.objects.count()} chỉ tiêu), dữ liệu mở"
    )


#: A member portal's own figures: a district's budget is a fraction of the
#: province's.
MEMBER_FIGURES = [
    (2024, "1860.5", "1420.3", "612.8", "Ước thực hiện"),
    (2025, "1985.0", "1510.6", "655.0", "Dự toán"),
]
MEMBER_REPORTS = [(2025, BudgetPeriod.ESTIMATE, "1021/QĐ-UBND", (2024, 12, 30))]


def load_member_demo(command) -> None:
    """Each member portal's budget page (made by member_site_sections) with its
    own figures and an estimate report."""
    for site in Site.objects.filter(is_default_site=False).select_related("root_page"):
        index = BudgetIndexPage.objects.child_of(site.root_page).first()
        if index is None:
            continue
        owner = PortalSettings.for_site(site).owner_name or site.site_name
        ensure_budget(site.root_page, MEMBER_FIGURES, MEMBER_REPORTS, owner)
