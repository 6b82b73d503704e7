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


def sees_case_data(user) -> bool:
    """Whether the user may read any business data (cases, parties, evidence, measures, deadlines,
    documents, officers...). Anonymous users and the three administrators may not: under 三员分立
    administrators do no case work and see no case data (GB/T 22239-2019 8.1.4.2 c, ADR 0004),
    although their account sits at the root of the tree."""
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and user.agency_id is not None
        and not getattr(user, "admin_role", "")
    )


def _keeps(user, admin_roles) -> bool:
    return (
        bool(admin_roles)
        and getattr(user, "is_authenticated", False)
        and user.agency_id is not None
        and getattr(user, "admin_role", "") in admin_roles
    )


def scope_filter(user, field: str = "agency", *, admin_roles: tuple[str, ...] = ()) -> Q:
    """A Q that limits any model with an agency FK to the user's scope (used by other selectors).
    Every business read goes through here, so administrators are refused in this one place;
    `admin_roles` names the administrators who keep that model (officer records: system)."""
    if not (sees_case_data(user) or _keeps(user, admin_roles)):
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": user.agency.path})
