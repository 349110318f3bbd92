"""`python -m groupkit`: a demo on a synthetic community: who matches rules, scores, tiers, points, badges, and why.

This is the one module of groupkit that prints.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import timedelta

import attrs

import groupkit as gk
from groupkit.metrics import active_days, count, days_since_last, received, tenure_days, total
from groupkit.rules import Predicate, has_role
from groupkit.scoring import engagement

WEEK, MONTH = timedelta(days=7), timedelta(days=30)

SCORE = engagement(
    {gk.Kind.MESSAGE: 1, gk.Kind.REPLY: 2, gk.Kind.ANSWER: 5, gk.Kind.SHARE: 3, gk.Kind.CHECKIN: 1},
    half_life=WEEK,
    within=MONTH,
    daily_cap={gk.Kind.MESSAGE: 20, gk.Kind.CHECKIN: 1},
)

RULES: tuple[tuple[str, Predicate], ...] = (
    (
        "Regulars to thank",
        (count(gk.Kind.MESSAGE, WEEK) >= 10) & (active_days(MONTH) >= 15) & ~has_role(gk.Role.ADMIN)
        & ~has_role(gk.Role.OWNER),
    ),
    ("Silent members to win back", (days_since_last() >= 14) & (tenure_days() >= 30)),
    ("Paying members", total(gk.Kind.PURCHASE, MONTH) >= 100),
    ("Helpful members", (received(gk.Kind.REACTION, MONTH) >= 5) | (count(gk.Kind.ANSWER, MONTH) >= 3)),
)


def demo(shown: int = 3) -> str:
    """The demo's report as text: the same every run."""
    club = gk.synthetic.community(seed=2026, members=150, days=30, events=4500)
    now = gk.synthetic.DEFAULT_NOW
    today = gk.view(club, now=now)
    lines = [
        f"groupkit demo: community {club.id!r}, {len(today.members)} members, "
        f"{len(club.events)} events over 30 days, as of {now.isoformat()}",
    ]
    for title, rule in RULES:
        chosen = [member for member, holds in today.test(rule).items() if holds]
        lines += ["", f"{title}: {len(chosen)} of {len(today.members)}", f"  rule: {rule!r}"]
        for member_id in chosen[:shown]:
            nickname = today.member(member_id).nickname
            lines.append(f"  {member_id} ({nickname}): {today.explain(rule, member_id)}")
        if len(chosen) > shown:
            lines.append(f"  … and {len(chosen) - shown} more")
    lines += _scores(today, shown + 2)
    lines += _incentives(today, shown)
    lines += _screening()
    return "\n".join(lines)


def _scores(today: gk.View, shown: int) -> list[str]:
    scores = today.measure(SCORE)
    top = sorted(today.member_ids, key=lambda member_id: (-scores[member_id], member_id))[:shown]
    lines = ["", f"Most engaged: {SCORE!r}"]
    for member_id in top:
        parts = ", ".join(f"{kind} {value:.1f}" for kind, value in today.breakdown(SCORE, member_id).items() if value)
        lines.append(f"  {member_id} {scores[member_id]:6.1f} = {parts}")
    for title, segmentation in (("Segments", gk.segments.standard()), ("Lifecycle", gk.lifecycle())):
        sizes = Counter(today.segment(segmentation).values())
        lines.append(f"{title}: " + ", ".join(f"{name} {sizes[name]}" for name in segmentation.names))
    health = today.health()
    lines.append("Health:")
    for field in attrs.fields(type(health)):
        value = getattr(health, field.name)
        if field.name != "flags":
            shown_value = f"{value:.2f}" if isinstance(value, float) else str(value)
            lines.append(f"  {field.name:<28} {shown_value}")
    lines += [f"  flag {flag.name}: {flag.reason}" for flag in health.flags] or ["  no flags"]
    return lines


def _incentives(today: gk.View, shown: int) -> list[str]:
    playbook = gk.presets.chat_group_incentives()
    decisions = today.tiers(playbook.ladder)
    changes = Counter(decision.change for decision in decisions.values())
    lines = ["", "Tiers (chat-group playbook): " + ", ".join(f"{change} {n}" for change, n in sorted(changes.items()))]
    moved = [decision for decision in decisions.values() if decision.change != "kept"]
    lines += [f"  {decision}" for decision in moved[:shown]]
    balances = today.points(playbook.points)
    richest = sorted(balances, key=lambda member_id: (-balances[member_id].balance, member_id))[:shown]
    lines.append("Points, highest balances:")
    for member_id in richest:
        account = balances[member_id]
        lines.append(f"  {member_id} {account.balance:>4} points (earned {account.earned}, capped "
                     f"{sum(e.points for e in account.entries if e.kind == 'capped')}); last: {account.entries[-1]}")
    awards = today.badges(playbook.badges)
    given = Counter(award.badge.name for due in awards.values() for award in due)
    lines.append("New badges: " + ", ".join(f"{badge.name} {given[badge.name]}" for badge in playbook.badges))
    for member_id, due in awards.items():
        for award in due[:1]:
            lines.append(f"  {member_id} ({today.member(member_id).nickname}) earns {award.badge.name!r}, "
                         f"title {award.badge.title!r}: {award.reasons}")
            shown -= 1
        if shown <= 0:
            break
    return lines


def _screening() -> list[str]:
    """A morning in a WeChat group, event by event, through the preset group rules."""
    rules = gk.presets.wechat_group_rules()
    start = gk.synthetic.DEFAULT_NOW
    second, minute = timedelta(seconds=1), timedelta(minutes=1)
    people = {
        "ann": gk.Member("ann", start - MONTH, nickname="王芳-杭州-设计师"),
        "bo": gk.Member("bo", start - MONTH, nickname="bo"),
        "cy": gk.Member("cy", start - timedelta(hours=2), nickname="陈-上海-老师"),
        "dan": gk.Member("dan", start - MONTH, nickname="李-北京-律师"),
    }
    stream = [
        gk.Event("bo", gk.Kind.MESSAGE, start, text="大家好"),
        gk.Event("ann", gk.Kind.MESSAGE, start + second, text="新品上市，八折", data={"ad": True}),
        gk.Event("dan", gk.Kind.MESSAGE, start + 2 * second, text="广告也发一个", data={"ad": True}),
        gk.Event("cy", gk.Kind.MESSAGE, start + 3 * second, text="看这里 https://example.com"),
        gk.Event("bo", gk.Kind.VOICE, start + 4 * second),
        gk.Event("bo", gk.Kind.MESSAGE, start + 5 * second, text="专业代购，加我 vx: abc12345"),
        gk.Event("ann", gk.Kind.RED_PACKET, start + 2 * minute, value=50, data={"count": 20}),
    ]
    lines = ["", f"Screening a chat stream with the WeChat group rules ({len(rules.rules)} rules, "
             f"{len(rules.obligations)} obligation):"]
    state = gk.ScreenState.empty()
    for event in stream:
        result = rules.screen(state, event, people[event.member_id])
        state = result.state
        shown = (event.text or event.kind)[:24]
        lines.append(f"  {event.at:%H:%M:%S} {event.member_id:<4} {shown!r:<28} → {result.decision}")
    due, state = rules.tick(state, start + 5 * minute)
    lines += [f"  {start + 5 * minute:%H:%M:%S} tick: {decision}" for decision in due]
    lines.append(f"  a message for the group: {due[0].message.zh if due and due[0].message else '-'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        print(f"usage: python -m groupkit   (no arguments: runs the demo; got {' '.join(args)!r})",
              file=sys.stderr)
        return 2
    print(demo())
    return 0


if __name__ == "__main__":
    sys.exit(main())
