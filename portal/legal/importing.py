"""Import of legal documents from CSV, XLSX or JSON (the `import_legal` command).

Format: UTF-8 CSV with a header row, an Excel workbook (.xlsx, first sheet, the same
header row; dates as Excel dates or dd/mm/yyyy text), or JSON (a list of objects
with the same keys). Reading, limits, batches and the report are the import
framework's (portal.core.importing); this module holds the columns and how a row
becomes a document page.

==================  =========================================================
column              content
==================  =========================================================
so_ky_hieu          document number, e.g. "146/KH-UBND" (required)
trich_yeu           summary, the page title (required, at most 255 characters)
loai_van_ban        document type, e.g. "Kế hoạch" (required)
co_quan_ban_hanh    issuing body, e.g. "UBND tỉnh Hưng Yên" (required)
nguoi_ky, chuc_vu   signer and position
linh_vuc            fields, several separated by ";"
ngay_ban_hanh       issue date, dd/mm/yyyy (required)
ngay_hieu_luc       effective date, dd/mm/yyyy, may be empty
ngay_het_hieu_luc   expiry date, dd/mm/yyyy, may be empty
pham_vi             "tinh" / "Toàn tỉnh" or "toan-quoc" / "Toàn quốc" (default tinh)
nhom                "qppl" / "Quy phạm pháp luật" or "chi-dao-dieu-hanh" /
                    "Chỉ đạo điều hành" (default chi-dao-dieu-hanh)
noi_dung            full text, plain text; blank lines separate paragraphs
tep_dinh_kem        attachments: paths relative to the import file, ";"-separated
quan_he             relations of this (acting) document, ";"-separated
                    kind:number, kinds can_cu, huong_dan, sua_doi_bo_sung,
                    thay_the, bai_bo, dinh_chi, lien_quan; thay_the_mot_phan,
                    bai_bo_mot_phan and dinh_chi_mot_phan act on part only
so_cong_bao,        official gazette number and date (optional)
ngay_cong_bao
==================  =========================================================

A document is identified by its number (in any spelling) and its issuing body: an
import run twice never duplicates, and a row whose content did not change since it
was imported (its fingerprint, kept in ImportRecord) is reported unchanged and not
written. Unknown types, bodies, fields and signers are created and listed in the
report. A bad row is reported as "row N: field: reason" (N is the spreadsheet row,
the header being row 1; for JSON, the position of the object) and skipped; the good
rows are imported. The same number and body twice in one file: the second is a row
error naming the first.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from django.core.files import File
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry
from wagtail.signals import page_published

from portal.core.bulk import BulkPageWriter, index_for_admin
from portal.core.importing import (
    Importer,
    ImportRecords,
    ImportReport,
    RowError,
    RowInvalid,
    document_type_allowed,
    parse_date,
    unique_child_slug,
)
from portal.core.importing.bulk import BulkCreation
from portal.core.importing.readers import Row
from portal.core.models import PublicBody
from search.text import fold, normalise_document_number

from .models import (
    AttachmentText,
    DocumentRelation,
    DocumentType,
    ExtractionStatus,
    Group,
    LegalAttachment,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalField,
    RelationKind,
    Scope,
    Signer,
)
from .sites import index_pages_by_body

COLUMNS = (
    "so_ky_hieu",
    "trich_yeu",
    "loai_van_ban",
    "co_quan_ban_hanh",
    "nguoi_ky",
    "chuc_vu",
    "linh_vuc",
    "ngay_ban_hanh",
    "ngay_hieu_luc",
    "ngay_het_hieu_luc",
    "pham_vi",
    "nhom",
    "noi_dung",
    "tep_dinh_kem",
    "quan_he",
    "so_cong_bao",
    "ngay_cong_bao",
)
REQUIRED = (
    "so_ky_hieu",
    "trich_yeu",
    "loai_van_ban",
    "co_quan_ban_hanh",
    "ngay_ban_hanh",
)
#: Extraction results an import warns about: the file should be replaced.
UNREADABLE = {
    ExtractionStatus.CORRUPT,
    ExtractionStatus.ENCRYPTED,
    ExtractionStatus.TOO_LARGE,
    ExtractionStatus.TIMEOUT,
}
PARTIAL_SUFFIX = "_mot_phan"
PARTIAL_KINDS = {"thay_the", "bai_bo", "dinh_chi"}

SCOPES = {
    "tinh": Scope.PROVINCE,
    "toan tinh": Scope.PROVINCE,
    "dia phuong": Scope.PROVINCE,
    "toan-quoc": Scope.NATIONAL,
    "toan quoc": Scope.NATIONAL,
    "quoc gia": Scope.NATIONAL,
    "trung uong": Scope.NATIONAL,
}
GROUPS = {
    "qppl": Group.LEGAL_NORMATIVE,
    "quy pham phap luat": Group.LEGAL_NORMATIVE,
    "van ban quy pham phap luat": Group.LEGAL_NORMATIVE,
    "chi-dao-dieu-hanh": Group.DIRECTION,
    "chi dao dieu hanh": Group.DIRECTION,
    "van ban chi dao dieu hanh": Group.DIRECTION,
    "cddh": Group.DIRECTION,
}


@dataclass
class CleanRow:
    line: int
    number: str
    title: str
    doc_type: str
    issuing_body: str
    signer: str
    signer_position: str
    fields: list[str]
    issued_date: datetime.date
    effective_date: datetime.date | None
    expiry_date: datetime.date | None
    scope: str
    group: str
    body: str
    attachments: list[Path]
    relations: list[tuple[str, str, bool]]
    gazette_number: str
    gazette_date: datetime.date | None


def split_list(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def plain_text_to_html(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "".join(
        "<p>{}</p>".format(escape(paragraph.strip()).replace("\n", "<br/>"))
        for paragraph in paragraphs
        if paragraph.strip()
    )


def clean_row(
    line: int, row: dict[str, str], base_dir: Path
) -> tuple[CleanRow | None, list[RowError]]:
    """Validate one row; returns the clean row or every problem found in it."""
    errors: list[RowError] = []

    def fail(column: str, reason: str) -> None:
        errors.append(RowError(line, column, reason))

    def value(column: str) -> str:
        return (row.get(column) or "").strip()

    for column in REQUIRED:
        if not value(column):
            fail(column, _("required"))
    number = value("so_ky_hieu")
    if number and not normalise_document_number(number):
        fail(
            "so_ky_hieu", _("“%(value)s” is not a document number") % {"value": number}
        )
    if len(number) > 100:
        fail("so_ky_hieu", _("longer than 100 characters"))
    title = " ".join(value("trich_yeu").split())
    if len(title) > 255:
        fail("trich_yeu", _("longer than 255 characters"))

    dates: dict[str, datetime.date | None] = {}
    for column in (
        "ngay_ban_hanh",
        "ngay_hieu_luc",
        "ngay_het_hieu_luc",
        "ngay_cong_bao",
    ):
        dates[column] = None
        if value(column):
            try:
                dates[column] = parse_date(value(column))
            except ValueError as error:
                fail(column, str(error))
    issued = dates["ngay_ban_hanh"]
    if issued and dates["ngay_hieu_luc"] and dates["ngay_hieu_luc"] < issued:
        fail("ngay_hieu_luc", _("before the issue date"))
    if issued and dates["ngay_het_hieu_luc"] and dates["ngay_het_hieu_luc"] < issued:
        fail("ngay_het_hieu_luc", _("before the issue date"))

    scope = Scope.PROVINCE
    if value("pham_vi"):
        scope = SCOPES.get(fold(value("pham_vi")))
        if scope is None:
            fail(
                "pham_vi", _("unknown scope “%(value)s”") % {"value": value("pham_vi")}
            )
    group = Group.DIRECTION
    if value("nhom"):
        group = GROUPS.get(fold(value("nhom")))
        if group is None:
            fail("nhom", _("unknown group “%(value)s”") % {"value": value("nhom")})

    attachments = []
    root = base_dir.resolve()
    for reference in split_list(value("tep_dinh_kem")):
        if "\x00" in reference:
            fail("tep_dinh_kem", _("invalid file name: %(path)s") % {"path": reference})
            continue
        path = (base_dir / reference).resolve()
        if not path.is_relative_to(root):
            fail(
                "tep_dinh_kem",
                _("file outside the import folder: %(path)s") % {"path": reference},
            )
        elif not path.is_file():
            fail("tep_dinh_kem", _("file not found: %(path)s") % {"path": reference})
        elif not document_type_allowed(path):
            fail(
                "tep_dinh_kem",
                _("file type not allowed: %(path)s") % {"path": reference},
            )
        else:
            attachments.append(path)

    relations = []
    for item in split_list(value("quan_he")):
        kind, separator, target = item.partition(":")
        kind = kind.strip().lower()
        partial = False
        if (
            kind.endswith(PARTIAL_SUFFIX)
            and kind[: -len(PARTIAL_SUFFIX)] in PARTIAL_KINDS
        ):
            kind, partial = kind[: -len(PARTIAL_SUFFIX)], True
        if not separator or not normalise_document_number(target):
            fail("quan_he", _("“%(value)s” is not kind:number") % {"value": item})
        elif kind not in RelationKind.values:
            fail("quan_he", _("unknown relation kind “%(kind)s”") % {"kind": kind})
        elif normalise_document_number(target) == normalise_document_number(number):
            fail("quan_he", _("a document cannot relate to itself"))
        else:
            relations.append((kind, target.strip(), partial))

    if errors:
        return None, errors
    return (
        CleanRow(
            line=line,
            number=" ".join(number.split()),
            title=title,
            doc_type=" ".join(value("loai_van_ban").split()),
            issuing_body=" ".join(value("co_quan_ban_hanh").split()),
            signer=" ".join(value("nguoi_ky").split()),
            signer_position=value("chuc_vu"),
            fields=split_list(value("linh_vuc")),
            issued_date=issued,
            effective_date=dates["ngay_hieu_luc"],
            expiry_date=dates["ngay_het_hieu_luc"],
            scope=scope,
            group=group,
            body=plain_text_to_html(value("noi_dung")),
            attachments=attachments,
            relations=relations,
            gazette_number=value("so_cong_bao"),
            gazette_date=dates["ngay_cong_bao"],
        ),
        [],
    )


@contextmanager
def deferred_indexing():
    """Skip Wagtail's per-save search and reference indexing while importing.

    A published page is saved three times (created, revision, publish), and each save
    would index it again; the importer indexes every imported page once at the end.
    """
    from modelsearch import signal_handlers as search_signals
    from wagtail.signal_handlers import disable_reference_index_auto_update

    post_save.disconnect(
        search_signals.post_save_signal_handler, sender=LegalDocumentPage
    )
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.connect(
            search_signals.post_save_signal_handler, sender=LegalDocumentPage
        )


def index_pages(page_ids: list[int]) -> None:
    """Wagtail's admin search and reference (usage) index for the imported pages."""
    from wagtail.models import ReferenceIndex

    for start in range(0, len(page_ids), 500):
        pages = list(
            LegalDocumentPage.objects.filter(pk__in=page_ids[start : start + 500])
        )
        index_for_admin(LegalDocumentPage, pages)
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)


@dataclass
class BuiltDocument:
    """A row made into a page (unsaved when new) with its relations set."""

    row: CleanRow
    key: str
    fingerprint: str
    page: LegalDocumentPage | None
    created: bool
    documents: list
    #: Slugs a new page may take, best first (the number, then number and body).
    slugs: tuple[str, ...] = ()
    #: The document list a new page goes under (see `LegalImporter.parent_for`).
    parent: LegalDocumentIndexPage | None = None


class LegalImporter(BulkCreation, Importer):
    """Creates or updates document pages from rows of a file: a new document goes
    under the document list of its issuing body's member portal when the body runs
    one (portal.legal.sites), otherwise under the index page given."""

    kind = "legal.document"
    columns = COLUMNS
    required_columns = REQUIRED
    key_column = "so_ky_hieu"
    # A damaged attachment is a row warning, not pypdf's traceback on stderr.
    quiet_loggers = ("pypdf", "portal.legal.extraction")

    def __init__(
        self,
        parent: LegalDocumentIndexPage,
        *,
        dry_run: bool = False,
        skip_existing: bool = False,
        user=None,
        progress=None,
        full: bool = False,
        batch_size: int | None = None,
        bulk: bool = True,
    ):
        super().__init__(
            dry_run=dry_run, full=full, batch_size=batch_size, progress=progress
        )
        self.parent = parent
        #: Leave documents already in the database as they are (the demo uses this).
        self.skip_existing = skip_existing
        self.user = user
        self.records = ImportRecords(self.kind, LegalDocumentPage)
        #: Relations of this file's documents still waiting for their target.
        self.pending_relations = 0
        self._saved_ids: list[int] = []
        self._batch_ids: list[int] = []
        self._saved_one_by_one: list[int] = []
        # New documents of a batch are written together (write_new); bulk=False
        # saves each on its own (Wagtail's add_child and publish).
        self.setup_bulk(parent, user=user, bulk=bulk)
        self._existing_ids: dict[str, int] = {}
        #: The member portals' document lists by body id, read once.
        self.index_by_body = index_pages_by_body()
        #: One bulk writer per document list written to.
        self._writers = {parent.pk: self.writer}
        self._bulk_parent = parent

    def parent_for(self, body: PublicBody) -> LegalDocumentIndexPage:
        """A new document's list: its body's own portal's, else the one given."""
        return self.index_by_body.get(body.pk, self.parent)

    # Rows ---------------------------------------------------------------------------

    def clean(self, row: int, raw: dict) -> CleanRow:
        clean, errors = clean_row(row, raw, self.base_dir or Path.cwd())
        if errors:
            raise RowInvalid(errors)
        return clean

    def key(self, data: CleanRow) -> str:
        return (
            f"{normalise_document_number(data.number)}"
            f"@{PublicBody.slug_for(data.issuing_body)}"
        )

    def display_key(self, data: CleanRow) -> str:
        return data.number

    def fingerprint(self, data: CleanRow) -> str:
        # A shallow dict: asdict() deep-copies every value, a tenth of a row's time.
        content = {field.name: getattr(data, field.name) for field in fields(data)}
        del content["line"]
        # A file replaced under the same name is a change too.
        content["attachments"] = [
            (str(path), path.stat().st_size, path.stat().st_mtime_ns)
            for path in data.attachments
        ]
        return super().fingerprint(content)

    def stored_fingerprints(self, keys: list[str]) -> dict[str, str]:
        self._existing_ids = self.existing_ids(keys)
        if self.skip_existing:
            return {}  # every existing document is reported as skipped
        return self.records.fingerprints(keys)

    def existing_keys(self) -> Iterable[str]:
        parents = {self.parent.path, *(i.path for i in self.index_by_body.values())}
        documents = LegalDocumentPage.objects.none()
        for path in parents:
            documents |= LegalDocumentPage.objects.filter(
                path__startswith=path, depth=len(path) // Page.steplen + 1
            )
        for number_key, body in documents.values_list(
            "number_key", "issuing_body__slug"
        ).iterator():
            yield f"{number_key}@{body}"

    # Building and saving --------------------------------------------------------------

    def build(self, row: int, data: CleanRow, fingerprint: str) -> BuiltDocument:
        taxonomy = self.taxonomies.get
        doc_type = taxonomy(DocumentType, data.doc_type)
        body = taxonomy(PublicBody, data.issuing_body)
        signer = (
            taxonomy(Signer, data.signer, default_position=data.signer_position)
            if data.signer
            else None
        )
        fields = [taxonomy(LegalField, name) for name in data.fields]
        page = self.find_existing(data, body)
        created = page is None
        built = BuiltDocument(data, self.key(data), fingerprint, page, created, [])
        if not created and self.skip_existing:
            built.page = None
            return built
        if created:
            built.slugs = self.slug_candidates(data, body)
            built.parent = self.parent_for(body)
            page = LegalDocumentPage(slug=built.slugs[0], owner=self.user)
        page.title = data.title
        page.number = data.number
        page.doc_type = doc_type
        page.issuing_body = body
        page.signer = signer
        page.signer_position = data.signer_position
        page.issued_date = data.issued_date
        page.effective_date = data.effective_date
        page.expiry_date = data.expiry_date
        page.scope = data.scope
        page.group = data.group
        page.body = data.body
        page.gazette_number = data.gazette_number
        page.gazette_date = data.gazette_date
        page.fields = fields
        page.relations = [
            DocumentRelation(kind=kind, target_number=number, partial=partial)
            for kind, number, partial in data.relations
        ]
        if not self.dry_run:
            built.documents = [self.document_for(path) for path in data.attachments]
            page.attachments = [LegalAttachment(document=d) for d in built.documents]
        built.page = page
        return built

    def save(self, row: int, built: BuiltDocument) -> str:
        if built.page is None:
            return "skipped"
        page = built.page
        if built.created and self.queue_new(built):
            return "created"  # written with the batch's other new documents
        if built.created:
            page.slug = unique_child_slug(built.parent, *built.slugs)
            self.create_published(page, built.parent)
            self._saved_one_by_one.append(page.pk)
        else:
            # An existing document gets a new revision, published: its history
            # shows the change, as an editor's edit would.
            revision = page.save_revision(user=self.user, log_action=False)
            revision.publish(user=self.user, log_action="wagtail.publish")
            self._saved_one_by_one.append(page.pk)
        self.check_attachments(built.row, built.documents)
        self.records.store(built.key, built.fingerprint, page.pk)
        self._batch_ids.append(page.pk)
        return "created" if built.created else "updated"

    def write_new_documents(self) -> None:
        """The batch's new documents, written together: relations to documents
        of the same batch resolve as they are written, those to later documents
        when these arrive (LegalDocumentPage.after_save). One bulk write per
        document list (the province's, a member portal's)."""
        queued, new = self._queued, []
        groups: dict[int, list] = {}
        for item in queued:
            groups.setdefault(item[1].parent.pk, []).append(item)
        for parent_pk, group in groups.items():
            parent = group[0][1].parent
            if parent_pk not in self._writers:
                self._writers[parent_pk] = BulkPageWriter(parent, user=self.user)
            self.writer = self._writers[parent_pk]
            self._bulk_parent = parent
            self._queued = group
            new += self.write_new()
        for built in new:
            self.check_attachments(built.row, built.documents)
        self.records.store_many(
            [(built.key, built.fingerprint, built.page.pk) for built in new]
        )
        self._batch_ids.extend(built.page.pk for built in new)

    def before_bulk_write(self, new: list[BuiltDocument]) -> None:
        """The first free slug of each new document's candidates, as
        `unique_child_slug` gives one by one, in one query for the batch; the
        writer adds "-2", "-3"... where every candidate is taken."""
        wanted = {slug for built in new for slug in built.slugs}
        taken = set(
            self._bulk_parent.get_children()
            .filter(slug__in=wanted)
            .values_list("slug", flat=True)
        )
        for built in new:
            slug = next(
                (s for s in built.slugs if s and s not in taken), built.slugs[0]
            )
            taken.add(slug)
            built.page.slug = slug

    def import_rows(self, rows: Iterable[Row], base_dir=None) -> ImportReport:
        with deferred_indexing():
            return super().import_rows(rows, base_dir)

    def after_batch(self) -> None:
        self.write_new_documents()
        if self.dry_run:
            # Rolled back with the batch: count the relations still waiting now.
            self.pending_relations += self.count_pending(self._batch_ids)
        else:
            # The bulk writer indexed its documents; those saved one by one here.
            index_pages(self._saved_one_by_one)
            self._saved_ids.extend(self._batch_ids)
        self._batch_ids = []
        self._saved_one_by_one = []

    def finish(self) -> None:
        if not self.dry_run:
            # Only the relations of the documents of this file, not the whole database.
            self.pending_relations = self.count_pending(self._saved_ids)

    @staticmethod
    def count_pending(page_ids: list[int]) -> int:
        return sum(
            DocumentRelation.objects.filter(
                target__isnull=True, source_id__in=page_ids[start : start + 500]
            ).count()
            for start in range(0, len(page_ids), 500)
        )

    # Helpers ------------------------------------------------------------------------

    @staticmethod
    def existing_ids(keys: list[str]) -> dict[str, int]:
        """The documents of a batch's keys already on the portal (the oldest of a
        key), in one query: a new row then costs no look-up of its own."""
        numbers = {key.partition("@")[0] for key in keys}
        found: dict[str, int] = {}
        for pk, number_key, body in (
            LegalDocumentPage.objects.filter(number_key__in=numbers)
            .order_by("-pk")
            .values_list("pk", "number_key", "issuing_body__slug")
        ):
            found[f"{number_key}@{body}"] = pk
        return found

    def find_existing(self, row: CleanRow, body) -> LegalDocumentPage | None:
        pk = self._existing_ids.get(self.key(row))
        return LegalDocumentPage.objects.get(pk=pk) if pk is not None else None

    @staticmethod
    def slug_candidates(row: CleanRow, body) -> tuple[str, str]:
        base = normalise_document_number(row.number)[:200] or "van-ban"
        return base, f"{base}-{body.slug}"[:240]

    def document_for(self, path: Path):
        document_model = get_document_model()
        digest = hashlib.sha1(path.read_bytes(), usedforsecurity=False).hexdigest()
        existing = document_model.objects.filter(file_hash=digest).first()
        if existing is not None:
            return existing
        with path.open("rb") as handle:
            document = document_model(title=path.stem.replace("_", " "))
            document.file.save(path.name, File(handle), save=False)
        document.file_size = path.stat().st_size
        document.file_hash = digest
        document.save()
        return document

    def check_attachments(self, row: CleanRow, documents: list) -> None:
        """Warn about attachments whose text cannot be read (damaged, encrypted,
        too large): the row is imported, but the webmaster should replace the
        file. Saving the page extracted them already (AttachmentText); a dry
        run saves no file, so it reads them here."""
        from .extraction import extract_bytes, limit

        if documents:
            stored = AttachmentText.objects.filter(document__in=documents)
            statuses = dict(stored.values_list("document_id", "status"))
            results = [statuses.get(d.pk, ExtractionStatus.OK) for d in documents]
        else:
            max_bytes = limit("MAX_BYTES", 30 * 1024 * 1024)
            results = []
            for path in row.attachments:
                with path.open("rb") as handle:
                    data = handle.read(max_bytes + 1)
                if len(data) > max_bytes:
                    results.append(ExtractionStatus.TOO_LARGE)
                else:
                    results.append(extract_bytes(data, path.suffix).status)
        for path, status in zip(row.attachments, results, strict=True):
            if status in UNREADABLE:
                message = _("%(path)s: %(status)s") % {
                    "path": path.name,
                    "status": ExtractionStatus(status).label,
                }
                self.report.warnings.append(RowError(row.line, "tep_dinh_kem", message))

    def create_published(
        self, page: LegalDocumentPage, parent: LegalDocumentIndexPage
    ) -> None:
        """Add a new page already live, with its revision, log entry and signal.

        The same outcome as `save_revision().publish()` for a page that has never
        been published, without publishing's second full save of the page, which
        halves the time of a large import.
        """
        now = timezone.now()
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        parent.add_child(instance=page)
        revision = page.save_revision(user=self.user, log_action=False, clean=False)
        page.live_revision = revision
        page.has_unpublished_changes = False
        LegalDocumentPage.objects.filter(pk=page.pk).update(
            live_revision=revision, has_unpublished_changes=False
        )
        PageLogEntry.objects.log_action(
            instance=page,
            action="wagtail.publish",
            user=self.user,
            revision=revision,
            content_changed=True,
        )
        page_published.send(sender=LegalDocumentPage, instance=page, revision=revision)
