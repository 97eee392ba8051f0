"""Abbreviations of Vietnamese administrative language, expanded at query time.

Civil servants and citizens write "CCHC" for "cải cách hành chính" and "NĐ 15"
for "nghị định 15": the documents spell most of these out. The list is the
trade's language, not any portal's content, so it lives in the search library;
content vocabularies (document types, issuing bodies) come through the
registered adapters instead. Every entry is a run of consonants or an acronym
that is no Vietnamese syllable, so expanding it never changes a word a citizen
meant as such. Each entry is tested (tests/search/test_abbreviations.py).
"""

from __future__ import annotations

from search.text import fold

#: Abbreviation, folded as the query is -> what it stands for.
ABBREVIATIONS: dict[str, str] = {
    # Reform, procedures and services.
    "cchc": "cải cách hành chính",
    "tthc": "thủ tục hành chính",
    "vbqppl": "văn bản quy phạm pháp luật",
    "qppl": "quy phạm pháp luật",
    "dvc": "dịch vụ công",
    "dvctt": "dịch vụ công trực tuyến",
    "cds": "chuyển đổi số",
    "cntt": "công nghệ thông tin",
    "khcn": "khoa học công nghệ",
    "hcc": "hành chính công",
    "cbcc": "cán bộ công chức",
    "pctn": "phòng chống tham nhũng",
    "nsnn": "ngân sách nhà nước",
    "gpmb": "giải phóng mặt bằng",
    "qsdd": "quyền sử dụng đất",
    "atgt": "an toàn giao thông",
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    # Bodies.
    "ubnd": "ủy ban nhân dân",
    "hdnd": "hội đồng nhân dân",
    "mttq": "mặt trận tổ quốc",
    "cp": "chính phủ",
    "ttg": "thủ tướng",
    "qh": "quốc hội",
    "tw": "trung ương",
    "vpcp": "văn phòng chính phủ",
    "bnv": "bộ nội vụ",
    "btc": "bộ tài chính",
    "tnmt": "tài nguyên và môi trường",
    "gddt": "giáo dục và đào tạo",
    # Types of document, as their numbers abbreviate them (see TYPE_SYMBOLS).
    "nd": "nghị định",
    "qd": "quyết định",
    "tt": "thông tư",
    "ttlt": "thông tư liên tịch",
    "nq": "nghị quyết",
    "kh": "kế hoạch",
    "cv": "công văn",
    "ct": "chỉ thị",
    "tb": "thông báo",
    "bc": "báo cáo",
    "hd": "hướng dẫn",
}

#: The abbreviations that stand for a type of document in its number
#: ("61/2018/NĐ-CP", "146/KH-UBND").
TYPE_ABBREVIATIONS = (
    "nd",
    "qd",
    "tt",
    "ttlt",
    "nq",
    "kh",
    "cv",
    "ct",
    "tb",
    "bc",
    "hd",
)

#: A type's name, folded ("nghi dinh"), -> the symbol its numbers carry ("nd"):
#: "nghị định 61" means the number 61/…/NĐ-….
TYPE_SYMBOLS: dict[str, str] = {
    fold(ABBREVIATIONS[abbreviation]): abbreviation
    for abbreviation in TYPE_ABBREVIATIONS
}


def expansion(word: str) -> tuple[str, ...]:
    """The folded words a folded query word stands for, or () when it is none of
    the trade's abbreviations: "cchc" -> ("cai", "cach", "hanh", "chinh")."""
    meaning = ABBREVIATIONS.get(word)
    return tuple(fold(meaning).split()) if meaning else ()
