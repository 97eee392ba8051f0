import unicodedata

import pytest

from search.text import (
    fold,
    normalise_document_number,
    number_tokens,
    vietnamese_slug,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Quyết định", "quyet dinh"),
        ("Đất đai", "dat dai"),
        ("ĐỒNG", "dong"),
        ("Kế hoạch cải cách hành chính", "ke hoach cai cach hanh chinh"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Nghị định – Chính phủ", "nghi dinh - chinh phu"),
        ("", ""),
    ],
)
def test_fold_removes_tones_and_d_stroke(text, folded):
    assert fold(text) == folded


def test_fold_handles_decomposed_input():
    assert (
        fold(unicodedata.normalize("NFD", "Thủ tục hành chính")) == "thu tuc hanh chinh"
    )


def test_fold_keeps_other_scripts():
    assert fold("北京 Hà Nội") == "北京 ha noi"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đường Điện Biên Phủ", "duong-dien-bien-phu"),
        ("Sở Lao động - Thương binh và Xã hội", "so-lao-dong-thuong-binh-va-xa-hoi"),
        ("  «Hộ tịch»  ", "ho-tich"),
        ("Quyết định 01/2020/QĐ-UBND", "quyet-dinh-01-2020-qd-ubnd"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_vietnamese_slug(text, slug):
    assert vietnamese_slug(text) == slug


def test_a_cut_slug_ends_on_a_word():
    assert vietnamese_slug("Kế hoạch cải cách", max_length=9) == "ke-hoach"


@pytest.mark.parametrize(
    "spelling",
    ["146/KH-UBND", "146/kh-ubnd", "146 KH UBND", "146/KH–UBND", " 146/KH - UBND "],
)
def test_document_numbers_in_every_spelling_are_equal(spelling):
    assert normalise_document_number(spelling) == "146-kh-ubnd"


def test_number_with_d_stroke_and_year():
    assert normalise_document_number("01/2020/QĐ-UBND") == "01-2020-qd-ubnd"
    assert number_tokens("16/2015/NĐ-CP") == ["16", "2015", "nd", "cp"]
