"""Policies and reviews: plays, ranking, one action per kind and target, conflicts, budgets."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit import actions as a
from groupkit.metrics import count, days_since_last, tenure_days
from groupkit.rules import has_role, has_tag
from groupkit.strategies import NOW, communities, policies

DAY = timedelta(days=1)
T0 = datetime(2026, 11, 20, 12, tzinfo=UTC)  # a Friday


def member(mid: str, days: float, **fields: object) -> gk.Member:
    return gk.Member(mid, T0 - timedelta(days=days), **fields)  # type: ignore[arg-type]


def said(mid: str, days_ago: float, kind: str = gk.Kind.MESSAGE, **fields: object) -> gk.Event:
    return gk.Event(mid, kind, T0 - timedelta(days=days_ago), **fields)  # type: ignore[arg-type]


def group(members: list[gk.Member], events: list[gk.Event], stage: gk.Stage = gk.Stage.GROWTH,
          capacity: int | None = None, timezone: object = UTC) -> gk.Community:
    return gk.Community("runners", gk.Purpose.INTEREST, stage, capacity, members, events, timezone)  # type: ignore[arg-type]


PEOPLE = [member("ann", 300), member("bo", 2), member("cy", 200, tags={"spam_reported"}), member("di", 100),
          member("ed", 1, role=gk.Role.ADMIN)]
CHAT = [*(said("ann", d / 2) for d in range(12)), *(said("cy", d) for d in range(6)), said("bo", 0.5),
        said("di", 40)]
RUNNERS = group(PEOPLE, CHAT)

WELCOME = gk.Play("welcome newcomers", "welcome", tenure_days() < 7, priority=3, params={"template": "profile"})
REWARD = gk.Play("reward the active", "reward", count(gk.Kind.MESSAGE, 7 * DAY) >= 5, priority=1)
THANK = gk.Play("thank the active", "thank", count(gk.Kind.MESSAGE, 7 * DAY) >= 5, priority=2)
REMOVE = gk.Play("remove reported spammers", "remove", has_tag("spam_reported"), priority=9)
REACTIVATE = gk.Play("win back the silent", "reactivate",
                     (days_since_last(gk.Kind.MESSAGE) >= 30) & (days_since_last("reactivate_sent") >= 14), priority=2)


def review(*plays: gk.Play, community: gk.Community = RUNNERS, **parts: object) -> gk.Review:
    return gk.Policy(plays=plays, **parts).review(community, now=T0)  # type: ignore[arg-type]


def kinds(actions: tuple[gk.Action, ...]) -> list[tuple[str, str]]:
    return [(action.kind, action.target) for action in actions]


def test_member_plays_act_on_the_members_their_rule_holds_for_with_reasons() -> None:
    result = review(WELCOME, REWARD)
    assert kinds(result.actions) == [("welcome", "bo"), ("welcome", "ed"), ("reward", "ann"), ("reward", "cy")]
    welcome = result.actions[0]
    assert welcome.params == {"template": "profile"} and welcome.priority == 3
    assert str(welcome.reasons[0]) == "play 'welcome newcomers': days since joining = 2 < 7 ✓"
    assert result.actions[2].reasons[0].verdicts[0].observed == 12  # the observed number, structured


def test_actions_rank_by_priority_then_score_then_target() -> None:
    scored = review(REWARD, WELCOME, scoring=count(gk.Kind.MESSAGE))
    # welcome first (priority 3); bo and ed have no score difference... bo has 1 message, ed none
    assert kinds(scored.actions) == [("welcome", "bo"), ("welcome", "ed"), ("reward", "ann"), ("reward", "cy")]
    assert [a.score for a in scored.actions] == [1, 0, 12, 6]
    even = review(gk.Play("everyone", "thank", ~has_role("admin")))
    assert [action.target for action in even.actions] == ["ann", "bo", "cy", "di"]  # no score: by id


def test_one_action_per_kind_and_target_with_reasons_merged() -> None:
    twice = gk.Play("thank regulars", "thank", count(gk.Kind.MESSAGE) >= 10, priority=5, params={"tone": "warm"})
    result = review(THANK, twice)
    thanks = [action for action in result.actions if action.target == "ann"]
    assert len(thanks) == 1
    assert thanks[0].priority == 5 and thanks[0].params == {"tone": "warm"}
    assert [str(reason.source) for reason in thanks[0].reasons] == ["play 'thank regulars'", "play 'thank the active'"]


def test_conflicts_drop_the_loser_and_say_which_conflict() -> None:
    result = review(REWARD, REMOVE, THANK, gk.Play("warn floods", "warn", count(gk.Kind.MESSAGE, DAY) >= 2))
    assert ("remove", "cy") in kinds(result.actions)
    assert not any(action.target == "cy" and action.kind != "remove" for action in result.actions)
    lost = {(d.action.kind, d.action.target): str(d.conflict) for d in result.dropped}
    assert lost == {("reward", "cy"): "remove wins over reward", ("thank", "cy"): "remove wins over thank",
                    ("reward", "ann"): "warn wins over reward",
                    ("thank", "ann"): "warn wins over thank"}
    assert all(d.by.kind == d.conflict.winner and d.by.target == d.action.target for d in result.dropped)
    # the table is the policy's: without it, both stay
    free = review(REWARD, REMOVE, conflicts=())
    assert {("reward", "cy"), ("remove", "cy")} <= set(kinds(free.actions)) and free.dropped == ()
    # a chain: the loser of a stronger action cannot beat a third one
    chain = review(THANK, gk.Play("warn", "warn", has_tag("spam_reported")), REMOVE,
                   conflicts=[a.Conflict("remove", "warn"), a.Conflict("warn", "thank")])
    assert [k for k, t in kinds(chain.actions) if t == "cy"] == ["remove", "thank"]


def test_the_budget_is_filled_down_the_ranked_list_and_the_rest_deferred() -> None:
    result = review(WELCOME, REWARD, REACTIVATE, budget=gk.Budget(total=3, per_action={"welcome": 1}))
    assert kinds(result.actions) == [("welcome", "bo"), ("reactivate", "di"), ("reward", "ann")]
    assert kinds(result.deferred) == [("welcome", "ed"), ("reward", "cy")]
    none = review(WELCOME, budget=gk.Budget(per_action={"welcome": 0}))
    assert none.actions == () and len(none.deferred) == 2


def test_cooldowns_are_rules_over_the_hosts_own_records() -> None:
    assert ("reactivate", "di") in kinds(review(REACTIVATE).actions)
    sent = group(PEOPLE, [*CHAT, said("di", 3, "reactivate_sent")])
    assert ("reactivate", "di") not in kinds(review(REACTIVATE, community=sent).actions)
    long_ago = group(PEOPLE, [*CHAT, said("di", 20, "reactivate_sent")])
    assert ("reactivate", "di") in kinds(review(REACTIVATE, community=long_ago).actions)


def test_community_plays_look_at_the_community_and_follow_a_timetable() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    quiet = group(PEOPLE, [said("ann", 4)], stage=gk.Stage.LAUNCH, capacity=6, timezone=shanghai)
    plays = [
        gk.Play("wake the group", "start_topic", a.quiet_days(gk.Kind.MESSAGE) >= 3, target="community", priority=4),
        gk.Play("split before full", "split_group", a.fill() >= 0.8, target="community", priority=2),
        gk.Play("invite seed users", "invite_seed_users", a.stage("launch"), target="community"),
        gk.Play("mature brand", "tell_brand_story", a.stage("mature"), target="community"),
        gk.Play("evening Q&A", "host_event", a.stage("launch"), target="community", params={"theme": "Q&A"},
                schedule=a.Schedule("20:00")),
        gk.Play("Friday sharing", "host_event", a.purpose("interest"), target="community",
                schedule=a.Schedule("21:00", days=["fri"])),
    ]
    result = gk.Policy(plays=plays, horizon=2 * DAY).review(quiet, now=T0)  # 20:00 Friday in Shanghai
    assert [(x.kind, x.at) for x in result.actions] == [
        ("start_topic", None), ("split_group", None),
        ("host_event", datetime(2026, 11, 20, 20, tzinfo=shanghai)),  # now is due: 20:00 on Friday
        ("host_event", datetime(2026, 11, 20, 21, tzinfo=shanghai)),
        ("host_event", datetime(2026, 11, 21, 20, tzinfo=shanghai)),  # Sunday 20:00 is the next review's
        ("invite_seed_users", None),
    ]
    assert {x.target for x in result.actions} == {"runners"}
    assert str(result.actions[0].reasons[0]) == "play 'wake the group': days since anyone's last message = 4 ≥ 3 ✓"
    assert str(result.actions[1].reasons[0]) == "play 'split before full': share of the capacity taken = 0.83 ≥ 0.8 ✓"


def test_tier_changes_and_badges_become_actions() -> None:
    ladder = gk.Ladder([gk.Tier("regular", count(gk.Kind.MESSAGE) >= 5), gk.Tier("core", count(gk.Kind.MESSAGE) >= 10)])
    people = [*PEOPLE[:2], member("cy", 200, tier="core", tags={"spam_reported"}), *PEOPLE[3:]]
    badge = gk.Badge("chatterbox", count(gk.Kind.MESSAGE) >= 6)
    result = review(community=group(people, CHAT), ladder=ladder, badges=[badge])
    assert kinds(result.actions) == [("award", "ann"), ("promote", "ann"), ("award", "cy"), ("demote", "cy")]
    promote = result.actions[1]
    assert promote.params == {"from": None, "to": "core"}
    assert str(promote.reasons[0].source) == "ladder" and "messages in total = 12" in str(promote.reasons[0])
    assert result.actions[0].params == {"badges": ("chatterbox",)}
    assert result.tiers["cy"].change == "demoted" and list(result.badges) == ["ann", "cy"]


def test_a_review_reports_every_part_of_the_policy() -> None:
    policy = gk.Policy(scoring=count(gk.Kind.MESSAGE), segments=gk.segments.standard(), lifecycle=gk.lifecycle(),
                       points=gk.Points([gk.EarningRule("chat", gk.Kind.MESSAGE, 1)]), plays=[WELCOME])
    result = policy.review(RUNNERS, now=T0)
    assert result.community_id == "runners" and result.now == T0
    assert result.scores == {"ann": 12, "bo": 1, "cy": 6, "di": 1, "ed": 0}
    assert result.segments["ed"] == "admin" and result.stages["bo"] == "new"
    assert result.points["ann"].balance == 12
    assert result.health.members == 5
    empty = gk.Policy().review(RUNNERS, now=T0)
    assert (empty.scores, empty.segments, empty.tiers, empty.actions) == ({}, {}, {}, ())


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: gk.Play("", "welcome", tenure_days() < 7), ValueError, "name: expected a non-empty name"),
    (lambda: gk.Play("x", "send money!", tenure_days() < 7), ValueError, "action: expected an action name"),
    (lambda: gk.Play("x", "welcome", "tenure < 7"), TypeError, "when: expected a Predicate, got str"),
    (lambda: gk.Play("x", "welcome", tenure_days() < 7, target="group"), ValueError,
     "target: expected 'member' or 'community'"),
    (lambda: gk.Play("x", "start_topic", tenure_days() < 7, target="community"), ValueError,
     "when: a community play needs a rule about the community"),
    (lambda: gk.Play("x", "welcome", tenure_days() < 7, priority=1.5), TypeError, "priority: expected a whole number"),
    (lambda: gk.Play("x", "welcome", tenure_days() < 7, params={"at": datetime.now}), TypeError,
     "params['at']: expected a JSON-compatible value"),
    (lambda: gk.Play("x", "welcome", tenure_days() < 7, schedule=a.Schedule("20:00")), ValueError,
     "schedule: only a community play follows a schedule"),
    (lambda: a.Schedule("8pm"), ValueError, "at[0]: expected a time of day such as '20:00', got '8pm'"),
    (lambda: a.Schedule("20:00", days=["friday", "caturday"]), ValueError, "days: expected weekdays among mon"),
    (lambda: a.health("happiness"), ValueError, "field: expected a health figure"),
    (lambda: a.stage("teen"), ValueError, "stage: expected one of launch, growth, mature, declining"),
    (lambda: a.flagged("on_fire"), ValueError, "flag: expected a health flag"),
    (lambda: gk.Budget(total=-1), ValueError, "total: expected a whole number ≥ 0 or None, got -1"),
    (lambda: gk.Budget(per_action={"welcome": 1.5}), ValueError, "per_action['welcome']: expected a whole number ≥ 0"),
    (lambda: a.Conflict("remove", "remove"), ValueError, "loser: an action cannot conflict with itself"),
    (lambda: gk.Policy(plays=[WELCOME, WELCOME]), ValueError, "plays[1].name: duplicate play name"),
    (lambda: gk.Policy(plays=WELCOME), TypeError, "plays: expected a sequence of Play"),
    (lambda: gk.Policy(scoring=tenure_days() < 7), TypeError, "scoring: expected a Metric or None, got Compare"),
    (lambda: gk.Policy(conflicts=[a.Conflict("a", "b"), a.Conflict("b", "c"), a.Conflict("c", "a")]), ValueError,
     "closes a cycle"),
    (lambda: gk.Policy(horizon=None), TypeError, "horizon: expected a timedelta, got NoneType"),
])
def test_bad_plays_and_policies_are_refused_naming_the_field(make: Callable[[], object], error: type[Exception],
                                                             message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        make()


def test_a_review_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="now: expected a timezone-aware datetime"):
        gk.Policy().review(RUNNERS, now=datetime(2026, 11, 20))


def test_a_whole_policy_round_trips_through_json_with_a_schema() -> None:
    policy = gk.Policy(
        scoring=gk.scoring.engagement({gk.Kind.MESSAGE: 1, gk.Kind.ANSWER: 3}), segments=gk.segments.standard(),
        lifecycle=gk.lifecycle(), ladder=gk.presets.discourse_trust_levels(),
        points=gk.presets.stack_exchange_reputation(), badges=[gk.Badge("talker", count(gk.Kind.MESSAGE) >= 100)],
        moderation=gk.presets.wechat_group_rules(), admission=gk.presets.wechat_group_admission(),
        plays=[WELCOME, REACTIVATE, gk.Play("Q&A", "host_event", a.stage("growth") & (a.health("stickiness") < 0.2),
                                            target="community", schedule=a.Schedule(["20:00", "21:30"], days=["fri"]))],
        budget=gk.Budget(10, {"remove": 2}),
    )
    data = json.loads(json.dumps(gk.to_data(policy), ensure_ascii=False))
    jsonschema.validate(data, gk.json_schema(gk.Policy))
    assert gk.from_data(data, gk.Policy) == policy
    assert data["plays"][2]["schedule"] == {"at": ["20:00", "21:30"], "days": ["fri"]}
    data["plays"][2]["schedule"]["at"] = ["8pm"]
    data["budget"]["total"] = "ten"
    with pytest.raises(gk.PolicyError) as caught:
        gk.from_data(data, gk.Policy)
    assert caught.value.problems == ("$.plays[2].schedule.at[0]: expected a time of day such as '20:00', got '8pm'",
                                     "$.budget.total: expected an integer, got str")


# -- properties -----------------------------------------------------------------------------------


def fitted(policy: gk.Policy, community: gk.Community) -> gk.Community:
    """The community with the tiers its members hold limited to the policy's ladder (a member in a
    tier the ladder does not know is refused by a review, as it should be)."""
    known = set() if policy.ladder is None else set(policy.ladder.names)
    members = [attrs.evolve(m, tier=None, tier_since=None) if m.tier not in known else m for m in community.members]
    return attrs.evolve(community, members=members)


def _all(result: gk.Review) -> list[gk.Action]:
    return [*result.actions, *result.deferred, *(d.action for d in result.dropped)]


@given(policies(), communities(), st.randoms(use_true_random=False))
def test_reviews_are_deterministic_and_ignore_the_order_of_events(policy: gk.Policy, community: gk.Community,
                                                                  rng: random.Random) -> None:
    community = fitted(policy, community)
    first = policy.review(community, now=NOW)
    events = list(community.events)
    rng.shuffle(events)
    members = list(community.members)
    again = policy.review(gk.Community(community.id, community.purpose, community.stage, community.capacity,
                                       members, events, community.timezone), now=NOW)
    assert first == again
    assert [str(x) for x in _all(first)] == [str(x) for x in _all(again)]


@given(policies(), communities())
def test_actions_are_ranked_unique_free_of_conflicts_and_within_the_budget(policy: gk.Policy,
                                                                           community: gk.Community) -> None:
    community = fitted(policy, community)
    result = policy.review(community, now=NOW)
    for ranked in (result.actions, result.deferred):
        assert list(ranked) == sorted(ranked, key=a.rank)
    everything = _all(result)
    keys = [(x.kind, x.target, x.at) for x in everything]
    assert len(keys) == len(set(keys))  # one per kind and target (and time, for scheduled plays)
    beats = {(c.winner, c.loser) for c in policy.conflicts}
    for x in result.actions:
        assert not any((y.kind, x.kind) in beats for y in result.actions if y.target == x.target)
    for dropped in result.dropped:
        assert (dropped.by.kind, dropped.action.kind) in beats and dropped.by in result.actions + result.deferred
    if policy.budget is not None:
        if policy.budget.total is not None:
            assert len(result.actions) <= policy.budget.total
        for kind, most in policy.budget.per_action.items():
            assert sum(1 for x in result.actions if x.kind == kind) <= most
    else:
        assert result.deferred == ()
    assert all(len(x.reasons) >= 1 and all(str(reason) for reason in x.reasons) for x in everything)


@given(policies(), communities())
def test_every_recommendation_is_kept_deferred_or_dropped(policy: gk.Policy, community: gk.Community) -> None:
    community = fitted(policy, community)
    result = policy.review(community, now=NOW)
    found = {(x.kind, x.target) for x in _all(result)}
    seen = gk.view(community, now=NOW)
    for play in policy.plays:
        if play.target == "member":
            chosen = {m for m, holds in seen.test(play.when).items() if holds}
            assert {(play.action, m) for m in chosen} <= found
    for member_id, decision in result.tiers.items():
        if decision.change in ("promoted", "demoted"):
            assert ("promote" if decision.change == "promoted" else "demote", member_id) in found
    assert {("award", m) for m in result.badges} <= found


@given(policies())
def test_policies_round_trip_through_data(policy: gk.Policy) -> None:
    data = json.loads(json.dumps(gk.to_data(policy)))
    assert gk.from_data(data, gk.Policy) == policy


# -- static checks --------------------------------------------------------------------------------


def test_check_finds_each_kind_of_mistake_in_a_broken_policy() -> None:
    messages = count(gk.Kind.MESSAGE, 30 * DAY)
    broken = gk.Policy(
        ladder=gk.Ladder([
            gk.Tier("member", messages >= 5),
            gk.Tier("regular", (messages >= 20) & (messages < 10)),  # contradictory bounds
            gk.Tier("core", messages >= 3),  # easier than "member" below it... and than "regular"
            gk.Tier("leader", gk.rules.never()),  # given by hand: not a problem
        ]),
        segments=gk.Segmentation([gk.Segment("talkers", messages >= 5), gk.Segment("chatterboxes", messages >= 50)]),
        badges=[gk.Badge("core", count(gk.Kind.ANSWER) >= 10)],  # also a tier's name
        moderation=gk.Moderation([gk.moderation.keywords(["代购"], name="ads")],
                                 obligations=[gk.moderation.obligation("ads", gk.moderation.field("data.ad").eq(True),
                                                                       gk.moderation.kind(gk.Kind.RED_PACKET),
                                                                       3 * timedelta(minutes=1), "remove")]),
        plays=[gk.Play("ghost", "reward", count(gk.Kind.MESSAGE) < 0), WELCOME,
               gk.Play("yearly", "thank", count(gk.Kind.ANSWER, 365 * DAY) >= 50)],
        budget=gk.Budget(per_action={"welcome": 0}),
        history=90 * DAY,
    )
    found = [(p.severity, p.path, p.message) for p in broken.check()]
    assert found == [
        ("error", "ladder.tiers[1].entry", "nobody can ever meet it: messages in the last 30 days ≥ 20 and < 10 at once"),
        ("warning", "ladder.tiers[2].entry", "tier 'core' is no harder to enter than 'regular' below it: whoever "
         "meets the lower entry meets this one"),
        ("warning", "segments.segments[1].when", "segment 'chatterboxes' is shadowed by 'talkers' before it: "
         "everyone it holds is taken there first"),
        ("error", "plays[0].when", "play 'ghost' can never fire: messages in total < 0, and it is never below 0"),
        ("warning", "budget.per_action.welcome", "a budget of 0 for 'welcome': it is always deferred (a play "
         "recommends it)"),
        ("error", "moderation.obligations[0].name", "the name 'ads' is also a screening rule's: decisions would "
         "not say which decided"),
        ("error", "badges[0].name", "the name 'core' is also a tier's: members would not know which they hold"),
        ("warning", "plays[2].when.left.within", "a window of 365 days is longer than the 90 days of history the "
         "policy needs (`history`)"),
    ]
    assert [p.render("zh") for p in broken.check()][:5] == [
        "错误，位置 ladder.tiers[1].entry：谁都无法满足：近30天消息数须同时 ≥ 20 且 < 10",
        "警告，位置 ladder.tiers[2].entry：等级「核心」并不比下一级「regular」更难进入：满足下一级进入条件的人也满足这一级的",
        "警告，位置 segments.segments[1].when：分层「chatterboxes」被排在它前面的「talkers」遮住了：它的成员都先被那里分走",
        "错误，位置 plays[0].when：打法「ghost」永远不会触发：累计消息数须 < 0，但它不会小于0",
        "警告，位置 budget.per_action.welcome：「欢迎」的预算为0：它总会被顺延（有打法会推荐它）",
    ]
    assert all(p.zh and str(p) == p.render("en") for p in broken.check())  # every problem has its Chinese
    # the same policy loaded from data is checked the same way, before use
    assert gk.from_data(json.loads(json.dumps(gk.to_data(broken))), gk.Policy).check() == broken.check()


def test_an_upper_tier_easier_than_the_one_below_is_found_through_the_bounds() -> None:
    messages = count(gk.Kind.MESSAGE)
    ladder = gk.Ladder([gk.Tier("a", (messages >= 10) & has_tag("vip")), gk.Tier("b", messages > 5)])
    assert [p.path for p in gk.Policy(ladder=ladder).check()] == ["ladder.tiers[1].entry"]
    harder = gk.Ladder([gk.Tier("a", messages >= 10), gk.Tier("b", (messages >= 10) & has_tag("vip"))])
    assert gk.Policy(ladder=harder).check() == ()


@pytest.mark.parametrize("policy", [
    gk.Policy(ladder=gk.presets.discourse_trust_levels(), points=gk.presets.stack_exchange_reputation(),
              segments=gk.segments.standard(), lifecycle=gk.lifecycle(), moderation=gk.presets.wechat_group_rules(),
              admission=gk.presets.wechat_group_admission()),
    gk.Policy(ladder=gk.presets.stack_exchange_privileges()),
    gk.Policy(segments=gk.presets.orbit_levels()),
    gk.Policy(ladder=gk.presets.chat_group_incentives().ladder, points=gk.presets.chat_group_incentives().points,
              badges=gk.presets.chat_group_incentives().badges),
    gk.presets.wechat_group(),
    gk.presets.discourse_community(),
], ids=["discourse-and-wechat", "stack-exchange", "orbit", "chat-group", "wechat-group", "discourse-community"])
def test_the_presets_have_no_problem(policy: gk.Policy) -> None:
    assert policy.check() == ()


@given(policies())
def test_check_never_raises_and_names_real_paths(policy: gk.Policy) -> None:
    for problem in policy.check():
        assert problem.severity in ("error", "warning") and problem.message
        head = re.match(r"[a-z_]+", problem.path)
        assert head is not None and head.group(0) in attrs.fields_dict(gk.Policy)


# -- back-testing ---------------------------------------------------------------------------------


def test_a_backtest_is_the_review_of_each_date() -> None:
    policy = gk.Policy(segments=gk.segments.standard(), lifecycle=gk.lifecycle(), plays=[WELCOME, REWARD, REACTIVATE])
    start = T0 - 10 * DAY
    series = policy.backtest(RUNNERS, start, T0, every=5 * DAY)
    assert [moment.now for moment in series] == [start, start + 5 * DAY, T0]
    for moment in series:
        again = policy.review(RUNNERS, now=moment.now)
        assert moment.health == again.health
        assert sum(moment.segments.values()) == len(again.segments) == moment.health.members
        assert list(moment.segments) == list(policy.segments.names)  # type: ignore[union-attr]
        assert moment.actions == {kind: sum(1 for a in again.actions if a.kind == kind)
                                  for kind in sorted({a.kind for a in again.actions})}
    assert series[-1].actions == {"reactivate": 1, "reward": 2, "welcome": 2}
    assert series[0].segments["silent"] >= 0 and series[0].stages["new"] == 0  # bo and ed had not joined
    with pytest.raises(ValueError, match=r"end: .* is before start"):
        policy.backtest(RUNNERS, T0, start)
    with pytest.raises(ValueError, match="every: expected a positive duration"):
        policy.backtest(RUNNERS, start, T0, every=timedelta(0))


# -- the playbook presets -------------------------------------------------------------------------


def test_the_wechat_playbook_tells_operators_what_to_do_today() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    now = datetime(2026, 11, 25, 12, tzinfo=shanghai)  # a Wednesday noon
    people = [gk.Member("owner", now - 400 * DAY, role=gk.Role.OWNER), gk.Member("new", now - timedelta(hours=3)),
              gk.Member("grumpy", now - 200 * DAY), gk.Member("gone", now - 200 * DAY),
              *(gk.Member(f"m{i}", now - 100 * DAY) for i in range(5))]
    events = [gk.Event(f"m{i}", gk.Kind.REPORT, now - (i + 1) * DAY, target="grumpy") for i in range(3)]
    events += [gk.Event("grumpy", gk.Kind.MESSAGE, now - DAY), gk.Event("gone", gk.Kind.MESSAGE, now - 120 * DAY)]
    quiet = gk.Community("hikers", gk.Purpose.INTEREST, gk.Stage.GROWTH, 10, people, events, shanghai)
    review = gk.presets.wechat_group().review(quiet, now=now)
    done = [(x.kind, x.target) for x in review.actions]
    assert ("remove", "grumpy") in done and ("remove", "gone") in done
    assert ("welcome", "new") in done and ("mentor", "new") in done
    assert {"regather", "offer_help", "surprise", "start_topic"} <= {kind for kind, target in done if target == "hikers"}
    assert ("split_group", "hikers") in done  # 9 of 10 places taken: 90%
    assert [x.at for x in review.actions if x.kind == "host_event"] == [datetime(2026, 11, 25, 20, tzinfo=shanghai)]
    welcome = next(x for x in review.actions if x.kind == "welcome")
    assert welcome.params["nickname"] == "name-region-profession"
    assert "第一天被欢迎的新人更愿意留下" in welcome.render("zh")
    # once the host records a regathering, the first move waits 14 days
    later = gk.Community("hikers", gk.Purpose.INTEREST, gk.Stage.GROWTH, 10, people,
                         [*events, gk.Event("owner", "regather", now - 2 * DAY)], shanghai)
    assert "regather" not in {x.kind for x in gk.presets.wechat_group().review(later, now=now).actions}


def test_the_discourse_community_awards_trust_level_badges_and_welcomes_new_accounts() -> None:
    now = T0
    people = [gk.Member("sam", now - 500 * DAY, tier="regular"), gk.Member("kim", now - timedelta(hours=2))]
    forum = gk.Community("forum", gk.Purpose.SUPPORT, gk.Stage.MATURE, None, people,
                         [gk.Event("kim", "like", now - timedelta(hours=1), target="sam")])
    review = gk.presets.discourse_community().review(forum, now=now)
    awards = {x.target: x.params["badges"] for x in review.actions if x.kind == "award"}
    assert awards == {"sam": ("Basic User", "Member", "Regular", "Welcome"), "kim": ("First Like",)}
    assert ("welcome", "kim") in [(x.kind, x.target) for x in review.actions]
