"""Health: the condition of a whole community in one record, with the symptoms that drive members away.

`measure` reads a `View` and returns a `Health`: active shares, stickiness, newcomer activation,
answered questions, ads, how evenly people talk, joins and leaves, and `flags` naming what an
operator should look at. Every threshold has a default in `Thresholds`; override any of them by name.

>>> from datetime import datetime, timedelta, timezone
>>> from groupkit.facts import Community, Event, Member, Purpose, Stage
>>> from groupkit.views import view
>>> now = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
>>> ann, bo = Member("ann", now - timedelta(days=90)), Member("bo", now - timedelta(days=2))
>>> asked = Event("bo", "question", now - timedelta(hours=30), id="q1")
>>> answer = Event("ann", "answer", now - timedelta(hours=28), reply_to="q1")
>>> club = Community("club", Purpose.SUPPORT, Stage.GROWTH, 100, [ann, bo], [asked, answer])
>>> health = measure(view(club, now=now))
>>> health.question_response_rate, health.median_time_to_first_answer, health.joins, health.flags
(1.0, datetime.timedelta(seconds=7200), 1, ())
>>> print(measure(view(club, now=now), max_silence=timedelta(hours=12)).flags[0])
long_silence: the longest silence in the last 30 days lasted 28.0 hours (2026-03-09 08:00 to now), at least 12 hours
"""

from __future__ import annotations

import functools
import operator
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import compress, islice
from typing import TYPE_CHECKING, Any

import attrs

from groupkit import _durations, i18n
from groupkit._frozen import is_finite_number
from groupkit.facts import Event, Kind
from groupkit.i18n import Lang, _lang, duration

if TYPE_CHECKING:
    from groupkit.views import View

__all__ = ["DEFAULTS", "POSTS", "Flag", "Health", "Thresholds", "measure"]

POSTS: frozenset[str] = frozenset(
    str(kind)
    for kind in (Kind.MESSAGE, Kind.REPLY, Kind.QUESTION, Kind.ANSWER, Kind.SHARE, Kind.IMAGE, Kind.LINK,
                 Kind.VOICE, Kind.VIDEO)
)
"""The event kinds that count as posting a message: what members say or put into the group."""

# Plain strings: reading a member of an enum class costs a descriptor call on every comparison.
_QUESTION, _JOIN, _LEAVE = str(Kind.QUESTION), str(Kind.JOIN), str(Kind.LEAVE)
_ANSWERS = frozenset({str(Kind.ANSWER), str(Kind.REPLY)})
_COUNTED = frozenset({_QUESTION, _JOIN, _LEAVE}) | _ANSWERS
_ZERO = timedelta(0)


# -- thresholds ------------------------------------------------------------------------------------


def _duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, timedelta):
        raise TypeError(f"{attribute.name}: expected a timedelta, got {type(value).__name__}")
    if value <= _ZERO:
        raise ValueError(f"{attribute.name}: expected a positive duration, got {value}")


def _share(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not is_finite_number(value):
        raise TypeError(f"{attribute.name}: expected a share between 0 and 1, got {value!r}")
    if not 0 <= value <= 1:  # type: ignore[operator]
        raise ValueError(f"{attribute.name}: expected a share between 0 and 1, got {value!r}")


def _count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise TypeError(f"{attribute.name}: expected an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{attribute.name}: must not be negative, got {value}")


def _kinds(value: object) -> frozenset[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"posts: expected a collection of event kinds, got {type(value).__name__}")
    kinds = frozenset(value)
    for kind in kinds:
        if not isinstance(kind, str) or not kind:
            raise ValueError(f"posts: expected non-empty event kinds, got {kind!r}")
    return frozenset(map(str.__str__, kinds))


@attrs.frozen
class Thresholds:
    """The periods `measure` looks at and the limits past which it raises a flag.

    Every field has a default; change any of them by name.

    >>> Thresholds(window=timedelta(days=28)).window.days
    28

    Periods:

    - `window` (30 days): the period `(now - window, now]` most figures cover; see `Health`.
    - `active_recent` (7 days): the shorter period of `Health.active_share_7d`.
    - `newcomer_grace` (7 days): a newcomer is activated by posting within this time of joining.
    - `unanswered_after` (24 hours): a question still unanswered when older than this counts in
      `Health.unanswered_questions`.
    - `posts` (`POSTS`: message, reply, question, answer, share, image, link, voice, video): the
      event kinds that count as posting a message (for ads, newcomers, top decile and Gini).

    Flags (see `Health.flags`):

    - `max_ad_share` (0.05): ``unmanaged_ads`` when `ad_share` is above it.
    - `max_unanswered` (0): ``unanswered_questions`` when more questions than this are unanswered…
    - `min_response_rate` (0.5): …or when questions were asked and a smaller share was answered.
    - `max_silence` (3 days): ``long_silence`` when nobody posted or did anything for this long
      within the window…
    - `min_active_share` (0.1): …or when the community has members and a smaller share of them
      was active in the last `active_recent`.
    - `max_top_decile_share` (0.5): ``one_voice_dominates`` when the top 10% of posters wrote more
      than this share of the messages.
    """

    window: timedelta = attrs.field(default=timedelta(days=30), validator=_duration)
    active_recent: timedelta = attrs.field(default=timedelta(days=7), validator=_duration)
    newcomer_grace: timedelta = attrs.field(default=timedelta(days=7), validator=_duration)
    unanswered_after: timedelta = attrs.field(default=timedelta(hours=24), validator=_duration)
    posts: frozenset[str] = attrs.field(default=POSTS, converter=_kinds)
    max_ad_share: float = attrs.field(default=0.05, validator=_share)
    max_unanswered: int = attrs.field(default=0, validator=_count)
    min_response_rate: float = attrs.field(default=0.5, validator=_share)
    max_silence: timedelta = attrs.field(default=timedelta(days=3), validator=_duration)
    min_active_share: float = attrs.field(default=0.1, validator=_share)
    max_top_decile_share: float = attrs.field(default=0.5, validator=_share)


DEFAULTS = Thresholds()
"""The thresholds `measure` uses unless told otherwise."""


# -- the record ------------------------------------------------------------------------------------


@attrs.frozen
class Flag:
    """A symptom of a community that members leave, with the reason in words: `reason` in English,
    `zh` in Chinese.

    Names: ``unmanaged_ads``, ``unanswered_questions``, ``long_silence``, ``one_voice_dominates``.

    >>> flag = Flag("unmanaged_ads", "3 of 20 messages in the last 30 days were ads (15%), above 5%",
    ...             "近30天20条消息中有3条是广告（15%），超过5%")
    >>> print(flag)
    unmanaged_ads: 3 of 20 messages in the last 30 days were ads (15%), above 5%
    >>> print(flag.render("zh"))
    广告无人管理：近30天20条消息中有3条是广告（15%），超过5%
    """

    name: str
    reason: str
    zh: str = attrs.field(default="", eq=False)  # the same reason, worded

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The flag and its reason in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        if _lang(lang) == "zh":
            return f"{i18n.flag(self.name, 'zh')}：{self.zh or self.reason}"
        return f"{self.name}: {self.reason}"


@attrs.frozen
class Health:
    """The condition of a community as of a view's `now`, as figures and flags.

    Periods are half-open, ``(now - period, now]``; "the window" is `Thresholds.window` (30 days)
    and "the recent period" `Thresholds.active_recent` (7 days). A "member" is a member of the view
    (joined by `now`); a "post" is an event of a kind in `Thresholds.posts`. A share whose
    denominator is 0 is 0.0; every share lies in [0, 1].

    - `members`: how many members the view has.
    - `active_share_7d`: members with any event (of any kind) in the recent period ÷ members.
    - `active_share_30d`: members with any event in the window ÷ members.
    - `stickiness`: mean daily actives ÷ monthly actives. The days are the calendar days (in the
      community's timezone) the window touches, from the day of its start to today (31 for a
      30-day window, counting the partial first and last days); a day's actives are the members
      with an event on that day within the window; monthly actives are the members active in the
      window. 1.0 means every member active in the window was active every day.
    - `newcomer_activation`: of the members who joined within the window, the share with a post
      at or after joining and at most `newcomer_grace` later. Newcomers still inside their grace
      who have not posted yet count as not activated (yet).
    - `question_response_rate`: of the questions (events of kind ``question``, by anyone) asked in
      the window, the share answered: some event of kind ``answer`` or ``reply`` whose `reply_to`
      is the question's id, by someone other than the asker (former members count), at or after
      the question and by `now`. A question without an id cannot be answered.
    - `median_time_to_first_answer`: over the answered questions of the window, the median time
      from the question to its earliest answer (the mean of the middle two for an even count);
      None when no question was answered.
    - `unanswered_questions`: questions asked in the window, older than `unanswered_after`
      (strictly), with no answer by `now`.
    - `ad_share`: posts in the window (by anyone) whose `data["ad"]` is ``True`` ÷ posts in the
      window (by anyone).
    - `top_decile_share`: of the members' posts in the window, the share written by the top 10% of
      posting members: the ``ceil(posters / 10)`` members with the most posts (ties cannot change
      the share).
    - `gini`: the Gini coefficient of the members' post counts in the window, silent members
      included as zeros: 0 when all post equally (or nobody posted), ``(n - 1) / n`` when one of
      `members` wrote everything.
    - `joins`: people who joined in the window: for each person, their ``join`` events in the
      window, or 1 if they have none there but are a member whose `joined_at` falls in the window
      (hosts need not record ``join`` events; people who joined and left again count by their
      ``join`` events).
    - `leaves`: ``leave`` events in the window, by anyone.
    - `net_growth`: ``joins - leaves``.
    - `flags`: the symptoms found, each at most once, in this order: ``unmanaged_ads``,
      ``unanswered_questions``, ``long_silence`` (the longest stretch in the window with no
      event from anyone — between two events, or from the last one to `now`, or from the window's
      start to its first event when the community had events before the window, or the whole
      window when it had none — reached `max_silence`, or the community has members and fewer
      than `min_active_share` of them were active in the recent period), ``one_voice_dominates``.
      See `Thresholds` for the limits.

    >>> from datetime import datetime, timezone
    >>> from groupkit.facts import Community, Purpose, Stage
    >>> from groupkit.views import view
    >>> empty = Community("c", Purpose.SUPPORT, Stage.LAUNCH, None, [], [])
    >>> health = measure(view(empty, now=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    >>> health.members, health.stickiness, health.median_time_to_first_answer, [f.name for f in health.flags]
    (0, 0.0, None, ['long_silence'])
    """

    members: int
    active_share_7d: float
    active_share_30d: float
    stickiness: float
    newcomer_activation: float
    question_response_rate: float
    median_time_to_first_answer: timedelta | None
    unanswered_questions: int
    ad_share: float
    top_decile_share: float
    gini: float
    joins: int
    leaves: int
    net_growth: int
    flags: tuple[Flag, ...] = ()


# -- measuring -------------------------------------------------------------------------------------


def _percent(share: float) -> str:
    percent = share * 100
    return f"{percent:.0f}%" if abs(percent - round(percent)) < 1e-9 else f"{percent:.1f}%"


def _span(duration: timedelta) -> str:
    text = _durations.label(duration)
    return text if text[0].isdigit() else f"1 {text}"


def _length(span: timedelta, lang: Lang = "en") -> str:
    hours = span / timedelta(hours=1)
    if lang == "zh":  # 10天, 3.5小时
        return f"{hours:.1f}".removesuffix(".0") + "小时" if hours < 48 else f"{hours / 24:.1f}".removesuffix(".0") + "天"
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _median(delays: list[timedelta]) -> timedelta | None:
    if not delays:
        return None
    delays.sort()
    middle = len(delays) // 2
    return delays[middle] if len(delays) % 2 else (delays[middle - 1] + delays[middle]) / 2


def measure(view: View, thresholds: Thresholds = DEFAULTS, /, **changes: Any) -> Health:
    """The health of the community in `view`; `changes` override fields of `thresholds` by name.

    >>> from groupkit import synthetic
    >>> from groupkit.views import view
    >>> today = view(synthetic.community(seed=2, members=60), now=synthetic.DEFAULT_NOW)
    >>> health = measure(today, max_ad_share=0.2)
    >>> health.members, 0 <= health.stickiness <= 1, "unmanaged_ads" in [flag.name for flag in health.flags]
    (60, True, False)
    >>> measure(today, Thresholds(window=timedelta(days=7))).joins <= measure(today).joins
    True
    """
    return _measurement(view, thresholds, **changes).health()


def _measurement(view: View, thresholds: Thresholds = DEFAULTS, /, **changes: Any) -> _Measurement:
    """The measurement behind `measure`, whose passes run when a figure or flag first needs them
    (views keep one per thresholds; community plays ask it for single figures and flags)."""
    if not isinstance(thresholds, Thresholds):
        raise TypeError(f"thresholds: expected groupkit.health.Thresholds, got {type(thresholds).__name__}")
    if changes:
        unknown = sorted(set(changes) - {field.name for field in attrs.fields(Thresholds)})
        if unknown:
            names = ", ".join(field.name for field in attrs.fields(Thresholds))
            raise TypeError(f"unknown health thresholds {', '.join(unknown)}; expected some of {names}")
        thresholds = attrs.evolve(thresholds, **changes)
    return _Measurement(view, thresholds)


class _Measurement:
    """One evaluation of `measure`: a few tight passes over the window's events, in time order.

    Each pass touches only the events it needs (posts, or the rarer questions, answers, joins and
    leaves); calendar days come from the view's time-ordered events cut at local midnights, so no
    event's time is converted to a date.
    """

    def __init__(self, view: View, thresholds: Thresholds) -> None:
        self.view = view
        self.limits = thresholds
        self.now = view.now
        self.start = view.now - thresholds.window
        timeline = view.timeline
        self.timeline = timeline
        self.ats = timeline.ats
        self.ids = timeline.member_ids
        self.first = timeline.since(self.start)
        self.recent = timeline.since(view.now - thresholds.active_recent)

    # the passes, each made when first needed: a play that asks one flag does not pay for all of them

    @functools.cached_property
    def days(self) -> list[tuple[int, int]]:
        return list(self.view.days(self.timeline, self.first))

    @functools.cached_property
    def posts(self) -> list[Event]:
        posts = self.limits.posts
        return [event for event in self.timeline.events[self.first :] if event.kind in posts]

    @functools.cached_property
    def authors(self) -> list[str]:
        return [event.member_id for event in self.posts]

    @functools.cached_property
    def counted(self) -> list[Event]:
        return [event for event in self.timeline.events[self.first :] if event.kind in _COUNTED]

    @functools.cached_property
    def joined(self) -> dict[str, datetime]:
        return {member.id: member.joined_at for member in self.view.members if member.joined_at > self.start}

    @functools.cached_property
    def active_recent(self) -> int:
        return len(self.view.everyone.intersection(self.ids[self.recent :]))

    def figure(self, name: str) -> Any:
        """One figure of the health; the cheap ones without measuring the rest."""
        if name == "members":
            return len(self.view.members)
        if name == "active_share_7d":
            return _ratio(self.active_recent, len(self.view.members))
        return getattr(self.measured, name)

    def flag(self, name: str) -> Flag | None:
        """One flag, if raised; ``long_silence`` without measuring the rest."""
        if name == "long_silence":
            return self._long_silence(len(self.view.members), self.active_recent)
        return next((flag for flag in self.measured.flags if flag.name == name), None)

    @functools.cached_property
    def measured(self) -> Health:
        return self.health()

    def health(self) -> Health:
        view = self.view
        members = len(view.members)
        counts = _Counts(members=members, active_recent=self.active_recent)
        counts.active, stickiness = self._activity()
        counts.questions, delays, unanswered, joins, leaves = self._counted()
        counts.answered = len(delays)
        counts.posts = len(self.posts)
        counts.ads = sum(1 for event in self.posts if event.data and event.data.get("ad") is True)
        top_decile_share, gini = self._voices(members)
        figures = Health(
            members=members,
            active_share_7d=_ratio(counts.active_recent, members),
            active_share_30d=_ratio(counts.active, members),
            stickiness=stickiness,
            newcomer_activation=self._newcomers(),
            question_response_rate=_ratio(counts.answered, counts.questions),
            median_time_to_first_answer=_median(delays),
            unanswered_questions=unanswered,
            ad_share=_ratio(counts.ads, counts.posts),
            top_decile_share=top_decile_share,
            gini=gini,
            joins=joins,
            leaves=leaves,
            net_growth=joins - leaves,
        )
        return attrs.evolve(figures, flags=tuple(self._flags(figures, counts)))

    def _activity(self) -> tuple[int, float]:
        """Members active in the window, and stickiness."""
        view, ids, everyone = self.view, self.ids, self.view.everyone
        active: set[str] = set()
        daily = 0
        for first, end in self.days:
            today = everyone.intersection(ids[first:end])
            daily += len(today)
            active |= today
        days = (view.day_of(self.now) - view.day_of(self.start)).days + 1
        stickiness = min(1.0, daily / (days * len(active))) if active else 0.0
        return len(active), stickiness

    def _counted(self) -> tuple[int, list[timedelta], int, int, int]:
        """Questions asked, the delay to each answered one's first answer, overdue questions, joins, leaves."""
        asked: dict[str, Event] = {}
        questions: list[Event] = []
        answers: list[Event] = []
        join_events: Counter[str] = Counter()
        leaves = 0
        for event in self.counted:
            kind = event.kind
            if kind == _QUESTION:
                questions.append(event)
                if event.id is not None:
                    asked[event.id] = event
            elif kind == _JOIN:
                join_events[event.member_id] += 1
            elif kind == _LEAVE:
                leaves += 1
            elif event.reply_to is not None:
                answers.append(event)
        first: dict[str, timedelta] = {}
        for answer in answers:
            question_id = answer.reply_to or ""  # never None here; "" is no event's id
            question = asked.get(question_id)
            if question is None or answer.member_id == question.member_id:
                continue
            delay = answer.at - question.at
            if delay >= _ZERO:
                known = first.get(question_id)
                if known is None or delay < known:
                    first[question_id] = delay
        overdue = self.now - self.limits.unanswered_after
        unanswered = sum(1 for q in questions if q.at < overdue and (q.id is None or q.id not in first))
        joins = sum(max(join_events.pop(member_id, 0), 1) for member_id in self.joined) + sum(join_events.values())
        return len(questions), list(first.values()), unanswered, joins, leaves

    def _voices(self, members: int) -> tuple[float, float]:
        """The top decile's share of the members' posts, and the Gini coefficient of their post counts."""
        everyone = self.view.everyone
        counts = sorted(count for member_id, count in Counter(self.authors).items() if member_id in everyone)
        total = sum(counts)
        if not total:
            return 0.0, 0.0
        posters = len(counts)
        top = sum(counts[posters - (posters + 9) // 10 :])
        # Gini = (2 Σ i·x_i − (n + 1) Σ x) / (n Σ x) over counts in ascending order, ranks 1..n,
        # the silent members' zeros first: exact in integers until the one division.
        ranked = sum(map(operator.mul, range(members - posters + 1, members + 1), counts))
        gini = (2 * ranked - (members + 1) * total) / (members * total)
        return top / total, min(1.0, max(0.0, gini))

    def _newcomers(self) -> float:
        joined = self.joined
        if not joined:
            return 0.0
        grace = self.limits.newcomer_grace
        activated = set()
        for post in compress(self.posts, map(joined.__contains__, self.authors)):
            since = joined[post.member_id]
            if since <= post.at <= since + grace:
                activated.add(post.member_id)
        return len(activated) / len(joined)

    def _silence(self) -> tuple[timedelta, datetime, datetime] | None:
        """The longest stretch in the window with no event, with its ends, if it reaches `max_silence`.

        Two consecutive events lie on one calendar day or on two days that follow each other in
        `self.days`, so only the gaps between days, and the gaps inside a day that spans at least
        `max_silence` from its first event to its last, can reach it.
        """
        ats, limit = self.ats, self.limits.max_silence
        longest: tuple[timedelta, datetime, datetime] | None = None
        previous = self.start if self.first > 0 or not self.days else None
        for first, end in self.days:
            if previous is not None and (longest is None or ats[first] - previous > longest[0]):
                longest = (ats[first] - previous, previous, ats[first])
            if ats[end - 1] - ats[first] >= limit:
                moments = ats[first:end]
                gaps = list(map(operator.sub, islice(moments, 1, None), moments))
                widest = max(gaps)
                if longest is None or widest > longest[0]:
                    at = gaps.index(widest)
                    longest = (widest, moments[at], moments[at + 1])
            previous = ats[end - 1]
        if previous is not None and (longest is None or self.now - previous > longest[0]):
            longest = (self.now - previous, previous, self.now)
        return longest if longest is not None and longest[0] >= limit else None

    def _long_silence(self, members: int, active_recent: int) -> Flag | None:
        limits, tz = self.limits, self.view.timezone
        reasons, zh = [], []
        silence = self._silence()
        if silence is not None:
            longest, since, until = silence
            start = f"{since.astimezone(tz):%Y-%m-%d %H:%M}"
            end = "now" if until == self.now else f"{until.astimezone(tz):%Y-%m-%d %H:%M}"
            reasons.append(f"the longest silence in the last {_durations.label(limits.window)} lasted "
                           f"{_length(longest)} ({start} to {end}), at least {_span(limits.max_silence)}")
            zh.append(f"近{duration(limits.window, 'zh')}最长一次沉默持续{_length(longest, 'zh')}"
                      f"（{start}至{'现在' if end == 'now' else end}），达到{duration(limits.max_silence, 'zh')}")
        share = _ratio(active_recent, members)
        if members and share < limits.min_active_share:
            reasons.append(f"{active_recent} of {members} members ({_percent(share)}) were "
                           f"active in the last {_durations.label(limits.active_recent)}, "
                           f"below {_percent(limits.min_active_share)}")
            zh.append(f"近{duration(limits.active_recent, 'zh')}{members}名成员中{active_recent}人活跃（{_percent(share)}），"
                      f"低于{_percent(limits.min_active_share)}")
        return Flag("long_silence", "; ".join(reasons), "，".join(zh)) if reasons else None

    def _flags(self, health: Health, counts: _Counts) -> list[Flag]:
        limits = self.limits
        period, recently = f"in the last {_durations.label(limits.window)}", f"近{duration(limits.window, 'zh')}"
        flags: list[Flag] = []
        if health.ad_share > limits.max_ad_share:
            ads, above = _percent(health.ad_share), _percent(limits.max_ad_share)
            flags.append(Flag("unmanaged_ads", f"{counts.ads} of {counts.posts} messages {period} were ads ({ads}), "
                                               f"above {above}",
                              f"{recently}{counts.posts}条消息中有{counts.ads}条是广告（{ads}），超过{above}"))
        reasons, zh = [], []
        if health.unanswered_questions > limits.max_unanswered:
            many = health.unanswered_questions
            reasons.append(f"{many} question{'s' * (many != 1)} {period} got no answer within "
                           f"{_span(limits.unanswered_after)}")
            zh.append(f"{recently}有{many}个提问在{duration(limits.unanswered_after, 'zh')}内无人回答")
        if counts.questions and health.question_response_rate < limits.min_response_rate:
            rate, below = _percent(health.question_response_rate), _percent(limits.min_response_rate)
            reasons.append(f"{counts.answered} of {counts.questions} questions {period} were answered ({rate}), "
                           f"below {below}")
            zh.append(f"{recently}{counts.questions}个提问中{counts.answered}个得到回答（{rate}），低于{below}")
        if reasons:
            flags.append(Flag("unanswered_questions", "; ".join(reasons), "，".join(zh)))
        silent = self._long_silence(counts.members, counts.active_recent)
        if silent is not None:
            flags.append(silent)
        if health.top_decile_share > limits.max_top_decile_share:
            top, above = _percent(health.top_decile_share), _percent(limits.max_top_decile_share)
            flags.append(Flag("one_voice_dominates", f"the top 10% of posters wrote {top} of the members' messages "
                                                     f"{period}, above {above}",
                              f"{recently}发言最多的10%成员发了{top}的消息，超过{above}"))
        return flags


@attrs.define
class _Counts:
    """The whole numbers behind the shares, for the flags' reasons."""

    members: int
    active_recent: int
    active: int = 0
    questions: int = 0
    answered: int = 0
    posts: int = 0
    ads: int = 0
