import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, mock, test } from "node:test";
import { BrokenCircuitError, CircuitState } from "cockatiel";
import { CallerAbortedError, HttpError, ResilientHttp } from "./resilient.js";

type Step = (req: IncomingMessage, res: ServerResponse, body: string) => void;
type Seen = { method: string; key: string | undefined; body: string };

/** A real HTTP server on a free port that answers request i with steps[i] (the last repeats). */
async function faultServer(...steps: Step[]) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method!, key: req.headers["idempotency-key"] as string | undefined, body });
      steps[Math.min(seen.length, steps.length) - 1](req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/`), seen, steps };
}

const reply =
  (status: number, body: unknown = {}, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const hang: Step = () => {}; // never answers: the attempt times out
const drop: Step = (req) => req.socket.destroy(); // connection closed without an answer

// Tiny waits and the ceiling as jitter: fast, deterministic tests.
const fast = { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 20, attemptTimeoutMs: 200, openMs: 1_000 };
const json = (res: Response) => res.json();

test("a burst of 5xx, then success", async () => {
  const s = await faultServer(reply(503), reply(502), reply(200, { sku: "w-1" }));
  const http = new ResilientHttp(fast, fetch, () => 1);
  assert.deepEqual(await http.request(new URL("items/w-1", s.url), {}, json), { sku: "w-1" });
  assert.equal(s.seen.length, 3);
});

test("an absurd Retry-After is capped", async () => {
  const s = await faultServer(reply(429, {}, { "retry-after": "86400" }), reply(200));
  const started = Date.now();
  await new ResilientHttp(fast).request(new URL("items/w-1", s.url), {}, json);
  assert.ok(Date.now() - started < 1_000, "waited a day?");
  assert.equal(s.seen.length, 2);
});

test("a slow response times out and is retried", async () => {
  const s = await faultServer(hang, reply(200));
  await new ResilientHttp({ ...fast, attemptTimeoutMs: 50 }).request(new URL("items/w-1", s.url), {}, json);
  assert.equal(s.seen.length, 2);
});

test("a dropped connection is retried for GET, not for POST without key", async () => {
  const s = await faultServer(drop, reply(200));
  await new ResilientHttp(fast).request(new URL("items/w-1", s.url), {}, json);
  assert.equal(s.seen.length, 2);

  const p = await faultServer(drop, reply(201));
  const post = { method: "POST", body: JSON.stringify({ sku: "w-1" }) };
  await assert.rejects(new ResilientHttp(fast).request(new URL("reservations", p.url), post, json), TypeError);
  assert.equal(p.seen.length, 1);
});

test("a POST with key sends the same key and body on every attempt", async () => {
  const s = await faultServer(reply(503), drop, reply(201, { id: "r-1" }));
  const init = {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": "order-42" },
    body: JSON.stringify({ sku: "w-1", quantity: 2 }),
  };
  assert.deepEqual(await new ResilientHttp(fast).request(new URL("reservations", s.url), init, json), { id: "r-1" });
  assert.deepEqual(s.seen, Array(3).fill({ method: "POST", key: "order-42", body: init.body }));
});

test("the breaker opens, fails fast, and a probe closes it", async () => {
  mock.timers.enable({ apis: ["Date"], now: Date.now() }); // the breaker's clock only
  try {
    const s = await faultServer(reply(503));
    const http = new ResilientHttp({ ...fast, consecutiveFailures: 3 });
    const url = new URL("items/w-1", s.url);
    await assert.rejects(http.request(url, {}, json), (e: unknown) => e instanceof HttpError && e.status === 503);
    await assert.rejects(http.request(url, {}, json), BrokenCircuitError);
    assert.equal(s.seen.length, 3);
    s.steps.splice(0, s.steps.length, reply(200));
    mock.timers.tick(fast.openMs);
    await http.request(url, {}, json);
    assert.equal(http.breaker(url.host).state, CircuitState.Closed);
  } finally {
    mock.timers.reset();
  }
});

test("a 404 is an answer, not a failure", async () => {
  const s = await faultServer(reply(404, { code: "not_found" }));
  const http = new ResilientHttp({ ...fast, consecutiveFailures: 1 });
  const url = new URL("items/nope", s.url);
  await assert.rejects(http.request(url, {}, json), (e: unknown) => e instanceof HttpError && e.status === 404);
  assert.equal(s.seen.length, 1);
  assert.equal(http.breaker(url.host).state, CircuitState.Closed);
});

test("the caller's cancellation is neither counted nor retried", async () => {
  const caller = new AbortController();
  const s = await faultServer(() => caller.abort());
  const http = new ResilientHttp({ ...fast, consecutiveFailures: 1 });
  const url = new URL("items/w-1", s.url);
  await assert.rejects(http.request(url, {}, json, caller.signal), CallerAbortedError);
  assert.equal(s.seen.length, 1);
  assert.equal(http.breaker(url.host).state, CircuitState.Closed);
});

test("no wait starts that would outlive the budget", async () => {
  const s = await faultServer(reply(503, {}, { "retry-after": "2" }), reply(200));
  const started = Date.now();
  const http = new ResilientHttp({ ...fast, budgetMs: 500, maxRetryAfterMs: 5_000 });
  await assert.rejects(http.request(new URL("items/w-1", s.url), {}, json), (e: unknown) => e instanceof HttpError && e.status === 503);
  assert.ok(Date.now() - started < 400, "waited although the wait could not end inside the budget");
  assert.equal(s.seen.length, 1);
});
