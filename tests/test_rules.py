"""Rules: agreement with the reference, algebraic laws, explanations, purity of evaluation."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit import rules as r
from groupkit.metrics import active_days, count, tenure_days
from groupkit.rules import Predicate, has_role
from groupkit.strategies import communities, moments, predicates
from tests import oracle

T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)


@given(communities(), moments(), predicates())
def test_test_matches_the_reference(community: gk.Community, now: datetime, rule: Predicate) -> None:
    expected = {p.id: oracle.holds(rule, community, now, p) for p in oracle.members_at(community, now)}
    assert gk.view(community, now=now).test(rule) == expected


@given(communities(), moments(), predicates())
def test_explain_agrees_with_test(community: gk.Community, now: datetime, rule: Predicate) -> None:
    v = gk.view(community, now=now)
    for member_id, result in v.test(rule).items():
        verdict = v.explain(rule, member_id)
        assert verdict.holds is result
        assert str(verdict)


@given(communities(), moments(), predicates(), predicates())
def test_de_morgan(community: gk.Community, now: datetime, a: Predicate, b: Predicate) -> None:
    v = gk.view(community, now=now)
    assert v.test(~(a & b)) == v.test(~a | ~b)
    assert v.test(~(a | b)) == v.test(~a & ~b)
    assert v.test(~~a) == v.test(a)


@given(communities(), moments(), predicates(), st.randoms(use_true_random=False))
def test_event_order_does_not_change_results(
    community: gk.Community, now: datetime, rule: Predicate, rng: object
) -> None:
    shuffled_events = list(community.events)
    rng.shuffle(shuffled_events)  # type: ignore[attr-defined]
    shuffled = gk.Community(community.id, community.purpose, community.stage, community.capacity,
                            community.members, shuffled_events, community.timezone)
    original, other = gk.view(community, now=now), gk.view(shuffled, now=now)
    assert original.test(rule) == other.test(rule)
    for member_id in original.member_ids:
        assert str(original.explain(rule, member_id)) == str(other.explain(rule, member_id))


@given(communities(), moments(), predicates())
def test_evaluation_mutates_nothing_and_is_deterministic(
    community: gk.Community, now: datetime, rule: Predicate
) -> None:
    before_community, before_rule = copy.deepcopy(community), copy.deepcopy(rule)
    first = gk.view(community, now=now).test(rule)
    second = gk.view(community, now=now).test(rule)
    assert first == second and list(first) == list(second)
    assert community == before_community and gk.to_data(community) == gk.to_data(before_community)
    assert rule == before_rule


def _club() -> gk.Community:
    ann = gk.Member("ann", T0 - timedelta(days=90))
    bo = gk.Member("bo", T0 - timedelta(days=90), role=gk.Role.ADMIN)
    events = [gk.Event("ann", gk.Kind.MESSAGE, T0 - timedelta(hours=h)) for h in range(12)]
    return gk.Community("c", "learning", "growth", 200, [ann, bo], events)


def test_explanation_reads_like_the_rule() -> None:
    v = gk.view(_club(), now=T0)
    rule = (count(gk.Kind.MESSAGE, timedelta(days=7)) >= 10) & ~has_role(gk.Role.ADMIN)
    verdict = v.explain(rule, "ann")
    assert verdict.holds
    assert str(verdict) == "messages in the last 7 days = 12 ≥ 10 ✓; not an admin ✓"
    assert [leaf.observed for leaf in verdict.leaves()] == [12, None]
    failed = v.explain(rule, "bo")
    assert str(failed) == "messages in the last 7 days = 0 < 10 ✗"
    assert failed.parts[0].threshold == 10


def test_negated_comparison_and_composite_explanations() -> None:
    v = gk.view(_club(), now=T0)
    assert str(v.explain(~(count("message") >= 20), "ann")) == "messages in total = 12 < 20 ✓"
    nested = ~(has_role("admin") | (active_days() >= 2))
    assert str(v.explain(nested, "bo")) == "not (an admin ✓) ✗"
    assert str(v.explain(tenure_days() >= count("message"), "ann")) == (
        "days since joining = 90 ≥ messages in total (12) ✓"
    )


def test_equality_explanations_read_naturally() -> None:
    v = gk.view(_club(), now=T0)
    assert str(v.explain(count("message").eq(12), "ann")) == "messages in total = 12 ✓"
    assert str(v.explain(count("message").eq(3), "ann")) == "messages in total = 12, not 3 ✗"
    assert str(v.explain(count("message").ne(3), "ann")) == "messages in total = 12 ≠ 3 ✓"
    assert str(v.explain(~count("message").eq(3), "ann")) == "messages in total = 12 ≠ 3 ✓"


def test_unknown_member_is_a_clear_error() -> None:
    with pytest.raises(gk.errors.UnknownMemberError, match="'zed' is not in the view"):
        gk.view(_club(), now=T0).explain(r.always(), "zed")


def test_rules_have_no_truth_value() -> None:
    rule = count("message") >= 3
    with pytest.raises(TypeError, match="no truth value"):
        bool(rule)
    with pytest.raises(TypeError):
        _ = rule and has_role("admin")


def test_operators_flatten_and_compare_by_value() -> None:
    a, b, c = has_role("admin"), r.has_tag("vip"), count("message") >= 1
    assert a & b & c == r.all_of(a, b, c)
    assert a | b | c == r.any_of(a, b, c)
    assert (a & b) | c == r.AnyOf((r.AllOf((a, b)), c))
    assert (count("message") >= 1) == (count("message") >= 1)
    assert hash(count("message") >= 1) == hash(count("message") >= 1)
    assert repr((a & b) | ~c) == "(has_role('admin') & has_tag('vip')) | ~(count('message') >= 1)"


def test_empty_combinations() -> None:
    v = gk.view(_club(), now=T0)
    assert v.test(r.all_of()) == {"ann": True, "bo": True}
    assert v.test(r.any_of()) == {"ann": False, "bo": False}


@pytest.mark.parametrize(
    "make",
    [
        lambda: r.has_role("king"),
        lambda: r.has_tag(""),
        lambda: r.Not("admin"),
        lambda: r.AllOf(has_role("admin")),
        lambda: r.Compare(count("a"), "=>", count("b")),
    ],
)
def test_bad_rules_are_rejected(make: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        make()  # type: ignore[operator]


@given(predicates())
def test_repr_is_stable_and_rules_hash(rule: Predicate) -> None:
    assert repr(rule) == repr(copy.deepcopy(rule))
    assert hash(rule) == hash(copy.deepcopy(rule))
