"""Slack incoming-webhook messages, with everything a visitor typed escaped."""

from __future__ import annotations

from typing import Any

from madfam.delivery.envelopes import HOT_LEAD_EVENT


def slack_escape(value: Any) -> str:
    """Text safe inside Slack mrkdwn: ``&``, ``<`` and ``>`` become entities, so a name
    cannot form a link, a mention such as ``<!channel>`` or formatting control."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_message(event: str, payload: dict[str, Any] | None) -> dict[str, Any]:
    """A Slack incoming-webhook message: a one-line summary plus the fields."""
    data = payload or {}
    if event == HOT_LEAD_EVENT:
        who = slack_escape(data.get("name") or "A lead")
        company = f" ({slack_escape(data['company'])})" if data.get("company") else ""
        title = f":fire: Hot lead: {who}{company}, score {slack_escape(data.get('score'))}"
    else:
        title = f"MADFAM: {slack_escape(event)}"
    fields = [
        {"type": "mrkdwn", "text": f"*{slack_escape(key)}*\n{slack_escape(value)}"}
        for key, value in data.items()
        if value is not None and not isinstance(value, dict | list)
    ][:10]
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": title}}]
    if fields:
        blocks.append({"type": "section", "fields": fields})
    return {"text": title, "blocks": blocks}
