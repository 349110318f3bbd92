"""Data in, data out: lossless round trips, schemas, and only PolicyError for bad data."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit.data import Limits, tag_of
from groupkit.metrics import Metric, count
from groupkit.rules import Predicate
from groupkit.strategies import (
    badges,
    communities,
    events,
    ladders,
    members,
    metrics,
    point_programs,
    predicates,
    scores,
    segmentations,
)

TYPES = [(gk.Member, members()), (gk.Event, events()), (gk.Community, communities()),
         (Metric, metrics()), (Metric, scores()), (Predicate, predicates()), (gk.Segmentation, segmentations()),
         (gk.Ladder, ladders()), (gk.Badge, badges()), (gk.Points, point_programs())]


@pytest.mark.parametrize(("cls", "strategy"), TYPES, ids=lambda x: getattr(x, "__name__", ""))
def test_round_trip_through_json_is_lossless(cls: type, strategy: st.SearchStrategy[Any]) -> None:
    schema = gk.json_schema(cls)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    @given(strategy)
    def check(obj: Any) -> None:
        data = gk.to_data(obj)
        text = json.dumps(data, allow_nan=False)
        loaded = gk.from_data(json.loads(text), cls)
        assert loaded == obj
        assert gk.to_data(loaded) == data
        validator.validate(data)

    check()


def test_timezones_and_datetimes_keep_their_zone() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    member = gk.Member("ann", datetime(2026, 3, 1, 9, tzinfo=shanghai))
    data = gk.to_data(member)
    assert data["joined_at"] == "2026-03-01T09:00:00+08:00[Asia/Shanghai]"
    assert gk.from_data(data, gk.Member).joined_at.tzinfo is shanghai
    club = gk.Community("c", "learning", "growth", 10, [], [], timezone(timedelta(hours=-3, minutes=-30)))
    assert gk.to_data(club)["timezone"] == "-03:30"
    assert gk.from_data(gk.to_data(club), gk.Community) == club


def test_durations_accept_iso_8601_or_seconds() -> None:
    rule = {"type": "count", "kind": "message", "within": "P1W"}
    assert gk.from_data(rule, Metric) == count("message", timedelta(days=7))
    assert gk.from_data({**rule, "within": 3600}, Metric) == count("message", timedelta(hours=1))
    assert gk.from_data({**rule, "within": "PT1H30M"}, Metric) == count("message", timedelta(minutes=90))
    assert gk.to_data(count("message", timedelta(days=1, seconds=1.5)))["within"] == "P1DT1.5S"


def test_every_problem_is_reported_with_its_path() -> None:
    data = {
        "type": "all_of",
        "parts": [
            {"type": "compare", "left": {"type": "count", "kind": "message", "within": "3 minuts"},
             "op": ">=", "right": 10},
            {"type": "has_role", "role": "king"},
            {"type": "compare", "left": {"type": "cuont", "kind": "message"}, "op": "≥", "right": "ten"},
            {"type": "always", "colour": "red"},
        ],
    }
    with pytest.raises(gk.PolicyError) as caught:
        gk.from_data(data, Predicate)
    problems = caught.value.problems
    assert any(p.startswith("$.parts[0].left.within: expected an ISO 8601 duration") for p in problems)
    assert any(p.startswith("$.parts[1].role: expected one of 'owner'") for p in problems)
    assert any(p.startswith("$.parts[2].left: unknown metric type 'cuont'") for p in problems)
    assert any(p.startswith("$.parts[2].op: expected one of") for p in problems)
    assert any(p.startswith("$.parts[2].right: expected a metric") for p in problems)
    assert any(p.startswith("$.parts[3]: unknown fields: colour") for p in problems)
    assert len(problems) == 6


@pytest.mark.parametrize(
    ("data", "cls", "expected"),
    [
        ({"id": "a"}, gk.Member, "$.joined_at: required field missing"),
        ({"id": "a", "joined_at": "2026-03-01T00:00:00"}, gk.Member, "$.joined_at: expected an ISO 8601"),
        ({"id": "a", "joined_at": "2026-03-01T00:00:00Z", "tags": "vip"}, gk.Member, "$.tags: expected a list"),
        ({"member_id": "a", "kind": "purchase", "at": "2026-03-01T00:00:00Z", "value": -1}, gk.Event,
         "$.value: must not be negative"),
        ({"member_id": "a", "kind": "purchase", "at": "2026-03-01T00:00:00Z", "value": "12"}, gk.Event,
         "$.value: expected a finite number"),
        ({"id": "c", "purpose": "learning", "stage": "growth", "capacity": 5, "members": [], "events": [],
          "timezone": "Mars/Olympus"}, gk.Community, "$.timezone: expected an IANA time zone"),
        ({"id": "c", "purpose": "learning", "stage": "growth", "capacity": 5, "members": [], "events": [],
          "timezone": "../../etc/passwd"}, gk.Community, "$.timezone: expected an IANA time zone"),
        ({"type": "count", "kind": "message", "within": True}, Metric, "$.within: expected a duration"),
        ("count", Metric, "$: expected a metric"),
        (True, Metric, "$: expected a finite number"),
    ],
)
def test_bad_data_gets_a_clear_error(data: Any, cls: type, expected: str) -> None:
    with pytest.raises(gk.PolicyError) as caught:
        gk.from_data(data, cls)
    assert any(problem.startswith(expected) for problem in caught.value.problems), caught.value.problems


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
    | st.sampled_from([tag_of(c) for c in (gk.rules.Compare, gk.rules.Not, gk.metrics.Count)]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["type", "left", "right", "op", "part", "parts", "kind", "within",
                                       "id", "joined_at", "members", "events"]) | st.text(max_size=4),
                      inner, max_size=5),
    max_leaves=20,
)


@given(JSON, st.sampled_from([Predicate, Metric, gk.Member, gk.Event, gk.Community]))
def test_arbitrary_data_raises_only_policy_error(data: Any, cls: type) -> None:
    try:
        loaded = gk.from_data(data, cls)
    except gk.PolicyError as error:
        assert error.problems and all(p.startswith("$") for p in error.problems)
    else:
        assert isinstance(loaded, cls)


def test_hostile_documents_fail_fast() -> None:
    deep: Any = {"type": "always"}
    for _ in range(100_000):
        deep = {"type": "not", "part": deep}
    started = time.perf_counter()
    with pytest.raises(gk.PolicyError, match="deeper than 64"):
        gk.from_data(deep, Predicate)
    looped: list[Any] = []
    looped.append(looped)
    with pytest.raises(gk.PolicyError, match="deeper"):
        gk.from_data({"type": "all_of", "parts": looped}, Predicate)
    shared: Any = [1]
    for _ in range(60):
        shared = [shared, shared]  # 2**60 values when expanded
    with pytest.raises(gk.PolicyError, match="max_nodes"):
        gk.from_data(shared, Metric)
    with pytest.raises(gk.PolicyError, match="max_string"):
        gk.from_data({"type": "has_tag", "tag": "x" * 2_000_000}, Predicate)
    with pytest.raises(gk.PolicyError, match="max_nodes"):
        gk.from_data({"type": "all_of", "parts": [{"type": "always"}] * 50}, Predicate, limits=Limits(max_nodes=40))
    assert time.perf_counter() - started < 30  # generous: the point is "not a hang"
    assert gk.from_data({"type": "not", "part": {"type": "always"}}, Predicate) == ~gk.rules.always()


def test_non_json_values_are_refused() -> None:
    with pytest.raises(gk.PolicyError, match="expected JSON data, got object"):
        gk.from_data({"type": "has_tag", "tag": object()}, Predicate)
    with pytest.raises(gk.PolicyError, match="finite"):
        gk.from_data(float("inf"), Metric)


def test_schema_names_every_predicate_type() -> None:
    schema = gk.json_schema(Predicate)
    choices = {ref["$ref"].rsplit("/", 1)[1] for ref in schema["$defs"]["Predicate"]["anyOf"]}
    assert {"AllOf", "AnyOf", "Not", "Compare", "HasRole", "Always", "Never"} <= choices
    assert schema["$defs"]["Compare"]["properties"]["type"] == {"const": "compare"}


def test_every_field_problem_of_a_fact_is_reported() -> None:
    data = {"id": "c", "purpose": "school", "stage": "growth", "capacity": -2, "timezone": "+08:00",
            "members": [{"id": "", "joined_at": "2026-03-01T00:00:00Z", "role": "boss"}], "events": []}
    with pytest.raises(gk.PolicyError) as caught:
        gk.from_data(data, gk.Community)
    problems = caught.value.problems
    assert any(p.startswith("$.purpose: expected one of") for p in problems), problems
    assert any(p.startswith("$.capacity: must not be negative") for p in problems), problems
    assert any(p.startswith("$.members[0].id: must not be empty") for p in problems), problems
    assert any(p.startswith("$.members[0].role: expected one of") for p in problems), problems
    assert len(problems) == 4


def test_shape_problems_come_in_document_order_once_each() -> None:
    data = {"type": "all_of", "parts": [{"type": "has_tag", "tag": float("nan")} for _ in range(3)]}
    with pytest.raises(gk.PolicyError) as caught:
        gk.from_data(data, Predicate)
    assert caught.value.problems == tuple(f"$.parts[{i}].tag: expected a finite number, got nan" for i in range(3))


def test_results_of_a_review_round_trip_through_json() -> None:
    from groupkit.incentives import Balance
    from groupkit.tiers import TierDecision

    club = gk.synthetic.community(seed=3, members=40)
    today = gk.view(club, now=gk.synthetic.DEFAULT_NOW)
    playbook = gk.presets.chat_group_incentives()
    decisions = list(today.tiers(playbook.ladder).values())
    balances = [b for b in today.points(playbook.points).values() if b.entries]
    assert decisions and balances
    for decision in decisions:
        assert gk.from_data(json.loads(json.dumps(gk.to_data(decision))), TierDecision) == decision
    for account in balances:
        assert gk.from_data(json.loads(json.dumps(gk.to_data(account))), Balance) == account
