"""The demo's plans and projects, loaded twice, and a member portal's lists."""

import datetime
import io
from types import SimpleNamespace

from django.apps import apps

from portal.planning import demo
from portal.planning.models import (
    PlanIndexPage,
    PlanPage,
    ProjectIndexPage,
    ProjectPage,
)


def command():
    return SimpleNamespace(stdout=io.StringIO(), stderr=io.StringIO())


def test_demo_is_idempotent_and_tells_the_real_planning(client, portal):
    demo.load_demo(command(), portal.home)
    plans = PlanIndexPage.objects.child_of(portal.home).get()
    projects = ProjectIndexPage.objects.child_of(portal.home).get()
    counts = (
        PlanPage.objects.child_of(plans).count(),
        ProjectPage.objects.child_of(projects).count(),
    )
    assert counts == (len(demo.EXAMPLE_PLANS) + 1, len(demo.EXAMPLE_PROJECTS))
    demo.load_demo(command(), portal.home)
    assert (
        PlanPage.objects.child_of(plans).count(),
        ProjectPage.objects.child_of(projects).count(),
    ) == counts

    planning = PlanPage.objects.child_of(plans).get(
        slug=demo.PROVINCIAL_PLANNING["slug"]
    )
    assert planning.decision_number == "489/QĐ-TTg"
    assert planning.decision_date == datetime.date(2024, 6, 10)
    assert (planning.period_start, planning.period_end, planning.vision_year) == (
        2021,
        2030,
        2050,
    )
    assert planning.maps.count() == 2 and planning.attachments.count() == 1
    html = client.get(plans.url).content.decode()
    assert planning.title in html
    html = client.get(projects.url + "?loai=mua-sam").content.decode()
    assert "Mua sắm thiết bị dạy học" in html


def test_a_member_portal_gets_its_own_lists(portal):
    config = apps.get_app_config("planning")
    pages = config.member_site_sections(portal.home)
    assert [page.slug for page in pages] == ["quy-hoach-ke-hoach", "du-an-dau-tu"]
    assert all(page.live for page in pages)
    # Asked again, it finds them.
    assert [p.pk for p in config.member_site_sections(portal.home)] == [
        p.pk for p in pages
    ]


def test_a_district_portal_shows_its_own_project(client, portal):
    from portal.core.sites import create_member_site
    from tests.factories import forget_site_roots

    member = create_member_site("Cổng thông tin điện tử huyện Thử", "vanlam.localhost")
    forget_site_roots()
    demo.load_member_demo(command())
    projects = ProjectIndexPage.objects.child_of(member.home).get()
    project = ProjectPage.objects.child_of(projects).get()
    assert project.investor == "Ủy ban nhân dân huyện Văn Lâm"
    response = client.get(
        "/du-an-dau-tu/", HTTP_HOST="vanlam.localhost", SERVER_PORT=member.site.port
    )
    assert project.title in response.content.decode()
    # The province's own list does not show it.
    demo.load_demo(command(), portal.home)
    assert project.title not in client.get("/du-an-dau-tu/").content.decode()
