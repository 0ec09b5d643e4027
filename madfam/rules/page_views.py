"""Which requests count as a page view, and what of them is kept: pure rules.

A page view is a full page a person loaded: a ``GET`` answered 200 with HTML, not an
htmx fragment, not a bot, not the admin area or an operational endpoint, and not from
a browser that asks not to be tracked (``DNT: 1`` or ``Sec-GPC: 1``). Only the path,
the referring host (never the referring URL's path or query), the UTM parameters and
the page's language are kept.
"""

import re
from urllib.parse import urlsplit

EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
BOT_AGENT = re.compile(
    r"bot|crawl|spider|slurp|fetch|monitor|preview|scan|curl|wget|python|httpclient|"
    r"headless|lighthouse|pingdom|uptime|facebookexternalhit|embedly|whatsapp|"
    r"go-http-client|java/|okhttp|node-fetch|axios|insomnia|postman",
    re.IGNORECASE,
)
UTM_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
MAX_VALUE = 100


def is_event_name(name: str) -> bool:
    """Dot notation: ``page.view``, ``lead.created``, ``conversion.lead``…"""
    return bool(EVENT_NAME.match(name))


def wants_no_tracking(dnt: str | None, gpc: str | None) -> bool:
    return (dnt or "").strip() == "1" or (gpc or "").strip() == "1"


def is_bot(user_agent: str | None) -> bool:
    """No user agent, or one that names a crawler, monitor, preview or HTTP library."""
    return not user_agent or bool(BOT_AGENT.search(user_agent))


def referrer_host(referrer: str | None, own_host: str) -> str | None:
    """The referring site's host, lower-case without ``www.``; ``None`` for none or
    this site itself (moving between our own pages is not a referral)."""
    if not referrer:
        return None
    host = (urlsplit(referrer).hostname or "").lower().removeprefix("www.")
    if not host or host == own_host.lower().removeprefix("www."):
        return None
    return host[:MAX_VALUE]


def utm_of(args: dict[str, str]) -> dict[str, str]:
    return {
        key: value[:MAX_VALUE] for key in UTM_PARAMS if (value := (args.get(key) or "").strip())
    }
