"""A restricted regular-expression syntax for patterns editors write (`re:` in topics.yml).

Python's `re` backtracks: `(a+)+$`, `(a|a)*b` or `(\\w+\\s?)*x` take exponential
time on a line of ordinary text, and `re` has no timeout. Rather than a second
engine (re2 would also change how the taxonomy's whole-word phrases match),
an editor's pattern is parsed with the standard library's own parser and
refused at load when it has a construct that can backtrack without bound:

- a quantifier on something that itself has a quantifier or an alternation
  (`(a+)+`, `(?:a|ab)*`): write the alternatives as a character class, or
  quantify each part;
- backreferences, conditionals and lookarounds;
- a counted repeat over `MAX_COUNT` (`{1,5000}`);
- more than `MAX_REPEATS` quantifiers that can repeat (`?` does not count),
  more than `MAX_UNBOUNDED` unbounded quantifiers (`*`, `+`, `{n,}`) in one
  pattern, or an unbounded quantifier on `.` (any character): each one
  multiplies the work on a long sentence.

What remains runs in time proportional to the text times a small constant
(the pattern's length, at most squared by its two unbounded quantifiers over
one sentence).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The standard library's own parser (`re._parser` since 3.11; not in typeshed).
sre_parse: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")

MAX_COUNT = 100
MAX_UNBOUNDED = 2
MAX_REPEATS = 4  # quantifiers that can take more than one: each multiplies the work
MAXREPEAT = sre_constants.MAXREPEAT

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)
if _POSSESSIVE is not None:
    _REPEATS.add(_POSSESSIVE)
_REFUSED = {
    sre_constants.GROUPREF: "backreferences",
    sre_constants.GROUPREF_EXISTS: "conditionals",
    sre_constants.ASSERT: "lookarounds",
    sre_constants.ASSERT_NOT: "lookarounds",
}


def pattern_problem(expression: str) -> str | None:
    """Why an editor's regular expression is refused (one phrase), or None when it is allowed."""
    try:
        parsed = sre_parse.parse(expression)
    except re.error as exc:
        return f"not a valid expression ({exc})"
    except (RecursionError, OverflowError):
        return "nested too deeply"
    counts = [0, 0]  # unbounded repeats, repeats
    problem = _walk(list(parsed), counts, inside_repeat=False)
    if problem is None and counts[0] > MAX_UNBOUNDED:
        problem = f"more than {MAX_UNBOUNDED} unbounded repeats (*, +, {{n,}})"
    if problem is None and counts[1] > MAX_REPEATS:
        problem = f"more than {MAX_REPEATS} repeats"
    return problem


def _walk(items: list[tuple[Any, Any]], unbounded: list[int], *, inside_repeat: bool) -> str | None:
    for op, value in items:
        if op in _REFUSED:
            return f"{_REFUSED[op]} are not allowed"
        if op in _REPEATS:
            _low, high, body = value
            if high != MAXREPEAT and high > MAX_COUNT:
                return f"a repeat count over {MAX_COUNT}"
            repeats = high > 1
            unbounded[1] += repeats
            if repeats and inside_repeat:
                return "a repeat inside a repeat can backtrack catastrophically"
            if high == MAXREPEAT:
                unbounded[0] += 1
                if any(sub_op == sre_constants.ANY for sub_op, _ in body):
                    return "'.' repeated without bound; use a bounded repeat such as .{0,40}"
            problem = _walk(list(body), unbounded, inside_repeat=inside_repeat or repeats)
            if problem is not None:
                return problem
        elif op == sre_constants.BRANCH:
            if inside_repeat:
                return "an alternation inside a repeat can backtrack catastrophically"
            for branch in value[1]:
                problem = _walk(list(branch), unbounded, inside_repeat=inside_repeat)
                if problem is not None:
                    return problem
        elif op == sre_constants.SUBPATTERN:
            problem = _walk(list(value[-1]), unbounded, inside_repeat=inside_repeat)
            if problem is not None:
                return problem
        elif op == getattr(sre_constants, "ATOMIC_GROUP", object()):
            problem = _walk(list(value), unbounded, inside_repeat=inside_repeat)
            if problem is not None:
                return problem
    return None
