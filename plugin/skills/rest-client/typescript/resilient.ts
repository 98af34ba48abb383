import {
  CircuitBreakerPolicy,
  ConsecutiveBreaker,
  DelegateBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  retry,
  timeout,
  wrap,
  type IRetryBackoffContext,
} from "cockatiel";

/** An answer outside 2xx: status, headers and body of the last attempt. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
    this.name = "HttpError";
  }
}

/** The caller's own signal fired: neutral for the breaker, never retried. */
export class CallerAbortedError extends Error {
  constructor(cause: unknown) {
    super("request aborted by the caller", { cause });
    this.name = "CallerAbortedError";
  }
}

export interface Resilience {
  maxAttempts: number; // attempts, the first included
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  budgetMs: number; // all attempts and waits of one call
  attemptTimeoutMs: number; // below openMs, so no closed-era call outlives an open period
  consecutiveFailures: number;
  openMs: number;
}

export const defaults: Resilience = {
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  budgetMs: 10_000,
  attemptTimeoutMs: 2_000,
  consecutiveFailures: 5,
  openMs: 30_000,
};

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && (err.name === "AbortError" || err.name === "TimeoutError");
}

/** What the breaker counts: 5xx except 501, network errors, attempt timeouts. */
function isDependencyFailure(err: unknown): boolean {
  if (err instanceof CallerAbortedError) return false;
  if (err instanceof HttpError) return err.status >= 500 && err.status !== 501;
  return err instanceof TypeError || isAbort(err); // fetch reports network errors as TypeError
}

function isRetryable(err: unknown): boolean {
  if (err instanceof CallerAbortedError || isBrokenCircuitError(err)) return false;
  if (err instanceof HttpError) return RETRY_STATUSES.has(err.status);
  return err instanceof TypeError || isAbort(err);
}

/** Milliseconds from a Retry-After in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000; // absurd values become huge or Infinity: capped later
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** One per dependency, shared by all requests: it holds a breaker per host. */
export class ResilientHttp {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  private readonly o: Resilience;

  constructor(
    options: Partial<Resilience> = {},
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly random: () => number = Math.random,
  ) {
    this.o = { ...defaults, ...options };
    if (this.o.attemptTimeoutMs >= this.o.openMs) throw new Error("attemptTimeoutMs must be below openMs");
  }

  breaker(host: string): CircuitBreakerPolicy {
    let b = this.breakers.get(host);
    if (!b) {
      b = circuitBreaker(handleWhen(isDependencyFailure), {
        halfOpenAfter: this.o.openMs,
        breaker: new ConsecutiveBreaker(this.o.consecutiveFailures),
      });
      this.breakers.set(host, b);
    }
    return b;
  }

  /**
   * Sends one logical request. `parse` reads the body inside the attempt,
   * while the attempt's signal is alive. Pass bodies as strings or bytes so
   * that every attempt can send them again.
   */
  async request<T>(
    url: URL,
    init: RequestInit,
    parse: (res: Response) => Promise<T>,
    callerSignal?: AbortSignal,
  ): Promise<T> {
    const method = (init.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers);
    const replayableBody = init.body == null || typeof init.body === "string" || init.body instanceof Uint8Array;
    const mayRetry = (IDEMPOTENT.has(method) || headers.has("idempotency-key")) && replayableBody;
    const budget = AbortSignal.timeout(this.o.budgetMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, budget]) : budget;
    const deadline = Date.now() + this.o.budgetMs;
    const guarded = wrap(this.breaker(url.host), timeout(this.o.attemptTimeoutMs, TimeoutStrategy.Cooperative));

    const attempt = () =>
      guarded.execute(async ({ signal: attemptSignal }) => {
        try {
          const res = await this.fetchImpl(url, { ...init, method, headers, signal: attemptSignal });
          if (!res.ok) throw new HttpError(res.status, res.headers, await res.text());
          return await parse(res);
        } catch (err) {
          throw callerSignal?.aborted ? new CallerAbortedError(err) : err;
        }
      }, signal);

    if (!mayRetry || this.o.maxAttempts <= 1) return attempt();
    return retry(
      handleWhen((err) => !signal.aborted && isRetryable(err)),
      {
        maxAttempts: this.o.maxAttempts - 1, // cockatiel counts retries, not attempts
        backoff: new DelegateBackoff<IRetryBackoffContext<unknown>>((ctx) => {
          const ceiling = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.min(ctx.attempt - 1, 32));
          let wait = this.random() * ceiling; // full jitter
          const err = "error" in ctx.result ? ctx.result.error : undefined;
          if (err instanceof HttpError) {
            const after = parseRetryAfter(err.headers.get("retry-after"));
            if (after !== undefined) wait = Math.max(wait, Math.min(after, this.o.maxRetryAfterMs));
          }
          if (Date.now() + wait >= deadline) throw err; // the wait would outlive the budget: stop now
          return wait;
        }),
      },
    ).execute(attempt, signal);
  }
}
