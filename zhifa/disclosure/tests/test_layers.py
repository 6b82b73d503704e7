"""The disclosure app sits above cases, documents, law, officers and records: it reaches cases
only through zhifa/cases/hooks.py and signals, and no domain app imports it (only the supervision
app above it, for the masked text of exemplary cases)."""

from zhifa.web.tests.test_import_graph import app_graph, cycles, module_graph


def test_disclosure_is_above_the_apps_it_reads():
    graph = app_graph(module_graph())
    assert {"zhifa.cases", "zhifa.records", "zhifa.core.masking"} <= graph["zhifa.disclosure"]
    importers = {a for a, targets in graph.items() if "zhifa.disclosure" in targets}
    # the project's URLconf, and supervision above it (exemplary cases reuse the masked record)
    assert importers <= {"zhifa.urls", "zhifa.oversight"}
    assert not [c for c in cycles(graph) if "zhifa.disclosure" in c]
