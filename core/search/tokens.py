"""Words and identifiers. A run of letters and digits joined by "/", "." or "-" is ONE identifier token: a
document's number and symbol ("12/QĐ-UBND"), a dossier code ("000.00.01.H42-260101-0001"), a date ("20/11/2026").
PostgreSQL's default parser would split them, and "12/QĐ-UBND" would then find "112/QĐ-UBND" too.

An identifier is folded (so "12/qd-ubnd" finds "12/QĐ-UBND"), a number before "/" loses its padding zeros ("05/QĐ-UBND"
is the fifth), and the symbol after the first "/" is an identifier of its own (a search for "QĐ-UBND" finds every
number of it). The parts of an identifier are also words, so "UBND" alone finds it as a word."""

import re
from dataclasses import dataclass
from functools import lru_cache

from core.search.normalize import fold, normalize

_RUN = re.compile(r"[^\W_]+(?:[/.\-][^\W_]+)*")
_PART = re.compile(r"[^\W_]+")
_PADDED_NUMBER = re.compile(r"^0+(?=\d+/)")
MAX_LEXEME = 100  # longer runs are noise (base64, hashes), never something a person types


@dataclass(frozen=True)
class Token:
    kind: str  # "word" or "identifier"
    exact: str  # a word as written (normalised, lower case); an identifier folded
    folded: str  # without marks


def identifier(text: str) -> str:
    return _PADDED_NUMBER.sub("", fold(text))


@lru_cache(maxsize=100_000)
def _word(text: str) -> Token:
    return Token("word", normalize(text).lower(), fold(text))


def tokenize(text: str, *, query: bool = False) -> list[Token]:
    """Tokens to index; with `query=True` an identifier stays alone (its symbol and parts are implied by it)."""
    tokens: list[Token] = []
    for run in _RUN.findall(normalize(text)):  # NFC first: decomposed marks would split words
        if len(run) > MAX_LEXEME:
            continue
        if not any(sep in run for sep in "/.-"):
            tokens.append(_word(run))
            continue
        ident = identifier(run)
        tokens.append(Token("identifier", ident, ident))
        if query:
            continue
        head, slash, symbol = ident.partition("/")
        if slash and head.isdigit() and any(c.isalpha() for c in symbol):
            tokens.append(Token("identifier", symbol, symbol))
        tokens.extend(_word(part) for part in _PART.findall(run))
    return tokens
