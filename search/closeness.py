"""Phrases and diacritics: what the engines' scores miss and the closest-titles
step (search.ranking) weighs among the best ranked matches.

- Words next to each other in the query and in a title or summary: a two-word
  Vietnamese term ("quy hoạch", "tuyển dụng") is one term, and "Kế hoạch …
  quy định" or "trực tuyến … sử dụng" hold its syllables, not the term.
- Diacritics the user typed: folded, "thuế đất" (land tax) and "thuê đất"
  (land lease) are one query; typed with their marks, the words spelled as
  typed come before the words that only fold alike. The folded matches stay
  in the results, after them.

Both are read from the title and summary as stored (with their diacritics):
the database engine indexes folded text only, and bodies can be long.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from search.text import compose, fold

_WORD = re.compile(r"[^\W_]+")
#: Vietnamese tone marks (sắc, huyền, hỏi, ngã, nặng), as combining characters;
#: the marks that make a letter (â, ă, ê, ô, ơ, ư) are not tones.
_TONES = frozenset("\u0301\u0300\u0309\u0303\u0323")


def accent_key(word: str) -> str:
    """A word as spelled with its diacritics, lower-case, wherever its tone mark
    sits: "Hóa" and "hoá", "thủy" and "thuỷ" are one spelling (the old and the
    new placement of the tone), "thuế" and "thuê" are not."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(c for c in decomposed if c in _TONES)
    letters = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", letters) + tones


def spelled_words(text: str) -> list[str]:
    """The words of `text` with their diacritics (accent_key), in order."""
    return [accent_key(word) for word in _WORD.findall(compose(text or ""))]


def carries_diacritics(raw: str) -> bool:
    """Whether the user typed any diacritics (then every word is taken as spelled)."""
    text = compose(raw or "").lower()
    return fold(text) != text


def adjacent_pairs(query_words: Sequence[str], *texts: Sequence[str]) -> int:
    """How many of the query's neighbouring word pairs stand side by side, in
    that order, in the text that holds the most of them (folded words)."""
    pairs = {(a, b) for a, b in zip(query_words, query_words[1:], strict=False)}
    if not pairs:
        return 0
    return max(
        (len(pairs & set(zip(text, text[1:], strict=False))) for text in texts if text),
        default=0,
    )


def exact_words(query_spelled: Iterable[str], *texts: Sequence[str]) -> int:
    """How many distinct words of the query the texts hold as spelled
    (spelled_words on both sides)."""
    held: set[str] = set()
    for text in texts:
        held.update(text)
    return len(set(query_spelled) & held)
