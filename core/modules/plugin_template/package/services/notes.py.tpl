"""Notes of the current unit: one function per action, in a transaction, announcing what happened by a hook."""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from core.modules import hooks
from ${package}.hooks import note_added
from ${package}.models import Note


def notes(limit: int = 20) -> list[Note]:
    """The unit's latest notes, newest first."""
    return list(Note.objects.all()[:limit])


def add_note(text: str) -> Note:
    """Record a note in the current unit and send ${name}.note_added (its receivers run in this transaction)."""
    text = (text or "").strip()
    if not text:
        raise ValueError("the note is empty")
    with transaction.atomic():
        note = Note.objects.create(text=text[:500])
        hooks.send(note_added, connection.tenant, note_id=note.pk)
    return note


def purge_notes(older_than_days: int) -> int:
    """Delete the unit's notes older than this many days; returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return Note.objects.filter(created_at__lt=cutoff).delete()[0]
