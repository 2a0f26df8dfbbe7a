"""Times in the API follow one rule (docs/api/README.md): every date-time a response carries is in Vietnam's time
with its +07:00 offset, whether it comes from a model field, a service's value or a JSON field."""

import re
from datetime import UTC, datetime

from api_support import add_member, gql, issue_token
from django.test import Client
from django_tenants.utils import tenant_context
from onestop_support import HN, seed_examples

from core.modules.services import enable
from modules.onestop.services.actions import perform

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")

UNIT_QUERY = """
query Times($code: String!) {
  unit { code createdAt readyAt }
  myMembership { createdAt }
  myApiTokens(first: 5) { edges { node { createdAt expiresAt lastUsedAt revokedAt } } }
  members(first: 5) { edges { node { createdAt } } }
  onestopDossier(code: $code) {
    receivedAt dueAt completedAt closedAt remoteUpdatedAt data
    steps { startedAt dueAt finishedAt }
    events { action at data }
  }
  onestopDossiers(first: 10) { edges { node { receivedAt dueAt events { at data } } } }
}"""

PLATFORM_QUERY = """
query Times($code: String!, $phone: String!) {
  units(first: 10) { edges { node { code createdAt readyAt } } }
  trackingDossier(code: $code, phone: $phone) { receivedAt dueAt steps { at } }
}"""


def date_times(value, path="data"):
    """(path, text) of every string in a response that reads as an ISO 8601 date-time."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from date_times(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from date_times(item, f"{path}[{i}]")
    elif isinstance(value, str) and ISO_DATETIME.match(value):
        yield path, value


def test_every_time_in_the_responses_carries_vietnams_offset(unit_a, django_user_model):
    seed_examples(unit_a)
    enable(unit_a, "tracking")
    code = "91001-260105-0001"
    staff = django_user_model.objects.get(username="example-admin")
    with tenant_context(unit_a):  # a new appointment given in UTC, as the API hands it over: the event's data keeps it
        perform(code, "extend", actor=staff, reason="Cần xác minh thêm", data={"new_due": datetime(2026, 1, 20, 3, tzinfo=UTC)},
                at=datetime(2026, 1, 7, 10, tzinfo=HN))
    client = Client()
    client.force_login(staff)
    issue_token(client, unit=unit_a)
    status, body = gql(client, UNIT_QUERY, {"code": code}, unit=unit_a)
    assert status == 200 and "errors" not in body, body
    ict = Client()
    ict.force_login(django_user_model.objects.create_superuser("times-ict", "ict@example.vn", None))
    add_member(unit_a, "times-ict")
    status, platform = gql(ict, PLATFORM_QUERY, {"code": code, "phone": "0912345678"})
    assert status == 200 and "errors" not in platform, platform

    found = [*date_times(body["data"]), *date_times(platform["data"])]
    paths = {re.sub(r"\[\d+\]", "", p) for p, _v in found}
    for expected in ["data.unit.createdAt", "data.myMembership.createdAt", "data.onestopDossier.receivedAt",
                     "data.onestopDossier.events.at", "data.onestopDossier.steps.startedAt",
                     "data.units.edges.node.readyAt", "data.trackingDossier.receivedAt"]:
        assert expected in paths, expected  # the walk reached each kind of source
    wrong = [(p, v) for p, v in found if not v.endswith("+07:00")]
    assert wrong == [], wrong
