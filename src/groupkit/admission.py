"""Admission: who may join a group, how fast it fills, when it is full, and who guides each newcomer.

An `Admission` decides for one applicant at a time: the `threshold` rule first (judged on the
applicant's own events, with the same metrics and rules as members), then the group's capacity,
then the pace of joins, and for an admitted applicant a mentor (老带新).

>>> from datetime import datetime, timedelta, timezone
>>> from groupkit.facts import Community, Event, Kind, Member, Purpose, Stage
>>> from groupkit.metrics import count
>>> now = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
>>> brand = Community("fans", Purpose.PRODUCT, Stage.GROWTH, 200, [Member("owner", now - timedelta(days=90))], [])
>>> customers = Admission(threshold=count(Kind.PURCHASE) >= 2, capacity=200)
>>> zoe = Member("zoe", now)
>>> bought = [Event("zoe", Kind.PURCHASE, now - timedelta(days=d), value=399) for d in (40, 3)]
>>> customers.decide(brand, zoe, bought, now).outcome
'admit'
>>> print(customers.decide(brand, zoe, bought[:1], now))
refuse: threshold: purchases in total = 1 < 2 ✗
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import attrs

from groupkit import _checks, _durations
from groupkit.facts import Community, Event, Kind, Member
from groupkit.i18n import Lang, Text, duration, word
from groupkit.rules import Always, Predicate, Verdict, always
from groupkit.views import View

__all__ = ["Admission", "AdmissionDecision", "Mentoring", "Outcome", "Pacing", "SizeClass", "size_class"]

Outcome = Literal["admit", "wait", "refuse"]
SizeClass = Literal["small", "medium", "large", "oversize"]


def _positive_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise TypeError(f"{attribute.name}: expected an int, got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{attribute.name}: expected a positive number, got {value}")


def _optional_positive_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _positive_int(instance, attribute, value)


def _flag(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name}: expected True or False, got {type(value).__name__}")


def _optional(kind: type) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, kind):
            raise TypeError(f"{attribute.name}: expected a {kind.__name__} or None, got {type(value).__name__}")

    return check


def size_class(capacity: int) -> SizeClass:
    """The operators' class of a group of `capacity` members: small, medium, large or oversize.

    Small groups stay under 40, medium under 100, large under 200; 200 and more is oversize.

    >>> [size_class(n) for n in (39, 40, 99, 100, 199, 200)]
    ['small', 'medium', 'medium', 'large', 'large', 'oversize']
    """
    if type(capacity) is not int:
        raise TypeError(f"capacity: expected an int, got {type(capacity).__name__}")
    if capacity < 0:
        raise ValueError(f"capacity: must not be negative, got {capacity}")
    if capacity < 40:
        return "small"
    if capacity < 100:
        return "medium"
    return "large" if capacity < 200 else "oversize"


@attrs.frozen
class Pacing:
    """A steady pace of new members: at most `max_joins` joins in any window of length `per`.

    >>> Pacing(20, timedelta(days=1))
    Pacing(max_joins=20, per=datetime.timedelta(days=1))
    """

    max_joins: int = attrs.field(validator=_positive_int)
    per: timedelta = attrs.field(validator=_durations.required)


@attrs.frozen
class Mentoring:
    """A veteran for each newcomer: an `eligible` member with fewer than `max_mentees` current mentees.

    A mentor's current mentees are the newcomers last assigned to them (events of kind
    `Kind.MENTOR`: `member_id` the mentor, `target` the newcomer) within `period` before now, and
    still members. With `match_tags`, mentors who share more tags with the applicant come first;
    then those with the fewest current mentees; ties go to the smallest id.

    >>> from groupkit.rules import has_tag
    >>> Mentoring(has_tag("veteran"), 3).period
    datetime.timedelta(days=30)
    """

    eligible: Predicate = attrs.field(validator=_checks.predicate)
    max_mentees: int = attrs.field(validator=_positive_int)
    match_tags: bool = attrs.field(default=True, validator=_flag)
    period: timedelta = attrs.field(default=timedelta(days=30), validator=_durations.required)


def _verdicts(values: Iterable[Verdict]) -> tuple[Verdict, ...]:
    verdicts = tuple(values)
    for i, verdict in enumerate(verdicts):
        if not isinstance(verdict, Verdict):
            raise TypeError(f"reasons[{i}]: expected a Verdict, got {type(verdict).__name__}")
    return verdicts


@attrs.frozen
class AdmissionDecision:
    """What `Admission.decide` answers: the `outcome`, the `reasons`, a mentor and when to try again.

    `outcome` is ``"admit"``, ``"wait"`` (the pace of joins, with `retry_at` the moment a place
    frees; or a full group, with `retry_at` None: open a new group) or ``"refuse"`` (the threshold
    fails). `mentor_id` is the mentor chosen for an admitted applicant, None when there is none.
    """

    outcome: Outcome = attrs.field(validator=attrs.validators.in_(("admit", "wait", "refuse")))
    reasons: tuple[Verdict, ...] = attrs.field(converter=_verdicts)
    mentor_id: str | None = None
    retry_at: datetime | None = None

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The decision and its reasons in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        if lang == "zh":
            extra = f"（导师「{self.mentor_id}」）" if self.mentor_id else ""
            extra += f"（{self.retry_at.isoformat()} 后再试）" if self.retry_at else ""
            outcome = {"admit": "同意入群", "wait": "请稍后", "refuse": "拒绝"}[self.outcome]
            return f"{outcome}{extra}：" + "；".join(v.render("zh") for v in self.reasons)
        extra = f" (mentor {self.mentor_id!r})" if self.mentor_id else ""
        extra += f" (retry at {self.retry_at.isoformat()})" if self.retry_at else ""
        return f"{self.outcome}{extra}: " + "; ".join(v.render(lang) for v in self.reasons)


def _note(holds: bool, text: Text, title: str, observed: Any = None, threshold: Any = None) -> Verdict:
    return Verdict(always(), holds, text.en, observed, threshold, title=title, zh=text.zh)


def _joins(count: int) -> str:
    return f"{count} join" + ("" if count == 1 else "s")


@attrs.frozen
class Admission:
    """Entry rules: a `threshold` for applicants, a `pacing` of joins, a `capacity` and a `mentor`.

    The group's limit is the smaller of `capacity` and the community's own capacity (None: no limit).

    >>> from groupkit.metrics import count
    >>> Admission(count("purchase") >= 2, Pacing(10, timedelta(days=1)), capacity=200).threshold
    count('purchase') >= 2
    """

    threshold: Predicate = attrs.field(factory=always, validator=_checks.predicate)
    pacing: Pacing | None = attrs.field(default=None, validator=_optional(Pacing))
    capacity: int | None = attrs.field(default=None, validator=_optional_positive_int)
    mentor: Mentoring | None = attrs.field(default=None, validator=_optional(Mentoring))

    def decide(self, community: Community, applicant: Member, history: Iterable[Event], now: datetime) -> AdmissionDecision:
        """Admit, keep waiting or refuse `applicant`, judged on `history` (their own events) as of `now`.

        In order: the threshold (fails: "refuse"), the capacity (full: "wait", no `retry_at`), the
        pacing (as many joins as allowed in ``(now - per, now]``: "wait" until the oldest of
        them that must leave the window has left it), then "admit" with a mentor when `mentor` is set
        (none free: still "admit", with `mentor_id` None and a reason saying so). The threshold is
        judged on a community made of the applicant alone with their `history`, so figures of the
        whole community (percentiles, community counts) see only the applicant.
        """
        events = _check(community, applicant, history, now)
        alone = Community(community.id, community.purpose, community.stage, community.capacity,
                          [applicant], events, community.timezone)
        verdict = View(alone, now).explain(self.threshold, applicant.id)
        verdict = attrs.evolve(verdict, title="threshold")
        if isinstance(self.threshold, Always):  # no threshold: say so
            verdict = attrs.evolve(verdict, zh="无")
        if not verdict.holds:
            return AdmissionDecision("refuse", (verdict,))
        group = View(community, now)
        reasons = [verdict]
        full = self._capacity(community, len(group.members))
        if full is not None:
            reasons.append(full)
            if not full.holds:
                return AdmissionDecision("wait", reasons)
        if self.pacing is not None:
            paced, retry_at = _pace(self.pacing, group, now)
            reasons.append(paced)
            if retry_at is not None:
                return AdmissionDecision("wait", reasons, retry_at=retry_at)
        mentor_id = None
        if self.mentor is not None:
            mentor_id, chosen = _mentor(self.mentor, group, applicant)
            reasons.append(chosen)
        return AdmissionDecision("admit", reasons, mentor_id)

    def _capacity(self, community: Community, members: int) -> Verdict | None:
        limits = [limit for limit in (self.capacity, community.capacity) if limit is not None]
        if not limits:
            return None
        limit = min(limits)
        taken = f"{members} of {limit} places taken"
        if members < limit:
            return _note(True, Text(taken, f"已有{members}人，上限{limit}人"), "capacity", members, limit)
        size = size_class(limit)
        return _note(False, Text(f"the {size} group is full ({taken}): open a new group",
                                 f"{word(size, 'zh')}群已满（{members}/{limit}）：请新开一个群"), "capacity", members, limit)


def _check(community: Community, applicant: Member, history: Iterable[Event], now: datetime) -> tuple[Event, ...]:
    """The applicant's history as a tuple, once the arguments are known to fit together."""
    if not isinstance(community, Community):
        raise TypeError(f"community: expected a groupkit Community, got {type(community).__name__}")
    if not isinstance(applicant, Member):
        raise TypeError(f"applicant: expected a groupkit Member, got {type(applicant).__name__}")
    if not isinstance(now, datetime):
        raise TypeError(f"now: expected a datetime, got {type(now).__name__}")
    if now.utcoffset() is None:
        raise ValueError(f"now: expected a timezone-aware datetime, got naive {now}")
    if any(member.id == applicant.id for member in community.members):
        raise ValueError(f"applicant: {applicant.id!r} is already a member of {community.id!r}")
    if applicant.joined_at > now:
        raise ValueError(
            f"applicant.joined_at: expected a moment no later than now ({now.isoformat()}), "
            f"got {applicant.joined_at.isoformat()}"
        )
    if isinstance(history, (str, bytes, Event)) or not isinstance(history, Iterable):
        raise TypeError(f"history: expected a sequence of Event, got {type(history).__name__}")
    events = tuple(history)
    ids: set[str] = set()
    for i, event in enumerate(events):
        if not isinstance(event, Event):
            raise TypeError(f"history[{i}]: expected an Event, got {type(event).__name__}")
        if event.member_id != applicant.id:
            raise ValueError(
                f"history[{i}].member_id: expected the applicant's own events ({applicant.id!r}), "
                f"got an event of {event.member_id!r}"
            )
        if event.id is not None:
            if event.id in ids:
                raise ValueError(f"history[{i}].id: duplicate event id {event.id!r}")
            ids.add(event.id)
    return events


def _pace(pacing: Pacing, group: View, now: datetime) -> tuple[Verdict, datetime | None]:
    """The pacing verdict, and when the applicant may try again (None: now is fine)."""
    start = now.astimezone(UTC) - pacing.per  # durations are elapsed time, across clock changes too
    joined = sorted(member.joined_at for member in group.members if member.joined_at > start)
    window = _durations.label(pacing.per)
    if len(joined) < pacing.max_joins:
        text = Text(f"{_joins(len(joined))} in the last {window}, under the {pacing.max_joins} allowed",
                    f"近{duration(pacing.per, 'zh')}入群{len(joined)}人，未超过{pacing.max_joins}人")
        return _note(True, text, "pacing", len(joined), pacing.max_joins), None
    # a place frees when all but max_joins - 1 of the joins in the window have left it
    leaves = joined[len(joined) - pacing.max_joins]
    retry_at = (leaves.astimezone(UTC) + pacing.per).astimezone(now.tzinfo)
    text = Text(f"{_joins(len(joined))} in the last {window}, the most allowed is {pacing.max_joins}: "
                f"a place frees at {retry_at.isoformat()}",
                f"近{duration(pacing.per, 'zh')}入群{len(joined)}人，最多{pacing.max_joins}人："
                f"{retry_at.isoformat()} 后可再加人")
    return _note(False, text, "pacing", len(joined), pacing.max_joins), retry_at


def _mentor(mentoring: Mentoring, group: View, applicant: Member) -> tuple[str | None, Verdict]:
    """The mentor for `applicant` (None when no eligible member is free), and the reason."""
    start = group.now.astimezone(UTC) - mentoring.period
    assigned: dict[str, str] = {}  # newcomer -> mentor; a later assignment replaces an earlier one
    for event in sorted((e for e in group.of_kind(Kind.MENTOR) if start < e.at <= group.now), key=lambda e: e.at):
        if event.target is not None:
            assigned[event.target] = event.member_id
    load: dict[str, int] = {}
    for newcomer, mentor in assigned.items():
        if newcomer in group.everyone:
            load[mentor] = load.get(mentor, 0) + 1
    eligible = group.test(mentoring.eligible)
    free = [m for m in group.members if eligible[m.id] and load.get(m.id, 0) < mentoring.max_mentees]
    if not free:
        text = f"no eligible member has fewer than {mentoring.max_mentees} current mentees"
        zh = f"没有带新人少于{mentoring.max_mentees}位的合格老成员"
        return None, Verdict(mentoring.eligible, False, text, title="mentor", zh=zh)

    def shared(member: Member) -> int:
        return len(member.tags & applicant.tags) if mentoring.match_tags else 0

    best = min(free, key=lambda m: (-shared(m), load.get(m.id, 0), m.id))
    mentees = load.get(best.id, 0)
    text = f"{best.id!r}, with {mentees} of {mentoring.max_mentees} current mentees"
    zh = f"「{best.id}」，当前带新人{mentees}位（最多{mentoring.max_mentees}位）"
    if mentoring.match_tags:
        tags = sorted(best.tags & applicant.tags)
        text += f", sharing tags {', '.join(map(repr, tags))}" if tags else ", sharing no tags"
        zh += f"，共同标签 {'、'.join(tags)}" if tags else "，没有共同标签"
    why = group.explain(mentoring.eligible, best.id)
    return best.id, Verdict(mentoring.eligible, True, text, mentees, mentoring.max_mentees, (why,), "mentor", zh)
