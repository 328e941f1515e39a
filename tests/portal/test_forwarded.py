"""`X-Forwarded-For` is believed only from the proxies the municipality names: a client cannot
pick its own address (and so evade the per-address sign-in limit)."""

from __future__ import annotations

import asyncio

from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from huvudman.portal.serve import server_options


def _client_seen(options: dict, peer: str, forwarded: str) -> str:
    """The client address the portal sees behind uvicorn configured with `options`."""
    seen = {}

    async def app(scope, receive, send):
        seen["client"] = scope["client"][0]

    wrapped = (ProxyHeadersMiddleware(app, trusted_hosts=options["forwarded_allow_ips"])
               if options["proxy_headers"] else app)
    scope = {"type": "http", "client": (peer, 5000), "scheme": "http",
             "headers": [(b"x-forwarded-for", forwarded.encode())]}
    asyncio.run(wrapped(scope, None, None))
    return seen["client"]


def test_without_a_named_proxy_no_forwarded_address_is_believed() -> None:
    options = server_options({})
    assert _client_seen(options, "203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert _client_seen(options, "127.0.0.1", "198.51.100.1") == "127.0.0.1"


def test_a_named_proxy_is_believed_and_no_one_else() -> None:
    options = server_options({"HUVUDMAN_TRUSTED_PROXIES": "10.0.0.5"})
    assert _client_seen(options, "10.0.0.5", "198.51.100.1") == "198.51.100.1"
    assert _client_seen(options, "203.0.113.7", "198.51.100.1") == "203.0.113.7"
