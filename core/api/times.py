"""Times in the API follow one rule: every DateTime is written in Vietnam's time, with its offset
(`2026-12-07T09:00:00+07:00`), whatever zone the value was computed in (the database answers in UTC).

Applied once, to the assembled schema's DateTime scalar, so every field of every module and plug-in follows it,
including those graphene-django derives from model fields. docs/api/README.md ("Thời gian / Times") states it.
"""

import datetime

import graphene
from django.utils import timezone
from graphql import GraphQLError


def local_isoformat(value: datetime.date) -> str:
    """ISO 8601 in the platform's zone (settings.TIME_ZONE, Asia/Ho_Chi_Minh); a date stays a date."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):  # USE_TZ: a naive value is a local one that lost its zone
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return timezone.localtime(value, timezone.get_default_timezone()).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise GraphQLError(f"DateTime cannot represent value: {value!r}")


def in_local_time(schema: graphene.Schema) -> graphene.Schema:
    """The schema, its DateTime scalar serialising with local_isoformat."""
    scalar = schema.graphql_schema.type_map.get("DateTime")
    if scalar is not None:
        scalar.serialize = local_isoformat
    return schema
