"""The demo: the province's leaders, schedule and press; a district's own."""

import io
from types import SimpleNamespace

from django.utils.timezone import localdate

from portal.core.models import PublicBody
from portal.core.sites import create_member_site
from portal.leadership.demo import load_member_demo
from portal.leadership.models import LeaderPage, ScheduleWeek
from portal.leadership.weeks import monday_of


def test_province_and_member_portal_each_have_their_leaders_and_schedule(client, demo):
    province = client.get("/lich-cong-tac/")
    assert province.status_code == 200
    assert "Giao ban lãnh đạo Ủy ban nhân dân tỉnh đầu tuần" in (
        province.content.decode()
    )
    assert ScheduleWeek.objects.filter(
        schedule__url_path__startswith=demo.home.url_path,
        monday=monday_of(localdate()),
    ).exists()
    assert client.get("/hop-bao/").status_code == 200

    member = create_member_site(
        "Cổng thông tin điện tử huyện Văn Lâm",
        "vanlam.localhost",
        body=PublicBody.objects.get(name="Ủy ban nhân dân huyện Văn Lâm"),
    )
    # The member portal has the sections (AppConfig.member_site_sections); the
    # demo fills them in.
    load_member_demo(SimpleNamespace(stdout=io.StringIO()))
    slugs = [page.slug for page in member.sections]
    assert {"lanh-dao", "lich-cong-tac"} <= set(slugs)
    host = f"{member.site.hostname}:{member.site.port}"
    leaders = client.get("/lanh-dao/", HTTP_HOST=host).content.decode()
    assert "Đỗ Văn Hùng" in leaders
    assert "Nguyễn Văn Thành" not in leaders
    week = client.get("/lich-cong-tac/", HTTP_HOST=host)
    assert week.status_code == 200
    assert "Giao ban Thường trực Ủy ban nhân dân huyện" in week.content.decode()
    assert "Giao ban lãnh đạo Ủy ban nhân dân tỉnh" not in week.content.decode()
    assert LeaderPage.objects.filter(slug="do-van-hung").count() == 1
