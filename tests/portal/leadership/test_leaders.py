"""Leaders' pages: created in the admin, shown to citizens, found by the search."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import nested_form_data, rich_text

from portal.leadership.models import LeaderPage

from .conftest import LeaderPageFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


def leader_form(body, **overrides):
    data = {
        "title": "Trần Thị Phó",
        "slug": "tran-thi-pho",
        "position": "Phó Chủ tịch Ủy ban nhân dân tỉnh",
        "order": 2,
        "public_body": body.pk,
        "photo": "",
        "intro": "",
        "responsibilities": rich_text("<p>Phụ trách giáo dục, y tế.</p>"),
        "phone": "0221 3863 002",
        "email": "pct@example.vn",
        "body": nested_form_data({"count": 0}),
        "seo_title": "",
        "search_description": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_a_leader_in_the_admin(admin_client, leadership):
    response = admin_client.post(
        f"/admin/pages/add/leadership/leaderpage/{leadership.index.pk}/",
        leader_form(leadership.body),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    leader = LeaderPage.objects.get(slug="tran-thi-pho")
    assert leader.live
    assert leader.public_body == leadership.body
    assert "giáo dục" in leader.responsibilities


def test_list_shows_leaders_in_their_order(client, leadership):
    LeaderPageFactory(parent=leadership.index, title="Lê Văn Sau", order=5)
    response = client.get(leadership.index.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Hoàng Văn Chủ") < html.index("Lê Văn Sau")
    assert "Chủ tịch Ủy ban nhân dân tỉnh" in html


def test_leader_page_shows_contact_fields_and_person_json_ld(client, leadership):
    from portal.core.demo_utils import ensure_demo_image

    leadership.chairman.photo = ensure_demo_image("Chân dung thử", size=(300, 400))
    leadership.chairman.save_revision().publish()
    response = client.get(leadership.chairman.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lĩnh vực phụ trách" in html
    assert "Phụ trách chung, quy hoạch và ngân sách." in html
    assert 'href="mailto:chutich@example.vn"' in html
    assert 'alt="Hoàng Văn Chủ"' in html
    assert re.search(r'<meta property="og:image" content="[^"]+fill-600x600', html)
    # The link to this leader's own week of the schedule.
    assert f"{leadership.schedule.url}?lanh-dao=hoang-van-chu" in html
    payload = re.search(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
    )[1]
    data = json.loads(payload)
    assert data["@type"] == "Person"
    assert data["jobTitle"] == "Chủ tịch Ủy ban nhân dân tỉnh"
    assert data["worksFor"] == {
        "@type": "GovernmentOrganization",
        "name": "Ủy ban nhân dân tỉnh Thử Nghiệm",
    }


def test_site_search_finds_a_leader_without_diacritics(client, leadership):
    from search import indexing

    indexing.drain()
    response = client.get("/tim-kiem/", {"q": "ngan sach"})
    results = response.context["results"]
    assert [r.title for r in results.results if r.kind == "leader"] == ["Hoàng Văn Chủ"]
    assert "Lãnh đạo" in response.content.decode()


def test_renamed_body_reindexes_its_leaders(leadership):
    from search import registry

    adapter = registry.adapter_for(LeaderPage)
    assert list(adapter.dependants(leadership.body)) == [leadership.chairman]
    document = adapter.to_document(
        adapter.get_queryset().get(pk=leadership.chairman.pk)
    )
    assert document.summary == (
        "Chủ tịch Ủy ban nhân dân tỉnh, Ủy ban nhân dân tỉnh Thử Nghiệm"
    )


def test_editor_of_another_section_cannot_edit_leaders(
    client, leadership, django_user_model
):
    group = Group.objects.create(name="Biên tập viên - Báo chí thử nghiệm")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=leadership.press,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = django_user_model.objects.create_user("btv-baochi", password="x-123456789")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(f"/admin/pages/{leadership.press.pk}/edit/").status_code == 200
    denied = client.get(f"/admin/pages/{leadership.chairman.pk}/edit/")
    assert denied.status_code in (302, 403)
    denied_add = client.post(
        f"/admin/pages/add/leadership/leaderpage/{leadership.index.pk}/",
        leader_form(leadership.body),
    )
    assert denied_add.status_code in (302, 403)
    assert not LeaderPage.objects.filter(slug="tran-thi-pho").exists()
