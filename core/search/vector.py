"""The weighted `tsvector` of a text, built in Python and stored as is (cast from its literal form, 'simple'
semantics: no stemming, no stop words). Weights:

- A: identifiers (numbers and symbols, codes), matched only as whole identifiers;
- B: words as written (normalised, lower case, with their tones);
- C: the same words folded, when folding changes them.

A tone-less query matches B or C; ranking weighs B far above C, so exact tones come first."""

from collections.abc import Iterable

from core.search.tokens import tokenize

MAX_POSITION = 16383  # PostgreSQL's limit
MAX_POSITIONS_PER_LEXEME = 256


def quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def build_vector(texts: Iterable[str]) -> str:
    """The `tsvector` literal of these texts, in order (cast with `::tsvector`)."""
    entries: dict[str, dict[int, str]] = {}

    def put(lexeme: str, position: int, weight: str) -> None:
        positions = entries.setdefault(lexeme, {})
        if len(positions) < MAX_POSITIONS_PER_LEXEME and position not in positions:
            positions[position] = weight

    position = 0
    for text in texts:
        for token in tokenize(text):
            position = min(position + 1, MAX_POSITION)
            if token.kind == "identifier":
                put(token.exact, position, "A")
                continue
            put(token.exact, position, "B")
            if token.folded != token.exact:
                put(token.folded, position, "C")
    return " ".join(
        quote(lexeme) + ":" + ",".join(f"{p}{w}" for p, w in sorted(positions.items()))
        for lexeme, positions in sorted(entries.items()))
