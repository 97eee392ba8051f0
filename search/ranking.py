"""The ranking step both engines share after their own scores: among the best
ranked matches of a query of several words, titles holding every word closely
come first.

bm25 (SQLite, Elasticsearch) and ts_rank (PostgreSQL) count words; they do not
look at how near the words are. On a provincial portal the plan titled with the
very words a citizen typed ("Kế hoạch cải cách hành chính nhà nước năm 2020")
otherwise loses to longer texts repeating them: the 2016-2020 plan, a letter
implementing the plan, the news item reporting it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from search import closeness, intent
from search.query import ParsedQuery, words
from search.text import normalise_document_number

#: Best ranked matches whose titles are compared.
TITLE_CANDIDATES = 50

T = TypeVar("T")


def title_fit(title_words: Sequence[str], terms: Sequence[str]) -> float:
    """How closely a title holds every word of a query of several words, from 0
    (some word missing) to 1 (the title is the query): the words' share of the
    shortest stretch of the title holding them all, times their share of the
    whole title. "Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Hưng Yên"
    fits "ke hoach cai cach hanh chinh 2020" better than the same words spread
    over "… giai đoạn 2016 - 2020" or inside a longer title."""
    wanted = set(terms)
    if len(wanted) < 2 or not wanted <= set(title_words):
        return 0.0
    # The shortest window holding every wanted word (two pointers).
    seen: dict[str, int] = {}
    missing, start, span = len(wanted), 0, len(title_words)
    for end, word in enumerate(title_words):
        if word not in wanted:
            continue
        seen[word] = seen.get(word, 0) + 1
        if seen[word] == 1:
            missing -= 1
        while not missing:
            span = min(span, end - start + 1)
            first = title_words[start]
            if first in wanted:
                seen[first] -= 1
                if not seen[first]:
                    missing += 1
            start += 1
    count = len(wanted)
    return (count / span) * (count / len(title_words))


def compares_titles(parsed: ParsedQuery) -> bool:
    """Only a query of several distinct words has titles to compare, or one
    naming metadata or a relation (search.intent) documents to prefer."""
    return len(set(parsed.all_terms)) >= 2 or parsed.intent is not None


def reorders(parsed: ParsedQuery) -> bool:
    """Whether the best ranked matches are reordered: a query of several
    words (closeness), one naming metadata or a relation, or one typed with
    diacritics (spelled as typed first)."""
    return compares_titles(parsed) or (
        not parsed.is_empty and closeness.carries_diacritics(parsed.raw)
    )


def number_tier(number: str, parsed: ParsedQuery) -> int:
    """3 when a document's own number is the query's, spelled any way
    ("146-kh-ubnd"); 2 when it is the number meant: it holds every part, the
    query's number in its series first ("61/2018" and "nghị định 61" mean
    61/2018/NĐ-CP, not 01/2018/TT-VPCP citing it nor 107/2021/NĐ-CP amending
    it); 1 when it holds every part; else 0. The number comes before any title."""
    if not parsed.number or not number:
        return 0
    own = normalise_document_number(number)
    if own == parsed.number:
        return 3
    parts = own.split("-")
    if not set(parsed.number_parts) <= set(parts):
        return 0
    return 2 if parts[0] == parsed.number_parts[0] else 1


def wanted_terms(parsed: ParsedQuery, title_words: Sequence[str]) -> tuple[str, ...]:
    """The query's words as a title may hold them: an abbreviation the title
    spells out ("cchc" in "… cải cách hành chính …") counts as its words."""
    present = set(title_words)
    wanted: list[str] = []
    for term in parsed.all_terms:
        spelled = parsed.expansion(term)
        if spelled and term not in present and set(spelled) <= present:
            wanted.extend(spelled)
        else:
            wanted.append(term)
    return tuple(dict.fromkeys(wanted))


def fit(title: str, parsed: ParsedQuery, said: Sequence[str] = ()) -> float:
    """title_fit of a title to the query, abbreviations spelled as the title
    does, with the metadata words the title `said` ("luật", "2013") back in."""
    title_words = words(title)
    wanted = wanted_terms(parsed, title_words)
    return title_fit(title_words, tuple(dict.fromkeys((*wanted, *said))))


#: closeness_score(): a word spelled as typed outweighs any closeness or
#: named metadata, a pair of neighbouring words any title fit (at most 1).
EXACT_WORD = 200
ADJACENT_PAIR = 2


def closeness_score(title: str, summary: str, parsed: ParsedQuery) -> float:
    """How a title and summary hold the query's words beyond the engine's
    score (search.closeness): how many of its words they hold as spelled,
    when it was typed with diacritics ("thuế đất" is land tax, not "thuê
    đất"), EXACT_WORD each; how many of its neighbouring words stand side by
    side in the title or the summary ("quy hoạch", not "Kế hoạch … quy
    định"), ADJACENT_PAIR each."""
    score = 0.0
    query_words = words(parsed.raw)
    if len(query_words) >= 2:
        pairs = closeness.adjacent_pairs(query_words, words(title), words(summary))
        score += ADJACENT_PAIR * min(pairs, EXACT_WORD // ADJACENT_PAIR - 1)
    if closeness.carries_diacritics(parsed.raw):
        held = closeness.exact_words(
            closeness.spelled_words(parsed.raw),
            closeness.spelled_words(title),
            closeness.spelled_words(summary),
        )
        score += EXACT_WORD * held
    return score


def preference(title: str, summary: str, parsed: ParsedQuery) -> float:
    """closeness_score() plus the title's fit (title_fit): how well a title and
    summary answer the query, beyond the engine's score."""
    return closeness_score(title, summary, parsed) + fit(title, parsed)


def window_order(
    parsed: ParsedQuery,
    candidates: Sequence[intent.Candidate],
    summaries: Sequence[str] = (),
) -> list[tuple[int, int, float]]:
    """For each of the best ranked documents, in the engine's order: whether
    it acts on the document the query's relation names (1 or 0), its number
    tier, and how it fits the rest (its words as typed and side by side,
    closeness_score; the named metadata it holds, two points each; its
    title's fit). The window is ordered by these, best first."""
    found = intent.scores(parsed, candidates)
    summaries = list(summaries) or [""] * len(candidates)
    return [
        (
            score.related,
            number_tier(candidate.number, parsed),
            closeness_score(candidate.title, summary, parsed)
            + 2 * score.mentioned
            + fit(candidate.title, parsed, score.said),
        )
        for candidate, score, summary in zip(candidates, found, summaries, strict=True)
    ]


def closest_titles_first(
    ranked: Sequence[T],
    parsed: ParsedQuery,
    title: Callable[[T], str],
    number: Callable[[T], str],
    facets: Callable[[T], Mapping[str, Sequence[str]]] = lambda _entry: {},
    summary: Callable[[T], str] = lambda _entry: "",
) -> list[T]:
    """`ranked` (best first) with its first TITLE_CANDIDATES reordered
    (window_order): the documents acting on the one a relation names, then
    own number, then the named metadata and titles holding every word
    (closest first), then the engine's order. Entries beyond the candidates
    keep their places, so pages neither repeat nor skip an entry."""
    if not reorders(parsed):
        return list(ranked)
    head = ranked[:TITLE_CANDIDATES]
    keys = window_order(
        parsed,
        [
            intent.Candidate(title(entry), number(entry), facets(entry))
            for entry in head
        ],
        [summary(entry) for entry in head],
    )
    order = sorted(range(len(head)), key=lambda i: (*(-part for part in keys[i]), i))
    return [head[i] for i in order] + list(ranked[TITLE_CANDIDATES:])
