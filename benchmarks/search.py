"""Search benchmark: N generated legal documents, 260 queries, every engine.

    .venv/bin/python benchmarks/search.py                 # 100,000 documents
    .venv/bin/python benchmarks/search.py --n 10000 --osmem
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/search.py
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python benchmarks/search.py

`make search-node` starts a real OpenSearch node on 127.0.0.1:9200; with
ELASTICSEARCH_URL the Elasticsearch engine runs the same mix there, with the
production search timeout (a search over it would fall back: counted), and the
node's heap is printed, as is how often it agrees with the database engine on the
first hit and on the first ten.

Prints, per engine: documents indexed per second (a full rebuild, as
search_rebuild does it), documents re-indexed per second (10,000 updates, as
search_sync sends them), p50/p95/p99 latency of a fixed
mix of 200 queries (words with and without diacritics, document numbers, filters,
all with facet counts as the search page asks for them), then of 60 more of the
classes of issue 22 (metadata named in words, relations, misspellings,
abbreviations; figures per class, and p95 of all 260 beside the 200's), peak memory,
and the
same mix on Wagtail's stock database search backend as the baseline, with the
ratio. The database is a fresh test database (SQLite in memory, or a throw-away
PostgreSQL database when DATABASE_URL is set).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

# Run as a script: the repository root, not benchmarks/, is the import root.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from search.engines.base import KIND_FACET, SearchEngineError, SearchQuery  # noqa: E402
from search.registry import IndexedDocument  # noqa: E402
from search.text import fold  # noqa: E402

TYPES = [
    ("Quyết định", "QĐ", "quyet-dinh", True),
    ("Nghị quyết", "NQ", "nghi-quyet", True),
    ("Chỉ thị", "CT", "chi-thi", True),
    ("Kế hoạch", "KH", "ke-hoach", False),
    ("Thông báo", "TB", "thong-bao", False),
    ("Báo cáo", "BC", "bao-cao", False),
    ("Công văn", "", "cong-van", False),
    ("Tờ trình", "TTr", "to-trinh", False),
]
BODIES = [
    ("Ủy ban nhân dân tỉnh", "UBND", "ubnd-tinh"),
    ("Hội đồng nhân dân tỉnh", "HĐND", "hdnd-tinh"),
    ("Sở Tài nguyên và Môi trường", "STNMT", "so-tai-nguyen-moi-truong"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", "so-giao-duc-dao-tao"),
    ("Sở Y tế", "SYT", "so-y-te"),
    ("Sở Tài chính", "STC", "so-tai-chinh"),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT", "so-ke-hoach-dau-tu"),
    ("Sở Xây dựng", "SXD", "so-xay-dung"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNN", "so-nong-nghiep"),
    ("Sở Giao thông vận tải", "SGTVT", "so-giao-thong-van-tai"),
]
FIELDS = [
    ("đất đai", "dat-dai"),
    ("cải cách hành chính", "cai-cach-hanh-chinh"),
    ("giáo dục", "giao-duc"),
    ("y tế", "y-te"),
    ("giao thông vận tải", "giao-thong-van-tai"),
    ("tài chính ngân sách", "tai-chinh-ngan-sach"),
    ("xây dựng", "xay-dung"),
    ("nông nghiệp", "nong-nghiep"),
    ("văn hóa du lịch", "van-hoa-du-lich"),
    ("lao động việc làm", "lao-dong-viec-lam"),
    ("môi trường", "moi-truong"),
    ("đầu tư công", "dau-tu-cong"),
]
SUBJECTS = [
    "ban hành Quy định về {field} trên địa bàn tỉnh",
    "triển khai thực hiện công tác {field} năm {year}",
    "phê duyệt kế hoạch {field} giai đoạn {year} - {later}",
    "tăng cường quản lý nhà nước về {field}",
    "sửa đổi, bổ sung một số điều của Quy định về {field}",
    "kiện toàn Ban chỉ đạo {field} của tỉnh",
    "kết quả thực hiện nhiệm vụ {field} quý {quarter} năm {year}",
    "đẩy mạnh ứng dụng công nghệ thông tin trong {field}",
]
SENTENCES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015.",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2015.",
    "Xét đề nghị của Giám đốc {body} tại Tờ trình số {n}/TTr-{code}.",
    "Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố chịu trách nhiệm thi hành.",
    "Mục tiêu nâng cao chất lượng {field}, bảo đảm quyền lợi của người dân và doanh nghiệp.",
    "Kinh phí thực hiện từ nguồn ngân sách nhà nước và các nguồn vốn hợp pháp khác.",
    "Giao {body} chủ trì, phối hợp hướng dẫn, kiểm tra việc thực hiện.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo Ủy ban nhân dân tỉnh.",
    "Tổ chức tuyên truyền sâu rộng về {field} đến cán bộ, công chức và nhân dân.",
    "Giá trị tính bằng đồng Việt Nam, áp dụng thống nhất trên địa bàn toàn tỉnh.",
]
SIGNERS = [
    ("Trần Quốc Văn", "tran-quoc-van"),
    ("Nguyễn Văn Phóng", "nguyen-van-phong"),
    ("Đặng Ngọc Quỳnh", "dang-ngoc-quynh"),
    ("Nguyễn Hùng Nam", "nguyen-hung-nam"),
    ("Nguyễn Lê Huy", "nguyen-le-huy"),
]
STATUSES = ["con-hieu-luc", "het-hieu-luc", "het-hieu-luc-mot-phan", "chua-co-hieu-luc"]
FACETS = ["doc_type", "body", "field", "year", "status", "signer"]


def generate(n: int, seed: int = 2020) -> list[IndexedDocument]:
    rng = random.Random(seed)
    documents = []
    counters: dict[tuple, int] = {}
    for i in range(n):
        type_label, type_code, type_slug, normative = rng.choice(TYPES)
        body_label, body_code, body_slug = rng.choice(BODIES)
        field_label, field_slug = rng.choice(FIELDS)
        year = rng.randint(2010, 2025)
        counter = counters[(type_code, body_code, year)] = (
            counters.get((type_code, body_code, year), 0) + 1
        )
        if normative:
            number = f"{counter:02d}/{year}/{type_code}-{body_code}"
        elif type_code:
            number = f"{counter}/{type_code}-{body_code}"
        else:
            number = f"{counter}/{body_code}-VP"
        words = {
            "field": field_label,
            "year": year,
            "later": year + 5,
            "quarter": rng.randint(1, 4),
            "body": body_label,
            "code": body_code,
            "n": rng.randint(1, 500),
        }
        title = f"{type_label} {rng.choice(SUBJECTS).format(**words)}"
        paragraphs = [
            " ".join(rng.choice(SENTENCES).format(**words) for _ in range(4))
            for _ in range(rng.randint(2, 4))
        ]
        signer_label, signer_slug = rng.choice(SIGNERS)
        date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        documents.append(
            IndexedDocument(
                key=f"legal:{i + 1}",
                kind="legal",
                title=title,
                url=f"/van-ban/{i + 1}/",
                number=number,
                summary=title,
                text="\n\n".join(paragraphs),
                date=date,
                facets={
                    "doc_type": [type_slug],
                    "body": [body_slug],
                    "field": [field_slug],
                    "year": [str(year)],
                    "status": [rng.choice(STATUSES)],
                    "signer": [signer_slug],
                },
                extra={"signer": signer_label},
            )
        )
    return documents


def number_spellings(number: str, rng: random.Random) -> str:
    parts = [p for p in fold(number).replace("/", " ").replace("-", " ").split() if p]
    choice = rng.randrange(4)
    if choice == 0:
        return number
    if choice == 1:
        return number.lower()
    if choice == 2:
        return " ".join(parts)
    return " ".join(reversed(parts[:2]))


def query_mix(documents: list[IndexedDocument], seed: int = 146) -> list[SearchQuery]:
    """200 queries: 50 with diacritics, the same 50 without, 40 numbers, 30 text
    with filters, 30 filters only; every one with the facets the page shows."""
    rng = random.Random(seed)
    facets = (KIND_FACET, *FACETS)
    phrases = [f for f, _ in FIELDS] + [
        "quy định giá đất",
        "kế hoạch cải cách hành chính",
        "quyết định phê duyệt",
        "ngân sách nhà nước",
        "ứng dụng công nghệ thông tin",
        "ban chỉ đạo",
        "đồng việt nam",
        "tổ chức tuyên truyền",
    ]
    with_marks = [rng.choice(phrases) for _ in range(50)]
    queries = [SearchQuery(q=q, facets=facets) for q in with_marks]
    queries += [SearchQuery(q=fold(q), facets=facets) for q in with_marks]
    for document in rng.sample(documents, 40):
        queries.append(
            SearchQuery(q=number_spellings(document.number, rng), facets=facets)
        )
    for _ in range(30):
        queries.append(
            SearchQuery(
                q=fold(rng.choice(phrases)),
                kind="legal",
                filters={"doc_type": [rng.choice(TYPES)[2]]},
                facets=facets,
            )
        )
    for _ in range(30):
        queries.append(
            SearchQuery(
                kind="legal",
                filters={
                    "field": [rng.choice(FIELDS)[1]],
                    "year": [str(rng.randint(2010, 2025))],
                },
                facets=facets,
                sort="newest",
            )
        )
    return queries


#: Queries of query_mix, the mix every figure before issue 22 was measured on.
BASE_MIX = 200


def understanding_mix(
    documents: list[IndexedDocument], seed: int = 22
) -> list[SearchQuery]:
    """60 queries of the classes issue 22 taught the engines (search/README.md,
    "How a query is understood"), after the base mix so that its figures stay
    comparable: metadata named in words, relations as intent, one misspelt
    letter, abbreviations of the trade."""
    rng = random.Random(seed)
    facets = (KIND_FACET, *FACETS)
    validity = ["còn hiệu lực", "het hieu luc", ""]
    queries = []
    for _ in range(20):
        type_label = rng.choice(TYPES)[0]
        field = rng.choice(FIELDS)[0]
        body = rng.choice(BODIES)[0]
        words = [type_label.lower(), field, rng.choice([body.lower(), ""])]
        words += [str(rng.randint(2010, 2025)), rng.choice(validity)]
        queries.append(SearchQuery(q=" ".join(w for w in words if w), facets=facets))
    relations = ["sửa đổi", "hướng dẫn", "thay thế", "bai bo"]
    for document in rng.sample(documents, 15):
        type_label = next(t[0] for t in TYPES if t[2] == document.facets["doc_type"][0])
        queries.append(
            SearchQuery(
                q=f"{rng.choice(relations)} {type_label.lower()} {document.number}",
                facets=facets,
            )
        )
    # A word of five letters or more, two letters swapped (the rule of item 6).
    misspellable = [
        phrase
        for phrase in [f for f, _ in FIELDS] + ["kế hoạch cải cách hành chính"]
        if max(len(word) for word in phrase.split()) >= 5
    ]
    for _ in range(15):
        phrase = rng.choice(misspellable)
        words = phrase.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        at = rng.randrange(1, len(word) - 1)
        words[longest] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        queries.append(SearchQuery(q=" ".join(words), facets=facets))
    for q in ["cchc", "tthc 2020", "kh ubnd cchc", "qđ ubnd tỉnh đất đai", "nq hđnd"]:
        queries.append(SearchQuery(q=q, facets=facets))
        queries.append(SearchQuery(q=fold(q), facets=facets))
    return queries


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]

    return at(0.50), at(0.95), at(0.99)


def report(row: dict) -> None:
    """The base mix's figures (comparable with every earlier run), then the
    whole mix's with issue 22's classes."""
    base = row["latencies"][:BASE_MIX]
    p50, p95, p99 = percentiles(base) if base else (0, 0, 0)
    updates = row.get("updates_per_s")
    whole = ""
    if len(row["latencies"]) > BASE_MIX:
        _p50, all_p95, _p99 = percentiles(row["latencies"])
        whole = f"; with the {len(row['latencies'])} queries p95 {all_p95:.1f} ms"
    print(
        f"  {row['engine']}: {row['docs_per_s']:,.0f} docs/s, "
        + (f"updates {updates:,.0f}/s, " if updates else "")
        + f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms{whole}",
        file=sys.stderr,
    )


#: The parts of query_mix, for the per-part latencies printed on stderr.
MIX_PARTS = [
    ("words with diacritics", 0, 50),
    ("words without diacritics", 50, 100),
    ("document numbers", 100, 140),
    ("words and filters", 140, 170),
    ("filters only", 170, 200),
    ("metadata named in words", 200, 220),
    ("relations as intent", 220, 235),
    ("one misspelt letter", 235, 250),
    ("abbreviations", 250, 260),
]


#: Documents indexed again after the rebuild, as the outbox sends them.
UPDATES = 10_000


def run_engine(name, engine, documents, queries, paging=None) -> dict:
    """Index (as search_rebuild does), time updates (as search_sync sends
    them), run the mix; with `paging`, an engine on the same index, also time
    page 2 of the first 100 queries right after their first page."""
    engine.clear()
    started = time.perf_counter()
    engine.rebuild(documents)
    engine.refresh()
    engine.optimize()  # what search_rebuild does after the load; timed too
    indexing = time.perf_counter() - started
    latencies = []
    answers = []
    pages = []
    tops = []
    fallbacks = 0
    for query in queries:
        started = time.perf_counter()
        try:
            results = engine.search(query)
        except SearchEngineError:
            # Past the engine's timeout: a visitor would get the fallback.
            fallbacks += 1
            tops.append([])
            answers.append(-1)
            continue
        finally:
            latencies.append((time.perf_counter() - started) * 1000)
        answers.append(results.count)
        tops.append([hit.key for hit in results.results[:10]])
    # Queries 0-49 and 50-99 are the same words with and without diacritics: they
    # must match as many documents (exact diacritics may rank differently).
    same = sum(answers[i] == answers[i + 50] for i in range(50))
    if paging:
        # A reader going to page 2 of the words: the same match again, which
        # the database engine's match cache keeps (the mix above runs without).
        for query in queries[:100]:
            paging.search(query)
            started = time.perf_counter()
            paging.search(dataclasses.replace(query, page=2))
            pages.append((time.perf_counter() - started) * 1000)
    # Last, so that the mix runs on the index as the rebuild left it.
    updated = documents[:UPDATES]
    started = time.perf_counter()
    engine.index_bulk(updated)
    engine.refresh()
    updating = time.perf_counter() - started
    parts = [(label, latencies[start:end]) for label, start, end in MIX_PARTS]
    if pages:
        parts.append(("page 2 of the words (cached)", pages))
    for label, part in parts:
        part = sorted(part)
        if part:
            p50, p95, _p99 = percentiles(part)
            print(
                f"    {label:<28} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                f"max {part[-1]:7.1f} ms",
                file=sys.stderr,
            )
    row = {
        "engine": name,
        "docs_per_s": len(documents) / indexing,
        "updates_per_s": len(updated) / updating,
        "latencies": latencies,
        "parity": f"{same}/50",
        "memory": peak_memory_mb(),
        "queries": len(queries),
        "tops": tops,
        "fallbacks": fallbacks,
    }
    report(row)
    return row


def node_heap(engine) -> str:
    """The node's JVM heap in use and its maximum, as the node reports them."""
    stats = engine.client.nodes.stats(metric="jvm")
    for node in stats["nodes"].values():
        mem = node["jvm"]["mem"]
        used = mem["heap_used_in_bytes"] / 2**20
        top = mem["heap_max_in_bytes"] / 2**20
        return f"{used:,.0f} of {top:,.0f} MB"
    return "?"


def agreement(reference: dict, other: dict, queries: list[SearchQuery]) -> None:
    """How often `other` puts the same document first as `reference`, and the
    same documents in its first ten, over the queries that rank by relevance."""
    ranked = [
        i
        for i, q in enumerate(queries)
        if q.q and reference["tops"][i] and other["tops"][i]
    ]
    first = sum(reference["tops"][i][0] == other["tops"][i][0] for i in ranked)
    same_ten = sum(set(reference["tops"][i]) == set(other["tops"][i]) for i in ranked)
    overlap = (
        statistics.mean(
            len(set(reference["tops"][i]) & set(other["tops"][i]))
            / max(len(reference["tops"][i]), len(other["tops"][i]))
            for i in ranked
        )
        if ranked
        else 0
    )
    print(
        f"  {other['engine']} against {reference['engine']}, {len(ranked)} text"
        f" queries: same first hit {first}, same first ten {same_ten},"
        f" mean overlap of the first ten {overlap:.0%}"
    )
    for label, start, end in MIX_PARTS:
        part = [i for i in ranked if start <= i < end]
        if part:
            agree = sum(reference["tops"][i][0] == other["tops"][i][0] for i in part)
            print(f"    {label:<28} same first hit {agree}/{len(part)}")


def run_baseline(documents, queries, budget: float) -> dict:
    from wagtail.search.backends import get_search_backend

    from benchmarks.bench_app.models import BenchDocument

    backend = get_search_backend("default")
    BenchDocument.objects.all().delete()
    started = time.perf_counter()
    objects = BenchDocument.objects.bulk_create(
        [
            BenchDocument(
                key=d.key,
                title=d.title,
                number=d.number,
                summary=d.summary,
                text=d.text,
                date=d.date,
                **{name: d.facets[name][0] for name in FACETS if name != "signer"},
            )
            for d in documents
        ],
        batch_size=1000,
    )
    for start in range(0, len(objects), 1000):
        backend.add_bulk(BenchDocument, objects[start : start + 1000])
    indexing = time.perf_counter() - started
    latencies = []
    answers = []
    deadline = time.perf_counter() + budget
    for query in queries:
        if time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        queryset = BenchDocument.objects.all()
        for name, values in query.filters.items():
            queryset = queryset.filter(**{f"{name}__in": values})
        if query.q:
            results = backend.search(query.q, queryset)
        else:
            results = queryset.order_by("-date")
        list(results[:20])
        count = results.count()
        for name in FACETS[:-1]:
            try:
                if query.q:
                    results.facet(name)
                else:
                    list(queryset.values(name).annotate(n=django.db.models.Count("pk")))
            except (NotImplementedError, AttributeError, django.db.Error):
                pass
        latencies.append((time.perf_counter() - started) * 1000)
        answers.append(count)
    same = sum(
        answers[i] == answers[i + 50] for i in range(50) if i + 50 < len(answers)
    )
    row = {
        "engine": f"wagtail database ({connection.vendor}, baseline)",
        "docs_per_s": len(documents) / indexing,
        "latencies": latencies,
        "parity": f"{same}/{min(50, max(0, len(answers) - 50))}",
        "memory": peak_memory_mb(),
        "queries": len(latencies),
    }
    report(row)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="documents to index")
    parser.add_argument(
        "--osmem", action="store_true", help="also run Elasticsearch on osmem-server"
    )
    parser.add_argument(
        "--baseline-budget",
        type=float,
        default=120.0,
        help="seconds of queries on the stock backend (it can take minutes)",
    )
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()

    from django.test.utils import setup_databases, teardown_databases

    print(f"Generating {args.n} documents…", file=sys.stderr)
    documents = generate(args.n)
    queries = query_mix(documents) + understanding_mix(documents)
    old_config = setup_databases(verbosity=0, interactive=False)
    rows = []
    try:
        from search.engines.database import DatabaseSearchEngine

        print(f"Database engine on {connection.vendor}…", file=sys.stderr)
        # Every query of the mix matched afresh: no match cache.
        rows.append(
            run_engine(
                f"database ({connection.vendor})",
                DatabaseSearchEngine("bench", {"MATCH_CACHE": 0}),
                documents,
                queries,
                paging=DatabaseSearchEngine("bench", {}),
            )
        )
        es_targets = []
        if os.environ.get("ELASTICSEARCH_URL"):
            es_targets.append(("elasticsearch", os.environ["ELASTICSEARCH_URL"]))
        server = None
        if args.osmem:
            from osmem_server import OsmemServer

            server = OsmemServer.start(japanese=False)
            es_targets.append(
                (f"elasticsearch (osmem-server {server.version})", server.url)
            )
        from search.engines.elasticsearch import ElasticsearchSearchEngine

        for name, url in es_targets:
            engine = ElasticsearchSearchEngine(
                "bench", {"URLS": [url], "INDEX": "bench"}
            )
            name = f"{name} ({engine.health().detail})"
            print(f"{name}…", file=sys.stderr)
            rows.append(run_engine(name, engine, documents, queries))
            if server is None or url != server.url:
                rows[-1]["heap"] = node_heap(engine)
            engine.clear()
        if server:
            server.close()
        if not args.no_baseline:
            print("Wagtail's stock database backend…", file=sys.stderr)
            rows.append(
                run_baseline(documents, queries[:BASE_MIX], args.baseline_budget)
            )
    finally:
        teardown_databases(old_config, verbosity=0)
    print_table(args.n, rows, queries)


def print_table(n: int, rows: list[dict], queries: list[SearchQuery]) -> None:
    baseline = next((r for r in rows if "baseline" in r["engine"]), None)
    base_p50 = statistics.median(baseline["latencies"]) if baseline else None
    print(
        f"\nSearch benchmark: {n:,} legal documents, {BASE_MIX}-query mix with facets"
        " (the classes of issue 22 per class above)\n"
    )
    header = (
        f"{'engine':<42} {'docs/s':>9} {'updates/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f" {'queries':>7} {'no-diacritics parity':>20} {'peak MB':>8} {'vs stock':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        base = row["latencies"][:BASE_MIX]
        p50, p95, p99 = percentiles(base) if base else (0, 0, 0)
        updates = f"{row['updates_per_s']:,.0f}" if "updates_per_s" in row else ""
        ratio = ""
        if base_p50 and row is not baseline and p50:
            ratio = f"{base_p50 / p50:.0f}×"
        print(
            f"{row['engine']:<42} {row['docs_per_s']:>9,.0f}"
            f" {updates:>9} {p50:>8.1f} {p95:>8.1f}"
            f" {p99:>8.1f} {len(base):>7} {row['parity']:>20} {row['memory']:>8.0f}"
            f" {ratio:>9}"
        )
    for row in rows:
        if row.get("heap") or row.get("fallbacks"):
            print(
                f"\n{row['engine']}: heap {row.get('heap', '?')}, searches past the"
                f" timeout (a visitor would get the fallback): {row['fallbacks']}"
            )
    engines = [r for r in rows if "tops" in r]
    if len(engines) > 1:
        print("\nAgreement with the database engine:")
        for other in engines[1:]:
            agreement(engines[0], other, queries)
    if baseline and baseline["queries"] < 200:
        print(
            f"\nThe stock backend ran {baseline['queries']} of 200 queries within the"
            " time budget (--baseline-budget)."
        )


if __name__ == "__main__":
    main()
