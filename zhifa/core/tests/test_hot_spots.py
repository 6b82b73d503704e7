"""Complaint hot spots (issue 12 item 5): a fixture corpus groups into the topics a reader expects."""

import pytest

from zhifa.core.hot_spots import (
    STOP_WORDS,
    Text,
    cosine,
    hot_spots,
    tf_idf,
    tokens,
    trend_direction,
)

MONTH = "2026-11"
# (key, text, topic it belongs to or None)
CORPUS = [
    (1, "出租车司机拒载，不愿意去火车站", "taxi"),
    (2, "在火车站打出租车，司机拒载还挑客", "taxi"),
    (3, "出租车拒载乘客，态度很差", "taxi"),
    (4, "出租车司机绕路，多收车费", "taxi"),
    (5, "货车超载严重，路面被压坏", "overload"),
    (6, "大货车超载超限，天天经过村口", "overload"),
    (7, "超载货车夜间通行，存在安全隐患", "overload"),
    (8, "执法人员态度恶劣，辱骂货车司机", "conduct"),
    (9, "执法人员辱骂司机，要求道歉", "conduct"),
    (10, "建议增加公交线路", None),
]
EARLIER = [
    (101, "2026-09", "出租车司机拒载，去医院不拉"),
    (102, "2026-10", "出租车拒载，晚上打不到车"),
    (103, "2026-10", "出租车司机拒载乘客"),
    (104, "2026-10", "货车超载"),
]


def corpus():
    return [Text(k, MONTH, tokens(s)) for k, s, _ in CORPUS] + [
        Text(k, m, tokens(s)) for k, m, s in EARLIER
    ]


@pytest.mark.parametrize(
    "text, present, absent, why",
    [
        (
            "来电人反映出租车拒载，要求处理",
            {"出租车", "拒载"},
            {"反映", "要求", "处理", "来电人"},
            "boilerplate dropped",
        ),
        (
            "12328热线：货车超载！！！",
            {"货车", "超载"},
            {"12328", "！"},
            "numbers, punctuation dropped",
        ),
        ("我在路上", set(), {"我", "在"}, "one-character words dropped"),
        ("", set(), set(), "empty text, no words"),
    ],
)
def test_tokens(text, present, absent, why):
    words = set(tokens(text))
    assert present <= words, why
    assert not (absent & words), why
    assert not (words & STOP_WORDS), why


def test_the_fixture_corpus_groups_into_its_topics():
    # given the corpus, when grouped
    topics = hot_spots(corpus(), MONTH)
    # then each expected topic is one group, the largest first, the lone suggestion in none
    expected = {}
    for key, _, topic in CORPUS:
        if topic:
            expected.setdefault(topic, set()).add(key)
    groups = [set(t.keys) for t in topics]
    assert groups == [expected["taxi"], expected["overload"], expected["conduct"]]
    assert [t.words[:2] for t in topics] == [
        ("出租车", "拒载"),
        ("超载", "货车"),
        ("执法人员", "辱骂"),
    ]
    assert all(10 not in t.keys for t in topics)


@pytest.mark.parametrize(
    "index, trend, direction, why",
    [
        (0, (("2026-09", 1), ("2026-10", 2)), "up", "4 this month against 1.5 before"),
        (1, (("2026-09", 0), ("2026-10", 1)), "up", "3 this month against 0.5 before"),
        (2, (("2026-09", 0), ("2026-10", 0)), "new", "never seen before"),
    ],
)
def test_trend_against_earlier_months(index, trend, direction, why):
    topic = hot_spots(corpus(), MONTH)[index]
    assert topic.trend == trend, why
    assert trend_direction(topic) == direction, why


def test_examples_come_most_typical_first_and_limits_hold():
    topics = hot_spots(corpus(), MONTH)
    taxi = topics[0]
    # the taxi complaint about detours shares least with the others: it comes last
    assert taxi.keys[-1] == 4
    assert hot_spots(corpus(), MONTH, limit=1) == topics[:1]
    assert [t.count for t in hot_spots(corpus(), MONTH, min_size=4)] == [4]
    assert hot_spots(corpus(), "2026-12") == []


def test_a_flat_and_a_falling_trend():
    texts = [Text(i, MONTH, ("拒载", "出租车")) for i in range(2)]
    texts += [Text(10 + i, "2026-10", ("拒载", "出租车")) for i in range(2)]
    assert trend_direction(hot_spots(texts, MONTH)[0]) == "flat"
    texts += [Text(20 + i, "2026-10", ("拒载", "出租车")) for i in range(4)]
    assert trend_direction(hot_spots(texts, MONTH)[0]) == "down"


def test_tf_idf_vectors_are_unit_length_and_rare_words_weigh_more():
    texts = [Text(1, MONTH, ("出租车", "拒载")), Text(2, MONTH, ("出租车", "绕路"))]
    v = tf_idf(texts)
    assert cosine(v[1], v[1]) == pytest.approx(1.0)
    assert v[1]["拒载"] > v[1]["出租车"]
    assert 0 < cosine(v[1], v[2]) < 1
