"""The tracking module's API for other modules: the look-up address of a dossier and the ratings given."""

from modules.tracking.services.address import lookup_url
from modules.tracking.services.ratings import ratings_between

__all__ = ["lookup_url", "ratings_between"]
