"""The directory (danh bạ): bodies and officials' contacts, found with or without
diacritics, filtered by kind of body, printable."""

import pytest

from portal.core.models import PublicBodyKind
from portal.organisation.models import PublicContact

pytestmark = pytest.mark.usefixtures("shared_portal")


def test_directory_lists_bodies_and_contacts_with_links(client, pages, bodies):
    html = client.get("/danh-ba/").content.decode()
    for name in (
        "Ủy ban nhân dân tỉnh Thử Nghiệm",
        "Sở Tư pháp tỉnh Thử Nghiệm",
        "Ủy ban nhân dân huyện Thử Nghiệm",
        "Lê Văn Đức",
    ):
        assert name in html, name
    assert "Bộ Thử Nghiệm" not in html
    assert 'href="tel:02213000228"' in html
    assert 'href="mailto:duc@thunghiem.example.vn"' in html
    # Each body links to its page on the site's chart.
    assert 'href="/gioi-thieu/co-cau-to-chuc/co-quan/so-tu-phap-tinh-thu-nghiem/"' in (
        html
    )


def test_search_without_diacritics_finds_an_official(client, pages, bodies):
    PublicContact.objects.create(
        body=bodies.district, name="Phạm Thị Hoa", position="Chủ tịch"
    )
    html = client.get("/danh-ba/", {"q": "le van duc"}).content.decode()
    assert "Lê Văn Đức" in html
    assert "Phạm Thị Hoa" not in html
    # The official's body is shown with the match; the others are not.
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in html
    assert "Ủy ban nhân dân huyện Thử Nghiệm</" not in html


def test_search_finds_a_body_by_its_head(client, pages, bodies):
    html = client.get("/danh-ba/", {"q": "Trần Thị Đào"}).content.decode()
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in html
    # A body that matches shows all its contacts.
    assert "Lê Văn Đức" in html
    assert "huyện Thử Nghiệm" not in html


def test_filter_by_kind_of_body(client, pages, bodies):
    html = client.get(
        "/danh-ba/", {"loai": [PublicBodyKind.DISTRICT, "khong-co-loai-nay"]}
    ).content.decode()
    assert "Ủy ban nhân dân huyện Thử Nghiệm" in html
    assert "Lê Văn Đức" not in html
    assert 'value="cap-huyen" checked' in html


def test_nothing_found_and_a_too_long_query_are_said(client, pages, bodies):
    html = client.get("/danh-ba/", {"q": "khong ai ten nay"}).content.decode()
    assert "Không tìm thấy cơ quan hay cán bộ nào" in html
    response = client.get("/danh-ba/", {"q": "a" * 250})
    assert response.status_code == 200
    assert "tối đa 200 ký tự" in response.content.decode()


def test_printable_version_keeps_the_filters(client, pages, bodies):
    html = client.get("/danh-ba/", {"q": "tu phap"}).content.decode()
    assert 'href="/danh-ba/ban-in/?q=tu+phap"' in html
    printable = client.get("/danh-ba/ban-in/", {"q": "tu phap"}).content.decode()
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in printable
    assert "huyện Thử Nghiệm" not in printable
    assert 'class="main-nav' not in printable
    assert '<meta name="robots" content="noindex">' in printable


def test_directory_reads_a_fixed_number_of_queries(
    client, pages, bodies, django_assert_max_num_queries
):
    for number in range(10):
        PublicContact.objects.create(
            body=bodies.district, name=f"Cán bộ {number}", position="Chuyên viên"
        )
    client.get("/danh-ba/")
    with django_assert_max_num_queries(25):
        client.get("/danh-ba/", {"q": "can bo"})
