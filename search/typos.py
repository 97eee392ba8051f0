"""Typos: one wrong, missing, extra or swapped letter in a word of five letters
or more ("quy hoahc", "tuyne dung", "doanh ngiep").

Used only when the words as typed find nothing. A word the index does not hold
is then matched by the indexed words one edit away from it (Damerau-Levenshtein
distance 1) instead; words the index holds are left as typed, so a document
holding every word as typed always comes before one found through a correction
(it would have been found without one). The database engine asks its own
vocabulary which of the candidate words exist (search.engines.database.dialects);
Elasticsearch matches with `fuzziness` 1 (search.engines.elasticsearch).
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Callable, Iterable

from search.query import ParsedQuery

#: The shortest word a typo is looked for in: the word meant has at least this
#: many letters, so the word typed at least one fewer.
MEANT_LENGTH = 5
#: Folded words are ASCII: the letters an edit may bring in.
LETTERS = string.ascii_lowercase
#: Most corrections kept for one word, the first in alphabetical order: a short
#: word has many neighbours, and each is one more alternative to match.
MAX_CORRECTIONS = 8


def may_be_typo(term: str) -> bool:
    """A folded word long enough to be a word of MEANT_LENGTH letters with one
    missing, and made of letters only (numbers are never corrected)."""
    return len(term) >= MEANT_LENGTH - 1 and term.isascii() and term.isalpha()


def neighbours(term: str) -> set[str]:
    """The words of at least MEANT_LENGTH letters one edit away from `term`:
    a letter deleted, swapped with the next, replaced or inserted."""
    splits = [(term[:i], term[i:]) for i in range(len(term) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found |= {
        left + right[1] + right[0] + right[2:]
        for left, right in splits
        if len(right) > 1 and right[0] != right[1]
    }
    found |= {left + c + right[1:] for left, right in splits if right for c in LETTERS}
    found |= {left + c + right for left, right in splits for c in LETTERS}
    found.discard(term)
    return {word for word in found if len(word) >= MEANT_LENGTH}


def corrected(
    parsed: ParsedQuery, known: Callable[[Iterable[str]], set[str]]
) -> ParsedQuery | None:
    """`parsed` with corrections for the words the index does not hold, or None
    when there is none to make (every word is indexed, or no indexed word is one
    edit away). `known(words)` says which of `words` the index holds: asked once,
    for the query's words and their neighbours together."""
    if parsed.number:
        return None
    candidates = {
        term: neighbours(term)
        for term in parsed.terms
        if may_be_typo(term) and not parsed.expansion(term)
    }
    if not candidates:
        return None
    held = known({*candidates, *(w for words in candidates.values() for w in words)})
    corrections = {
        term: tuple(sorted(words & held)[:MAX_CORRECTIONS])
        for term, words in candidates.items()
        if term not in held
    }
    corrections = {term: words for term, words in corrections.items() if words}
    if not corrections:
        return None
    return dataclasses.replace(parsed, corrections=tuple(corrections.items()))
