"""A short, human name for the browser a session was opened with ("Firefox on Linux"),
so people can tell their sessions apart. Pure: a User-Agent string in, words out.

User-Agent strings are a history of browsers pretending to be each other, so the
order of the checks matters: Edge and Opera say "Chrome", Chrome says "Safari".
"""

from __future__ import annotations

import re

UNKNOWN = "Unknown browser"

# (name, pattern): the first that matches names the browser.
BROWSERS = (
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\bFirefox/|\bFxiOS/")),
    ("Chromium", re.compile(r"\bChromium/")),
    ("Chrome", re.compile(r"\bChrome/|\bCriOS/|\bHeadlessChrome/")),
    ("Safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/")),
    ("curl", re.compile(r"^curl/")),
    ("Python", re.compile(r"^python-requests/|^Python-urllib/|^python-httpx/")),
)

SYSTEMS = (
    ("iOS", re.compile(r"\biPhone\b|\biPad\b|\biPod\b")),
    ("Android", re.compile(r"\bAndroid\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMacintosh\b|\bMac OS X\b")),
    ("Linux", re.compile(r"\bLinux\b|\bX11\b")),
)


def describe_user_agent(user_agent: str) -> str:
    """Like "Firefox on Linux", "Safari on iOS", "curl", or "Unknown browser"."""
    text = user_agent.strip()
    browser = next((name for name, pattern in BROWSERS if pattern.search(text)), None)
    system = next((name for name, pattern in SYSTEMS if pattern.search(text)), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser:
        return browser
    if system:
        return f"A browser on {system}"
    return UNKNOWN
