"""Discretion engine (裁量): statutory ranges, provincial benchmarks, no-penalty lists, recommendations.

Pure Python, no Django. Legal basis: 行政处罚法 (APL, 2021) Arts. 4, 28, 30–37, 49, 63; 交通运输行政执法
程序规定 (TEPP) Arts. 74, 75, 80, 130; 国办发〔2022〕27号 on benchmarks. See INTERFACE.md for the contract.
"""

from .catalogue import Catalogue, load_catalogue, load_from_dir, shared_data_dir
from .conditions import Condition, compile_condition
from .deviation import Deviation, check_deviation
from .engine import (
    Factor,
    Measure,
    Outcome,
    Reason,
    Recommendation,
    RecommendationRequest,
    hearing_required,
    level_for,
    recommend,
)
from .errors import DiscretionError, InvalidRecord
from .facts import FACTS, GENERAL_FACTS, FactSpec
from .legality import Problem, legality_check
from .model import (
    Benchmark,
    BenchmarkLevel,
    Effect,
    EngineSettings,
    ExemptionItem,
    ExemptionList,
    HearingThresholds,
    LevelKind,
    Provision,
    Range,
)
from .overlimit import assess as assess_overlimit
from .parsing import parse_benchmark, parse_exemption_list, parse_provision

ExemptionListItem = ExemptionItem  # older name used in the brief

__all__ = [
    "FACTS",
    "GENERAL_FACTS",
    "Benchmark",
    "BenchmarkLevel",
    "Catalogue",
    "Condition",
    "Deviation",
    "DiscretionError",
    "Effect",
    "EngineSettings",
    "ExemptionItem",
    "ExemptionList",
    "ExemptionListItem",
    "FactSpec",
    "Factor",
    "HearingThresholds",
    "InvalidRecord",
    "LevelKind",
    "Measure",
    "Outcome",
    "Problem",
    "Provision",
    "Range",
    "Reason",
    "Recommendation",
    "RecommendationRequest",
    "assess_overlimit",
    "check_deviation",
    "compile_condition",
    "hearing_required",
    "legality_check",
    "level_for",
    "load_catalogue",
    "load_from_dir",
    "parse_benchmark",
    "parse_exemption_list",
    "parse_provision",
    "recommend",
    "shared_data_dir",
]
