from decimal import Decimal

import pytest

from portal.disclosure.models import (
    BudgetFigure,
    BudgetIndexPage,
    BudgetReportPage,
    IndicatorPage,
    IndicatorValue,
    OpenDataPage,
    StatisticsIndexPage,
)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def budget(portal):
    """A budget page with the figures of two years."""
    return publish(
        portal.home,
        BudgetIndexPage(
            title="Công khai ngân sách",
            slug="cong-khai-ngan-sach",
            intro="Dự toán, thực hiện và quyết toán ngân sách tỉnh.",
            figures=[
                BudgetFigure(
                    year=2024,
                    revenue=Decimal("33480.0"),
                    expenditure=Decimal("27654.1"),
                    investment=Decimal("13972.5"),
                    note="Ước thực hiện",
                ),
                BudgetFigure(
                    year=2023,
                    revenue=Decimal("31206.9"),
                    expenditure=Decimal("25987.3"),
                    investment=None,
                ),
            ],
        ),
    )


@pytest.fixture
def make_report(budget):
    def make(year, period, title=None, **fields):
        return publish(
            budget,
            BudgetReportPage(
                title=title or f"Báo cáo {period} năm {year}",
                slug=f"{period}-{year}",
                year=year,
                period=period,
                **fields,
            ),
        )

    return make


@pytest.fixture
def statistics(portal):
    return publish(portal.home, StatisticsIndexPage(title="Thống kê", slug="thong-ke"))


@pytest.fixture
def make_indicator(statistics):
    def make(title, values, field="Dân số", unit="nghìn người", **fields):
        return publish(
            statistics,
            IndicatorPage(
                title=title,
                field=field,
                unit=unit,
                values=[
                    IndicatorValue(year=year, quarter=quarter, value=Decimal(value))
                    for year, quarter, value in values
                ],
                **fields,
            ),
        )

    return make


@pytest.fixture
def open_data(portal):
    return publish(portal.home, OpenDataPage(title="Dữ liệu mở", slug="du-lieu-mo"))
