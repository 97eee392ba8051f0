"""Import procedures from the national database's export (JSON, CSV or XLSX).

The format is described in IMPORT.md next to this file and in
`manage.py import_procedures --help`. Reading, limits, batches and the report are the
import framework's (portal.core.importing); this module holds the record's schema and
how a record becomes a procedure page. Each record is checked on its own: a bad
record is reported as ``row N: field: reason`` and the others are imported.
Re-importing a file changes nothing: procedures are matched by code, and a record
whose content did not change since the last import (its fingerprint, kept on the
page) is not written at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from portal.core.importing import (
    Importer,
    ImportReport,
    RowError,
    RowInvalid,
    document_type_allowed,
    unique_child_slug,
)
from portal.core.importing import fingerprint as content_fingerprint
from portal.core.importing.bulk import BulkCreation
from portal.core.models import PublicBody
from search.text import fold, normalise_document_number

from .models import (
    Audience,
    Channel,
    DossierItem,
    LegalBasis,
    Level,
    OnlineLevel,
    ProcedureChannel,
    ProcedureField,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureStep,
)

#: Separator of the parts of one line in a structured CSV cell.
CSV_PART_SEPARATOR = "|"
CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")
#: The columns of a CSV or XLSX file (the keys of a JSON record).
COLUMNS = (
    "MaTTHC",
    "TenTTHC",
    "LinhVuc",
    "CapThucHien",
    "MoTa",
    "CoQuanThucHien",
    "CoQuanCoThamQuyen",
    "CoQuanPhoiHop",
    "DoiTuongThucHien",
    "TrinhTuThucHien",
    "CachThucThucHien",
    "ThanhPhanHoSo",
    "SoLuongHoSo",
    "YeuCauDieuKien",
    "KetQuaThucHien",
    "CanCuPhapLy",
    "MucDoDVC",
    "DuongDanNopHoSo",
)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _parts(line: str, count: int) -> list[str]:
    parts = [part.strip() for part in line.split(CSV_PART_SEPARATOR)]
    return (parts + [""] * count)[:count]


def _from_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row in the shape of a JSON record: list cells hold one item per line,
    structured items their parts separated by "|"."""
    record: dict[str, Any] = dict(row)
    for key in ("CoQuanThucHien", "CoQuanPhoiHop", "DoiTuongThucHien"):
        if key in row:
            record[key] = [
                item.strip()
                for line in _lines(row[key])
                for item in line.split(";")
                if item.strip()
            ]
    if "TrinhTuThucHien" in row:
        record["TrinhTuThucHien"] = [
            dict(zip(("TenBuoc", "NoiDung"), _parts(line, 2), strict=True))
            for line in _lines(row["TrinhTuThucHien"])
        ]
    if "CachThucThucHien" in row:
        record["CachThucThucHien"] = [
            dict(
                zip(
                    ("HinhThuc", "ThoiHanGiaiQuyet", "PhiLePhi", "MoTa"),
                    _parts(line, 4),
                    strict=True,
                )
            )
            for line in _lines(row["CachThucThucHien"])
        ]
    if "ThanhPhanHoSo" in row:
        record["ThanhPhanHoSo"] = [
            dict(
                zip(
                    ("TenGiayTo", "SoBanChinh", "SoBanSao", "MauDon", "GhiChu"),
                    _parts(line, 5),
                    strict=True,
                )
            )
            for line in _lines(row["ThanhPhanHoSo"])
        ]
    if "CanCuPhapLy" in row:
        record["CanCuPhapLy"] = [
            dict(zip(("SoKyHieu", "TrichYeu"), _parts(line, 2), strict=True))
            for line in _lines(row["CanCuPhapLy"])
        ]
    return record


# --------------------------------------------------------------------------------------
# Checking one record


@dataclass
class StepData:
    title: str
    description: str = ""


@dataclass
class ChannelData:
    channel: str
    time_limit: str
    fee: str = ""
    description: str = ""


@dataclass
class PaperData:
    name: str
    originals: int = 1
    copies: int = 0
    form_title: str = ""
    form_file: str = ""
    note: str = ""


@dataclass
class BasisData:
    number: str
    title: str = ""


@dataclass
class ProcedureData:
    code: str
    title: str
    field: str
    level: str
    intro: str = ""
    implementing_agencies: list[str] = field(default_factory=list)
    competent_authority: str = ""
    coordinating_agencies: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)
    channels: list[ChannelData] = field(default_factory=list)
    papers: list[PaperData] = field(default_factory=list)
    dossier_count: str = ""
    requirements: str = ""
    result: str = ""
    legal_bases: list[BasisData] = field(default_factory=list)
    online_level: str = OnlineLevel.INFORMATION
    online_url: str = ""

    def fingerprint(self) -> str:
        return content_fingerprint(asdict(self))


def _choice(value: str, table: dict[str, str]) -> str | None:
    """Map a spelling from the national database ("Cấp Xã", "xa", "Mức độ 4") to a
    choice value, comparing folded words."""
    folded = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(value)).split())
    if not folded:
        return None
    for spelling, choice in table.items():
        if folded == spelling:
            return choice
    return None


LEVEL_SPELLINGS = {
    "cap tinh": Level.PROVINCE,
    "tinh": Level.PROVINCE,
    "cap huyen": Level.DISTRICT,
    "huyen": Level.DISTRICT,
    "cap xa": Level.COMMUNE,
    "xa": Level.COMMUNE,
}
ONLINE_LEVEL_SPELLINGS = {
    "toan trinh": OnlineLevel.FULL,
    "dich vu cong truc tuyen toan trinh": OnlineLevel.FULL,
    "muc do 4": OnlineLevel.FULL,
    "4": OnlineLevel.FULL,
    "mot phan": OnlineLevel.PARTIAL,
    "dich vu cong truc tuyen mot phan": OnlineLevel.PARTIAL,
    "muc do 3": OnlineLevel.PARTIAL,
    "3": OnlineLevel.PARTIAL,
    "thong tin": OnlineLevel.INFORMATION,
    "chi cung cap thong tin": OnlineLevel.INFORMATION,
    "cung cap thong tin": OnlineLevel.INFORMATION,
    "muc do 2": OnlineLevel.INFORMATION,
    "muc do 1": OnlineLevel.INFORMATION,
    "2": OnlineLevel.INFORMATION,
    "1": OnlineLevel.INFORMATION,
}
CHANNEL_SPELLINGS = {
    "truc tiep": Channel.IN_PERSON,
    "nop truc tiep": Channel.IN_PERSON,
    "truc tuyen": Channel.ONLINE,
    "nop truc tuyen": Channel.ONLINE,
    "buu chinh": Channel.POSTAL,
    "buu chinh cong ich": Channel.POSTAL,
    "dich vu buu chinh": Channel.POSTAL,
    "dich vu buu chinh cong ich": Channel.POSTAL,
    "qua dich vu buu chinh cong ich": Channel.POSTAL,
}


class RecordChecker:
    """Turns one raw record into ProcedureData, collecting every problem it finds."""

    def __init__(self, row: int, raw: Any):
        self.row = row
        self.raw = raw if isinstance(raw, dict) else {}
        self.errors: list[RowError] = []
        if not isinstance(raw, dict):
            self.error("*", _("a record must be an object with named fields"))

    def error(self, field_name: str, reason: str) -> None:
        self.errors.append(RowError(self.row, field_name, reason))

    def text(self, key: str, *, required=False, max_length: int | None = None) -> str:
        value = self.raw.get(key)
        if value is None:
            value = ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(key, _("must be text"))
            return ""
        value = value.strip()
        if required and not value:
            self.error(key, _("is required"))
        if max_length and len(value) > max_length:
            self.error(
                key, _("is longer than %(max)s characters") % {"max": max_length}
            )
            value = value[:max_length]
        return value

    def text_list(self, key: str) -> list[str]:
        value = self.raw.get(key)
        if value in (None, ""):
            return []
        if isinstance(value, str):
            value = value.split(";")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, _("must be a list of names"))
            return []
        names = [" ".join(item.split()) for item in value if item.strip()]
        for name in names:
            if len(name) > 255:
                self.error(key, _("a name is longer than 255 characters"))
                return []
        return list(dict.fromkeys(names))

    def objects(self, key: str, text_key: str) -> list[dict[str, Any]]:
        """A list of objects; a plain string item stands for {text_key: item}."""
        value = self.raw.get(key)
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.error(key, _("must be a list"))
            return []
        items = []
        for position, item in enumerate(value, start=1):
            if isinstance(item, str):
                item = {text_key: item}
            if not isinstance(item, dict):
                self.error(f"{key}[{position}]", _("must be an object or text"))
                continue
            items.append(item)
        return items

    def count(self, key: str, value: Any, default: int) -> int:
        if value in (None, ""):
            return default
        try:
            number = int(str(value).strip())
        except ValueError:
            self.error(key, _("must be a whole number"))
            return default
        if not 0 <= number <= 100:
            self.error(key, _("must be between 0 and 100"))
            return default
        return number

    def check(self) -> ProcedureData:
        code = self.text("MaTTHC", required=True, max_length=40)
        if code and not CODE_PATTERN.match(code):
            self.error("MaTTHC", _("is not a procedure code such as 1.001193"))
        title = self.text("TenTTHC", required=True, max_length=255)
        field_name = self.text("LinhVuc", required=True, max_length=255)

        level_text = self.text("CapThucHien", required=True)
        level = _choice(level_text, LEVEL_SPELLINGS) if level_text else None
        if level_text and level is None:
            self.error(
                "CapThucHien",
                _('unknown level "%(value)s" (use Cấp Tỉnh, Cấp Huyện or Cấp Xã)')
                % {"value": level_text},
            )

        online_text = self.text("MucDoDVC")
        online_level = OnlineLevel.INFORMATION
        if online_text:
            online_level = _choice(online_text, ONLINE_LEVEL_SPELLINGS)
            if online_level is None:
                self.error(
                    "MucDoDVC",
                    _(
                        'unknown level "%(value)s" (use Toàn trình, Một phần or '
                        "Chỉ cung cấp thông tin)"
                    )
                    % {"value": online_text},
                )

        online_url = self.text("DuongDanNopHoSo", max_length=500)
        if online_url:
            try:
                URLValidator(schemes=["http", "https"])(online_url)
            except ValidationError:
                self.error("DuongDanNopHoSo", _("is not a web address"))
                online_url = ""

        steps = []
        for position, item in enumerate(
            self.objects("TrinhTuThucHien", "TenBuoc"), start=1
        ):
            name = str(item.get("TenBuoc") or "").strip()
            details = str(item.get("NoiDung") or "").strip()
            if not name and not details:
                self.error(f"TrinhTuThucHien[{position}]", _("the step is empty"))
                continue
            if not name:
                name, details = details[:500], details[500:]
            steps.append(StepData(name[:500], details))

        channels = []
        seen_channels = set()
        for position, item in enumerate(
            self.objects("CachThucThucHien", "HinhThuc"), start=1
        ):
            where = f"CachThucThucHien[{position}]"
            spelling = str(item.get("HinhThuc") or "")
            channel = _choice(spelling, CHANNEL_SPELLINGS)
            if channel is None:
                self.error(
                    where,
                    _(
                        'unknown channel "%(value)s" (use Trực tiếp, Trực tuyến or '
                        "Dịch vụ bưu chính công ích)"
                    )
                    % {"value": spelling},
                )
                continue
            if channel in seen_channels:
                self.error(where, _("the channel is listed twice"))
                continue
            seen_channels.add(channel)
            time_limit = str(item.get("ThoiHanGiaiQuyet") or "").strip()
            if not time_limit:
                self.error(f"{where}.ThoiHanGiaiQuyet", _("is required"))
            channels.append(
                ChannelData(
                    channel=channel,
                    time_limit=time_limit[:500],
                    fee=str(item.get("PhiLePhi") or "").strip()[:500],
                    description=str(item.get("MoTa") or "").strip(),
                )
            )

        papers = []
        for position, item in enumerate(
            self.objects("ThanhPhanHoSo", "TenGiayTo"), start=1
        ):
            where = f"ThanhPhanHoSo[{position}]"
            name = str(item.get("TenGiayTo") or "").strip()
            if not name:
                self.error(f"{where}.TenGiayTo", _("is required"))
                continue
            papers.append(
                PaperData(
                    name=name[:1000],
                    originals=self.count(
                        f"{where}.SoBanChinh", item.get("SoBanChinh"), 1
                    ),
                    copies=self.count(f"{where}.SoBanSao", item.get("SoBanSao"), 0),
                    form_title=str(item.get("MauDon") or "").strip()[:255],
                    form_file=str(item.get("TepMauDon") or "").strip(),
                    note=str(item.get("GhiChu") or "").strip()[:1000],
                )
            )

        bases = []
        seen_numbers = set()
        for position, item in enumerate(
            self.objects("CanCuPhapLy", "SoKyHieu"), start=1
        ):
            number = str(item.get("SoKyHieu") or "").strip()
            if not normalise_document_number(number):
                self.error(f"CanCuPhapLy[{position}].SoKyHieu", _("is required"))
                continue
            if normalise_document_number(number) in seen_numbers:
                continue
            seen_numbers.add(normalise_document_number(number))
            bases.append(
                BasisData(number[:100], str(item.get("TrichYeu") or "").strip()[:500])
            )

        agencies = self.text_list("CoQuanThucHien")
        competent = self.text("CoQuanCoThamQuyen", max_length=255)
        data = ProcedureData(
            code=code,
            title=title,
            field=field_name,
            level=level or "",
            intro=self.text("MoTa"),
            implementing_agencies=agencies,
            competent_authority=competent,
            coordinating_agencies=self.text_list("CoQuanPhoiHop"),
            audiences=self.text_list("DoiTuongThucHien"),
            steps=steps,
            channels=channels,
            papers=papers,
            dossier_count=self.text("SoLuongHoSo", max_length=255),
            requirements=self.text("YeuCauDieuKien"),
            result=self.text("KetQuaThucHien"),
            legal_bases=bases,
            online_level=online_level or OnlineLevel.INFORMATION,
            online_url=online_url,
        )
        if self.errors:
            raise RowInvalid(self.errors)
        return data


# --------------------------------------------------------------------------------------
# Writing


@dataclass
class BuiltProcedure:
    """A record made into a page (unsaved when new) with its steps, channels,
    papers and legal bases set."""

    page: ProcedurePage
    created: bool


class ProcedureImporter(BulkCreation, Importer):
    """Creates or updates ProcedurePages under `parent`, in batches of records."""

    kind = "procedures.procedure"
    columns = COLUMNS
    required_columns = ("MaTTHC",)
    json_list_keys = ("ThuTuc", "data")
    key_column = "MaTTHC"

    def __init__(
        self,
        parent: ProcedureIndexPage,
        *,
        base_dir: Path | None = None,
        dry_run: bool = False,
        full: bool = False,
        batch_size: int | None = None,
        progress=None,
        bulk: bool = True,
    ):
        super().__init__(
            dry_run=dry_run, full=full, batch_size=batch_size, progress=progress
        )
        self.parent = parent
        self.base_dir = base_dir
        # New procedures of a batch are written together (after_batch); bulk=False
        # saves each on its own (Wagtail's add_child and publish).
        self.setup_bulk(parent, bulk=bulk)
        self._existing_ids: dict[str, int | None] = {}
        #: Rows come from a CSV or XLSX file: list cells are text to split.
        self.tabular = False

    def import_file(self, path: Path) -> ImportReport:
        self.tabular = Path(path).suffix.lower() in (".csv", ".xlsx")
        return super().import_file(path)

    # Rows ---------------------------------------------------------------------------

    def clean(self, row: int, raw: dict[str, Any]) -> ProcedureData:
        if self.tabular:
            raw = _from_csv_row(raw)
        return RecordChecker(row, raw).check()

    def key(self, data: ProcedureData) -> str:
        return data.code

    def fingerprint(self, data: ProcedureData) -> str:
        return data.fingerprint()

    def stored_fingerprints(self, keys: list[str]) -> dict[str, str]:
        stored: dict[str, str] = {}
        pages = (
            ProcedurePage.objects.filter(code__in=keys, alias_of__isnull=True)
            .order_by("-pk")
            .values_list("code", "import_fingerprint", "pk")
        )
        # Ordered newest first: the oldest page of a code (the original) wins.
        # Its id is kept, so that a new record costs no look-up of its own.
        self._existing_ids = dict.fromkeys(keys)
        for code, fingerprint, pk in pages:
            stored[code] = fingerprint
            self._existing_ids[code] = pk
        return stored

    def existing_keys(self) -> Iterable[str]:
        return (
            ProcedurePage.objects.child_of(self.parent)
            .filter(alias_of__isnull=True)
            .values_list("code", flat=True)
            .iterator()
        )

    def existing(self, code: str) -> ProcedurePage | None:
        """The procedure with this code: not an alias, and the original rather than
        a copy still waiting for its own code."""
        if code in self._existing_ids:  # looked up with the batch's fingerprints
            pk = self._existing_ids[code]
            return ProcedurePage.objects.get(pk=pk) if pk is not None else None
        return (
            ProcedurePage.objects.filter(code=code, alias_of__isnull=True)
            .order_by("pk")
            .first()
        )

    # Building and saving --------------------------------------------------------------

    def build(self, row: int, data: ProcedureData, fingerprint: str) -> BuiltProcedure:
        forms = self.resolve_forms(row, data)
        taxonomy = self.taxonomies.get
        page = self.existing(data.code)
        created = page is None
        if created:
            page = ProcedurePage(code=data.code, slug=self.unique_slug(data))
        else:
            # Import on top of the latest revision, not the possibly older live row.
            page = page.get_latest_revision_as_object()

        page.title = data.title
        page.intro = data.intro
        page.field = taxonomy(ProcedureField, data.field)
        page.level = data.level
        page.competent_authority = (
            taxonomy(PublicBody, data.competent_authority)
            if data.competent_authority
            else None
        )
        page.dossier_count = data.dossier_count
        page.requirements = data.requirements
        page.result = data.result
        page.online_level = data.online_level
        page.online_url = data.online_url
        page.import_fingerprint = fingerprint
        page.implementing_agencies = [
            taxonomy(PublicBody, name) for name in data.implementing_agencies
        ]
        page.coordinating_agencies = [
            taxonomy(PublicBody, name) for name in data.coordinating_agencies
        ]
        page.audiences = [taxonomy(Audience, name) for name in data.audiences]
        # Orderables keep their order through sort_order only; without it the
        # database may return steps and papers in any order.
        page.steps = [
            ProcedureStep(sort_order=n, title=step.title, description=step.description)
            for n, step in enumerate(data.steps)
        ]
        page.channels = [
            ProcedureChannel(
                sort_order=n,
                channel=channel.channel,
                time_limit=channel.time_limit,
                fee=channel.fee,
                description=channel.description,
            )
            for n, channel in enumerate(data.channels)
        ]
        page.dossier_items = [
            DossierItem(
                sort_order=position,
                name=paper.name,
                originals=paper.originals,
                copies=paper.copies,
                note=paper.note,
                form=self._document(forms[position]) if position in forms else None,
            )
            for position, paper in enumerate(data.papers, start=1)
        ]
        page.legal_bases = [
            LegalBasis(
                sort_order=n,
                number=basis.number,
                number_key=normalise_document_number(basis.number),
                title=basis.title,
            )
            for n, basis in enumerate(data.legal_bases)
        ]
        return BuiltProcedure(page, created)

    def save(self, row: int, built: BuiltProcedure) -> str:
        if built.created and self.queue_new(built):
            return "created"  # written with the batch's other new procedures
        if built.created:
            self.parent.add_child(instance=built.page)
        # An existing procedure gets a new revision, published: its history shows
        # the change, as an editor's edit would.
        built.page.save_revision().publish()
        return "created" if built.created else "updated"

    def after_batch(self) -> None:
        self.write_new()

    def resolve_forms(self, row: int, data: ProcedureData) -> dict[int, Any]:
        """Wagtail documents for the papers' form templates, by paper position: an
        existing document with the form's title, else the file named by TepMauDon
        (relative to the import file, of a type the admin's upload accepts). A
        missing form document is a warning, not a failure."""
        document_model = get_document_model()
        base_dir = (self.base_dir or Path.cwd()).resolve()
        forms: dict[int, Any] = {}
        errors = []
        for position, paper in enumerate(data.papers, start=1):
            if not paper.form_title and not paper.form_file:
                continue
            where = f"ThanhPhanHoSo[{position}].MauDon"
            title = paper.form_title or Path(paper.form_file).stem
            document = document_model.objects.filter(title=title).first()
            if document is not None:
                forms[position] = document
                continue
            if not paper.form_file:
                self.report.warnings.append(
                    RowError(
                        row,
                        where,
                        _('no document titled "%(title)s": imported without form')
                        % {"title": title},
                    )
                )
                continue
            where = f"ThanhPhanHoSo[{position}].TepMauDon"
            path = (base_dir / paper.form_file).resolve()
            if not path.is_relative_to(base_dir) or not path.is_file():
                errors.append(
                    RowError(
                        row,
                        where,
                        _("file not found: %(path)s") % {"path": paper.form_file},
                    )
                )
            elif not document_type_allowed(path):
                errors.append(
                    RowError(
                        row,
                        where,
                        _("file type not allowed: %(path)s")
                        % {"path": paper.form_file},
                    )
                )
            else:
                forms[position] = (title, path)
        if errors:
            raise RowInvalid(errors)
        return forms

    def _document(self, form):
        if not isinstance(form, tuple):
            return form
        if self.dry_run:
            return None  # a dry run stores no file
        title, path = form
        document_model = get_document_model()
        existing = document_model.objects.filter(title=title).first()
        if existing is not None:
            return existing
        with path.open("rb") as handle:
            document = document_model(title=title, file=File(handle, name=path.name))
            # Size and hash, as the admin's upload form records them.
            document._set_document_file_metadata()
            document.save()
        return document

    def unique_slug(self, data: ProcedureData) -> str:
        base = slugify(fold(data.title))[:180].strip("-") or "thu-tuc"
        return unique_child_slug(
            self.parent, f"{base}-{slugify(data.code.replace('.', '-'))}"
        )
