"""Writes to officer records. Recorded by a system administrator or decided by an agency head."""

from datetime import date

from django.db import transaction

from zhifa.accounts.choices import AdminRole
from zhifa.core.errors import PermissionDenied
from zhifa.records import journal

from .choices import CertificateKind, CertificateStatus
from .errors import CertificateNumberTaken, InvalidCertificate, InvalidSuspension, NotAnOfficer
from .models import Certificate, Officer, Suspension


def _require_manager(actor, officer_agency) -> None:
    """People who keep officer records: the system administrator, or an agency head, over the
    officer's agency. Commands pass actor=None."""
    if actor is None:
        return
    in_scope = officer_agency.is_within(actor.agency)
    if not in_scope or not (actor.admin_role == AdminRole.SYSTEM or actor.is_agency_head):
        raise PermissionDenied("无权管理该执法人员的资格信息。")


@transaction.atomic
def register_officer(user, *, badge_number: str = "", actor=None) -> Officer:
    _require_manager(actor, user.agency)
    if not user.is_officer:
        raise NotAnOfficer("该账户不具有执法人员角色，请先由安全管理员授予角色。")
    officer, created = Officer.objects.get_or_create(
        user=user, defaults={"badge_number": badge_number}
    )
    if created:
        journal.append(
            "officer.created",
            actor=actor,
            subject=officer,
            agency=user.agency,
            payload={"user_id": user.pk, "badge_number": badge_number},
        )
    return officer


@transaction.atomic
def issue_certificate(
    officer: Officer,
    *,
    number: str,
    issuing_body: str,
    issued_on: date,
    valid_until: date,
    kind: str = CertificateKind.TRANSPORT,
    categories: str = "",
    sectors=None,
    territory=None,
    last_reviewed_on: date | None = None,
    actor=None,
) -> Certificate:
    """`sectors` (law.Sector codes) default to those named in `categories` (T2 Arts. 22–23);
    `territory` is an orgs.Region or None (the issuing system's whole jurisdiction)."""
    _require_manager(actor, officer.user.agency)
    sectors = _sectors(categories, sectors)
    number = (number or "").strip()
    if not number or not issuing_body:
        raise InvalidCertificate("证号和发证机关不能为空。")
    if kind not in CertificateKind.values:
        raise InvalidCertificate("证件类型无效。")
    if valid_until < issued_on:
        raise InvalidCertificate("有效期截止日期不能早于发证日期。")
    if Certificate.objects.filter(number=number).exists():
        raise CertificateNumberTaken(f"证号“{number}”已存在。")
    cert = Certificate.objects.create(
        officer=officer,
        number=number,
        kind=kind,
        issuing_body=issuing_body,
        categories=categories,
        sectors=sectors,
        territory=territory,
        last_reviewed_on=last_reviewed_on,
        issued_on=issued_on,
        valid_until=valid_until,
    )
    journal.append(
        "certificate.issued",
        actor=actor,
        subject=cert,
        agency=officer.user.agency,
        payload={
            "officer_id": officer.pk,
            "number": number,
            "kind": kind,
            "issuing_body": issuing_body,
            "issued_on": issued_on,
            "valid_until": valid_until,
            "sectors": sectors,
            "territory": territory.name if territory is not None else "",
        },
    )
    return cert


def _sectors(categories: str, sectors) -> list[str]:
    """Sector codes from explicit codes, else from the category names printed on the certificate."""
    import re

    from zhifa.law.choices import Sector

    if sectors is None:
        by_label = {str(label): value for value, label in Sector.choices}
        names = [n for n in re.split(r"[、，,；;/\s]+", categories or "") if n]
        unknown = [n for n in names if n not in by_label]
        if unknown:
            raise InvalidCertificate(
                f"无法识别的执法门类：{'、'.join(unknown)}", code="certificate_category_unknown"
            )
        sectors = [by_label[n] for n in names]
    sectors = list(dict.fromkeys(sectors))
    if any(s not in Sector.values for s in sectors):
        raise InvalidCertificate("执法门类无效。", code="certificate_category_unknown")
    return sectors


@transaction.atomic
def record_annual_review(certificate: Certificate, *, reviewed_on: date, actor=None) -> Certificate:
    """Record a passed annual review (年度审验, T2 Arts. 27–30): the certificate counts for one
    more year from `reviewed_on`. A failed review is a suspension (T2 Art. 31), not recorded here."""
    officer = certificate.officer
    _require_manager(actor, officer.user.agency)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if reviewed_on < certificate.issued_on:
        raise InvalidCertificate("年度审验日期不能早于发证日期。")
    if certificate.last_reviewed_on is not None and reviewed_on < certificate.last_reviewed_on:
        raise InvalidCertificate("年度审验日期不能早于上次审验日期。")
    old = certificate.last_reviewed_on
    certificate.last_reviewed_on = reviewed_on
    certificate.save(update_fields=["last_reviewed_on"])
    journal.append(
        "certificate.reviewed",
        actor=actor,
        subject=certificate,
        agency=officer.user.agency,
        payload={"number": certificate.number, "old": old, "reviewed_on": reviewed_on},
    )
    return certificate


@transaction.atomic
def change_certificate_status(
    certificate: Certificate, *, status: str, reason: str, actor=None
) -> Certificate:
    """Suspend (暂扣), revoke (吊销), cancel (注销), report lost or restore a certificate (T2 Arts. 24–33)."""
    officer = certificate.officer
    _require_manager(actor, officer.user.agency)
    if status not in CertificateStatus.values:
        raise InvalidCertificate("证件状态无效。")
    if not reason:
        raise InvalidCertificate("变更证件状态须写明事由。")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == CertificateStatus.REVOKED:
        # T2 Art. 34: after revocation the holder may never apply again; nothing restores it.
        raise InvalidCertificate("已吊销的证件不得恢复。", code="certificate_revoked")
    old = certificate.status
    certificate.status = status
    certificate.save(update_fields=["status"])
    journal.append(
        "certificate.status_changed",
        actor=actor,
        subject=certificate,
        agency=officer.user.agency,
        payload={"number": certificate.number, "old": old, "new": status, "reason": reason},
    )
    return certificate


@transaction.atomic
def suspend_officer(
    officer: Officer, *, reason: str, starts_on: date, ends_on: date | None = None, actor=None
) -> Suspension:
    _require_manager(actor, officer.user.agency)
    if not reason:
        raise InvalidSuspension("暂停执法须写明事由。")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidSuspension("截止日期不能早于起始日期。")
    suspension = Suspension.objects.create(
        officer=officer, reason=reason, starts_on=starts_on, ends_on=ends_on, decided_by=actor
    )
    journal.append(
        "suspension.started",
        actor=actor,
        subject=suspension,
        agency=officer.user.agency,
        payload={
            "officer_id": officer.pk,
            "reason": reason,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    return suspension


@transaction.atomic
def lift_suspension(
    suspension: Suspension, *, lifted_on: date, reason: str, actor=None
) -> Suspension:
    officer = suspension.officer
    _require_manager(actor, officer.user.agency)
    suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.lifted_on is not None:
        raise InvalidSuspension("该暂停执法已解除。", code="suspension_already_lifted")
    if lifted_on < suspension.starts_on:
        raise InvalidSuspension("解除日期不能早于起始日期。")
    if not reason:
        raise InvalidSuspension("解除暂停执法须写明事由。")
    suspension.lifted_on = lifted_on
    suspension.lifted_reason = reason
    suspension.save(update_fields=["lifted_on", "lifted_reason"])
    journal.append(
        "suspension.lifted",
        actor=actor,
        subject=suspension,
        agency=officer.user.agency,
        payload={"officer_id": officer.pk, "lifted_on": lifted_on, "reason": reason},
    )
    return suspension
