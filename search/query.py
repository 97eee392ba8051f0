"""Query understanding shared by every engine.

A query is folded once (search.text.fold), split into words and quoted phrases, and
recognised as a document number when it looks like one, whatever its spelling:
"146/KH-UBND", "146 kh ubnd", "kh 146" and "01/2020/QĐ-UBND" all become number
queries, so that engines can put that document first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.text import fold, normalise_document_number

#: Longer queries are cut: nobody types more, and each word costs the engines work.
MAX_TERMS = 24
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W_]+")
#: Letters that appear in Vietnamese document-number symbols (KH, QĐ, UBND, NĐ-CP...).
_SYMBOL = re.compile(r"^[a-z]{1,8}$")
_DIGITS = re.compile(r"^\d{1,6}$")


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    #: Folded words outside quotes.
    terms: tuple[str, ...]
    #: Folded quoted phrases, each a tuple of words.
    phrases: tuple[tuple[str, ...], ...]
    #: The normalised document number ("146-kh-ubnd") when the query looks like one.
    number: str = ""

    @property
    def all_terms(self) -> tuple[str, ...]:
        words = list(self.terms)
        for phrase in self.phrases:
            words.extend(phrase)
        return tuple(dict.fromkeys(words))

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def number_tokens(self) -> tuple[str, ...]:
        return tuple(t for t in self.number.split("-") if t)


def words(text: str) -> list[str]:
    """Folded words of `text`, as every engine's tokenizer sees them."""
    return _WORD.findall(fold(text))


def looks_like_number(tokens: list[str]) -> bool:
    """A document number: a few tokens, at least one of digits, the rest short
    symbols ("146 kh ubnd", "kh 146", "01 2020 qd ubnd"), not plain words."""
    if not 2 <= len(tokens) <= 6:
        return False
    if not any(_DIGITS.match(t) for t in tokens):
        return False
    symbols = [t for t in tokens if not _DIGITS.match(t)]
    return bool(symbols) and all(_SYMBOL.match(t) for t in symbols)


def parse_query(q: str) -> ParsedQuery:
    q = (q or "").strip()
    phrases: list[tuple[str, ...]] = []
    for match in _PHRASE.findall(q):
        phrase = tuple(words(match))
        if phrase:
            phrases.append(phrase)
    outside = _PHRASE.sub(" ", q)
    terms = tuple(dict.fromkeys(words(outside.replace('"', " "))))[:MAX_TERMS]
    tokens = words(q)
    number = ""
    # A number is typed as one token string ("146/KH-UBND") or as words ("kh 146").
    if looks_like_number(tokens):
        number = normalise_document_number(q)
    return ParsedQuery(raw=q, terms=terms, phrases=tuple(phrases), number=number)
