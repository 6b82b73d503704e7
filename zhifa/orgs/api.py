"""Agencies in the caller's scope."""

from ninja import Field, Router, Schema

from zhifa.api_types import Offset

from . import selectors

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    parent_id: int | None
    region: str | None = Field(None, alias="region.name")
    depth: int
    child_count: int = 0


class AgencyPage(Schema):
    count: int
    items: list[AgencyOut]


@router.get("", response=AgencyPage, summary="列出本机构及下级机构（可按名称搜索）")
def list_agencies(
    request, q: str = "", parent_id: int | None = None, limit: int = 100, offset: Offset = 0
):
    qs = selectors.search_agencies(request.user, q=q.strip()[:64], parent_id=parent_id)
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


@router.get("/{int:agency_id}", response=AgencyOut, summary="查看一个机构")
def get_agency(request, agency_id: int):
    agency = selectors.access_agency(request.user, agency_id)
    agency.child_count = agency.children.count()
    return agency


@router.get("/{int:agency_id}/children", response=list[AgencyOut], summary="下级机构")
def list_children(request, agency_id: int):
    return list(selectors.children_of(request.user, agency_id))
