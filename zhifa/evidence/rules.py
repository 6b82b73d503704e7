"""Audio-video recording rules for enforcement acts (音像记录, legal.md §B.4, §F.2): pure, no Django.

Each enforcement act an evidence item can record has one `RecordingRule`: whether an audio-video
record is mandatory (the act cannot be completed without one attached), recommended (the pages
ask: 建议录音录像) or not asked for, which media satisfy it, and the article.

    recording_rule("on_site_seizure").requirement      -> "mandatory"
    satisfies("on_site_seizure", ["video/mp4"])        -> True
    satisfies("on_site_seizure", ["audio/mpeg"])       -> False (a seizure must be filmed)

Interpretation points (the spec is silent; see README.md "Legal points"):
- "full audio-video recording" (全程音像记录) is satisfied by a video file; a sound recording alone
  is not enough for a mandatory act. For recommended acts any audio, video or photo counts.
- T4 §三(八) lists seizure of property and forced demolition and adds "等" (and the like) for other
  on-site acts directly affecting liberty, life, health or major property; on-site compulsory
  execution is read as one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

MANDATORY = "mandatory"  # 必须全程音像记录
RECOMMENDED = "recommended"  # 根据情况音像记录（页面提示“建议录音录像”）
NONE = "none"  # 文字记录即可

# Which files satisfy a rule, by the content type detected from the file's bytes.
VIDEO = "video"  # video/*
IMAGE_OR_VIDEO = "image_or_video"  # image/* or video/* (拍照或者录像)
ANY_MEDIA = "any_media"  # audio/*, video/* or image/*


@dataclass(frozen=True)
class RecordingRule:
    act: str
    label: str  # Chinese name of the act, shown on pages
    requirement: str  # MANDATORY / RECOMMENDED / NONE
    media: str  # VIDEO / IMAGE_OR_VIDEO / ANY_MEDIA
    article: str  # the source, as in legal.md

    @property
    def mandatory(self) -> bool:
        return self.requirement == MANDATORY

    @property
    def recommended(self) -> bool:
        return self.requirement == RECOMMENDED


_RULES = [
    # Mandatory: T1 Art. 54 last para: on-site seizure/detention is recorded in full audio-video.
    RecordingRule("on_site_seizure", "现场查封、扣押", MANDATORY, VIDEO, "T1 Art. 54; T4 §三(八)"),
    # Mandatory: T1 Art. 54 last para / T4 §三(八): activity in case-handling premises (执法办案场所).
    RecordingRule(
        "premises_questioning", "执法办案场所内询问", MANDATORY, VIDEO, "T1 Art. 54; T4 §三(八)"
    ),
    # Mandatory: T4 §三(八) names forced demolition.
    RecordingRule("forced_demolition", "强制拆除", MANDATORY, VIDEO, "T4 §三(八)"),
    # Mandatory: T4 §三(八) "等": on-site acts directly affecting major property (interpretation).
    RecordingRule(
        "on_site_compulsory_execution", "现场强制执行", MANDATORY, VIDEO, "T4 §三(八)（“等”）"
    ),
    # Mandatory: T1 Art. 18(5): posting a public notice at the residence must be photographed or filmed.
    RecordingRule(
        "public_notice_posting",
        "在受送达人住所张贴公告",
        MANDATORY,
        IMAGE_OR_VIDEO,
        "T1 Art. 18(5)",
    ),
    # Mandatory: T1 Arts. 124–129 (legal.md §C.3 inv. 5): perishables sold only after photo or video.
    RecordingRule(
        "perishable_sale", "鲜活易腐物品变卖、拍卖", MANDATORY, IMAGE_OR_VIDEO, "T1 Arts. 124–129"
    ),
    # Recommended: T4 §三(八) on-site enforcement; T1 Art. 22 body-worn recorders on inspection.
    RecordingRule(
        "on_site_inspection", "现场检查（执法）", RECOMMENDED, ANY_MEDIA, "T4 §三(八); T1 Art. 22"
    ),
    # Recommended: T1 Arts. 60–61 summary procedure on the spot is on-site enforcement (T4 §三(八)).
    RecordingRule("on_spot_penalty", "当场作出处罚决定", RECOMMENDED, ANY_MEDIA, "T4 §三(八)"),
    # Recommended: T4 §三(八) evidence gathering.
    RecordingRule("evidence_collection", "调查取证", RECOMMENDED, ANY_MEDIA, "T4 §三(八)"),
    # Recommended: T1 Art. 39(2): interviews may be recorded throughout.
    RecordingRule("interview", "询问（执法办案场所外）", RECOMMENDED, ANY_MEDIA, "T1 Art. 39"),
    # Recommended: T1 Art. 40(4): site examinations recorded as circumstances require.
    RecordingRule("site_examination", "勘验、检查", RECOMMENDED, ANY_MEDIA, "T1 Art. 40"),
    # Recommended: T1 Arts. 36, 41: sampling recorded with photo or video.
    RecordingRule("sampling", "抽样取证", RECOMMENDED, ANY_MEDIA, "T1 Arts. 36, 41"),
    # Recommended: T1 Arts. 36, 43–44: items under preservation are counted on the spot.
    RecordingRule(
        "evidence_preservation", "先行登记保存", RECOMMENDED, ANY_MEDIA, "T1 Arts. 43–44"
    ),
    # Recommended: T4 §三(八) hearings.
    RecordingRule("hearing", "听证", RECOMMENDED, ANY_MEDIA, "T4 §三(八)"),
    # Recommended: T1 Art. 18(2); T4 §三(八): service by leaving at the premises.
    RecordingRule(
        "service_left_at_address", "留置送达", RECOMMENDED, ANY_MEDIA, "T1 Art. 18(2); T4 §三(八)"
    ),
    # Recommended: T4 §三(八): service by public notice (the posting itself is mandatory above).
    RecordingRule("service_public_notice", "公告送达", RECOMMENDED, ANY_MEDIA, "T4 §三(八)"),
    # Not asked: written records suffice where text fully records the act (T4 §三(八)).
    RecordingRule("document_review", "书面调查、调取材料", NONE, ANY_MEDIA, "T4 §三(八)"),
    RecordingRule("other", "其他", NONE, ANY_MEDIA, "T4 §三(八)"),
]

RULES: dict[str, RecordingRule] = {rule.act: rule for rule in _RULES}
ACTS: tuple[str, ...] = tuple(RULES)
MANDATORY_ACTS: frozenset[str] = frozenset(a for a, r in RULES.items() if r.mandatory)
RECOMMENDED_ACTS: frozenset[str] = frozenset(a for a, r in RULES.items() if r.recommended)


def recording_rule(act: str) -> RecordingRule:
    """The rule for `act`; KeyError for an act not in the table."""
    return RULES[act]


def recording_required(act: str) -> bool:
    """True when the act cannot be completed without an attached audio-video record."""
    rule = RULES.get(act)
    return rule is not None and rule.mandatory


def medium_of(content_type: str) -> str:
    """ "video", "audio", "image" or "" from a detected content type such as "video/mp4"."""
    major = content_type.split("/", 1)[0]
    return major if major in ("video", "audio", "image") else ""


def counts_for(media: str, content_type: str) -> bool:
    """Does one file of `content_type` satisfy the media a rule asks for?"""
    medium = medium_of(content_type)
    if media == VIDEO:
        return medium == "video"
    if media == IMAGE_OR_VIDEO:
        return medium in ("image", "video")
    return medium != ""


def satisfies(act: str, content_types) -> bool:
    """Do files of these detected content types, attached to the act, record it as required?"""
    rule = RULES.get(act)
    if rule is None:
        return False
    return any(counts_for(rule.media, ct) for ct in content_types)
