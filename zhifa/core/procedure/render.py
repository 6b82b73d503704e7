"""Render the transition table as Markdown for INTERFACE.md (a test keeps the file in step).

.venv/bin/python -m zhifa.core.procedure.render > /tmp/table.md
"""

from __future__ import annotations

from .engine import guards_of
from .table import TABLE, Transition

BEGIN = "<!-- BEGIN GENERATED TABLE (python -m zhifa.core.procedure.render) -->"
END = "<!-- END GENERATED TABLE -->"


def _procedures(t: Transition) -> str:
    names = sorted("lead" if p is None else p.value for p in t.procedures)
    return ", ".join(names)


def _row(t: Transition) -> str:
    target = "(same)" if t.target is None else f"`{t.target.value}`"
    sources = ", ".join(f"`{s.value}`" for s in sorted(t.sources))
    roles = ", ".join(sorted(r.value for r in t.roles))
    guards = ", ".join(g.code for g in guards_of(t)) or "—"
    if t.advisories:
        guards += "; warns: " + ", ".join(a.code for a in t.advisories)
    docs = ", ".join(p.kind + ("?" if p.when else "") for p in t.produces) or "—"
    opens = ", ".join(o.code + ("?" if o.when else "") for o in t.opens) or "—"
    closes = ", ".join(t.closes) or "—"
    cells = [
        f"`{t.code}` {t.label}",
        sources,
        target,
        roles,
        _procedures(t),
        guards,
        docs,
        opens,
        closes,
        t.article,
    ]
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


def markdown_table() -> str:
    head = (
        "| transition | from | to | roles | procedure | guards (in order) | documents | opens "
        "| closes | articles |\n|---|---|---|---|---|---|---|---|---|---|"
    )
    return "\n".join([BEGIN, head, *(_row(t) for t in TABLE.values()), END])


if __name__ == "__main__":  # pragma: no cover
    print(markdown_table())
