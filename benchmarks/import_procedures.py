"""Import benchmark for administrative procedures: generates N procedures in the
national database's JSON shape (portal/procedures/IMPORT.md), imports them with
`manage.py import_procedures` into a fresh database, then imports the same file
again, and prints procedures per second for both and the peak memory.

    .venv/bin/python benchmarks/import_procedures.py                # 5,000 procedures
    .venv/bin/python benchmarks/import_procedures.py --count 500
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/procedures_bench \
        .venv/bin/python benchmarks/import_procedures.py

Without DATABASE_URL it uses a temporary SQLite file. A province has about 2,000
procedures, each with steps, dossier items, channels and a legal basis; issue 21 asks
for 5,000 in under a minute. The command is timed as an operator runs it, so the
figure holds whatever the importer does inside.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.legal_database import prepare_database  # noqa: E402

FIELDS = [
    "Hộ tịch",
    "Chứng thực",
    "Đất đai",
    "Xây dựng",
    "Đăng ký kinh doanh",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Lao động, Thương binh và Xã hội",
    "Giao thông vận tải",
    "Tài nguyên và Môi trường",
    "Nông nghiệp",
    "Văn hóa",
]
LEVELS = {
    "Cấp Tỉnh": ["Sở Tư pháp", "Sở Xây dựng", "Sở Kế hoạch và Đầu tư", "Sở Y tế"],
    "Cấp Huyện": ["Ủy ban nhân dân cấp huyện", "Phòng Tư pháp"],
    "Cấp Xã": ["Ủy ban nhân dân cấp xã"],
}
ACTIONS = [
    "Đăng ký",
    "Cấp",
    "Cấp lại",
    "Điều chỉnh",
    "Gia hạn",
    "Thu hồi",
    "Xác nhận",
    "Công nhận",
]
OBJECTS = [
    "giấy phép xây dựng nhà ở riêng lẻ",
    "khai sinh có yếu tố nước ngoài",
    "giấy chứng nhận quyền sử dụng đất",
    "hộ kinh doanh",
    "chứng chỉ hành nghề",
    "giấy phép lái xe",
    "trợ cấp xã hội hằng tháng",
    "giấy phép hoạt động",
]
AUDIENCES = ["Công dân Việt Nam", "Người nước ngoài", "Tổ chức", "Doanh nghiệp"]
CHANNELS = ["Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính công ích"]
LAWS = [
    ("60/2014/QH13", "Luật Hộ tịch"),
    ("123/2015/NĐ-CP", "Nghị định quy định chi tiết Luật Hộ tịch"),
    ("23/2015/NĐ-CP", "Nghị định về chứng thực"),
    ("50/2014/QH13", "Luật Xây dựng"),
    ("45/2013/QH13", "Luật Đất đai"),
    ("61/2018/NĐ-CP", "Nghị định về cơ chế một cửa, một cửa liên thông"),
]
LEVELS_ONLINE = ["Toàn trình", "Một phần", "Chỉ cung cấp thông tin"]


def generate(path: Path, count: int, seed: int = 2019) -> None:
    """`count` procedures, written one at a time (the file, not a list, grows)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"ThuTuc": [\n')
        for index in range(count):
            level = rng.choice(list(LEVELS))
            title = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}"
            record = {
                "MaTTHC": f"{1 + index // 1000}.{index % 1000:06d}",
                "TenTTHC": f"{title} (mẫu {index + 1})",
                "LinhVuc": rng.choice(FIELDS),
                "CapThucHien": level,
                "MoTa": f"Thủ tục {title.lower()} áp dụng trên địa bàn tỉnh.",
                "CoQuanThucHien": rng.sample(LEVELS[level], 1),
                "DoiTuongThucHien": rng.sample(AUDIENCES, rng.randint(1, 2)),
                "TrinhTuThucHien": [
                    {
                        "TenBuoc": f"Bước {step}",
                        "NoiDung": "Tổ chức, cá nhân nộp hồ sơ tại Bộ phận Một cửa "
                        "hoặc trên Cổng dịch vụ công; cán bộ tiếp nhận kiểm tra.",
                    }
                    for step in range(1, rng.randint(2, 5))
                ],
                "CachThucThucHien": [
                    {
                        "HinhThuc": channel,
                        "ThoiHanGiaiQuyet": f"{rng.randint(1, 20)} ngày làm việc",
                        "PhiLePhi": rng.choice(["Miễn phí", "50.000 đồng/hồ sơ"]),
                    }
                    for channel in rng.sample(CHANNELS, rng.randint(1, 3))
                ],
                "ThanhPhanHoSo": [
                    {"TenGiayTo": f"Giấy tờ số {item}", "SoBanChinh": 1, "SoBanSao": 0}
                    for item in range(1, rng.randint(2, 6))
                ],
                "SoLuongHoSo": "01 bộ",
                "KetQuaThucHien": f"Quyết định {title.lower()}",
                "CanCuPhapLy": [
                    {"SoKyHieu": number, "TrichYeu": subject}
                    for number, subject in rng.sample(LAWS, rng.randint(1, 3))
                ],
                "MucDoDVC": rng.choice(LEVELS_ONLINE),
                "DuongDanNopHoSo": "https://dichvucong.gov.vn/",
            }
            handle.write(
                ("," if index else "") + json.dumps(record, ensure_ascii=False)
            )
            handle.write("\n")
        handle.write("]}\n")


def timed_import(path: Path) -> tuple[float, int, str]:
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        call_command(
            "import_procedures", str(path), "--no-progress", stdout=out, stderr=err
        )
        status = 0
    except SystemExit as exit:
        status = exit.code or 0
    timing = (time.perf_counter() - started, time.process_time() - cpu_started)
    return timing, status, (out.getvalue() + err.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5_000)
    args = parser.parse_args()

    workdir = prepare_database("procedures-bench-")
    from django.db import connection

    from portal.core.demo import ensure_home_page
    from portal.core.demo_utils import ensure_child
    from portal.procedures.models import ProcedureIndexPage, ProcedurePage

    ensure_child(
        ensure_home_page(),
        ProcedureIndexPage,
        "thu-tuc-hanh-chinh",
        title="Thủ tục hành chính",
    )
    existing = ProcedurePage.objects.count()

    path = workdir / "thu_tuc.json"
    started = time.perf_counter()
    generate(path, args.count)
    print(f"generated {args.count} procedures in {time.perf_counter() - started:.1f}s")

    (first, first_cpu), status, output = timed_import(path)
    imported = ProcedurePage.objects.count() - existing
    (again, _cpu), status_again, output_again = timed_import(path)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database:             {connection.vendor}")
    print(f"procedures imported:  {imported} of {args.count} (exit status {status})")
    print(f"first import:         {first:.1f} s, {imported / first:.1f} procedures/s")
    print(
        f"  per CPU-second:     {imported / first_cpu:.1f} ({first_cpu:.1f} s of CPU)"
    )
    print(
        f"same file again:      {again:.1f} s, {args.count / again:.1f} procedures/s "
        f"(exit status {status_again})"
    )
    print(f"peak memory (RSS):    {peak_rss:.0f} MB")
    print("last lines of the command's report:")
    for line in (output_again or output).strip().splitlines()[-3:]:
        print(f"  {line}")


if __name__ == "__main__":
    main()
