"""Regular expressions from untrusted admins, matched in time linear in the text, so none can hang screening.

Patterns are written in Python's `re` syntax and mean what `re.search` means, but they never run on a
backtracking matcher: they run on RE2 (the optional ``groupkit[re2]`` extra) when it is installed and
agrees with `re` on the pattern, and otherwise on a small automaton built here from Python's own parse
of the pattern, whose work per character is bounded by the size of the pattern. What only a backtracking
matcher can do is refused, the same way whether RE2 is installed or not.

>>> compile_safe("加微信|vx").search("请加微信领取")
True
>>> compile_safe("(a+)+$").search("a" * 10_000 + "!")  # the classic catastrophic pattern
False
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import Any, Literal

import attrs

from groupkit._pickling import reduce_by_init
from groupkit.errors import GroupkitError

__all__ = ["MAX_PATTERN", "MAX_REPEAT", "MAX_STATES", "SafePattern", "UnsafePatternError", "compile_safe"]

MAX_PATTERN = 1000  # characters of pattern text
MAX_REPEAT = 1000  # the largest count in a repetition such as ``{2,5}``, as in RE2
MAX_STATES = 2 * MAX_PATTERN  # steps of the automaton, repetitions spelled out: bounds the work per character


def _first_module(*names: str) -> Any:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


_parser: Any = _first_module("re._parser", "sre_parse")
_MAXREPEAT: int = _first_module("re._constants", "sre_constants").MAXREPEAT
_re2: Any = _first_module("re2")  # the optional linear-time engine (PyPI: google-re2)

_CHAR_FLAGS = re.IGNORECASE | re.DOTALL | re.ASCII | re.UNICODE
_NON_BOUNDARY_ON_EMPTY = re.search(r"\B", "") is not None  # differs between Python versions
_BACKTRACKING = {"GROUPREF": "backreference", "GROUPREF_EXISTS": "conditional group", "ASSERT": "lookaround",
                 "ASSERT_NOT": "negative lookaround"}
_UNSUPPORTED = {"ATOMIC_GROUP": "atomic group", "POSSESSIVE_REPEAT": "possessive quantifier"}


class UnsafePatternError(GroupkitError, ValueError):
    """A pattern that is refused: the pattern, and what in it cannot be matched safely.

    >>> print(UnsafePatternError("(a)\\\\1", "backreference '\\\\1' needs backtracking"))
    pattern '(a)\\1': backreference '\\1' needs backtracking
    """

    def __init__(self, pattern: str, problem: str) -> None:
        self.pattern = pattern
        self.problem = problem
        super().__init__(f"pattern {_quote(pattern)}: {problem}")

    def __reduce__(self) -> tuple[type[UnsafePatternError], tuple[str, str]]:
        return type(self), (self.pattern, self.problem)


def _quote(text: str, limit: int = 80) -> str:
    clipped = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"'{clipped}'" if clipped.isprintable() else repr(clipped)


# Python syntax for a parsed pattern: for messages, and for single characters tested by `re` itself.

_AT = {"AT_BEGINNING": "^", "AT_BEGINNING_STRING": r"\A", "AT_END": "$", "AT_END_STRING": r"\Z",
       "AT_BOUNDARY": r"\b", "AT_NON_BOUNDARY": r"\B"}
_CATEGORY = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
             "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_REPEATS = {"MAX_REPEAT": "", "MIN_REPEAT": "?", "POSSESSIVE_REPEAT": "+"}
_SINGLE = {"LITERAL", "NOT_LITERAL", "ANY", "IN", "SUBPATTERN", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT"}


def _show(items: Iterable[Any]) -> str:
    return "".join(_show_node(str(op), av) for op, av in items)


def _show_node(name: str, av: Any) -> str:
    if name == "LITERAL":
        return re.escape(chr(av))
    if name == "NOT_LITERAL":
        return f"[^{re.escape(chr(av))}]"
    if name == "ANY":
        return "."
    if name == "IN":
        return _show_set(av)
    if name == "AT":
        return _AT.get(str(av), "")
    if name == "BRANCH":
        return "|".join(_show(branch) for branch in av[1])
    if name == "SUBPATTERN":
        return ("(" if av[0] else "(?:") + _show(av[3]) + ")"
    if name in _REPEATS:
        lo, hi, body = av
        inner = _show(body)
        if len(body) != 1 or str(body[0][0]) not in _SINGLE:
            inner = f"(?:{inner})"
        return inner + _quantifier(lo, hi) + _REPEATS[name]
    if name == "GROUPREF":
        return f"\\{av}"
    if name == "GROUPREF_EXISTS":
        group, yes, no = av
        return f"(?({group}){_show(yes)}" + (f"|{_show(no)}" if no else "") + ")"
    if name in ("ASSERT", "ASSERT_NOT"):
        direction, body = av
        return "(?" + ("<" if direction < 0 else "") + ("=" if name == "ASSERT" else "!") + _show(body) + ")"
    if name == "ATOMIC_GROUP":
        return f"(?>{_show(av)})"
    return f"<{name}>"


def _show_set(items: Any) -> str:
    if len(items) == 1 and str(items[0][0]) == "CATEGORY":
        return _CATEGORY[str(items[0][1])]
    parts = []
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            parts.append("^")
        elif name == "LITERAL":
            parts.append(re.escape(chr(av)))
        elif name == "RANGE":
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        else:
            parts.append(_CATEGORY.get(str(av), ""))
    return "[" + "".join(parts) + "]"


def _quantifier(lo: int, hi: int) -> str:
    if hi == _MAXREPEAT:
        return {0: "*", 1: "+"}.get(lo, f"{{{lo},}}")
    if (lo, hi) == (0, 1):
        return "?"
    return f"{{{lo}}}" if lo == hi else f"{{{lo},{hi}}}"


def _scoped(flags: int, add: int, remove: int) -> int:
    flags = (flags | add) & ~remove
    if add & re.ASCII:
        flags &= ~re.UNICODE
    elif add & re.UNICODE:
        flags &= ~re.ASCII
    return flags


# What a character is, as far as ^ $ \b \B care, in bits; 0 is no character (the start or end of the text).
_NONE, _NEWLINE, _WORD, _ASCII_WORD, _SOME = 0, 1, 2, 4, 8


def _kind(char: str) -> int:
    word = char.isalnum() or char == "_"
    return _SOME | (char == "\n") * _NEWLINE | word * _WORD | (word and char.isascii()) * _ASCII_WORD


Assertion = Callable[[int, int, bool], bool]  # (kind before, kind after, the character after is the last)


def _assertion(code: str, flags: int) -> Assertion:
    multiline, word = bool(flags & re.MULTILINE), _ASCII_WORD if flags & re.ASCII else _WORD

    def boundary(before: int, after: int, last: bool) -> bool:
        if before == after == _NONE:  # the empty text, which `re` treats specially
            return code == "AT_NON_BOUNDARY" and _NON_BOUNDARY_ON_EMPTY
        return (bool(before & word) != bool(after & word)) == (code == "AT_BOUNDARY")

    tests: dict[str, Assertion] = {
        "AT_BEGINNING": lambda before, after, last: before == _NONE or (multiline and bool(before & _NEWLINE)),
        "AT_BEGINNING_STRING": lambda before, after, last: before == _NONE,
        "AT_END": lambda before, after, last: after == _NONE or (bool(after & _NEWLINE) and (multiline or last)),
        "AT_END_STRING": lambda before, after, last: after == _NONE,
    }
    return tests.get(code, boundary)


_CHAR, _SPLIT, _ASSERT, _MATCH = range(4)
_FOUND: frozenset[int] = frozenset({-1})
_CACHE_LIMIT = 20_000  # entries of a cache
_CACHE_BUDGET = 250_000  # elements of the sets one pattern keeps: some megabytes at most


class _Automaton:
    """Thompson's construction over Python's parse, run as a DFA built lazily, one transition at a time.

    Each step costs at most the number of states, so the work is linear in the text whatever the pattern.
    """

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.kinds: list[int] = []
        self.outs: list[int] = []
        self.alts: list[int] = []
        self.asserts: dict[int, Assertion] = {}
        tests: dict[tuple[str, int], list[int]] = {}
        self._tests = tests
        parsed = _parse(pattern, flags)
        self.match = self._add(_MATCH)
        self.start = self._sequence(parsed, parsed.state.flags, self.match)
        self.flags: int = parsed.state.flags
        self.parsed: Any = parsed
        self.tests = [(re.compile(source, fl).match, frozenset(states)) for (source, fl), states in tests.items()]
        del self._tests
        self.closures: dict[int, _Closures] = {}
        self.accepting: dict[str, frozenset[int]] = {}
        self.steps: dict[tuple[frozenset[int], int, str, bool], frozenset[int]] = {}
        self.sets: dict[frozenset[int], frozenset[int]] = {}
        self.kept = self.closed = 0  # elements of the sets kept, and of the closures

    def _add(self, kind: int, out: int = -1, alt: int = -1) -> int:
        if len(self.kinds) >= MAX_STATES:
            raise UnsafePatternError(self.pattern, f"too large once its repetitions are spelled out "
                                                   f"(more than {MAX_STATES} steps); use smaller counts")
        self.kinds.append(kind)
        self.outs.append(out)
        self.alts.append(alt)
        return len(self.kinds) - 1

    def _sequence(self, items: Any, flags: int, then: int) -> int:
        for op, av in reversed(list(items)):
            then = self._node(str(op), av, flags, then)
        return then

    def _node(self, name: str, av: Any, flags: int, then: int) -> int:
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            state = self._add(_CHAR, then)
            self._tests.setdefault((_show_node(name, av), flags & _CHAR_FLAGS), []).append(state)
            return state
        if name == "AT":
            state = self._add(_ASSERT, then)
            self.asserts[state] = _assertion(str(av), flags)
            return state
        if name == "BRANCH":
            starts = [self._sequence(branch, flags, then) for branch in av[1]]
            state = starts.pop()
            for start in reversed(starts):
                state = self._add(_SPLIT, start, state)
            return state
        if name == "SUBPATTERN":
            return self._sequence(av[3], _scoped(flags, av[1], av[2]), then)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):  # lazy or greedy, the same texts match somewhere
            return self._repeat(av, flags, then)
        shown = _quote(_show_node(name, av))
        if name in _BACKTRACKING:
            construct = _BACKTRACKING[name].replace("around", "behind" if name.startswith("ASSERT") and av[0] < 0 else "ahead")
            problem = f"{construct} {shown} needs a backtracking matcher, which can take exponential time"
        else:
            problem = f"{_UNSUPPORTED.get(name, name.lower())} {shown} is not supported by a matcher that never backtracks"
        raise UnsafePatternError(self.pattern, problem)

    def _repeat(self, av: Any, flags: int, then: int) -> int:
        lo, hi, body = av
        if max(lo, 0 if hi == _MAXREPEAT else hi) > MAX_REPEAT:
            shown = _quote(_show_node("MAX_REPEAT", av))
            raise UnsafePatternError(self.pattern, f"repetition {shown} counts beyond {MAX_REPEAT}")
        if hi == _MAXREPEAT:
            then = loop = self._add(_SPLIT, -1, then)
            self.outs[loop] = self._sequence(body, flags, loop)
        else:
            end = then
            for _ in range(hi - lo):
                then = self._add(_SPLIT, self._sequence(body, flags, then), end)
        for _ in range(lo):
            then = self._sequence(body, flags, then)
        return then

    def search(self, text: str) -> bool:
        """Whether a match ends anywhere in `text`: one cached transition per character."""
        steps, contextual = self.steps, bool(self.asserts)
        here, before, last = frozenset[int](), _NONE, len(text) - 1
        for index, char in enumerate(text):
            final = char == "\n" and index == last
            key = (here, before, char, final)
            after = steps.get(key)
            if after is None:
                if len(steps) >= _CACHE_LIMIT:
                    steps.clear()
                after = steps[key] = self._step(here, before, char, final)
            if after is _FOUND:
                return True
            here = after
            if contextual:
                before = _kind(char)
        return self._reach(here, before << 5) is None

    def _step(self, here: frozenset[int], before: int, char: str, final: bool) -> frozenset[int]:
        context = (before << 5 | _kind(char) << 1 | final) if self.asserts else 0
        reached = self._reach(here, context)
        if reached is None:
            return _FOUND
        accepting = self.accepting.get(char)
        if accepting is None:
            if len(self.accepting) >= _CACHE_LIMIT:
                self.accepting.clear()
            found = frozenset[int]().union(*(states for test, states in self.tests if test(char)))
            accepting = self.accepting[char] = self._keep(found)
        return self._keep(frozenset(map(self.outs.__getitem__, reached & accepting)))

    def _keep(self, found: frozenset[int]) -> frozenset[int]:
        """`found`, or the equal set kept before (cache keys then compare by identity), within a memory budget."""
        kept = self.sets.get(found)
        if kept is None:
            if self.kept > _CACHE_BUDGET:
                self.steps.clear()
                self.accepting.clear()
                self.sets.clear()
                self.kept = 0
            kept = self.sets[found] = found
            self.kept += len(found) + 1
        return kept

    def _reach(self, here: frozenset[int], context: int) -> AbstractSet[int] | None:
        """The states that read a character, reached from `here` or the start (a match may begin anywhere)
        without reading one; None when the match is among them."""
        if self.closed > _CACHE_BUDGET:  # too many closures to keep: walk from all the states at once
            reached: AbstractSet[int] = set(self.walk([self.start, *here], context))
        else:
            closures = self.closures.get(context)
            if closures is None:
                closures = self.closures[context] = _Closures(self, context)
            reached = closures[self.start].union(*map(closures.__getitem__, here))
        return None if self.match in reached else reached

    def walk(self, states: list[int], context: int) -> Iterator[int]:
        """The states that read a character (or the match) reached from `states` without reading one."""
        before, after, final = context >> 5, context >> 1 & 15, bool(context & 1)
        seen: set[int] = set()
        while states:
            state = states.pop()
            if state in seen:
                continue
            seen.add(state)
            kind = self.kinds[state]
            if kind in (_CHAR, _MATCH):
                yield state
            elif kind == _SPLIT:
                states += (self.outs[state], self.alts[state])
            elif self.asserts[state](before, after, final):
                states.append(self.outs[state])


class _Closures(dict[int, frozenset[int]]):
    """`_Automaton.walk` from each state in one context, computed when first asked for."""

    def __init__(self, automaton: _Automaton, context: int) -> None:
        super().__init__()
        self.automaton, self.context = automaton, context

    def __missing__(self, state: int) -> frozenset[int]:
        found = self[state] = frozenset(self.automaton.walk([state], self.context))
        self.automaton.closed += len(found) + 1
        return found


def _parse(pattern: str, flags: int) -> Any:
    if not isinstance(pattern, str):
        raise TypeError(f"pattern: expected a str, got {type(pattern).__name__}")
    if len(pattern) > MAX_PATTERN:
        raise UnsafePatternError(pattern, f"{len(pattern)} characters long, at most {MAX_PATTERN} are allowed")
    try:
        return _parser.parse(pattern, flags)
    except (re.error, OverflowError) as error:
        raise UnsafePatternError(pattern, f"not a valid regular expression: {error}") from None


# RE2 syntax for the patterns on which RE2 and `re` agree, or None. RE2's \d \w \s \b are ASCII-only, its
# case folding differs from Python's in places, and its $ ignores a final newline: those stay with the
# automaton. Characters are written as \x{...}, so nothing depends on how the two spell escapes.

_RE2_AT = {("AT_BEGINNING", False): r"\A", ("AT_BEGINNING", True): "(?m:^)", ("AT_BEGINNING_STRING", False): r"\A",
           ("AT_BEGINNING_STRING", True): r"\A", ("AT_END", True): "(?m:$)", ("AT_END_STRING", False): r"\z",
           ("AT_END_STRING", True): r"\z"}


def _joined(parts: list[str | None], separator: str = "") -> str | None:
    return None if None in parts else separator.join(part for part in parts if part is not None)


def _re2_source(items: Any, flags: int) -> str | None:
    return _joined([_re2_node(str(op), av, flags) for op, av in items])


def _re2_node(name: str, av: Any, flags: int) -> str | None:
    folds = bool(flags & re.IGNORECASE)
    if name in ("LITERAL", "NOT_LITERAL"):
        return None if folds and _cased(av, av) else ("[^{}]" if name == "NOT_LITERAL" else "{}").format(_hex(av))
    if name == "ANY":
        return "(?s:.)" if flags & re.DOTALL else "(?-s:.)"
    if name == "IN":
        return _re2_set(av, folds)
    if name == "AT":
        return _RE2_AT.get((str(av), bool(flags & re.MULTILINE)))
    if name == "BRANCH":
        inner = _joined([_re2_source(branch, flags) for branch in av[1]], "|")
        return None if inner is None else f"(?:{inner})"
    if name == "SUBPATTERN":
        inner = _re2_source(av[3], _scoped(flags, av[1], av[2]))
        return None if inner is None else f"(?:{inner})"
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        lo, hi, body = av
        inner = _re2_source(body, flags)
        return None if inner is None else f"(?:{inner}){{{lo},{'' if hi == _MAXREPEAT else hi}}}"
    return None


def _re2_set(items: Any, folds: bool) -> str | None:
    parts = []
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            parts.append("^")
        elif name == "LITERAL" and not (folds and _cased(av, av)):
            parts.append(_hex(av))
        elif name == "RANGE" and not (folds and _cased(*av)):
            parts.append(f"{_hex(av[0])}-{_hex(av[1])}")
        else:
            return None
    return "[" + "".join(parts) + "]"


def _hex(code: int) -> str:
    return f"\\x{{{code:X}}}"


def _cased(lo: int, hi: int) -> bool:
    """Whether some character from `lo` to `hi` has another case (a long range is assumed to)."""
    return hi - lo > 4096 or any(chr(c).lower() != chr(c) or chr(c).upper() != chr(c) for c in range(lo, hi + 1))


def _build_automaton(pattern: SafePattern) -> _Automaton:
    try:
        return _Automaton(pattern.pattern, re.IGNORECASE if pattern.ignore_case else 0)
    except RecursionError:
        raise UnsafePatternError(pattern.pattern, "groups nested too deeply") from None


def _build_re2(pattern: SafePattern) -> Any:
    if _re2 is None:
        return None
    try:
        source = _re2_source(pattern._automaton.parsed, pattern._automaton.flags)
    except RecursionError:
        source = None
    if source is None:
        return None
    options = _re2.Options()
    options.log_errors = False
    try:
        return _re2.compile(source, options)
    except _re2.error:  # beyond RE2's own limits: the automaton serves
        return None


# A first-character prefilter: the characters a match can begin with, as one character class that
# `re` scans for in C (a single class cannot backtrack). Most chat messages contain none of them, and
# then neither engine needs to run. None when any character could begin a match.

_ANY = None


def _first(items: Any) -> set[str] | None:
    """The characters a match of the sequence `items` can begin with (None: any; empty: matches empty)."""
    found: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return found | {chr(av)}
        if name == "IN":
            chars = _class_chars(av)
            return None if chars is None else found | chars
        if name == "BRANCH":
            for branch in av[1]:
                part = _first(branch)
                if part is None or not part:  # any, or a branch that can match nothing: give up
                    return None
                found |= part
            return found
        if name == "SUBPATTERN":
            if av[1] or av[2]:  # flags switched inside, such as (?i:...): the class could not follow them
                return None
            part = _first(av[3])
            if part is None or not part:
                return None
            return found | part
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            part = _first(av[2])
            if part is None or not part:
                return None
            found |= part
            if av[0] >= 1:
                return found
            continue  # optional: what follows may begin the match too
        if name == "AT":
            continue
        return None
    return None  # the whole pattern can match the empty string


def _class_chars(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE" and av[1] - av[0] <= 256:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return chars


def _build_prefilter(pattern: SafePattern) -> re.Pattern[str] | None:
    chars = _first(pattern._automaton.parsed)
    if not chars:
        return None
    # the class folds case exactly as the pattern does (ſ is an s, K a k), because `re` folds it
    return re.compile("[" + "".join(re.escape(char) for char in sorted(chars)) + "]",
                      pattern._automaton.flags & (re.IGNORECASE | re.ASCII))


@attrs.frozen
class SafePattern:
    """A regular expression in Python's syntax, checked and compiled to run in time linear in the text.

    >>> SafePattern(r"https?://\\S+").search("see http://spam.example")
    True
    >>> SafePattern("VX", ignore_case=False).search("vx")
    False
    """

    __reduce__ = reduce_by_init  # pickled as its arguments: derived state is rebuilt

    pattern: str
    ignore_case: bool = attrs.field(default=True, kw_only=True)
    _automaton: _Automaton = attrs.field(init=False, eq=False, repr=False,
                                         default=attrs.Factory(_build_automaton, takes_self=True))
    _fast: Any = attrs.field(init=False, eq=False, repr=False, default=attrs.Factory(_build_re2, takes_self=True))
    _prefilter: re.Pattern[str] | None = attrs.field(init=False, eq=False, repr=False,
                                                     default=attrs.Factory(_build_prefilter, takes_self=True))

    @property
    def engine(self) -> Literal["re2", "automaton"]:
        """Which matcher runs this pattern: RE2 when installed and in agreement with `re`, else the automaton."""
        return "automaton" if self._fast is None else "re2"

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in `text`, as ``re.search(...) is not None`` would say.

        >>> compile_safe("(x+x+)+y").search("x" * 50_000)
        False
        """
        if self._prefilter is not None and self._prefilter.search(text) is None:
            return False  # no character a match could begin with
        if self._fast is not None:
            try:
                return self._fast.search(text) is not None
            except UnicodeEncodeError:  # a lone surrogate, which RE2's UTF-8 cannot carry
                pass
        return self._automaton.search(text)


def compile_safe(pattern: str, *, ignore_case: bool = True) -> SafePattern:
    """Check `pattern` and compile it to run in linear time; raise `UnsafePatternError` if it cannot.

    Refused: patterns longer than `MAX_PATTERN`, invalid ones, backreferences, conditional groups,
    lookahead and lookbehind, atomic groups, possessive quantifiers, counts beyond `MAX_REPEAT` and
    patterns larger than `MAX_STATES` once their repetitions are spelled out.

    >>> compile_safe("(?i)QQ\\\\s*\\\\d{5,}").search("加我qq 12345678")
    True
    >>> compile_safe(r"(\\w+) \\1")
    Traceback (most recent call last):
    ...
    groupkit._regex.UnsafePatternError: pattern '(\\w+) \\1': backreference '\\1' needs a backtracking matcher, ...
    """
    return SafePattern(pattern, ignore_case=ignore_case)
