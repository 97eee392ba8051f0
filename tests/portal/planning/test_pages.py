"""What a citizen reads on a plan's and a project's page, and what the models refuse."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError

from portal.planning.models import ProcurementNotice
from portal.planning.templatetags.planning_tags import format_vnd

from .conftest import PlanPageFactory, ProjectPageFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


def json_ld(html: str) -> dict | None:
    found = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html)
    return json.loads(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1234567890, "1.234.567.890 đồng"),
        (0, "0 đồng"),
        (999, "999 đồng"),
        (1000, "1.000 đồng"),
        (None, ""),
    ],
)
def test_amounts_read_the_vietnamese_way(amount, text):
    assert format_vnd(amount) == text


def test_plan_page_shows_period_decision_map_and_json_ld(client, provincial_planning):
    response = client.get(provincial_planning.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quy hoạch tỉnh thời kỳ 2021–2030" in html
    assert "2021–2030, tầm nhìn đến năm 2050" in html
    assert "Quyết định số 489/QĐ-TTg ngày 10/06/2024 của Thủ tướng Chính phủ" in html
    assert "Đang thực hiện" in html
    assert "Toàn tỉnh" in html
    assert 'alt="Sơ đồ giao thông"' in html
    data = json_ld(html)
    assert data["@type"] == "CreativeWork"
    assert data["temporalCoverage"] == "2021/2030"
    assert data["genre"] == "Quy hoạch"
    assert data["spatialCoverage"] == [
        {"@type": "AdministrativeArea", "name": "Toàn tỉnh"}
    ]
    assert data["datePublished"] == "2024-06-10"


def test_decision_links_to_its_page_when_chosen(client, lists, portal):
    decision = PlanPageFactory(parent=lists.plans, title="Trang quyết định")
    plan = PlanPageFactory(
        parent=lists.plans,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 1, 2),
        decision_page=decision,
    )
    html = client.get(plan.url).content.decode()
    assert (
        f'<a href="{decision.url}">Quyết định số 12/QĐ-UBND ngày 02/01/2025</a>' in html
    )
    # Unpublished, the decision reads as plain text.
    decision.unpublish()
    html = client.get(plan.url).content.decode()
    assert f'href="{decision.url}"' not in html
    assert "Quyết định số 12/QĐ-UBND ngày 02/01/2025" in html


def test_project_page_shows_money_progress_and_bids(client, road_project):
    response = client.get(road_project.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1.234.567.890 đồng" in html
    assert "Ngân sách tỉnh" in html
    assert "từ 01/03/2025 đến 31/12/2027" in html
    assert '<progress id="planning-progress" max="100" value="45">' in html
    assert "Gói thầu số 05: Thi công xây dựng" in html
    assert "412.000.000.000 đồng" in html
    # 02:00 UTC is 09:00 in Hưng Yên.
    assert "09:00 27/01/2025" in html
    assert "Liên danh nhà thầu thử nghiệm" in html
    assert "398.750.000.000 đồng" in html
    assert "Phê duyệt ngày 20/02/2025" in html
    assert "Chưa công bố" in html  # the second package has no result yet
    data = json_ld(html)
    assert data["@type"] == "Project"
    assert data["funder"] == {
        "@type": "Organization",
        "name": "Ban Quản lý dự án thử nghiệm",
    }
    assert data["foundingDate"] == "2025-03-01"


def test_a_bid_package_claims_no_schema_org_type(client, lists):
    package = ProjectPageFactory(parent=lists.projects, kind="goi-thau")
    html = client.get(package.url).content.decode()
    assert "Gói thầu" in html
    assert json_ld(html) is None


def test_year_follows_the_decision_or_the_start(lists):
    draft = PlanPageFactory(parent=lists.plans, period_start=2026, period_end=2040)
    assert draft.year == 2026
    approved = PlanPageFactory(
        parent=lists.plans,
        decision_number="1/QĐ-UBND",
        decision_date=datetime.date(2024, 6, 10),
    )
    assert approved.year == 2024
    project = ProjectPageFactory(
        parent=lists.projects,
        start_date=None,
        decision_number="2/QĐ-UBND",
        decision_date=datetime.date(2023, 5, 1),
    )
    assert project.year == 2023


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"period_start": 2030, "period_end": 2021}, "period_end"),
        ({"vision_year": 2025}, "vision_year"),
        ({"decision_date": datetime.date(2024, 1, 1)}, "decision_number"),
        ({"period_start": 1800}, "period_start"),
    ],
)
def test_a_plan_refuses_what_cannot_be(lists, fields, field):
    plan = PlanPageFactory.build(**fields)
    with pytest.raises(ValidationError) as error:
        plan.full_clean(exclude=["path", "depth"])
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {
                "start_date": datetime.date(2026, 1, 1),
                "end_date": datetime.date(2025, 1, 1),
            },
            "end_date",
        ),
        ({"progress": 120}, "progress"),
    ],
)
def test_a_project_refuses_what_cannot_be(lists, fields, field):
    project = ProjectPageFactory.build(**fields)
    with pytest.raises(ValidationError) as error:
        project.full_clean(exclude=["path", "depth"])
    assert field in error.value.message_dict


def test_a_notice_refuses_a_result_without_date_and_closing_before_notice():
    notice = ProcurementNotice(title="Gói thầu", winner="Nhà thầu A")
    with pytest.raises(ValidationError) as error:
        notice.clean()
    assert "result_date" in error.value.message_dict
    notice = ProcurementNotice(
        title="Gói thầu",
        published_on=datetime.date(2025, 2, 1),
        closing_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError) as error:
        notice.clean()
    assert "closing_at" in error.value.message_dict


def test_sitemap_and_api_know_plans_and_projects(
    client, provincial_planning, road_project
):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert provincial_planning.url in sitemap
    assert road_project.url in sitemap
    response = client.get(
        "/api/v2/pages/",
        {
            "type": "planning.ProjectPage",
            "fields": "total_investment,progress,areas,notices",
        },
    )
    assert response.status_code == 200, response.content[:500]
    (item,) = [i for i in response.json()["items"] if i["id"] == road_project.pk]
    assert item["total_investment"] == 1234567890
    assert item["progress"] == 45
    assert item["areas"] == [{"name": "Huyện Văn Lâm", "slug": "huyen-van-lam"}]
    assert [n["title"] for n in item["notices"]] == [
        "Gói thầu số 05: Thi công xây dựng",
        "Gói thầu số 06: Tư vấn giám sát",
    ]
