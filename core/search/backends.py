"""Where the index lives and how it is queried, behind one interface so that a faster engine can be added later and
measured against the default (benchmarks/bench_search.py). The default, PostgreSQL, keeps the index in the unit's
own schema, written in the same transaction as the change: a document is findable the moment it is committed.

Setting `EGOV_SEARCH_BACKEND` (a dotted path to a SearchBackend class) replaces the default.

Two ways to ask: `search` finds every match (a filter of a list, counted and ordered as the list says), `best` gives
a first page of the best matches fast whatever the index holds: it ranks only a bounded set of candidates, the
newest `EGOV_SEARCH_CANDIDATES` matches (300 unless the setting says otherwise) and, when the words were typed with
tones, as many of the newest written with those very tones, cut from the GIN index's matches before any join, and
lets the caller's permission filter run on those alone in the same query (benchmarks/bench_search.py measures both
ways)."""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.module_loading import import_string

from core.search.query import parse_query
from core.search.vector import build_vector

DEFAULT_BACKEND = "core.search.backends.PostgresBackend"
DEFAULT_CANDIDATES = 300  # measured at a million documents: 1,000 doubled the p95 of a two-word query
# ts_rank weights {D, C, B, A}: an exact-toned word counts ten times a folded one; an identifier most.
RANK_WEIGHTS = "'{0.01, 0.05, 0.5, 1.0}'::float4[]"  # each at most 1


@dataclass(frozen=True)
class SearchIndex:
    """A module's index table: `model` has the key field `key` (a one-to-one to the searched model, its primary key)
    and a `vector` SearchVectorField with a GIN index; `relation` is the reverse accessor from the searched model."""

    model: type
    key: str
    relation: str
    vector: str = "vector"


class SearchBackend(ABC):
    @abstractmethod
    def write(self, index: SearchIndex, key, texts: Iterable[str]) -> None:
        """(Re)index one object from its texts, in the caller's transaction."""

    @abstractmethod
    def search(self, queryset: QuerySet, index: SearchIndex, text: str) -> QuerySet:
        """`queryset` (already filtered by the caller's permissions) narrowed to what matches `text`, annotated with
        `search_rank` and ordered by it (best first, then newest)."""

    def best(self, queryset: QuerySet, index: SearchIndex, text: str, *, within: QuerySet | None = None) -> QuerySet:
        """Like `search` for a first page: ranks at most a bounded set of candidate matches (the newest, and the
        newest written with the tones typed), so the work does not grow with the number of matches. `within`, when
        given, is a subquery of keys holding every row `queryset` may return (a small one: the candidates are looked
        for among them, so a person who sees few objects still finds old ones). The default does the full search."""
        return self.search(queryset, index, text)


class PostgresBackend(SearchBackend):
    def write(self, index: SearchIndex, key, texts: Iterable[str]) -> None:
        model = index.model
        qn = connection.ops.quote_name
        key_column = model._meta.get_field(index.key).column
        vector_column = model._meta.get_field(index.vector).column
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {qn(model._meta.db_table)} ({qn(key_column)}, {qn(vector_column)}) "
                f"VALUES (%s, %s::tsvector) ON CONFLICT ({qn(key_column)}) "
                f"DO UPDATE SET {qn(vector_column)} = EXCLUDED.{qn(vector_column)}",
                [key, build_vector(texts)])

    def search(self, queryset: QuerySet, index: SearchIndex, text: str) -> QuerySet:
        query = parse_query(text)
        if not query:
            return queryset.none()
        vector = F(f"{index.relation}__{index.vector}")
        matches = _matches(vector, query.match)
        rank = Func(vector, Cast(Value(query.rank), SearchQueryField()),
                    template=f"ts_rank({RANK_WEIGHTS}, %(expressions)s)", output_field=FloatField())
        return queryset.filter(matches).annotate(search_rank=rank).order_by("-search_rank", "-pk")

    def best(self, queryset: QuerySet, index: SearchIndex, text: str, *, within: QuerySet | None = None) -> QuerySet:
        query = parse_query(text)
        if not query:
            return queryset.none()
        limit = candidate_limit()

        def newest(tsquery: str) -> QuerySet:
            # LIMIT inside the subquery, the newest first: the planner cannot flatten it, so the GIN index's matches
            # are cut before anything is joined, ranked or filtered. For a common phrase it may rather walk the key
            # backwards and stop after `limit` matches; for a rarer one it sorts the GIN index's matches.
            rows = index.model.objects.filter(_matches(F(index.vector), tsquery))
            if within is not None:
                rows = rows.filter(**{f"{index.key}__in": within})
            return rows.order_by(f"-{index.key}").values(index.key)[:limit]

        candidates = newest(query.match)
        if query.exact != query.match:  # typed with tones: the newest matches with those very tones are candidates too
            candidates = candidates.union(newest(query.exact))
        vector = F(f"{index.relation}__{index.vector}")
        rank = Func(vector, Cast(Value(query.rank), SearchQueryField()),
                    template=f"ts_rank({RANK_WEIGHTS}, %(expressions)s)", output_field=FloatField())
        return queryset.filter(pk__in=candidates).annotate(search_rank=rank).order_by("-search_rank", "-pk")


def _matches(vector, tsquery: str) -> Func:
    return Func(vector, Cast(Value(tsquery), SearchQueryField()), arg_joiner=" @@ ", template="(%(expressions)s)",
                output_field=BooleanField())


def candidate_limit() -> int:
    return int(getattr(settings, "EGOV_SEARCH_CANDIDATES", DEFAULT_CANDIDATES))


@cache
def get_backend() -> SearchBackend:
    return import_string(getattr(settings, "EGOV_SEARCH_BACKEND", DEFAULT_BACKEND))()


def write_index(index: SearchIndex, key, texts: Iterable[str]) -> None:
    get_backend().write(index, key, texts)


def search(queryset: QuerySet, index: SearchIndex, text: str) -> QuerySet:
    return get_backend().search(queryset, index, text)


def best(queryset: QuerySet, index: SearchIndex, text: str, *, within: QuerySet | None = None) -> QuerySet:
    return get_backend().best(queryset, index, text, within=within)


__all__ = ["DEFAULT_BACKEND", "DEFAULT_CANDIDATES", "PostgresBackend", "SearchBackend", "SearchIndex",
           "SearchVectorField", "best", "candidate_limit", "get_backend", "search", "write_index"]
