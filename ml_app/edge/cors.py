"""Cross-origin access for browsers calling the service directly (env CORS_ORIGINS).

Only listed origins get CORS headers; everyone else gets none, so browsers
keep applying the same-origin policy. Preflights (OPTIONS) are answered here,
before the token check: a browser sends them without credentials.
"""
from .exchange import KEY
from .layer import Layer

ALLOWED_METHODS = b"GET, POST, OPTIONS"
ALLOWED_HEADERS = b"Authorization, Content-Type, X-Request-ID"
#: On every answer, listed origin or not: a shared cache must not give one origin's answer to another.
_VARY = (b"vary", b"Origin")


class AllowOrigins(Layer):
    """Preflights answered 204; the answers to listed origins carry CORS headers."""

    def __init__(self, app, parts):
        super().__init__(app, parts)
        self.origins = frozenset(origin.encode("latin-1") for origin in parts.settings.cors_origins)

    @classmethod
    def around(cls, app, parts):
        return cls(app, parts) if parts.settings.cors_origins else app

    def __call__(self, scope, receive, send):
        exchange = scope[KEY]
        origin = exchange.headers.get(b"origin")
        allowed = origin in self.origins
        exchange.response_headers.append(_VARY)
        if allowed:
            exchange.response_headers += [(b"access-control-allow-origin", origin),
                                          (b"access-control-expose-headers", b"X-Request-ID")]
        if scope["method"] == "OPTIONS":
            return _preflight(send, allowed)
        return self.app(scope, receive, send)


async def _preflight(send, allowed: bool) -> None:
    """204 to a preflight; what it may do, only for a listed origin."""
    if allowed:
        headers = [(b"access-control-allow-methods", ALLOWED_METHODS),
                   (b"access-control-allow-headers", ALLOWED_HEADERS), (b"access-control-max-age", b"600")]
    else:
        headers = []
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
