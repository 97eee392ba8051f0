"""manage.py import_legal: good rows in, bad rows reported, never duplicated."""

import datetime
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from portal.legal.models import (
    AttachmentText,
    DocumentRelation,
    DocumentType,
    LegalDocumentPage,
    Signer,
    Status,
)
from portal.legal.pdf_utils import simple_pdf
from tests.portal.legal.test_bulk_pages import PAGE_OWN

pytestmark = pytest.mark.usefixtures("shared_portal")

HEADER = (
    "so_ky_hieu,trich_yeu,loai_van_ban,co_quan_ban_hanh,nguoi_ky,chuc_vu,linh_vuc,"
    "ngay_ban_hanh,ngay_hieu_luc,ngay_het_hieu_luc,pham_vi,nhom,noi_dung,tep_dinh_kem,quan_he\n"
)
GOOD_1 = (
    "101/2024/QĐ-UBND,Quyết định thử nghiệm nhập một,Quyết định,Ủy ban nhân dân tỉnh Hưng Yên,"
    "Lê Thị Nhập,Phó Chủ tịch,Đất đai;Môi trường mới,05/01/2024,15/01/2024,,Toàn tỉnh,QPPL,"
    '"Điều 1. Nội dung.\n\nĐiều 2. Hiệu lực.",tep/a.pdf,thay_the:13/2019/QĐ-UBND;can_cu:999/2023/NĐ-CP\n'
)
BAD_MISSING = (
    ",Thiếu số ký hiệu,Quyết định,Ủy ban nhân dân tỉnh Hưng Yên,,,,05/01/2024,,,,,,,\n"
)
BAD_DATE = "102/2024/QĐ-UBND,Ngày sai,Quyết định,Ủy ban nhân dân tỉnh Hưng Yên,,,,31/02/2024,,,,,,,\n"
BAD_KIND = (
    "103/2024/QĐ-UBND,Quan hệ sai,Quyết định,Ủy ban nhân dân tỉnh Hưng Yên,,,,01/02/2024,,,,,,,"
    "gop_y:147/KH-UBND\n"
)
GOOD_2 = (
    "999/2023/NĐ-CP,Nghị định thử nghiệm nhập sau,Nghị định mới,Chính phủ,,,,01/12/2023,,,"
    "Toàn quốc,QPPL,,,\n"
)


@pytest.fixture
def import_dir(tmp_path):
    (tmp_path / "tep").mkdir()
    (tmp_path / "tep" / "a.pdf").write_bytes(
        simple_pdf(["Quyet dinh thu nghiem nhap mot"])
    )
    return tmp_path


def write_csv(directory, *rows, name="van_ban.csv"):
    path = directory / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


@pytest.fixture
def run(index_page):
    """Run the command into the test's own document list: (exit code, out, err)."""

    def run_import(path, *args):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(
                "import_legal",
                str(path),
                "--no-progress",
                f"--parent={index_page.pk}",
                *args,
                stdout=out,
                stderr=err,
            )
            code = 0
        except CommandError as error:
            code = error.returncode
        return code, out.getvalue(), err.getvalue()

    return run_import


def test_good_rows_are_imported_and_bad_rows_reported(
    run, make_document, index_page, import_dir
):
    old = make_document(number="13/2019/QĐ-UBND", issued_date=datetime.date(2019, 5, 2))
    path = write_csv(import_dir, GOOD_1, BAD_MISSING, BAD_DATE, BAD_KIND, GOOD_2)
    code, out, err = run(path)
    assert code == 1
    # Spreadsheet rows: GOOD_1 is row 2 although its cell spans three lines.
    assert "dòng 3: so_ky_hieu: bắt buộc" in err
    assert "dòng 4: ngay_ban_hanh: “31/02/2024” không phải là ngày có thật" in err
    assert "dòng 5: quan_he: loại quan hệ không hợp lệ “gop_y”" in err
    assert "tạo mới: 2, cập nhật: 0" in out and "dòng lỗi: 3" in out
    assert "Nghị định mới" in out and "Lê Thị Nhập" in out  # new taxonomies listed

    page = LegalDocumentPage.objects.get(number="101/2024/QĐ-UBND")
    assert page.live and page.title == "Quyết định thử nghiệm nhập một"
    assert page.get_parent().pk == index_page.pk
    # Published as an editor would have: a live revision, logged, nothing pending.
    assert page.live_revision_id == page.latest_revision_id is not None
    assert not page.has_unpublished_changes and page.first_published_at
    assert page.get_latest_revision_as_object().number == "101/2024/QĐ-UBND"
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    assert page.signer.name == "Lê Thị Nhập" and page.signer_position == "Phó Chủ tịch"
    assert sorted(f.name for f in page.fields.all()) == ["Môi trường mới", "Đất đai"]
    assert page.body == "<p>Điều 1. Nội dung.</p><p>Điều 2. Hiệu lực.</p>"
    assert page.scope == "tinh" and page.group == "qppl"
    # The attachment is stored and its text extracted.
    attachment = page.attachments.get()
    assert AttachmentText.objects.get(document=attachment.document).status == "ok"
    assert "Quyet dinh thu nghiem nhap mot" in page.extracted_text
    # The relation to a document imported later in the same file linked itself.
    later = LegalDocumentPage.objects.get(number="999/2023/NĐ-CP")
    assert DocumentRelation.objects.get(source=page, kind="can_cu").target == later
    # The document it replaces is now out of force because of this one.
    old = LegalDocumentPage.objects.get(pk=old.pk)
    assert old.status == Status.OUT_OF_FORCE
    assert not LegalDocumentPage.objects.filter(
        number__in=["102/2024/QĐ-UBND", "103/2024/QĐ-UBND"]
    ).exists()


def test_new_documents_are_queued_for_search_and_changed_ones_republished(
    run, import_dir
):
    """A new document is written in bulk (no page signal): what the signal's
    receivers do is done for it (the search outbox). A changed row publishes a new
    revision of its document, as an editor's edit; an unchanged row does nothing."""
    from wagtail.models import PageLogEntry
    from wagtail.signals import page_published

    from search.models import OutboxEntry

    published = []

    def receiver(sender, instance, **kwargs):
        published.append(instance.number)

    OutboxEntry.objects.all().delete()
    page_published.connect(receiver)
    try:
        run(write_csv(import_dir, GOOD_2))
        page = LegalDocumentPage.objects.get(number="999/2023/NĐ-CP")
        assert OutboxEntry.objects.filter(key=f"legal:{page.pk}").exists()
        OutboxEntry.objects.all().delete()
        run(write_csv(import_dir, GOOD_2))  # unchanged: not published again
        assert not OutboxEntry.objects.exists()
        run(write_csv(import_dir, GOOD_2.replace("thử nghiệm", "đã sửa")))
    finally:
        page_published.disconnect(receiver)
    assert published == ["999/2023/NĐ-CP"]
    assert OutboxEntry.objects.filter(key=f"legal:{page.pk}").exists()
    page.refresh_from_db()
    revisions = list(page.revisions.order_by("created_at", "pk"))
    assert len(revisions) == 2
    assert page.live_revision == page.latest_revision == revisions[-1]
    assert "đã sửa" in revisions[-1].as_object().title
    assert "thử nghiệm" in revisions[0].as_object().title
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 2


def test_reimport_updates_and_never_duplicates(run, import_dir):
    path = write_csv(import_dir, GOOD_1, GOOD_2)
    assert run(path)[0] == 0
    count = LegalDocumentPage.objects.count()
    types = DocumentType.objects.count()
    changed = GOOD_1.replace(
        "Quyết định thử nghiệm nhập một", "Quyết định thử nghiệm (đã sửa)"
    )
    # The same number typed differently is the same document.
    changed = changed.replace("101/2024/QĐ-UBND", "101/2024/qđ–ubnd", 1)
    path = write_csv(import_dir, changed, GOOD_2)
    code, out, _err = run(path)
    assert code == 0 and "tạo mới: 0, cập nhật: 1, không đổi: 1" in out
    assert LegalDocumentPage.objects.count() == count
    assert DocumentType.objects.count() == types
    page = LegalDocumentPage.objects.get(number_key="101-2024-qd-ubnd")
    assert page.title == "Quyết định thử nghiệm (đã sửa)"
    assert page.relations.count() == 2
    assert page.attachments.count() == 1
    # The admin's page search has the new title (written for the batch at once).
    assert [found.pk for found in LegalDocumentPage.objects.search("đã sửa")] == [
        page.pk
    ]


def test_same_number_other_body_is_another_document(run, import_dir):
    other = GOOD_2.replace("Chính phủ", "Bộ Thử nghiệm")
    assert run(write_csv(import_dir, GOOD_2, other))[0] == 0
    assert LegalDocumentPage.objects.filter(number_key="999-2023-nd-cp").count() == 2


def test_dry_run_changes_nothing(run, import_dir):
    before = (
        LegalDocumentPage.objects.count(),
        DocumentType.objects.count(),
        Signer.objects.count(),
    )
    code, out, err = run(write_csv(import_dir, GOOD_1, BAD_DATE), "--dry-run")
    assert code == 1 and "Chạy thử" in out and "dòng 3: ngay_ban_hanh" in err
    after = (
        LegalDocumentPage.objects.count(),
        DocumentType.objects.count(),
        Signer.objects.count(),
    )
    assert before == after


def test_json_import_uses_the_same_keys(run, make_document, tmp_path):
    cited = make_document(number="147/KH-UBND")
    path = tmp_path / "van_ban.json"
    path.write_text(
        json.dumps(
            [
                {
                    "so_ky_hieu": "201/KH-UBND",
                    "trich_yeu": "Kế hoạch nhập từ JSON",
                    "loai_van_ban": "Kế hoạch",
                    "co_quan_ban_hanh": "Ủy ban nhân dân tỉnh Hưng Yên",
                    "ngay_ban_hanh": "01/03/2024",
                    "quan_he": "lien_quan:147/KH-UBND",
                },
                {
                    "so_ky_hieu": "202/KH-UBND",
                    "trich_yeu": "",
                    "ngay_ban_hanh": "1/3/2024",
                },
                "not an object",
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    code, _out, err = run(path)
    assert code == 1
    assert "dòng 2: trich_yeu: bắt buộc" in err and "dòng 3: *:" in err
    page = LegalDocumentPage.objects.get(number="201/KH-UBND")
    assert page.relations.get().target == cited


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00broken", "UTF-8"),
        (b"so_ky_hieu,trich_yeu\n1,2\n", "thiếu cột"),
        (b"", "rỗng"),
    ],
)
def test_unreadable_file_is_a_clear_error(run, index_page, tmp_path, content, message):
    path = tmp_path / "hong.csv"
    path.write_bytes(content)
    code, _out, err = run(path)
    assert code == 2
    with pytest.raises(CommandError, match=message):
        call_command(
            "import_legal",
            str(path),
            "--no-progress",
            f"--parent={index_page.pk}",
            stdout=io.StringIO(),
        )


def test_rows_are_numbered_as_spreadsheet_rows(run, tmp_path):
    # A cell of three lines keeps its row one row, as in a spreadsheet.
    multiline = GOOD_2.replace(",,,\n", ',"dòng một\ndòng hai\ndòng ba",,\n', 1)
    path = write_csv(tmp_path, multiline, BAD_DATE)
    _code, _out, err = run(path)
    assert "dòng 3: ngay_ban_hanh" in err


def test_missing_attachment_and_self_relation_are_row_errors(run, tmp_path):
    row = GOOD_1.replace("tep/a.pdf", "tep/khong-co.pdf").replace(
        "thay_the:13/2019/QĐ-UBND", "thay_the:101/2024/QĐ-UBND"
    )
    _code, _out, err = run(write_csv(tmp_path, row))
    assert "dòng 2: tep_dinh_kem: không tìm thấy tệp: tep/khong-co.pdf" in err
    assert "dòng 2: quan_he: văn bản không thể có quan hệ với chính nó" in err


@pytest.mark.parametrize("dry_run", [False, True])
def test_an_unreadable_attachment_is_a_warning_and_the_row_is_kept(
    run, import_dir, dry_run
):
    (import_dir / "tep" / "a.pdf").write_bytes(b"%PDF-1.4\nnot a pdf at all")
    args = ["--dry-run"] if dry_run else []
    code, _out, err = run(write_csv(import_dir, GOOD_1), *args)
    assert code == 0
    assert "Cảnh báo: dòng 2: tep_dinh_kem: a.pdf: " in err
    imported = LegalDocumentPage.objects.filter(number="101/2024/QĐ-UBND").exists()
    assert imported is not dry_run


def test_pending_relations_are_those_of_the_file(run, import_dir):
    run(write_csv(import_dir, GOOD_1))  # cites 999/2023/NĐ-CP, not on the portal
    row = GOOD_1.replace("101/2024", "102/2024").replace(
        "thay_the:13/2019/QĐ-UBND;can_cu:999/2023/NĐ-CP", ""
    )
    _code, out, _err = run(write_csv(import_dir, row, name="sau.csv"))
    assert "quan hệ chờ" not in out


def test_a_dry_run_calls_a_file_over_the_limit_too_large(run, import_dir, settings):
    from portal.legal.models import ExtractionStatus

    settings.LEGAL_EXTRACTION_MAX_BYTES = 100
    _code, _out, err = run(write_csv(import_dir, GOOD_1), "--dry-run")
    assert f"a.pdf: {ExtractionStatus.TOO_LARGE.label}" in err


GUIDES_1 = (
    "55/2024/HD-UBND,Hướng dẫn thực hiện quyết định nhập một,Hướng dẫn,"
    "Ủy ban nhân dân tỉnh Hưng Yên,,,Đất đai,10/01/2024,,,,,Nội dung hướng dẫn.,,"
    "huong_dan:101/2024/QĐ-UBND\n"
)


def imported_documents(index_page):
    """What an import made under `index_page`, by document number, with ids,
    paths and times left out and the pages a row points to named by number."""
    from wagtail.models import PageLogEntry, ReferenceIndex
    from wagtail.search.models import IndexEntry as WagtailIndexEntry

    from search.models import OutboxEntry

    skip = {*PAGE_OWN, "page_ptr_id"}
    numbers = dict(LegalDocumentPage.objects.values_list("pk", "number"))

    def values(obj, model):
        return {
            field.attname: getattr(obj, field.attname)
            for field in model._meta.concrete_fields
            if field.attname not in skip
        }

    documents = {}
    for page in LegalDocumentPage.objects.child_of(index_page):
        revision = page.live_revision.as_object()
        documents[page.number] = {
            "page": values(page, LegalDocumentPage),
            "slug": page.url_path.removeprefix(index_page.url_path),
            "relations": sorted(
                (r.kind, r.target_number, r.partial, numbers.get(r.target_id))
                for r in page.relations.all()
            ),
            "incoming": sorted(
                (r.kind, r.source.number) for r in page.incoming_relations.all()
            ),
            "fields": sorted(field.name for field in page.fields.all()),
            "attachments": [a.document.title for a in page.attachments.all()],
            "revisions": page.revisions.count(),
            "revision": values(revision, LegalDocumentPage),
            "published": PageLogEntry.objects.filter(
                page=page, action="wagtail.publish", revision=page.live_revision
            ).count(),
            "references": sorted(
                (
                    ref.to_content_type_id,
                    numbers.get(int(ref.to_object_id), ref.to_object_id),
                    ref.model_path,
                    # A child's path names its id: relations.<id>.target.
                    re.sub(r"\.\d+\.", ".", ref.content_path),
                )
                for ref in ReferenceIndex.get_references_for_object(page)
            ),
            "admin search": WagtailIndexEntry.objects.filter(
                object_id=str(page.pk)
            ).count(),
            # Saved one by one, a page is queued at each of its saves.
            "outbox": OutboxEntry.objects.filter(key=f"legal:{page.pk}").exists(),
        }
    return documents


@pytest.mark.parametrize("batch_size", [200, 1])
def test_bulk_import_makes_the_documents_one_by_one_import_makes(
    index_page, make_document, import_dir, batch_size
):
    """New documents are written together by the bulk page writer; the same file
    saved row by row (Wagtail's add_child and publish) gives the same documents,
    relations within the file included, in one batch or across batches."""
    from portal.core.models import ImportRecord
    from portal.legal.importing import LegalImporter
    from search.models import OutboxEntry

    make_document(number="13/2019/QĐ-UBND", issued_date=datetime.date(2019, 5, 2))
    path = write_csv(import_dir, GOOD_1, GOOD_2, GUIDES_1)
    made = {}
    for bulk in (False, True):
        OutboxEntry.objects.all().delete()
        importer = LegalImporter(index_page, bulk=bulk, batch_size=batch_size)
        report = importer.import_file(path)
        assert (report.created, report.failed_rows, report.errors) == (3, 0, [])
        made[bulk] = imported_documents(index_page)
        for page in LegalDocumentPage.objects.child_of(index_page).exclude(
            number="13/2019/QĐ-UBND"
        ):
            page.delete()
        ImportRecord.objects.all().delete()
    one_by_one, bulk = made[False], made[True]
    assert set(bulk) == {
        "101/2024/QĐ-UBND",
        "999/2023/NĐ-CP",
        "55/2024/HD-UBND",
        "13/2019/QĐ-UBND",
    }
    for number in bulk:
        for part in bulk[number]:
            assert bulk[number][part] == one_by_one[number][part], (number, part)
    first = bulk["101/2024/QĐ-UBND"]
    # Relations within the file resolved both ways, earlier and later rows.
    assert ("can_cu", "999/2023/NĐ-CP", False, "999/2023/NĐ-CP") in first["relations"]
    assert first["incoming"] == [("huong_dan", "55/2024/HD-UBND")]
    assert bulk["13/2019/QĐ-UBND"]["incoming"] == [("thay_the", "101/2024/QĐ-UBND")]
    assert "Quyet dinh thu nghiem nhap mot" in first["page"]["extracted_text"]
    assert first["revisions"] == first["published"] == 1
    assert first["admin search"] == 1 and first["outbox"]


def test_a_failed_bulk_write_saves_the_rows_one_by_one(index_page, import_dir):
    """If the database refuses a batch's bulk write, its rows are saved one by
    one: a row the database refuses then fails alone, the others are imported."""
    from django.db import DatabaseError

    from portal.legal.importing import LegalImporter

    importer = LegalImporter(index_page)

    def refuse(pages):
        raise DatabaseError("refused")

    importer.writer.write_batch = refuse
    report = importer.import_file(write_csv(import_dir, GOOD_2, GUIDES_1))
    assert (report.created, report.failed_rows) == (2, 0)
    page = LegalDocumentPage.objects.get(number="999/2023/NĐ-CP")
    assert page.live and page.live_revision_id
