"""Reads of the organisation tree, always scoped: a user sees their agency and what lies below it."""

from django.db.models import Count, Q, QuerySet

from zhifa.core.errors import NotFound

from .divisions import agency_order
from .models import Agency


def visible_agencies(user) -> QuerySet[Agency]:
    """The user's agency and its subordinates; nothing above, nothing sideways."""
    if not getattr(user, "is_authenticated", False) or user.agency_id is None:
        return Agency.objects.none()
    return Agency.objects.filter(path__startswith=user.agency.path)


def access_agency(user, agency_id: int) -> Agency:
    """One agency in the user's scope; out of scope looks exactly like missing."""
    agency = visible_agencies(user).select_related("parent", "region").filter(pk=agency_id).first()
    if agency is None:
        raise NotFound("机构不存在或无权查看。")
    return agency


def search_agencies(user, *, q: str = "", parent_id: int | None = None) -> QuerySet[Agency]:
    qs = visible_agencies(user).select_related("region")
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(region__name__icontains=q))
    # Provinces in administrative-division code order, the directly administered bodies after them.
    return qs.annotate(child_count=Count("children"), division=agency_order()).order_by(
        "division", "path"
    )


def children_of(user, agency_id: int) -> QuerySet[Agency]:
    parent = access_agency(user, agency_id)
    return search_agencies(user, parent_id=parent.pk)


def scope_filter(user, field: str = "agency") -> Q:
    """A Q that limits any model with an agency FK to the user's scope (used by other selectors)."""
    if not getattr(user, "is_authenticated", False) or user.agency_id is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": user.agency.path})
