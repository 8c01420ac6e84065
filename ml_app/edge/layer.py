"""The shape of an edge layer: an ASGI application around the next one."""


class Layer:
    """One concern of the edge. `Layer.around(app, parts)` wraps `app`; a layer the settings
    leave nothing to do (no API_TOKEN, no CORS_ORIGINS) is left out instead, so it costs nothing.

    A layer with nothing to do once the app below has answered has a plain `__call__` that
    returns that app's awaitable instead of awaiting it: an ASGI application is any callable
    returning an awaitable, and each coroutine less is measurable at 20,000 requests a second.
    """

    def __init__(self, app, parts):
        self.app = app

    @classmethod
    def around(cls, app, parts):
        """This layer around `app`, or `app` itself when it would have nothing to do."""
        return cls(app, parts)
