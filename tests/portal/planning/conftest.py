"""The plan and project lists of the test's own portal, and factories for what
the tests assert on."""

import datetime
from types import SimpleNamespace

import factory
import pytest

from portal.planning.models import (
    Area,
    PlanIndexPage,
    PlanPage,
    ProcurementNotice,
    ProjectIndexPage,
    ProjectPage,
    Sector,
)
from tests.factories import PublishedPageFactory, TaxonomyFactory


class SectorFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực quy hoạch {n}")

    class Meta:
        model = Sector


class AreaFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Địa bàn thử nghiệm {n}")

    class Meta:
        model = Area


class PlanIndexPageFactory(PublishedPageFactory):
    title = "Chiến lược, quy hoạch, kế hoạch"
    slug = "quy-hoach-ke-hoach"

    class Meta:
        model = PlanIndexPage


class ProjectIndexPageFactory(PublishedPageFactory):
    title = "Dự án đầu tư, đấu thầu, mua sắm công"
    slug = "du-an-dau-tu"

    class Meta:
        model = ProjectIndexPage


class PlanPageFactory(PublishedPageFactory):
    """A published provincial plan for 2021–2030 in its own field."""

    title = "Kế hoạch thử nghiệm"
    slug = factory.Sequence(lambda n: f"ke-hoach-thu-nghiem-{n}")
    kind = "ke-hoach"
    status = "da-phe-duyet"
    sector = factory.SubFactory(SectorFactory, name="Kinh tế - xã hội")
    period_start = 2021
    period_end = 2030

    class Meta:
        model = PlanPage


class ProjectPageFactory(PublishedPageFactory):
    """A published project under way, started in 2025."""

    title = "Dự án thử nghiệm"
    slug = factory.Sequence(lambda n: f"du-an-thu-nghiem-{n}")
    kind = "du-an"
    status = "dang-thuc-hien"
    sector = factory.SubFactory(SectorFactory, name="Giao thông")
    investor = "Ban Quản lý dự án thử nghiệm"
    start_date = datetime.date(2025, 3, 1)

    class Meta:
        model = ProjectPage


@pytest.fixture
def lists(portal):
    """The two list pages under the test portal's home page."""
    return SimpleNamespace(
        plans=PlanIndexPageFactory(parent=portal.home),
        projects=ProjectIndexPageFactory(parent=portal.home),
    )


@pytest.fixture
def provincial_planning(lists):
    """The provincial planning 2021–2030, approved by a decision, for the whole
    province, with a map."""
    from wagtail_factories import ImageFactory

    from portal.planning.models import PlanMap

    return PlanPageFactory(
        parent=lists.plans,
        title="Quy hoạch tỉnh thời kỳ 2021–2030, tầm nhìn đến năm 2050",
        slug="quy-hoach-tinh",
        intro="Định hướng phát triển không gian của toàn tỉnh.",
        kind="quy-hoach",
        status="dang-thuc-hien",
        vision_year=2050,
        decision_number="489/QĐ-TTg",
        decision_date=datetime.date(2024, 6, 10),
        approved_by="Thủ tướng Chính phủ",
        areas=[AreaFactory(name="Toàn tỉnh")],
        maps=[PlanMap(image=ImageFactory(title="Sơ đồ"), caption="Sơ đồ giao thông")],
    )


@pytest.fixture
def road_project(lists):
    """A road project with one bid package awarded and one open."""
    return ProjectPageFactory(
        parent=lists.projects,
        title="Nâng cấp đường tỉnh nối khu công nghiệp",
        slug="nang-cap-duong-tinh",
        intro="Mở rộng mặt đường lên bốn làn xe.",
        total_investment=1234567890,
        capital_source="Ngân sách tỉnh",
        location="Huyện Văn Lâm",
        end_date=datetime.date(2027, 12, 31),
        progress=45,
        areas=[AreaFactory(name="Huyện Văn Lâm")],
        notices=[
            ProcurementNotice(
                sort_order=0,
                title="Gói thầu số 05: Thi công xây dựng",
                method="Đấu thầu rộng rãi qua mạng",
                package_price=412000000000,
                published_on=datetime.date(2025, 1, 6),
                closing_at=datetime.datetime(2025, 1, 27, 2, 0, tzinfo=datetime.UTC),
                winner="Liên danh nhà thầu thử nghiệm",
                contract_price=398750000000,
                result_date=datetime.date(2025, 2, 20),
            ),
            ProcurementNotice(
                sort_order=1,
                title="Gói thầu số 06: Tư vấn giám sát",
                published_on=datetime.date(2026, 11, 20),
            ),
        ],
    )
