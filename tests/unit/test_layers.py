"""The import arrows point down: jobs never import services, and the delivery helpers
that services and jobs share import neither (nor does anything import them back up)."""

from pathlib import Path

import pytest

from tests.unit.test_rules_purity import imported_modules

MADFAM = Path(__file__).resolve().parents[2] / "madfam"
FORBIDDEN = {
    "jobs": ("madfam.services", "madfam.blueprints"),
    "delivery": ("madfam.services", "madfam.jobs", "madfam.blueprints"),
}


@pytest.mark.parametrize(
    "path",
    sorted(path for package in FORBIDDEN for path in (MADFAM / package).glob("*.py")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_lower_layers_import_nothing_above_them(path):
    for name in imported_modules(path):
        for above in FORBIDDEN[path.parent.name]:
            assert not (name == above or name.startswith(above + ".")), (
                f"{path.parent.name}/{path.name} imports {name}"
            )
