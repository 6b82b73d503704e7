"""Signals other apps subscribe to (the workbench notifies people at every hand-off from them).

Both are sent inside the transaction of the act, after its rows are written: a receiver that
writes (a notification) commits or rolls back with the act.

- `step_fired(sender=Case, case, step, actor)`: a transition was applied (`fire_step`, the only
  place steps are fired); `step` is the `StepRecord` (code, from_state, to_state).
- `approval_requested(sender=<model class>, case, obj, kind, actor)`: something now waits for the
  agency head's approval outside the transition table — a lead (`filing`), a recusal, a payment
  plan, an evidence preservation, a compulsory measure (or an emergency one reported), a disposal.
"""

from django.dispatch import Signal

step_fired = Signal()
approval_requested = Signal()
# Sent inside the archive step's transaction, after its journal entry: case, actor, as_of
# (the documents app makes the case file from it).
case_archived = Signal()
