/**
 * Attempt deadlines on one shared timer. With a timer per request, Node builds and drops a timer
 * list and re-arms libuv for every request (2-4% of a small request, measured); here a request only
 * adds and removes an entry, and one timer, re-armed for the earliest deadline, fires them.
 */

/** The value a deadline passes to `resolve` when time is up. */
export const timedOut: unique symbol = Symbol("timed out");

/** One pending deadline. */
export interface Deadline {
  /** When it fires, in `performance.now()` milliseconds. */
  at: number;
  /** Set once time is up. */
  fired?: boolean;
  /** Called with {@link timedOut} when time is up: the waiter currently racing this deadline. */
  resolve?: (value: typeof timedOut) => void;
  /** Aborted when time is up: the attempt's AbortSignal, when it has one. */
  controller: AbortController | undefined;
}

const pending = new Set<Deadline>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Number.POSITIVE_INFINITY;

function fireDue(): void {
  timer = undefined;
  timerAt = Number.POSITIVE_INFINITY;
  const now = performance.now();
  for (const deadline of pending) {
    if (deadline.at > now) {
      arm(deadline.at);
      continue;
    }
    pending.delete(deadline);
    deadline.fired = true;
    deadline.resolve?.(timedOut);
    deadline.controller?.abort();
  }
}

function arm(at: number): void {
  if (at >= timerAt) return;
  clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(fireDue, at - performance.now());
  // On Node, a deadline alone must not keep the process alive (the request's socket does).
  (timer as { unref?: () => void }).unref?.();
}

/** Starts a deadline `ms` from now; {@link clearDeadline} it when the attempt ends. */
export function startDeadline(ms: number, controller: AbortController | undefined): Deadline {
  const deadline: Deadline = { at: performance.now() + ms, controller };
  pending.add(deadline);
  arm(deadline.at);
  return deadline;
}

export function clearDeadline(deadline: Deadline | undefined): void {
  if (deadline) pending.delete(deadline);
}

/** `promise`'s outcome, or {@link timedOut} if the deadline fires first. */
export function race<T>(promise: Promise<T>, deadline: Deadline): Promise<T | typeof timedOut> {
  return deadline.fired
    ? Promise.resolve(timedOut)
    : new Promise((resolve, reject) => {
        deadline.resolve = resolve;
        promise.then(resolve, reject);
      });
}
