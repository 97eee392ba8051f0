"""legal_refresh_status re-queues documents whose status changed with the date."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.legal.models import StatusRefreshRun
from portal.legal.signals import reindex_requested

TODAY = timezone.localdate()
pytestmark = pytest.mark.usefixtures("pinned_today")
DAY = datetime.timedelta(days=1)


def test_requeues_documents_whose_dates_passed(make_document):
    took_effect = make_document(issued_date=TODAY - 30 * DAY, effective_date=TODAY)
    expired = make_document(issued_date=TODAY - 300 * DAY, expiry_date=TODAY)
    replaced = make_document(number="40/2020/QĐ-TN", issued_date=TODAY - 300 * DAY)
    make_document(
        issued_date=TODAY - 10 * DAY,
        effective_date=TODAY,
        relations=[("thay_the", "40/2020/QĐ-TN")],
    )
    untouched = make_document(issued_date=TODAY - 300 * DAY)

    received = []

    def receiver(sender, pages, **kwargs):
        received.extend(page.pk for page in pages)

    reindex_requested.connect(receiver)
    try:
        out = io.StringIO()
        call_command("legal_refresh_status", stdout=out)
    finally:
        reindex_requested.disconnect(receiver)
    assert {took_effect.pk, expired.pk, replaced.pk} <= set(received)
    assert untouched.pk not in received
    assert StatusRefreshRun.objects.latest().ran_for == TODAY
    assert "Hết hiệu lực toàn bộ" in out.getvalue()

    # The next run the same day has nothing new to do.
    received.clear()
    reindex_requested.connect(receiver)
    try:
        call_command("legal_refresh_status", stdout=io.StringIO())
    finally:
        reindex_requested.disconnect(receiver)
    assert received == []
