"""Citizens' satisfaction ratings, read by other modules (statistics)."""

from modules.tracking.models import Rating


def ratings_between(start, end) -> list[tuple[str, int]]:
    """(dossier code, score from 1 to 5) of each rating the current unit was given in [start, end)."""
    return list(Rating.objects.filter(created_at__gte=start, created_at__lt=end).values_list("dossier_code", "score"))
