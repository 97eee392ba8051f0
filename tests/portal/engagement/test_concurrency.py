"""No lost votes and no double votes: 200 votes fired at once at PostgreSQL
are all counted, and ten fired at once by one browser count once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.utils.crypto import get_random_string

from portal.engagement.models import Poll, PollOption, PollVote

VOTES = 200
THREADS = 25


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("The concurrency test needs PostgreSQL (set DATABASE_URL).")


@pytest.fixture
def yes_no(postgres_only, settings):
    """A poll whose rate limit lets every vote of a test through: its options."""
    settings.ENGAGEMENT_RATE_LIMITS = {"vote": (VOTES, 3600)}
    poll = Poll.objects.create(question="Bạn có hài lòng không?")
    yes = PollOption.objects.create(poll=poll, label="Có", sort_order=0)
    no = PollOption.objects.create(poll=poll, label="Không", sort_order=1)
    return yes, no


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_votes_are_all_counted(yes_no):
    yes, no = yes_no
    poll = yes.poll
    start = threading.Barrier(THREADS)

    def fire(i: int) -> int:
        try:
            if i < THREADS:
                start.wait(timeout=30)  # first wave leaves together
            client = Client(REMOTE_ADDR=f"10.0.{i // 250}.{i % 250 + 1}")
            option = yes if i % 4 else no
            response = client.post(f"/danh-gia/{poll.pk}/gui/", {"option": option.pk})
            return response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = list(pool.map(fire, range(VOTES)))

    assert statuses == [302] * VOTES
    assert PollVote.objects.filter(poll=poll).count() == VOTES
    results = {r.option.label: r.votes for r in poll.results()}
    assert results == {"Có": 150, "Không": 50}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_votes_from_one_browser_count_once(yes_no):
    yes, _no = yes_no
    poll = yes.poll
    # One browser: the CSRF cookie and token a poll page gave it (any 32
    # letters do), sent ten times at once before any answer (and its vote
    # cookie) came back.
    token = get_random_string(32)
    start = threading.Barrier(10)

    def fire(_i: int) -> int:
        try:
            client = Client(enforce_csrf_checks=True)
            client.cookies["csrftoken"] = token
            start.wait(timeout=30)
            response = client.post(
                f"/danh-gia/{poll.pk}/gui/",
                {"option": yes.pk, "csrfmiddlewaretoken": token},
            )
            return response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(fire, range(10)))

    assert statuses == [302] * 10
    assert PollVote.objects.filter(poll=poll).count() == 1
