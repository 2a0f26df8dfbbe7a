"""The one-stop module's API for other modules; `reads` is how they read dossiers."""

from modules.onestop.services import reads, stand_in_settings  # noqa: F401
