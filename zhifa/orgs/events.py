"""Journal event types of the organisation tree."""

from zhifa.records.events import register_event

register_event("agency.tree_loaded", "载入全国机构树")
