"""Screening rules: each looks at one incoming event (and the sender's recent events) and says why
it breaks the group's rules, or nothing.

Every rule has a `name` (by default its kind), an `action` (a `Step`, an action name, or None to
follow the escalation), and says whom it applies to: `roles` and `tiers` (None: everyone) minus
`exempt_roles` (owners, admins and moderators by default), `exempt_tiers` and `exempt_tags`.

>>> keywords(["加微信", "代购"])
keywords(['加微信', '代购'])
"""

from __future__ import annotations

import abc
import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any, ClassVar, Literal

import attrs

from groupkit import _checks, _durations, i18n
from groupkit._pickling import reduce_by_init
from groupkit._regex import SafePattern, compile_safe
from groupkit.facts import Event, Kind, Member, Role
from groupkit.moderation.actions import Step, Text, as_step
from groupkit.moderation.conditions import Condition, is_condition

__all__ = [
    "Custom",
    "Duplicates",
    "Flood",
    "Keywords",
    "Links",
    "Media",
    "Mentions",
    "Nickname",
    "Pattern",
    "ScreenRule",
    "Seen",
    "custom",
    "duplicates",
    "flood",
    "keywords",
    "links",
    "media",
    "mentions",
    "nickname",
    "pattern",
    "zh_duration",
]

STAFF = frozenset({Role.OWNER, Role.ADMIN, Role.MODERATOR})

Seen = tuple[datetime, str, str]
"""A member's recent event as the state keeps it: (time, kind, fingerprint of the text)."""


def zh_duration(duration: timedelta) -> str:
    """A duration in Chinese words: ``3分钟``, ``1天``, ``36小时``.

    >>> zh_duration(timedelta(minutes=3)), zh_duration(timedelta(days=1))
    ('3分钟', '1天')
    """
    seconds = int(duration.total_seconds())
    for size, word in ((86400, "天"), (3600, "小时"), (60, "分钟"), (1, "秒")):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{word}"
    return f"{duration.total_seconds():g}秒"


# -- shared field checks ------------------------------------------------------------------------


def _count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 0:
        raise ValueError(f"{attribute.name}: expected a whole number ≥ 0, got {value!r}")


def _roles(value: object) -> frozenset[Role] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"roles: expected a collection of roles, got {type(value).__name__}")
    try:
        return frozenset(Role(item) for item in value)
    except ValueError as error:
        raise ValueError(f"roles: {error}") from None


def _exempt_roles(value: object) -> frozenset[Role]:
    return _roles(value) or frozenset()


def _names(value: object, field: str, what: str) -> frozenset[str] | None:
    """A set of non-empty names (None stays None), naming `field` in errors."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{field}: expected a collection of {what}, got {type(value).__name__}")
    items = frozenset(value)
    if not all(isinstance(item, str) and item for item in items):
        raise ValueError(f"{field}: expected non-empty {what}, got {sorted(map(repr, items))}")
    return items


def _tiers(value: object) -> frozenset[str] | None:
    return _names(value, "tiers", "tier names")


def _exempt_tiers(value: object) -> frozenset[str]:
    return _names(value, "exempt_tiers", "tier names") or frozenset()


def _exempt_tags(value: object) -> frozenset[str]:
    return _names(value, "exempt_tags", "tags") or frozenset()


def _step(value: object) -> Step | None:
    return as_step(value)  # type: ignore[arg-type]


def _words(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"words: expected a sequence of strings, got {type(value).__name__}")
    words = tuple(value)
    for i, word in enumerate(words):
        if not isinstance(word, str) or not word.strip():
            raise ValueError(f"words[{i}]: expected a non-empty string, got {word!r}")
    if not words:
        raise ValueError("words: expected at least one word")
    return words


@attrs.frozen(repr=False, cache_hash=True)
class ScreenRule(abc.ABC):
    """A screening rule; the concrete rules below add their own fields before these."""

    kind: ClassVar[str] = "rule"
    reminds: ClassVar[bool] = False  # a reminder rule: at most once per `every` per member
    name: str = attrs.field(default=attrs.Factory(lambda self: self.kind, takes_self=True), validator=_checks.name,
                            kw_only=True)
    action: Step | None = attrs.field(default=None, converter=_step, kw_only=True)
    roles: frozenset[Role] | None = attrs.field(default=None, converter=_roles, kw_only=True)
    tiers: frozenset[str] | None = attrs.field(default=None, converter=_tiers, kw_only=True)
    exempt_roles: frozenset[Role] = attrs.field(default=STAFF, converter=_exempt_roles, kw_only=True)
    exempt_tiers: frozenset[str] = attrs.field(default=frozenset(), converter=_exempt_tiers, kw_only=True)
    exempt_tags: frozenset[str] = attrs.field(default=frozenset(), converter=_exempt_tags, kw_only=True)

    def window(self) -> timedelta | None:
        """How far back this rule looks into the sender's own events (None: not at all)."""
        return None

    def kinds_seen(self) -> frozenset[str] | None:
        """The kinds of the sender's earlier events this rule counts (None: every kind)."""
        return None

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        """Whether the rule can fire on an event of `kind`, with (or without) text and data: rules that
        cannot are not asked, which a `Moderation` works out once per kind of event."""
        return True

    def applies_to(self, member: Member | None) -> bool:
        """Whether the rule applies to this sender (None: an ordinary member, no tier)."""
        role = Role.MEMBER if member is None else member.role
        tier = None if member is None else member.tier
        if role in self.exempt_roles or (tier is not None and tier in self.exempt_tiers):
            return False
        if self.exempt_tags and member is not None and not self.exempt_tags.isdisjoint(member.tags):
            return False
        if self.roles is not None and role not in self.roles:
            return False
        return self.tiers is None or tier in self.tiers

    @abc.abstractmethod
    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        """Why `event` breaks this rule (None: it does not); `recent` are the sender's earlier events."""


def _options(rule: Any, kind: str, defaults: dict[str, Any] | None = None) -> str:
    """The non-default common options, for a rule's repr."""
    defaults = {"name": kind, "action": None, "roles": None, "tiers": None, "exempt_roles": STAFF,
                "exempt_tiers": frozenset(), "exempt_tags": frozenset(), **(defaults or {})}
    parts = []
    for key, default in defaults.items():
        value = getattr(rule, key)
        if value != default:
            shown = sorted(value) if isinstance(value, frozenset) else value
            parts.append(f"{key}={shown!r}")
    return "".join(f", {part}" for part in parts)


# -- the rules ----------------------------------------------------------------------------------


def _keyword_regex(words: tuple[str, ...], whole_words: bool) -> re.Pattern[str]:
    """One regular expression for all the words, built from a trie so each position is tried once."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word.casefold():
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if ends else body

    text = build(trie)
    if whole_words:
        text = rf"(?<!\w)(?:{text})(?!\w)"  # built by groupkit from escaped words: no user regex here
    return re.compile(text, re.IGNORECASE)


@attrs.frozen(repr=False, cache_hash=True)
class Keywords(ScreenRule):
    """Banned words, matched case-insensitively anywhere in the text (``substring``; works for
    Chinese, which has no spaces) or only as whole words (``word``)."""

    __reduce__ = reduce_by_init  # pickled as its arguments: derived state is rebuilt

    kind: ClassVar[str] = "keywords"
    words: tuple[str, ...] = attrs.field(converter=_words)
    mode: Literal["substring", "word"] = attrs.field(default="substring")
    _regex: re.Pattern[str] = attrs.field(init=False, eq=False, hash=False, repr=False)

    @mode.validator
    def _mode(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in ("substring", "word"):
            raise ValueError(f"mode: expected 'substring' or 'word', got {value!r}")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_regex", _keyword_regex(self.words, self.mode == "word"))

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return has_text

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        if not event.text:
            return None
        found = self._regex.search(event.text)
        if found is None:
            return None
        word = found.group(0)
        return Text(f"the message contains the banned word {word!r}", f"消息包含违禁词「{word}」")

    def __repr__(self) -> str:
        mode = "" if self.mode == "substring" else ", mode='word'"
        return f"keywords({list(self.words)!r}{mode}{_options(self, 'keywords')})"


@attrs.frozen(repr=False, cache_hash=True)
class Pattern(ScreenRule):
    """A regular expression the text must not match (case-insensitive; unsafe patterns are refused).

    `meaning` says in words what it finds, for the reasons members read.
    """

    __reduce__ = reduce_by_init  # pickled as its arguments: derived state is rebuilt

    kind: ClassVar[str] = "pattern"
    regex: str = attrs.field(validator=_checks.name)
    meaning: Text | None = attrs.field(default=None, kw_only=True)
    _compiled: SafePattern = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", compile_safe(self.regex))

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return has_text

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        if not (event.text and self._compiled.search(event.text)):
            return None
        if self.meaning is not None:
            return Text(f"the message contains {self.meaning.en}", f"消息包含{self.meaning.zh}")
        return Text(f"the message matches the banned pattern {self.regex!r}", f"消息匹配违禁规则「{self.regex}」")

    def __repr__(self) -> str:
        meaning = "" if self.meaning is None else f", meaning={self.meaning.en!r}"
        return f"pattern({self.regex!r}{meaning}{_options(self, 'pattern')})"


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。！？、）)]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s]*)?",
                  re.IGNORECASE)


_FILES = frozenset({"js", "ts", "md", "py", "txt", "pdf", "doc", "docx", "png", "jpg", "jpeg", "gif", "zip", "exe",
                    "html", "css", "json", "csv", "xls", "xlsx", "ppt", "pptx", "mp3", "mp4", "mov", "apk", "rar"})
"""File extensions: ``node.js`` or ``readme.md`` written without a scheme are file names, not links."""


def _is_link(link: str) -> bool:
    return "://" in link or link.casefold().startswith("www.") or link_host(link).rsplit(".", 1)[-1] not in _FILES


def link_host(link: str) -> str:
    """The host name of a link as found in text: ``https://Shop.example:8080/a`` → ``shop.example``."""
    rest = link.split("://", 1)[-1]
    for end in "/?#":
        rest = rest.split(end, 1)[0]
    return rest.rsplit("@", 1)[-1].split(":", 1)[0].casefold().rstrip(".")


def _domains(value: object, field: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{field}: expected a sequence of domain names, got {type(value).__name__}")
    domains = tuple(value)
    for i, domain in enumerate(domains):
        if not isinstance(domain, str) or not domain.strip(".") or any(c.isspace() for c in domain):
            raise ValueError(f"{field}[{i}]: expected a domain name such as 'example.com', got {domain!r}")
    return tuple(domain.casefold().lstrip(".") for domain in domains)


def _allow(value: object) -> tuple[str, ...]:
    return _domains(value, "allow")


def _deny(value: object) -> tuple[str, ...]:
    return _domains(value, "deny")


def _under(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


@attrs.frozen(repr=False, cache_hash=True)
class Links(ScreenRule):
    """Links: those to `deny` domains are refused, and, when `allow` is given, every other one; a
    member who joined less than `min_tenure` ago may post none (a sender of unknown tenure neither)."""

    kind: ClassVar[str] = "links"
    allow: tuple[str, ...] = attrs.field(default=(), converter=_allow)
    deny: tuple[str, ...] = attrs.field(default=(), converter=_deny)
    min_tenure: timedelta | None = attrs.field(default=None, validator=_durations.positive)

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return has_text

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        if not event.text or ("." not in event.text):
            return None
        hosts = [link_host(link) for link in _URL.findall(event.text) if _is_link(link)]
        if not hosts:
            return None
        if self.min_tenure is not None and (member is None or event.at - member.joined_at < self.min_tenure):
            return Text(f"members who joined less than {_durations.counted(self.min_tenure)} ago may not post links",
                        f"入群不满{zh_duration(self.min_tenure)}不能发链接")
        for host in hosts:
            if _under(host, self.deny) or (self.allow and not _under(host, self.allow)):
                return Text(f"links to {host} are not allowed", f"不允许发布指向 {host} 的链接")
        return None

    def __repr__(self) -> str:
        own = [f"allow={list(self.allow)!r}" if self.allow else "", f"deny={list(self.deny)!r}" if self.deny else "",
               f"min_tenure={_durations.short(self.min_tenure)!r}" if self.min_tenure else ""]
        return f"links({', '.join(part for part in own if part)}{_options(self, 'links')})".replace("(, ", "(")


def _kinds(value: object) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"kinds: expected a collection of event kinds, got {type(value).__name__}")
    kinds = frozenset(str.__str__(item) if isinstance(item, str) else item for item in value)
    if not kinds or not all(isinstance(item, str) and item for item in kinds):
        raise ValueError("kinds: expected at least one non-empty event kind")
    return kinds


def _positive_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 1:
        raise ValueError(f"{attribute.name}: expected a whole number ≥ 1, got {value!r}")


def _within(recent: Sequence[Seen], start: datetime) -> Sequence[Seen]:
    """The recent events later than `start` (they are in time order: found by bisection)."""
    return recent[bisect_right(recent, start, key=_TIME_OF):]


_TIME_OF = itemgetter(0)


@attrs.frozen(repr=False, cache_hash=True)
class Flood(ScreenRule):
    """More than `max_events` of the member's own events (of `kinds`; any if None) within `per`."""

    kind: ClassVar[str] = "flood"
    max_events: int = attrs.field(validator=_positive_count)
    per: timedelta = attrs.field(validator=_durations.required)
    kinds: frozenset[str] | None = attrs.field(default=None, converter=_kinds)

    def window(self) -> timedelta:
        return self.per

    def kinds_seen(self) -> frozenset[str] | None:
        return self.kinds

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return self.kinds is None or kind in self.kinds

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        kinds = self.kinds
        if kinds is not None and event.kind not in kinds:
            return None
        start = event.at - self.per
        if kinds is None:
            n = 1 + len(recent) - bisect_right(recent, start, key=_TIME_OF)
        else:
            n = 1 + sum(1 for seen in _within(recent, start) if seen[1] in kinds)
        if n <= self.max_events:
            return None
        return Text(f"{n} messages within {_durations.counted(self.per)}, more than {self.max_events}",
                    f"{zh_duration(self.per)}内发送{n}条消息，超过{self.max_events}条")

    def __repr__(self) -> str:
        kinds = "" if self.kinds is None else f", kinds={sorted(self.kinds)!r}"
        return f"flood({self.max_events}, {_durations.short(self.per)!r}{kinds}{_options(self, 'flood')})"


@functools.lru_cache(maxsize=256)  # each text is fingerprinted twice: for duplicates, and for the state
def fingerprint(text: str) -> str:
    """The text as duplicates compare it: case, spacing and punctuation at the ends ignored."""
    return " ".join(text.casefold().split()).strip(".!?。！？~～ ")[:200]


@attrs.frozen(repr=False, cache_hash=True)
class Duplicates(ScreenRule):
    """The same text sent more than `max_repeats` times within `within` by the same member."""

    kind: ClassVar[str] = "duplicates"
    max_repeats: int = attrs.field(validator=_positive_count)
    within: timedelta = attrs.field(validator=_durations.required)

    def window(self) -> timedelta:
        return self.within

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return has_text

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        if not event.text:
            return None
        key = fingerprint(event.text)
        if not key:
            return None
        n = 1 + [seen[2] for seen in _within(recent, event.at - self.within)].count(key)
        if n <= self.max_repeats:
            return None
        return Text(f"the same message {n} times within {_durations.counted(self.within)}",
                    f"{zh_duration(self.within)}内重复发送同一消息{n}次")

    def __repr__(self) -> str:
        return f"duplicates({self.max_repeats}, {_durations.short(self.within)!r}{_options(self, 'duplicates')})"


_MENTION = re.compile(r"(?<![\w@])@[^\s@]+")


def mention_count(event: Event) -> int:
    """How many members an event mentions: ``data["mentions"]`` (a list of ids) when the host gives
    it, else the ``@name`` words in its text."""
    given = event.data.get("mentions")
    if isinstance(given, (tuple, list)):
        return len(set(given))
    return len(set(_MENTION.findall(event.text))) if "@" in event.text else 0


@attrs.frozen(repr=False, cache_hash=True)
class Mentions(ScreenRule):
    """More than `max_mentions` distinct members mentioned in one message."""

    kind: ClassVar[str] = "mentions"
    max_mentions: int = attrs.field(validator=_count)

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return has_text or has_data

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        n = mention_count(event)
        if n <= self.max_mentions:
            return None
        return Text(f"{n} mentions in one message, more than {self.max_mentions}",
                    f"一条消息提及{n}人，超过{self.max_mentions}人")

    def __repr__(self) -> str:
        return f"mentions({self.max_mentions}{_options(self, 'mentions')})"


@attrs.frozen(repr=False, cache_hash=True)
class Media(ScreenRule):
    """More than `max_per` of the member's events of `kinds` (voice and video) within `per`."""

    kind: ClassVar[str] = "media"
    kinds: frozenset[str] = attrs.field(default=frozenset({Kind.VOICE.value, Kind.VIDEO.value}), converter=_kinds)
    max_per: int = attrs.field(default=0, validator=_count)
    per: timedelta = attrs.field(default=timedelta(days=1), validator=_durations.required)

    def window(self) -> timedelta:
        return self.per

    def kinds_seen(self) -> frozenset[str] | None:
        return self.kinds

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return kind in self.kinds

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        if event.kind not in self.kinds:
            return None
        n = 1 + sum(1 for seen in _within(recent, event.at - self.per) if seen[1] in self.kinds)
        if n <= self.max_per:
            return None
        kinds = " or ".join(sorted(self.kinds))
        zh = "或".join(i18n.kind(name, "zh") for name in sorted(self.kinds))
        if self.max_per == 0:
            return Text(f"no {kinds} messages in this group", f"本群不允许发送{zh}消息")
        return Text(f"{n} {kinds} messages within {_durations.counted(self.per)}, more than {self.max_per}",
                    f"{zh_duration(self.per)}内发送{zh}消息{n}条，超过{self.max_per}条")

    def __repr__(self) -> str:
        own = "" if self.kinds == {"voice", "video"} else f"kinds={sorted(self.kinds)!r}"
        more = [own, f"max_per={self.max_per}" if self.max_per else "",
                f"per={_durations.short(self.per)!r}" if self.per != timedelta(days=1) else ""]
        return f"media({', '.join(part for part in more if part)}{_options(self, 'media')})".replace("(, ", "(")


@attrs.frozen(repr=False, cache_hash=True)
class Nickname(ScreenRule):
    """The sender's nickname must match `regex` (the group's format, described by `format`); a
    sender without one breaks it too. By default a friendly reminder, at most once per `every`."""

    __reduce__ = reduce_by_init  # pickled as its arguments: derived state is rebuilt

    kind: ClassVar[str] = "nickname"
    reminds: ClassVar[bool] = True
    regex: str = attrs.field(validator=_checks.name)
    format: str = attrs.field(default="name-region-profession", validator=_checks.name)
    every: timedelta = attrs.field(default=timedelta(days=1), validator=_durations.required)
    action: Step | None = attrs.field(default=Step("remind"), converter=_step, kw_only=True)
    _follows: Callable[[str], bool] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # members keep their nicknames: each is checked once (a bounded cache)
        object.__setattr__(self, "_follows", functools.lru_cache(maxsize=8192)(compile_safe(self.regex).search))

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        if member is None or self._follows(member.nickname):
            return None
        zh = "姓名-地区-职业" if self.format == "name-region-profession" else self.format  # the default, in Chinese
        return Text(f"please change your nickname to the format {self.format}", f"请将群昵称改为「{zh}」格式")

    def __repr__(self) -> str:
        fmt = "" if self.format == "name-region-profession" else f", format={self.format!r}"
        return f"nickname({self.regex!r}{fmt}{_options(self, 'nickname', {'action': Step('remind')})})"


@attrs.frozen(repr=False, cache_hash=True)
class Custom(ScreenRule):
    """Any condition on the event, with the action to take when it holds."""

    kind: ClassVar[str] = "custom"
    condition: Condition = attrs.field(validator=is_condition)

    def can_fire(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return self.condition.can_hold(kind, has_text, has_data)

    def check(self, event: Event, member: Member | None, recent: Sequence[Seen]) -> Text | None:
        if not self.condition.holds(event):
            return None
        return Text(f"the message meets the rule {self.condition!r}", f"消息触犯规则 {self.condition!r}")

    def __repr__(self) -> str:
        return f"custom({self.condition!r}{_options(self, 'custom')})"


# -- constructors -------------------------------------------------------------------------------


def keywords(words: Iterable[str], mode: Literal["substring", "word"] = "substring", **options: Any) -> Keywords:
    """Banned words (``mode="word"``: whole words only). Options: name, action, roles, tiers,
    exempt_roles, exempt_tiers."""
    return Keywords(words, mode, **options)


def pattern(regex: str, **options: Any) -> Pattern:
    """A banned regular expression.

    >>> pattern(r"v\\s*x\\s*[:：]", action="delete")
    pattern('v\\\\s*x\\\\s*[:：]', action=Step('delete'))
    """
    return Pattern(regex, **options)


def links(allow: Iterable[str] = (), deny: Iterable[str] = (), min_tenure: timedelta | None = None,
          **options: Any) -> Links:
    """Links only to `allow` domains (if given), never to `deny` ones, and none from newcomers."""
    return Links(allow, deny, min_tenure, **options)


def flood(max_events: int, per: timedelta, kinds: Iterable[str] | None = None, **options: Any) -> Flood:
    """At most `max_events` of a member's events (of `kinds`) within `per`.

    >>> flood(5, timedelta(seconds=10))
    flood(5, '10s')
    """
    return Flood(max_events, per, kinds, **options)


def duplicates(max_repeats: int, within: timedelta, **options: Any) -> Duplicates:
    """The same text at most `max_repeats` times within `within`."""
    return Duplicates(max_repeats, within, **options)


def mentions(max_mentions: int, **options: Any) -> Mentions:
    """At most `max_mentions` members mentioned in one message."""
    return Mentions(max_mentions, **options)


def media(kinds: Iterable[str] = (Kind.VOICE, Kind.VIDEO), max_per: int = 0, per: timedelta = timedelta(days=1),
          **options: Any) -> Media:
    """At most `max_per` voice or video messages (or other `kinds`) per member within `per`."""
    return Media(kinds, max_per, per, **options)


def nickname(regex: str, format: str = "name-region-profession", **options: Any) -> Nickname:
    """The nickname convention, as a regular expression and in words (a reminder by default)."""
    return Nickname(regex, format, **options)


def custom(condition: Condition, action: Step | str | None = None, **options: Any) -> Custom:
    """Any event condition, with its action.

    >>> from groupkit.moderation.conditions import kind
    >>> custom(kind("video"), "delete")
    custom(kind('video'), action=Step('delete'))
    """
    return Custom(condition, action=action, **options)
