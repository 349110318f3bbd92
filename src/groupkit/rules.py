"""Rules: predicates over members that compose with ``&``, ``|`` and ``~`` and explain themselves.

>>> from datetime import timedelta
>>> from groupkit.metrics import count
>>> regular = (count("message", timedelta(days=7)) >= 10) & ~has_role("admin")
>>> regular
(count('message', 7d) >= 10) & ~has_role('admin')
"""

from __future__ import annotations

import abc
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from typing import TYPE_CHECKING, Any, overload

import attrs

from groupkit._pickling import reduce_fields
from groupkit.facts import Role
from groupkit.i18n import Lang
from groupkit.metrics import ComparisonOp, Constant, Metric, format_number

if TYPE_CHECKING:
    from groupkit.views import View

__all__ = [
    "AllOf",
    "Always",
    "AnyOf",
    "Compare",
    "HasBadge",
    "HasRole",
    "HasTag",
    "InTier",
    "Never",
    "Not",
    "Predicate",
    "Reasons",
    "Verdict",
    "all_of",
    "always",
    "any_of",
    "has_badge",
    "has_role",
    "has_tag",
    "in_tier",
    "never",
]


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Verdict:
    """Why a predicate holds or fails for one member.

    A leaf (a comparison, a role check …) has `text`, and for comparisons the `observed` value and
    the `threshold`; a composite has the `parts` that decided it. `str()` reads like
    ``messages in the last 7 days = 12 ≥ 10 ✓; not an admin ✓``. A verdict that places a member in a
    segment has a `title` naming the segment.
    """

    __reduce__ = reduce_fields  # pickled as a tuple of its fields: fast across processes

    rule: Predicate
    holds: bool
    text: str = ""
    observed: Any = None
    threshold: Any = None
    parts: tuple[Verdict, ...] = ()
    title: str = ""
    zh: str = ""  # the Chinese words of a leaf whose `text` is not worded from its rule

    def render(self, lang: Lang = "en") -> str:
        """The verdict in words, in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        from groupkit.i18n import render_verdict

        return render_verdict(self, lang)

    def __str__(self) -> str:
        if self.text:
            reason = f"{self.text} {'✓' if self.holds else '✗'}"
        else:
            reason = (" or " if isinstance(self.rule, AnyOf) else "; ").join(map(str, self.parts))
        return f"{self.title}: {reason}" if self.title else reason

    def __repr__(self) -> str:
        return f"<Verdict {'holds' if self.holds else 'fails'}: {self}>"

    def leaves(self) -> Iterator[Verdict]:
        """The leaf verdicts (comparisons, role checks …), in order, including those under a "not"."""
        if not self.parts:
            yield self
        for part in self.parts:
            yield from part.leaves()


class Predicate(abc.ABC):
    """A yes/no question about a member. Subclasses are frozen attrs classes."""

    __slots__ = ()

    @abc.abstractmethod
    def _select(self, view: View, candidates: Set[str]) -> Set[str]:
        """The candidates for whom the predicate holds, decided for the whole set at once."""

    @abc.abstractmethod
    def _explain(self, view: View, member_id: str) -> Verdict:
        """The verdict for one member; must agree with `_select`."""

    def __and__(self, other: Predicate) -> AllOf:
        if not isinstance(other, Predicate):
            return NotImplemented
        return AllOf((*_flat(self, AllOf), *_flat(other, AllOf)))

    def __or__(self, other: Predicate) -> AnyOf:
        if not isinstance(other, Predicate):
            return NotImplemented
        return AnyOf((*_flat(self, AnyOf), *_flat(other, AnyOf)))

    def __invert__(self) -> Not:
        return Not(self)

    def __bool__(self) -> bool:
        raise TypeError(
            f"the rule {self!r} has no truth value of its own: combine rules with & | ~ "
            "(not and/or/not) and evaluate them with view.test or view.explain"
        )


def _flat(predicate: Predicate, kind: type[AllOf] | type[AnyOf]) -> tuple[Predicate, ...]:
    return predicate.parts if isinstance(predicate, kind) else (predicate,)


class Reasons(Sequence[Verdict]):
    """Verdicts, worded when first read: a review decides for every member, and explains on demand.

    Give it the verdicts, or a function that returns them; either way it reads like a tuple.

    >>> reasons = Reasons(lambda: [Verdict(always(), True, "always")])
    >>> len(reasons), str(reasons[0]), reasons == [Verdict(always(), True, "always")]
    (1, 'always ✓', True)
    """

    __slots__ = ("_make", "_verdicts")

    def __init__(self, verdicts: Callable[[], Iterable[Verdict]] | Iterable[Verdict] = ()) -> None:
        self._make: Callable[[], Iterable[Verdict]] | None = None
        self._verdicts: tuple[Verdict, ...] | None = None
        if isinstance(verdicts, Reasons):
            self._make, self._verdicts = verdicts._make, verdicts._verdicts
        elif callable(verdicts):
            self._make = verdicts
        else:
            self._verdicts = tuple(verdicts)

    @property
    def _all(self) -> tuple[Verdict, ...]:
        if self._verdicts is None:
            assert self._make is not None
            self._verdicts = tuple(self._make())
            self._make = None
        return self._verdicts

    def __len__(self) -> int:
        return len(self._all)

    def __reduce__(self) -> tuple[type[Reasons], tuple[tuple[Verdict, ...]]]:
        """Pickled as the worded verdicts, never the view behind them (a review sent between processes)."""
        return Reasons, (self._all,)

    @overload
    def __getitem__(self, index: int) -> Verdict: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Verdict, ...]: ...

    def __getitem__(self, index: int | slice) -> Verdict | tuple[Verdict, ...]:
        return self._all[index]

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self._all)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._all == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all)

    def __repr__(self) -> str:
        return f"Reasons({list(self._all)!r})"


class _Leaf(Predicate):
    """A predicate with no parts, whose explanation can be stated with or without "not"."""

    __slots__ = ()

    @abc.abstractmethod
    def _leaf(self, view: View, member_id: str, negated: bool) -> Verdict:
        """The verdict for one member, of the predicate or (if `negated`) of its negation."""

    def _explain(self, view: View, member_id: str) -> Verdict:
        return self._leaf(view, member_id, negated=False)


_OPERATORS: dict[str, tuple[Callable[[Any, Any], bool], str, str]] = {
    ">=": (operator.ge, "≥", "<"),
    ">": (operator.gt, ">", "<="),
    "<=": (operator.le, "≤", ">"),
    "<": (operator.lt, "<", ">="),
    "==": (operator.eq, "=", "!="),
    "!=": (operator.ne, "≠", "=="),
}
_SELECTORS: dict[str, Callable[[Iterable[tuple[str, Any]], Any], set[str]]] = {
    ">=": lambda pairs, t: {m for m, v in pairs if v >= t},
    ">": lambda pairs, t: {m for m, v in pairs if v > t},
    "<=": lambda pairs, t: {m for m, v in pairs if v <= t},
    "<": lambda pairs, t: {m for m, v in pairs if v < t},
    "==": lambda pairs, t: {m for m, v in pairs if v == t},
    "!=": lambda pairs, t: {m for m, v in pairs if v != t},
}


def _check_op(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _OPERATORS:
        raise ValueError(f"op: expected one of {', '.join(map(repr, _OPERATORS))}, got {value!r}")


def _check_metric(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Metric):
        raise TypeError(f"{attribute.name}: expected a Metric, got {type(value).__name__}")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Compare(_Leaf):
    """`left op right`, `op` one of ``>= > <= < == !=``; made by comparing a metric."""

    left: Metric = attrs.field(validator=_check_metric)
    op: ComparisonOp = attrs.field(validator=_check_op)
    right: Metric = attrs.field(validator=_check_metric)

    def _select(self, view: View, candidates: Set[str]) -> Set[str]:
        left = view.values(self.left)
        test = _OPERATORS[self.op][0]
        right = view.values(self.right)
        if not right.values and right.default is not None:  # one threshold for everyone
            threshold, select = right.default, _SELECTORS[self.op]
            if left.default is not None and not test(left.default, threshold) and len(left.values) < len(candidates):
                # only members with a value of their own can pass: look at those, not at everyone
                return select(left.values.items(), threshold) & candidates
            return select(zip(candidates, left.over(candidates)), threshold)
        return {m for m, a, b in zip(candidates, left.over(candidates), right.over(candidates)) if test(a, b)}

    def _leaf(self, view: View, member_id: str, negated: bool) -> Verdict:
        test, symbol, opposite = _OPERATORS[self.op]
        observed = view.values(self.left).get(member_id)
        threshold = view.values(self.right).get(member_id)
        left_label, right_label = view.label(self.left), view.label(self.right)
        holds = test(observed, threshold) != negated
        asked = _OPERATORS[opposite][1] if negated else symbol
        # a failed comparison states what is true: "days visited = 38 < 50 ✗"
        shown = asked if holds else _OPERATORS[opposite if not negated else self.op][1]
        limit = (
            format_number(threshold)
            if isinstance(self.right, Constant)
            else f"{right_label} ({format_number(threshold)})"
        )
        value = f"{left_label} = {format_number(observed)}"
        if asked == "=":  # "events in the last 30 days = 0 ✓" reads better than "= 0 = 0"
            text = value + ("" if holds else f", not {limit}")
        elif asked == "≠" and not holds:
            text = f"{value}, which it must not be"
        else:
            text = f"{value} {shown} {limit}"
        rule = Not(self) if negated else self
        return Verdict(rule, holds, text, observed, threshold)

    def __repr__(self) -> str:
        if self.op in ("==", "!="):
            return f"{self.left!r}.{'eq' if self.op == '==' else 'ne'}({self.right!r})"
        return f"{self.left!r} {self.op} {self.right!r}"


def _predicates(values: Iterable[Predicate]) -> tuple[Predicate, ...]:
    if isinstance(values, Predicate):
        raise TypeError("parts: expected a sequence of predicates, got a single predicate")
    items = tuple(values)
    for i, item in enumerate(items):
        if not isinstance(item, Predicate):
            raise TypeError(f"parts[{i}]: expected a Predicate, got {type(item).__name__}")
    return items


def _grouped(predicate: Predicate) -> str:
    text = repr(predicate)
    return text if isinstance(predicate, (_Member, Always, Never, Not)) else f"({text})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class AllOf(Predicate):
    """Holds when every part holds (``a & b``); with no parts it always holds."""

    parts: tuple[Predicate, ...] = attrs.field(converter=_predicates)

    def _select(self, view: View, candidates: Set[str]) -> Set[str]:
        for part in self.parts:
            if not candidates:
                break
            candidates = part._select(view, candidates)
        return candidates

    def _explain(self, view: View, member_id: str) -> Verdict:
        verdicts = []
        for part in self.parts:
            verdict = part._explain(view, member_id)
            if not verdict.holds:
                return Verdict(self, False, parts=(verdict,))
            verdicts.append(verdict)
        return Verdict(self, True, parts=tuple(verdicts), text="" if verdicts else "always")

    def __repr__(self) -> str:
        return " & ".join(map(_grouped, self.parts)) if len(self.parts) > 1 else f"all_of({', '.join(map(repr, self.parts))})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class AnyOf(Predicate):
    """Holds when some part holds (``a | b``); with no parts it never holds."""

    parts: tuple[Predicate, ...] = attrs.field(converter=_predicates)

    def _select(self, view: View, candidates: Set[str]) -> Set[str]:
        chosen: set[str] = set()
        rest = candidates
        for part in self.parts:
            if not rest:
                break
            found = part._select(view, rest)
            if found:
                chosen |= found
                rest = rest - found
        return chosen

    def _explain(self, view: View, member_id: str) -> Verdict:
        verdicts = []
        for part in self.parts:
            verdict = part._explain(view, member_id)
            if verdict.holds:
                return Verdict(self, True, parts=(verdict,))
            verdicts.append(verdict)
        return Verdict(self, False, parts=tuple(verdicts), text="" if verdicts else "never")

    def __repr__(self) -> str:
        return " | ".join(map(_grouped, self.parts)) if len(self.parts) > 1 else f"any_of({', '.join(map(repr, self.parts))})"


def _check_predicate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Predicate):
        raise TypeError(f"{attribute.name}: expected a Predicate, got {type(value).__name__}")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Not(Predicate):
    """Holds when `part` fails (``~part``)."""

    part: Predicate = attrs.field(validator=_check_predicate)

    def _select(self, view: View, candidates: Set[str]) -> Set[str]:
        return candidates - self.part._select(view, candidates)

    def _explain(self, view: View, member_id: str) -> Verdict:
        if isinstance(self.part, _Leaf):
            verdict = self.part._leaf(view, member_id, negated=True)
            return attrs.evolve(verdict, rule=self)
        inner = self.part._explain(view, member_id)
        return Verdict(self, not inner.holds, f"not ({inner})", parts=(inner,))

    def __repr__(self) -> str:
        return f"~{_grouped(self.part)}"


class _Member(_Leaf):
    """A predicate on the member's own record (role, tags, tier, badges), not on events."""

    __slots__ = ()

    @abc.abstractmethod
    def _holds(self, member: Any) -> bool: ...

    @abc.abstractmethod
    def _describe(self, negated: bool) -> str: ...

    def _select(self, view: View, candidates: Set[str]) -> Set[str]:
        holds, member = self._holds, view.by_id.__getitem__
        return {m for m in candidates if holds(member(m))}

    def _leaf(self, view: View, member_id: str, negated: bool) -> Verdict:
        holds = self._holds(view.member(member_id)) != negated
        return Verdict(self, holds, self._describe(negated))


def _name(field: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{field}: expected a non-empty string, got {value!r}")
    return str.__str__(value)


def _tag(value: object) -> str:
    return _name("tag", value)


def _tier(value: object) -> str:
    return _name("tier", value)


def _badge(value: object) -> str:
    return _name("badge", value)


def _role(value: object) -> Role:
    try:
        return Role(str(value) if isinstance(value, str) else "")
    except ValueError:
        allowed = ", ".join(repr(r.value) for r in Role)
        raise ValueError(f"role: expected one of {allowed}, got {value!r}") from None


@attrs.frozen(repr=False, order=False, cache_hash=True)
class HasRole(_Member):
    """The member has this role."""

    role: Role = attrs.field(converter=_role)

    def _holds(self, member: Any) -> bool:
        return bool(member.role == self.role)

    def _describe(self, negated: bool) -> str:
        article = "an" if self.role.value[0] in "aeiou" else "a"
        return f"{'not ' if negated else ''}{article} {self.role.value}"

    def __repr__(self) -> str:
        return f"has_role({self.role.value!r})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class HasTag(_Member):
    """The member carries this tag."""

    tag: str = attrs.field(converter=_tag)

    def _holds(self, member: Any) -> bool:
        return self.tag in member.tags

    def _describe(self, negated: bool) -> str:
        return f"{'not ' if negated else ''}tagged {self.tag!r}"

    def __repr__(self) -> str:
        return f"has_tag({self.tag!r})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class InTier(_Member):
    """The member is currently in this tier."""

    tier: str = attrs.field(converter=_tier)

    def _holds(self, member: Any) -> bool:
        return bool(member.tier == self.tier)

    def _describe(self, negated: bool) -> str:
        return f"{'not ' if negated else ''}in tier {self.tier!r}"

    def __repr__(self) -> str:
        return f"in_tier({self.tier!r})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class HasBadge(_Member):
    """The member holds this badge."""

    badge: str = attrs.field(converter=_badge)

    def _holds(self, member: Any) -> bool:
        return self.badge in member.badges

    def _describe(self, negated: bool) -> str:
        return f"{'without' if negated else 'has'} badge {self.badge!r}"

    def __repr__(self) -> str:
        return f"has_badge({self.badge!r})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Always(_Leaf):
    """Holds for every member."""

    def _select(self, view: View, candidates: Set[str]) -> Set[str]:
        return candidates

    def _leaf(self, view: View, member_id: str, negated: bool) -> Verdict:
        return Verdict(self, not negated, "never" if negated else "always")

    def __repr__(self) -> str:
        return "always()"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Never(_Leaf):
    """Holds for no member."""

    def _select(self, view: View, candidates: Set[str]) -> Set[str]:
        return set()

    def _leaf(self, view: View, member_id: str, negated: bool) -> Verdict:
        return Verdict(self, negated, "always" if negated else "never")

    def __repr__(self) -> str:
        return "never()"


def all_of(*parts: Predicate) -> AllOf:
    """Holds when every part holds; the same as ``a & b & …``.

    >>> all_of(has_tag("vip"), ~has_role("guest"))
    has_tag('vip') & ~has_role('guest')
    """
    return AllOf(parts)


def any_of(*parts: Predicate) -> AnyOf:
    """Holds when at least one part holds; the same as ``a | b | …``.

    >>> any_of(has_role("owner"), has_role("admin"))
    has_role('owner') | has_role('admin')
    """
    return AnyOf(parts)


def has_role(role: str) -> HasRole:
    """The member has `role` (a `Role` or its value).

    >>> has_role(Role.MODERATOR)
    has_role('moderator')
    """
    return HasRole(role)


def has_tag(tag: str) -> HasTag:
    """The member carries `tag`.

    >>> has_tag("vip")
    has_tag('vip')
    """
    return HasTag(tag)


def in_tier(tier: str) -> InTier:
    """The member's current tier is `tier`.

    >>> in_tier("gold")
    in_tier('gold')
    """
    return InTier(tier)


def has_badge(badge: str) -> HasBadge:
    """The member holds `badge`.

    >>> has_badge("mentor")
    has_badge('mentor')
    """
    return HasBadge(badge)


def always() -> Always:
    """The predicate that holds for everyone.

    >>> always() | never()
    always() | never()
    """
    return Always()


def never() -> Never:
    """The predicate that holds for no one.

    >>> ~never()
    ~never()
    """
    return Never()
