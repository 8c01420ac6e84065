"""POST /prediction, answered on the event loop: the body the edge read, to the core, and back.

A native route (ml_app/router.py): no Flask, no WSGI bridge, no request
object, since those cost more than the prediction of one flower. The edge has
already done everything else (request id, token, body limit, errors, metrics,
access line); what is left is the core's answer.
"""
from .edge.exchange import KEY

_JSON = (b"content-type", b"application/json")


class Prediction:
    """`Prediction(core)`: the ASGI application of the POST /prediction route."""

    def __init__(self, core):
        self.core = core

    async def __call__(self, scope, receive, send):
        exchange = scope[KEY]
        reply = self.core.predict(exchange.body, exchange.header(b"content-type"))
        exchange.rows = reply.rows
        await send({"type": "http.response.start", "status": reply.status,
                    "headers": [_JSON, (b"content-length", b"%d" % len(reply.body))]})
        await send({"type": "http.response.body", "body": reply.body})
