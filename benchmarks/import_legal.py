"""Import benchmark for legal documents: generates N realistic documents as CSV,
imports them with `LegalImporter` (the code behind `manage.py import_legal`) into a
fresh database and prints documents per second and peak memory.

    .venv/bin/python benchmarks/import_legal.py                # 20,000 documents
    .venv/bin/python benchmarks/import_legal.py --count 500
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/legal_bench_db \
        .venv/bin/python benchmarks/import_legal.py --count 2000

Without DATABASE_URL it uses a temporary SQLite file (with it, give it an empty
database). Every document is created as an editor would see it: a page in the
tree, a revision, published, with relations. Then the search outbox is drained as
`search_sync` does (to ELASTICSEARCH_URL's engine when set), the same file is
imported again, and once more with 1% of its rows changed.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import legal_database  # noqa: E402

TYPES = [
    ("Quyết định", "QĐ"),
    ("Kế hoạch", "KH"),
    ("Công văn", "UBND-VX"),
    ("Chỉ thị", "CT"),
    ("Thông báo", "TB"),
    ("Nghị quyết", "NQ"),
    ("Hướng dẫn", "HD"),
]
BODIES = [
    ("Ủy ban nhân dân tỉnh Hưng Yên", "UBND"),
    ("Hội đồng nhân dân tỉnh Hưng Yên", "HĐND"),
    ("Sở Nội vụ tỉnh Hưng Yên", "SNV"),
    ("Sở Tài chính tỉnh Hưng Yên", "STC"),
    ("Sở Giáo dục và Đào tạo tỉnh Hưng Yên", "SGDĐT"),
]
FIELDS = [
    "Cải cách hành chính",
    "Đất đai",
    "Tài chính - Ngân sách",
    "Giáo dục",
    "Y tế",
    "Xây dựng",
    "Nông nghiệp",
    "Công nghệ thông tin",
    "Giao thông vận tải",
    "Tổ chức bộ máy",
]
SUBJECTS = [
    "triển khai thực hiện chính sách hỗ trợ phát triển sản xuất nông nghiệp",
    "ban hành quy định quản lý đất đai trên địa bàn tỉnh",
    "tăng cường công tác phòng, chống dịch bệnh",
    "phân bổ dự toán ngân sách nhà nước",
    "kiện toàn tổ chức bộ máy các cơ quan chuyên môn",
    "đẩy mạnh chuyển đổi số trong cơ quan nhà nước",
    "nâng cao chất lượng giáo dục phổ thông",
    "quy hoạch mạng lưới giao thông nông thôn",
]
SIGNERS = [
    ("Nguyễn Văn Phóng", "Chủ tịch"),
    ("Trần Quốc Văn", "Chủ tịch"),
    ("Nguyễn Duy Hưng", "Phó Chủ tịch"),
    ("Đặng Ngọc Quỳnh", "Phó Chủ tịch"),
    ("Phạm Minh Đức", "Giám đốc"),
]
KINDS = ["can_cu", "huong_dan", "sua_doi_bo_sung", "thay_the", "lien_quan"]
COLUMNS = [
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
]


def generate(path: Path, count: int, seed: int = 2019) -> None:
    rng = random.Random(seed)
    numbers: list[str] = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index in range(count):
            doc_type, code = rng.choice(TYPES)
            body, body_code = rng.choice(BODIES)
            year = 2010 + index % 15
            number = f"{index + 1}/{year}/{code}-{body_code}"
            day, month = rng.randint(1, 28), rng.randint(1, 12)
            subject = rng.choice(SUBJECTS)
            signer, position = rng.choice(SIGNERS)
            relations = ";".join(
                f"{rng.choice(KINDS)}:{rng.choice(numbers)}"
                for _ in range(rng.randint(0, 3))
                if numbers
            )
            paragraphs = "\n\n".join(
                f"Điều {n}. {subject.capitalize()} theo quy định của pháp luật hiện hành."
                for n in range(1, rng.randint(3, 8))
            )
            writer.writerow(
                [
                    number,
                    f"{doc_type} về việc {subject} năm {year}",
                    doc_type,
                    body,
                    signer,
                    position,
                    ";".join(rng.sample(FIELDS, rng.randint(1, 3))),
                    f"{day:02d}/{month:02d}/{year}",
                    f"{min(day + 10, 28):02d}/{month:02d}/{year}"
                    if rng.random() < 0.5
                    else "",
                    "",
                    "Toàn tỉnh",
                    rng.choice(["QPPL", "Chỉ đạo điều hành"]),
                    paragraphs,
                    "",
                    relations,
                ]
            )
            numbers.append(number)


def change_rows(source: Path, target: Path, every: int) -> int:
    """A copy of the file in which every `every`-th document has a new summary
    (as a correction would): returns how many rows changed."""
    changed = 0
    with source.open(newline="", encoding="utf-8") as reading:
        rows = list(csv.reader(reading))
    for index, row in enumerate(rows[1:]):
        if index % every == 0:
            row[1] += " (đính chính)"
            changed += 1
    with target.open("w", newline="", encoding="utf-8") as writing:
        csv.writer(writing).writerows(rows)
    return changed


def timed_import(index_page, path: Path, count: int, **options):
    from tqdm import tqdm

    from portal.legal.importing import LegalImporter

    importer = LegalImporter(
        index_page,
        progress=lambda rows: tqdm(rows, total=count, unit=" văn bản", file=sys.stderr),
        **options,
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    report = importer.import_file(path)
    return report, time.perf_counter() - started, time.process_time() - cpu_started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument(
        "--tracemalloc", action="store_true", help="Python heap peak too (slower)"
    )
    parser.add_argument(
        "--one-by-one",
        action="store_true",
        help="Save each new document on its own (add_child, publish), as before the "
        "bulk writer, for comparison",
    )
    parser.add_argument(
        "--no-again",
        action="store_true",
        help="Skip the second and third imports (the same file, then 1%% changed)",
    )
    parser.add_argument(
        "--no-sync", action="store_true", help="Leave the search outbox undrained."
    )
    args = parser.parse_args()

    index_page = legal_database.prepare("legal-bench-")
    workdir = Path(os.environ["PORTAL_VAR_DIR"])
    from django.db import connection

    from portal.legal.models import LegalDocumentPage
    from search.models import OutboxEntry

    existing = LegalDocumentPage.objects.count()
    OutboxEntry.objects.all().delete()

    csv_path = workdir / "van_ban.csv"
    started = time.perf_counter()
    generate(csv_path, args.count)
    print(f"generated {args.count} documents in {time.perf_counter() - started:.1f}s")

    if args.tracemalloc:
        tracemalloc.start()
    report, elapsed, cpu = timed_import(
        index_page, csv_path, args.count, bulk=not args.one_by_one
    )
    imported = report.created + report.updated
    print(f"database:           {connection.vendor}")
    print(f"documents imported: {imported} ({len(report.errors)} errors)")
    print(f"documents in db:    {LegalDocumentPage.objects.count() - existing}")
    print(f"time:               {elapsed:.1f} s")
    print(f"documents/s:        {imported / elapsed:.1f}")
    print(f"per CPU-second:     {imported / cpu:.1f} ({cpu:.1f} s of CPU)")
    print(f"peak memory (RSS):  {legal_database.peak_rss_mb():.0f} MB")
    print(f"load average:       {os.getloadavg()[0]:.2f}")
    if args.tracemalloc:
        _current, peak = tracemalloc.get_traced_memory()
        print(f"peak Python heap:   {peak / 1024 / 1024:.0f} MB")
    if not args.no_sync:
        legal_database.drain_and_report()
    if args.no_again:
        return

    report, elapsed, _cpu = timed_import(index_page, csv_path, args.count)
    print(
        f"same file again:    {elapsed:.1f} s, {args.count / elapsed:.0f} rows/s "
        f"({report.unchanged} unchanged, {report.updated} updated)"
    )
    changed_path = workdir / "van_ban_changed.csv"
    changed = change_rows(csv_path, changed_path, every=100)
    report, elapsed, _cpu = timed_import(index_page, changed_path, args.count)
    print(
        f"{changed} rows changed: {elapsed:.1f} s, {args.count / elapsed:.0f} rows/s "
        f"({report.unchanged} unchanged, {report.updated} updated)"
    )
    print(f"outbox entries:     {OutboxEntry.objects.count()} (after the changes)")


if __name__ == "__main__":
    main()
