"""Editorial groups made by `bootstrap_permissions`, exercised through the Wagtail admin
as the people in them would: a section's editors work only in their section and cannot
publish; moderators publish anywhere; webmasters manage menus, redirects and snippets."""

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.core.models import SectionPage
from portal.core.permissions import (
    MODERATORS,
    SECTION_EDITORS_PREFIX,
    WEBMASTERS,
)
from tests.factories import ContactPageFactory

pytestmark = pytest.mark.usefixtures("shared_portal", "shared_core_pages")

PASSWORD = "mat-khau-bien-tap-123"


def bootstrap_permissions():
    call_command("bootstrap_permissions", stdout=io.StringIO())


@pytest.fixture
def sections(portal, intro):
    """The portal's top-level sections (its index pages, "Giới thiệu" with its
    sub-pages, "Liên hệ") and the groups `bootstrap_permissions` makes for them.
    Other sections' editors groups are removed first (the session's database may
    hold some under the same names), so each group here is one of this portal's."""
    contact = ContactPageFactory(parent=portal.home, title="Liên hệ", slug="lien-he")
    Group.objects.filter(name__startswith=SECTION_EDITORS_PREFIX).delete()
    bootstrap_permissions()
    return SimpleNamespace(
        home=portal.home, intro=intro.section, overview=intro.overview, contact=contact
    )


@pytest.fixture
def make_member(django_user_model):
    def make(username: str, group_name: str):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.vn", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def intro_editor(client, sections, make_member):
    client.force_login(
        make_member("btv-gioithieu", f"{SECTION_EDITORS_PREFIX}Giới thiệu")
    )
    return client


@pytest.fixture
def moderator(client, sections, make_member):
    client.force_login(make_member("nguoiduyet", MODERATORS))
    return client


def section_form(title: str, slug: str, action: str | None = None) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "Nội dung giới thiệu ngắn.",
            "body": streamfield([]),
            "show_children": "on",
        }
    )
    if action:
        data[action] = "1"
    return data


def test_every_top_level_section_has_its_editors_group(sections):
    top_level = sections.home.get_children()
    assert {page.slug for page in top_level} >= {"gioi-thieu", "lien-he", "tin-tuc"}
    for page in top_level:
        group = Group.objects.get(name=f"{SECTION_EDITORS_PREFIX}{page.title}")
        codenames = set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "permission__codename", flat=True
            )
        )
        assert codenames == {"add_page", "change_page"}
        assert set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "page", flat=True
            )
        ) == {page.pk}


def test_bootstrap_is_idempotent(sections):
    before = (Group.objects.count(), GroupPagePermission.objects.count())
    bootstrap_permissions()
    assert (Group.objects.count(), GroupPagePermission.objects.count()) == before


def test_renamed_section_keeps_its_group(sections):
    intro = sections.intro
    group = Group.objects.get(name=f"{SECTION_EDITORS_PREFIX}Giới thiệu")
    intro.title = "Giới thiệu chung"
    intro.save()
    groups_before = Group.objects.count()
    bootstrap_permissions()
    assert Group.objects.count() == groups_before
    # The section's only group is still the one its editors are in.
    assert set(
        GroupPagePermission.objects.filter(page=intro).values_list("group", flat=True)
    ) == {group.pk}


def test_section_editor_edits_own_section_only(intro_editor, sections):
    own_child = sections.overview
    other_section = sections.contact

    assert intro_editor.get("/admin/").status_code == 200
    assert intro_editor.get(f"/admin/pages/{own_child.pk}/edit/").status_code == 200
    denied = intro_editor.get(f"/admin/pages/{other_section.pk}/edit/")
    assert denied.status_code in (302, 403)
    # Nor can they add pages elsewhere.
    denied_add = intro_editor.get(
        f"/admin/pages/add/core/sectionpage/{other_section.pk}/"
    )
    assert denied_add.status_code in (302, 403)


def test_section_editor_cannot_change_another_section_by_post(intro_editor, sections):
    other_section = sections.contact
    response = intro_editor.post(
        f"/admin/pages/{other_section.pk}/edit/",
        section_form("Bị sửa trái phép", "lien-he"),
    )
    assert response.status_code in (302, 403)
    other_section.refresh_from_db()
    assert other_section.title == "Liên hệ"
    assert other_section.get_latest_revision().content["title"] == "Liên hệ"


def test_section_editor_creates_and_submits_but_cannot_publish(intro_editor, sections):
    intro = sections.intro
    response = intro_editor.post(
        f"/admin/pages/add/core/sectionpage/{intro.pk}/",
        section_form("Quy hoạch tỉnh", "quy-hoach-tinh", "action-publish"),
    )
    # Wagtail saves the page as a draft: an editor's "publish" never reaches visitors.
    assert response.status_code == 302
    assert not SectionPage.objects.get(slug="quy-hoach-tinh").live

    response = intro_editor.post(
        f"/admin/pages/add/core/sectionpage/{intro.pk}/",
        section_form("Quy hoạch tỉnh", "quy-hoach-tinh-2", "action-submit"),
    )
    assert response.status_code == 302
    submitted = SectionPage.objects.get(slug="quy-hoach-tinh-2")
    assert not submitted.live
    assert WorkflowState.objects.filter(
        object_id=str(submitted.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()
    # The public site does not show it.
    intro_editor.logout()
    assert intro_editor.get("/gioi-thieu/quy-hoach-tinh-2/").status_code == 404


def test_section_editor_cannot_publish_existing_page(intro_editor, sections):
    page = sections.overview
    response = intro_editor.post(
        f"/admin/pages/{page.pk}/edit/",
        section_form("Tổng quan (sửa)", "tong-quan", "action-publish"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    # The edit is kept as a draft; visitors still see the published title.
    assert page.has_unpublished_changes
    assert page.title == "Tổng quan về tỉnh"
    assert page.get_latest_revision().content["title"] == "Tổng quan (sửa)"


def contact_form(page, title: str, action: str) -> dict:
    """The contact page's edit form: its own fields and the form it builds."""
    fields = list(page.form_fields.all())
    data = nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield([]),
            "form_fields": inline_formset(
                [
                    {
                        "id": field.pk,
                        "label": field.label,
                        "field_type": field.field_type,
                        "required": "on" if field.required else "",
                        "choices": field.choices,
                        "default_value": field.default_value,
                        "help_text": field.help_text,
                    }
                    for field in fields
                ],
                initial=len(fields),
            ),
            "to_address": page.to_address,
            "from_address": page.from_address,
            "subject": page.subject,
        }
    )
    data[action] = "1"
    return data


def test_moderator_publishes_in_any_section(moderator, client, sections):
    page = sections.contact
    response = moderator.post(
        f"/admin/pages/{page.pk}/edit/",
        contact_form(page, "Liên hệ - Góp ý", "action-publish"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Liên hệ - Góp ý"
    # The audit log records who published what.
    entry = PageLogEntry.objects.filter(page=page, action="wagtail.publish").latest(
        "timestamp"
    )
    assert entry.user.username == "nguoiduyet"
    assert page.form_fields.count() == 5  # the form it builds is kept
    moderator.logout()
    assert "Liên hệ - Góp ý" in client.get("/lien-he/").content.decode()


# Its subject is the demo: load_demo gives Wagtail's default workflow Vietnamese names
# and drops Wagtail's default groups once bootstrap_permissions has replaced them.
def test_moderators_approve_the_default_workflow(demo):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow

    # Wagtail's default workflow, under a Vietnamese name, is approved by the
    # portal's moderators; Wagtail's unused English groups are gone.
    workflow = Workflow.objects.get(name="Quy trình duyệt chung")
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert task.name == "Người duyệt phê duyệt"
    assert task.groups.filter(name=MODERATORS).exists()
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()


def test_webmaster_manages_menus_redirects_and_images_but_not_users(
    client, portal, sections, make_member
):
    client.force_login(make_member("quantri-cong", WEBMASTERS))
    site_id = portal.site.pk
    assert (
        client.get(f"/admin/settings/core/navigationsettings/{site_id}/").status_code
        == 200
    )
    assert client.get("/admin/redirects/").status_code == 200
    assert client.get("/admin/redirects/add/").status_code == 200
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/searchpicks/").status_code == 200
    assert client.get("/admin/users/").status_code in (302, 403)


def test_section_editor_cannot_edit_menus(intro_editor, portal):
    response = intro_editor.get(
        f"/admin/settings/core/navigationsettings/{portal.site.pk}/"
    )
    assert response.status_code in (302, 403)
