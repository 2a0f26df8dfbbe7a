"""Hostile arguments to every case-file and work-task field, with the modules on: typed errors, never a server error
(the installation-wide pass in test_security_fuzz runs with these modules off)."""

import test_security_fuzz as fuzz
from api_support import add_member, headers
from casefiles_support import open_archive
from django.test import Client

from core.modules.services import enable


def test_hostile_arguments_to_case_files_and_tasks_never_cause_a_server_error(unit_a):
    open_archive(unit_a)
    enable(unit_a, "worktasks")
    member = add_member(unit_a, "fuzz-casefiles", roles=("administrator", "archivist", "leader", "specialist"))
    client = Client(REMOTE_ADDR="10.81.0.3")
    client.force_login(member)
    failures, sent = [], 0
    for label, query, variables in fuzz._requests("unit"):
        if not label.startswith(("casefile", "worktask")):
            continue
        status, text = fuzz._send(client, query, variables, headers(unit_a))
        sent += 1
        if status >= 500 or "INTERNAL_ERROR" in text:
            failures.append(f"{label}: HTTP {status} {text[:200]}")
    assert sent > 100 and failures == [], "\n".join(failures[:20])
