"""Editable copy shipped as TOML files in ``madfam/data/``.

A rules module loads its file once, at import, and builds its typed tables from it.
Babel extracts the strings stored under the keys that ``babel.cfg`` names (see
``extract_toml``); like ``N_`` strings, the app translates them when it displays them.
"""

import tomllib
from collections.abc import Iterator
from importlib.resources import files
from typing import Any, BinaryIO


def load(name: str) -> dict[str, Any]:
    """The parsed ``madfam/data/<name>.toml``."""
    return tomllib.loads(files("madfam").joinpath("data", f"{name}.toml").read_text("utf-8"))


def extract_toml(
    fileobj: BinaryIO, keywords: object, comment_tags: object, options: dict[str, str]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method: every string stored under one of the ``keys`` option's keys
    (a table's or a list's strings too, at any depth)."""
    keys = set(options.get("keys", "").replace(",", " ").split())
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for message in _strings(tomllib.loads(text), keys, translatable=False):
        lineno = next((n for n, line in enumerate(lines, start=1) if message in line), 1)
        yield lineno, "N_", message, []


def _strings(node: object, keys: set[str], translatable: bool) -> Iterator[str]:
    if isinstance(node, str) and translatable:
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, keys, translatable)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, keys, translatable or key in keys)
