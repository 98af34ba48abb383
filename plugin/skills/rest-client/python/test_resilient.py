import asyncio
import json

import httpx
import pytest

from breaker import Breaker, BreakerOpen, Outcome, State
from resilient import ResilientClient


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:  # returns at once, records the wait
        self.sleeps.append(seconds)
        self.now += seconds


class FaultServer:
    """Answers request i with steps[i] (the last repeats); records requests."""

    def __init__(self, *steps):
        self.steps = steps
        self.seen: list[tuple[str, str | None, bytes]] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, request.headers.get("Idempotency-Key"), request.content))
        step = self.steps[min(len(self.seen), len(self.steps)) - 1]
        return await step(request)


def reply(status: int, body=None, **headers):
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body if body is not None else {"code": str(status)}, headers=headers)
    return handler


async def drop(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError("connection closed without a response", request=request)


async def hang(request: httpx.Request) -> httpx.Response:
    await asyncio.Event().wait()  # until the attempt times out
    raise AssertionError("unreachable")


def client(server: FaultServer, clock: FakeClock, **kw) -> ResilientClient:
    breaker_kw = kw.pop("breaker_kw", {})
    return ResilientClient(
        "http://inventory.test",
        transport=httpx.MockTransport(server),
        sleep=clock.sleep,
        jitter=lambda ceiling: ceiling,  # waits are the ceilings
        breaker=lambda host: Breaker(host, now=clock, **breaker_kw),
        **kw,
    )


def run(coro):
    return asyncio.run(coro)


def test_burst_of_5xx_then_success():
    async def main():
        server, clock = FaultServer(reply(503), reply(502), reply(200, {"sku": "w-1"})), FakeClock()
        c = client(server, clock)
        r = await c.request("GET", "/items/w-1")
        assert r.status_code == 200 and len(server.seen) == 3
        assert clock.sleeps == [0.1, 0.2]
    run(main())


@pytest.mark.parametrize("value,want", [("2", 2.0), ("86400", 5.0), ("Fri, 31 Dec 9999 23:59:59 GMT", 5.0), ("soon", 0.1)])
def test_retry_after_is_a_capped_floor(value, want):
    async def main():
        server, clock = FaultServer(reply(429, **{"Retry-After": value}), reply(200, {})), FakeClock()
        c = client(server, clock, max_retry_after=5.0)
        assert (await c.request("GET", "/items/w-1")).status_code == 200
        assert clock.sleeps == [want]
    run(main())


def test_slow_response_times_out_and_is_retried():
    async def main():
        server = FaultServer(hang, reply(200, {}))
        c = client(server, FakeClock(), attempt_timeout=0.05)
        assert (await c.request("GET", "/items/w-1")).status_code == 200
        assert len(server.seen) == 2
    run(main())


def test_attempt_timeout_counts_as_failure():
    async def main():
        server = FaultServer(hang)
        c = client(server, FakeClock(), attempts=1, attempt_timeout=0.05, breaker_kw={"failures": 1})
        with pytest.raises(TimeoutError):
            await c.request("GET", "/items/w-1")
        assert c.breaker("inventory.test").state is State.OPEN
    run(main())


def test_dropped_connection_retried_for_get_not_for_post_without_key():
    async def main():
        server, clock = FaultServer(drop, reply(200, {})), FakeClock()
        c = client(server, clock)
        assert (await c.request("GET", "/items/w-1")).status_code == 200
        server2 = FaultServer(drop, reply(201, {}))
        c2 = client(server2, FakeClock())
        with pytest.raises(httpx.RemoteProtocolError):
            await c2.request("POST", "/reservations", json={"sku": "w-1"})
        assert len(server2.seen) == 1
    run(main())


def test_post_with_key_sends_same_key_and_body():
    async def main():
        server = FaultServer(reply(503), drop, reply(201, {"id": "r-1"}))
        c = client(server, FakeClock())
        r = await c.request("POST", "/reservations", json={"sku": "w-1", "quantity": 2}, idempotency_key="order-42")
        assert r.status_code == 201
        assert [(m, k) for m, k, _ in server.seen] == [("POST", "order-42")] * 3
        assert len({body for _, _, body in server.seen}) == 1  # the same body every time
        assert json.loads(server.seen[0][2]) == {"sku": "w-1", "quantity": 2}
    run(main())


def test_breaker_opens_fails_fast_and_recovers():
    async def main():
        server, clock = FaultServer(reply(503)), FakeClock()
        c = client(server, clock, breaker_kw={"failures": 3, "open_for": 30.0})
        r = await c.request("GET", "/items/w-1")
        assert r.status_code == 503 and len(server.seen) == 3  # the last answer as it came
        with pytest.raises(BreakerOpen) as rejected:
            await c.request("GET", "/items/w-1")
        assert rejected.value.remaining > 0 and len(server.seen) == 3
        server.steps = (reply(200, {}),)
        clock.now += 30
        assert (await c.request("GET", "/items/w-1")).status_code == 200
        assert c.breaker("inventory.test").state is State.CLOSED
    run(main())


def test_404_is_an_answer():
    async def main():
        server, clock = FaultServer(reply(404)), FakeClock()
        c = client(server, clock, breaker_kw={"failures": 1})
        assert (await c.request("GET", "/items/nope")).status_code == 404
        assert len(server.seen) == 1 and c.breaker("inventory.test").state is State.CLOSED
    run(main())


def test_caller_cancellation_is_not_counted():
    async def main():
        server, clock = FaultServer(hang), FakeClock()
        c = client(server, clock, breaker_kw={"failures": 1})
        task = asyncio.create_task(c.request("GET", "/items/w-1"))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert c.breaker("inventory.test").state is State.CLOSED and clock.sleeps == []
    run(main())


def test_half_open_admits_one_probe_and_hung_probe_expires():
    clock = FakeClock()
    b = Breaker("h", failures=1, open_for=30, probes=1, probe_timeout=10, now=clock)
    b.record(b.allow(), Outcome.FAILURE)
    assert b.state is State.OPEN
    clock.now += 30
    probe = b.allow()
    with pytest.raises(BreakerOpen):
        b.allow()  # second caller rejected while the probe runs
    clock.now += 10  # the probe hangs past its deadline
    assert b.state is State.OPEN
    b.record(probe, Outcome.SUCCESS)  # late: ignored
    assert b.state is State.OPEN


def test_stale_result_from_before_a_trip_is_ignored():
    clock = FakeClock()
    b = Breaker("h", failures=1, open_for=30, now=clock)
    slow = b.allow()
    b.record(b.allow(), Outcome.FAILURE)  # trips
    clock.now += 30
    probe = b.allow()
    b.record(slow, Outcome.FAILURE)  # the slow call from the closed era reports late
    assert b.state is State.HALF_OPEN
    b.record(probe, Outcome.SUCCESS)
    assert b.state is State.CLOSED
