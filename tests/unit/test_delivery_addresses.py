"""The SSRF guard: only globally routable addresses, also when wrapped in IPv6."""

from __future__ import annotations

import ipaddress

import pytest

from madfam.delivery.addresses import UnsafeWebhookURL, is_forbidden, resolve_safe

# Addresses a webhook may never reach, bare or embedded in an IPv6 address.
FORBIDDEN = [
    # IPv4 special-purpose ranges
    "0.0.0.0",  # noqa: S104 - refused, never bound
    "10.0.0.1",
    "100.64.0.1",  # carrier-grade NAT
    "127.0.0.1",
    "169.254.169.254",  # cloud metadata
    "172.16.0.1",
    "192.0.0.9",
    "192.0.2.1",
    "192.88.99.1",  # 6to4 relay anycast
    "192.168.1.1",
    "198.18.0.1",
    "198.51.100.1",
    "203.0.113.1",
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    # IPv6 special-purpose ranges
    "::",
    "::1",
    "fe80::1",  # link-local
    "fec0::1",  # site-local (deprecated, still routed inside some networks)
    "fc00::1",
    "fd12:3456::1",  # unique local
    "ff02::1",  # multicast
    "ff0e::1",
    "100::1",  # discard
    "2001:db8::1",  # documentation
    "3fff::1",  # documentation (RFC 9637)
    "5f00::1",  # SRv6 SIDs, not global unicast
    "4000::1",  # outside 2000::/3
    # IPv4-mapped ::ffff:a.b.c.d
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    # IPv4-compatible ::a.b.c.d (deprecated)
    "::7f00:1",
    "::127.0.0.1",
    "::a9fe:a9fe",
    "::8.8.8.8",
    # SIIT IPv4-translated ::ffff:0:a.b.c.d
    "::ffff:0:7f00:1",
    "::ffff:0:a9fe:a9fe",
    "::ffff:0:808:808",
    # NAT64 well-known prefix 64:ff9b::/96
    "64:ff9b::7f00:1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::a00:1",
    "64:ff9b::c0a8:101",
    # NAT64 local-use prefix 64:ff9b:1::/48
    "64:ff9b:1::7f00:1",
    "64:ff9b:1:7f00:0:100::",
    "64:ff9b:1::808:808",
    # 6to4 2002:a.b.c.d::/48
    "2002:7f00:1::1",
    "2002:a9fe:a9fe::1",
    "2002:c0a8:101::1",
    # Teredo 2001::/32 (server, obfuscated client)
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "2001:0:7f00:1::1",
    "2001:0:808:808:0:f7ff:80ff:fefe",  # client 127.0.1.1
]

ALLOWED = [
    "8.8.8.8",
    "93.184.216.34",
    "1.1.1.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",  # IPv4-mapped global address
    "64:ff9b::808:808",  # NAT64 (DNS64) of 8.8.8.8
    "2002:808:808::1",  # 6to4 of 8.8.8.8
]


@pytest.mark.parametrize("address", FORBIDDEN)
def test_non_global_addresses_are_forbidden(address):
    assert is_forbidden(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ALLOWED)
def test_global_unicast_addresses_are_allowed(address):
    assert not is_forbidden(ipaddress.ip_address(address))


def _literal_url(address: str) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"https://{host}:8443/hook"


@pytest.mark.parametrize("address", FORBIDDEN)
def test_urls_with_forbidden_literal_hosts_are_refused(address):
    with pytest.raises(UnsafeWebhookURL):
        resolve_safe(_literal_url(address), allow_private=False)


@pytest.mark.parametrize("address", ["::7f00:1", "64:ff9b::7f00:1", "fec0::1"])
def test_allow_private_lets_local_addresses_through(address):
    resolved = resolve_safe(_literal_url(address), allow_private=True)
    assert ipaddress.ip_address(resolved) == ipaddress.ip_address(address)


@pytest.mark.parametrize("address", ALLOWED)
def test_urls_with_global_literal_hosts_resolve_to_that_address(address):
    resolved = resolve_safe(_literal_url(address), allow_private=False)
    assert ipaddress.ip_address(resolved) == ipaddress.ip_address(address)


@pytest.mark.parametrize("address", ["fe80::1%eth0", "fe80::1%1"])
def test_zone_ids_do_not_hide_a_link_local_address(address):
    assert is_forbidden(ipaddress.ip_address(address.split("%")[0]))
