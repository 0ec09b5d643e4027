"""Rules stay pure: only the standard library, madfam.enums, other madfam.rules and
pure computation libraries (MurmurHash3 for Unleash-compatible rollouts)."""

import ast
import sys
from pathlib import Path

import pytest

PURE_LIBRARIES = {"mmh3"}
RULES_DIR = Path(__file__).resolve().parents[2] / "madfam" / "rules"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_rules_import_only_stdlib_and_rules(path):
    for name in imported_modules(path):
        top = name.split(".")[0]
        allowed = (
            top in sys.stdlib_module_names
            or top in PURE_LIBRARIES
            or name == "madfam.enums"
            or name.startswith("madfam.rules")
        )
        assert allowed, f"{path.name} imports {name}"
