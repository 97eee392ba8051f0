"""Text extraction: good files read, bad files reported and stored, never a crash."""

import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfWriter
from wagtail.documents import get_document_model

from portal.legal.extraction import extract_bytes, text_for_document
from portal.legal.models import AttachmentText, LegalAttachment, LegalDocumentPage
from portal.legal.pdf_utils import simple_pdf


def docx_bytes(*paragraphs):
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Ô bảng một"
    table.rows[0].cells[1].text = "Ô bảng hai"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypted_pdf():
    writer = PdfWriter()
    writer.append(io.BytesIO(simple_pdf(["Bi mat"])))
    writer.encrypt(user_password="mat-khau", owner_password="chu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_doc(name, data, title="Tệp thử"):
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def test_pdf_text_is_extracted():
    result = extract_bytes(
        simple_pdf(["Ke hoach cai cach hanh chinh", "nam 2020"]), "pdf"
    )
    assert result.status == "ok"
    assert "Ke hoach cai cach hanh chinh" in result.text and "nam 2020" in result.text


def test_docx_text_with_diacritics_and_tables():
    result = extract_bytes(
        docx_bytes("Quyết định về cải cách hành chính", "Điều 1."), "docx"
    )
    assert result.status == "ok"
    assert "Quyết định về cải cách hành chính" in result.text
    assert "Ô bảng một | Ô bảng hai" in result.text


@pytest.mark.parametrize(
    ("data", "extension", "status"),
    [
        (b"%PDF-1.4 this is not really a pdf", "pdf", "corrupt"),
        (simple_pdf(["x"])[:200], "pdf", "corrupt"),
        (b"PK\x03\x04 broken zip", "docx", "corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "docx", "encrypted"),
        (b"anything", "xls", "unsupported"),
    ],
)
def test_bad_files_are_reported_not_raised(data, extension, status):
    assert extract_bytes(data, extension).status == status


def test_encrypted_pdf_is_reported():
    assert extract_bytes(encrypted_pdf(), "pdf").status == "encrypted"


def test_scanned_pdf_without_text_is_empty():
    assert extract_bytes(simple_pdf([]), "pdf").status == "empty"


def test_size_and_time_limits(settings, db):
    settings.LEGAL_EXTRACTION_MAX_BYTES = 100
    big = make_doc("lon.pdf", simple_pdf(["a"] * 50))
    report = text_for_document(big)
    assert report.status == "too-large" and "MB" in report.message

    settings.LEGAL_EXTRACTION_MAX_BYTES = 10**8
    settings.LEGAL_EXTRACTION_MAX_SECONDS = -1
    assert extract_bytes(simple_pdf(["cham"]), "pdf").status == "timeout"

    settings.LEGAL_EXTRACTION_MAX_SECONDS = 20
    settings.LEGAL_EXTRACTION_MAX_CHARS = 10
    result = extract_bytes(simple_pdf(["mot hai ba bon nam sau bay"]), "pdf")
    assert result.status == "ok" and len(result.text) == 10


def test_extraction_is_stored_and_not_repeated(db, django_assert_num_queries):
    document = make_doc("kh.pdf", simple_pdf(["Noi dung ke hoach"]))
    first = text_for_document(document)
    assert first.status == "ok"
    with django_assert_num_queries(1):
        again = text_for_document(document)
    assert again.pk == first.pk


def test_page_text_follows_its_attachments_on_publish(make_document):
    good = make_doc("tot.pdf", simple_pdf(["Van ban co noi dung"]))
    broken = make_doc("hong.pdf", b"%PDF-1.4 garbage", title="Tệp hỏng")
    page = make_document(publish=False)
    page.attachments = [
        LegalAttachment(document=good),
        LegalAttachment(document=broken),
    ]
    page.save_revision().publish()
    page = LegalDocumentPage.objects.get(pk=page.pk)
    assert "Van ban co noi dung" in page.extracted_text
    assert AttachmentText.objects.get(document=broken).status == "corrupt"
    # The text is not copied into revisions.
    assert "extracted_text" not in page.get_latest_revision().content


def test_editor_sees_extraction_problems_in_the_admin(admin_client, make_document):
    broken = make_doc("hong.pdf", b"%PDF-1.4 garbage", title="Tệp hỏng")
    page = make_document()
    page.attachments = [LegalAttachment(document=broken)]
    page.save_revision().publish()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung trích xuất từ tệp đính kèm" in html
    assert "Tệp hỏng" in html and "Tệp bị hỏng" in html
