"""Tình trạng hiệu lực: computed from dates and acting documents, never stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.legal.models import LegalDocumentPage, Status

TODAY = timezone.localdate()
pytestmark = pytest.mark.usefixtures("pinned_today", "shared_portal")
DAY = datetime.timedelta(days=1)
YEAR = datetime.timedelta(days=365)


def fresh(page):
    return LegalDocumentPage.objects.get(pk=page.pk)


def test_in_force_when_nothing_acts_on_it(make_document):
    doc = make_document(issued_date=TODAY - YEAR)
    assert doc.status == Status.IN_FORCE
    assert doc.status_label == "Còn hiệu lực"


def test_not_yet_in_force_until_the_effective_date(make_document):
    doc = make_document(issued_date=TODAY, effective_date=TODAY + 10 * DAY)
    assert doc.status == Status.NOT_YET_IN_FORCE
    # The same document seen on its effective date: the status follows the clock.
    on_the_day = LegalDocumentPage.objects.filter(pk=doc.pk).with_status(
        TODAY + 10 * DAY
    )
    assert on_the_day.get().computed_status == Status.IN_FORCE


def test_expired_on_its_expiry_date(make_document):
    doc = make_document(issued_date=TODAY - YEAR, expiry_date=TODAY)
    assert doc.status == Status.OUT_OF_FORCE
    assert [str(c.label) for c in doc.status_causes()] == ["Hết hiệu lực từ ngày"]
    yesterday = LegalDocumentPage.objects.filter(pk=doc.pk).with_status(TODAY - DAY)
    assert yesterday.get().computed_status == Status.IN_FORCE


def test_replaced_document_is_wholly_out_of_force_with_its_cause(make_document):
    old = make_document(number="10/2019/QĐ-TN", issued_date=TODAY - 2 * YEAR)
    new = make_document(
        issued_date=TODAY - YEAR, relations=[("thay_the", "10/2019/QĐ-TN")]
    )
    old = fresh(old)
    assert old.status == Status.OUT_OF_FORCE
    causes = old.status_causes()
    assert [(str(c.label), c.document.pk) for c in causes] == [
        ("Bị thay thế bởi", new.pk)
    ]


def test_replacement_not_yet_in_force_leaves_the_old_one_in_force(make_document):
    old = make_document(number="11/2019/QĐ-TN", issued_date=TODAY - YEAR)
    make_document(
        issued_date=TODAY,
        effective_date=TODAY + 30 * DAY,
        relations=[("thay_the", "11/2019/QĐ-TN")],
    )
    assert fresh(old).status == Status.IN_FORCE
    later = LegalDocumentPage.objects.filter(pk=old.pk).with_status(TODAY + 30 * DAY)
    assert later.get().computed_status == Status.OUT_OF_FORCE


def test_amended_document_is_partly_out_of_force(make_document):
    old = make_document(number="12/2019/QĐ-TN", issued_date=TODAY - YEAR)
    make_document(
        issued_date=TODAY - DAY, relations=[("sua_doi_bo_sung", "12/2019/QĐ-TN")]
    )
    assert fresh(old).status == Status.PARTLY_OUT_OF_FORCE


def test_partial_repeal_is_partial_and_full_repeal_is_full(make_document):
    partly = make_document(number="13/2019/QĐ-TN", issued_date=TODAY - YEAR)
    wholly = make_document(number="14/2019/QĐ-TN", issued_date=TODAY - YEAR)
    make_document(
        issued_date=TODAY - DAY,
        relations=[("bai_bo", "13/2019/QĐ-TN", True), ("bai_bo", "14/2019/QĐ-TN")],
    )
    assert fresh(partly).status == Status.PARTLY_OUT_OF_FORCE
    assert fresh(wholly).status == Status.OUT_OF_FORCE


def test_suspension_stops_force_without_ending_it(make_document):
    doc = make_document(number="15/2019/QĐ-TN", issued_date=TODAY - YEAR)
    suspending = make_document(
        number="3/2025/QĐ-TN",
        issued_date=TODAY - DAY,
        relations=[("dinh_chi", "15/2019/QĐ-TN")],
    )
    doc = fresh(doc)
    assert doc.status == Status.SUSPENDED
    assert doc.status_label == "Ngưng hiệu lực toàn bộ"
    assert doc.legal_force == "https://schema.org/NotInForce"
    [cause] = doc.status_causes()
    assert (str(cause.label), cause.document) == ("Bị đình chỉ bởi", suspending)
    # The suspension lifted (the suspending document withdrawn): in force again.
    suspending.unpublish()
    assert fresh(doc).status == Status.IN_FORCE


def test_a_suspension_applies_until_its_last_day(make_document):
    doc = make_document(number="17/2019/QĐ-TN", issued_date=TODAY - YEAR)
    make_document(
        issued_date=TODAY - 10 * DAY,
        relations=[("dinh_chi", "17/2019/QĐ-TN", False, TODAY + 5 * DAY)],
    )
    assert fresh(doc).status == Status.SUSPENDED
    assert fresh(doc).status_causes()[0].until == TODAY + 5 * DAY
    on = LegalDocumentPage.objects.filter(pk=doc.pk)
    assert on.with_status(TODAY + 5 * DAY).get().computed_status == Status.SUSPENDED
    after = on.with_status(TODAY + 6 * DAY).get().computed_status
    assert after == Status.IN_FORCE
    # The day it ends is a day the status changes: the document is re-indexed.
    from portal.legal.status_refresh import documents_with_status_change

    changed = documents_with_status_change(TODAY + 5 * DAY, TODAY + 6 * DAY)
    assert doc.pk in {page.pk for page in changed}


def test_a_partial_suspension(make_document):
    doc = make_document(number="18/2019/QĐ-TN", issued_date=TODAY - YEAR)
    make_document(
        issued_date=TODAY - DAY, relations=[("dinh_chi", "18/2019/QĐ-TN", True)]
    )
    assert fresh(doc).status == Status.PARTLY_SUSPENDED
    assert fresh(doc).status_label == "Ngưng hiệu lực một phần"


def test_a_repeal_outranks_a_suspension(make_document):
    doc = make_document(number="19/2019/QĐ-TN", issued_date=TODAY - YEAR)
    make_document(
        issued_date=TODAY - 5 * DAY, relations=[("dinh_chi", "19/2019/QĐ-TN")]
    )
    make_document(issued_date=TODAY - DAY, relations=[("bai_bo", "19/2019/QĐ-TN")])
    assert fresh(doc).status == Status.OUT_OF_FORCE
    assert [str(c.label) for c in fresh(doc).status_causes()] == [
        "Bị bãi bỏ, hủy bỏ bởi"
    ]


def test_only_a_suspension_has_a_last_day(make_document):
    from portal.legal.models import DocumentRelation

    relation = DocumentRelation(kind="bai_bo", target_number="1/QĐ", until=TODAY)
    with pytest.raises(ValidationError) as refused:
        relation.clean()
    assert "until" in refused.value.message_dict


def test_basis_and_related_do_not_change_status(make_document):
    doc = make_document(number="16/2019/QĐ-TN", issued_date=TODAY - YEAR)
    make_document(
        issued_date=TODAY - DAY,
        relations=[("can_cu", "16/2019/QĐ-TN"), ("lien_quan", "16/2019/QĐ-TN")],
    )
    assert fresh(doc).status == Status.IN_FORCE


def test_unpublished_replacement_does_not_count(make_document):
    old = make_document(number="17/2019/QĐ-TN", issued_date=TODAY - YEAR)
    new = make_document(
        issued_date=TODAY - DAY, relations=[("thay_the", "17/2019/QĐ-TN")]
    )
    new.unpublish()
    assert fresh(old).status == Status.IN_FORCE


def test_editor_override_wins_and_needs_a_reason(make_document):
    doc = make_document(issued_date=TODAY - YEAR)
    doc.status_override = Status.OUT_OF_FORCE
    with pytest.raises(ValidationError) as error:
        doc.full_clean()
    assert "status_override_reason" in error.value.message_dict
    doc.status_override_reason = "Bị bãi bỏ theo Quyết định chưa số hóa"
    doc.save()
    doc = fresh(doc)
    assert doc.status == Status.OUT_OF_FORCE
    assert doc.status_causes()[0].note == "Bị bãi bỏ theo Quyết định chưa số hóa"


def test_list_filter_and_property_agree(make_document):
    docs = [
        make_document(issued_date=TODAY - YEAR),
        make_document(issued_date=TODAY, effective_date=TODAY + DAY),
        make_document(issued_date=TODAY - YEAR, expiry_date=TODAY - DAY),
    ]
    annotated = {
        page.pk: page.computed_status
        for page in LegalDocumentPage.objects.filter(
            pk__in=[d.pk for d in docs]
        ).with_status()
    }
    assert annotated == {d.pk: fresh(d).status.value for d in docs}
    assert (
        LegalDocumentPage.objects.with_status_code("chua-co-hieu-luc")
        .filter(pk=docs[1].pk)
        .exists()
    )


def test_timeline_tells_the_life_of_the_document(make_document):
    old = make_document(
        number="18/2019/QĐ-TN",
        issued_date=datetime.date(2019, 3, 1),
        effective_date=datetime.date(2019, 3, 15),
    )
    make_document(
        number="19/2021/QĐ-TN",
        issued_date=datetime.date(2021, 5, 1),
        relations=[("sua_doi_bo_sung", "18/2019/QĐ-TN")],
    )
    make_document(
        number="20/2022/QĐ-TN",
        issued_date=datetime.date(2022, 1, 1),
        effective_date=datetime.date(2022, 2, 1),
        relations=[("thay_the", "18/2019/QĐ-TN")],
    )
    events = [
        (e.date.isoformat(), e.label, e.document and e.document.number)
        for e in fresh(old).timeline()
    ]
    assert events == [
        ("2019-03-01", "Ban hành", None),
        ("2019-03-15", "Có hiệu lực", None),
        ("2021-05-01", "Được sửa đổi, bổ sung bởi", "19/2021/QĐ-TN"),
        ("2022-02-01", "Bị thay thế bởi", "20/2022/QĐ-TN"),
    ]


def test_demo_statuses(demo):
    # The demo is the subject: its sample documents show every status.
    by_number = {
        page.number: page.computed_status
        for page in LegalDocumentPage.objects.live().with_status()
    }
    assert by_number["146/KH-UBND"] == Status.IN_FORCE
    assert by_number["30c/NQ-CP"] == Status.OUT_OF_FORCE
    assert by_number["01/2020/QĐ-UBND"] == Status.OUT_OF_FORCE
    assert by_number["12/2019/QĐ-UBND"] == Status.OUT_OF_FORCE
    assert by_number["61/2018/NĐ-CP"] == Status.PARTLY_OUT_OF_FORCE
    assert by_number["08/2021/QĐ-UBND"] == Status.PARTLY_OUT_OF_FORCE
    # The demo's "not yet in force" example takes effect on 01/03/2027.
    if timezone.localdate() < datetime.date(2027, 3, 1):
        assert by_number["25/2026/QĐ-UBND"] == Status.NOT_YET_IN_FORCE


def test_page_and_print_view_say_the_same_of_a_suspension(client, make_document):
    doc = make_document(number="20/2019/QĐ-TN", issued_date=TODAY - YEAR)
    make_document(
        number="4/2025/QĐ-TN",
        issued_date=TODAY - DAY,
        relations=[("dinh_chi", "20/2019/QĐ-TN", False, TODAY + 30 * DAY)],
    )
    doc = fresh(doc)
    page_html = client.get(doc.url).content.decode()
    print_html = client.get(doc.url + doc.reverse_subpage("print")).content.decode()
    until = (TODAY + 30 * DAY).strftime("%d/%m/%Y")
    for html in (page_html, print_html):
        assert "Tình trạng hiệu lực: Ngưng hiệu lực toàn bộ" in html
        assert "Bị đình chỉ bởi" in html and "4/2025/QĐ-TN" in html
        assert f"đến hết ngày {until}" in html
        assert "Văn bản liên quan" in html  # the relations
        assert "Ngày cuối cùng bị ngưng hiệu lực" in html  # the timeline


def test_a_date_alone_is_not_in_brackets(client, make_document):
    doc = make_document(issued_date=TODAY, effective_date=TODAY + 10 * DAY)
    html = client.get(doc.url).content.decode()
    day = (TODAY + 10 * DAY).strftime("%d/%m/%Y")
    assert f"Có hiệu lực từ ngày {day}" in html
    assert f"Có hiệu lực từ ngày ({day})" not in html
