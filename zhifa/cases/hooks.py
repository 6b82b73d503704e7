"""What the apps built on cases (evidence, measures) tell the cases app, without the cases app
importing them: each registers its counters and step effects in its `AppConfig.ready`.

- `count("evidence", case)`: evidence items of the case (0 while no app registered one);
- `count("active_measures", case)`: preservations, seals and seizures still running;
- `run("release_measures", case, ...)`: a step that ends the case lifts its measures
  (ACL Art. 28; TEPP Arts. 59, 123);
- `run("hand_over_property", case, ...)`: a case transferred to the judiciary takes its property
  along (ACL Art. 21);
- `run("publish_decision", case, actor=, as_of=)`: the publish_decision step makes the public,
  masked copy (disclosure app; APL Art. 48, TEPP Art. 79);
- `run("violation_decided", case, code=..., as_of=...)`: a decision that establishes the violation
  enters the national index (violations app; APL Art. 33 首违不罚);
- `ask("first_violation", case, actor=..., as_of=...)`: the derived first-violation fact, or None
  when it cannot be looked up (violations app);
- `ask("recording_satisfied", case, act=...)`: is the act's audio-video record attached (evidence
  app; legal.md §B.4); `ask("require_recording", case, act=...)` raises the evidence app's
  RecordingRequired when a mandatory record is missing;
- `ask("recordings_of_act", case, act=..., after=..., until=..., exclude=...)`: the ids of the
  recordings of one occurrence of a repeated act (recorded after the previous occurrence, not
  used by it) — a resumed compulsory execution is filmed anew (evidence app; T4 §三(八)).

A question nobody answers fails closed: `ask` raises `NotAnswered` unless the caller gives a
`default`, so a missing app never lets a mandatory check pass silently.

A test (zhifa/web/tests/test_import_graph.py) fails when a domain module imports upwards again.
"""

from collections.abc import Callable

_COUNTERS: dict[str, list[Callable]] = {}
_EFFECTS: dict[str, list[Callable]] = {}
_ANSWERS: dict[str, Callable] = {}
_NO_DEFAULT = object()


class NotAnswered(RuntimeError):
    """No installed app answers this question (a deployment error, never the user's)."""


def register_counter(what: str, counter: Callable) -> Callable:
    """`counter(case) -> int`; registering the same function twice counts it once."""
    counters = _COUNTERS.setdefault(what, [])
    if counter not in counters:
        counters.append(counter)
    return counter


def register_effect(what: str, effect: Callable) -> Callable:
    """`effect(case, **kwargs)`, run inside the step's transaction."""
    effects = _EFFECTS.setdefault(what, [])
    if effect not in effects:
        effects.append(effect)
    return effect


def count(what: str, case) -> int:
    return sum(counter(case) for counter in _COUNTERS.get(what, ()))


def run(what: str, case, **kwargs) -> None:
    for effect in _EFFECTS.get(what, ()):
        effect(case, **kwargs)


def register_answer(what: str, answer: Callable) -> Callable:
    """`answer(case, **kwargs) -> value`; one app answers each question (the last one registered)."""
    _ANSWERS[what] = answer
    return answer


def ask(what: str, case, *, default=_NO_DEFAULT, **kwargs):
    answer = _ANSWERS.get(what)
    if answer is None:
        if default is _NO_DEFAULT:
            raise NotAnswered(f"no app answers {what!r}")
        return default
    return answer(case, **kwargs)
