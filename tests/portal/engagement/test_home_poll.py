"""The poll section of the home page (portal.engagement.blocks)."""

import pytest

from portal.engagement.models import Poll
from tests.factories import PollFactory

pytestmark = pytest.mark.django_db


def publish_sections(home, sections):
    home.sections = sections
    home.save_revision().publish()


def test_an_editor_may_choose_the_poll(client, portal):
    PollFactory(show_on_home_page=True, question="Khảo sát mặc định?")
    chosen = PollFactory(show_on_home_page=False, question="Khảo sát được chọn?")
    publish_sections(
        portal.home,
        [{"type": "poll", "value": {"poll": chosen.pk, "heading": "Ý kiến của bạn"}}],
    )
    html = client.get("/").content.decode()
    assert "Khảo sát được chọn?" in html
    assert "Ý kiến của bạn" in html
    assert "Khảo sát mặc định?" not in html


def test_without_a_choice_the_open_home_poll_shows(client, portal):
    Poll.objects.update(show_on_home_page=False)  # the demo's
    PollFactory(show_on_home_page=True, question="Khảo sát mặc định?")
    publish_sections(portal.home, [{"type": "poll", "value": {"poll": None}}])
    html = client.get("/").content.decode()
    assert "Khảo sát mặc định?" in html
    # Its usual heading, and a form with this visitor's token.
    assert "Đánh giá chất lượng dịch vụ" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_no_open_poll_no_box(client, portal):
    Poll.objects.update(show_on_home_page=False)
    publish_sections(portal.home, [{"type": "poll", "value": {"poll": None}}])
    assert 'class="box poll"' not in client.get("/").content.decode()
