"""Text extraction from attachments (PDF with pypdf, DOCX with python-docx).

Every file is read under limits (size, pages, characters and a time budget, all
overridable in settings) and the outcome is stored per file in `AttachmentText`, so a
damaged, encrypted or huge file is reported to the editor and never raises. The time
budget is checked between pages and paragraphs: a file that is slow to read stops with
what was read so far and the status "timeout".
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .models import AttachmentText, ExtractionStatus, LegalDocumentPage

logger = logging.getLogger(__name__)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def limit(name: str, default):
    return getattr(settings, f"LEGAL_EXTRACTION_{name}", default)


@dataclass
class Extraction:
    status: str
    text: str = ""
    message: str = ""


class Budget:
    """Time and size limits for one file."""

    def __init__(self):
        self.deadline = time.monotonic() + limit("MAX_SECONDS", 20)
        self.max_chars = limit("MAX_CHARS", 2_000_000)
        self.parts: list[str] = []
        self.chars = 0

    @property
    def expired(self) -> bool:
        return time.monotonic() > self.deadline

    @property
    def full(self) -> bool:
        return self.chars >= self.max_chars

    def add(self, text: str) -> None:
        text = (text or "").strip()
        if text:
            text = text[: self.max_chars - self.chars]
            self.parts.append(text)
            self.chars += len(text)

    def result(self, status: str | None = None, message: str = "") -> Extraction:
        text = "\n".join(self.parts)
        if status is None:
            status = ExtractionStatus.OK if text else ExtractionStatus.EMPTY
        return Extraction(status, text, message)


def extract_pdf(data: bytes) -> Extraction:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    budget = Budget()
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            # Many PDFs are "encrypted" only to restrict printing, with an empty
            # password for reading.
            if not reader.decrypt(""):
                return Extraction(ExtractionStatus.ENCRYPTED)
        except (DependencyError, FileNotDecryptedError, NotImplementedError):
            return Extraction(ExtractionStatus.ENCRYPTED)
    max_pages = limit("MAX_PAGES", 1000)
    pages = reader.pages
    for number, page in enumerate(pages, start=1):
        if budget.expired:
            return budget.result(
                ExtractionStatus.TIMEOUT,
                _("stopped at page %(page)d of %(total)d")
                % {"page": number, "total": len(pages)},
            )
        if number > max_pages:
            return budget.result(
                ExtractionStatus.OK,
                _("only the first %(count)d pages were read") % {"count": max_pages},
            )
        budget.add(page.extract_text())
        if budget.full:
            return budget.result(
                ExtractionStatus.OK,
                _("text cut at %(count)d characters") % {"count": budget.max_chars},
            )
    return budget.result()


def extract_docx(data: bytes) -> Extraction:
    import docx

    if data.startswith(OLE_SIGNATURE):
        # An encrypted Office file is an OLE container, not a zip.
        return Extraction(ExtractionStatus.ENCRYPTED)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limit("MAX_UNPACKED_BYTES", 200 * 1024 * 1024):
        return Extraction(
            ExtractionStatus.TOO_LARGE, message=_("the unpacked file is too large")
        )
    budget = Budget()
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        budget.add(paragraph.text)
        if budget.expired:
            return budget.result(ExtractionStatus.TIMEOUT)
        if budget.full:
            break
    for table in document.tables:
        for row in table.rows:
            budget.add(" | ".join(cell.text for cell in row.cells))
            if budget.expired:
                return budget.result(ExtractionStatus.TIMEOUT)
    return budget.result()


EXTRACTORS = {"pdf": extract_pdf, "docx": extract_docx}


def extract_bytes(data: bytes, extension: str) -> Extraction:
    """Extract the text of a file's contents; never raises."""
    extractor = EXTRACTORS.get(extension.lower().lstrip("."))
    if extractor is None:
        return Extraction(ExtractionStatus.UNSUPPORTED)
    try:
        return extractor(data)
    except zipfile.BadZipFile:
        return Extraction(ExtractionStatus.CORRUPT, message=_("not a valid DOCX file"))
    except Exception as error:  # noqa: BLE001 - parsers raise anything on bad input
        logger.warning("Text extraction failed: %s", error, exc_info=True)
        return Extraction(ExtractionStatus.CORRUPT, message=str(error)[:300])


def extract_document(document) -> Extraction:
    """Read a Wagtail document's file under the size limit and extract its text."""
    max_bytes = limit("MAX_BYTES", 30 * 1024 * 1024)
    try:
        size = document.file.size
        if size > max_bytes:
            return Extraction(
                ExtractionStatus.TOO_LARGE,
                message=_("%(size)d MB, the limit is %(limit)d MB")
                % {"size": size // (1024 * 1024), "limit": max_bytes // (1024 * 1024)},
            )
        with document.file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        return Extraction(ExtractionStatus.CORRUPT, message=str(error)[:300])
    return extract_bytes(data, document.file_extension)


def document_fingerprint(document) -> str:
    return (document.file_hash or document.file.name or "")[:40]


def text_for_document(document) -> AttachmentText:
    """The stored extraction of a document, extracting again when its file changed."""
    fingerprint = document_fingerprint(document)
    stored = AttachmentText.objects.filter(document=document).first()
    if stored is not None and stored.file_hash == fingerprint:
        return stored
    result = extract_document(document)
    stored, _created = AttachmentText.objects.update_or_create(
        document=document,
        defaults={
            "file_hash": fingerprint,
            "status": result.status,
            "message": result.message,
            "text": result.text,
        },
    )
    return stored


def refresh_extracted_text(page: LegalDocumentPage) -> list[AttachmentText]:
    """Bring `page.extracted_text` up to date with its attachments; returns reports."""
    reports = [
        text_for_document(attachment.document)
        for attachment in page.attachments.select_related("document").order_by(
            "sort_order"
        )
    ]
    text = "\n\n".join(report.text for report in reports if report.text)
    if text != page.extracted_text:
        page.extracted_text = text
        LegalDocumentPage.objects.filter(pk=page.pk).update(extracted_text=text)
    return reports
