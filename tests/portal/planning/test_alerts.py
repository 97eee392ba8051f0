"""Following a filtered plan list by e-mail (portal.alerts) hears of the plans
the list shows with its filters, and of no other."""

import datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from .conftest import PlanPageFactory, SectorFactory

pytest.importorskip("portal.alerts")


def test_a_filtered_plan_list_hears_through_its_own_filters(lists):
    from portal.alerts import sending
    from portal.alerts.models import Frequency, Subscriber, Subscription
    from portal.core.changes import last_id
    from portal.core.mail import OutgoingMail
    from search import indexing

    land = SectorFactory(name="Đất đai")
    Subscription.objects.create(
        subscriber=Subscriber.objects.create(email="theodoi@example.vn"),
        label="Quy hoạch đất đai",
        frequency=Frequency.IMMEDIATE,
        confirmed_at=timezone.now(),
        last_change=last_id(),
        kind="list",
        page=lists.plans,
        query=urlencode({"linh-vuc": land.slug, "loai": "quy-hoach"}),
    )
    PlanPageFactory(
        parent=lists.plans,
        title="Quy hoạch sử dụng đất huyện",
        kind="quy-hoach",
        sector=land,
    )
    PlanPageFactory(parent=lists.plans, title="Kế hoạch sử dụng đất năm", sector=land)
    PlanPageFactory(parent=lists.plans, title="Quy hoạch giao thông", kind="quy-hoach")
    indexing.drain()
    sending.run(now=timezone.now() + datetime.timedelta(seconds=30), send=False)
    [mail] = OutgoingMail.objects.filter(kind="alert", to="theodoi@example.vn")
    assert "Quy hoạch sử dụng đất huyện" in mail.text
    assert "Kế hoạch sử dụng đất năm" not in mail.text
    assert "Quy hoạch giao thông" not in mail.text
