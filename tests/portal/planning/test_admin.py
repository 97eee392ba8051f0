"""Editors create plans and projects in the Wagtail admin; each list's section
editors work in their own list only; webmasters keep the vocabularies."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.core.permissions import SECTION_EDITORS_PREFIX, WEBMASTERS
from portal.planning.models import Area, PlanPage, ProjectPage, Sector

from .conftest import AreaFactory, SectorFactory


def plan_form(sector, area, **overrides):
    data = {
        "title": "Quy hoạch tỉnh thời kỳ 2021–2030",
        "slug": "quy-hoach-tinh-2021-2030",
        "intro": "Định hướng phát triển không gian của tỉnh.",
        "kind": "quy-hoach",
        "status": "dang-thuc-hien",
        "sector": sector.pk,
        "period_start": "2021",
        "period_end": "2030",
        "vision_year": "2050",
        "drafted_by": "Sở Kế hoạch và Đầu tư",
        "decision_number": "489/QĐ-TTg",
        "decision_date": "2024-06-10",
        "approved_by": "Thủ tướng Chính phủ",
        "decision_page": "",
        "body": streamfield([]),
        "attachments": inline_formset([]),
        "maps": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    # A multiple choice goes as repeated values, which nested_form_data would
    # flatten into "areas-0".
    return {**nested_form_data(data), "areas": [area.pk]}


def project_form(sector, area, **overrides):
    data = {
        "title": "Nâng cấp đường tỉnh nối khu công nghiệp",
        "slug": "nang-cap-duong-tinh",
        "intro": "",
        "kind": "du-an",
        "status": "dang-thuc-hien",
        "sector": sector.pk,
        "investor": "Ban Quản lý dự án giao thông",
        "total_investment": "1234567890",
        "capital_source": "Ngân sách tỉnh",
        "location": "Huyện Văn Lâm",
        "start_date": "2025-03-01",
        "end_date": "2027-12-31",
        "progress": "45",
        "decision_number": "",
        "decision_date": "",
        "approved_by": "",
        "decision_page": "",
        "body": streamfield([]),
        "notices": inline_formset(
            [
                {
                    "title": "Gói thầu số 05: Thi công",
                    "notice_number": "",
                    "method": "Đấu thầu rộng rãi qua mạng",
                    "package_price": "412000000000",
                    "published_on": "2025-01-06",
                    "closing_at": "2025-01-27 09:00",
                    "winner": "",
                    "contract_price": "",
                    "result_date": "",
                    "note": "",
                }
            ]
        ),
        "attachments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    # A multiple choice goes as repeated values, which nested_form_data would
    # flatten into "areas-0".
    return {**nested_form_data(data), "areas": [area.pk]}


def test_editor_creates_a_plan(admin_client, lists, client):
    sector, area = SectorFactory(name="Kinh tế - xã hội"), AreaFactory(name="Toàn tỉnh")
    response = admin_client.post(
        f"/admin/pages/add/planning/planpage/{lists.plans.pk}/", plan_form(sector, area)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PlanPage.objects.get(slug="quy-hoach-tinh-2021-2030")
    assert page.live
    assert page.year == 2024
    assert page.search_text.startswith("quy hoach tinh thoi ky")
    assert list(page.areas.all()) == [area]
    assert "tầm nhìn đến năm 2050" in client.get(page.url).content.decode()


def test_the_admin_explains_a_period_that_ends_before_it_starts(admin_client, lists):
    sector, area = SectorFactory(), AreaFactory()
    response = admin_client.post(
        f"/admin/pages/add/planning/planpage/{lists.plans.pk}/",
        plan_form(sector, area, period_start="2030", period_end="2021"),
    )
    assert response.status_code == 200
    assert "Thời kỳ không thể kết thúc trước khi bắt đầu" in response.content.decode()
    assert not PlanPage.objects.filter(slug="quy-hoach-tinh-2021-2030").exists()


def test_editor_creates_a_project_with_its_bid(admin_client, lists):
    sector, area = SectorFactory(name="Giao thông"), AreaFactory(name="Huyện Văn Lâm")
    response = admin_client.post(
        f"/admin/pages/add/planning/projectpage/{lists.projects.pk}/",
        project_form(sector, area),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ProjectPage.objects.get(slug="nang-cap-duong-tinh")
    assert page.live and page.year == 2025
    assert page.total_investment == 1234567890
    notice = page.notices.get()
    assert notice.package_price == 412000000000
    assert notice.closing_at.hour == 2  # 09:00 in Hưng Yên, stored in UTC


def test_the_admin_refuses_progress_beyond_a_hundred(admin_client, lists):
    response = admin_client.post(
        f"/admin/pages/add/planning/projectpage/{lists.projects.pk}/",
        project_form(SectorFactory(), AreaFactory(), progress="120"),
    )
    assert response.status_code == 200
    assert not ProjectPage.objects.filter(slug="nang-cap-duong-tinh").exists()


@pytest.fixture
def editors(lists, django_user_model, client):
    """The groups `bootstrap_permissions` makes for the two lists, and a client
    logged in as an editor of the project list."""
    Group.objects.filter(name__startswith=SECTION_EDITORS_PREFIX).delete()
    call_command("bootstrap_permissions", stdout=io.StringIO())
    user = django_user_model.objects.create_user(
        username="btv-duan", email="btv-duan@example.vn", password="mat-khau-123456"
    )
    user.groups.add(
        Group.objects.get(name=f"{SECTION_EDITORS_PREFIX}{lists.projects.title}")
    )
    client.force_login(user)
    return client


def test_an_editor_of_another_section_cannot_touch_the_plans(editors, lists):
    sector, area = SectorFactory(), AreaFactory()
    plan_add = f"/admin/pages/add/planning/planpage/{lists.plans.pk}/"
    assert editors.get(plan_add).status_code in (302, 403)
    response = editors.post(plan_add, plan_form(sector, area))
    assert response.status_code in (302, 403)
    assert not PlanPage.objects.filter(slug="quy-hoach-tinh-2021-2030").exists()
    # In their own list they create and submit; publishing is for moderators.
    response = editors.post(
        f"/admin/pages/add/planning/projectpage/{lists.projects.pk}/",
        project_form(sector, area),
    )
    assert response.status_code == 302
    assert not ProjectPage.objects.get(slug="nang-cap-duong-tinh").live


def test_webmasters_keep_the_vocabularies(lists):
    call_command("bootstrap_permissions", stdout=io.StringIO())
    codenames = set(
        Group.objects.get(name=WEBMASTERS).permissions.values_list(
            "codename", flat=True
        )
    )
    for model in (Sector, Area):
        name = model._meta.model_name
        assert {f"add_{name}", f"change_{name}", f"delete_{name}"} <= codenames


def test_the_vocabularies_have_their_admin(admin_client):
    SectorFactory(name="Giao thông")
    response = admin_client.get("/admin/snippets/planning/sector/")
    assert response.status_code == 200
    assert "Giao thông" in response.content.decode()
    response = admin_client.post(
        "/admin/snippets/planning/area/add/", {"name": "Xã Thử Nghiệm Mới", "slug": ""}
    )
    assert response.status_code == 302
    assert Area.objects.get(name="Xã Thử Nghiệm Mới").slug == "xa-thu-nghiem-moi"
