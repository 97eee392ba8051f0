import datetime

from django.utils import timezone

from portal.engagement.models import SiteNotice
from tests.factories import SectionPageFactory


def test_notice_shown_only_inside_its_window(browser, portal, qa_page):
    SiteNotice.objects.all().delete()  # only this test's (the demo has one)
    now = timezone.now()
    SiteNotice.objects.create(
        title="Bảo trì hệ thống đêm nay",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
        level=SiteNotice.Level.WARNING,
    )
    SiteNotice.objects.create(
        title="Thông báo đã hết hạn",
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=1),
    )
    SiteNotice.objects.create(
        title="Thông báo chưa đến giờ",
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=2),
    )
    section = SectionPageFactory(parent=SectionPageFactory(parent=portal.home))
    for url in (portal.home.url, section.url, qa_page.url):
        html = browser.get(url).content.decode()
        assert "Bảo trì hệ thống đêm nay" in html
        assert "Thông báo đã hết hạn" not in html
        assert "Thông báo chưa đến giờ" not in html
        # Before the header, so that screen readers meet it first.
        assert html.index("Bảo trì hệ thống đêm nay") < html.index("site-header")

    # The cached list is filtered by the time of each request.
    assert [
        n.title for n in SiteNotice.shown_at(now + datetime.timedelta(days=1, hours=1))
    ] == ["Thông báo chưa đến giờ"]
    assert SiteNotice.shown_at(now + datetime.timedelta(days=5)) == []


def test_editing_a_notice_shows_at_once(browser, portal):
    assert "Lịch tiếp công dân" not in browser.get(portal.home.url).content.decode()
    now = timezone.now()
    SiteNotice.objects.create(
        title="Lịch tiếp công dân thay đổi",
        starts_at=now - datetime.timedelta(minutes=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    html = browser.get(portal.home.url).content.decode()
    assert "Lịch tiếp công dân thay đổi" in html


def test_end_must_follow_start():
    import pytest
    from django.core.exceptions import ValidationError

    now = timezone.now()
    notice = SiteNotice(title="Sai", starts_at=now, ends_at=now)
    with pytest.raises(ValidationError):
        notice.full_clean()


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server down")

        return fail


def test_notices_survive_a_cache_outage(monkeypatch, db):
    SiteNotice.objects.all().delete()  # only this test's (the demo has one)
    now = timezone.now()
    monkeypatch.setattr("portal.engagement.models.notices.cache", BrokenCache())
    SiteNotice.objects.create(
        title="Nghỉ lễ Quốc khánh",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    assert [n.title for n in SiteNotice.shown_at()] == ["Nghỉ lễ Quốc khánh"]


def test_a_notice_for_one_portal_stays_on_it(browser, portal):
    """Notices are per portal; one without a portal is on all of them."""
    from portal.core.sites import create_member_site

    SiteNotice.objects.all().delete()
    member = create_member_site("Cổng thông tin điện tử huyện Văn Lâm", "vanlam.vn")
    now = timezone.now()
    window = {
        "starts_at": now - datetime.timedelta(hours=1),
        "ends_at": now + datetime.timedelta(hours=1),
    }
    SiteNotice.objects.create(
        title="Huyện tạm ngừng tiếp dân", site=member.site, **window
    )
    SiteNotice.objects.create(title="Bảo trì toàn bộ các cổng", **window)
    province = browser.get("/").content.decode()
    district = browser.get("/", HTTP_HOST="vanlam.vn").content.decode()
    assert (
        "Bảo trì toàn bộ các cổng" in province
        and "Bảo trì toàn bộ các cổng" in district
    )
    assert "Huyện tạm ngừng tiếp dân" in district
    assert "Huyện tạm ngừng tiếp dân" not in province
