"""`python -m groupkit`: a demo on a synthetic community: who matches a few rules, and why.

This is the one module of groupkit that prints.
"""

from __future__ import annotations

import sys
from datetime import timedelta

import groupkit as gk
from groupkit.metrics import active_days, count, days_since_last, received, tenure_days, total
from groupkit.rules import Predicate, has_role

WEEK, MONTH = timedelta(days=7), timedelta(days=30)

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
    return "\n".join(lines)


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
