"""The party's look-up on the portal (/gongshi/offsite/, no login, no script): APL Art. 41 para 3
— a record of an electronic monitoring device must let the party look it up and see it. The plate
and the query code printed on the owner's notice open one confirmed record; every look-up counts
against the address's hourly limit; each record shown is journaled. Images are opened through a
signed link that lasts an hour, so the code never travels in a URL."""

from __future__ import annotations

from django.core import signing
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.core.errors import DomainError

from . import selectors, services

IMAGE_SALT = "zhifa.offsite.party-image"
IMAGE_MAX_AGE = 3600


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def image_token(record_id: int, digest: str) -> str:
    return signing.dumps({"r": record_id, "d": digest}, salt=IMAGE_SALT, compress=True)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def lookup_page(request):
    data = request.POST if request.method == "POST" else {}
    error = view = None
    if request.method == "POST":
        try:
            record = services.show_to_party(
                data.get("plate", ""), data.get("code", ""), address=_address(request), via="portal"
            )
        except DomainError as exc:
            error = exc
        else:
            view = selectors.party_view(record)
            view["image_links"] = [(d, image_token(record.pk, d)) for d in view["images"]]
    return render(
        request,
        "offsite/public_lookup.html",
        {
            "error": error,
            "view": view,
            "plate": (data.get("plate") or "")[:16],
            "rights": selectors.PARTY_RIGHTS,
        },
        status=error.status if error else 200,
    )


@never_cache
@require_GET
def party_image(request, token: str):
    """One image of a record just shown to the party (the signed link of the look-up page)."""
    from zhifa.evidence import storage
    from zhifa.evidence.models import EvidenceFile

    try:
        data = signing.loads(token, salt=IMAGE_SALT, max_age=IMAGE_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    record = selectors.Record.objects.filter(pk=data.get("r"), state="confirmed").first()
    digest = data.get("d", "")
    if record is None or digest not in record.images:
        raise Http404
    row = EvidenceFile.objects.filter(digest=digest).first()
    if row is None:
        raise Http404
    response = FileResponse(storage.open_stored(row.storage_name), content_type=row.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
