import contextlib
import datetime
import uuid

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.core.models import PortalSettings
from portal.engagement.models import Poll, PollOption, PollVote
from portal.engagement.online import get_counter
from tests.factories import (
    ContactPageFactory,
    DraftIndexPageFactory,
    QuestionIndexPageFactory,
    QuestionTopicFactory,
)

BROWSER_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Rate limits, notices and the online counter live in the cache, or in Redis when
    REDIS_URL is set (as CI does on PostgreSQL): every test starts with its own."""
    settings.ENGAGEMENT_ONLINE_PREFIX = f"test-online-{uuid.uuid4().hex}"
    cache.clear()
    get_counter.cache_clear()
    yield
    # A test may have pointed the counter at a Redis that is down.
    with contextlib.suppress(Exception):
        get_counter().reset()
    cache.clear()
    get_counter.cache_clear()


@pytest.fixture
def make_poll(db):
    """make_poll(question=..., options=(...), votes={"Hài lòng": 3}, ...): a poll open
    since yesterday for thirty days, with the votes given per option."""

    def make(
        question="Đánh giá của bạn về chất lượng dịch vụ?",
        options=("Rất hài lòng", "Hài lòng", "Không hài lòng"),
        opens_in_days=-1,
        closes_in_days=30,
        votes=None,
        **fields,
    ):
        votes = votes or {}
        now = timezone.now()
        poll = Poll.objects.create(
            question=question,
            opens_at=now + datetime.timedelta(days=opens_in_days),
            closes_at=(
                None
                if closes_in_days is None
                else now + datetime.timedelta(days=closes_in_days)
            ),
            **fields,
        )
        for order, label in enumerate(options):
            option = PollOption.objects.create(poll=poll, label=label, sort_order=order)
            PollVote.objects.bulk_create(
                PollVote(poll=poll, option=option) for _ in range(votes.get(label, 0))
            )
        return poll

    return make


@pytest.fixture
def poll(make_poll):
    return make_poll()


@pytest.fixture
def browser(client):
    """A client that looks like a citizen's phone browser."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    return client


@pytest.fixture
def portal_email():
    """The e-mail address in the portal settings of the `contact_page`'s site."""
    return "banbientap@example.gov.vn"


@pytest.fixture
def contact_page(portal, portal_email):
    """A contact page of the `portal`, whose site settings give the portal's e-mail
    address (the default recipient)."""
    settings = PortalSettings.for_site(portal.site)
    settings.email = portal_email
    settings.save()
    return ContactPageFactory(parent=portal.home)


@pytest.fixture
def qa_page(portal):
    """The `portal`'s questions and answers page, without questions yet."""
    return QuestionIndexPageFactory(parent=portal.home)


@pytest.fixture
def land(qa_page):
    """A topic of questions, beside the Q&A page that lists them."""
    return QuestionTopicFactory(name="Đất đai", slug="dat-dai")


@pytest.fixture
def drafts_index(portal):
    """The `portal`'s index of drafts put out for comment, without drafts yet."""
    return DraftIndexPageFactory(parent=portal.home)
