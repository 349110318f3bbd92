"""Discord AutoMod rules, converted into screening rules that decide the same way.

Source: Discord's API documentation, ``docs/resources/auto-moderation.mdx`` (discord/discord-api-docs
at 1fa1b605). A rule is the plain dict the API returns. What converts:

| Discord | groupkit |
|---|---|
| `KEYWORD` (1) `keyword_filter` | `Wildcards`: `cat*` word start, `*cat` word end, `*cat*` anywhere, `cat` whole word |
| `KEYWORD` (1) `regex_patterns` | `Wildcards.patterns` (Python's `re` syntax, checked to be safe; Rust-only syntax is refused) |
| `KEYWORD` (1) `allow_list` | substrings masked out of the text before the keywords and patterns are looked for |
| `MENTION_SPAM` (5) `mention_total_limit` | `Mentions` (more unique mentions than the limit) |
| `BLOCK_MESSAGE` (1) | action `"delete"` |
| `TIMEOUT` (3) `duration_seconds` | action `"mute"` for that long (the message is blocked too when the rule also blocks) |
| `BLOCK_MEMBER_INTERACTION` (4) | action `"mute"` without an end |
| `exempt_roles` | `exempt_tags`: members carry their Discord role ids as `Member.tags` (staff stay exempt, as always) |

What does not convert, and is reported in `DiscordImport.skipped` with the reason: `SPAM` (3) and
`KEYWORD_PRESET` (4) (Discord's own classifiers and word lists), `MEMBER_PROFILE` (6) and
`MEMBER_UPDATE` events, `mention_raid_protection_enabled`, `exempt_channels` (events have no
channel), a rule whose only action is `SEND_ALERT_MESSAGE` (2) (it does nothing to the member: post
alerts from the host), and disabled rules.

>>> converted = from_discord_automod([{"name": "no invites", "trigger_type": 1, "event_type": 1,
...     "trigger_metadata": {"keyword_filter": ["discord.gg*"]}, "actions": [{"type": 1}], "enabled": True}])
>>> converted.rules
(wildcards(['discord.gg*'], name='no invites', action=Step('delete')),)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, ClassVar

import attrs

from groupkit._pickling import reduce_by_init
from groupkit._regex import SafePattern, compile_safe
from groupkit.facts import Event, Member
from groupkit.moderation.actions import Step, Text
from groupkit.moderation.rules import Mentions, ScreenRule, Seen, _options, _words

__all__ = ["DiscordImport", "Wildcards", "from_discord_automod"]

KEYWORD, SPAM, KEYWORD_PRESET, MENTION_SPAM, MEMBER_PROFILE = 1, 3, 4, 5, 6
BLOCK_MESSAGE, SEND_ALERT_MESSAGE, TIMEOUT, BLOCK_MEMBER_INTERACTION = 1, 2, 3, 4
MAX_TIMEOUT = 2_419_200  # seconds: four weeks, Discord's limit


def _wildcard(keyword: str) -> str:
    """One keyword as a regular expression of escaped text, with Discord's wildcard meaning."""
    text = keyword.strip()
    starts, ends = text.startswith("*"), text.endswith("*")
    core = re.escape(text.strip("*"))
    if starts and ends:
        return core
    if ends:
        return rf"(?<!\w){core}"
    if starts:
        return rf"{core}(?!\w)"
    return rf"(?<!\S){core}(?!\S)"


def _keyword_list(value: object) -> tuple[str, ...]:
    return () if isinstance(value, (tuple, list)) and not value else _words(value)


def _patterns(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"patterns: expected a sequence of regular expressions, got {type(value).__name__}")
    patterns = tuple(value)
    for i, regex in enumerate(patterns):
        if not isinstance(regex, str) or not regex:
            raise ValueError(f"patterns[{i}]: expected a non-empty regular expression, got {regex!r}")
    return patterns


@attrs.frozen(repr=False, cache_hash=True)
class Wildcards(ScreenRule):
    """One Discord keyword rule: keywords with AutoMod's wildcards (``cat*``, ``*cat``, ``*cat*``,
    ``cat``), regular expressions (`patterns`), and an allow list of substrings that never trigger
    the rule, for the keywords and the expressions alike."""

    __reduce__ = reduce_by_init  # pickled as its arguments: derived state is rebuilt

    kind: ClassVar[str] = "wildcards"
    keywords: tuple[str, ...] = attrs.field(converter=_keyword_list)
    allow: tuple[str, ...] = attrs.field(default=())
    patterns: tuple[str, ...] = attrs.field(default=(), converter=_patterns)
    _regex: re.Pattern[str] | None = attrs.field(init=False, eq=False, hash=False, repr=False)
    _allowed: re.Pattern[str] | None = attrs.field(init=False, eq=False, hash=False, repr=False)
    _compiled: tuple[SafePattern, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not (self.keywords or self.patterns):
            raise ValueError("wildcards: expected at least one keyword or pattern")
        regex_ = re.compile("|".join(map(_wildcard, self.keywords)), re.IGNORECASE) if self.keywords else None
        object.__setattr__(self, "_regex", regex_)
        object.__setattr__(self, "_compiled", tuple(map(compile_safe, self.patterns)))
        allowed = [re.escape(word.strip("*")) for word in self.allow if word.strip("*")]  # wildcards: substrings
        object.__setattr__(self, "_allowed", re.compile("|".join(allowed), re.IGNORECASE) if allowed else None)

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return has_text

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        text = event.text
        if not text:
            return None
        if self._allowed is not None:
            text = self._allowed.sub(lambda found: " " * len(found.group(0)), text)
        found = None if self._regex is None else self._regex.search(text)
        if found is not None:
            word = found.group(0)
            return Text(f"the message contains the blocked keyword {word!r}", f"消息包含屏蔽词「{word}」")
        for regex, compiled in zip(self.patterns, self._compiled, strict=True):
            if compiled.search(text):
                return Text(f"the message matches the blocked pattern {regex!r}", f"消息匹配屏蔽规则「{regex}」")
        return None

    def __repr__(self) -> str:
        allow = f", allow={list(self.allow)!r}" if self.allow else ""
        patterns = f", patterns={list(self.patterns)!r}" if self.patterns else ""
        return f"wildcards({list(self.keywords)!r}{allow}{patterns}{_options(self, 'wildcards')})"


@attrs.frozen
class DiscordImport:
    """Converted rules, and what could not be converted, each with the reason."""

    rules: tuple[ScreenRule, ...]
    skipped: tuple[str, ...] = ()


def _step(actions: Iterable[Mapping[str, Any]], where: str, skipped: list[str]) -> Step | None:
    steps = []
    for action in actions:
        kind = action.get("type")
        metadata = action.get("metadata") or {}
        if kind == BLOCK_MESSAGE:
            steps.append(Step("delete"))
        elif kind == TIMEOUT:
            seconds = metadata.get("duration_seconds")
            if not isinstance(seconds, int) or not 0 < seconds <= MAX_TIMEOUT:
                raise ValueError(f"{where}.actions: TIMEOUT needs duration_seconds from 1 to {MAX_TIMEOUT}, got {seconds!r}")
            steps.append(Step("mute", timedelta(seconds=seconds)))
        elif kind == BLOCK_MEMBER_INTERACTION:
            steps.append(Step("mute"))
        elif kind == SEND_ALERT_MESSAGE:
            skipped.append(f"{where}: SEND_ALERT_MESSAGE is for the host to post; the decision names the rule")
        else:
            raise ValueError(f"{where}.actions: unknown action type {kind!r}")
    order = ("delete", "mute")
    return max(steps, key=lambda step: (order.index(step.action), step.duration is None,
                                        step.duration or timedelta(0)), default=None)


def from_discord_automod(rules: Iterable[Mapping[str, Any]]) -> DiscordImport:
    """Convert Discord AutoMod rule objects (as the API returns them) into screening rules."""
    converted: list[ScreenRule] = []
    skipped: list[str] = []
    for i, rule in enumerate(rules):
        if not isinstance(rule, Mapping):
            raise TypeError(f"rules[{i}]: expected a Discord rule object (a dict), got {type(rule).__name__}")
        name = str(rule.get("name") or f"discord rule {i}")
        where = f"rules[{i}] ({name!r})"
        if not rule.get("enabled", False):
            skipped.append(f"{where}: disabled")
            continue
        trigger = rule.get("trigger_type")
        if rule.get("event_type", 1) != 1 or trigger in (MEMBER_PROFILE,):
            skipped.append(f"{where}: member profile rules need a profile, not a message")
            continue
        if trigger in (SPAM, KEYWORD_PRESET):
            skipped.append(f"{where}: {'SPAM' if trigger == SPAM else 'KEYWORD_PRESET'} uses Discord's own "
                           "classifiers and word lists, which are not published")
            continue
        step = _step(rule.get("actions") or (), where, skipped)
        if step is None:
            skipped.append(f"{where}: no action on the member")
            continue
        metadata = rule.get("trigger_metadata") or {}
        common: dict[str, Any] = {"action": step, "exempt_tags": frozenset(map(str, rule.get("exempt_roles") or ()))}
        if rule.get("exempt_channels"):
            skipped.append(f"{where}: exempt_channels cannot be converted (events have no channel)")
        if trigger == KEYWORD:
            keywords, patterns = metadata.get("keyword_filter") or (), metadata.get("regex_patterns") or ()
            if keywords or patterns:
                converted.append(Wildcards(tuple(keywords), tuple(metadata.get("allow_list") or ()), tuple(patterns),
                                           name=name, **common))
            else:
                skipped.append(f"{where}: no keywords and no regex patterns")
        elif trigger == MENTION_SPAM:
            limit = metadata.get("mention_total_limit")
            if isinstance(limit, int):
                converted.append(Mentions(limit, name=name, **common))
            if metadata.get("mention_raid_protection_enabled"):
                skipped.append(f"{where}: mention raid protection is Discord's own detector")
        else:
            skipped.append(f"{where}: unknown trigger type {trigger!r}")
    return DiscordImport(tuple(converted), tuple(skipped))
