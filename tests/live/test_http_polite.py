"""The polite HTTP client, on an in-memory transport (no sockets): a per-host delay between
requests, retries with exponential backoff on 5xx/429/timeouts (Retry-After honoured), no
retry on other 4xx, and a redirect loop caught."""

from __future__ import annotations

import httpx
import pytest

from parley.live import FetchError, Http, HttpOptions


def client(handler, **opts: float) -> tuple[Http, list[float]]:  # type: ignore[no-untyped-def]
    waits: list[float] = []
    options = HttpOptions(**{"timeout": 1, "retries": 2, "backoff": 0.5, "host_delay": 0,
                             **opts})  # type: ignore[arg-type]
    return Http(options, sleep=waits.append, transport=httpx.MockTransport(handler)), waits


def test_http_retries_5xx_with_exponential_backoff_then_gives_up() -> None:
    calls: list[str] = []

    def handler(req: httpx.Request) -> httpx.Response:
        calls.append(str(req.url))
        return httpx.Response(503)

    http, waits = client(handler)
    with pytest.raises(FetchError, match=r"HTTP 503 Service Unavailable \(after 3 attempts\)"):
        http.get("http://a.test/feed")
    assert len(calls) == 3 and waits == [0.5, 1.0]


def test_http_honours_retry_after_and_recovers() -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200)])
    http, waits = client(lambda req: next(answers))
    assert http.get("http://a.test/feed").status_code == 200
    assert waits == [3.0]


def test_http_does_not_retry_other_4xx() -> None:
    calls: list[int] = []

    def handler(req: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(404)

    http, waits = client(handler)
    assert http.get("http://a.test/gone").status_code == 404
    assert calls == [1] and waits == []


def test_http_timeouts_are_retried() -> None:
    def handler(req: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=req)

    http, waits = client(handler, retries=1)
    with pytest.raises(FetchError, match="timed out after 1 s"):
        http.get("http://a.test/slow")
    assert waits == [0.5]


def test_http_redirect_loop_is_caught_without_retry() -> None:
    calls: list[str] = []

    def handler(req: httpx.Request) -> httpx.Response:
        calls.append(req.url.path)
        nxt = "/b" if req.url.path == "/a" else "/a"
        return httpx.Response(302, headers={"Location": nxt})

    http, waits = client(handler, max_redirects=3)
    with pytest.raises(FetchError, match="redirect loop"):
        http.get("http://a.test/a")
    assert len(calls) == 4 and waits == []


def test_http_per_host_delay() -> None:
    http, waits = client(lambda req: httpx.Response(200), host_delay=10)
    http.get("http://a.test/1")
    http.get("http://b.test/1")  # another host: no wait
    assert waits == []
    http.get("http://a.test/2")  # the same host again at once: waits about 10 s
    assert len(waits) == 1 and 9 < waits[0] <= 10
