"""The demo's sample cases, made as officers make them: every case, item of evidence, measure,
property item and deadline comes from the public services of the cases, evidence, measures and
deadlines apps, so the journal verifies afterwards.

One helper per target state (`SCENARIOS`); each drives a fresh case there with dates counted back
from the reference day (today), and checks that it arrived. A rule changed elsewhere then breaks
one scenario with a clear message naming it, not the whole demo.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from zhifa.cases import services as cs
from zhifa.core.errors import DomainError
from zhifa.evidence import services as evidence
from zhifa.measures import services as measures
from zhifa.measures.models import CaseProperty, PropertyDisposal
from zhifa.testing import ALL_ONSPOT_STEPS, FULL_CHECKLIST, fine

from . import files
from .data import DemoData, Place

SEED = 20261203  # fixed: the same reference day gives the same demo


class DemoStepFailed(RuntimeError):
    """A scenario did not reach its state (a rule changed): the message names it."""


@dataclass
class Squad:
    """The people of one demo agency."""

    place: Place
    agency: object  # orgs.Agency
    officers: list  # officers.Officer with a valid certificate (at least two)
    head: object  # accounts.User, agency head
    reviewer: object  # accounts.User, legal reviewer (also the property custodian)

    @property
    def o1(self):
        return self.officers[0].user

    @property
    def o2(self):
        return self.officers[1].user


# --- the violations: provision, the facts the discretion engine reads, plain Chinese ------------


@dataclass(frozen=True)
class Violation:
    provision: str
    text: str  # the lead's facts in plain Chinese; {site}, {plate} filled in
    facts: dict  # discretion facts (names from zhifa.core.discretion.facts)
    fine: int  # the proposed fine (inside the recommended range)
    party_kind: str | None = None  # person / organisation / None (either)


def overweight(gross_kg: int) -> Violation:
    """A six-axle combination over its 49,000 kg limit (超限运输车辆行驶公路管理规定 第三条、第四十三条)."""
    excess = gross_kg - 49000
    amount = min(30000, (excess // 1000) * 500)  # 每超1000千克罚款500元，最高3万元 (Art. 43(2))
    return Violation(
        "ovl-43-2",
        "{site}称重检测，{plate}六轴汽车列车车货总质量" + f"{gross_kg}千克，超过限定标准"
        f"{excess}千克，属违法超限运输。",
        {
            "gross_mass_kg": gross_kg,
            "excess_kg": excess,
            "vehicle_class": "6plus_axle_combination",
        },
        amount,
    )


UNLICENSED = Violation(
    "rtr2023-63-1",
    "{site}检查发现{plate}货车未取得道路运输经营许可，为他人承运建材收取运费，擅自从事道路普通货物运输经营。",
    {"illegal_gain": 1800},
    5000,
)
DIGGING_SMALL = Violation(
    "hl-76-1",
    "巡查发现当事人未经许可在{site}附近公路用地内挖掘敷设管线，挖掘面积约5平方米。",
    {"area_m2": 5, "depth_cm": 10, "consequence": "none"},
    4000,
)
DIGGING_LARGE = Violation(
    "hl-76-1",
    "巡查发现当事人未经许可在{site}附近擅自挖掘公路路面约50平方米、深约50厘米，影响通行。",
    {"area_m2": 50, "depth_cm": 50, "consequence": "minor"},
    25000,
    "person",
)
SPILL_FIRST = Violation(
    "hsp-69",
    "{plate}运输渣土途经{site}时遗洒，造成路面污染，当事人当即清扫并规范装载，系初次违法。",
    {
        "first_violation": True,
        "obstructed": False,
        "loading_rectified": True,
        "consequence": "minor",
        "accident": False,
        "caused_congestion": False,
        "restored": True,
    },
    0,
    "person",
)
NO_QUALIFICATION = Violation(
    "rtr2023-64",
    "{site}检查发现驾驶人未取得道路货物运输从业资格证驾驶{plate}营运货车。",
    {},
    200,
    "person",
)
RIDE_HAIL = Violation(
    "nrh-36",
    "乘客投诉经核实：网约车驾驶员驾驶{plate}在{site}途中故意绕道行驶，多收车费。",
    {},
    200,
    "person",
)
OVERSIZE = Violation(
    "ovl-43-1a",
    "{site}检测发现{plate}车货总高度4.1米，超过4米限定标准，属违法超限运输。",
    {"height_m": "4.1", "width_m": "2.5", "length_m": "18"},
    100,
    "person",
)


# --- a clock that only moves forward and never past the reference day --------------------------


class Clock:
    def __init__(self, start: date, today: date):
        if start > today:
            raise DemoStepFailed("演示数据的起始日期晚于今天")
        self.day, self.today = start, today

    def __call__(self, days: int = 0) -> date:
        self.day = min(self.day + timedelta(days=days), self.today)
        return self.day


class Builder:
    """Makes the demo cases for the given squads; `run(count)` returns the states reached."""

    def __init__(self, squads: list[Squad], *, today: date | None = None, seed: int = SEED):
        self.squads = squads
        self.today = today or timezone.localdate()
        self.data = DemoData(seed, self.today)
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self._files = 0
        self.seized: dict[int, list] = {}  # case id -> measures still running
        self.reached: Counter = Counter()
        self.first = True

    # --- the plan -------------------------------------------------------------------------------

    def plan(self, count: int) -> list[tuple[str, Callable]]:
        """Every scenario once, then the rest by weight (a fixed draw from the seed)."""
        names = [name for name, _w, _f in SCENARIOS]
        weights = [w for _n, w, _f in SCENARIOS]
        chosen = list(names)
        if count > len(chosen):
            chosen += self.data.rng.choices(names, weights=weights, k=count - len(chosen))
        functions = {name: f for name, _w, f in SCENARIOS}
        return [(name, functions[name]) for name in chosen]

    def run(self, count: int) -> Counter:
        seen: Counter = Counter()
        for n, (name, scenario) in enumerate(self.plan(count)):
            squad = self.squads[n % len(self.squads)]
            self.first = not seen[name]  # the first of each kind has its deadlines "now"
            seen[name] += 1
            try:
                expected, case = scenario(self, squad)
            except DomainError as exc:
                raise DemoStepFailed(
                    f"演示案件（{name}，第{n + 1}件）未能建成：{exc.code}：{exc}"
                ) from exc
            case.refresh_from_db()
            if case.state != expected:
                raise DemoStepFailed(f"演示案件（{name}）应为“{expected}”，实际为“{case.state}”")
            self.reached[(case.procedure or "", case.state)] += 1
        return self.reached

    # --- building blocks ------------------------------------------------------------------------

    def at(self, day: date, hour: int = 10) -> datetime:
        """A moment on `day` in Beijing time, never in the future."""
        moment = timezone.make_aware(datetime.combine(day, time(hour, 0)), self.tz)
        return min(moment, self.now - timedelta(minutes=5))

    def start(self, low: int, high: int) -> Clock:
        """A clock starting `low`–`high` days before the reference day."""
        return Clock(self.today - timedelta(days=self.data.between(low, high)), self.today)

    def lead(self, sq: Squad, v: Violation, day: date, *, triggers=None, source="inspection"):
        party = self.data.party(sq.place, kind=v.party_kind)
        text = v.text.format(site=self.data.site(sq.place), plate=party["plate"] or "车辆")
        return cs.create_lead(
            actor=sq.o1,
            agency=sq.agency,
            source=source,
            facts=text,
            received_on=day,
            party=party,
            violation_date=day - timedelta(days=self.data.between(0, 2)),
            provision=v.provision,
            officers=sq.officers[:2],
            triggers=triggers or {},
        )

    FILE_KINDS = {  # what the officer uploads: generator, file name, type, evidence kind
        "photo": (files.png, "photo.png", "image/png", "physical"),
        "scan": (files.pdf, "scan.pdf", "application/pdf", "documentary"),
        "video": (files.mp4, "recording.mp4", "video/mp4", "audio_visual"),
    }

    def photo(
        self, sq: Squad, case, day: date, *, title: str, act="on_site_inspection", ref=None,
        what="photo",
    ):  # fmt: skip
        self._files += 1
        n = self._files
        what = "video" if act == "on_site_seizure" else what
        make, name, content_type, kind = self.FILE_KINDS[what]
        data = io.BytesIO(make(n))
        data.name = f"{n:05d}-{name}"
        return evidence.upload_evidence(
            case,
            actor=sq.o1,
            file=data,
            kind=kind,
            collected_by=sq.officers[0],
            collected_at=self.at(day, 9),
            place=self.data.site(sq.place),
            method="obtained" if kind == "documentary" else "recording",
            title=title,
            device_kind="body_camera",
            device_id=f"DSJ-{sq.place.key.upper()}-{(n % 20) + 1:03d}",
            act=act,
            act_ref=ref,
            declared_type=content_type,
        )

    def investigate(self, sq: Squad, case, t: Clock, v: Violation, *, seize=False, keep=False):
        """Filed by the head, investigated by two officers: records, evidence, measures, facts."""
        cs.file_case(case, actor=sq.head, as_of=t(1))
        cs.start_investigation(case, actor=sq.o1, as_of=t())
        cs.record_investigation_record(
            case, actor=sq.o1, as_of=t(), kind="onsite_record", summary="现场检查情况"
        )
        self.photo(sq, case, t(), title="现场照片")
        self.photo(sq, case, t(), title="检查记录扫描件", what="scan")
        if seize:
            self.seize(sq, case, t)
        if keep:
            self.preserve(sq, case, t)
        cs.record_investigation_record(
            case, actor=sq.o1, as_of=t(1), kind="interview_record", summary="询问当事人"
        )
        if v.facts:
            cs.recommend_penalty(case, actor=sq.o1, as_of=t(), facts=v.facts)
        return case

    def seize(self, sq: Squad, case, t: Clock):
        """A vehicle seized with the head's approval, filmed, its items on the ledger and handed to
        the custodian (ACL Arts. 18, 24; TEPP Arts. 54, 125)."""
        day = t()
        m = measures.request_measure(
            case,
            actor=sq.o1,
            kind="seize",
            basis_law="中华人民共和国道路运输条例",
            basis_article="第六十三条",
            reason="当事人无道路运输经营许可，车辆可能被转移，需扣押以防证据灭失",
            items_summary="营运货车一辆",
            place=self.data.site(sq.place),
            at=self.at(day, 9),
        )
        measures.decide_measure_approval(m, actor=sq.head, approve=True, at=self.at(day, 10))
        self.photo(sq, case, day, title="现场扣押录像", act="on_site_seizure", ref=m)
        measures.execute_measure(
            m,
            actor=sq.o1,
            items=[
                {"description": f"货车 {case.party.plate or '一辆'}", "quantity": "1", "unit": "辆"}
            ],
            party_signed=True,
            executed_at=self.at(day, 11),
        )
        for item in CaseProperty.objects.filter(measure=m).order_by("pk"):  # a read
            measures.hand_over_property(
                item, actor=sq.o1, custodian=sq.reviewer, location="执法支队涉案财物保管场",
                at=self.at(day, 15),
            )  # fmt: skip
        self.seized.setdefault(case.pk, []).append(m)
        return m

    def preserve(self, sq: Squad, case, t: Clock):
        """Evidence registered and kept with the head's approval (APL Art. 56; TEPP Arts. 43–45)."""
        day = t()
        p = measures.request_preservation(
            case,
            actor=sq.o1,
            reason="货运单据可能被当事人销毁，以后难以取得",
            items_summary="货运单据、运费收款记录",
            at=self.at(day, 9),
        )
        measures.decide_preservation_approval(p, actor=sq.head, approve=True, at=self.at(day, 10))
        measures.start_preservation(
            p,
            actor=sq.o1,
            items=[
                {"description": "货运单据", "quantity": "12", "unit": "张"},
                {"description": "运费收款记录（打印件）", "quantity": "1", "unit": "份"},
            ],
            party_signed=True,
            started_at=self.at(day, 11),
        )
        items = list(CaseProperty.objects.filter(preservation=p).order_by("pk"))  # a read
        for item in items:
            measures.hand_over_property(
                item, actor=sq.o1, custodian=sq.reviewer, location="执法支队证物室",
                at=self.at(day, 15),
            )  # fmt: skip
        decided_on = day + timedelta(days=3)
        if decided_on <= self.today:  # else still awaiting the head's decision (due soon)
            measures.decide_preservation(
                p, actor=sq.head, outcome="release", note="已拍照、复制，予以解除", as_of=decided_on
            )
            for d in PropertyDisposal.objects.filter(item__in=items, state="approved"):  # a read
                measures.carry_out_disposal(
                    d, actor=sq.o1, recipient=case.party.name, at=self.at(decided_on, 16)
                )
        return p

    def release(
        self,
        sq: Squad,
        case,
        day: date,
        *,
        ground="decided",
        reason="已作出行政处罚决定，不再需要扣押",
    ):
        """The head releases the seizure and the vehicle goes back to the party (ACL Art. 28)."""
        for m in self.seized.pop(case.pk, []):
            measures.release_measure(m, actor=sq.head, ground=ground, reason=reason, as_of=day)
            for d in PropertyDisposal.objects.filter(item__measure=m, state="approved"):  # a read
                measures.carry_out_disposal(
                    d, actor=sq.o1, recipient=case.party.name, at=self.at(day, 16)
                )

    def report(self, sq: Squad, case, t: Clock, *, approve=True, review=True):
        cs.submit_report(case, actor=sq.o1, as_of=t(1), summary="事实清楚，证据确凿，建议处罚")
        if review:
            cs.review_report(case, actor=sq.head, as_of=t())
        if approve:
            cs.approve_report(case, actor=sq.head, as_of=t(1))

    def notify(self, sq: Squad, case, t: Clock, amount):
        cs.serve_rights_notice(case, actor=sq.o1, as_of=t(1), penalty=fine(amount))

    def state_and_decide(self, sq: Squad, case, t: Clock, *, penalty=None):
        cs.record_statement(case, actor=sq.o1, as_of=t(1), text="对违法事实无异议，请求从轻处罚")
        return cs.decide(case, actor=sq.head, as_of=t(1), penalty=penalty)

    def serve_decision(self, sq: Squad, case, t: Clock):
        cs.serve(
            case,
            actor=sq.o2,
            as_of=t(1),
            method="direct",
            address=case.party.address,
            recipient=case.party.name,
        )

    def pay(self, sq: Squad, case, day: date, amount):
        cs.record_payment(
            case, actor=sq.o1, as_of=day, amount=str(amount), reference=f"缴款书{self._receipt()}"
        )

    def _receipt(self) -> str:
        return f"{self.data.between(10_000_000, 99_999_999)}"

    def to_notice(self, sq: Squad, v: Violation, t: Clock, *, triggers=None, **kw):
        """A general case from its lead through investigation and the approved report to the notice
        of `v`'s fine (APL Art. 44)."""
        case = self.lead(sq, v, t(), triggers=triggers)
        self.investigate(sq, case, t, v, **kw)
        self.report(sq, case, t)
        self.notify(sq, case, t, v.fine)
        return case

    def to_decision(self, sq: Squad, v: Violation, low: int, high: int, **kw):
        """A general case decided (penalty) `low`–`high` days after its lead."""
        t = self.start(low, high)
        case = self.to_notice(sq, v, t, **kw)
        self.state_and_decide(sq, case, t)
        return case, t


# --- one helper per target state ---------------------------------------------------------------


def s_lead(b: Builder, sq: Squad):
    t = b.start(0, 20)
    return "lead", b.lead(sq, b.data.pick([UNLICENSED, DIGGING_SMALL, OVERSIZE]), t())


def s_not_filed(b: Builder, sq: Squad):
    t = b.start(3, 60)
    case = b.lead(sq, DIGGING_SMALL, t(), source="report")
    cs.decline_lead(case, actor=sq.head, as_of=t(2), reason="经核查，挖掘系公路养护单位依法施工")
    return "not_filed", case


def s_filed(b: Builder, sq: Squad):
    t = b.start(1, 12)
    case = b.lead(sq, UNLICENSED, t())
    cs.file_case(case, actor=sq.head, as_of=t(1))
    return "filed", case


def s_investigation(b: Builder, sq: Squad):
    # some filed about 90 days ago: the decision period (APL Art. 60) is due soon or overdue
    t = b.start(96, 100) if b.first else b.start(8, 96)
    v = b.data.pick([UNLICENSED, overweight(b.data.between(52, 70) * 1000), DIGGING_SMALL])
    v = UNLICENSED if b.first else v
    case = b.lead(sq, v, t())
    b.investigate(sq, case, t, v, seize=v is UNLICENSED, keep=v is UNLICENSED)
    if case.pk in b.seized and t.day + timedelta(days=10) <= b.today:
        b.release(
            sq,
            case,
            t.day + timedelta(days=10),
            ground="unnecessary",
            reason="证据已固定，当事人已提供担保，不再需要扣押",
        )
    return "investigation", case


def s_report_submitted(b: Builder, sq: Squad):
    t = b.start(6, 40)
    v = overweight(b.data.between(52, 70) * 1000)
    case = b.lead(sq, v, t())
    b.investigate(sq, case, t, v)
    b.report(sq, case, t, approve=False, review=False)
    return "report_submitted", case


def s_report_approved(b: Builder, sq: Squad):
    t = b.start(6, 40)
    case = b.lead(sq, UNLICENSED, t())
    b.investigate(sq, case, t, UNLICENSED)
    b.report(sq, case, t)
    return "report_approved", case


def s_notified(b: Builder, sq: Squad):
    t = b.start(6, 14)
    v = b.data.pick([UNLICENSED, overweight(b.data.between(52, 60) * 1000)])
    return "notified", b.to_notice(sq, v, t)


def s_hearing_requested(b: Builder, sq: Squad):
    t = b.start(10, 20)
    case = b.to_notice(sq, DIGGING_LARGE, t)
    cs.record_statement(case, actor=sq.o1, as_of=t(1), text="对处罚数额有异议，要求听证")
    cs.request_hearing(case, actor=sq.o1, as_of=t())
    return "hearing_requested", case


def _reviewable(b: Builder, sq: Squad, low: int, high: int):
    t = b.start(low, high)
    case = b.to_notice(sq, UNLICENSED, t, triggers={"complex_case": True})
    cs.record_statement(case, actor=sq.o1, as_of=t(1), text="无异议")
    cs.submit_legal_review(case, actor=sq.o1, as_of=t(1))
    return case, t


def s_legal_review(b: Builder, sq: Squad):
    case, _t = _reviewable(b, sq, 10, 25)
    return "legal_review", case


def s_legal_review_passed(b: Builder, sq: Squad):
    case, t = _reviewable(b, sq, 12, 30)
    cs.record_legal_review(
        case,
        actor=sq.reviewer,
        as_of=t(1),
        outcome="agree",
        checklist=FULL_CHECKLIST,
        opinion="主体合法，程序合法，事实清楚，证据充分，适用依据正确，裁量适当，同意",
        reviewer_qualified=True,
    )
    return "legal_review_passed", case


def _egregious(b: Builder, sq: Squad, low: int, high: int):
    t = b.start(low, high)
    v = overweight(b.data.between(90, 110) * 1000)
    case = b.to_notice(sq, v, t, triggers={"egregious": True})
    cs.waive_statement(case, actor=sq.o1, as_of=t(1))
    cs.refer_to_deliberation(case, actor=sq.o1, as_of=t())
    return case, t


def s_deliberation(b: Builder, sq: Squad):
    case, _t = _egregious(b, sq, 12, 25)
    return "deliberation", case


def s_deliberation_resolved(b: Builder, sq: Squad):
    case, t = _egregious(b, sq, 14, 30)
    cs.record_deliberation(
        case,
        actor=sq.head,
        as_of=t(1),
        attendees=[sq.head.full_name, "副支队长", "法制科科长"],
        opinions=["严重超限，情节恶劣，按裁量基准上限处罚"],
        resolution="penalty",
    )
    return "deliberation_resolved", case


def s_decided(b: Builder, sq: Squad):
    # decided 1–12 days ago, not yet served: the 7 working days to serve are due soon or overdue
    case, _t = b.to_decision(sq, b.data.pick([UNLICENSED, DIGGING_SMALL]), 12, 24)
    return "decided_penalty", case


def s_no_penalty(b: Builder, sq: Squad):
    t = b.start(8, 60)
    case = b.lead(sq, SPILL_FIRST, t())
    b.investigate(sq, case, t, SPILL_FIRST)
    b.report(sq, case, t)
    cs.decide(
        case,
        actor=sq.head,
        as_of=t(1),
        no_penalty_ground="first_violation",
        education="初次违法且危害后果轻微并及时改正，依法不予处罚；已当面宣讲《公路法》有关规定，当事人表示今后遵守。",
    )
    return "decided_no_penalty", case


def s_served(b: Builder, sq: Squad):
    case, t = b.to_decision(sq, UNLICENSED, 12, 20)
    b.serve_decision(sq, case, t)
    return "served", case


def s_paying(b: Builder, sq: Squad):
    # served recently: the 15 days to pay run (APL Art. 67)
    case, _ = _performing(b, sq, b.data.pick([UNLICENSED, overweight(56000)]), 14, 26)
    return "awaiting_performance", case


def _performing(b: Builder, sq: Squad, v, low: int, high: int):
    """Decided, served, and the party's time to perform running."""
    case, t = b.to_decision(sq, v, low, high)
    b.serve_decision(sq, case, t)
    cs.start_performance(case, actor=sq.o1, as_of=t())
    return case, t


def _overdue(b: Builder, sq: Squad, low: int, high: int):
    """Not paid in the 15 days (APL Art. 67): marked overdue 20 days after the performance began,
    or the day after the due date where holidays (五一, 国庆) lengthen the 15 days past that."""
    case, t = _performing(b, sq, UNLICENSED, low, high)
    after_due = (case.payment_due - t.day).days + 1
    cs.mark_overdue(case, actor=sq.o1, as_of=t(max(20, after_due)))
    return case, t


def s_payment_plan(b: Builder, sq: Squad):
    case, t = _performing(b, sq, DIGGING_SMALL, 16, 30)
    applied = t(1)
    cs.apply_for_payment_plan(
        case,
        actor=sq.o1,
        as_of=applied,
        kind="instalments",
        dues=[applied + timedelta(days=30), applied + timedelta(days=60)],
        hardship="个体经营收入下降，家庭负担重，一次缴清确有困难",
    )
    cs.approve_plan(case, actor=sq.head, as_of=t(1))
    return "deferral_or_instalments", case


def s_overdue(b: Builder, sq: Squad):
    case, _ = _overdue(b, sq, 45, 60)
    return "overdue", case


def s_demanded(b: Builder, sq: Squad):
    case, t = _overdue(b, sq, 80, 100)
    cs.issue_demand(case, actor=sq.head, as_of=t(32))
    return "demand_issued", case


def s_court(b: Builder, sq: Squad):
    # the court is asked only after the party's six months to sue (ACL Art. 53; APL Art. 72)
    case, t = _overdue(b, sq, 230, 250)
    cs.issue_demand(case, actor=sq.head, as_of=t(32))
    t(190 - 52)
    cs.apply_court_enforcement(case, actor=sq.head, as_of=t())
    return "court_enforcement", case


def _performed(b: Builder, sq: Squad, low: int, high: int):
    v = b.data.pick([UNLICENSED, DIGGING_SMALL, overweight(b.data.between(52, 60) * 1000)])
    v = UNLICENSED if b.first else v  # the first of a kind shows a seized vehicle returned
    case, t = b.to_decision(sq, v, low, high, seize=v is UNLICENSED)
    b.release(sq, case, t())
    b.serve_decision(sq, case, t)
    # published on the portal within 7 working days of the decision (APL Art. 48), masked
    cs.publish_decision(case, actor=sq.o1, as_of=t(1))
    cs.start_performance(case, actor=sq.o1, as_of=t())
    b.pay(sq, case, t(3), v.fine)
    return case, t


def s_performed(b: Builder, sq: Squad):
    case, _t = _performed(b, sq, 20, 40)
    return "performed", case


def s_closed(b: Builder, sq: Squad):
    case, t = _performed(b, sq, 30, 120)
    cs.close_case(case, actor=sq.head, as_of=t(1), summary="罚款已缴清，案件办结")
    return "closed", case


def s_archived(b: Builder, sq: Squad):
    case, t = _performed(b, sq, 40, 250)
    cs.close_case(case, actor=sq.head, as_of=t(1), summary="罚款已缴清，案件办结")
    cs.archive_case(case, actor=sq.head, as_of=t(1))
    return "archived", case


def s_transferred(b: Builder, sq: Squad):
    t = b.start(10, 90)
    case = b.lead(sq, UNLICENSED, t())
    b.investigate(sq, case, t, UNLICENSED, seize=True)
    cs.submit_crime_report(case, actor=sq.o1, as_of=t(1))
    cs.transfer_crime(
        case, actor=sq.head, as_of=t(1), reason="伪造道路运输证件，涉嫌伪造国家机关证件罪"
    )
    police = f"{sq.place.prefecture}公安局"
    for d in PropertyDisposal.objects.filter(item__case=case, state="approved"):  # a read
        measures.carry_out_disposal(d, actor=sq.o1, recipient=police, at=b.at(t(), 16))
    cs.record_crime_handover(case, actor=sq.o1, as_of=t())
    b.release(sq, case, t(), ground="unnecessary", reason="案件已移送公安机关，扣押车辆已随案移交")
    return "transferred_to_judiciary", case


# summary procedure (APL Arts. 51–52; TEPP Art. 61)


def _on_spot(b: Builder, sq: Squad, low: int, high: int):
    t = b.start(low, high)
    v = b.data.pick([RIDE_HAIL, OVERSIZE, NO_QUALIFICATION])
    case = b.lead(sq, v, t(), triggers={"facts_conclusive": True, "has_legal_basis": True})
    b.photo(sq, case, t(), title="现场照片", act="on_spot_penalty")
    cs.decide_on_spot(
        case, actor=sq.o1, as_of=t(), penalty=fine(v.fine), onspot_steps=ALL_ONSPOT_STEPS
    )
    return case, t, v


def s_onspot(b: Builder, sq: Squad):
    case, _t, _v = _on_spot(b, sq, 0, 4)
    return "onspot_decided", case


def s_onspot_paying(b: Builder, sq: Squad):
    case, t, _v = _on_spot(b, sq, 2, 12)
    cs.start_performance(case, actor=sq.o1, as_of=t())
    if t.day + timedelta(days=2) <= b.today:  # filed with the department (A9)
        cs.file_onspot_decision(case, actor=sq.o2, as_of=t(2))
    return "awaiting_performance", case


def s_onspot_collected(b: Builder, sq: Squad):
    # the cash is due at the office within 2 working days (APL Art. 71; A17): recent ones only,
    # as no service records the hand-over yet
    t = b.start(0, 0) if b.first else b.start(0, 3)
    v = RIDE_HAIL
    case = b.lead(sq, v, t(), triggers={"facts_conclusive": True, "has_legal_basis": True})
    cs.decide_on_spot(
        case, actor=sq.o1, as_of=t(), penalty=fine(100), onspot_steps=ALL_ONSPOT_STEPS
    )
    cs.collect_on_spot(
        case,
        actor=sq.o1,
        as_of=t(),
        collection_ground="fine_100_or_less",
        receipt_issued=True,
        reference=f"财政票据{b._receipt()}",
    )
    if t.day + timedelta(days=2) <= b.today:
        cs.file_onspot_decision(case, actor=sq.o2, as_of=t(2))
    return "performed", case


def _onspot_paid(b: Builder, sq: Squad, low: int, high: int):
    case, t, v = _on_spot(b, sq, low, high)
    cs.start_performance(case, actor=sq.o1, as_of=t())
    cs.file_onspot_decision(case, actor=sq.o2, as_of=t(2))
    b.pay(sq, case, t(1), v.fine)
    return case, t


def s_onspot_closed(b: Builder, sq: Squad):
    case, t = _onspot_paid(b, sq, 10, 60)
    cs.close_case(case, actor=sq.head, as_of=t(1))
    return "closed", case


def s_onspot_archived(b: Builder, sq: Squad):
    case, t = _onspot_paid(b, sq, 20, 200)
    cs.close_case(case, actor=sq.head, as_of=t(1))
    cs.archive_case(case, actor=sq.head, as_of=t(1))
    return "archived", case


# (name, weight, helper): most transport cases are decided on the spot; the rest spread over
# the general procedure, with a year's finished cases behind the open ones
SCENARIOS: list[tuple[str, int, Callable]] = [
    ("lead", 8, s_lead),
    ("not_filed", 2, s_not_filed),
    ("filed", 4, s_filed),
    ("investigation", 8, s_investigation),
    ("report_submitted", 2, s_report_submitted),
    ("report_approved", 1, s_report_approved),
    ("notified", 3, s_notified),
    ("hearing_requested", 1, s_hearing_requested),
    ("legal_review", 2, s_legal_review),
    ("legal_review_passed", 1, s_legal_review_passed),
    ("deliberation", 1, s_deliberation),
    ("deliberation_resolved", 1, s_deliberation_resolved),
    ("decided_penalty", 2, s_decided),
    ("decided_no_penalty", 2, s_no_penalty),
    ("served", 1, s_served),
    ("awaiting_performance", 2, s_paying),
    ("payment_plan", 1, s_payment_plan),
    ("overdue", 2, s_overdue),
    ("demand_issued", 1, s_demanded),
    ("court_enforcement", 1, s_court),
    ("performed", 1, s_performed),
    ("closed", 3, s_closed),
    ("archived", 5, s_archived),
    ("transferred_to_judiciary", 1, s_transferred),
    ("onspot_decided", 6, s_onspot),
    ("onspot_paying", 9, s_onspot_paying),
    ("onspot_collected", 3, s_onspot_collected),
    ("onspot_closed", 10, s_onspot_closed),
    ("onspot_archived", 12, s_onspot_archived),
]
