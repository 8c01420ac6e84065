"""Security headers for the HTML ml_app serves (/docs), matching web_app's pages.

A Content-Security-Policy that allows this origin only, plus the exact inline
`<script>` and `<style>` blocks of the page being sent (by their sha256, so a
page with its code inline keeps working and nothing injected runs);
`frame-ancestors 'none'` (no framing, no clickjacking) and `nosniff`. The
policy is derived from the response body, so it fits whatever page a route
serves without being kept in step with it by hand.
"""
import base64
import hashlib
import re

_INLINE = re.compile(rb"<(script|style)\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</\1\s*>", re.S | re.I)


def headers(html: bytes) -> list:
    """The security headers for one HTML page."""
    hashes = {b"script": [], b"style": []}
    for tag, content in _INLINE.findall(html):
        hashes[tag.lower()].append(f"'sha256-{base64.b64encode(hashlib.sha256(content).digest()).decode()}'")
    policy = "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *hashes[b"script"]]),
        " ".join(["style-src 'self'", *hashes[b"style"]]),
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ])
    return [("Content-Security-Policy", policy), ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer")]
