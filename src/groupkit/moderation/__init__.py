"""Moderation: screen each incoming event against the group's rules, in real time, with the state
kept by the host.

Build a `Moderation` from screening rules (`keywords`, `pattern`, `links`, `flood`, `duplicates`,
`mentions`, `media`, `nickname`, `custom`), an `Escalation` and `obligation`s; start from
`ScreenState.empty()`; call `screen(state, event, member)` for every event in time order and
`tick(state, now)` now and then to fire obligations whose time ran out. Conditions on one event
(`kind`, `field`, `text_matches`) combine with ``&``, ``|`` and ``~``.

>>> from datetime import timedelta
>>> rules = Moderation([flood(5, timedelta(seconds=10))], escalation=Escalation(["warn", "remove"]))
>>> rules
Moderation(1 rule, Escalation(warn → remove, decay 30 days), 0 obligations)
"""

from groupkit._regex import UnsafePatternError
from groupkit.moderation.actions import ACTIONS, Action, Decision, Escalation, Screening, Step, Text
from groupkit.moderation.conditions import Condition, field, kind, text_matches
from groupkit.moderation.discord import DiscordImport, Wildcards, from_discord_automod
from groupkit.moderation.engine import Moderation, Obligation, OutOfOrderError, obligation
from groupkit.moderation.rules import (
    Custom,
    Duplicates,
    Flood,
    Keywords,
    Links,
    Media,
    Mentions,
    Nickname,
    Pattern,
    ScreenRule,
    custom,
    duplicates,
    flood,
    keywords,
    links,
    media,
    mentions,
    nickname,
    pattern,
)
from groupkit.moderation.state import MemberRecord, OpenObligation, ScreenState

__all__ = [
    "ACTIONS",
    "Action",
    "Condition",
    "Custom",
    "Decision",
    "DiscordImport",
    "Duplicates",
    "Escalation",
    "Flood",
    "Keywords",
    "Links",
    "Media",
    "MemberRecord",
    "Mentions",
    "Moderation",
    "Nickname",
    "Obligation",
    "OpenObligation",
    "OutOfOrderError",
    "Pattern",
    "ScreenRule",
    "ScreenState",
    "Screening",
    "Step",
    "Text",
    "UnsafePatternError",
    "Wildcards",
    "custom",
    "duplicates",
    "field",
    "flood",
    "from_discord_automod",
    "keywords",
    "kind",
    "links",
    "media",
    "mentions",
    "nickname",
    "obligation",
    "pattern",
    "text_matches",
]
