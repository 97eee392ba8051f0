"""The organisation chart as nested lists and each body's page under it."""

import datetime
import json
import re

import pytest

from portal.core.models import PortalSettings
from portal.organisation.models import OrganisationChartPage
from tests.factories import (
    HomePageFactory,
    LegalDocumentPageFactory,
    NewsPageFactory,
)

pytestmark = pytest.mark.usefixtures("shared_portal")


def test_chart_shows_the_tree_of_bodies_as_nested_lists(client, pages, bodies):
    html = client.get("/gioi-thieu/co-cau-to-chuc/").content.decode()
    tree = html[html.index('class="org-tree"') :]
    # Nested lists: the department's office is in a list inside the department's item.
    department_at = tree.index("Sở Tư pháp tỉnh Thử Nghiệm")
    office_at = tree.index("Văn phòng Sở Tư pháp tỉnh Thử Nghiệm")
    district_at = tree.index("Ủy ban nhân dân huyện Thử Nghiệm")
    assert department_at < office_at < district_at
    assert tree[department_at:office_at].count('<ul class="org-tree__list">') == 1
    assert 'href="/gioi-thieu/co-cau-to-chuc/co-quan/so-tu-phap-tinh-thu-nghiem/"' in (
        tree
    )
    assert 'Giám đốc <span lang="vi">Trần Thị Đào</span>' in tree
    # A body outside the chosen tops is not on this chart.
    assert "Bộ Thử Nghiệm" not in tree


def test_body_page_shows_contacts_head_hours_parent_children(client, pages, bodies):
    response = client.get(
        "/gioi-thieu/co-cau-to-chuc/co-quan/so-tu-phap-tinh-thu-nghiem/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Sở Tư pháp tỉnh Thử Nghiệm</h1>" in html
    assert 'href="tel:02213000226"' in html
    assert "0221 3000 227" in html  # fax
    assert 'href="mailto:stp@thunghiem.example.vn"' in html
    assert "Trần Thị Đào" in html
    assert (
        'href="/gioi-thieu/co-cau-to-chuc/co-quan/uy-ban-nhan-dan-tinh-thu-nghiem/"'
        in (html)
    )
    assert (
        'href="/gioi-thieu/co-cau-to-chuc/co-quan/van-phong-so-tu-phap-tinh-thu-nghiem/"'
        in html
    )
    assert "Lê Văn Đức" in html and "Phó Giám đốc" in html
    province = client.get(
        "/gioi-thieu/co-cau-to-chuc/co-quan/uy-ban-nhan-dan-tinh-thu-nghiem/"
    ).content.decode()
    assert "Thứ Hai đến Thứ Sáu, 7h30 - 17h00" in province


def test_body_page_describes_the_body_in_json_ld(client, pages, bodies):
    html = client.get(
        "/gioi-thieu/co-cau-to-chuc/co-quan/so-tu-phap-tinh-thu-nghiem/"
    ).content.decode()
    (payload,) = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
    )
    data = json.loads(payload)
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Sở Tư pháp tỉnh Thử Nghiệm"
    assert data["url"].endswith("/co-quan/so-tu-phap-tinh-thu-nghiem/")
    assert data["faxNumber"] == "0221 3000 227"
    assert data["employee"] == {
        "@type": "Person",
        "name": "Trần Thị Đào",
        "jobTitle": "Giám đốc",
    }
    assert data["parentOrganization"]["name"] == "Ủy ban nhân dân tỉnh Thử Nghiệm"
    assert [unit["name"] for unit in data["subOrganization"]] == [
        "Văn phòng Sở Tư pháp tỉnh Thử Nghiệm"
    ]


def test_body_page_lists_its_latest_documents_and_news(client, pages, bodies):
    portal = pages.portal
    LegalDocumentPageFactory(
        parent=portal.legal,
        number="12/QĐ-STP",
        title="Quyết định ban hành quy chế làm việc của Sở",
        issuing_body=bodies.department,
        issued_date=datetime.date(2019, 12, 24),
    )
    LegalDocumentPageFactory(
        parent=portal.legal,
        number="13/QĐ-UBND",
        title="Quyết định của tỉnh",
        issuing_body=bodies.province,
    )
    NewsPageFactory(
        parent=portal.news,
        title="Sở Tư pháp tổ chức hội nghị phổ biến pháp luật",
        source="Sở Tư pháp tỉnh Thử Nghiệm",
    )
    NewsPageFactory(parent=portal.news, title="Tin của nơi khác", source="Báo tỉnh")
    html = client.get(
        "/gioi-thieu/co-cau-to-chuc/co-quan/so-tu-phap-tinh-thu-nghiem/"
    ).content.decode()
    assert "12/QĐ-STP" in html and "24/12/2019" in html
    assert "13/QĐ-UBND" not in html
    assert f'href="{portal.legal.url}?co-quan=so-tu-phap-tinh-thu-nghiem"' in html
    assert "Sở Tư pháp tổ chức hội nghị phổ biến pháp luật" in html
    assert "Tin của nơi khác" not in html


def test_body_off_the_chart_or_unknown_is_not_found(client, pages, bodies):
    assert (
        client.get("/gioi-thieu/co-cau-to-chuc/co-quan/bo-thu-nghiem/").status_code
        == 404
    )
    assert client.get("/gioi-thieu/co-cau-to-chuc/co-quan/khong-co/").status_code == 404
    assert (
        client.post(
            "/gioi-thieu/co-cau-to-chuc/co-quan/so-tu-phap-tinh-thu-nghiem/"
        ).status_code
        == 404
    )


def test_chart_without_tops_shows_the_portals_own_body(client, portal, bodies):
    settings = PortalSettings.for_site(portal.site)
    settings.body = bodies.department
    settings.save()
    chart = OrganisationChartPage(title="Cơ cấu tổ chức", slug="co-cau-to-chuc")
    portal.home.add_child(instance=chart)
    chart.save_revision().publish()
    html = client.get("/co-cau-to-chuc/").content.decode()
    assert "Văn phòng Sở Tư pháp tỉnh Thử Nghiệm" in html
    assert "Ủy ban nhân dân huyện Thử Nghiệm" not in html


def test_sitemap_lists_each_body_page(client, pages, bodies):
    urls = pages.chart.get_sitemap_urls()
    locations = [url["location"] for url in urls]
    assert locations[0].endswith("/gioi-thieu/co-cau-to-chuc/")
    assert any(
        location.endswith(
            "/co-cau-to-chuc/co-quan/van-phong-so-tu-phap-tinh-thu-nghiem/"
        )
        for location in locations
    )
    assert len(locations) == 1 + 4
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/co-cau-to-chuc/co-quan/uy-ban-nhan-dan-huyen-thu-nghiem/" in sitemap


def test_member_portal_sections_give_its_own_chart_and_directory(db, bodies):
    from portal.organisation.demo import ensure_member_pages
    from tests.factories import SectionPageFactory

    home = HomePageFactory(parent=pages_root())
    SectionPageFactory(parent=home, title="Giới thiệu", slug="gioi-thieu")
    (directory,) = ensure_member_pages(home)
    assert directory.slug == "danh-ba"
    assert OrganisationChartPage.objects.child_of(
        home.get_children().get(slug="gioi-thieu")
    ).exists()
    # Again: nothing new.
    ensure_member_pages(home)
    assert home.get_children().filter(slug="danh-ba").count() == 1


def pages_root():
    from wagtail.models import Page

    return Page.get_first_root_node()


def test_chart_and_body_pages_read_a_fixed_number_of_queries(
    client, pages, bodies, django_assert_max_num_queries
):
    from portal.core.models import PublicBody

    for number in range(15):
        PublicBody.objects.create(
            name=f"Phòng thử nghiệm {number}", parent=bodies.department
        )
    client.get("/gioi-thieu/co-cau-to-chuc/")
    # 13 with the caches bypassed (the test's changes are not committed): the
    # language switch's translations are one query per content version.
    with django_assert_max_num_queries(13):
        html = client.get("/gioi-thieu/co-cau-to-chuc/").content.decode()
    assert "Phòng thử nghiệm 14" in html
    body_url = "/gioi-thieu/co-cau-to-chuc/co-quan/so-tu-phap-tinh-thu-nghiem/"
    client.get(body_url)
    with django_assert_max_num_queries(22):
        assert "Phòng thử nghiệm 14" in client.get(body_url).content.decode()


def test_demo_chart_takes_the_place_of_the_plain_list_of_names(db, portal, bodies):
    from portal.core.models import SectionPage
    from portal.organisation.demo import ensure_chart
    from tests.factories import SectionPageFactory

    intro = SectionPageFactory(
        parent=portal.home, title="Giới thiệu", slug="gioi-thieu"
    )
    SectionPageFactory(parent=intro, title="Cơ cấu tổ chức", slug="co-cau-to-chuc")
    chart = ensure_chart(intro, [bodies.province])
    assert isinstance(chart, OrganisationChartPage) and chart.live
    assert list(chart.top_bodies.all()) == [bodies.province]
    assert (
        not SectionPage.objects.child_of(intro).filter(slug="co-cau-to-chuc").exists()
    )
    assert ensure_chart(intro).pk == chart.pk
