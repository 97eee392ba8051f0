import io

from django.core.management import call_command

from portal.engagement.models import (
    ContactPage,
    DraftComment,
    DraftIndexPage,
    DraftPage,
    Poll,
    PollVote,
    Question,
    QuestionIndexPage,
    SiteNotice,
)


def counts():
    return (
        Poll.objects.count(),
        PollVote.objects.count(),
        Question.objects.count(),
        DraftPage.objects.count(),
        DraftComment.objects.count(),
        SiteNotice.objects.count(),
    )


def test_demo_content_is_there_and_idempotent(demo):
    assert QuestionIndexPage.objects.get().slug == "hoi-dap"
    assert DraftIndexPage.objects.get().slug == "lay-y-kien-du-thao"
    assert ContactPage.objects.get().slug == "lien-he"
    poll = Poll.objects.current()
    assert poll.is_open()
    assert poll.votes.count() > 0
    assert Question.objects.published().count() >= 3
    assert Question.objects.filter(status=Question.Status.PENDING).count() == 1
    draft = DraftPage.objects.get(slug="du-thao-han-muc-giao-dat-o")
    assert draft.is_open() and draft.document is not None
    assert draft.comments.filter(status="approved").count() == 2

    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before


def test_engagement_pages_render(browser, demo):
    for url in (
        "/hoi-dap/",
        "/lay-y-kien-du-thao/",
        "/lay-y-kien-du-thao/du-thao-han-muc-giao-dat-o/",
        "/lien-he/",
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert 'lang="vi"' in response.content.decode()


def test_the_ended_demo_consultation_shows_its_report(browser, demo):
    draft = DraftPage.objects.get(slug="du-thao-quy-dinh-phi-tham-quan")
    assert not draft.is_open() and draft.shows_report()
    assert draft.public_comments().count() == 2
    html = browser.get(draft.url).content.decode()
    assert "Báo cáo tiếp thu, giải trình ý kiến góp ý" in html
    assert "miễn phí tham quan cho người cao tuổi" in html
    assert "gopy@example.vn" not in html
