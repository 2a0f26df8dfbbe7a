"""What the portal does in an administrative reorganisation: moved dossiers' files go with them."""

from modules.portal.models import SubmittedFile
from tenants.models import Unit
from tenants.services import entered

_FIELDS = ("dossier_code", "name", "content_type", "size", "sha256", "content", "created_at")


def on_dossier_moved(unit, *, dossier_codes: list[str], to_unit_code: str) -> int:
    """Copy the citizens' files of the dossiers to the successor, bytes untouched; the ended unit's archive keeps its
    own (documents are never destroyed). Returns how many."""
    rows = [{f: getattr(row, f) for f in _FIELDS}
            for row in SubmittedFile.objects.filter(dossier_code__in=list(dossier_codes)).order_by("id")]
    if rows:
        with entered(Unit.objects.get(code=to_unit_code)):
            SubmittedFile.objects.bulk_create([SubmittedFile(**row) for row in rows])
    return len(rows)
