"""Cross-origin access for browsers calling the service directly (env CORS_ORIGINS).

Only listed origins get CORS headers; everyone else gets none, so browsers
keep applying the same-origin policy.
"""

ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-ID"


def headers(origins: frozenset, origin: str | None) -> list:
    """CORS headers for an ordinary response to `origin` (none when it is not allowed)."""
    if not origin or origin not in origins:
        return []
    return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin"),
            ("Access-Control-Expose-Headers", "X-Request-ID")]


def preflight_headers(origins: frozenset, origin: str | None) -> list:
    """Headers answering a preflight OPTIONS from `origin` (none when it is not allowed)."""
    allowed = headers(origins, origin)
    if not allowed:
        return []
    return allowed + [("Access-Control-Allow-Methods", ALLOWED_METHODS),
                      ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
                      ("Access-Control-Max-Age", "600")]
