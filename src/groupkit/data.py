"""Data in, data out: every fact, metric and predicate as plain JSON-compatible data, and back.

One cattrs converter owns all conversion. Metrics and predicates are tagged with ``"type"``; a bare
number stands for a constant. Loading checks the data's shape and size before anything is built,
never executes code, and reports every problem with its path.

>>> from datetime import timedelta
>>> from groupkit.metrics import count
>>> rule = count("message", timedelta(days=7)) >= 10
>>> to_data(rule)
{'type': 'compare', 'left': {'type': 'count', 'kind': 'message', 'within': 'P7D'}, 'op': '>=', 'right': 10}
>>> from groupkit.rules import Predicate
>>> from_data(to_data(rule), Predicate) == rule
True
"""

from __future__ import annotations

import enum
import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn
from cattrs.v import transform_error

from groupkit import _durations, actions, admission, incentives, policy, presets, scoring, segments  # noqa: F401 (their classes load from data)
from groupkit._frozen import FrozenDict, thaw_json
from groupkit.errors import PolicyError
from groupkit.metrics import Constant, Metric
from groupkit.moderation import Condition, ScreenRule, ScreenState
from groupkit.moderation.state import BUCKETS, MemberRecord, OpenObligation, bucket_of
from groupkit.points import Entry, Ledger
from groupkit.rules import Predicate, Reasons, Verdict

__all__ = ["LIMITS", "Limits", "converter", "from_data", "json_schema", "tag_of", "to_data"]

T = TypeVar("T")


@attrs.frozen
class Limits:
    """Bounds on data loaded by `from_data`, so a hostile document fails fast instead of hanging.

    >>> Limits().max_depth
    64
    """

    max_depth: int = 64
    max_nodes: int = 5_000_000
    max_string: int = 1_000_000


LIMITS = Limits()
"""The limits `from_data` applies unless it is given others."""


class _Invalid(ValueError):
    """A value of the wrong shape; its message is shown as it is."""


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _concrete(base: type) -> list[type]:
    found: list[type] = []
    stack: list[type] = list(base.__subclasses__())
    while stack:
        cls = stack.pop(0)
        stack.extend(cls.__subclasses__())
        if attrs.has(cls) and not getattr(cls, "__abstractmethods__", None) and cls is not Constant:
            found.append(cls)
    return found


def tag_of(cls: type) -> str:
    """The ``"type"`` tag that names a metric or predicate class in data.

    >>> from groupkit.metrics import DaysSinceLast
    >>> tag_of(DaysSinceLast)
    'days_since_last'
    """
    return _snake(cls.__name__)


def _registry(base: type) -> dict[str, type]:
    return {tag_of(cls): cls for cls in _concrete(base)}


# -- scalar hooks: strict, so "12" is not an int and True is not a number ----------------------


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _string(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"expected a string, got {_type_name(value)}")
    return value


def _json_scalar(value: object, _: object) -> object:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise _Invalid(f"expected a string, number, boolean or null, got {_type_name(value)}")


def _integer(value: object, _: object) -> int:
    if type(value) is not int:
        raise _Invalid(f"expected an integer, got {_type_name(value)}")
    return value


def _number(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Invalid(f"expected a finite number, got {value!r}"[:120])
    return value


def _boolean(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"expected true or false, got {_type_name(value)}")
    return value


def _format_datetime(moment: datetime) -> str:
    text = moment.isoformat()
    key = getattr(moment.tzinfo, "key", None)
    return f"{text}[{key}]" if isinstance(moment.tzinfo, ZoneInfo) and key else text


def _zone(name: str) -> tzinfo:
    if re.fullmatch(r"[+-]\d\d:\d\d", name):
        hours, minutes = int(name[1:3]), int(name[4:6])
        offset = timedelta(hours=hours, minutes=minutes) * (-1 if name[0] == "-" else 1)
        if offset >= timedelta(days=1) or minutes >= 60:
            raise _Invalid(f"expected a UTC offset under 24 hours, got {name!r}")
        return timezone(offset)
    if len(name) <= 64 and re.fullmatch(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*", name):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise _Invalid(f"expected an IANA time zone name such as 'Asia/Shanghai' or an offset such as '+08:00', got {name[:64]!r}")


def _parse_datetime(value: object, _: object) -> datetime:
    text = _string(value, None)
    zone = None
    if text.endswith("]") and "[" in text:
        text, _, name = text[:-1].partition("[")
        zone = _zone(name)
    try:
        moment = datetime.fromisoformat(text) if len(text) <= 64 else None
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise _Invalid(f"expected an ISO 8601 date-time with a UTC offset, got {str(value)[:64]!r}")
    return moment.astimezone(zone) if zone is not None else moment


def _parse_time(value: object, _: object) -> time:
    text = _string(value, None)
    if not re.fullmatch(r"\d\d:\d\d(:\d\d)?", text):
        raise _Invalid(f"expected a time of day such as '20:00', got {text[:32]!r}")
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise _Invalid(f"expected a time of day such as '20:00', got {text!r}") from None


def _format_time(moment: time) -> str:
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


def _format_zone(zone: tzinfo) -> str:
    if isinstance(zone, ZoneInfo) and zone.key:
        return zone.key
    offset = zone.utcoffset(None)
    if offset is None:
        raise _Invalid(f"cannot write the time zone {zone!r}: use a ZoneInfo or a fixed offset")
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(offset) // timedelta(minutes=1)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_duration(value: object, _: object) -> timedelta:
    if isinstance(value, str):
        return _durations.parse_iso(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Invalid(f"expected a duration (ISO 8601 such as 'P7D', or seconds), got {_type_name(value)}")
    if abs(value) > 10**12:
        raise _Invalid(f"expected a duration under 10**12 seconds, got {value}")
    return timedelta(seconds=value)


def _parse_strings(value: object, _: object) -> frozenset[str]:
    if not isinstance(value, list):
        raise _Invalid(f"expected a list of strings, got {_type_name(value)}")
    for item in value:
        _string(item, None)
    return frozenset(value)


def _parse_enum(value: object, _: object) -> str:
    return _string(value, None)  # the fact's own converter names the allowed values


def _is_literal(kind: Any) -> bool:
    origin: Any = typing.get_origin(kind)
    return origin is typing.Literal


def _parse_choice(value: object, kind: Any) -> Any:
    choices = typing.get_args(kind)
    if value not in choices or isinstance(value, bool):
        raise _Invalid(f"expected one of {', '.join(map(repr, choices))}, got {str(value)[:40]!r}")
    return value


def _parse_json(value: object, _: object) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(f"expected an object, got {_type_name(value)}")
    return value


# -- the converter ---------------------------------------------------------------------------------


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _string)
    converter.register_structure_hook(int, _integer)
    converter.register_structure_hook(float, _number)
    converter.register_structure_hook(bool, _boolean)
    converter.register_structure_hook(int | float, _number)
    converter.register_structure_hook_func(
        lambda t: t == (int | float | None), lambda value, _: None if value is None else _number(value, None)
    )
    converter.register_structure_hook(datetime, _parse_datetime)
    converter.register_unstructure_hook(datetime, _format_datetime)
    converter.register_structure_hook(time, _parse_time)
    converter.register_unstructure_hook(time, _format_time)
    converter.register_structure_hook(timedelta, _parse_duration)
    converter.register_unstructure_hook(timedelta, _durations.format_iso)
    converter.register_structure_hook(tzinfo, lambda value, _: _zone(_string(value, None)))
    converter.register_unstructure_hook(tzinfo, _format_zone)
    converter.register_structure_hook_func(lambda t: t == frozenset[str], _parse_strings)
    converter.register_unstructure_hook_func(lambda t: t == frozenset[str], sorted)
    converter.register_structure_hook_func(lambda t: t == Mapping[str, Any], _parse_json)
    converter.register_unstructure_hook_func(lambda t: t == Mapping[str, Any], thaw_json)
    converter.register_unstructure_hook(FrozenDict, thaw_json)
    converter.register_structure_hook(enum.StrEnum, _parse_enum)
    converter.register_unstructure_hook(enum.StrEnum, lambda member: member.value)
    converter.register_structure_hook_func(_is_literal, _parse_choice)
    converter.register_structure_hook_factory(
        lambda t: attrs.has(t) and t.__module__.startswith("groupkit."),
        lambda cls: _every_problem(converter, cls),
    )
    _tagged(converter, Metric, "metric", bare_numbers=True)
    _tagged(converter, Predicate, "predicate", bare_numbers=False)
    converter.register_structure_hook_func(lambda t: t == (str | int | float | bool | None), _json_scalar)
    _tagged(converter, Condition, "condition", bare_numbers=False)
    _tagged(converter, ScreenRule, "screening rule", bare_numbers=False)
    def fixed_tuple(t: Any) -> Callable[[Any], list[Any]]:  # the hook of each item found once, not per value
        hooks = [converter.get_unstructure_hook(item) for item in typing.get_args(t)]
        return lambda value: [hook(item) for hook, item in zip(hooks, value)]

    converter.register_unstructure_hook_factory(  # a fixed-length tuple such as (time, kind, text): a list
        lambda t: getattr(t, "__origin__", None) is tuple and Ellipsis not in typing.get_args(t), fixed_tuple)
    converter.register_unstructure_hook_func(
        lambda t: getattr(t, "__origin__", None) is frozenset and t != frozenset[str],
        lambda value: sorted(converter.unstructure(item) for item in value),
    )
    converter.register_unstructure_hook(ScreenState, lambda state: converter.unstructure(_state_data(state), _StateData))
    converter.register_structure_hook(ScreenState, lambda value, _: _state(converter.structure(value, _StateData)))
    # results: a ledger is a list of lines, reasons a list of verdicts
    converter.register_unstructure_hook(Entry, lambda entry: converter.unstructure(entry._asdict(), dict[str, Any]))
    converter.register_structure_hook(
        Entry, lambda value, _: Entry(*attrs.astuple(converter.structure(value, _EntryFields), recurse=False))
    )
    converter.register_unstructure_hook(Ledger, lambda ledger: [converter.unstructure(e, Entry) for e in ledger])
    converter.register_structure_hook(Ledger, lambda value, _: Ledger(converter.structure(value, list[Entry])))
    converter.register_unstructure_hook(Reasons, lambda reasons: [converter.unstructure(v, Verdict) for v in reasons])
    converter.register_structure_hook(Reasons, lambda value, _: Reasons(converter.structure(value, list[Verdict])))
    return converter


@attrs.frozen
class _StateData:
    """The data form of a `ScreenState`: the clock, each member's record, the open obligations."""

    clock: datetime | None
    members: Mapping[str, MemberRecord]
    obligations: tuple[OpenObligation, ...] = ()
    count: int = 0


def _state_data(state: ScreenState) -> _StateData:
    return _StateData(state.clock, dict(state.members()), state.obligations, state.count)


def _state(data: _StateData) -> ScreenState:
    buckets: list[dict[str, MemberRecord]] = [{} for _ in range(BUCKETS)]
    for member_id, record in data.members.items():
        buckets[bucket_of(member_id)][member_id] = record
    return ScreenState(data.clock, tuple(buckets), tuple(sorted(data.obligations)), data.count)


@attrs.frozen
class _EntryFields:
    """The fields of a ledger line, for loading one (`Entry` is a named tuple)."""

    at: datetime
    kind: Literal["earned", "capped", "lost", "spent", "expired"]
    points: int | float
    rule: str | None = None
    note: str = ""


def _every_problem(converter: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    """A structure hook for `cls` that, when loading fails, reports every field's problem at once.

    cattrs collects shape problems field by field, but a class's own checks run in its `__init__`
    and stop at the first; on failure each field is checked on its own so that none goes unreported.
    """
    generated: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

    def structure(data: Any, _: Any) -> Any:
        try:
            return generated(data, cls)
        except (ClassValidationError, ValueError, TypeError) as first:
            if not isinstance(data, dict):
                raise
            problems = _field_problems(converter, cls, data)
            if not problems:
                raise
            raise ClassValidationError(f"While structuring {cls.__name__}", problems, cls) from first

    return structure


def _field_problems(converter: cattrs.Converter, cls: type, data: dict[str, Any]) -> list[Exception]:
    fields = [field for field in attrs.fields(cls) if field.init]
    hints = typing.get_type_hints(cls)
    problems: list[Exception] = []
    extra = set(data) - {field.name for field in fields}
    if extra:
        problems.append(ForbiddenExtraKeysError("", cls, extra))
    for field in fields:
        kind = hints[field.name]
        try:
            if field.name not in data:
                if field.default is attrs.NOTHING:
                    raise KeyError(field.name)
                continue
            value = converter.structure(data[field.name], kind)
            if field.converter is not None:
                value = field.converter(value)
            if field.validator is not None:
                field.validator(None, field, value)
        except Exception as error:
            error.__notes__ = [
                *getattr(error, "__notes__", []),
                AttributeValidationNote(f"Structuring class {cls.__name__} @ attribute {field.name}", field.name, kind),
            ]
            problems.append(error)
    return problems


def _tagged(converter: cattrs.Converter, base: type, noun: str, *, bare_numbers: bool) -> None:
    registry = _registry(base)

    def structure(value: object, _: object) -> Any:
        if bare_numbers and not isinstance(value, (dict, str)):
            return Constant(_number(value, None))
        if not isinstance(value, dict) or not isinstance(value.get("type"), str):
            also = " or a number" if bare_numbers else ""
            raise _Invalid(f"expected a {noun}: an object with a 'type'{also}, got {_type_name(value)}")
        cls = registry.get(value["type"])
        if cls is None:
            raise _Invalid(f"unknown {noun} type {value['type'][:40]!r}; expected one of {', '.join(sorted(registry))}")
        fields = {key: item for key, item in value.items() if key != "type"}
        return converter.structure(fields, cls)

    def unstructure(value: Any) -> Any:
        if isinstance(value, Constant):
            return value.value
        return {"type": tag_of(type(value)), **converter.unstructure(value, type(value))}

    converter.register_structure_hook_func(lambda t: t is base, structure)
    converter.register_unstructure_hook_func(lambda t: t is base, unstructure)


converter = _make_converter()
"""The converter behind `to_data` and `from_data`; register hooks on a copy, not on this one."""


_UNIONS = (Metric, Predicate, Condition, ScreenRule)
"""The base classes whose subclasses are told apart in data by a ``"type"`` tag."""


def _base(cls: type) -> type:
    for base in _UNIONS:
        if isinstance(cls, type) and issubclass(cls, base):
            return base
    return cls


def to_data(obj: Any) -> Any:
    """`obj` as JSON-compatible data (dicts, lists, strings, numbers, booleans, None).

    >>> from datetime import datetime, timezone
    >>> from groupkit.facts import Member
    >>> to_data(Member("ann", datetime(2026, 1, 5, tzinfo=timezone.utc), tags={"vip"}))["tags"]
    ['vip']
    """
    return converter.unstructure(obj, _base(type(obj)))


def _problem(error: BaseException, kind: type | None) -> str:
    if isinstance(error, KeyError) and not isinstance(error, PolicyError):
        return "required field missing"
    if isinstance(error, ForbiddenExtraKeysError):
        return f"unknown fields: {', '.join(sorted(error.extra_fields))}"
    if isinstance(error, AttributeError) and "'items'" in str(error):
        return "expected an object"
    if isinstance(error, TypeError) and str(error).endswith("is not iterable"):
        return "expected a list"
    if isinstance(error, (ValueError, TypeError)) and str(error):
        return str(error)
    return cattrs.v.format_exception(error, kind)


def _where(path: tuple[Any, ...] | None) -> str:
    """The `$.a[0].b` form of a path kept as nested (parent, key) pairs."""
    parts: list[str] = []
    while path is not None:
        path, key = path
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key[:40]}")
    return "$" + "".join(reversed(parts))


def _check_shape(data: object, limits: Limits) -> list[str]:
    """Problems with the data's shape and size, found without recursion. Paths are kept as
    (parent, key) pairs and written out only for a problem: most data has none."""
    problems: list[str] = []
    max_depth, max_string, max_nodes = limits.max_depth, limits.max_string, limits.max_nodes
    nodes = 0
    stack: list[tuple[object, tuple[Any, ...] | None, int]] = [(data, None, 1)]

    def leaf(value: object, path: tuple[Any, ...] | None) -> None:
        if isinstance(value, str):
            if len(value) > max_string:
                problems.append(f"{_where(path)}: a string longer than {max_string} characters (Limits.max_string)")
        elif isinstance(value, float):
            if not math.isfinite(value):
                problems.append(f"{_where(path)}: expected a finite number, got {value}")
        elif value is not None and not isinstance(value, (bool, int)):
            problems.append(f"{_where(path)}: expected JSON data, got {type(value).__name__}")

    while stack and len(problems) < 20:
        value, path, depth = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            return [f"$: more than {max_nodes} values (Limits.max_nodes)"]
        if depth > max_depth:
            problems.append(f"{_where(path)}: nested deeper than {max_depth} levels (Limits.max_depth)")
            continue
        is_dict = isinstance(value, dict)
        if is_dict:
            items: Iterable[tuple[Any, object]] = reversed(value.items())  # type: ignore[attr-defined]
        elif isinstance(value, (list, tuple)):
            items = ((i, value[i]) for i in reversed(range(len(value))))
        else:
            leaf(value, path)
            continue
        for key, item in items:
            if is_dict:
                if not isinstance(key, str):
                    problems.append(f"{_where(path)}: keys must be strings, got {_type_name(key)}")
                    continue
                if len(key) > max_string:
                    problems.append(f"{_where(path)}: a key longer than {max_string} characters (Limits.max_string)")
                    continue
            if isinstance(item, (dict, list, tuple)):
                stack.append((item, (path, key), depth + 1))
            else:  # a scalar: checked here rather than pushed, popped and counted on its own turn
                nodes += 1
                if depth + 1 > max_depth:
                    problems.append(f"{_where((path, key))}: nested deeper than {max_depth} levels (Limits.max_depth)")
                else:
                    leaf(item, (path, key))
        if nodes > max_nodes:
            return [f"$: more than {max_nodes} values (Limits.max_nodes)"]
    return problems


def from_data(data: Any, cls: type[T], *, limits: Limits = LIMITS) -> T:
    """Build a `cls` from data made by `to_data` (or written by hand, or by an admin).

    Raises `PolicyError` listing every problem with its path.

    >>> from groupkit.metrics import Metric
    >>> from_data({"type": "count", "kind": "message", "within": "P7D"}, Metric)
    count('message', 7d)
    >>> from_data({"type": "count", "kind": "message", "within": "7 dayz"}, Metric)
    Traceback (most recent call last):
    ...
    groupkit.errors.PolicyError: 1 problem in the data:
      $.within: expected an ISO 8601 duration such as 'P7D' or 'PT3H' (years and months have no fixed length), got '7 dayz'
    """
    problems = _check_shape(data, limits)
    if problems:
        raise PolicyError(problems)
    try:
        return converter.structure(data, cls)
    except Exception as error:  # every failure to load becomes a PolicyError with paths
        messages = transform_error(error, "$", _problem)
        raise PolicyError([_path_first(m) for m in messages]) from error


def _path_first(message: str) -> str:
    text, _, path = message.rpartition(" @ ")
    if not text:
        return message
    # a fact's own check names its field first ("role: expected ..."): fold it into the path
    field = re.match(r"([A-Za-z_][\w.\[\]']*): ", text)
    if field:
        name = field.group(1)
        last = path.rsplit(".", 1)[-1]
        if name.startswith(f"{last}["):  # an item of the field the path ends with: "conflicts[0]" at $.conflicts
            path += name[len(last):]
        elif not path.endswith(f".{name}"):
            path = f"{path}.{name}"
        text = text[field.end() :]
    return f"{path}: {text}"


# -- JSON Schema -------------------------------------------------------------------------------------

_DURATION = {
    "oneOf": [
        {"type": "string", "pattern": r"^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?$",
         "description": "ISO 8601 duration, e.g. P7D or PT3H"},
        {"type": "number", "description": "seconds"},
    ]
}
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    datetime: {
        "type": "string",
        "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d(:\d\d(\.\d+)?)?|Z)(\[[A-Za-z0-9_+/-]+\])?$",
        "description": "ISO 8601 date-time with a UTC offset, optionally followed by an IANA zone: "
        "2026-03-01T09:00:00+08:00[Asia/Shanghai]",
    },
    timedelta: _DURATION,
    time: {"type": "string", "pattern": r"^\d\d:\d\d(:\d\d)?$", "description": "a time of day, e.g. 20:00"},
    tzinfo: {"type": "string", "description": "IANA name such as Asia/Shanghai, or an offset such as +08:00"},
    Mapping[str, Any]: {"type": "object"},
    frozenset[str]: {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
}


class _Schema:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, kind: Any) -> dict[str, Any]:
        if kind in _SCALARS:
            return dict(_SCALARS[kind])
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if origin in (typing.Union, types.UnionType):
            if set(args) == {int, float}:
                return {"type": "number"}
            return {"anyOf": [self.of(arg) for arg in args]}
        if kind is type(None):
            return {"type": "null"}
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin is tuple and Ellipsis not in args:
            return {"type": "array", "prefixItems": [self.of(arg) for arg in args], "items": False}
        if origin is tuple:
            return {"type": "array", "items": self.of(args[0])}
        if origin is Mapping:
            return {"type": "object", "additionalProperties": self.of(args[1])}
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return {"enum": [member.value for member in kind]}
        if kind in _UNIONS:
            return self.union(kind)
        if kind is ScreenState:  # stored in its data form
            return self.ref(_StateData)
        if origin is frozenset:
            return {"type": "array", "items": self.of(args[0]), "uniqueItems": True}
        if attrs.has(kind):
            return self.ref(kind)
        raise TypeError(f"no JSON Schema for {kind!r}")

    def ref(self, cls: type, tag: str | None = None) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}
            hints = typing.get_type_hints(cls)
            properties: dict[str, Any] = {}
            required = []
            if tag is not None:
                properties["type"] = {"const": tag}
                required.append("type")
            for field in attrs.fields(cls):
                if not field.init:
                    continue
                properties[field.name] = self.of(hints[field.name])
                if field.default is attrs.NOTHING:
                    required.append(field.name)
            self.defs[name] = {
                "type": "object",
                "title": name,
                "description": " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split()),
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}

    def union(self, base: type) -> dict[str, Any]:
        name = base.__name__
        if name not in self.defs:
            self.defs[name] = {}
            choices = [self.ref(cls, tag) for tag, cls in sorted(_registry(base).items())]
            if base is Metric:
                choices.insert(0, {"type": "number", "description": "a constant"})
            self.defs[name] = {"anyOf": choices}
        return {"$ref": f"#/$defs/{name}"}


def json_schema(cls: type) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for the data form of `cls`, for editors and validators.

    >>> from groupkit.facts import Event
    >>> schema = json_schema(Event)
    >>> schema["$ref"], sorted(schema["$defs"]["Event"]["required"])
    ('#/$defs/Event', ['at', 'kind', 'member_id'])
    """
    builder = _Schema()
    root = builder.of(cls)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": builder.defs}

