"""Polite HTTP for ``parley watch``: timeouts, a per-host rate limit, retries with exponential
backoff, redirect loops caught, and one clear log line per failed attempt.

    http = Http(HttpOptions(timeout=10, retries=2, host_delay=1.0))
    resp = http.get("https://example.org/feed.xml", headers={"If-None-Match": etag},
                    what="feed")          # -> httpx.Response (2xx, 3xx or 4xx)
    # FetchError(url, reason) after the last failed attempt (timeout, connection error,
    # HTTP 5xx/429, redirect loop); the caller logs it, once

A retryable failure (timeout, transport error, HTTP 429 or 5xx) is retried ``retries`` times,
waiting ``backoff * 2**n`` seconds (or the server's ``Retry-After`` when it asks for less than
``max_wait``); a redirect loop (more than ``max_redirects`` hops) is not retried. Other 4xx
answers are returned to the caller, which decides.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from parley.errors import ParleyError

log = logging.getLogger("parley.live")

USER_AGENT = "Parley-watch/0.1 (+https://github.com/; polite feed reader)"


class FetchError(ParleyError):
    """A URL could not be fetched: ``url`` and ``reason`` (after all retries)."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class HttpOptions:
    timeout: float = 10.0  # seconds, for connect, read, write and pool each
    retries: int = 2  # extra attempts after a retryable failure
    backoff: float = 1.0  # first wait between attempts; doubles each time
    max_wait: float = 30.0  # longest wait between two attempts
    host_delay: float = 1.0  # least time between two requests to the same host
    max_redirects: int = 5
    user_agent: str = USER_AGENT


class Http:
    """One ``httpx.Client`` shared by every feed, page and webhook of a watch."""

    def __init__(
        self,
        options: HttpOptions | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options or HttpOptions()
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout),
            follow_redirects=True,
            max_redirects=self.options.max_redirects,
            headers={"User-Agent": self.options.user_agent},
            transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def _wait_turn(self, url: str) -> None:
        """Per-host rate limit: wait until ``host_delay`` has passed since the last request."""
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(host, -1e18) + self.options.host_delay
            wait = max(0.0, ready - now)
            self._last[host] = now + wait
        if wait > 0:
            self._sleep(wait)

    def get(self, url: str, *, headers: Mapping[str, str] | None = None,
            what: str = "page") -> httpx.Response:
        return self.request("GET", url, headers=headers, what=what)

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        what: str = "page",
        polite: bool = True,
    ) -> httpx.Response:
        """The response (any status below 500 but 429), or FetchError after the last try."""
        opts = self.options
        attempts = opts.retries + 1
        reason = "not tried"
        for attempt in range(1, attempts + 1):
            if polite:
                self._wait_turn(url)
            retry_after: float | None = None
            try:
                resp = self.client.request(method, url, headers=headers, json=json)
            except httpx.TooManyRedirects as exc:
                reason = f"redirect loop (more than {opts.max_redirects} redirects)"
                raise FetchError(url, reason) from exc
            except httpx.TimeoutException:
                reason = f"timed out after {opts.timeout:g} s"
            except (httpx.TransportError, httpx.InvalidURL) as exc:
                reason = f"{type(exc).__name__}: {exc}"
                if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
                    raise FetchError(url, reason) from exc
            else:
                if resp.status_code != 429 and resp.status_code < 500:
                    return resp
                reason = f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip()
                retry_after = _retry_after(resp.headers.get("Retry-After"))
            if attempt == attempts:
                break
            wait = min(opts.max_wait, opts.backoff * 2 ** (attempt - 1))
            if retry_after is not None and retry_after <= opts.max_wait:
                wait = max(wait, retry_after)
            log.warning("%s %s: %s (attempt %d of %d); retrying in %.2f s",
                        what, url, reason, attempt, attempts, wait)
            self._sleep(wait)
        raise FetchError(url, f"{reason} (after {attempts} attempts)" if attempts > 1 else reason)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
