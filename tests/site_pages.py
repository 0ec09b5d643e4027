"""The public pages a test can walk: every GET page under /<lang>/ and every posted form."""

from __future__ import annotations

import re

# Pages whose query string changes what they show: results, validation errors.
VARIANTS = {
    "public.service": "/{lang}/services/l4-platforms",
    "calculator.index": "/{lang}/calculator/?tier=L3_CONSULTING",
    "calculator.roi_page": (
        "/{lang}/calculator/roi?employees=20&salary=300000&lost_pct=30&recovery_pct=60"
        "&investment=&tier=L2_ADVANCED"
    ),
    "calculator.estimate_page": (
        "/{lang}/calculator/estimate?project_type=design_3d&complexity=high"
        "&timeline=rush&addons=training&addons=support_3m"
    ),
}
INVALID = {
    "calculator.roi_page": "/{lang}/calculator/roi?employees=many&salary=-1&lost_pct=300",
}


def public_urls(app) -> list[str]:
    """GET pages under /<lang>/ with no other required argument, plus known variants."""
    urls = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "lang" not in rule.arguments:
            continue
        others = rule.arguments - {"lang"} - set(rule.defaults or {})
        if others - {"n"}:
            continue
        values = {"lang": "es", **({"n": 1} if "n" in others else {})}
        path = rule.build(values, append_unknown=False)[1]
        urls.add(path.replace("/es", "/{lang}", 1))
    if "public.contact" in app.view_functions:
        urls.add("/{lang}/contact?tier=L3_CONSULTING")
    urls.update(VARIANTS.get(endpoint, "") for endpoint in app.view_functions)
    urls.update(INVALID.get(endpoint, "") for endpoint in app.view_functions)
    urls.discard("")
    urls.add("/{lang}/no-such-page")  # the 404 page
    return sorted(urls)


def posted_forms(app) -> list[str]:
    """POST endpoints under /<lang>/ with no other argument: sent empty, they re-render."""
    return sorted(
        re.sub(r"^/<[^>]*:lang>", "/{lang}", rule.rule)
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.arguments == {"lang"}
    )
