"""Render the Open Graph / Twitter share images, one per language (1200 x 630 PNG).

    .venv/bin/python tools/make_og_images.py

Draws an HTML card (brand mark, name, the landing's promise in each language) and
screenshots it with headless Chromium through Playwright into
madfam/static/img/og-<lang>.png. Run it again after changing the promise or the brand.
The card is not served: the site links only the PNGs (madfam/seo.py og_image_url).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _
from playwright.sync_api import sync_playwright

os.environ.setdefault("APP_ENV", "testing")

from madfam import create_app  # noqa: E402
from madfam.i18n import LANGUAGES, regional_locale  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "madfam" / "static" / "img"
CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1200, 630

MARK = """
<svg viewBox="0 0 120 120" width="132" height="132" aria-hidden="true">
  <rect x="4" y="4" width="112" height="112" rx="28" fill="#fff" fill-opacity=".1"
        stroke="#fff" stroke-opacity=".35" stroke-width="2"/>
  <path d="M30 86V36l30 30 30-30v50" fill="none" stroke="#fff" stroke-width="9"
        stroke-linecap="round" stroke-linejoin="round"/>
  <circle cx="30" cy="36" r="8" fill="#ffb000"/><circle cx="90" cy="36" r="8" fill="#ffb000"/>
  <circle cx="60" cy="66" r="8" fill="#fff"/>
</svg>
"""

CARD = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><style>
* {{ box-sizing: border-box; margin: 0; }}
body {{ width: {w}px; height: {h}px; overflow: hidden;
  font-family: "DejaVu Sans", system-ui, sans-serif; color: #fff;
  background: #24106b; }}
.orb {{ position: absolute; border-radius: 50%; }}
.orb.one {{ width: 560px; height: 560px; right: -160px; top: -220px; background: #4a22c4; }}
.orb.two {{ width: 300px; height: 300px; right: -70px; bottom: -235px; background: #5b2be0; }}
.card {{ position: relative; height: 100%; padding: 72px 80px; display: flex;
  flex-direction: column; justify-content: space-between; }}
.brand {{ display: flex; align-items: center; gap: 28px; }}
.name {{ font-size: 64px; font-weight: 800; letter-spacing: .06em; }}
h1 {{ font-size: 62px; line-height: 1.08; font-weight: 800; max-width: 900px;
  letter-spacing: -.01em; }}
.tag {{ font-size: 30px; color: #e4dcff; display: flex; gap: 18px; align-items: center; }}
.tag i {{ width: 10px; height: 10px; border-radius: 50%; background: #ffb000;
  display: inline-block; }}
.grid {{ position: absolute; right: -40px; bottom: -40px; width: 420px; height: 420px;
  opacity: .18; background-image:
  radial-gradient(circle, #fff 2px, transparent 2.5px); background-size: 28px 28px; }}
</style></head><body><div class="orb one"></div><div class="orb two"></div>
<div class="card"><div class="grid"></div>
<div class="brand">{mark}<span class="name">MADFAM</span></div>
<h1>{promise}</h1>
<p class="tag">{tagline}</p>
</div></body></html>"""


def card(lang: str) -> str:
    with force_locale(regional_locale(lang)):
        promise = _("Put artificial intelligence to work in your company")
        levels = [_("Essentials"), _("Advanced"), _("Consulting"), _("Platforms"), _("Strategic")]
    parts = [html.escape(level) for level in levels]
    return CARD.format(
        lang=lang,
        w=WIDTH,
        h=HEIGHT,
        mark=MARK,
        promise=html.escape(promise),
        tagline=" <i></i> ".join(parts),
    )


def main() -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    OUT.mkdir(parents=True, exist_ok=True)
    with app.test_request_context(), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for lang in LANGUAGES:
            page.set_content(card(lang))
            page.screenshot(path=str(OUT / f"og-{lang}.png"))
            print(OUT / f"og-{lang}.png")
        browser.close()


if __name__ == "__main__":
    main()
