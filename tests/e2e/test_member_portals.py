"""One installation for the province and its member portals, in a real browser.

A district's editor publishes a legal document on the district's portal, through
its moderator; the province lists it and finds it, another district's editor cannot
touch it, and its permanent address answers on a third portal by redirecting to it.

The member portals are made here, at the live server's port on ``*.localhost``
host names (Chromium resolves every one of them to this machine), and removed with
all they hold when the module ends: with a second site Wagtail's ``page.url`` turns
absolute, which the flows run after this one must not see.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import admin_login, autosaved

PASSWORD = "mat-khau-e2e-123"


@dataclass
class MemberPortal:
    name: str
    url: str  # "http://tienlu-….localhost:<port>", without a trailing slash
    body: object
    home: object
    documents: object  # its "Văn bản" list

    def editor(self):
        from portal.core.sites import EDITORS_OF

        return self._user("bientap", EDITORS_OF)

    def moderator(self):
        from portal.core.sites import MODERATORS_OF

        return self._user("duyet", MODERATORS_OF)

    def _user(self, role: str, group_suffix: str):
        """A user in one of the groups `create_member_site` made for the portal."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        host = urlsplit(self.url).hostname.split(".")[0]
        user = get_user_model().objects.create_user(
            username=f"{role}-{host}", email=f"{role}@{host}.vn", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=self.name + group_suffix))
        user.password_plain = PASSWORD
        return user


@pytest.fixture(scope="module")
def member_portals(e2e_server):
    """Tiên Lữ's, Kim Động's and the Finance Department's portals beside the
    province's, each run by a body of its own; all gone again after the module."""
    import uuid

    from wagtail.models import Site

    from portal.core.models import PublicBody
    from portal.core.sites import create_member_site

    sites_before = set(Site.objects.values_list("pk", flat=True))
    token = uuid.uuid4().hex[:6]
    port = urlsplit(e2e_server.url).port
    made: dict[str, MemberPortal] = {}
    try:
        for key, name, body_name, kind in (
            (
                "tienlu",
                "Cổng thông tin điện tử huyện Tiên Lữ",
                "huyện Tiên Lữ",
                "cap-huyen",
            ),
            (
                "kimdong",
                "Cổng thông tin điện tử huyện Kim Động",
                "huyện Kim Động",
                "cap-huyen",
            ),
            (
                "stc",
                "Trang thông tin điện tử Sở Tài chính",
                "Sở Tài chính",
                "so-ban-nganh",
            ),
        ):
            body_name = f"Ủy ban nhân dân {body_name} {token}"
            body = PublicBody.objects.create(
                name=body_name, slug=PublicBody.slug_for(body_name), kind=kind
            )
            member = create_member_site(
                f"{name} {token}", f"{key}-{token}.localhost", port=port, body=body
            )
            made[key] = MemberPortal(
                name=member.site.site_name,
                url=member.site.root_url,
                body=body,
                home=member.home,
                documents=member.home.get_children().get(slug="van-ban").specific,
            )
        yield made
    finally:
        _remove(made.values())
        assert set(Site.objects.values_list("pk", flat=True)) == sites_before


def _remove(portals) -> None:
    """Everything `create_member_site` made for these portals, their pages and
    what the flows added to them, and the caches that saw several sites."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import caches
    from wagtail.models import Collection, Page, Task, Workflow

    for portal in portals:
        groups = Group.objects.filter(name__startswith=portal.name + " - ")
        get_user_model().objects.filter(groups__in=groups).delete()
        workflows = Workflow.objects.filter(workflow_pages__page=portal.home)
        tasks = Task.objects.filter(workflow_tasks__workflow__in=workflows)
        task_ids, workflow_ids = (
            list(tasks.values_list("pk", flat=True)),
            list(workflows.values_list("pk", flat=True)),
        )
        # The site goes with its root page (and its settings with the site).
        Page.objects.get(pk=portal.home.pk).delete()
        Workflow.objects.filter(pk__in=workflow_ids).delete()
        Task.objects.filter(pk__in=task_ids).delete()
        groups.delete()
        Collection.objects.filter(name=portal.name).delete()
        portal.body.delete()
    for cache in caches.all():
        cache.clear()


def _choose(page, field: str, name: str) -> None:
    """Pick `name` in the snippet chooser of form field `field`, paging through
    its list as an editor does (taxonomy choosers have no search box)."""
    page.locator(f"[data-contentpath='{field}'] button.chooser__choose-button").click()
    modal = page.locator(".modal[aria-hidden='false']")
    pages = modal.locator(".pagination__start")
    expect(pages).to_have_text(re.compile(r"\d"))
    choice = modal.get_by_role("link", name=name, exact=True)
    while not choice.count():
        shown = pages.inner_text()
        modal.locator(".pagination li.next a[href]").click()
        expect(pages).not_to_have_text(shown)
    choice.click()
    expect(page.locator(f"[data-contentpath='{field}'] .chooser__title")).to_have_text(
        name
    )


def test_province_and_member_portal_show_their_own_names(make_page, member_portals):
    page = make_page()
    page.goto("/")
    expect(page.locator(".site-brand__name")).to_have_text(
        "Cổng thông tin điện tử tỉnh Hưng Yên"
    )
    tien_lu = member_portals["tienlu"]
    page.goto(tien_lu.url + "/")
    expect(page).to_have_url(tien_lu.url + "/")
    expect(page.locator(".site-brand__name")).to_have_text(tien_lu.name)
    expect(page.locator("footer")).to_contain_text(tien_lu.body.name)
    expect(page).to_have_title(re.compile(re.escape(tien_lu.name)))
    assert not page.console_errors, page.console_errors


def test_a_member_editor_publishes_a_document_every_portal_shows(
    make_page, member_portals, screenshot, unique
):
    from portal.legal.models import LegalDocumentPage

    tien_lu, kim_dong, third = (
        member_portals["tienlu"],
        member_portals["kimdong"],
        member_portals["stc"],
    )
    number = f"27/KH-UBND-{unique.upper()}"
    title = f"Kế hoạch phát triển vùng nhãn lồng huyện Tiên Lữ năm 2027 {unique}"

    # Tiên Lữ's editor writes it on Tiên Lữ's admin and submits it.
    editor = make_page()
    admin_login(editor, tien_lu.editor(), base_url=tien_lu.url)
    editor.goto(f"{tien_lu.url}/admin/pages/{tien_lu.documents.pk}/")
    editor.get_by_role(
        "link", name=re.compile("Thêm trang con|Add child page")
    ).first.click()
    expect(editor).to_have_url(
        re.compile(rf"/admin/pages/add/legal/legaldocumentpage/{tien_lu.documents.pk}/")
    )
    editor.locator("#id_number").fill(number)
    editor.locator("#id_title").fill(title)
    _choose(editor, "doc_type", "Kế hoạch")
    _choose(editor, "issuing_body", tien_lu.body.name)
    editor.locator("#id_issued_date").fill("05/01/2027")
    editor.locator("#id_number").click()  # closes the date picker
    expect(editor.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    screenshot("bien-tap-vien-soan", editor)
    autosaved(editor)
    editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
    # "Gửi duyệt theo Phê duyệt - <the portal>": the portal's own workflow.
    submit = editor.locator("footer button[name='action-submit']")
    expect(submit).to_contain_text(tien_lu.name)
    submit.click()
    expect(editor.locator(".messages")).to_contain_text(title)
    document = LegalDocumentPage.objects.get(number=number)
    assert not document.live

    # Tiên Lữ's moderator approves it: it is published.
    moderator = make_page()
    admin_login(moderator, tien_lu.moderator(), base_url=tien_lu.url)
    moderator.goto(f"{tien_lu.url}/admin/pages/{document.pk}/edit/")
    moderator.locator("footer [data-w-dropdown-target='toggle']").first.click()
    moderator.locator(
        "footer button[data-workflow-action-name='approve']"
        ":not([data-workflow-action-modal-url])"
    ).click()
    expect(moderator.locator(".messages")).to_contain_text(title)
    document.refresh_from_db()
    assert document.live
    # On Tiên Lữ's portal, at the address of its number.
    canonical = document.full_url
    assert canonical == f"{tien_lu.url}/van-ban/{document.number_key}/"

    # Tiên Lữ's "Văn bản" lists it; so does the province's, by issuing body.
    visitor = make_page()
    visitor.goto(f"{tien_lu.url}/van-ban/")
    expect(visitor.get_by_role("link", name=title)).to_be_visible()
    screenshot("van-ban-cong-thanh-phan", visitor)
    visitor.goto(f"/van-ban/?co-quan={tien_lu.body.slug}")
    link = visitor.get_by_role("link", name=title)
    expect(link).to_have_attribute("href", canonical)
    screenshot("van-ban-toan-tinh", visitor)

    # A province-wide search finds it, without diacritics; the hit leads there.
    visitor.goto(f"/tim-kiem/?q=ke+hoach+nhan+long+tien+lu+{unique}")
    visitor.get_by_role("link", name=title).first.click()
    expect(visitor).to_have_url(canonical)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(title)

    # Its permanent address on a third portal redirects to it on Tiên Lữ's.
    visitor.goto(f"{third.url}/van-ban/so/{document.number_key}/")
    expect(visitor).to_have_url(canonical)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(title)
    assert not visitor.console_errors, visitor.console_errors

    # Kim Động's editor cannot open it in the admin: the edit view sends them to
    # the dashboard, and Tiên Lữ's list is outside their explorer.
    intruder = make_page()
    admin_login(intruder, kim_dong.editor(), base_url=kim_dong.url)
    intruder.goto(f"{kim_dong.url}/admin/pages/{document.pk}/edit/")
    expect(intruder).to_have_url(f"{kim_dong.url}/admin/")
    expect(intruder.locator("#page-edit-form")).to_have_count(0)
    intruder.goto(f"{kim_dong.url}/admin/pages/{tien_lu.documents.pk}/")
    expect(intruder).to_have_url(f"{kim_dong.url}/admin/pages/{kim_dong.home.pk}/")
    expect(intruder.get_by_text(title)).to_have_count(0)
    document.refresh_from_db()
    assert (document.title, document.has_unpublished_changes) == (title, False)
