"""A circuit breaker for one host, with the guarantees of the Go reference.

Use it from one asyncio event loop (it has no lock: nothing in it awaits).
"""

import enum
import time
from collections.abc import Callable


class State(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class Outcome(enum.Enum):
    SUCCESS = "success"
    FAILURE = "failure"
    NEUTRAL = "neutral"  # says nothing about the dependency: not counted


class BreakerOpen(Exception):
    """The breaker rejected the call; nothing was sent."""

    def __init__(self, host: str, remaining: float) -> None:
        what = f"circuit open for {remaining:.1f}s" if remaining > 0 else "half-open, too many probes"
        super().__init__(f"{host}: {what}")
        self.host = host
        self.remaining = remaining  # seconds; pass it on as Retry-After


class Breaker:
    """Trips after `failures` failures in a row, stays open `open_for` seconds,
    then admits at most `probes` concurrent probes, each with a deadline.
    Outcomes of calls that started before the last state change are ignored."""

    def __init__(
        self,
        host: str,
        *,
        failures: int = 5,
        open_for: float = 30.0,
        probes: int = 1,
        probe_timeout: float = 10.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.host = host
        self._trip_after = failures
        self._open_for = open_for
        self._probe_slots = probes
        self._probe_timeout = probe_timeout
        self._now = now
        self._state = State.CLOSED
        self._generation = 0
        self._consecutive = 0
        self._successes = 0
        self._open_until = 0.0
        self._probes: dict[int, float] = {}  # probe id -> deadline
        self._next_probe = 0

    @property
    def state(self) -> State:
        self._catch_up(self._now())
        return self._state

    def allow(self) -> tuple[int, int]:
        """Returns a permit for one call, or raises BreakerOpen."""
        now = self._now()
        self._catch_up(now)
        if self._state is State.CLOSED:
            return (self._generation, 0)
        if self._state is State.OPEN:
            raise BreakerOpen(self.host, self._open_until - now)
        if len(self._probes) >= self._probe_slots:
            raise BreakerOpen(self.host, 0.0)
        self._next_probe += 1
        self._probes[self._next_probe] = now + self._probe_timeout
        return (self._generation, self._next_probe)

    def record(self, permit: tuple[int, int], outcome: Outcome) -> None:
        """Reports the outcome of a permitted call; call it exactly once."""
        generation, probe = permit
        now = self._now()
        self._catch_up(now)
        if generation != self._generation:
            return  # the call started before the last state change
        if self._state is State.CLOSED:
            if outcome is Outcome.FAILURE:
                self._consecutive += 1
                if self._consecutive >= self._trip_after:
                    self._set(State.OPEN, now)
            elif outcome is Outcome.SUCCESS:
                self._consecutive = 0
            return
        self._probes.pop(probe, None)  # half-open: a neutral probe frees its slot
        if outcome is Outcome.FAILURE:
            self._set(State.OPEN, now)
        elif outcome is Outcome.SUCCESS:
            self._successes += 1
            if self._successes >= self._probe_slots:
                self._set(State.CLOSED, now)

    def _catch_up(self, now: float) -> None:
        if self._state is State.OPEN and now >= self._open_until:
            self._set(State.HALF_OPEN, now)
        elif self._state is State.HALF_OPEN and any(now >= d for d in self._probes.values()):
            self._set(State.OPEN, now)  # a probe missed its deadline

    def _set(self, state: State, now: float) -> None:
        self._state = state
        self._generation += 1
        self._consecutive = 0
        self._successes = 0
        self._probes.clear()
        if state is State.OPEN:
            self._open_until = now + self._open_for
