"""Editors create the chart and the directory in the admin, manage contacts as
snippets, and only in their own section."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.test.utils.form_data import nested_form_data, streamfield

from portal.core.models import PublicBody
from portal.core.permissions import SECTION_EDITORS_PREFIX
from portal.organisation.models import (
    DirectoryPage,
    OrganisationChartPage,
    PublicContact,
)


def page_form(title, slug, **fields):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "seo_title": "",
            "search_description": "",
            "intro": "",
            "body": streamfield([]),
        }
        | fields
    )


def test_admin_creates_a_chart_and_a_directory(admin_client, portal, bodies):
    response = admin_client.post(
        f"/admin/pages/add/organisation/organisationchartpage/{portal.home.pk}/",
        page_form("Cơ cấu tổ chức", "co-cau-to-chuc", **{"action-publish": "publish"})
        | {"top_bodies": [bodies.province.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    chart = OrganisationChartPage.objects.child_of(portal.home).get()
    assert chart.live
    assert list(chart.top_bodies.all()) == [bodies.province]
    response = admin_client.post(
        f"/admin/pages/add/organisation/directorypage/{portal.home.pk}/",
        page_form("Danh bạ", "danh-ba", **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 302
    assert DirectoryPage.objects.child_of(portal.home).get().live
    # One of each per parent.
    again = admin_client.get(
        f"/admin/pages/add/organisation/directorypage/{portal.home.pk}/"
    )
    assert again.status_code in (302, 403)


def test_admin_adds_a_contact_and_the_body_details(admin_client, bodies):
    response = admin_client.post(
        "/admin/snippets/organisation/publiccontact/add/",
        {
            "name": "Vũ Thị Hằng",
            "position": "Phó Giám đốc",
            "body": bodies.department.pk,
            "sort_order": "2",
            "phone": "0221 3000 229",
            "email": "hang@thunghiem.example.vn",
        },
    )
    assert response.status_code == 302
    contact = PublicContact.objects.get(name="Vũ Thị Hằng")
    assert contact.body == bodies.department
    listing = admin_client.get(
        "/admin/snippets/organisation/publiccontact/", {"q": "Hằng"}
    ).content.decode()
    assert "Vũ Thị Hằng" in listing
    assert "Danh bạ liên hệ" in listing
    form = admin_client.get(
        f"/admin/snippets/core/publicbody/edit/{bodies.department.pk}/"
    ).content.decode()
    for label in ("Giờ làm việc", "Chức danh người đứng đầu", "Fax"):
        assert label in form, label


def test_an_editor_of_another_section_cannot_edit_them(
    client, pages, django_user_model
):
    Group.objects.filter(name__startswith=SECTION_EDITORS_PREFIX).delete()
    call_command("bootstrap_permissions", stdout=io.StringIO())
    user = django_user_model.objects.create_user(
        username="btv-danhba", password="mat-khau-bien-tap-123"
    )
    user.groups.add(Group.objects.get(name=f"{SECTION_EDITORS_PREFIX}Danh bạ"))
    client.force_login(user)
    assert client.get(f"/admin/pages/{pages.directory.pk}/edit/").status_code == 200
    denied = client.get(f"/admin/pages/{pages.chart.pk}/edit/")
    assert denied.status_code in (302, 403)
    # Contacts are snippets: the webmasters' group manages them, not section editors.
    assert client.get("/admin/snippets/organisation/publiccontact/").status_code in (
        302,
        403,
    )


@pytest.mark.parametrize("codename", ["add", "change", "delete"])
def test_webmasters_manage_contacts(db, codename):
    call_command("bootstrap_permissions", stdout=io.StringIO())
    from portal.core.permissions import WEBMASTERS

    assert (
        Group.objects.get(name=WEBMASTERS)
        .permissions.filter(codename=f"{codename}_publiccontact")
        .exists()
    )
    assert PublicBody._meta.get_field("opening_hours")
