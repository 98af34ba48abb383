"""Resilient HTTP for calls between services: retry (outside), a breaker per
host (middle), a timeout per attempt (inside); the total budget bounds all."""

import asyncio
import email.utils
import random
import ssl
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_before_delay

from breaker import Breaker, BreakerOpen, Outcome

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})


class RetryableStatus(Exception):
    """An answer worth another attempt; carries the response."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"{response.status_code} {response.text[:200]!r}")
        self.response = response


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After in seconds or as an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)  # absurd values stay huge here; the caller caps them
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, RetryableStatus):
        return True
    if isinstance(exc, httpx.TransportError):  # connect errors, dropped connections, httpx timeouts
        return not _caused_by(exc, ssl.SSLCertVerificationError)
    return isinstance(exc, TimeoutError)  # our per-attempt timeout; never BreakerOpen or cancellation


def _classify(status: int) -> Outcome:
    if status == 429:
        return Outcome.NEUTRAL
    if status >= 500 and status != 501:
        return Outcome.FAILURE
    return Outcome.SUCCESS  # 4xx included: the dependency answered


class ResilientClient:
    """One per dependency, shared by all requests: it holds the breakers."""

    def __init__(
        self,
        base_url: str,
        *,
        attempts: int = 3,  # the first included
        base_delay: float = 0.1,
        max_delay: float = 5.0,
        max_retry_after: float = 30.0,
        budget: float = 10.0,  # all attempts and waits of one call
        attempt_timeout: float = 2.0,  # keep below the breaker's open_for
        breaker: Callable[[str], Breaker] = Breaker,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[float], float] = lambda ceiling: random.uniform(0, ceiling),
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, transport=transport, timeout=attempt_timeout)
        self._attempts = attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._max_retry_after = max_retry_after
        self._budget = budget
        self._attempt_timeout = attempt_timeout
        self._new_breaker = breaker
        self._breakers: dict[str, Breaker] = {}
        self._sleep = sleep
        self._jitter = jitter

    async def aclose(self) -> None:
        await self._http.aclose()

    def breaker(self, host: str) -> Breaker:
        if host not in self._breakers:
            self._breakers[host] = self._new_breaker(host)
        return self._breakers[host]

    async def request(
        self, method: str, url: str, *, json: Any = None, idempotency_key: str | None = None
    ) -> httpx.Response:
        """Sends one logical request. Returns the last response (status and body
        intact) or raises BreakerOpen, an httpx.TransportError, TimeoutError
        (attempt or budget), or the caller's cancellation."""
        method = method.upper()
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        attempts = self._attempts if method in IDEMPOTENT or idempotency_key else 1
        try:
            async with asyncio.timeout(self._budget):
                async for attempt in AsyncRetrying(
                    stop=stop_after_attempt(attempts) | stop_before_delay(self._budget),
                    wait=self._wait,
                    retry=retry_if_exception(_retryable),
                    sleep=self._sleep,
                    reraise=True,
                ):
                    with attempt:
                        response = await self._attempt(method, url, headers, json)
        except RetryableStatus as last:
            return last.response  # retries spent: the last answer as it came
        return response

    async def _attempt(self, method: str, url: str, headers: dict[str, str], body: Any) -> httpx.Response:
        request = self._http.build_request(method, url, headers=headers, json=body)  # same body every attempt
        breaker = self.breaker(request.url.host)
        permit = breaker.allow()  # BreakerOpen is not retried
        try:
            async with asyncio.timeout(self._attempt_timeout):  # the whole attempt, body included
                response = await self._http.send(request)
        except (httpx.TransportError, TimeoutError):
            breaker.record(permit, Outcome.FAILURE)
            raise
        except BaseException:  # the caller's cancellation or the budget: not the dependency's fault
            breaker.record(permit, Outcome.NEUTRAL)
            raise
        breaker.record(permit, _classify(response.status_code))
        if response.status_code in RETRY_STATUSES:
            raise RetryableStatus(response)
        return response

    def _wait(self, state: RetryCallState) -> float:
        exponent = min(state.attempt_number - 1, 32)  # no overflow
        wait = self._jitter(min(self._max_delay, self._base_delay * 2**exponent))  # full jitter
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryableStatus):
            after = parse_retry_after(exc.response.headers.get("Retry-After"))
            if after is not None:
                wait = max(wait, min(after, self._max_retry_after))  # a floor, capped
        return wait
