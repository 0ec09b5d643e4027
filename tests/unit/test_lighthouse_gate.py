"""The Lighthouse gate's verdict: read from Lighthouse's JSON, it fails a page below a
minimum score or above a size budget, and passes one within all of them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "lighthouse_gate.py"
_spec = importlib.util.spec_from_file_location("lighthouse_gate", SCRIPT)
gate = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("lighthouse_gate", gate)  # dataclasses look their module up
_spec.loader.exec_module(gate)


def report(perf=1.0, a11y=1.0, script=17_083, stylesheet=8_491) -> dict:
    scores = {"performance": perf, "accessibility": a11y, "best-practices": 1, "seo": 1}
    return {
        "categories": {name: {"score": score} for name, score in scores.items()},
        "audits": {
            "resource-summary": {
                "details": {
                    "items": [
                        {"resourceType": "total", "transferSize": 90_000},
                        {"resourceType": "script", "transferSize": script},
                        {"resourceType": "stylesheet", "transferSize": stylesheet},
                        {"resourceType": "font", "transferSize": 40_000},
                    ]
                }
            }
        },
    }


def verdict(**kwargs) -> list[str]:
    result = gate.Result(gate.PAGES[0])
    result.scores, result.kb = gate.read_report(report(**kwargs))
    return result.failures()


def test_a_page_within_every_minimum_and_budget_passes():
    assert verdict() == []
    assert verdict(perf=0.95, script=20_000, stylesheet=20_000) == []


def test_scores_below_the_minimums_fail():
    assert verdict(perf=0.94) == ["performance 94 < 95"]
    assert verdict(a11y=0.99) == ["accessibility 99 < 100"]


def test_more_than_20_kb_of_compressed_javascript_or_css_fails():
    assert verdict(script=20_001) == ["script 20.0 kB > 20 kB"]
    assert verdict(stylesheet=31_500) == ["stylesheet 31.5 kB > 20 kB"]


def test_only_the_pages_kept_out_of_search_engines_skip_the_crawlable_audit():
    noindex = {page.name for page in gate.PAGES if page.noindex}
    assert noindex == {"assessment step", "ROI results", "estimate results"}
