"""Query understanding shared by every engine.

A query is folded once (search.text.fold), split into words and quoted phrases, and
recognised as a document number when it looks like one, whatever its spelling:
"146/KH-UBND", "146KH-UBND", "146.KH.UBND", "kh 146", "61/2018", "nghị định 61",
"NĐ 15", "tt 01 2018" and "01/2020/QĐ-UBND" all become number queries, so that
engines can put that document first; a procedure code typed without its dot
("1001193") is its code ("1.001193"). Abbreviations of the trade ("CCHC", "TTHC";
search.abbreviations) stand for their words as well as for themselves. Words
naming a document's metadata or a relation ("luật đất đai 2013", "sửa đổi nghị
định 61") are read by search.intent first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from search.abbreviations import TYPE_SYMBOLS, expansion
from search.text import fold

if TYPE_CHECKING:
    from search.intent import Intent

#: Longer queries are cut: nobody types more, and each word costs the engines work.
MAX_TERMS = 24
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W_]+")
#: Letters that appear in Vietnamese document-number symbols (KH, QĐ, UBND, NĐ-CP,
#: QH15...).
_SYMBOL = re.compile(r"^[a-z]{1,8}\d{0,2}$")
_DIGITS = re.compile(r"^\d{1,6}$")
#: The number a document is given in its series: digits, sometimes a letter
#: ("30c/NQ-CP").
_SEQUENCE = re.compile(r"^\d{1,6}[a-z]?$")
#: A number typed against its symbol: "146KH-UBND" gives "146kh".
_GLUED = re.compile(r"^(\d{1,6})([a-z]{2,8})$")
_YEAR = re.compile(r"^(19|20)\d\d$")
#: A procedure code typed without its dot: "1001193" for "1.001193".
_PROCEDURE_CODE = re.compile(r"^([1-9])(\d{6})$")
#: Words said around a number that are no part of it ("luật số 80/2015").
_AROUND_NUMBERS = frozenset({"so", "luat"})


@dataclass(frozen=True)
class ParsedQuery:
    #: The query as typed, less the words search.intent took out.
    raw: str
    #: Folded words outside quotes.
    terms: tuple[str, ...]
    #: Folded quoted phrases, each a tuple of words.
    phrases: tuple[tuple[str, ...], ...]
    #: The normalised document number ("146-kh-ubnd") when the query looks like one.
    number: str = ""
    #: What a document's own number holds when it is the one meant, its number in
    #: its series first: ("61", "nd") for "nghị định 61", ("146", "kh", "ubnd")
    #: for "146KH-UBND". Empty when the query is no number.
    number_parts: tuple[str, ...] = ()
    #: Words standing for others, with those others: (("cchc", ("cai", "cach",
    #: "hanh", "chinh")),). Engines match either.
    expansions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: What the words taken out of `raw` named (search.intent): metadata, a
    #: relation. None when the query names neither.
    intent: Intent | None = None
    #: Words the index does not hold, with the indexed words one letter away
    #: that they may be typos of (search.typos): (("hoahc", ("hoach",)),).
    #: Engines match either. Set only when the words as typed find nothing.
    corrections: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def all_terms(self) -> tuple[str, ...]:
        words = list(self.terms)
        for phrase in self.phrases:
            words.extend(phrase)
        return tuple(dict.fromkeys(words))

    @property
    def highlighted_terms(self) -> tuple[str, ...]:
        """all_terms and the words naming metadata or a relation, which the
        user typed too though no document must hold them."""
        if not self.intent or not self.intent.taken:
            return self.all_terms
        return tuple(dict.fromkeys((*self.all_terms, *words(self.intent.taken))))

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def number_tokens(self) -> tuple[str, ...]:
        """What a document's number must hold to be this number or hold it."""
        return self.number_parts

    def expansion(self, term: str) -> tuple[str, ...]:
        return dict(self.expansions).get(term, ())

    def correction(self, term: str) -> tuple[str, ...]:
        return dict(self.corrections).get(term, ())


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


def unglued(tokens: list[str]) -> list[str]:
    """Numbers typed against their symbol apart: "146kh" -> "146", "kh"."""
    parts: list[str] = []
    for token in tokens:
        glued = _GLUED.match(token)
        parts.extend(glued.groups() if glued else (token,))
    return parts


def number_parts(tokens: list[str]) -> tuple[str, ...]:
    """The parts of the document number `tokens` (unglued) stand for, its number
    in its series first, or () when they are no number.

    A type's name stands for its symbol ("nghi dinh 61" -> 61, nd); "số" and
    "luật" are said around numbers, not in them. A number has a part of digits
    besides a year ("ke hoach 2020" is words) and at most six parts; without a
    symbol, it is a number and its year ("61/2018"), never one part alone."""
    parts: list[str] = []
    position = 0
    while position < len(tokens):
        symbol = TYPE_SYMBOLS.get(" ".join(tokens[position : position + 2]))
        if symbol:
            parts.append(symbol)
            position += 2
            continue
        if tokens[position] not in _AROUND_NUMBERS:
            parts.append(tokens[position])
        position += 1
    parts = list(dict.fromkeys(parts))
    sequences = [p for p in parts if _SEQUENCE.match(p)]
    symbols = [p for p in parts if p not in sequences]
    if len(parts) > 6 or not all(_SYMBOL.match(s) for s in symbols):
        return ()
    if not any(not _YEAR.match(p) for p in sequences):
        return ()
    if not symbols and len(sequences) < 2:
        return ()
    first = sequences[0]
    return (first, *(p for p in parts if p != first))


def parse_query(q: str) -> ParsedQuery:
    # Imported here: search.intent reads numbers with this module's functions.
    from search.intent import understand

    q = (q or "").strip()
    understood = understand(q) if q else None
    if understood:
        q = understood[0]
    phrases: list[tuple[str, ...]] = []
    for match in _PHRASE.findall(q):
        phrase = tuple(words(match))
        if phrase:
            phrases.append(phrase)
    outside = _PHRASE.sub(" ", q)
    terms = tuple(dict.fromkeys(words(outside.replace('"', " "))))[:MAX_TERMS]
    tokens = unglued(words(q))
    number = ""
    parts: tuple[str, ...] = ()
    expansions: dict[str, tuple[str, ...]] = {}
    # A number is typed as one token string ("146/KH-UBND") or as words ("kh 146").
    if len(tokens) <= 8:
        parts = number_parts(tokens)
    if parts:
        number = "-".join(tokens)
        terms = tuple(dict.fromkeys(unglued(list(terms))))
    elif len(tokens) == 1 and (code := _PROCEDURE_CODE.match(tokens[0])):
        parts = code.groups()
        number = "-".join(parts)
        expansions[tokens[0]] = parts
    for term in terms:
        if meaning := expansion(term):
            expansions[term] = meaning
    return ParsedQuery(
        raw=q,
        terms=terms,
        phrases=tuple(phrases),
        number=number,
        number_parts=parts,
        expansions=tuple(expansions.items()),
        intent=understood[1] if understood else None,
    )
