"""The server-side request forgery guard: webhooks reach only global unicast addresses.

An address is allowed only when it is globally routable unicast. ``ipaddress``'s
``is_global`` alone is not enough (it varies between Python versions and calls
multicast, site-local and IPv4-compatible IPv6 "global"), so the ranges are spelled out
here. IPv6 addresses that carry an IPv4 address (IPv4-mapped, IPv4-compatible, SIIT,
NAT64, 6to4, Teredo) are judged by that IPv4 address as well.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_net = ipaddress.ip_network

# IANA IPv4 special-purpose ranges that are not global unicast (plus multicast).
_V4_FORBIDDEN = tuple(
    _net(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
        "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    )
)  # fmt: skip
_V6_GLOBAL_UNICAST = _net("2000::/3")
# Inside 2000::/3 but not reachable global unicast: IETF protocol assignments (Teredo,
# ORCHID …), documentation and the old 6bone.
_V6_FORBIDDEN = tuple(_net(n) for n in ("2001::/23", "2001:db8::/32", "3ffe::/16", "3fff::/20"))
# Prefixes whose addresses stand for the IPv4 address in their last 32 bits: the IPv4
# address alone decides (NAT64 with DNS64 gives a v6-only host 64:ff9b::a.b.c.d).
_V4_IN_V6 = (_net("::ffff:0:0/96"), _net("64:ff9b::/96"))
_SIX_TO_FOUR = _net("2002::/16")  # 2002:a.b.c.d::/48 — also decided by its IPv4 address
# Forbidden whatever they carry: IPv4-compatible (deprecated), SIIT IPv4-translated and
# local-use NAT64 (its prefix length, hence the IPv4 position, is the operator's choice).
_V4_COMPATIBLE = _net("::/96")
_SIIT = _net("::ffff:0:0:0/96")
_NAT64_LOCAL = _net("64:ff9b:1::/48")


class UnsafeWebhookURL(ValueError):
    """The URL is not http(s) or resolves to an address webhooks may not reach."""


def _last_32_bits(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address:
    return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """Every IPv4 address an IPv6 address may carry, in any of the usual embeddings."""
    found = []
    if any(ip in net for net in (*_V4_IN_V6, _V4_COMPATIBLE, _SIIT)):
        found.append(_last_32_bits(ip))
    if ip in _NAT64_LOCAL:  # RFC 6052 /48: bits 48-63 and 72-87, then the /96 position
        value = int(ip)
        high, low = (value >> 64) & 0xFFFF, (value >> 40) & 0xFFFF
        found += [ipaddress.IPv4Address(high << 16 | low), _last_32_bits(ip)]
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)  # (server, client)
    return found


def _forbidden_v4(ip: ipaddress.IPv4Address) -> bool:
    return not ip.is_global or ip.is_multicast or any(ip in net for net in _V4_FORBIDDEN)


def _forbidden_v6(ip: ipaddress.IPv6Address) -> bool:
    return (
        ip not in _V6_GLOBAL_UNICAST
        or any(ip in net for net in _V6_FORBIDDEN)
        or not ip.is_global
        or ip.is_multicast
        or ip.is_link_local
        or ip.is_site_local
    )


def is_forbidden(ip: IPAddress) -> bool:
    """True unless the address, and every IPv4 address it carries, is global unicast."""
    if isinstance(ip, ipaddress.IPv4Address):
        return _forbidden_v4(ip)
    if any(_forbidden_v4(v4) for v4 in embedded_ipv4(ip)):
        return True
    if ip in _SIX_TO_FOUR or any(ip in net for net in _V4_IN_V6):
        return False  # the (global) IPv4 address it stands for decided
    return _forbidden_v6(ip)


def resolve_safe(url: str, allow_private: bool | None = None) -> str:
    """Resolve the URL's host and return the address to connect to.

    Refuses non-http(s) URLs and, unless ``allow_private`` (by default the app's
    ``ALLOW_PRIVATE_WEBHOOKS``), any host with an address that :func:`is_forbidden`
    (private, loopback, link-local, site-local, carrier-grade NAT, reserved, multicast…,
    also when carried inside an IPv6 address). Called when a URL is saved and again
    before every delivery (DNS may have changed); the caller connects to the returned
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
            if is_forbidden(ipaddress.ip_address(address.split("%")[0])):
                raise UnsafeWebhookURL(f"{parts.hostname} resolves to a non-public address")
    return addresses[0]
