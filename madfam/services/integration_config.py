"""An integration's configuration: a JSON object of at most 16 kB and 10 levels.

Checked as text before parsing (size, then bracket depth in one linear pass), so no
input — 100 000 ``[`` say — drives the recursive JSON parser into a ``RecursionError``;
and checked again as a value before it is stored, for callers that pass a dict.
"""

from __future__ import annotations

import json
import math
from typing import Any

CONFIG_MAX_BYTES = 16 * 1024  # of UTF-8, as typed and as stored (compact JSON)
CONFIG_MAX_DEPTH = 10  # nested objects and arrays, the outermost object counting as 1


class InvalidConfig(ValueError):
    """The configuration is not a JSON object, or is over 16 kB or 10 levels deep.

    ``reason`` is ``"malformed"``, ``"too_large"`` or ``"too_deep"``.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _string_step(char: str, escaped: bool) -> tuple[bool, bool]:
    """Inside a JSON string: (still inside after ``char``, the next character escaped)."""
    if escaped:
        return True, False
    if char == "\\":
        return True, True
    return char != '"', False


def _text_too_deep(text: str) -> bool:
    """Bracket depth outside JSON strings, counted in one linear pass without recursion
    (so before ``json.loads`` could exhaust the stack); a stray closing bracket is
    malformed."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            in_string, escaped = _string_step(char, escaped)
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > CONFIG_MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
            if depth < 0:
                raise InvalidConfig("malformed")
    return False


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999
        raise InvalidConfig("malformed")
    return value


def _refuse_constant(name: str):
    raise InvalidConfig("malformed")  # NaN, Infinity: not JSON


def parse_config(text: str) -> dict[str, Any]:
    """The configuration a person typed, as a dict; raises ``InvalidConfig``.

    Size and depth are checked on the text first, so no input (100 000 ``[``, say)
    reaches the recursive JSON parser deeper than ``CONFIG_MAX_DEPTH``.
    """
    if len(text) > CONFIG_MAX_BYTES or _utf8_size(text) > CONFIG_MAX_BYTES:
        raise InvalidConfig("too_large")
    if _text_too_deep(text):
        raise InvalidConfig("too_deep")
    try:
        value = json.loads(text, parse_float=_finite, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise InvalidConfig("malformed") from None
    if not isinstance(value, dict):
        raise InvalidConfig("malformed")
    check_config(value)
    return value


def _too_deep(value: Any) -> bool:
    """Nesting deeper than ``CONFIG_MAX_DEPTH``, walked without recursion (a cycle too)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list | tuple):
            children = list(item)
        else:
            continue
        if depth > CONFIG_MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def check_config(config: dict[str, Any]) -> None:
    """Raise ``InvalidConfig`` unless ``config`` is a JSON object within the limits."""
    if not isinstance(config, dict):
        raise InvalidConfig("malformed")
    if _too_deep(config):
        raise InvalidConfig("too_deep")
    try:
        text = json.dumps(config, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        raise InvalidConfig("malformed") from None
    if _utf8_size(text) > CONFIG_MAX_BYTES:
        raise InvalidConfig("too_large")
