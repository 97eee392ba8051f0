"""Procedures and the legal documents they rest on."""

from django.template import Context, Template

from portal.procedures.legal import (
    procedures_resting_on,
    resolve_legal_bases,
)
from portal.procedures.models import LegalBasis


def test_procedures_resting_on_a_document(make_procedure):
    resting = [
        make_procedure(bases=[("62/2014/QH13", "Luật Hộ tịch")]),
        make_procedure(bases=[("99/2015/NĐ-CP", ""), ("62/2014/QH13", "")]),
    ]
    make_procedure(bases=[("99/2015/NĐ-CP", "")])
    make_procedure(bases=[("62/2014/QH13", "")]).unpublish()
    assert list(procedures_resting_on("62-2014-qh13")) == sorted(
        resting, key=lambda page: page.title
    )
    assert not procedures_resting_on("").exists()
    assert not procedures_resting_on("999-2099-qh99").exists()


def test_unresolved_basis_keeps_number_and_title(django_assert_max_num_queries, db):
    bases = [
        LegalBasis(
            number="999/2099/NĐ-CP", number_key="999-2099-nd-cp", title="Chưa có"
        ),
        LegalBasis(number="888/KH-UBND", number_key="888-kh-ubnd"),
    ]
    with django_assert_max_num_queries(1):
        resolved = resolve_legal_bases(bases)
    assert [(r.number, r.title, r.url, r.found) for r in resolved] == [
        ("999/2099/NĐ-CP", "Chưa có", "", False),
        ("888/KH-UBND", "", "", False),
    ]


def test_legal_document_page_lists_related_procedures(client, published_basis):
    document, procedure = published_basis
    html = client.get(document.url).content.decode()
    assert "Thủ tục hành chính liên quan" in html
    assert f'href="{procedure.url}"' in html


def test_legal_document_end_slot_lists_procedures(make_procedure, rf):
    """The slot the legal detail template fills, rendered with any page that has a
    number key, as the legal app's LegalDocumentPage does."""
    make_procedure(
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        bases=[("51/2014/QH13", "Luật Xây dựng")],
    )
    make_procedure("Đăng ký khai sinh", bases=[("62/2014/QH13", "Luật Hộ tịch")])

    class Document:
        number_key = "51-2014-qh13"

    html = Template('{% portal_hooks "legal_document_end" %}').render(
        Context({"page": Document(), "request": rf.get("/")})
    )
    assert "Thủ tục hành chính liên quan" in html
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    assert "Đăng ký khai sinh" not in html
    Document.number_key = "khong-co-thu-tuc"
    assert (
        Template('{% portal_hooks "legal_document_end" %}')
        .render(Context({"page": Document()}))
        .strip()
        == ""
    )
