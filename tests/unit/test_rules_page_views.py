import pytest

from madfam.rules.page_views import (
    is_bot,
    is_event_name,
    referrer_host,
    utm_of,
    wants_no_tracking,
)


@pytest.mark.parametrize(
    ("agent", "bot"),
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1", False),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", True),
        ("Mozilla/5.0 (compatible; bingbot/2.0)", True),
        ("facebookexternalhit/1.1", True),
        ("WhatsApp/2.23.20.0", True),
        ("curl/8.5.0", True),
        ("python-requests/2.32", True),
        ("Mozilla/5.0 HeadlessChrome/126.0", True),
        ("", True),
        (None, True),
    ],
)
def test_bots_and_tools_are_not_visitors(agent, bot):
    assert is_bot(agent) is bot


def test_referrer_keeps_only_another_sites_host():
    assert referrer_host("https://www.Google.com/search?q=x", "madfam.io") == "google.com"
    assert referrer_host("https://madfam.io/es/", "madfam.io") is None
    assert referrer_host("https://www.madfam.io/es/", "madfam.io") is None
    assert referrer_host("not a url", "madfam.io") is None
    assert referrer_host(None, "madfam.io") is None


def test_do_not_track_and_global_privacy_control():
    assert wants_no_tracking("1", None) and wants_no_tracking(None, "1")
    assert not wants_no_tracking("0", None) and not wants_no_tracking(None, None)


def test_utm_values_are_trimmed_and_bounded():
    assert utm_of({"utm_source": " x ", "utm_medium": "", "other": "y"}) == {"utm_source": "x"}
    assert len(utm_of({"utm_campaign": "c" * 500})["utm_campaign"]) == 100


@pytest.mark.parametrize("name", ["page.view", "lead.created", "conversion.lead", "a.b.c"])
def test_dot_notation(name):
    assert is_event_name(name)


@pytest.mark.parametrize("name", ["pageview", "Page.View", "lead.", ".x", "lead created"])
def test_not_dot_notation(name):
    assert not is_event_name(name)
