"""Complaint hot spots (投诉热点, issue 12 item 5): complaints of one agency and month grouped by
topic, ranked, with their trend against earlier months.

Plain and explainable on purpose: jieba (dictionary only, no model download) cuts each text into
words; complaint boilerplate and one-character words are dropped; each text becomes a TF-IDF
vector (IDF over every text of the window, so months are comparable), normalised to length 1; the
month's texts are grouped greedily in a fixed order (each joins the most similar group when the
cosine to its centre reaches the threshold, else starts one); a group's words are those most of its
texts share (ties: heavier in its centre). The trend of a topic counts the earlier months' texts that would have joined
it. No Django here; the caller gives the texts.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Words every complaint uses: they say nothing about the topic (boilerplate of the 12328 intake,
# politeness, pronouns, time words, the complaint verbs themselves).
_STOP_TEXT = """
    投诉 举报 反映 反应 诉求 要求 希望 请求 恳请 请 帮忙 帮助 处理 解决 调查 核实 落实 回复 答复
    相关 部门 单位 有关 工作 情况 问题 事情 事件 现象 存在 发现 出现 进行 给予 予以 作出 做出
    市民 群众 来电 来信 来访 本人 我们 他们 她们 你们 自己 对方 人员 工作人员 师傅 先生 女士
    今天 昨天 前天 明天 上午 下午 晚上 早上 中午 时候 时间 当时 目前 现在 已经 一直 多次 经常
    一个 一些 这个 那个 这些 那些 这样 那样 什么 怎么 为什么 如何 没有 不是 就是 还是 但是
    可是 而且 并且 因为 所以 如果 虽然 然后 以及 或者 还有 其中 之后 之前 以后 以前 以上 以下
    非常 十分 特别 比较 严重 一下 一次 无法 不能 可以 需要 应该 能够 导致 造成 认为 表示 告知
    谢谢 感谢 麻烦 您好 你好 热线 电话 号码 12328 工单 来电人 诉求人 具体 地点 位于 附近
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z]")  # a word with no letter or hanzi is not a topic


@lru_cache(maxsize=1)
def _jieba():
    """jieba with its dictionary loaded once per process and its start-up chatter silenced."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokens(text: str) -> tuple[str, ...]:
    """The words of a complaint that may name its topic, in order."""
    out = []
    for word in _jieba().lcut(text or ""):
        word = word.strip()
        if len(word) < 2 or word in STOP_WORDS or not _KEEP.search(word):
            continue
        out.append(word)
    return tuple(out)


@dataclass(frozen=True)
class Text:
    """One complaint as the grouping sees it: an id, its month ("YYYY-MM") and its words."""

    key: int
    month: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    words: tuple[str, ...]  # the words most of the group's texts share, heaviest first
    keys: tuple[int, ...]  # the month's texts in the group, most typical first
    trend: tuple[
        tuple[str, int], ...
    ]  # (earlier month, texts that would have joined), oldest first

    @property
    def count(self) -> int:
        return len(self.keys)


Vector = dict[str, float]


def tf_idf(texts: Sequence[Text]) -> dict[int, Vector]:
    """Each text's TF-IDF vector, normalised to length 1: tf = count / words in the text,
    idf = ln((1 + N) / (1 + df)) + 1 (smoothed, so a word in every text still counts a little)."""
    n = len(texts)
    df = Counter(w for t in texts for w in set(t.words))
    out = {}
    for t in texts:
        counts = Counter(t.words)
        total = sum(counts.values()) or 1
        vec = {w: (c / total) * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in counts.items()}
        out[t.key] = _unit(vec)
    return out


def _unit(vec: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _add(into: Vector, vec: Vector) -> None:
    for w, v in vec.items():
        into[w] = into.get(w, 0.0) + v


def hot_spots(
    texts: Iterable[Text],
    month: str,
    *,
    threshold: float = 0.2,
    min_size: int = 2,
    top_words: int = 3,
    limit: int = 10,
) -> list[Topic]:
    """The month's topics with at least `min_size` texts, largest first (ties: heavier centre,
    then words), at most `limit`; texts of other months only feed the IDF and the trend."""
    texts = [t for t in texts if t.words]
    vectors = tf_idf(texts)
    current = sorted((t for t in texts if t.month == month), key=lambda t: t.key)
    sums: list[Vector] = []
    members: list[list[int]] = []
    for t in current:
        vec = vectors[t.key]
        best, best_score = None, threshold
        for i, total in enumerate(sums):
            score = cosine(vec, _unit(total))
            if score >= best_score:
                best, best_score = i, score
        if best is None:
            sums.append(dict(vec))
            members.append([t.key])
        else:
            _add(sums[best], vec)
            members[best].append(t.key)
    earlier = sorted({t.month for t in texts if t.month < month})
    topics = []
    for total, keys in zip(sums, members, strict=True):
        if len(keys) < min_size:
            continue
        centre = _unit(total)
        spread = Counter(w for k in keys for w in vectors[k])
        words = tuple(sorted(centre, key=lambda w: (-spread[w], -centre[w], w))[:top_words])
        typical = tuple(sorted(keys, key=lambda k: (-cosine(vectors[k], centre), k)))
        joined = defaultdict(int)
        for t in texts:
            if t.month < month and cosine(vectors[t.key], centre) >= threshold:
                joined[t.month] += 1
        trend = tuple((m, joined[m]) for m in earlier)
        topics.append((len(keys), sum(total.values()), words, typical, trend))
    topics.sort(key=lambda x: (-x[0], -x[1], x[2]))
    return [Topic(words=w, keys=k, trend=tr) for _, _, w, k, tr in topics[:limit]]


def trend_direction(topic: Topic) -> str:
    """ "up", "down", "flat" or "new": this month against the mean of the earlier months."""
    if not topic.trend:
        return "new"
    before = [c for _, c in topic.trend]
    if not any(before):
        return "new"
    mean = sum(before) / len(before)
    if topic.count > mean * 1.2:
        return "up"
    if topic.count < mean * 0.8:
        return "down"
    return "flat"
