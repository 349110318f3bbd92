"""Screening: rules, escalation, obligations with timers, and the state the host keeps."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import jsonschema
import pytest
from hypothesis import given, stateful
from hypothesis import strategies as st

import groupkit as gk
from groupkit import moderation as mod
from groupkit.moderation import ScreenState
from groupkit.strategies import event_streams, moderations

T0 = datetime(2026, 5, 1, 10, 0, 0, tzinfo=UTC)
SECOND, MINUTE = timedelta(seconds=1), timedelta(minutes=1)


def msg(member: str, at: datetime, text: str = "hi", kind: str = gk.Kind.MESSAGE, **fields: object) -> gk.Event:
    return gk.Event(member, kind, at, text=text, **fields)  # type: ignore[arg-type]


def replay(moderation: mod.Moderation, events: list[gk.Event], members: dict[str, gk.Member] | None = None,
           state: ScreenState | None = None) -> tuple[list[mod.Decision], ScreenState]:
    state = state or ScreenState.empty()
    decisions = []
    for event in events:
        result = moderation.screen(state, event, (members or {}).get(event.member_id))
        decisions.append(result.decision)
        state = result.state
    return decisions, state


RED_PACKET = mod.obligation(
    "send a red packet",
    trigger=mod.field("data.ad").eq(True),
    require=mod.kind(gk.Kind.RED_PACKET) & (mod.field("value") >= 50) & (mod.field("data.count") >= 20),
    within=3 * MINUTE,
    otherwise=gk.Step("remove"),
)


def test_the_ad_and_red_packet_rule_minute_by_minute() -> None:
    rules = mod.Moderation([], obligations=[RED_PACKET])
    ad = msg("ann", T0, "新品八折", data={"ad": True})
    opened = rules.screen(ScreenState.empty(), ad)
    assert opened.decision.action == "request" and opened.decision.rule == "send a red packet"
    state = opened.state
    # a red packet of 50 yuan for 20 people at 10:02:59 keeps her
    paid = rules.screen(state, msg("ann", T0 + 3 * MINUTE - SECOND, "", gk.Kind.RED_PACKET, value=50,
                                   data={"count": 20}))
    assert paid.decision.action == "allow" and paid.state.obligations == ()
    assert rules.tick(paid.state, T0 + 3 * MINUTE)[0] == ()
    # none by 10:03:00: removed, exactly once
    decisions, later = rules.tick(state, T0 + 3 * MINUTE - SECOND)
    assert decisions == ()
    decisions, later = rules.tick(later, T0 + 3 * MINUTE)
    assert [(d.member_id, d.action, d.rule) for d in decisions] == [("ann", "remove", "send a red packet")]
    assert "did not send a red packet within 3 minutes" in str(decisions[0].reasons[0])
    assert rules.tick(later, T0 + 10 * MINUTE)[0] == ()


def test_a_red_packet_too_small_or_too_late_does_not_count() -> None:
    rules = mod.Moderation([], obligations=[RED_PACKET])
    ad = msg("ann", T0, "ad", data={"ad": True})
    small = msg("ann", T0 + MINUTE, "", gk.Kind.RED_PACKET, value=20, data={"count": 20})
    late = msg("ann", T0 + 3 * MINUTE, "", gk.Kind.RED_PACKET, value=50, data={"count": 20})
    other = msg("bo", T0 + MINUTE, "", gk.Kind.RED_PACKET, value=50, data={"count": 20})  # not the advertiser
    _, state = replay(rules, [ad, small, other, late])
    decisions, _ = rules.tick(state, T0 + 3 * MINUTE)
    assert [(d.member_id, d.action) for d in decisions] == [("ann", "remove")]


def test_escalation_steps_and_decay() -> None:
    ladder = gk.Escalation([gk.Step("warn"), gk.Step("mute", 10 * MINUTE), gk.Step("mute", timedelta(days=1)),
                            gk.Step("remove")], decay=timedelta(days=7))
    rules = mod.Moderation([mod.keywords(["代购"])], escalation=ladder)
    days = [0, 1, 2, 3, 4, 12]  # the sixth comes after the first five have decayed
    events = [msg("ann", T0 + timedelta(days=d), "专业代购") for d in days]
    decisions, _ = replay(rules, events)
    assert [(d.action, d.duration) for d in decisions] == [
        ("warn", None), ("mute", 10 * MINUTE), ("mute", timedelta(days=1)), ("remove", None), ("remove", None),
        ("warn", None),
    ]


def test_a_rule_with_its_own_action_acts_at_once_and_the_strongest_decides() -> None:
    rules = mod.Moderation([mod.keywords(["赌博"], action="remove", name="gambling"), mod.keywords(["代购"])],
                           escalation=gk.Escalation(["warn", "remove"]))
    result = rules.screen(ScreenState.empty(), msg("ann", T0, "代购 赌博"))
    assert (result.decision.action, result.decision.rule) == ("remove", "gambling")
    assert sorted(d.action for d in result.fired) == ["remove", "warn"]
    assert "违禁词「赌博」" in result.decision.reasons[0].zh


def test_without_escalation_a_violation_deletes_the_message() -> None:
    result = mod.Moderation([mod.keywords(["spam"], mode="word")]).screen(ScreenState.empty(), msg("a", T0, "SPAM!"))
    assert result.decision.action == "delete"
    assert mod.Moderation([mod.keywords(["spam"], mode="word")]).screen(
        ScreenState.empty(), msg("a", T0, "spammer")).decision.action == "allow"


def test_flood_duplicates_and_media_count_the_members_own_events() -> None:
    rules = mod.Moderation([mod.flood(3, 10 * SECOND), mod.duplicates(2, MINUTE), mod.media()])
    ann = [msg("ann", T0 + i * SECOND, f"line {i}") for i in range(4)]  # 4 in 4 seconds
    bo = [msg("bo", T0 + i * SECOND, "same") for i in range(0, 30, 10)]  # the same text three times
    cy = [msg("cy", T0, "", gk.Kind.VOICE)]
    decisions, _ = replay(rules, sorted([*ann, *bo, *cy], key=lambda e: (e.at, e.member_id)))
    fired = {(d.member_id, d.rule) for d in decisions if d.action != "allow"}
    assert fired == {("ann", "flood"), ("bo", "duplicates"), ("cy", "media")}


def test_exempt_roles_are_never_acted_on_and_rules_can_target_tiers() -> None:
    owner = gk.Member("own", T0 - timedelta(days=100), role=gk.Role.OWNER)
    newbie = gk.Member("new", T0 - MINUTE, tier="newcomer")
    rules = mod.Moderation([mod.links(min_tenure=timedelta(days=1)), mod.mentions(2, tiers=["newcomer"])])
    link = "see https://example.com/offer"
    assert rules.screen(ScreenState.empty(), msg("own", T0, link), owner).decision.action == "allow"
    assert rules.screen(ScreenState.empty(), msg("new", T0, link), newbie).decision.rule == "links"
    assert rules.screen(ScreenState.empty(), msg("x", T0, link)).decision.rule == "links"  # unknown tenure
    crowd = msg("new", T0, "@a @b @c hello")
    assert rules.screen(ScreenState.empty(), crowd, newbie).decision.rule == "mentions"
    veteran = gk.Member("new", T0 - timedelta(days=9), tier="regular")
    assert rules.screen(ScreenState.empty(), crowd, veteran).decision.action == "allow"


def test_nickname_rule_reminds_at_most_once_a_day() -> None:
    rules = mod.Moderation([mod.nickname(r"^[^-]+-[^-]+-[^-]+$")])
    lazy = gk.Member("ann", T0 - timedelta(days=3), nickname="ann")
    events = [msg("ann", T0 + i * timedelta(hours=6), "hi") for i in range(6)]
    decisions, _ = replay(rules, events, {"ann": lazy})
    assert [d.action for d in decisions] == ["remind", "allow", "allow", "allow", "remind", "allow"]
    assert "name-region-profession" in str(decisions[0].message)
    good = gk.Member("ann", T0, nickname="王芳-杭州-设计师")
    assert rules.screen(ScreenState.empty(), events[0], good).decision.action == "allow"


def test_events_out_of_time_order_are_rejected_and_the_state_is_unchanged() -> None:
    rules = mod.Moderation([mod.flood(3, 10 * SECOND)])
    state = rules.screen(ScreenState.empty(), msg("ann", T0)).state
    with pytest.raises(mod.OutOfOrderError, match="older than the state's clock"):
        rules.screen(state, msg("ann", T0 - SECOND))
    assert state.clock == T0 and state.record("ann").recent


def test_conditions_read_fields_and_data() -> None:
    event = msg("ann", T0, "加微信领红包", gk.Kind.RED_PACKET, value=88, data={"count": 20, "ad": True})
    assert (mod.field("value") >= 50).holds(event)
    assert mod.field("data.ad").eq(True).holds(event)
    assert not mod.field("data.missing").eq(True).holds(event)
    assert not (mod.field("data.count") > "5").holds(event)  # a number is not compared with text
    assert (~mod.kind("message") & mod.text_matches("加微信")).holds(event)
    with pytest.raises(ValueError, match="event field"):
        mod.field("colour")


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: mod.keywords("代购"), TypeError, "words: expected a sequence of strings, got str"),
    (lambda: mod.keywords([]), ValueError, "words: expected at least one word"),
    (lambda: mod.keywords(["代购", " "]), ValueError, "words[1]: expected a non-empty string"),
    (lambda: mod.keywords(["a"], mode="regex"), ValueError, "mode: expected 'substring' or 'word'"),
    (lambda: mod.keywords(["a"], action="ban"), ValueError, "action: expected one of 'allow'"),
    (lambda: mod.keywords(["a"], roles=["king"]), ValueError, "roles: 'king' is not a valid Role"),
    (lambda: mod.keywords(["a"], exempt_tags="vip"), TypeError, "exempt_tags: expected a collection of tags"),
    (lambda: mod.keywords(["a"], exempt_tiers=[""]), ValueError, "exempt_tiers: expected non-empty tier names"),
    (lambda: mod.flood(0, SECOND), ValueError, "max_events: expected a whole number ≥ 1, got 0"),
    (lambda: mod.flood(3, None), TypeError, "per: expected a timedelta, got NoneType"),
    (lambda: mod.flood(3, -SECOND), ValueError, "per: expected a positive duration"),
    (lambda: mod.flood(3, SECOND, kinds="voice"), TypeError, "kinds: expected a collection of event kinds"),
    (lambda: mod.duplicates(2, 10), TypeError, "within: expected a timedelta, got int"),
    (lambda: mod.mentions(-1), ValueError, "max_mentions: expected a whole number ≥ 0, got -1"),
    (lambda: mod.media(max_per=1.5), ValueError, "max_per: expected a whole number ≥ 0, got 1.5"),
    (lambda: mod.links(allow="shop.example"), TypeError, "allow: expected a sequence of domain names, got str"),
    (lambda: mod.links(deny=["ok.example", "bad example"]), ValueError, "deny[1]: expected a domain name"),
    (lambda: mod.links(min_tenure=0), TypeError, "min_tenure: expected a timedelta or None, got int"),
    (lambda: mod.pattern(r"(\w+) \1"), mod.UnsafePatternError, "backreference"),
    (lambda: mod.nickname(""), ValueError, "regex: expected a non-empty name"),
    (lambda: mod.custom("kind == 'video'", "delete"), TypeError, "condition: expected a Condition, got str"),
    (lambda: gk.Escalation([]), ValueError, "steps: an escalation needs at least one step"),
    (lambda: gk.Escalation(["warn"], decay=None), TypeError, "decay: expected a timedelta, got NoneType"),
    (lambda: gk.Step("mute", -MINUTE), ValueError, "duration: expected a positive duration"),
    (lambda: gk.Moderation(mod.keywords(["a"])), TypeError, "rules: expected a sequence of screening rules"),
    (lambda: gk.Moderation([mod.keywords(["a"]), mod.keywords(["b"])]), ValueError,
     "rules[1].name: duplicate rule name 'keywords'"),
    (lambda: gk.Moderation([], escalation="warn"), TypeError, "escalation: expected an Escalation or None"),
    (lambda: mod.obligation("pay", mod.kind("ad"), mod.kind("red_packet"), MINUTE, "ignore"), ValueError,
     "action: expected one of"),
    (lambda: mod.obligation("pay", mod.kind("ad"), "red packet", MINUTE, "remove"), TypeError,
     "require: expected a Condition"),
])
def test_bad_rules_are_refused_naming_the_field(make: Callable[[], object], error: type[Exception],
                                                message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        make()


def test_bad_screening_calls_and_data_are_refused() -> None:
    rules = mod.Moderation([mod.keywords(["代购"])])
    event = msg("ann", T0)
    with pytest.raises(TypeError, match="state: expected a ScreenState, got dict"):
        rules.screen({}, event)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="event: expected a groupkit Event, got dict"):
        rules.screen(ScreenState.empty(), {"member_id": "ann"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="member: the event was sent by 'ann', not by 'bo'"):
        rules.screen(ScreenState.empty(), event, gk.Member("bo", T0))
    with pytest.raises(ValueError, match="now: expected a timezone-aware datetime"):
        rules.tick(ScreenState.empty(), datetime(2026, 5, 1))
    for data, problem in [
        ({"rules": [{"type": "ban_everyone"}]}, "$.rules[0]: unknown screening rule type 'ban_everyone'"),
        ({"rules": [{"type": "flood", "max_events": "5", "per": "PT10S"}]}, "$.rules[0].max_events: expected an integer"),
        ({"rules": [{"type": "keywords", "words": ["a"], "colour": "red"}]}, "$.rules[0]: unknown fields: colour"),
        ({"rules": [{"type": "pattern", "regex": "(a)\\1"}]}, "$.rules[0]"),
    ]:
        with pytest.raises(gk.PolicyError) as caught:
            gk.from_data(data, mod.Moderation)
        assert problem in str(caught.value)
    with pytest.raises(gk.PolicyError, match=re.escape("$.clock: expected an ISO 8601 date-time with a UTC offset")):
        gk.from_data({"clock": "2026-05-01T10:00:00", "members": {}}, ScreenState)


def test_state_and_rules_round_trip_through_data() -> None:
    rules = mod.Moderation(
        [mod.keywords(["代购"]), mod.flood(3, 10 * SECOND, kinds=["message"]), mod.duplicates(2, MINUTE),
         mod.links(deny=["bad.example"]), mod.nickname("^.+-.+-.+$"), mod.custom(mod.kind("video"), "delete"),
         mod.pattern("v\\s*x"), mod.media(max_per=1), mod.mentions(5)],
        escalation=gk.Escalation(["warn", gk.Step("mute", MINUTE)]),
        obligations=[RED_PACKET],
    )
    assert gk.from_data(gk.to_data(rules), mod.Moderation) == rules
    events = [msg("ann", T0 + i * SECOND, "代购" if i % 3 == 0 else "same", data={"ad": i == 2}) for i in range(8)]
    _, state = replay(rules, events)
    back = gk.from_data(gk.to_data(state), ScreenState)
    assert back == state
    jsonschema.validate(gk.to_data(state), gk.json_schema(ScreenState))
    jsonschema.validate(gk.to_data(rules), gk.json_schema(mod.Moderation))
    assert [d for d in replay(rules, [msg("ann", T0 + MINUTE, "same")], state=back)[0]] == \
        replay(rules, [msg("ann", T0 + MINUTE, "same")], state=state)[0]


# -- properties ---------------------------------------------------------------------------------


STAFF = {"cy": gk.Member("cy", datetime(2020, 1, 1, tzinfo=UTC), role=gk.Role.ADMIN)}


@given(moderations(), event_streams())
def test_a_state_kept_in_memory_or_stored_as_data_decides_the_same(rules: mod.Moderation,
                                                                   stream: list[gk.Event]) -> None:
    memory = stored = ScreenState.empty()
    for event in stream:
        here = rules.screen(memory, event, STAFF.get(event.member_id))
        there = rules.screen(stored, event, STAFF.get(event.member_id))
        assert here.decision == there.decision and here.fired == there.fired
        memory = here.state
        stored = gk.from_data(json.loads(json.dumps(gk.to_data(there.state))), ScreenState)
        assert stored == memory


@given(moderations(), event_streams(max_events=40))
def test_exempt_roles_are_never_acted_on_and_obligations_end_once(rules: mod.Moderation,
                                                                  stream: list[gk.Event]) -> None:
    state = ScreenState.empty()
    opened: list[tuple[str, datetime]] = []
    ended: list[tuple[str, datetime]] = []
    for event in stream:
        fired, state = rules.tick(state, event.at)
        ended += [(d.member_id, d.reasons[0].en) for d in fired]  # type: ignore[misc]
        before = state.obligations
        result = rules.screen(state, event, STAFF.get(event.member_id))
        if event.member_id == "cy":
            assert result.decision.action == "allow" and result.fired == ()
        met = [o for o in before if o not in result.state.obligations]
        assert all(o.due > event.at for o in met)  # only an open, unexpired obligation can be met
        opened += [(d.member_id, event.at) for d in result.fired if d.action == "request"]
        state = result.state
    fired, state = rules.tick(state, stream[-1].at + timedelta(days=1) if stream else T0)
    ended += [(d.member_id, d.reasons[0].en) for d in fired]  # type: ignore[misc]
    assert state.obligations == ()
    assert len(ended) <= len(opened)


class ScreeningMachine(stateful.RuleBasedStateMachine):
    """A host screening a group event by event and ticking its timer, its state stored as JSON after
    every step, against a twin that keeps the state in memory."""

    @stateful.initialize(rules=moderations())
    def start(self, rules: mod.Moderation) -> None:
        self.rules = rules
        self.memory = self.stored = ScreenState.empty()
        self.now = T0
        self.open: Counter[tuple[str, datetime]] = Counter()  # obligations opened and not yet met or fired
        windows = [window for rule in rules.rules if (window := rule.window()) is not None]
        self.longest = max(windows, default=timedelta(0))

    def _store(self, state: ScreenState) -> ScreenState:
        return gk.from_data(json.loads(json.dumps(gk.to_data(state))), ScreenState)

    @stateful.rule(member=st.sampled_from(("ann", "bo", "cy")), gap=st.sampled_from((0, 1, 5, 30, 200, 4000)),
          kind=st.sampled_from((gk.Kind.MESSAGE, gk.Kind.VOICE, gk.Kind.RED_PACKET)),
          text=st.sampled_from(("hi", "代购", "see https://example.com", "@a @b @c @d", "same")),
          ad=st.booleans(), value=st.sampled_from((10, 50)), shares=st.sampled_from((5, 20)))
    def screen(self, member: str, gap: int, kind: str, text: str, ad: bool, value: int, shares: int) -> None:
        self.now += gap * SECOND
        data = {"count": shares} if kind == gk.Kind.RED_PACKET else {"ad": True} if ad else {}
        event = gk.Event(member, kind, self.now, value=value if kind == gk.Kind.RED_PACKET else 0, text=text,
                         data=data)
        here = self.rules.screen(self.memory, event, STAFF.get(member))
        there = self.rules.screen(self.stored, event, STAFF.get(member))
        assert (here.decision, here.fired) == (there.decision, there.fired)
        if member == "cy":  # an admin: exempt from every rule
            assert here.fired == ()
        self.memory, self.stored = here.state, self._store(there.state)
        # the sender's record holds only what the windows and the escalation need
        record = here.state.record(member)
        assert all(self.now - seen[0] < self.longest for seen in record.recent)
        if self.rules.escalation is not None:
            assert len(record.strikes) <= len(self.rules.escalation.steps)
            assert all(self.now - strike < self.rules.escalation.decay for strike in record.strikes)
        self.open &= self._keys(here.state)  # a met one closes
        self.open.update((d.member_id, self.now) for d in here.fired if d.action == "request")

    @stateful.rule(gap=st.sampled_from((1, 60, 179, 180, 181, 3600)))
    def tick(self, gap: int) -> None:
        self.now += gap * SECOND
        fired, self.memory = self.rules.tick(self.memory, self.now)
        fired_there, stored = self.rules.tick(self.stored, self.now)
        self.stored = self._store(stored)
        assert fired == fired_there
        due = Counter({key: n for key, n in self.open.items() if key[1] + 180 * SECOND <= self.now})
        assert sorted(d.member_id for d in fired) == sorted(member for member, _ in due.elements())  # once, when due
        self.open -= due

    @stateful.invariant()
    def stored_and_kept_states_agree(self) -> None:
        if hasattr(self, "rules"):
            assert self.stored == self.memory
            assert self._keys(self.memory) == self.open

    @staticmethod
    def _keys(state: ScreenState) -> Counter[tuple[str, datetime]]:
        return Counter((o.member_id, o.opened) for o in state.obligations)


test_screening_as_a_host_runs_it = ScreeningMachine.TestCase


@given(st.integers(1, 3), st.integers(2, 6))
def test_strikes_decay(steps: int, gap_minutes: int) -> None:
    ladder = gk.Escalation(["warn", "delete", "remove"][:steps], decay=timedelta(minutes=gap_minutes))
    rules = mod.Moderation([mod.keywords(["代购"])], escalation=ladder)
    far_apart = [msg("ann", T0 + i * timedelta(minutes=gap_minutes), "代购") for i in range(4)]
    decisions, _ = replay(rules, far_apart)
    assert {d.action for d in decisions} == {"warn"}  # each strike has lapsed before the next


def test_the_state_stays_small_however_long_the_stream() -> None:
    rules = mod.Moderation([mod.flood(5, 10 * SECOND), mod.duplicates(2, MINUTE), mod.keywords(["代购"])],
                           escalation=gk.Escalation(["warn", "remove"], decay=timedelta(hours=1)))
    state = ScreenState.empty()
    sizes = []
    for i in range(20_000):
        event = msg(f"m{i % 500}", T0 + i * SECOND, "代购" if i % 7 == 0 else f"text {i % 13}")
        state = rules.screen(state, event).state
        if i % 1_000 == 999 and i >= 9_000:
            sizes.append(state.size())
    # strikes of the last hour (at most two per member: the escalation has two steps) and the events
    # of the last minute, swept as they age (every member's record at least once per 8,192 events):
    # the size stays flat from 10,000 events to 20,000
    assert max(sizes) <= min(sizes) * 1.1, sizes
    assert max(sizes) <= 2 * 500 + 2 * 500


# -- Discord AutoMod ----------------------------------------------------------------------------

DISCORD_RULES = [
    {"id": "1", "name": "no invites", "event_type": 1, "trigger_type": 1, "enabled": True,
     "trigger_metadata": {"keyword_filter": ["discord.gg*", "*coin", "*scam*", "free nitro"],
                          "regex_patterns": ["b[i1]tc[o0]in"], "allow_list": ["scampi", "bitcoin museum"]},
     "actions": [{"type": 1, "metadata": {"custom_message": "no"}}, {"type": 3, "metadata": {"duration_seconds": 60}}],
     "exempt_roles": ["111"], "exempt_channels": []},
    {"id": "2", "name": "mentions", "event_type": 1, "trigger_type": 5, "enabled": True,
     "trigger_metadata": {"mention_total_limit": 3, "mention_raid_protection_enabled": True},
     "actions": [{"type": 1}]},
    {"id": "3", "name": "spam", "event_type": 1, "trigger_type": 3, "enabled": True, "actions": [{"type": 1}]},
    {"id": "4", "name": "alerts", "event_type": 1, "trigger_type": 1, "enabled": True,
     "trigger_metadata": {"keyword_filter": ["x"]}, "actions": [{"type": 2, "metadata": {"channel_id": "9"}}]},
    {"id": "5", "name": "off", "event_type": 1, "trigger_type": 1, "enabled": False, "actions": [{"type": 1}]},
    {"id": "6", "name": "phones", "event_type": 1, "trigger_type": 1, "enabled": True,
     "trigger_metadata": {"regex_patterns": [r"\d{3}-\d{4}"], "allow_list": ["555-0100"]}, "actions": [{"type": 1}]},
]


@pytest.mark.parametrize(("text", "rule"), [
    ("join discord.gg/abc", "no invites"), ("get catcoin now", "no invites"), ("a SCAMMER here", "no invites"),
    ("Free Nitro for all", "no invites"), ("b1tc0in", "no invites"), ("@a @b @c @d", "mentions"),
    ("I like scampi", None), ("freenitro", None), ("coins", None), ("mydiscord.gg", None), ("@a @b @c", None),
    # the allow list covers the rule's regular expressions too
    ("the Bitcoin Museum opens", None), ("a bitcoin here", "no invites"), ("call 555-0199", "phones"),
    ("call 555-0100", None),
])
def test_discord_automod_rules_decide_as_discord_describes(text: str, rule: str | None) -> None:
    converted = mod.from_discord_automod(DISCORD_RULES)
    result = mod.Moderation(converted.rules).screen(ScreenState.empty(), msg("ann", T0, text))
    assert result.decision.rule == rule
    if rule == "no invites":
        assert (result.decision.action, result.decision.duration) == ("mute", timedelta(seconds=60))


def test_discord_conversion_reports_what_it_cannot_convert() -> None:
    converted = mod.from_discord_automod(DISCORD_RULES)
    assert [rule.name for rule in converted.rules] == ["no invites", "mentions", "phones"]
    skipped = "\n".join(converted.skipped)
    for reason in ("raid protection", "'spam'", "SEND_ALERT_MESSAGE", "'alerts'", "disabled"):
        assert reason in skipped
    exempt = gk.Member("ann", T0, tags={"111"})
    rules = mod.Moderation(converted.rules)
    assert rules.screen(ScreenState.empty(), msg("ann", T0, "discord.gg/x"), exempt).decision.action == "allow"
    assert gk.from_data(gk.to_data(rules), mod.Moderation) == rules


# -- the WeChat preset --------------------------------------------------------------------------


def test_wechat_group_rules_replay_a_morning_in_the_group() -> None:
    rules = gk.presets.wechat_group_rules()
    ann = gk.Member("ann", T0 - timedelta(days=30), nickname="王芳-杭州-设计师")
    bo = gk.Member("bo", T0 - timedelta(days=30), nickname="bo")
    cy = gk.Member("cy", T0 - timedelta(hours=1), nickname="陈-上海-老师")
    people = {p.id: p for p in (ann, bo, cy)}
    stream = [
        msg("bo", T0, "大家好"),  # nickname not in the format: a reminder
        msg("ann", T0 + SECOND, "新品上市，八折", data={"ad": True}),  # an ad: a red packet is requested
        msg("cy", T0 + 2 * SECOND, "看这里 https://example.com"),  # joined an hour ago: no links yet
        msg("bo", T0 + 3 * SECOND, "", gk.Kind.VOICE),  # no voice messages: first strike, a warning
        msg("bo", T0 + 4 * SECOND, "专业代购"),  # second strike: muted 10 minutes
        msg("ann", T0 + 2 * MINUTE, "", gk.Kind.RED_PACKET, value=50, data={"count": 20}),  # in time
    ]
    decisions, state = replay(rules, stream, people)
    assert [(d.member_id, d.action, d.rule) for d in decisions] == [
        ("bo", "remind", "nickname"), ("ann", "request", "send a red packet"), ("cy", "warn", "links"),
        ("bo", "warn", "media"), ("bo", "mute", "sensitive words"), ("ann", "allow", None),
    ]
    assert decisions[4].duration == 10 * MINUTE
    assert "消息包含违禁词「代购」" in decisions[4].message.zh  # type: ignore[union-attr]
    assert rules.tick(state, T0 + 10 * MINUTE)[0] == ()  # ann paid: nobody is removed


def test_wechat_group_admission_paces_and_mentors() -> None:
    entry = gk.presets.wechat_group_admission()
    assert (entry.pacing.max_joins, entry.capacity) == (20, 199)  # type: ignore[union-attr]
    assert gk.admission.size_class(entry.capacity) == "large"  # type: ignore[arg-type]
    assert gk.admission.size_class(200) == "oversize"


@given(moderations(), event_streams())
def test_a_rule_that_is_not_asked_could_not_have_fired(rules: mod.Moderation, stream: list[gk.Event]) -> None:
    for event in stream:
        for rule in rules.rules:
            if not rule.can_fire(event.kind, bool(event.text), bool(event.data)):
                assert rule.check(event, None, ()) is None
