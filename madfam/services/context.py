"""What a service may know about the request that triggered it, without importing Flask."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Visit:
    """Request facts a service records: already anonymised where needed."""

    ip_hash: str | None = None
    user_agent: str | None = None
    url: str | None = None
    referrer: str | None = None
    session_id: str | None = None
    locale: str = "es"
    utm: dict[str, str] = field(default_factory=dict)  # utm_source, utm_medium, utm_campaign, ref
    tracking_refused: bool = False  # DNT or Sec-GPC: no analytics event for this visit
