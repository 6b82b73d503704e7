"""Reads of 评议考核 and 案卷评查, always scoped to the user (orgs.selectors.scope_filter).

- Schemes: those of the user's agency and below, and the scheme of every agency above it (a unit
  reads the province's scheme it is evaluated by).
- Rounds and evaluations: a round is seen in the organiser's tree; an evaluation also by the
  evaluated unit's tree. Officers without a head's, supervisor's or legal reviewer's role see only
  their own evaluation.
- Case-file reviews: a reviewed case is seen in its agency's tree (the reviewer and the organiser
  sit above it: services.open_review checks it), so no case is read outside the usual case scope.
"""

from __future__ import annotations

from django.db.models import CharField, Q, QuerySet, Value
from django.urls import reverse

from zhifa.orgs.selectors import scope_filter, sees_case_data

from .choices import EvaluationState, ReviewState
from .errors import EvaluationNotFound
from .models import CaseFileReview, Evaluation, ReviewedCaseFile, Round, Scheme


def _ancestors(user) -> list[int]:
    return [int(p) for p in user.agency.path.split("/") if p]


def is_staff(user) -> bool:
    """Heads, supervisors and legal reviewers see their tree's evaluations; officers their own."""
    return bool(user.is_agency_head or user.is_supervisor or user.is_legal_reviewer)


def visible_schemes(user) -> QuerySet[Scheme]:
    if not sees_case_data(user):
        return Scheme.objects.none()
    return (
        Scheme.objects.filter(scope_filter(user, "owner") | Q(owner_id__in=_ancestors(user)))
        .select_related("owner")
        .prefetch_related("items")
    )


def access_scheme(user, scheme_id) -> Scheme:
    s = visible_schemes(user).filter(pk=scheme_id).first()
    if s is None:
        raise EvaluationNotFound("考核方案不存在或无权查看。")
    return s


def visible_evaluations(user) -> QuerySet[Evaluation]:
    if not sees_case_data(user):
        return Evaluation.objects.none()
    qs = Evaluation.objects.select_related(
        "round", "round__scheme", "round__organiser", "agency", "officer__user"
    )
    if not is_staff(user):
        return qs.filter(officer__user=user)
    return qs.filter(scope_filter(user, "round__organiser") | scope_filter(user, "agency"))


def access_evaluation(user, evaluation_id) -> Evaluation:
    e = visible_evaluations(user).filter(pk=evaluation_id).first()
    if e is None:
        raise EvaluationNotFound("考核结果不存在或无权查看。")
    return e


def visible_rounds(user) -> QuerySet[Round]:
    if not sees_case_data(user):
        return Round.objects.none()
    ids = visible_evaluations(user).values("round_id")
    qs = Round.objects.filter(pk__in=ids)
    if is_staff(user):
        qs = Round.objects.filter(scope_filter(user, "organiser") | Q(pk__in=ids))
    return qs.select_related("scheme", "organiser").distinct()


def access_round(user, round_id) -> Round:
    r = visible_rounds(user).filter(pk=round_id).first()
    if r is None:
        raise EvaluationNotFound("评议考核不存在或无权查看。")
    return r


def round_evaluations(user, rnd: Round) -> QuerySet[Evaluation]:
    return visible_evaluations(user).filter(round=rnd)


def visible_reviewed_cases(user) -> QuerySet[ReviewedCaseFile]:
    return ReviewedCaseFile.objects.filter(scope_filter(user, "agency")).select_related(
        "review", "case", "agency", "provision"
    )


def access_reviewed_case(user, reviewed_id) -> ReviewedCaseFile:
    r = visible_reviewed_cases(user).filter(pk=reviewed_id).first()
    if r is None:
        raise EvaluationNotFound("评查案卷不存在或无权查看。")
    return r


def visible_reviews(user) -> QuerySet[CaseFileReview]:
    if not sees_case_data(user):
        return CaseFileReview.objects.none()
    return (
        CaseFileReview.objects.filter(
            scope_filter(user, "organiser")
            | Q(pk__in=visible_reviewed_cases(user).values("review_id"))
        )
        .select_related("organiser", "scope", "reviewer")
        .distinct()
    )


def access_review(user, review_id) -> CaseFileReview:
    r = visible_reviews(user).filter(pk=review_id).first()
    if r is None:
        raise EvaluationNotFound("案卷评查不存在或无权查看。")
    return r


# --- the workbench -------------------------------------------------------------------------------


def waiting_on(user) -> dict[str, QuerySet]:
    """What waits on the user: evaluations to score and appeals to decide (organiser's heads and
    supervisors), case files to review (the appointed reviewer), findings to correct (heads of the
    reviewed agency)."""
    empty = {
        "score": Evaluation.objects.none(),
        "appeals": Evaluation.objects.none(),
        "review": ReviewedCaseFile.objects.none(),
        "correct": ReviewedCaseFile.objects.none(),
    }
    if not sees_case_data(user):
        return empty
    out = dict(empty)
    organiser = user.is_agency_head or user.is_supervisor
    if organiser:
        mine = Evaluation.objects.filter(round__organiser_id=user.agency_id).select_related(
            "round", "agency", "officer__user"
        )
        out["score"] = mine.filter(state=EvaluationState.PENDING)
        out["appeals"] = mine.filter(state=EvaluationState.APPEALED)
    out["review"] = ReviewedCaseFile.objects.filter(
        review__reviewer=user, state=ReviewState.PENDING
    ).select_related("case", "review")
    if user.is_agency_head:
        out["correct"] = ReviewedCaseFile.objects.filter(
            agency_id=user.agency_id, state=ReviewState.RETURNED
        ).select_related("case", "review")
    return out


WORKBENCH_LIMIT = 20


def workbench_group(user, today):
    """The workbench's "evaluation" group (registered in apps.py): one query for evaluations (only
    for heads and supervisors) and one for case files, whatever waits."""
    from zhifa.workbench.selectors import Group, Item

    if not sees_case_data(user):
        return []
    lead = user.is_agency_head or user.is_supervisor
    # only supervisors and legal reviewers are appointed reviewers (services._may_review), only
    # heads correct findings: nobody else is asked anything here
    waiting_files = Q(pk__in=[])
    if user.is_supervisor or user.is_legal_reviewer:
        waiting_files |= Q(review__reviewer=user, state=ReviewState.PENDING)
    if user.is_agency_head:
        waiting_files |= Q(agency_id=user.agency_id, state=ReviewState.RETURNED)
    if not (lead or user.is_legal_reviewer):
        return []
    # one query finds what waits (both kinds at once); the rows are read only when there are some
    kind = Value("f", output_field=CharField())
    waiting = ReviewedCaseFile.objects.filter(waiting_files).order_by().values_list("pk", kind)
    if lead:
        waiting = waiting.union(
            Evaluation.objects.filter(
                round__organiser_id=user.agency_id,
                state__in=(EvaluationState.APPEALED, EvaluationState.PENDING),
            )
            .order_by()
            .values_list("pk", Value("e", output_field=CharField()))
        )
    found = list(waiting[: 2 * WORKBENCH_LIMIT + 1])
    if not found:
        return []
    ids = {k: [pk for pk, kk in found if kk == k] for k in ("e", "f")}
    evaluations = (
        list(
            Evaluation.objects.filter(pk__in=ids["e"][:WORKBENCH_LIMIT])
            .select_related("round", "agency", "officer__user")
            .order_by("state", "id")
        )
        if ids["e"]
        else []
    )
    files = (
        list(
            ReviewedCaseFile.objects.filter(pk__in=ids["f"][:WORKBENCH_LIMIT])
            .select_related("case", "review")
            .order_by("-state", "id")
        )
        if ids["f"]
        else []
    )
    items: list = []
    # the two apps' states share values ("pending"): one label table each
    evaluation_titles = {
        EvaluationState.APPEALED: "评议考核申诉待复核",
        EvaluationState.PENDING: "评议考核待评分",
    }
    file_titles = {ReviewState.PENDING: "案卷待评查", ReviewState.RETURNED: "案卷评查问题待整改"}
    items += [
        Item(
            title=f"{evaluation_titles[e.state]}：{e.subject_name}",
            subject=e.round.title,
            url=reverse("evaluation:evaluation", args=[e.pk]),
        )
        for e in evaluations[:WORKBENCH_LIMIT]
    ]
    items += [
        Item(
            title=f"{file_titles[r.state]}：{r.case.case_number or r.case_id}",
            subject=r.review.title,
            url=reverse("evaluation:reviewed_case", args=[r.pk]),
        )
        for r in files[:WORKBENCH_LIMIT]
    ]
    if not items:
        return []
    # beyond the limit the count says "more than"; the evaluation page lists them all
    count = len(found)
    return [Group(key="evaluation", label="评议考核与案卷评查", items=items, count=count, order=95)]
