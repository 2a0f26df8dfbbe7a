"""What a person types, as `tsquery` literals: `match` (every term must be there, tones optional: each word folded,
found in B or C), `rank` (the terms as typed, weighed by the vector's weights: exact tones in B score far above
folded ones in C) and `exact` (every term as typed: the matches written with the very tones typed)."""

from dataclasses import dataclass

from core.search.tokens import tokenize
from core.search.vector import quote

MAX_TERMS = 20  # a pasted paragraph is not a query


@dataclass(frozen=True)
class SearchQueryText:
    match: str  # '' when there is nothing to look for
    rank: str
    exact: str = ""  # equal to `match` when the terms were typed without tone marks

    def __bool__(self) -> bool:
        return bool(self.match)


def parse_query(text: str) -> SearchQueryText:
    terms: list[str] = []
    rank: list[str] = []
    seen: set[str] = set()
    for token in tokenize(text, query=True):
        # No weight in the match: words are only in B or C and identifiers (which hold a separator) only in A, so a
        # bare lexeme means the same, and the GIN index answers without rechecking every row's vector.
        if token.kind == "identifier":
            term = ranked = quote(token.exact)
        else:
            term, ranked = quote(token.folded), quote(token.exact)
        if term in seen:
            continue
        seen.add(term)
        terms.append(term)
        rank.append(ranked)
        if len(terms) == MAX_TERMS:
            break
    return SearchQueryText(" & ".join(terms), " | ".join(rank), " & ".join(rank))
