"""The plug-in's public surface: what its views, GraphQL fields, tasks and other modules call. Everything else in
the package is private to it (the core's import contract holds first-party modules to the same rule)."""

from ${package}.services.notes import add_note, notes, purge_notes

__all__ = ["add_note", "notes", "purge_notes"]
