"""With API_TOKEN set, the routes marked `requires_token` answer 401 before anything else.

Before the body is read, before the route is asked anything (whether a model
of that name exists, whether it is loaded): a caller without the token learns
nothing but that it needs one. The token is compared in constant time and
never logged.
"""
import hmac

from ..errors import ApiError
from .exchange import KEY
from .layer import Layer

UNAUTHORIZED = "This endpoint needs the header 'Authorization: Bearer <token>' with a valid token."


def requires_token(view):
    """Mark a route's view as needing `Authorization: Bearer <API_TOKEN>` (RequireToken checks it)."""
    view.requires_token = True
    return view


class RequireToken(Layer):
    """401 with `WWW-Authenticate: Bearer` on a marked route without the right token."""

    def __init__(self, app, parts):
        super().__init__(app, parts)
        self.expected = parts.settings.api_token.encode()

    @classmethod
    def around(cls, app, parts):
        return cls(app, parts) if parts.settings.api_token else app

    def __call__(self, scope, receive, send):
        exchange = scope[KEY]
        if exchange.route.requires_token:
            check_token(exchange.headers.get(b"authorization"), self.expected)
        return self.app(scope, receive, send)


def check_token(authorization: bytes | None, expected: bytes) -> None:
    """`Bearer <token>`, the scheme in any case (RFC 7235), the token compared in constant time;
    raises the 401 otherwise."""
    scheme, _, token = (authorization or b"").strip().partition(b" ")
    if not (hmac.compare_digest(token.lstrip(b" "), expected) and scheme.lower() == b"bearer"):
        raise ApiError(401, UNAUTHORIZED, headers=(("WWW-Authenticate", "Bearer"),))
