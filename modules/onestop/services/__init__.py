"""The one-stop module's API for other modules; `reads` is how they read dossiers."""

from modules.onestop.services import reads  # noqa: F401
