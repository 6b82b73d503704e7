"""Signals of the complaints app.

- `case_link_changed(sender=Complaint, complaint, case_ids)`: a work order was linked to a case or
  unlinked, inside the act's transaction; `case_ids` are the cases whose complaint count changed
  (the indicators app refreshes their rollups).
"""

from django.dispatch import Signal

case_link_changed = Signal()
