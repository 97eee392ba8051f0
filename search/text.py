"""Vietnamese text folding and document-number normalisation, shared by every engine
and by the content apps, so that "quyet dinh" matches "Quyết định" and "146 kh ubnd"
matches "146/KH-UBND" whichever engine answers."""

import re
import unicodedata


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # Every precomposed Latin letter with diacritics (Latin-1 Supplement, Extended-A/B
    # and Extended Additional, where Vietnamese tone-marked letters live).
    for codepoint in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(codepoint)
        base = "".join(
            c
            for c in unicodedata.normalize("NFD", char)
            if not unicodedata.combining(c)
        )
        if base and base != char and base.isascii():
            table[codepoint] = base
    # "đ" has no decomposition: NFD leaves it alone, so it needs its own entry.
    table.update({ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"})
    # Stray combining marks (text typed with a decomposed keyboard layout).
    for codepoint in range(0x0300, 0x0370):
        table[codepoint] = None
    # Dashes and quotes that editors paste from word processors.
    for dash in "‐‑‒–—―−":
        table[ord(dash)] = "-"
    table.update({ord("‘"): "'", ord("’"): "'", ord("“"): '"', ord("”"): '"'})
    table[0x00A0] = " "
    return table


_FOLD_TABLE = _build_fold_table()


def compose(text: str) -> str:
    """Text typed with a decomposed keyboard layout ("e" + U+0302 + U+0301)
    composed ("ế")."""
    return unicodedata.normalize("NFC", text) if text else text


def fold(text: str) -> str:
    """Lower-case ASCII-folded text: "Quyết định" -> "quyet dinh", "Đồng" -> "dong".

    Characters outside the Latin script are kept, so that the folding never loses text.
    """
    if not text:
        return ""
    return compose(text).translate(_FOLD_TABLE).lower()


_SLUG_SEPARATORS = re.compile(r"[^0-9a-z]+")


def vietnamese_slug(text: str, max_length: int | None = None) -> str:
    """The ASCII slug of Vietnamese text, the one slug function of the kit.

    Folded (so "Đường" gives "duong", where Django's `slugify` drops the "đ"), every
    run of other characters one hyphen: "Quyết định 01/2020/QĐ-UBND" ->
    "quyet-dinh-01-2020-qd-ubnd". Spellings that differ only in case, diacritics or
    punctuation give the same slug, so it also finds an existing entry by its name.
    Cut to ``max_length`` without a trailing hyphen; may be empty.
    """
    slug = _SLUG_SEPARATORS.sub("-", fold(text or "")).strip("-")
    if max_length is not None:
        slug = slug[:max_length].rstrip("-")
    return slug


def normalise_document_number(number: str) -> str:
    """The comparable form of a document number (số ký hiệu): its slug.

    "146/KH-UBND", "146/kh-ubnd", "146 KH UBND" and "146/KH–UBND" all become
    "146-kh-ubnd"; "01/2020/QĐ-UBND" becomes "01-2020-qd-ubnd". The result is also the
    slug of the document's permanent short URL.
    """
    return vietnamese_slug(number)


def number_tokens(number: str) -> list[str]:
    """The parts of a number, for matching queries that give them in any order."""
    return [token for token in normalise_document_number(number).split("-") if token]
