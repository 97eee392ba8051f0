"""Moving the contact page onto Wagtail's form builder keeps every message citizens
sent: each becomes a submission of the contact page, its answers under the old
columns' names, and the page gets the fields its form had."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from portal.engagement.models import ContactFormField, ContactMessage, ContactPage
from tests.factories import ContactPageFactory
from tests.migrating import migrate_back, migrate_forward

APP = "engagement"
MIGRATION_NAME = "contact_page_on_wagtail_forms"


def migration_before() -> tuple[str, str]:
    """The engagement migration before the one that moves the form."""
    graph = MigrationExecutor(connection).loader.graph
    [node] = [
        key for key in graph.nodes if key[0] == APP and key[1].endswith(MIGRATION_NAME)
    ]
    [before] = [
        parent.key for parent in graph.node_map[node].parents if parent.key[0] == APP
    ]
    return before


@pytest.mark.django_db(transaction=True)
def test_messages_become_submissions_of_the_contact_page(portal):
    before = migration_before()
    page_pk = ContactPageFactory(parent=portal.home, form_fields=[]).pk
    # Messages named no page: the migration gives them to the first contact page.
    first_pk = ContactPage.objects.order_by("path").values_list("pk", flat=True)[0]
    old_apps = migrate_back([before])
    OldMessage = old_apps.get_model(APP, "ContactMessage")
    sent = timezone.now() - datetime.timedelta(days=3)
    old = OldMessage.objects.create(
        name="Bùi Thị Thu",
        email="thu@example.vn",
        phone="",
        subject="Góp ý giao diện",
        message="Đề nghị tăng cỡ chữ.\nCảm ơn.",
        submitted_at=sent,
        emailed=True,
    )
    unsent = OldMessage.objects.create(
        name="Trần Văn B",
        email="b@example.vn",
        phone="0912 345 678",
        subject="Hỏi về lịch tiếp dân",
        message="Xin hỏi lịch tiếp công dân tháng này.",
        submitted_at=sent,
        emailed=False,
    )

    migrate_forward()

    submission = ContactMessage.objects.get(pk=old.pk)
    assert submission.page_id == first_pk
    assert submission.form_data == {
        "name": "Bùi Thị Thu",
        "email": "thu@example.vn",
        "phone": "",
        "subject": "Góp ý giao diện",
        "message": "Đề nghị tăng cỡ chữ.\nCảm ơn.",
    }
    assert submission.submit_time == sent
    assert submission.emailed is True
    assert ContactMessage.objects.get(pk=unsent.pk).emailed is False
    fields = ContactFormField.objects.filter(page_id=page_pk).order_by("sort_order")
    assert [(f.clean_name, f.label, f.field_type) for f in fields] == [
        ("name", "Họ và tên", "singleline"),
        ("email", "Thư điện tử", "email"),
        ("phone", "Điện thoại", "singleline"),
        ("subject", "Tiêu đề", "singleline"),
        ("message", "Nội dung", "multiline"),
    ]
    # The admin's export reads them like any submission sent since.
    page = ContactPage.objects.get(pk=page_pk)
    headings = dict(page.get_data_fields())
    data = submission.get_data()
    assert {headings[name]: data[name] for name in ("subject", "emailed")} == {
        "Tiêu đề": "Góp ý giao diện",
        "Đã gửi thư": "Có",
    }

    # And back: the columns get their answers again.
    old_apps = migrate_back([before])
    restored = old_apps.get_model(APP, "ContactMessage").objects.get(pk=old.pk)
    assert (restored.subject, restored.message) == (
        "Góp ý giao diện",
        "Đề nghị tăng cỡ chữ.\nCảm ơn.",
    )
    migrate_forward()
