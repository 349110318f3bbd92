"""Safe regular expressions: they mean what `re` means, refuse what needs backtracking, and never hang."""

from __future__ import annotations

import pickle
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from groupkit import _regex
from groupkit._regex import MAX_PATTERN, SafePattern, UnsafePatternError, compile_safe
from groupkit.errors import GroupkitError

HAVE_RE2 = _regex._re2 is not None
ENGINES = ["automaton", pytest.param("re2", marks=pytest.mark.skipif(not HAVE_RE2, reason="google-re2 not installed"))]


@contextmanager
def engine(name: str) -> Iterator[None]:
    """Compile with RE2 where it applies ("re2", when installed) or always with the automaton."""
    if name == "re2":
        yield
    else:
        with mock.patch.object(_regex, "_re2", None):
            yield


# A grammar of patterns: characters and classes, quantifiers of every kind (nested ones too), groups,
# alternation, anchors and scoped or global flags.
QUANTIFIERS = st.sampled_from(["", "", "?", "*", "+", "{2}", "{0,2}", "{1,3}", "{2,}", "*?", "+?", "??"])
ATOMS = st.sampled_from(["a", "b", "A", "中", "文", r"\.", r"\n", " ", ".", "[ab]", "[^a]", "[a-c]", "[中文]",
                         r"\d", r"\w", r"\s", r"\W", "[^\\n]", "é", "(?i:a)", "(?-i:b)", "(?s:.)", "(?a:\\w)"])
ANCHORS = st.sampled_from(["^", "$", r"\b", r"\B", r"\A", r"\Z"])


def patterns() -> st.SearchStrategy[str]:
    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        group = st.tuples(st.sampled_from(["(", "(?:"]), inner, QUANTIFIERS).map(lambda t: f"{t[0]}{t[1]})" + t[2])
        sequence = st.lists(inner | group | ANCHORS, min_size=1, max_size=3).map("".join)
        return st.lists(sequence, min_size=1, max_size=3).map("|".join)

    piece = st.tuples(ATOMS, QUANTIFIERS).map("".join) | ANCHORS
    body = st.recursive(piece, grow, max_leaves=6)
    return st.tuples(st.sampled_from(["", "", "(?m)", "(?s)", "(?a)", "(?x)"]), body).map("".join)


TEXTS = st.text(alphabet="abAB中文 .\n1_é", max_size=10)


@pytest.mark.parametrize("name", ENGINES)
@given(pattern=patterns(), text=TEXTS, ignore_case=st.booleans())
def test_search_agrees_with_re(name: str, pattern: str, text: str, ignore_case: bool) -> None:
    flags = re.IGNORECASE if ignore_case else 0
    try:
        expected = re.search(pattern, text, flags) is not None
    except re.error:
        assume(False)
    with engine(name):
        assert compile_safe(pattern, ignore_case=ignore_case).search(text) == expected


@pytest.mark.parametrize("name", ENGINES)
@pytest.mark.parametrize(("pattern", "text", "ignore_case", "expected"), [
    ("加微信|vx", "请加微信领取", True, True),
    ("加微信|vx", "加 VX 领取", True, True),
    ("加微信|vx", "加 VX 领取", False, False),
    (r"(?:qq|vx|wx)[:：]?\s*\d{5,}", "加我 QQ：12345678", True, True),
    (r"https?://\S+", "see http://spam.example", True, True),
    (r"^\S+-\S+-\S+$", "张三-杭州-设计师", True, True),
    (r"^\S+-\S+-\S+$", "张三", True, False),
    ("", "", True, True),
    (r"\B", "", True, re.search(r"\B", "") is not None),
    ("a$", "a\n", True, True),
    ("a$", "a\n\n", True, False),
    ("a", "\ud800a", True, True),
])
def test_examples(name: str, pattern: str, text: str, ignore_case: bool, expected: bool) -> None:
    with engine(name):
        assert compile_safe(pattern, ignore_case=ignore_case).search(text) is expected


@pytest.mark.parametrize("name", ENGINES)
@pytest.mark.parametrize(("pattern", "problem"), [
    (r"(a)\1", r"backreference '\1' needs a backtracking matcher, which can take exponential time"),
    (r"(?P<x>a)(?P=x)", r"backreference '\1' needs a backtracking matcher"),
    ("a(?=b)", "lookahead '(?=b)' needs a backtracking matcher"),
    ("(?<=a)b", "lookbehind '(?<=a)' needs a backtracking matcher"),
    ("a(?!b)", "negative lookahead '(?!b)' needs a backtracking matcher"),
    ("(?<!a)b", "negative lookbehind '(?<!a)' needs a backtracking matcher"),
    ("(a)?(?(1)b|c)", "conditional group '(?(1)b|c)' needs a backtracking matcher"),
    ("(?>a+)b", "atomic group '(?>a+)' is not supported by a matcher that never backtracks"),
    ("a*+b", "possessive quantifier 'a*+' is not supported by a matcher that never backtracks"),
    ("a{1001}", "repetition 'a{1001}' counts beyond 1000"),
    ("(?:a{50}){50}", "too large once its repetitions are spelled out (more than 2000 steps)"),
    ("(", "not a valid regular expression: missing ), unterminated subpattern at position 0"),
    ("[z-a]", "not a valid regular expression: bad character range z-a"),
    ("(?L)a", "not a valid regular expression: bad inline flags"),
    ("a{99999999999}", "not a valid regular expression: the repetition number is too large"),
    ("(" * 490 + ")" * 490, "nested too deeply"),
])
def test_refusals_name_the_construct(name: str, pattern: str, problem: str) -> None:
    with engine(name), pytest.raises(UnsafePatternError) as caught:
        compile_safe(pattern)
    assert str(caught.value).startswith(f"pattern '{pattern[:79]}")
    assert problem in caught.value.problem
    assert caught.value.pattern == pattern


def test_patterns_are_bounded_in_length() -> None:
    compile_safe("a" * MAX_PATTERN)
    with pytest.raises(UnsafePatternError, match=r"^pattern 'a{79}…': 1001 characters long, at most 1000 are allowed$"):
        compile_safe("a" * (MAX_PATTERN + 1))


def test_the_error_is_a_value_error_of_groupkit_that_pickles() -> None:
    error = UnsafePatternError("(a)\\1", "backreference '\\1' needs a backtracking matcher")
    assert isinstance(error, ValueError)
    assert isinstance(error, GroupkitError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.pattern, again.problem, str(again)) == (error.pattern, error.problem, str(error))
    with pytest.raises(TypeError, match="pattern: expected a str, got bytes"):
        compile_safe(b"a")  # type: ignore[arg-type]


def test_patterns_are_values() -> None:
    assert compile_safe("a+") == SafePattern("a+") != compile_safe("a+", ignore_case=False)
    assert hash(compile_safe("a+")) == hash(SafePattern("a+"))
    assert repr(compile_safe("加微信")) == "SafePattern(pattern='加微信', ignore_case=True)"


# Patterns that take exponential or high polynomial time on a backtracking matcher, each run against an
# input built to make it backtrack; the time limit guards against a hang, not for speed.
CATASTROPHIC = [
    ("(a+)+$", False), ("(x+x+)+y", False), ("(a|aa)+$", False), ("(a|a)*b", False), (r"^(\w+\s?)*$", False),
    ("(.*a){12}", True), ("a*a*a*a*a*b", False), ("[a-z]+b", False), ("(ab?)*c", False), (r"\w+@", False),
]


@pytest.mark.parametrize("name", ENGINES)
@pytest.mark.parametrize(("pattern", "expected"), CATASTROPHIC)
def test_catastrophic_patterns_finish_at_once(name: str, pattern: str, expected: bool) -> None:
    text = ("x" if "x" in pattern else "a") * 100_000 + "!"
    with engine(name):
        compiled = compile_safe(pattern)
        began = time.perf_counter()
        found = compiled.search(text)
        elapsed = time.perf_counter() - began
    assert found is expected
    assert elapsed < 1.0, f"{pattern!r} took {elapsed:.2f}s on {len(text)} characters"


@pytest.mark.skipif(not HAVE_RE2, reason="google-re2 not installed")
@pytest.mark.parametrize(("pattern", "ignore_case", "expected"), [
    ("加微信", True, "re2"),
    ("[0-9]{5,}", True, "re2"),
    ("vx", False, "re2"),
    ("vx", True, "automaton"),  # Python's case folding differs from RE2's (i and ı, for one)
    (r"\d+", True, "automaton"),  # RE2's \d \w \s \b are ASCII only
    ("a$", False, "automaton"),  # RE2's $ does not stop before a final newline
])
def test_re2_runs_only_where_it_agrees_with_re(pattern: str, ignore_case: bool, expected: str) -> None:
    assert compile_safe(pattern, ignore_case=ignore_case).engine == expected


def test_without_re2_the_automaton_runs() -> None:
    with engine("automaton"):
        assert compile_safe("加微信").engine == "automaton"
