"""Member portals: `create_member_site`, the host names the portal accepts, and what a
member portal's groups may do in the admin."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import (
    GroupPagePermission,
    GroupSitePermission,
    Site,
    WorkflowPage,
)

from portal.core import hosts
from portal.core.models import NavigationSettings, PortalSettings, PublicBody
from portal.core.sites import EDITORS_OF, WEBMASTERS_OF, create_member_site
from tests.factories import SectionPageFactory

pytestmark = pytest.mark.usefixtures("shared_portal")

NAME = "Cổng thông tin điện tử huyện Tiên Lữ"
HOST = "tienlu.hungyen.gov.vn"


@pytest.fixture
def body(db):
    return PublicBody.objects.create(
        name="Ủy ban nhân dân huyện Tiên Lữ",
        slug="ubnd-huyen-tien-lu",
        kind="cap-huyen",
        address="Thị trấn Vương, huyện Tiên Lữ",
        phone="0221 3874 123",
        email="tienlu@hungyen.gov.vn",
    )


def run(*args) -> str:
    out = io.StringIO()
    call_command("create_member_site", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def member(body):
    run("--name", NAME, "--hostname", HOST, "--body", body.slug)
    return Site.objects.get(hostname=HOST)


def test_a_member_portal_has_its_home_sections_menus_and_settings(member, body):
    home = member.root_page.specific
    assert home.depth == 2 and home.live
    assert home.seo_title == NAME
    assert [page.slug for page in home.get_children()] == [
        "gioi-thieu",
        "van-ban",
        "tin-tuc",
        "lien-he",
        "cong-khai-ngan-sach",
        "lanh-dao",
        "lich-cong-tac",
        "danh-ba",
        "quy-hoach-ke-hoach",
        "du-an-dau-tu",
    ]
    assert all(page.live for page in home.get_children())
    settings = PortalSettings.for_site(member)
    assert settings.portal_name == NAME
    assert settings.body == body
    # The body's contacts, so the footer is right from the first visit.
    assert (settings.owner_name, settings.address, settings.phone, settings.email) == (
        body.name,
        body.address,
        body.phone,
        body.email,
    )
    navigation = NavigationSettings.for_site(member)
    assert [item.value["page"].slug for item in navigation.main_menu] == [
        "gioi-thieu",
        "van-ban",
        "tin-tuc",
        "lien-he",
        "cong-khai-ngan-sach",
        "lanh-dao",
        "lich-cong-tac",
        "danh-ba",
        "quy-hoach-ke-hoach",
        "du-an-dau-tu",
    ]
    province = Site.objects.get(is_default_site=True)
    assert navigation.footer_menu[-1].value["url"] == province.root_url + "/"


def test_its_port_is_the_province_portals_unless_given(member):
    province = Site.objects.get(is_default_site=True)
    assert member.port == province.port


def test_a_member_portal_serves_its_own_home_page(member, client):
    response = client.get("/", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert f"<title>Trang chủ | {NAME}</title>" in response.content.decode()
    province = client.get("/")
    assert NAME not in province.content.decode()


def test_running_it_again_changes_nothing(member, body):
    def counted():
        return (
            Site.objects.count(),
            member.root_page.get_descendants().count(),
            Group.objects.count(),
            GroupPagePermission.objects.count(),
            GroupSitePermission.objects.count(),
            WorkflowPage.objects.count(),
        )

    before = counted()
    settings = PortalSettings.for_site(member)
    settings.phone = "0221 0000 000"  # a webmaster's edit
    settings.save()
    out = run("--name", "Another name", "--hostname", HOST.upper(), "--body", body.slug)
    assert "đã có" in out
    assert counted() == before
    assert PortalSettings.for_site(member).phone == "0221 0000 000"
    assert Site.objects.get(pk=member.pk).site_name == NAME


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hostname", "http://x.vn/"], "không phải tên miền"),
        (["--hostname", "x.vn:8000"], "không phải tên miền"),
        (["--hostname", "ok.vn", "--body", "Không có cơ quan này"], "Không có cơ quan"),
        (["--hostname", "testserver"], "là cổng của tỉnh"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(db, args, message):
    before = Site.objects.count()
    with pytest.raises(CommandError, match=message):
        run("--name", NAME, *args)
    assert Site.objects.count() == before


def test_the_groups_manage_only_their_portal(member):
    webmasters = Group.objects.get(name=NAME + WEBMASTERS_OF)
    editors = Group.objects.get(name=NAME + EDITORS_OF)
    for group in (webmasters, editors):
        assert set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "page", flat=True
            )
        ) == {member.root_page_id}
    assert set(
        GroupSitePermission.objects.filter(group=webmasters).values_list(
            "site", "permission__codename"
        )
    ) == {
        (member.pk, "change_portalsettings"),
        (member.pk, "change_navigationsettings"),
    }
    # What its editors submit goes to its own moderators.
    workflow = WorkflowPage.objects.get(page=member.root_page).workflow
    task = workflow.workflow_tasks.get().task.specific
    assert [group.name for group in task.groups.all()] == [NAME + " - Người duyệt"]


@pytest.fixture
def member_user(member, django_user_model):
    def make(role: str):
        user = django_user_model.objects.create_user(
            username=f"user{role.strip(' -')}".replace(" ", ""), password="x-123456789"
        )
        user.groups.add(Group.objects.get(name=NAME + role))
        return user

    return make


def test_a_member_editor_edits_its_pages_and_not_the_provinces(
    member, member_user, client, shared_portal
):
    province_section = SectionPageFactory(parent=shared_portal.home)
    own_section = member.root_page.get_children().get(slug="gioi-thieu")
    client.force_login(member_user(EDITORS_OF))
    assert client.get(f"/admin/pages/{own_section.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{province_section.pk}/edit/").status_code in (
        302,
        403,
    )
    assert (
        client.get(f"/admin/pages/add/core/sectionpage/{own_section.pk}/").status_code
        == 200
    )


def test_a_member_webmaster_edits_its_settings_only(member, member_user, client):
    province = Site.objects.get(is_default_site=True)
    client.force_login(member_user(WEBMASTERS_OF))
    own = client.get(f"/admin/settings/core/portalsettings/{member.pk}/")
    assert own.status_code == 200
    other = client.get(f"/admin/settings/core/portalsettings/{province.pk}/")
    assert other.status_code in (302, 403)


def test_the_main_colour_is_the_sites_own(member, client):
    settings = PortalSettings.for_site(member)
    settings.primary_colour = "#0b4f9c"
    settings.save()
    page = client.get("/", HTTP_HOST=HOST).content.decode()
    assert "--c-primary: #0b4f9c; --c-primary-dark: #083b75;" in page
    assert "--c-primary: #0b4f9c" not in client.get("/").content.decode()


# Host names -------------------------------------------------------------------------


@pytest.fixture
def site_hostnames(db):
    hosts._known.forget()
    with override_settings(ALLOWED_HOSTS=hosts.SiteHostnames(["localhost"])):
        yield
    hosts._known.forget()


def test_a_new_sites_host_name_is_accepted_without_changing_settings(
    site_hostnames, client, body
):
    assert client.get("/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/", HTTP_HOST=HOST).status_code == 400
    create_member_site(NAME, HOST, body=body)
    assert client.get("/", HTTP_HOST=HOST).status_code == 200
    assert client.get("/", HTTP_HOST=f"{HOST}:8443").status_code == 200
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_a_site_added_by_another_process_is_accepted_soon(
    site_hostnames, client, monkeypatch, shared_portal
):
    """No signal reaches this process: a request for the unknown name reloads
    the names, at most once per RETRY_SECONDS."""
    assert client.get("/", HTTP_HOST="other.hungyen.gov.vn").status_code == 400
    Site.objects.bulk_create(
        [Site(hostname="other.hungyen.gov.vn", port=80, root_page=shared_portal.home)]
    )
    assert client.get("/", HTTP_HOST="other.hungyen.gov.vn").status_code == 400
    monkeypatch.setattr(hosts, "RETRY_SECONDS", 0)
    assert client.get("/", HTTP_HOST="other.hungyen.gov.vn").status_code == 200


def test_the_given_names_count_for_djangos_checks():
    assert len(hosts.SiteHostnames([])) == 0
    assert not hosts.SiteHostnames([])
