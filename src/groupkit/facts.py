"""Facts: the members of a community, what they did, and the community itself.

Facts are frozen attrs classes, checked at construction: an invalid fact cannot exist.

>>> from datetime import datetime, timezone
>>> ann = Member("ann", datetime(2026, 1, 5, tzinfo=timezone.utc), role=Role.ADMIN)
>>> hello = Event("ann", Kind.MESSAGE, datetime(2026, 1, 6, 9, 30, tzinfo=timezone.utc))
>>> club = Community("club", Purpose.INTEREST, Stage.GROWTH, 500, [ann], [hello])
>>> club.members[0].role
<Role.ADMIN: 'admin'>
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timezone, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from groupkit._frozen import FrozenDict, freeze_json, is_finite_number
from groupkit._pickling import reduce_fields

__all__ = ["Community", "Event", "Kind", "Member", "Purpose", "Role", "Stage"]


class Kind(enum.StrEnum):
    """Well-known event kinds. `Event.kind` is any non-empty string; hosts may add their own."""

    MESSAGE = "message"
    REPLY = "reply"
    REACTION = "reaction"
    SHARE = "share"
    CHECKIN = "checkin"
    ATTEND = "attend"
    PURCHASE = "purchase"
    INVITE = "invite"
    QUESTION = "question"
    ANSWER = "answer"
    REPORT = "report"
    RED_PACKET = "red_packet"
    JOIN = "join"
    LEAVE = "leave"
    VOICE = "voice"
    VIDEO = "video"
    IMAGE = "image"
    LINK = "link"
    MENTOR = "mentor"


class Role(enum.StrEnum):
    """A member's role; moderators include members on rotating duty."""

    OWNER = "owner"
    ADMIN = "admin"
    MODERATOR = "moderator"
    MEMBER = "member"
    GUEST = "guest"


class Purpose(enum.StrEnum):
    """What the community is for."""

    PRODUCT = "product"
    INTEREST = "interest"
    KNOWLEDGE = "knowledge"
    NETWORK = "network"
    MARKETING = "marketing"
    SUPPORT = "support"
    LEARNING = "learning"


class Stage(enum.StrEnum):
    """Where the community is in its life."""

    LAUNCH = "launch"
    GROWTH = "growth"
    MATURE = "mature"
    DECLINING = "declining"


def _check_id(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected a string id, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{field}: must not be empty")
    return value


def _id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_id(attribute.name, value)


def _optional_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_id(attribute.name, value)


def _aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{attribute.name}: expected a datetime, got {type(value).__name__}")
    if value.utcoffset() is None:
        raise ValueError(f"{attribute.name}: expected a timezone-aware datetime, got naive {value}")


def _optional_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _aware(instance, attribute, value)


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name}: expected a string, got {type(value).__name__}")


def _strings(field: str, value: object) -> frozenset[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{field}: expected a collection of strings, got {type(value).__name__}")
    items = frozenset(value)
    for item in items:
        _check_id(f"{field} item", item)
    return items


def _badges(value: object) -> frozenset[str]:
    return _strings("badges", value)


def _tags(value: object) -> frozenset[str]:
    return _strings("tags", value)


E = TypeVar("E", bound=enum.StrEnum)


def _enum(kind: type[E], field: str, value: object) -> E:
    try:
        return kind(value if isinstance(value, str) else "")
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in kind)
        raise ValueError(f"{field}: expected one of {allowed}, got {value!r}") from None


def _role(value: object) -> Role:
    return _enum(Role, "role", value)


def _purpose(value: object) -> Purpose:
    return _enum(Purpose, "purpose", value)


def _stage(value: object) -> Stage:
    return _enum(Stage, "stage", value)


def _json(field: str, value: object) -> FrozenDict:
    if not isinstance(value, Mapping):
        raise TypeError(f"{field}: expected a mapping, got {type(value).__name__}")
    frozen: FrozenDict = freeze_json(value, field)
    return frozen


def _profile(value: object) -> FrozenDict:
    return _json("profile", value)


def _data(value: object) -> FrozenDict:
    return _json("data", value)


def _kind(value: object) -> object:
    return str(value) if isinstance(value, str) else value


@attrs.frozen
class Member:
    """A person in the community.

    >>> from datetime import datetime, timezone
    >>> Member("bo", datetime(2026, 3, 1, tzinfo=timezone.utc), tags={"vip"}).tags
    frozenset({'vip'})
    """

    __reduce__ = reduce_fields  # pickled as a tuple of its fields: fast across processes

    id: str = attrs.field(validator=_id)
    joined_at: datetime = attrs.field(validator=_aware)
    role: Role = attrs.field(default=Role.MEMBER, converter=_role)
    nickname: str = attrs.field(default="", validator=_text)
    tier: str | None = attrs.field(default=None, validator=_optional_id)
    tier_since: datetime | None = attrs.field(default=None, validator=_optional_aware)
    badges: frozenset[str] = attrs.field(default=frozenset(), converter=_badges)
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=_tags)
    profile: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=_profile)


def _value(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not is_finite_number(value):
        raise TypeError(f"value: expected a finite int or float, got {value!r}")
    if value < 0:  # type: ignore[operator]
        raise ValueError(f"value: must not be negative, got {value!r}")


@attrs.frozen
class Event:
    """Something a member did at a time.

    `reply_to` is the id of the event answered; `target` is the member the event is aimed at.

    >>> from datetime import datetime, timezone
    >>> like = Event("bo", Kind.REACTION, datetime(2026, 3, 2, tzinfo=timezone.utc), target="ann")
    >>> like.kind, like.target
    ('reaction', 'ann')
    """

    __reduce__ = reduce_fields  # pickled as a tuple of its fields: fast across processes

    member_id: str = attrs.field(validator=_id)
    kind: str = attrs.field(converter=_kind, validator=attrs.validators.and_(_text, _id))
    at: datetime = attrs.field(validator=_aware)
    value: int | float = attrs.field(default=0, validator=_value)
    text: str = attrs.field(default="", validator=_text)
    id: str | None = attrs.field(default=None, validator=_optional_id)
    reply_to: str | None = attrs.field(default=None, validator=_optional_id)
    target: str | None = attrs.field(default=None, validator=_optional_id)
    data: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=_data)


T = TypeVar("T")


def _tuple_of(kind: type[T], field: str, values: object) -> tuple[T, ...]:
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(f"{field}: expected a sequence of {kind.__name__}, got {type(values).__name__}")
    items = tuple(values)
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise TypeError(f"{field}[{i}]: expected {kind.__name__}, got {type(item).__name__}")
    return items


def _members(values: object) -> tuple[Member, ...]:
    return _tuple_of(Member, "members", values)


def _events(values: object) -> tuple[Event, ...]:
    return _tuple_of(Event, "events", values)


def _unique_members(instance: object, attribute: attrs.Attribute[Any], members: tuple[Member, ...]) -> None:
    seen: set[str] = set()
    for i, member in enumerate(members):
        if member.id in seen:
            raise ValueError(f"members[{i}].id: duplicate member id {member.id!r}")
        seen.add(member.id)


def _unique_event_ids(instance: object, attribute: attrs.Attribute[Any], events: tuple[Event, ...]) -> None:
    seen: set[str] = set()
    for i, event in enumerate(events):
        if event.id is not None:
            if event.id in seen:
                raise ValueError(f"events[{i}].id: duplicate event id {event.id!r}")
            seen.add(event.id)


def _capacity(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if type(value) is not int:
        raise TypeError(f"capacity: expected an int or None, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"capacity: must not be negative, got {value}")


def _zone(value: object) -> object:
    if isinstance(value, str):
        try:
            return ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"timezone: expected an IANA time zone name such as 'Asia/Shanghai', got {value!r}") from None
    return value


def _timezone(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, (timezone, ZoneInfo)):
        raise TypeError(
            f"timezone: expected a zoneinfo.ZoneInfo, a datetime.timezone or an IANA name, got {type(value).__name__}"
        )


_EVENT_STATE = operator.attrgetter(*(field.name for field in attrs.fields(Event)))


def _restore_community(fields: tuple[Any, ...], members: tuple[Member, ...],
                       columns: tuple[tuple[Any, ...], ...]) -> Community:
    """Rebuild a pickled community; its events were valid when pickled, so they are not checked again."""
    new, restore = object.__new__, Event.__setstate__  # type: ignore[attr-defined]
    events = []
    for state in zip(*columns, strict=True):
        event = new(Event)
        restore(event, state)
        events.append(event)
    community = new(Community)
    identity, purpose, stage, capacity, timezone = fields
    community.__setstate__((identity, purpose, stage, capacity, members, tuple(events), timezone))  # type: ignore[attr-defined]
    return community


def _reduce_community(self: Community) -> tuple[Any, ...]:
    columns = tuple(zip(*map(_EVENT_STATE, self.events), strict=True)) if self.events else ((),) * 9
    return _restore_community, ((self.id, self.purpose, self.stage, self.capacity, self.timezone), self.members, columns)


@attrs.frozen
class Community:
    """One group: its purpose, stage, capacity (None for no limit), members and events.

    Day boundaries (active days, streaks) fall at midnight in `timezone` (a `ZoneInfo`, a fixed
    `datetime.timezone`, or an IANA name such as ``"Asia/Shanghai"``).

    >>> from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    >>> Community("c1", Purpose.LEARNING, Stage.LAUNCH, 200, [], [], ZoneInfo("Asia/Shanghai")).timezone
    zoneinfo.ZoneInfo(key='Asia/Shanghai')
    """

    __reduce__ = _reduce_community  # events travel as columns: fast across processes

    id: str = attrs.field(validator=_id)
    purpose: Purpose = attrs.field(converter=_purpose)
    stage: Stage = attrs.field(converter=_stage)
    capacity: int | None = attrs.field(validator=_capacity)
    members: tuple[Member, ...] = attrs.field(
        converter=_members, validator=_unique_members
    )
    events: tuple[Event, ...] = attrs.field(
        converter=_events, validator=_unique_event_ids
    )
    timezone: tzinfo = attrs.field(default=UTC, converter=_zone, validator=_timezone)
