"""Where a deadline's subject can be seen: its page when the owning app has one, else the list."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

# subject_type → URL names tried in order with the subject's id (the first that resolves wins).
SUBJECT_URLS = {
    "cases.case": ("cases:detail", "cases:case"),
    "complaints.complaint": ("complaints:detail",),
}


def subject_link(subject_type: str, subject_id: str) -> str:
    for name in SUBJECT_URLS.get(subject_type, ()):
        for args in ([subject_id], [int(subject_id)] if subject_id.isdigit() else None):
            if args is None:
                continue
            try:
                return reverse(name, args=args)
            except NoReverseMatch:
                continue
    return ""


def deadlines_page() -> str:
    return reverse("deadlines:list")
