"""The one place a file's history is written: every action of services/files.py and services/archive.py."""

from modules.casefiles.models import CaseFile, CaseFileEvent


def record(case_file: CaseFile, action: str, actor, at, **data) -> CaseFileEvent:
    return CaseFileEvent.objects.create(case_file=case_file, action=action, at=at,
                                        actor_id=getattr(actor, "pk", None), data=data)
