"""Pages: thin adapters over the scoped selectors."""

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from zhifa.core.errors import NotFound
from zhifa.officers import selectors as officer_selectors
from zhifa.orgs import selectors as org_selectors

SEARCH_LIMIT = 50


def _agency_or_404(user, agency_id: int):
    try:
        return org_selectors.access_agency(user, agency_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def home(request):
    # The home page is the work: each role's to-do list (zhifa.workbench).
    from zhifa.workbench.views import home as workbench_home

    return workbench_home(request)


@login_required
def agency_page(request, agency_id: int):
    agency = _agency_or_404(request.user, agency_id)
    officers = [
        (o, officer_selectors.eligibility(o))
        for o in officer_selectors.visible_officers(request.user).filter(user__agency=agency)
    ]
    context = {
        "agency": agency,
        "ancestors": _visible_ancestors(request.user, agency),
        "children": org_selectors.children_of(request.user, agency.pk),
        "officers": officers,
        "officer_count": len(officers),
        "fit_count": sum(1 for _, e in officers if e.allowed),
    }
    return render(request, "web/agency.html", context)


def _visible_ancestors(user, agency):
    """The breadcrumb from the user's own agency down to `agency` (nothing above the user's scope)."""
    ids = [int(p) for p in agency.path.strip("/").split("/")]
    visible = {a.pk: a for a in org_selectors.visible_agencies(user).filter(pk__in=ids)}
    return [visible[i] for i in ids if i in visible and i != agency.pk]


@login_required
def agency_children(request, agency_id: int):
    """htmx partial: one level of the tree below an agency."""
    _agency_or_404(request.user, agency_id)
    children = org_selectors.children_of(request.user, agency_id)
    return render(request, "web/_tree_children.html", {"children": children})


@login_required
def agency_search(request):
    """htmx partial: agencies in scope whose name or region matches."""
    q = request.GET.get("q", "").strip()[:64]
    results = org_selectors.search_agencies(request.user, q=q)[:SEARCH_LIMIT] if q else []
    return render(request, "web/_search_results.html", {"results": results, "q": q})


def favicon(request):
    # Resolved per request, not at import: the production manifest exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("zhifa/favicon.svg"))


def offline_sw(request):
    """The service worker of the offline field forms (zhifa/web/INTERFACE.md), from the
    platform's own static file, served at the site root so that its scope covers every page that
    holds a form marked data-offline (a worker's scope is at most the folder it is served from)."""
    path = finders.find("zhifa/offline-sw.js")
    if path is None:  # production: collected static files only
        from django.contrib.staticfiles.storage import staticfiles_storage

        with staticfiles_storage.open("zhifa/offline-sw.js") as fh:
            body = fh.read()
    else:
        with open(path, "rb") as fh:
            body = fh.read()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # a new version is picked up on the next visit
    response["Service-Worker-Allowed"] = "/"
    return response
