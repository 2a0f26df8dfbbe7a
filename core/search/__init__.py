"""Vietnamese full-text search for any module: text normalised on ingest (normalize), tones folded in Python (fold),
document numbers and codes kept as identifiers (tokens), a weighted `tsvector` built in Python (vector) and the
queries that match without tone marks and rank exact tones first (query), behind a backend interface (backends),
and the text of PDF and DOCX attachments (extract). No PostgreSQL extension is needed (no unaccent, no pg_trgm).

A module keeps its own index table (a key and a `SearchVectorField` with a GIN index), names it with a `SearchIndex`,
and calls `write_index` on every change and `search` (every match) or `best` (a first page of the best, in bounded
time) on a queryset it has already filtered by permission."""

from core.search.backends import SearchBackend, SearchIndex, best, candidate_limit, get_backend, search, write_index
from core.search.extract import extract_text
from core.search.normalize import fold, normalize
from core.search.query import SearchQueryText, parse_query
from core.search.tokens import Token, tokenize
from core.search.vector import build_vector

__all__ = [
    "SearchBackend", "SearchIndex", "SearchQueryText", "Token", "best", "build_vector", "candidate_limit",
    "extract_text", "fold", "get_backend", "normalize", "parse_query", "search", "tokenize", "write_index",
]
