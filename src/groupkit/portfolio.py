"""Many communities, one team: review them all and rank them for the team's attention (多群管理).

`review_all(policy, communities, now=...)` reviews each community with one policy and ranks the
communities for attention: health flags, decline of activity against the previous period, size
against capacity, and value (purchases), each weighed by `Weights` and given as a reason in two
languages. With an `executor` (any `concurrent.futures.Executor`: a process pool, or a Dask
cluster's ``client.get_executor()``) the reviews run in parallel; the result is the same as the
serial one. A community given as data (as the host loads it from its store) that cannot be read
yields a `Failed` entry with the error's message; the rest of the portfolio is still reviewed.

>>> import groupkit as gk
>>> from groupkit.portfolio import review_all
>>> groups = [gk.synthetic.community(seed=seed, members=40) for seed in (1, 2)]
>>> broken = {"id": "synthetic-3", "purpose": "product"}
>>> portfolio = review_all(gk.Policy(), [*groups, broken], now=gk.synthetic.DEFAULT_NOW)
>>> [type(entry).__name__ for entry in portfolio.reviews]
['Review', 'Review', 'Failed']
>>> [attention.community_id for attention in portfolio.ranking]
['synthetic-1', 'synthetic-2']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from datetime import datetime, timedelta
from typing import Any

import attrs

from groupkit import _durations, i18n
from groupkit.errors import PolicyError
from groupkit.facts import Community, Kind
from groupkit.health import POSTS
from groupkit.i18n import Lang, Text, word
from groupkit.policy import Policy, Review

__all__ = ["Attention", "Failed", "Portfolio", "Weights", "review_all"]


@attrs.frozen
class Failed:
    """A community that could not be reviewed: its id (or ``#index`` when its data has none) and the
    error's message. Data that cannot be read gives the `PolicyError`'s message, which names every
    problem with its path; facts the policy cannot take (a member in a tier that is not on the
    policy's ladder) give the `ValueError`'s."""

    community_id: str
    error: str

    def __str__(self) -> str:
        return f"{self.community_id}: {self.error}"


def _weight(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{attribute.name}: expected a number, got {type(value).__name__}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{attribute.name}: expected a finite number ≥ 0, got {value!r}")


def _share(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _weight(instance, attribute, value)
    if value > 1:  # type: ignore[operator]
        raise ValueError(f"{attribute.name}: expected a share between 0 and 1, got {value!r}")


@attrs.frozen
class Weights:
    """How much each sign of trouble counts toward a community's attention score.

    - `flag`: each health flag (see `groupkit.health.Health.flags`).
    - `decline`: times the share of activity lost against the previous period: posts in the last
      `period` against the `period` before it (a fall from 100 to 60 posts is 0.4).
    - `full`: once the community's members reach `full_at` of its capacity (time to split).
    - `value`: times the community's purchases over the last `value_window`, as a share of the
      highest in the portfolio: of two groups in the same trouble, the one that earns more comes
      first.

    >>> Weights().decline
    5.0
    """

    flag: float = attrs.field(default=3.0, validator=_weight)
    decline: float = attrs.field(default=5.0, validator=_weight)
    full: float = attrs.field(default=2.0, validator=_weight)
    full_at: float = attrs.field(default=0.9, validator=_share)
    value: float = attrs.field(default=1.0, validator=_weight)
    period: timedelta = attrs.field(default=timedelta(days=7), validator=_durations.required)
    value_window: timedelta = attrs.field(default=timedelta(days=30), validator=_durations.required)


@attrs.frozen
class _Signals:
    """What a community shows the ranking, besides its health: posts in the last period and the one
    before it, members, capacity, and purchases over the value window."""

    posts: int
    posts_before: int
    members: int
    capacity: int | None
    value: float

    @property
    def decline(self) -> float:
        """The share of activity lost against the previous period (0 when it grew or had none)."""
        if self.posts_before == 0 or self.posts >= self.posts_before:
            return 0.0
        return 1 - self.posts / self.posts_before

    @property
    def fill(self) -> float | None:
        """Members ÷ capacity, None when the community has no capacity."""
        return None if not self.capacity else self.members / self.capacity


@attrs.frozen
class Attention:
    """A community's place in the ranking: its `score` (higher: look first) and the `reasons`, each in
    English and Chinese, with the numbers behind them."""

    community_id: str
    score: float
    reasons: tuple[Text, ...] = ()

    def render(self, lang: Lang = "en") -> str:
        """The score and its reasons in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        sep = "；" if lang == "zh" else "; "
        reasons = sep.join(reason.render(lang) for reason in self.reasons)
        if lang == "zh":
            return f"{self.community_id} 关注度 {self.score:.2f}：{reasons or '一切正常'}"
        return f"{self.community_id} attention {self.score:.2f}: {reasons or 'all well'}"

    def __str__(self) -> str:
        return self.render("en")


@attrs.frozen(repr=False, hash=False)
class Portfolio:
    """Each community's `Review` (or `Failed` entry), in the order the communities were given, and
    the `ranking` of the reviewed communities for attention, most urgent first."""

    reviews: tuple[Review | Failed, ...]
    ranking: tuple[Attention, ...]

    @property
    def failed(self) -> tuple[Failed, ...]:
        """The communities that could not be reviewed."""
        return tuple(entry for entry in self.reviews if isinstance(entry, Failed))

    def __getitem__(self, community_id: str) -> Review | Failed:
        """The review (or failure) of the first community with this id."""
        for entry in self.reviews:
            if entry.community_id == community_id:
                return entry
        raise KeyError(community_id)

    def __repr__(self) -> str:
        return f"<Portfolio of {len(self.reviews)} communities, {len(self.failed)} failed>"


def review_all(policy: Policy, communities: Iterable[Community | Mapping[str, Any] | Callable[[], Any]], *,
               now: datetime,
               executor: Executor | None = None, weights: Weights | None = None,
               batch: int | None = None) -> Portfolio:
    """Review every community with `policy` as of `now`, and rank them for attention.

    A sign of trouble whose weight is 0 neither counts nor shows among the reasons.

    `communities` holds `Community` objects, their data (`gk.to_data` form), or loaders: functions
    of no arguments that return either (such as ``functools.partial(load_group, key)`` of the host's
    store), called where the review runs; results come in their order. With an `executor`, batches
    of `batch` communities (by default, about 64 batches in all) are reviewed in parallel, each on
    one worker. `weights` weighs the signs of trouble.

    With an executor, what crosses between processes is pickled: each community on its way out, and
    its review on the way back, computed and worded in full (a serial review leaves the parts its
    actions do not need until they are read). For small communities that costs more than the review
    itself; pass loaders, so that each worker reads its own communities, and measure on your machine.
    """
    if not isinstance(policy, Policy):
        raise TypeError(f"policy: expected a Policy, got {type(policy).__name__}")
    if not isinstance(now, datetime):
        raise TypeError(f"now: expected a datetime, got {type(now).__name__}")
    if now.utcoffset() is None:
        raise ValueError("now: expected a timezone-aware datetime")
    if executor is not None and not isinstance(executor, Executor):
        raise TypeError(f"executor: expected a concurrent.futures.Executor, got {type(executor).__name__}")
    weights = Weights() if weights is None else weights
    if not isinstance(weights, Weights):
        raise TypeError(f"weights: expected Weights, got {type(weights).__name__}")
    items = list(communities)
    if batch is None:
        batch = max(1, math.ceil(len(items) / 64))
    elif isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch: expected a whole number ≥ 1, got {batch!r}")
    chunks = [items[start:start + batch] for start in range(0, len(items), batch)]
    if executor is None:
        done = [_review_batch(policy, chunk, now, weights, start * batch) for start, chunk in enumerate(chunks)]
    else:
        futures = [executor.submit(_review_batch, policy, chunk, now, weights, start * batch)
                   for start, chunk in enumerate(chunks)]
        done = [future.result() for future in futures]
    results = [result for chunk in done for result in chunk]
    return Portfolio(tuple(entry for entry, _ in results), _rank(results, weights))


def _review_batch(policy: Policy, items: Sequence[Community | Mapping[str, Any] | Callable[[], Any]], now: datetime,
                  weights: Weights, first: int) -> list[tuple[Review | Failed, _Signals | None]]:
    """Review a batch of communities (run on a worker): each gives its review and signals, or Failed."""
    from groupkit.data import from_data  # groupkit.data imports this module's neighbours

    results: list[tuple[Review | Failed, _Signals | None]] = []
    for index, item in enumerate(items, start=first):
        if callable(item):  # a loader from the host's store, run here on the worker
            item = item()
        if isinstance(item, Community):
            community = item
        else:
            try:
                community = from_data(item, Community)
            except PolicyError as error:
                results.append((Failed(_id_of(item, index), str(error)), None))
                continue
        try:
            review = policy.review(community, now=now)
        except ValueError as error:  # facts the policy cannot take, such as a tier not on its ladder
            results.append((Failed(community.id, str(error)), None))
            continue
        results.append((review, _signals(community, now, weights)))
    return results


def _id_of(item: object, index: int) -> str:
    if isinstance(item, Mapping) and isinstance(item.get("id"), str) and item["id"]:
        return str(item["id"])
    return f"#{index}"


def _signals(community: Community, now: datetime, weights: Weights) -> _Signals:
    recent, before, value_since = now - weights.period, now - 2 * weights.period, now - weights.value_window
    posts = posts_before = 0
    value = 0.0
    for event in community.events:
        at = event.at
        if at > now:
            continue
        if event.kind in POSTS:
            if at > recent:
                posts += 1
            elif at > before:
                posts_before += 1
        if event.kind == Kind.PURCHASE and at > value_since:
            value += event.value
    members = sum(1 for member in community.members if member.joined_at <= now)
    return _Signals(posts, posts_before, members, community.capacity, value)


def _rank(results: Sequence[tuple[Review | Failed, _Signals | None]], weights: Weights) -> tuple[Attention, ...]:
    """Reviewed communities by attention score, highest first; equal scores in the given order."""
    top_value = max((seen.value for _, seen in results if seen is not None), default=0.0)
    ranked: list[tuple[float, int, Attention]] = []
    for position, (entry, seen) in enumerate(results):
        if isinstance(entry, Failed) or seen is None:
            continue
        score, reasons = 0.0, []
        for flag in entry.health.flags if weights.flag else ():
            score += weights.flag
            reasons.append(Text(f"health flag {word(flag.name)}: {flag.reason}",
                                f"健康警示「{i18n.flag(flag.name, 'zh')}」：{flag.zh or flag.reason}"))
        if seen.decline > 0 and weights.decline:
            score += weights.decline * seen.decline
            reasons.append(Text(
                f"posts fell {seen.decline:.0%} against the previous period ({seen.posts_before} → {seen.posts})",
                f"发言量比上一周期下降{seen.decline:.0%}（{seen.posts_before} → {seen.posts}）"))
        fill = seen.fill
        if fill is not None and fill >= weights.full_at and weights.full:
            score += weights.full
            reasons.append(Text(f"{seen.members} of {seen.capacity} places taken ({fill:.0%})",
                                f"已有{seen.members}人，上限{seen.capacity}人（{fill:.0%}）"))
        if seen.value > 0 and top_value > 0 and weights.value:
            score += weights.value * seen.value / top_value
            reasons.append(Text(f"purchases of {seen.value:g} in the last {weights.value_window.days} days",
                                f"近{weights.value_window.days}天消费{seen.value:g}"))
        ranked.append((-score, position, Attention(entry.community_id, round(score, 9), tuple(reasons))))
    ranked.sort(key=lambda item: item[:2])
    return tuple(attention for _, _, attention in ranked)

