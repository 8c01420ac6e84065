"""Every failure answered once, in the shape of the route it happened on.

An `ApiError` raised anywhere below (a route, the core, another layer) becomes
its status and message; anything else is a bug: logged here, once, with its
traceback and the request id, and answered 500 with only that id to quote.
Which JSON shape the answer takes is the route's (`Route.error_body`): the
service's envelope (ml_app/errors.py), or the Open Inference Protocol's.
"""
from .. import logs
from ..errors import ApiError, unexpected
from .exchange import KEY
from .layer import Layer

_JSON = (b"content-type", b"application/json")


class AnswerErrors(Layer):
    """The one place an exception becomes an answer."""

    async def __call__(self, scope, receive, send):
        try:
            await self.app(scope, receive, send)
        except ApiError as error:
            exchange = scope[KEY]
            if exchange.status is None:
                await answer(exchange, send, error)
            else:  # raised after the answer began: nothing more can be said, and it is a bug
                logs.unexpected(exchange.request_id, error)
        except Exception as exc:
            exchange = scope[KEY]
            logs.unexpected(exchange.request_id, exc)
            if exchange.status is None:
                await answer(exchange, send, unexpected(exchange.request_id))


async def answer(exchange, send, error: ApiError) -> None:
    """Send `error` as the answer, in the shape of the exchange's route, with the headers it names."""
    body = exchange.route.error_body(error)
    headers = [_JSON, (b"content-length", b"%d" % len(body)),
               *((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in error.headers)]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
