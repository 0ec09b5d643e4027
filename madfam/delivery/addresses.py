"""The server-side request forgery guard: webhooks reach only global unicast addresses."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app


class UnsafeWebhookURL(ValueError):
    """The URL is not http(s) or resolves to an address webhooks may not reach."""


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The IPv4 addresses an IPv6 address wraps (IPv4-mapped, 6to4, Teredo), else itself."""
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)  # (server, client)
    return [ip]


def _forbidden(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True unless the address (or every IPv4 address it wraps) is global unicast.

    ``is_global`` already excludes private, loopback, link-local, reserved, unspecified,
    documentation and carrier-grade NAT (100.64.0.0/10) ranges.
    """
    return any(not addr.is_global or addr.is_multicast for addr in _embedded_ipv4(ip))


def resolve_safe(url: str, allow_private: bool | None = None) -> str:
    """Resolve the URL's host and return the address to connect to.

    Refuses non-http(s) URLs and, unless ``allow_private`` (by default the app's
    ``ALLOW_PRIVATE_WEBHOOKS``), any host with an address that is not global unicast
    (private, loopback, link-local, carrier-grade NAT, reserved, multicast…), also when
    wrapped in IPv4-mapped, 6to4 or Teredo IPv6. The caller connects to the returned
    address, so a second DNS answer cannot redirect it.
    """
    if allow_private is None:
        allow_private = bool(current_app.config.get("ALLOW_PRIVATE_WEBHOOKS"))
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeWebhookURL("webhook URLs must be http(s)://host/…")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeWebhookURL("malformed port") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeWebhookURL(f"host does not resolve ({exc.strerror})") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private:
        for address in addresses:
            if _forbidden(ipaddress.ip_address(address.split("%")[0])):
                raise UnsafeWebhookURL(f"{parts.hostname} resolves to a non-public address")
    return addresses[0]
