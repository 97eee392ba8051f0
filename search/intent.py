"""What a query asks of documents' metadata and relations, besides their words.

"luật đất đai 2013" means the land law of 2013, "luật đất đai còn hiệu lực" the
one in force, "thủ tướng chuyển đổi số" a decision of the Prime Minister;
"sửa đổi nghị định 61" means the decree amending 61/2018/NĐ-CP and "hướng dẫn
luật đầu tư" the decree guiding the investment law. A type, an issuing body, a
validity or a year is a facet value; a relation is a facet whose values are the
(normalised) numbers of the documents a document acts on. Their names come from
the content, through the registered adapters (`SearchAdapter.vocabulary` and
`SearchAdapter.relation_vocabulary`): `search` names none of them.

`understand` takes such words out of the words every document must hold (a
decision of the Prime Minister does not say "thủ tướng"; no text says "còn hiệu
lực" of itself), and `scores` tells the ranking step (search.ranking) which of
the best ranked documents hold what was named. At query time this is a few
dictionary look-ups over a vocabulary each process reads again once a minute.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from search import registry
from search.abbreviations import expansion
from search.text import fold, normalise_document_number

if TYPE_CHECKING:
    from search.query import ParsedQuery

#: How long a process trusts the vocabulary it read: a new document type or
#: body is understood this much later at most.
VOCABULARY_SECONDS = 60
#: A name of several words may be said by its first words, at least this many:
#: "thủ tướng" for "Thủ tướng Chính phủ", "hết hiệu lực" for "Hết hiệu lực toàn
#: bộ", "ubnd tỉnh" for "UBND tỉnh Hưng Yên", "sửa đổi" for "Sửa đổi, bổ sung".
SHORTEST_PREFIX = 2
#: Longer queries are not read for intent (see search.query.MAX_TERMS).
MAX_WORDS = 24

#: Most words before a relation's name ("văn bản thay thế …", "thông tư hướng
#: dẫn …").
RELATION_LEAD = 2

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Mention:
    """Values of a facet that a query names, and the words it names them by
    (folded, abbreviations spelled out: "ubnd tinh" -> "uy ban nhan dan tinh")."""

    facet: str
    values: frozenset[str]
    words: tuple[str, ...]

    def held_by(self, facets: Mapping[str, Sequence[str]]) -> bool:
        return not self.values.isdisjoint(facets.get(self.facet, ()))


@dataclass(frozen=True)
class Intent:
    #: What the documents asked for are, by their metadata.
    mentions: tuple[Mention, ...] = ()
    #: The facet holding the numbers of the documents a document acts on in
    #: the relation the query asks for ("sửa đổi …"), or "".
    relation: str = ""
    #: With a relation, what the documents acted on are; the rest of the
    #: query's words, or its number, describes them too.
    target_mentions: tuple[Mention, ...] = ()
    #: The words taken out of the query, as typed: still highlighted.
    taken: str = ""


@dataclass
class Vocabulary:
    """Names of facet values and relations, as folded word tuples."""

    #: Whole names -> facet -> values.
    names: dict[tuple[str, ...], dict[str, set[str]]] = field(default_factory=dict)
    #: First words of longer names -> facet -> values.
    prefixes: dict[tuple[str, ...], dict[str, set[str]]] = field(default_factory=dict)
    #: Names of relations (whole or first words) -> facet.
    relations: dict[tuple[str, ...], str] = field(default_factory=dict)
    longest: int = 0

    def add(self, facet: str, value: str, name: str) -> None:
        spelled = spelled_out(fold(name))
        if not spelled:
            return
        self.longest = max(self.longest, len(spelled))
        self.names.setdefault(spelled, {}).setdefault(facet, set()).add(value)
        for length in range(SHORTEST_PREFIX, len(spelled)):
            prefix = self.prefixes.setdefault(spelled[:length], {})
            prefix.setdefault(facet, set()).add(value)

    def add_relation(self, facet: str, name: str) -> None:
        spelled = spelled_out(fold(name))
        if not spelled:
            return
        self.longest = max(self.longest, len(spelled))
        self.relations.setdefault(spelled, facet)
        for length in range(SHORTEST_PREFIX, len(spelled)):
            self.relations.setdefault(spelled[:length], facet)

    def facet_values(self, words: tuple[str, ...]) -> dict[str, set[str]]:
        return self.names.get(words) or self.prefixes.get(words) or {}


def spelled_out(text: str) -> tuple[str, ...]:
    """Folded words with the trade's abbreviations spelled out ("ubnd tinh" ->
    "uy ban nhan dan tinh"), so that a name and a query match however either
    abbreviates."""
    spelled: list[str] = []
    for word in _WORD.findall(text):
        spelled.extend(expansion(word) or (word,))
    return tuple(spelled)


def build_vocabulary() -> Vocabulary:
    """Every registered adapter's names of facet values and of relations."""
    vocabulary = Vocabulary()
    for facet in sorted(registry.facet_names()):
        for value, names in registry.vocabulary(facet).items():
            for name in names:
                vocabulary.add(facet, value, name)
    for facet, names in registry.relation_vocabulary().items():
        for name in names:
            vocabulary.add_relation(facet, name)
    return vocabulary


_memo: dict[str, tuple[tuple[registry.SearchAdapter, ...], float, Vocabulary]] = {}


def current_vocabulary() -> Vocabulary:
    """The vocabulary, read again after VOCABULARY_SECONDS or when other
    adapters registered (compared by identity: the memo holds them)."""
    adapters = tuple(registry.adapters())
    now = time.monotonic()
    memo = _memo.get("vocabulary")
    if memo and memo[0] == adapters and memo[1] > now:
        return memo[2]
    vocabulary = build_vocabulary()
    _memo["vocabulary"] = (adapters, now + VOCABULARY_SECONDS, vocabulary)
    return vocabulary


def forget_vocabulary() -> None:
    """Read the vocabulary again at the next query (after content changed)."""
    _memo.clear()


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(match.start(), match.end(), word)
        for match in _WORD.finditer(text)
        for word in [fold(match.group())]
        if word
    ]


def _spans(
    tokens: Sequence[_Token], vocabulary: Vocabulary, relations: bool
) -> list[tuple[int, int, object]]:
    """(first token, end token, what it names) of each name in `tokens`, the
    longest first from the left: facet values, or with `relations` the
    relation's facet."""
    spelled: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        spelled.extend((word, index) for word in expansion(token.word) or (token.word,))
    found: list[tuple[int, int, object]] = []
    position = 0
    while position < len(spelled):
        first = spelled[position][1]
        starts_token = position == 0 or spelled[position - 1][1] != first
        match = None
        if starts_token:
            longest = min(vocabulary.longest, len(spelled) - position)
            for length in range(longest, 0, -1):
                end = position + length
                last = spelled[end - 1][1]
                if end < len(spelled) and spelled[end][1] == last:
                    continue  # ends inside an abbreviation's words
                words = tuple(word for word, _index in spelled[position:end])
                named = (
                    vocabulary.relations.get(words)
                    if relations
                    else vocabulary.facet_values(words)
                )
                if named and (relations or _may_name(tokens, first, last, found)):
                    match = (first, last + 1, named, end)
                    break
        if match:
            found.append(match[:3])
            position = match[3]
        else:
            position += 1
    return found


def _may_name(
    tokens: Sequence[_Token],
    first: int,
    last: int,
    found: list[tuple[int, int, object]],
) -> bool:
    """A name of one word ("luật") names a type only where the query begins
    or after another name, not inside a phrase ("pháp luật"); years anywhere."""
    if first != last or first == 0 or tokens[first].word.isdigit():
        return True
    return bool(found) and found[-1][1] == first


def _mentions(
    tokens: Sequence[_Token], vocabulary: Vocabulary
) -> tuple[list[Mention], set[int]]:
    """The facet values `tokens` name, and the indexes of the tokens naming them."""
    mentions: list[Mention] = []
    used: set[int] = set()
    for first, end, named in _spans(tokens, vocabulary, relations=False):
        words = spelled_out(" ".join(token.word for token in tokens[first:end]))
        for facet, values in sorted(named.items()):
            mention = Mention(facet, frozenset(values), words)
            if mention not in mentions:
                mentions.append(mention)
        used.update(range(first, end))
    return mentions, used


def _is_number(tokens: Sequence[_Token]) -> bool:
    from search.query import number_parts, unglued

    words = unglued([token.word for token in tokens])
    return len(words) <= 8 and bool(number_parts(words))


def _text_of(text: str, tokens: Sequence[_Token], kept: set[int]) -> str:
    """The query's own text of the kept tokens, runs of them as typed
    ("115/2020", "01/2011/TT-BNV")."""
    runs: list[str] = []
    run_start = None
    for index, token in enumerate(tokens):
        if index in kept and run_start is None:
            run_start = token.start
        if index in kept and (index + 1 not in kept or index + 1 == len(tokens)):
            runs.append(text[run_start : token.end])
            run_start = None
    return " ".join(runs)


def understand(q: str) -> tuple[str, Intent] | None:
    """The query's words that remain to be matched, and what the others ask,
    or None when it names no metadata nor relation. A query that is a number,
    or holds a quoted phrase, is read as typed; a query naming only metadata
    ("luật 2020") keeps its words too."""
    if '"' in q:
        return None
    text = unicodedata.normalize("NFC", q)
    tokens = _tokens(text)
    if not tokens or len(tokens) > MAX_WORDS:
        return None
    vocabulary = current_vocabulary()
    if not vocabulary.longest:
        return None
    relations = _spans(tokens, vocabulary, relations=True)
    if relations:
        first, end, facet = relations[0]
        target = tokens[end:]
        # "văn bản thay thế luật …", "sửa đổi nghị định …": a relation is
        # asked first; further on, its name is a title's words ("Nghị định
        # quy định chi tiết và hướng dẫn thi hành …").
        if target and first <= RELATION_LEAD:
            mentions, _used = _mentions(tokens[:first], vocabulary)
            target_mentions: list[Mention] = []
            kept = set(range(end, len(tokens)))
            if not _is_number(target):
                target_mentions, used = _mentions(target, vocabulary)
                used = {index + end for index in used}
                kept = (kept - used) or kept
            return _text_of(text, tokens, kept), Intent(
                mentions=tuple(mentions),
                relation=str(facet),
                target_mentions=tuple(target_mentions),
                taken=_text_of(text, tokens, set(range(len(tokens))) - kept),
            )
    if _is_number(tokens):
        return None
    mentions, used = _mentions(tokens, vocabulary)
    if not mentions:
        return None
    kept = (set(range(len(tokens))) - used) or set(range(len(tokens)))
    taken = _text_of(text, tokens, set(range(len(tokens))) - kept)
    return _text_of(text, tokens, kept), Intent(tuple(mentions), taken=taken)


@dataclass(frozen=True)
class Candidate:
    """What the ranking step knows of one of the best ranked documents."""

    title: str
    number: str
    facets: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Score:
    #: 1 when the document acts on the document the query's relation names.
    related: int = 0
    #: How many of the named facet values the document has (or its title says).
    mentioned: int = 0
    #: The named words its title says, which count in its title's fit.
    said: tuple[str, ...] = ()


def _said(mentions: Sequence[Mention], title_words: set[str]) -> tuple[str, ...]:
    return tuple(
        word
        for mention in mentions
        if set(mention.words) <= title_words
        for word in mention.words
    )


def _mentioned(
    mentions: Sequence[Mention], candidate: Candidate, title_words: set[str]
) -> int:
    return sum(
        mention.held_by(candidate.facets) or set(mention.words) <= title_words
        for mention in mentions
    )


def _targets(
    parsed: ParsedQuery,
    candidates: Sequence[Candidate],
    title_words: Sequence[set[str]],
) -> set[str]:
    """Normalised numbers of the documents the relation is asked of: those
    the query's number means best ("nghị định 61" -> 61/2018/NĐ-CP), else the
    best ranked documents fitting its words and named metadata best ("luật đất
    đai 2013" -> 45/2013/QH13)."""
    from search import ranking

    intent = parsed.intent
    if parsed.number:
        acted_on = {
            value
            for candidate in candidates
            for value in candidate.facets.get(intent.relation, ())
        }
        tiers = {value: ranking.number_tier(value, parsed) for value in acted_on}
        best = max(tiers.values(), default=0)
        return {value for value, tier in tiers.items() if best and tier == best}
    fits: list[tuple[int, float]] = []
    for candidate, words in zip(candidates, title_words, strict=True):
        said = _said(intent.target_mentions, words)
        fits.append(
            (
                _mentioned(intent.target_mentions, candidate, words),
                ranking.fit(candidate.title, parsed, said),
            )
        )
    best = max(fits, default=(0, 0.0))
    if best == (0, 0.0):
        return set()
    return {
        normalise_document_number(candidate.number)
        for candidate, score in zip(candidates, fits, strict=True)
        if score == best and candidate.number
    }


def scores(parsed: ParsedQuery, candidates: Sequence[Candidate]) -> list[Score]:
    """What each of the best ranked documents holds of what the query named."""
    intent = parsed.intent
    if intent is None:
        return [Score() for _candidate in candidates]
    from search.query import words

    title_words = [set(words(candidate.title)) for candidate in candidates]
    targets = _targets(parsed, candidates, title_words) if intent.relation else set()
    return [
        Score(
            related=int(
                bool(targets)
                and not targets.isdisjoint(candidate.facets.get(intent.relation, ()))
            ),
            mentioned=_mentioned(intent.mentions, candidate, held),
            said=_said(intent.mentions, held),
        )
        for candidate, held in zip(candidates, title_words, strict=True)
    ]
