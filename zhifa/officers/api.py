"""Officers in the caller's scope, with certificates, suspensions and eligibility on a date."""

from datetime import date

from ninja import Field, Router, Schema

from zhifa.api_types import Offset
from zhifa.core.citations import attr_zh

from . import selectors

router = Router(tags=["officers"])


class CertificateOut(Schema):
    number: str
    kind: str
    issuing_body: str
    categories: str
    sectors: list[str]  # T2 Arts. 22–23: sector codes the certificate covers
    territory: str | None = Field(None, alias="territory.name")  # None: issuer's whole system
    last_reviewed_on: date | None  # T2 Art. 30: annual review
    issued_on: date
    valid_until: date
    status: str
    status_label: str = Field(..., alias="get_status_display")


class SuspensionOut(Schema):
    reason: str
    starts_on: date
    ends_on: date | None
    lifted_on: date | None


class EligibilityRefusalOut(Schema):
    code: str
    message: str
    article: str

    article_zh: str = Field("", description="article 的中文法条引用")

    @staticmethod
    def resolve_article_zh(obj):
        return attr_zh(obj, "article")


class OfficerEligibilityOut(Schema):
    allowed: bool
    on: date
    certificate: str | None
    reasons: list[EligibilityRefusalOut]


class OfficerOut(Schema):
    id: int
    full_name: str = Field(..., alias="user.full_name")
    username: str = Field(..., alias="user.username")
    agency_id: int = Field(..., alias="user.agency_id")
    agency: str = Field(..., alias="user.agency.name")
    badge_number: str
    certificates: list[CertificateOut]
    suspensions: list[SuspensionOut]
    eligibility: OfficerEligibilityOut


class OfficerPage(Schema):
    count: int
    items: list[OfficerOut]


def _with_eligibility(officer, on: date | None):
    officer.eligibility = selectors.eligibility(officer, on)
    return officer


@router.get("", response=OfficerPage, summary="列出本机构及下级机构的执法人员")
def list_officers(
    request,
    agency_id: int | None = None,
    q: str = "",
    on: date | None = None,
    limit: int = 100,
    offset: Offset = 0,
):
    qs = selectors.visible_officers(request.user)
    if agency_id is not None:
        qs = qs.filter(user__agency_id=agency_id)
    if q:
        qs = qs.filter(user__full_name__icontains=q.strip()[:32])
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    items = [_with_eligibility(o, on) for o in qs[offset : offset + limit]]
    return {"count": qs.count(), "items": items}


@router.get("/{int:officer_id}", response=OfficerOut, summary="查看执法人员及其在某日能否执法")
def get_officer(request, officer_id: int, on: date | None = None):
    return _with_eligibility(selectors.access_officer(request.user, officer_id), on)
