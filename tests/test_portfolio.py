"""Portfolios: many communities reviewed with one policy, serially, on a process pool and on Dask."""

from __future__ import annotations

import functools
import pickle
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import groupkit as gk
from groupkit.portfolio import Attention, Failed, Portfolio, Weights, review_all
from groupkit.strategies import NOW, communities, policies

DAY = timedelta(days=1)
T0 = datetime(2026, 11, 20, 12, tzinfo=UTC)


def club(community_id: str, *, posts: int = 0, posts_before: int = 0, members: int = 10,
         capacity: int | None = None, spent: float = 0) -> gk.Community:
    """A community whose signals are known: posts in the last week and the week before, purchases."""
    people = [gk.Member(f"m{i}", T0 - 60 * DAY) for i in range(members)]
    events = [gk.Event(f"m{i % members}", gk.Kind.MESSAGE, T0 - DAY - timedelta(minutes=i)) for i in range(posts)]
    events += [gk.Event(f"m{i % members}", gk.Kind.MESSAGE, T0 - 8 * DAY - timedelta(minutes=i))
               for i in range(posts_before)]
    if spent:
        events.append(gk.Event("m0", gk.Kind.PURCHASE, T0 - 2 * DAY, value=spent))
    return gk.Community(community_id, gk.Purpose.PRODUCT, gk.Stage.GROWTH, capacity, people, events)


def portfolio_of(*groups: gk.Community, weights: Weights | None = None) -> Portfolio:
    return review_all(gk.Policy(), groups, now=T0, weights=weights)


# -- results and failures --------------------------------------------------------------------------


def test_results_come_in_the_order_of_the_communities_and_equal_each_review() -> None:
    policy = gk.presets.wechat_group()
    groups = [gk.synthetic.community(seed=seed, members=60) for seed in (5, 3, 4)]
    portfolio = review_all(policy, groups, now=gk.synthetic.DEFAULT_NOW)
    assert portfolio.reviews == tuple(policy.review(group, now=gk.synthetic.DEFAULT_NOW) for group in groups)
    assert [entry.community_id for entry in portfolio.reviews] == ["synthetic-5", "synthetic-3", "synthetic-4"]
    assert portfolio["synthetic-3"] == portfolio.reviews[1]
    with pytest.raises(KeyError):
        portfolio["nowhere"]


def test_communities_as_data_are_read_and_reviewed_like_the_objects() -> None:
    policy = gk.presets.wechat_group()
    group = gk.synthetic.community(seed=7, members=50)
    as_data = review_all(policy, [gk.to_data(group)], now=gk.synthetic.DEFAULT_NOW)
    as_object = review_all(policy, [group], now=gk.synthetic.DEFAULT_NOW)
    assert as_data == as_object


def test_loaders_run_where_the_review_runs_and_give_the_same_portfolio() -> None:
    policy = gk.presets.wechat_group()
    seeds = (21, 22, 23)
    loaders = [functools.partial(gk.synthetic.community, seed=seed, members=40) for seed in seeds]
    as_objects = review_all(policy, [loader() for loader in loaders], now=gk.synthetic.DEFAULT_NOW)
    as_data = functools.partial(gk.to_data, gk.synthetic.community(seed=24, members=40))
    assert review_all(policy, loaders, now=gk.synthetic.DEFAULT_NOW) == as_objects
    with ProcessPoolExecutor(max_workers=2) as pool:
        loaded = review_all(policy, [*loaders, as_data], now=gk.synthetic.DEFAULT_NOW, executor=pool, batch=1)
    assert loaded.reviews[:3] == as_objects.reviews
    assert loaded.reviews[3] == policy.review(gk.synthetic.community(seed=24, members=40), now=gk.synthetic.DEFAULT_NOW)


def test_bad_data_gives_a_failed_entry_with_the_problems_and_the_rest_is_reviewed() -> None:
    good = club("good", posts=5)
    bad = gk.to_data(club("bad", posts=2))
    bad["members"][0]["joined_at"] = "2026-11-01T10:00:00"  # naive
    bad["capacity"] = -5
    nameless = {"purpose": "product"}
    portfolio = review_all(gk.Policy(), [bad, good, nameless, "not a community"], now=T0)  # type: ignore[list-item]
    first, second, third, fourth = portfolio.reviews
    assert isinstance(first, Failed) and first.community_id == "bad"
    assert "$.members[0].joined_at" in first.error and "$.capacity" in first.error
    assert isinstance(second, gk.Review) and second.community_id == "good"
    assert isinstance(third, Failed) and third.community_id == "#2"
    assert isinstance(fourth, Failed) and fourth.community_id == "#3"
    assert portfolio.failed == (first, third, fourth)
    assert [attention.community_id for attention in portfolio.ranking] == ["good"]
    assert str(first).startswith("bad: ") and "problems in the data" in first.error


def test_failed_entries_keep_their_index_across_batches() -> None:
    groups: list[Any] = [club(f"g{i}", posts=1) for i in range(5)]
    groups[3] = {"purpose": "product"}
    portfolio = review_all(gk.Policy(), groups, now=T0, batch=2)
    assert portfolio.reviews[3] == Failed("#3", portfolio.reviews[3].error)  # type: ignore[union-attr]
    assert [entry.community_id for entry in portfolio.reviews] == ["g0", "g1", "g2", "#3", "g4"]


def test_bad_arguments_are_refused_with_clear_errors() -> None:
    with pytest.raises(TypeError, match="policy: expected a Policy"):
        review_all({}, [], now=T0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="now: expected a timezone-aware datetime"):
        review_all(gk.Policy(), [], now=datetime(2026, 11, 20))
    with pytest.raises(TypeError, match="now: expected a datetime"):
        review_all(gk.Policy(), [], now="2026-11-20")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"executor: expected a concurrent\.futures\.Executor"):
        review_all(gk.Policy(), [], now=T0, executor=map)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="batch: expected a whole number ≥ 1"):
        review_all(gk.Policy(), [], now=T0, batch=0)
    with pytest.raises(TypeError, match="weights: expected Weights"):
        review_all(gk.Policy(), [], now=T0, weights={"flag": 1})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="decline: expected a finite number ≥ 0"):
        Weights(decline=-1)
    with pytest.raises(ValueError, match="full_at: expected a share between 0 and 1"):
        Weights(full_at=1.5)
    with pytest.raises(TypeError, match="flag: expected a number"):
        Weights(flag="3")  # type: ignore[arg-type]
    assert review_all(gk.Policy(), [], now=T0) == Portfolio((), ())


# -- the ranking -----------------------------------------------------------------------------------


def test_decline_against_the_previous_period_ranks_first_with_its_numbers() -> None:
    weights = Weights(flag=0, value=0)
    steady, falling, growing = club("steady", posts=50, posts_before=50), club("falling", posts=30, posts_before=100), \
        club("growing", posts=80, posts_before=40)
    portfolio = portfolio_of(steady, falling, growing, weights=weights)
    assert [attention.community_id for attention in portfolio.ranking] == ["falling", "steady", "growing"]
    top = portfolio.ranking[0]
    assert top.score == pytest.approx(5.0 * 0.7)
    assert top.reasons[0].en == "posts fell 70% against the previous period (100 → 30)"
    assert "下降70%" in top.reasons[0].zh
    assert portfolio.ranking[1] == Attention("steady", 0.0, ())
    assert str(portfolio.ranking[1]) == "steady attention 0.00: all well"


def test_health_flags_count_and_are_named_in_both_languages() -> None:
    silent = club("silent")  # no events: the long_silence flag
    every_day = [gk.Event(f"m{i}", gk.Kind.MESSAGE, T0 - day * DAY - timedelta(hours=i))
                 for day in range(30) for i in range(10)]
    lively = attrs.evolve(club("lively"), events=every_day)
    portfolio = portfolio_of(lively, silent, weights=Weights(decline=0, value=0))
    assert [attention.community_id for attention in portfolio.ranking] == ["silent", "lively"]
    assert portfolio["lively"].health.flags == () and portfolio.ranking[1].score == 0  # type: ignore[union-attr]
    flags = portfolio["silent"].health.flags  # type: ignore[union-attr]
    assert "long_silence" in [flag.name for flag in flags]
    assert portfolio.ranking[0].score == 3.0 * len(flags)
    assert "long silence" in portfolio.ranking[0].render("en")
    assert "长时间沉默" in portfolio.ranking[0].render("zh")


def test_a_community_near_its_capacity_needs_attention() -> None:
    weights = Weights(flag=0, decline=0, value=0)
    nearly_full = club("nearly-full", posts=10, posts_before=10, members=19, capacity=20)
    roomy = club("roomy", posts=10, posts_before=10, members=10, capacity=20)
    portfolio = portfolio_of(roomy, nearly_full, weights=weights)
    assert [(a.community_id, a.score) for a in portfolio.ranking] == [("nearly-full", 2.0), ("roomy", 0.0)]
    assert portfolio.ranking[0].reasons[0].en == "19 of 20 places taken (95%)"


def test_value_breaks_ties_between_groups_in_the_same_trouble() -> None:
    weights = Weights(flag=0)
    cheap = club("cheap", posts=50, posts_before=100, spent=100)
    dear = club("dear", posts=50, posts_before=100, spent=400)
    portfolio = portfolio_of(cheap, dear, weights=weights)
    assert [a.community_id for a in portfolio.ranking] == ["dear", "cheap"]
    assert portfolio.ranking[0].score == pytest.approx(2.5 + 1.0)
    assert portfolio.ranking[1].score == pytest.approx(2.5 + 0.25)
    assert portfolio.ranking[0].reasons[-1].en == "purchases of 400 in the last 30 days"


# -- parallel runs ---------------------------------------------------------------------------------


class _Inline(Executor):
    """An executor that runs each call at once and pickles what crosses, as a process would."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        fn, args = pickle.loads(pickle.dumps((fn, args)))
        future.set_result(pickle.loads(pickle.dumps(fn(*args, **kwargs))))
        return future


def test_reviews_and_policies_survive_pickling_with_their_reasons() -> None:
    policy = gk.presets.wechat_group()
    assert pickle.loads(pickle.dumps(policy)) == policy
    group = gk.synthetic.community(seed=11, members=80)
    review = policy.review(group, now=gk.synthetic.DEFAULT_NOW)
    copy = pickle.loads(pickle.dumps(review))
    assert copy == review
    assert [action.render("zh") for action in copy.actions] == [action.render("zh") for action in review.actions]


def test_a_process_pool_gives_the_serial_result() -> None:
    policy = gk.presets.wechat_group()
    groups: list[Any] = [gk.synthetic.community(seed=seed, members=40) for seed in range(6)]
    groups.insert(2, {"id": "broken"})
    serial = review_all(policy, groups, now=gk.synthetic.DEFAULT_NOW)
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = review_all(policy, groups, now=gk.synthetic.DEFAULT_NOW, executor=pool, batch=2)
    assert parallel == serial
    assert isinstance(parallel.reviews[2], Failed)


def test_a_dask_cluster_gives_the_serial_result() -> None:
    distributed = pytest.importorskip("distributed")  # in the test extra; CI installs it
    policy = gk.presets.wechat_group()
    groups: list[Any] = [gk.synthetic.community(seed=seed, members=40) for seed in range(8)]
    groups.append(gk.to_data(gk.synthetic.community(seed=8, members=40)))
    groups.append({"id": "broken", "members": "nobody"})
    serial = review_all(policy, groups, now=gk.synthetic.DEFAULT_NOW)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) \
            as cluster, distributed.Client(cluster) as client:
        on_dask = review_all(policy, groups, now=gk.synthetic.DEFAULT_NOW, executor=client.get_executor(), batch=3)
        assert len(client.scheduler_info()["workers"]) == 2
    assert on_dask == serial
    assert on_dask.failed == (serial.reviews[-1],)


# -- properties ------------------------------------------------------------------------------------


def _review_or_failure(policy: gk.Policy, group: gk.Community) -> gk.Review | Failed:
    try:
        return policy.review(group, now=NOW)
    except ValueError as error:  # a member in a tier that is not on the policy's ladder
        return Failed(group.id, str(error))


def test_facts_a_policy_cannot_take_fail_that_community_only() -> None:
    ladder = gk.Ladder([gk.Tier("regular", gk.rules.always())])
    odd = attrs.evolve(club("odd", posts=3), members=[gk.Member("m0", T0 - DAY, tier="platinum")])
    portfolio = review_all(gk.Policy(ladder=ladder), [odd, club("fine", posts=3)], now=T0)
    assert portfolio.reviews[0] == Failed("odd", "member 'm0' is in tier 'platinum', which is not on this ladder "
                                                 "(regular)")
    assert isinstance(portfolio.reviews[1], gk.Review)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), st.lists(communities(max_members=5, max_events=20), max_size=4), st.integers(1, 3))
def test_portfolio_holds_each_review_and_ranks_every_reviewed_community(
        policy: gk.Policy, groups: list[gk.Community], batch: int) -> None:
    portfolio = review_all(policy, groups, now=NOW, executor=_Inline(), batch=batch)
    assert portfolio.reviews == tuple(_review_or_failure(policy, group) for group in groups)
    reviewed = [entry.community_id for entry in portfolio.reviews if isinstance(entry, gk.Review)]
    assert sorted(a.community_id for a in portfolio.ranking) == sorted(reviewed)
    scores = [attention.score for attention in portfolio.ranking]
    assert scores == sorted(scores, reverse=True) and all(score >= 0 for score in scores)
    assert all(bool(attention.reasons) == (attention.score > 0) for attention in portfolio.ranking)
    assert review_all(policy, groups, now=NOW, batch=batch) == portfolio


@settings(max_examples=30, deadline=None)
@given(st.lists(communities(max_members=4, max_events=15), min_size=1, max_size=4), st.randoms())
def test_the_ranking_does_not_depend_on_event_order(groups: list[gk.Community], rnd: Any) -> None:
    shuffled = []
    for group in groups:
        events = list(group.events)
        rnd.shuffle(events)
        shuffled.append(attrs.evolve(group, events=events))
    assert review_all(gk.Policy(), shuffled, now=NOW).ranking == review_all(gk.Policy(), groups, now=NOW).ranking


@settings(max_examples=60, deadline=None)
@given(communities(max_members=6, max_events=30), policies())
def test_facts_and_policies_round_trip_through_pickle(group: gk.Community, policy: gk.Policy) -> None:
    for value in (group, policy, *group.events, *group.members):
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value and type(copy) is type(value)
    assert hash(pickle.loads(pickle.dumps(group.events))) == hash(group.events)
