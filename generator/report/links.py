"""Links that work on paper: a printed QR code or guide link is dead when `site_url` names this machine or a
private network, so `dealcraft report` says so once, and names the setting to change.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from generator.errors import Problem, Severity

__all__ = ["check_site_url", "local_reach", "site_url_warning"]

# Names that never resolve on the public internet (RFC 6761, RFC 6762, RFC 8375, and common intranet suffixes).
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet", ".corp")


def check_site_url(url: str) -> str:
    """An http(s) site URL ending in '/', or ValueError naming what is wrong."""
    if not re.fullmatch(r"https?://[^\s\"'<>/?#]+(/[^\s\"'<>]*)?", url):
        raise ValueError(f"must be an http(s) address such as https://guide.example.org/, not {url!r}")
    return url if url.endswith("/") else url + "/"


MACHINE = "this machine"
NETWORK = "this local network"


def local_reach(url: str) -> tuple[str, str] | None:
    """Why people elsewhere cannot open this URL: (what the host is, where it works), or None when it looks public."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            return "a name for this machine", MACHINE
        if host.endswith(LOCAL_SUFFIXES) or "." not in host:
            return "a name that only resolves on a local network", NETWORK
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address", MACHINE
    if ip.is_unspecified:
        return "an unspecified address", MACHINE
    if ip.is_link_local:
        return "a link-local address", NETWORK
    if not ip.is_global:
        return "a private address", NETWORK
    return None


def site_url_warning(url: str, config_file: str, *, from_flag: bool = False) -> Problem | None:
    """The one warning for a run whose reports would print links and QR codes that do not work elsewhere;
    it points at the config file's site_url, or at --site-url when that flag set the address."""
    reach = local_reach(url)
    if reach is None:
        return None
    what, where = reach
    return Problem(
        "--site-url" if from_flag else config_file,
        field="site_url",
        severity=Severity.WARNING,
        message=(
            f"{url} is {what}: the QR codes and guide links printed in the reports will not work outside {where}. "
            f"Set site_url in {config_file} to the guide's public address, or pass --site-url URL for this run."
        ),
    )
