import pytest
from django.test import Client

from portal.engagement.models import Poll, PollOption, PollVote
from portal.engagement.polls import AlreadyVoted, VoteRefused, cast_vote

pytestmark = pytest.mark.usefixtures("shared_portal")


def vote(client, poll, option, **extra):
    return client.post(
        f"/danh-gia/{poll.pk}/gui/", {"option": option}, follow=True, **extra
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_vote_is_counted_and_results_show_it(browser, poll):
    option = poll.options.get(label="Hài lòng")
    response = vote(browser, poll, option.pk)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/danh-gia/{poll.pk}/ket-qua/"
    assert messages_of(response) == ["Cảm ơn bạn. Ý kiến của bạn đã được ghi nhận."]
    html = response.content.decode()
    assert "1 phiếu (100,0%)" in html
    assert "<caption>Số phiếu theo từng phương án</caption>" in html
    assert PollVote.objects.filter(option=option).count() == 1


def test_second_vote_from_same_browser_is_refused_politely(browser, poll):
    first, second = poll.options.all()[:2]
    vote(browser, poll, first.pk)
    response = vote(browser, poll, second.pk)
    assert response.status_code == 200
    assert "Bạn đã gửi đánh giá cho cuộc thăm dò này" in messages_of(response)[0]
    assert PollVote.objects.filter(poll=poll).count() == 1
    # The results still show the first vote.
    assert "1 phiếu (100,0%)" in response.content.decode()


def test_tampered_cookie_does_not_block_or_fake_a_vote(browser, poll):
    browser.cookies[f"poll_{poll.pk}"] = "1"  # unsigned: not a proof of a vote
    vote(browser, poll, poll.options.first().pk)
    assert PollVote.objects.filter(poll=poll).count() == 1


def test_closed_poll_refuses_votes(browser, make_poll):
    closed = make_poll(opens_in_days=-30, closes_in_days=-1)
    response = vote(browser, closed, closed.options.first().pk)
    assert response.status_code == 200
    assert messages_of(response) == [
        "Cuộc thăm dò này đã kết thúc, không nhận thêm ý kiến."
    ]
    assert not PollVote.objects.filter(poll=closed).exists()


def test_poll_not_yet_open_refuses_votes(browser, make_poll):
    future = make_poll(opens_in_days=2, closes_in_days=10)
    response = vote(browser, future, future.options.first().pk)
    assert messages_of(response) == ["Cuộc thăm dò này chưa bắt đầu."]
    assert not PollVote.objects.filter(poll=future).exists()


def test_option_of_another_poll_is_refused(browser, poll, make_poll):
    other = make_poll(question="Câu hỏi khác?")
    response = vote(browser, poll, other.options.first().pk)
    assert response.redirect_chain[-1][0] == f"/danh-gia/{poll.pk}/"
    assert messages_of(response) == ["Phương án bạn chọn không thuộc cuộc thăm dò này."]
    assert not PollVote.objects.filter(poll=poll).exists()
    # The service refuses it too, whatever the form said.
    with pytest.raises(VoteRefused):
        cast_vote(poll, other.options.first().pk)


@pytest.mark.parametrize(
    "bad", ["", "abc", "-1", "99999999999999999999", "1; drop", "1\x00"]
)
def test_bad_input_never_500s(browser, poll, bad):
    response = vote(browser, poll, bad)
    assert response.status_code == 200
    assert messages_of(response)
    assert not PollVote.objects.filter(poll=poll).exists()


def test_missing_poll_is_404_and_get_is_not_allowed(browser, poll):
    assert browser.post("/danh-gia/999999/gui/", {"option": 1}).status_code == 404
    assert browser.get(f"/danh-gia/{poll.pk}/gui/").status_code == 405


def test_vote_needs_csrf_token(poll):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/danh-gia/{poll.pk}/gui/", {"option": 1})
    assert response.status_code == 403
    assert not PollVote.objects.filter(poll=poll).exists()


def csrf_browser(poll) -> tuple[Client, str]:
    """A browser that went through the poll page: its CSRF cookie and token."""
    client = Client(enforce_csrf_checks=True)
    client.get(f"/danh-gia/{poll.pk}/")
    return client, client.cookies["csrftoken"].value


def test_same_browser_without_its_vote_cookie_is_refused_by_the_database(poll):
    """The race the signed cookie cannot close: a second request from the same
    browser that left before the first one's cookie came back."""
    client, token = csrf_browser(poll)
    option = poll.options.first().pk
    data = {"option": option, "csrfmiddlewaretoken": token}
    client.post(f"/danh-gia/{poll.pk}/gui/", data, follow=True)
    del client.cookies[f"poll_{poll.pk}"]
    response = client.post(f"/danh-gia/{poll.pk}/gui/", data, follow=True)
    assert "Bạn đã gửi đánh giá cho cuộc thăm dò này" in messages_of(response)[0]
    assert PollVote.objects.filter(poll=poll).count() == 1
    # The browser is told so and remembered, as after its first vote.
    assert client.cookies[f"poll_{poll.pk}"].value
    # Another browser still votes.
    other, token = csrf_browser(poll)
    other.post(
        f"/danh-gia/{poll.pk}/gui/", {"option": option, "csrfmiddlewaretoken": token}
    )
    assert PollVote.objects.filter(poll=poll).count() == 2


def test_cast_vote_refuses_a_second_vote_of_the_same_voter(poll):
    option = poll.options.first()
    cast_vote(poll, option.pk, voter="a" * 64)
    with pytest.raises(AlreadyVoted):
        cast_vote(poll, option.pk, voter="a" * 64)
    cast_vote(poll, option.pk, voter="b" * 64)
    cast_vote(poll, option.pk)  # no browser identity: not constrained
    cast_vote(poll, option.pk)
    assert PollVote.objects.filter(poll=poll).count() == 4


def test_rate_limit_per_address(settings, poll):
    settings.ENGAGEMENT_RATE_LIMITS = {"vote": (3, 3600)}
    option = poll.options.first().pk
    # Fresh browsers (no cookie) from one address, as a stuffing script would do.
    for _ in range(3):
        vote(Client(), poll, option)
    response = vote(Client(), poll, option)
    assert "Bạn đã thao tác quá nhiều lần" in messages_of(response)[0]
    assert PollVote.objects.filter(poll=poll).count() == 3
    # Another address is not affected.
    vote(Client(REMOTE_ADDR="10.1.2.3"), poll, option)
    assert PollVote.objects.filter(poll=poll).count() == 4


def test_rate_limit_uses_forwarded_address_behind_trusted_proxy(settings, poll):
    settings.ENGAGEMENT_RATE_LIMITS = {"vote": (1, 3600)}
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    option = poll.options.first().pk
    vote(Client(), poll, option, HTTP_X_FORWARDED_FOR="1.1.1.1")
    vote(Client(), poll, option, HTTP_X_FORWARDED_FOR="2.2.2.2")
    vote(Client(), poll, option, HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert PollVote.objects.filter(poll=poll).count() == 2


def test_poll_block_and_home_page_show_the_current_poll(browser, portal, make_poll):
    make_poll(question="Cuộc thăm dò đã mở từ lâu", opens_in_days=-30)
    current = make_poll(
        question="Đánh giá của bạn về chất lượng của dịch vụ công trực tuyến"
    )
    hidden = make_poll(
        question="Cuộc thăm dò không đưa lên trang chủ",
        opens_in_days=0,
        show_on_home_page=False,
    )
    assert Poll.objects.current() == current  # the latest opened of those shown
    html = browser.get(portal.home.url).content.decode()
    assert current.question in html
    assert hidden.question not in html
    assert "Cuộc thăm dò đã mở từ lâu" not in html
    assert f'action="/danh-gia/{current.pk}/gui/"' in html
    assert "Gửi đánh giá" in html
    assert "Xem kết quả" in html
    assert 'name="csrfmiddlewaretoken"' in html

    vote(browser, current, current.options.first().pk)
    html = browser.get(portal.home.url).content.decode()
    # After voting the box offers the results, not the form.
    assert f'action="/danh-gia/{current.pk}/gui/"' not in html
    assert "Bạn đã gửi đánh giá. Xin cảm ơn!" in html


def test_results_percentages(browser, poll):
    first, second, third = poll.options.all()
    for option, count in ((first, 3), (second, 1)):
        for _ in range(count):
            cast_vote(poll, option.pk)
    results = {r.option.label: (r.votes, r.percent) for r in poll.results()}
    assert results == {
        "Rất hài lòng": (3, 75.0),
        "Hài lòng": (1, 25.0),
        "Không hài lòng": (0, 0.0),
    }
    html = browser.get(f"/danh-gia/{poll.pk}/ket-qua/").content.decode()
    assert "3 phiếu (75,0%)" in html
    assert 'style="width: 75.0%"' in html
    assert "Tổng số: 4 phiếu" in html


def test_results_page_queries_are_pinned(browser, poll, django_assert_max_num_queries):
    for option in poll.options.all():
        cast_vote(poll, option.pk)
    # With the caches bypassed (uncommitted votes): 12, and the language switch's
    # translations, one query per content version once cached.
    with django_assert_max_num_queries(13):
        assert browser.get(f"/danh-gia/{poll.pk}/ket-qua/").status_code == 200


def test_poll_page_works_without_javascript(browser, poll):
    html = browser.get(f"/danh-gia/{poll.pk}/").content.decode()
    assert '<form method="post"' in html
    assert 'type="radio" name="option"' in html
    assert "<script" not in html.split("<footer")[0].split("</header>")[1]


def test_poll_block_renders_where_an_editor_places_it(rf, poll):
    from django.contrib.sessions.backends.cache import SessionStore

    from portal.engagement.blocks import ENGAGEMENT_STREAM_BLOCKS, PollBlock

    assert dict(ENGAGEMENT_STREAM_BLOCKS)["poll"].__class__ is PollBlock
    block = PollBlock()
    value = block.to_python({"poll": poll.pk, "heading": "Đánh giá dịch vụ công"})
    request = rf.get("/")
    request.session = SessionStore()
    html = block.render(value, context={"request": request})
    assert "Đánh giá dịch vụ công" in html
    assert poll.question in html
    assert f'action="/danh-gia/{poll.pk}/gui/"' in html
    assert html.count('type="radio"') == 3

    # A browser that has voted sees the link to the results instead.
    from django.http import HttpResponse

    from portal.engagement.polls import remember_vote

    response = HttpResponse()
    remember_vote(request, response, poll)
    request.COOKIES[f"poll_{poll.pk}"] = response.cookies[f"poll_{poll.pk}"].value
    html = block.render(value, context={"request": request})
    assert 'type="radio"' not in html
    assert f"/danh-gia/{poll.pk}/ket-qua/" in html


def test_deleted_poll_in_a_block_renders_nothing(rf, db):
    from portal.engagement.blocks import PollBlock

    block = PollBlock()
    value = block.to_python({"poll": 999999, "heading": "x"})
    assert block.render(value, context={"request": rf.get("/")}).strip() == ""


def test_votes_still_work_when_the_rate_limit_cache_is_down(monkeypatch, browser, poll):
    from .test_notices import BrokenCache

    monkeypatch.setattr("portal.core.ratelimit.cache", BrokenCache())
    response = vote(browser, poll, poll.options.first().pk)
    assert messages_of(response) == ["Cảm ơn bạn. Ý kiến của bạn đã được ghi nhận."]
    assert PollVote.objects.filter(poll=poll).count() == 1


def test_home_poll_follows_the_clock_and_changes_at_once(
    browser, portal, make_poll, monkeypatch
):
    """The polls are read once per content version; which one is open is decided
    on every request, so a poll opens and closes on time without a publish."""
    import datetime

    from django.utils import timezone

    from portal.core.caching.version import has_uncommitted_changes
    from tests.factories import committed, run_commit_callbacks

    current = make_poll(question="Đánh giá chất lượng dịch vụ công trực tuyến")
    run_commit_callbacks()  # as an editor's work is: the home page's parts are cached
    assert not has_uncommitted_changes()
    home = portal.home.url
    now = timezone.now()
    with committed():
        later = Poll.objects.create(
            question="Bạn có hài lòng với thủ tục đăng ký khai sinh?",
            opens_at=now + datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(hours=2),
            show_on_home_page=True,
        )
        PollOption.objects.create(poll=later, label="Rất hài lòng", sort_order=0)
    assert current.question in browser.get(home).content.decode()
    assert browser.get(home).status_code == 200  # cached now

    monkeypatch.setattr(
        timezone, "now", lambda: now + datetime.timedelta(hours=1, minutes=1)
    )
    html = browser.get(home).content.decode()
    assert later.question in html and "Rất hài lòng" in html
    monkeypatch.setattr(
        timezone, "now", lambda: now + datetime.timedelta(hours=2, minutes=1)
    )
    assert current.question in browser.get(home).content.decode()

    with committed():
        later.delete()
        current.question = "Câu hỏi vừa sửa"
        current.save()
    assert "Câu hỏi vừa sửa" in browser.get(home).content.decode()


def test_each_portal_shows_its_own_poll(browser, portal, make_poll):
    from portal.core.sites import create_member_site

    member = create_member_site("Cổng thông tin điện tử huyện Văn Lâm", "vanlam.vn")
    province_poll = make_poll(
        question="Đánh giá dịch vụ công của tỉnh", site=portal.site
    )
    district_poll = make_poll(
        question="Đánh giá bộ phận một cửa của huyện", site=member.site
    )
    province = browser.get("/").content.decode()
    district = browser.get("/", HTTP_HOST="vanlam.vn").content.decode()
    assert province_poll.question in province
    assert district_poll.question not in province
    assert district_poll.question in district
    assert province_poll.question not in district
    # One for every portal shows where a portal has none of its own.
    district_poll.delete()
    everywhere = make_poll(question="Khảo sát chung của các cổng", site=None)
    assert (
        everywhere.question in browser.get("/", HTTP_HOST="vanlam.vn").content.decode()
    )
