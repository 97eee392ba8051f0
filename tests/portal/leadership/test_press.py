"""The spokesperson, press releases and press conferences."""

import datetime
import json
import re

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from portal.leadership.models import PressConferencePage, PressReleasePage

from .conftest import PressConferencePageFactory, PressReleasePageFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


def json_ld(html: str) -> dict:
    return json.loads(
        re.search(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
        )[1]
    )


def test_editor_creates_a_press_release(admin_client, leadership):
    data = nested_form_data(
        {
            "title": "Thông cáo báo chí về kỳ họp",
            "slug": "thong-cao-ky-hop",
            "date": "2026-12-04",
            "number": "17/TCBC-UBND",
            "intro": "Kết quả kỳ họp.",
            "body": nested_form_data({"count": 0}),
            "attachments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(
        f"/admin/pages/add/leadership/pressreleasepage/{leadership.press.pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PressReleasePage.objects.get(slug="thong-cao-ky-hop")
    assert page.live and page.number == "17/TCBC-UBND"


def test_editor_creates_a_press_conference(admin_client, leadership):
    data = nested_form_data(
        {
            "title": "Họp báo quý IV",
            "slug": "hop-bao-quy-iv",
            "start": "2026-12-10 15:00",
            "place": "Hội trường tỉnh",
            "chair": leadership.chairman.pk,
            "chair_name": "",
            "intro": "",
            "topics": "Kinh tế - xã hội\nĐầu tư công",
            "body": nested_form_data({"count": 0}),
            "summary": rich_text(""),
            "attachments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(
        f"/admin/pages/add/leadership/pressconferencepage/{leadership.press.pk}/",
        data,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PressConferencePage.objects.get(slug="hop-bao-quy-iv")
    assert page.topic_list == ["Kinh tế - xã hội", "Đầu tư công"]
    assert page.chair == leadership.chairman


def test_press_page_lists_both_kinds_newest_first_with_the_spokesperson(
    client, leadership
):
    press = leadership.press
    press.spokesperson_name = "Hoàng Đức Phát"
    press.spokesperson_position = "Chánh Văn phòng, người phát ngôn"
    press.spokesperson_email = "phatngon@example.vn"
    press.save_revision().publish()
    PressReleasePageFactory(
        parent=press, title="Thông cáo cũ", date=datetime.date(2026, 11, 1)
    )
    PressConferencePageFactory(parent=press, title="Họp báo tháng Mười Hai")
    html = client.get(press.url).content.decode()
    assert html.index("Họp báo tháng Mười Hai") < html.index("Thông cáo cũ")
    assert "Hoàng Đức Phát" in html
    assert "01/11/2026" in html
    assert json_ld(html)["@type"] == "Person"
    only_releases = client.get(press.url, {"loai": "thong-cao"}).content.decode()
    assert "Thông cáo cũ" in only_releases
    assert "Họp báo tháng Mười Hai" not in only_releases


def test_press_conference_page_is_an_event(client, leadership):
    page = PressConferencePageFactory(
        parent=leadership.press,
        title="Họp báo về dự án đường Vành đai",
        chair=leadership.chairman,
        topics="Giải phóng mặt bằng\nTiến độ thi công",
        summary="<p>Tỉnh cam kết bàn giao mặt bằng đúng hạn.</p>",
    )
    html = client.get(page.url).content.decode()
    assert "Giải phóng mặt bằng" in html
    assert "Tỉnh cam kết bàn giao mặt bằng đúng hạn." in html
    assert "15:00, 04/12/2026" in html
    data = json_ld(html)
    assert data["@type"] == "Event"
    assert data["location"] == {"@type": "Place", "name": page.place}
    assert data["organizer"]["name"] == "Hoàng Văn Chủ"
    assert data["about"] == ["Giải phóng mặt bằng", "Tiến độ thi công"]


def test_search_finds_press_items_under_their_tab(client, leadership):
    from search import indexing

    PressReleasePageFactory(
        parent=leadership.press,
        title="Thông cáo về công khai ngân sách",
        intro="Công khai dự toán ngân sách năm sau.",
    )
    PressConferencePageFactory(
        parent=leadership.press,
        title="Họp báo thông tin kinh tế",
        topics="Thu ngân sách tăng",
    )
    indexing.drain()
    response = client.get("/tim-kiem/", {"q": "ngan sach", "type": "press"})
    titles = {r.title for r in response.context["results"].results}
    assert titles == {"Thông cáo về công khai ngân sách", "Họp báo thông tin kinh tế"}
    assert "Báo chí" in response.content.decode()
