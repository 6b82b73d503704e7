"""Signals other apps listen to (the arrow points from them to cases, never back)."""

from django.dispatch import Signal

# Sent inside the archive step's transaction, after its journal entry: case, actor, as_of.
case_archived = Signal()
