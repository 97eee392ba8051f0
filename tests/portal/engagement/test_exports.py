"""Exports of what citizens typed cannot be turned into spreadsheet formulas."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.core.exports import neutralise
from portal.engagement.models import ContactMessage, PageFeedback, Poll, PollOption
from tests.factories import (
    ContactPageFactory,
    DraftCommentFactory,
    DraftIndexPageFactory,
    DraftPageFactory,
    QuestionFactory,
    SectionPageFactory,
)

pytestmark = pytest.mark.usefixtures("shared_portal")

ATTACK = "=cmd|' /C calc'!A0"
OTHER_ATTACKS = ["+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def export_rows(admin_client, url: str) -> list[list[str]]:
    response = admin_client.get(url)
    assert response.status_code == 200
    content = (
        response.getvalue()
        if not response.streaming
        else b"".join(response.streaming_content)
    )
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def contact_submission(portal, subject, message):
    """A contact message as a contact page keeps it; its submissions' URL."""
    page = ContactPageFactory(parent=portal.home)
    ContactMessage.objects.create(
        page=page,
        form_data={
            "name": "Nguyễn Văn A",
            "email": "a@example.vn",
            "subject": subject,
            "message": message,
        },
    )
    return reverse("wagtailforms:list_submissions", args=[page.pk])


def make_contact(portal):
    return contact_submission(portal, ATTACK, "@SUM(A1)") + "?export=csv"


def make_question(portal):
    QuestionFactory(pending=True, asker_name=ATTACK, question="-2+3")
    return "/admin/snippets/engagement/question/?export=csv"


def make_draft_comment(portal):
    DraftCommentFactory(
        draft=DraftPageFactory(parent=DraftIndexPageFactory(parent=portal.home)),
        name=ATTACK,
        email="b@example.vn",
        comment="+1+1",
        article="Điều 2",
    )
    return "/admin/snippets/engagement/draftcomment/?export=csv"


def make_page_feedback(portal):
    page = SectionPageFactory(parent=portal.home)
    PageFeedback.objects.create(page=page, helpful=False, comment=ATTACK)
    return "/admin/snippets/engagement/pagefeedback/?export=csv"


@pytest.mark.parametrize(
    "make", [make_contact, make_question, make_draft_comment, make_page_feedback]
)
def test_csv_exports_neutralise_formulas(admin_client, portal, make):
    rows = export_rows(admin_client, make(portal))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + ATTACK in cells
    assert ATTACK not in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_xlsx_export_keeps_such_text_as_text(admin_client, portal):
    response = admin_client.get(
        contact_submission(portal, ATTACK, "x") + "?export=xlsx"
    )
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    attack = [cell for cell in cells if cell.value == ATTACK]
    assert attack and all(cell.data_type == "s" for cell in attack)


def test_numbers_stay_numbers(admin_client):
    question = QuestionFactory()
    rows = export_rows(admin_client, "/admin/snippets/engagement/question/?export=csv")
    assert [str(question.pk)] == [
        row[0] for row in rows[1:] if row[0] == str(question.pk)
    ]


def test_poll_results_and_feedback_report(admin_client, portal):
    poll = Poll.objects.create(question=ATTACK)
    PollOption.objects.create(poll=poll, label="-1", sort_order=0)
    PollOption.objects.create(poll=poll, label="Có", sort_order=1)
    rows = export_rows(
        admin_client, f"/admin/snippets/engagement/poll/results/{poll.pk}/csv/"
    )
    assert rows[0][1] == "'" + ATTACK
    assert rows[3] == ["'-1", "0", "0.0"]

    page = SectionPageFactory(
        parent=portal.home, title='=HYPERLINK("http://example.com")'
    )
    PageFeedback.objects.create(page=page, helpful=False)
    rows = export_rows(
        admin_client, reverse("engagement_feedback_report") + "?export=csv"
    )
    titles = [row[0] for row in rows[1:]]
    assert "'" + page.title in titles


@pytest.mark.parametrize("value", OTHER_ATTACKS)
def test_every_formula_start_is_neutralised(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Hưng Yên") == "Hưng Yên"
    assert neutralise(-5) == -5
    assert neutralise(None) is None
