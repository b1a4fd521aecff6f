/**
 * Fault injection in front of any node:http handler: error statuses, 429 with a retry delay, dropped
 * connections and slow answers, decided per request from a seed so that a run can be repeated.
 */
import type { RequestListener, ServerResponse } from "node:http";
import { sendJson } from "./http-json.js";
import { mulberry32 } from "./random.js";

/** What a fault does: answer with that status, drop the connection unanswered (`reset`), or answer late (`delay`). */
export type FaultKind = "500" | "502" | "503" | "429" | "reset" | "delay";

/** Every kind of fault. */
export const faultKinds: readonly FaultKind[] = ["500", "502", "503", "429", "reset", "delay"];

/** Options of {@link createFaultInjector}. Every duration is in milliseconds. */
export interface FaultOptions {
  /** Share of requests, from 0 to 1, that get a fault after the first `failFirst`. Default `0`. */
  rate?: number;
  /** Faults to choose from, with equal chances. Default `["500", "502", "503", "429", "reset"]`. */
  kinds?: readonly FaultKind[];
  /** The first n requests all get a fault, taking `kinds` in turn (request i gets `kinds[i % kinds.length]`). Default `0`. */
  failFirst?: number;
  /** Wait asked for by a 429, sent as `retry-after-ms` and as whole seconds (rounded up) in `Retry-After`. Default `1000`. */
  retryAfterMs?: number;
  /** How long a `delay` fault holds the request before handling it normally. Default `1000`. */
  delayMs?: number;
  /** Seed of the per-request decisions: the same seed and request order give the same faults. Default `1`. */
  seed?: number;
}

/** Counters of a {@link FaultInjector}. */
export interface FaultStats {
  /** Requests seen. */
  requests: number;
  /** Requests handed to the wrapped handler (delayed ones included). */
  passed: number;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
}

/** A request listener that injects faults, with its counters. */
export type FaultInjector = RequestListener & { readonly stats: FaultStats };

const statusText: Record<string, string> = {
  "500": "Internal Server Error",
  "502": "Bad Gateway",
  "503": "Service Unavailable",
  "429": "Too Many Requests",
};

function check(name: string, value: number, min: number, max: number, whole: boolean): number {
  if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
    throw new Error(
      `faults.${name} must be ${whole ? "a whole number" : "a number"} from ${min} to ${max}, got ${value}.`,
    );
  }
  return value;
}

/** Wraps `handler` so that some requests get a fault instead of (or, for `delay`, before) their answer. */
export function createFaultInjector(handler: RequestListener, options: FaultOptions = {}): FaultInjector {
  const rate = check("rate", options.rate ?? 0, 0, 1, false);
  const failFirst = check("failFirst", options.failFirst ?? 0, 0, Number.MAX_SAFE_INTEGER, true);
  const retryAfterMs = check("retryAfterMs", options.retryAfterMs ?? 1000, 0, 86_400_000, false);
  const delayMs = check("delayMs", options.delayMs ?? 1000, 0, 600_000, false);
  const kinds = options.kinds ?? ["500", "502", "503", "429", "reset"];
  if (kinds.length === 0 || kinds.some((kind) => !faultKinds.includes(kind))) {
    throw new Error(`faults.kinds must be a non-empty list of ${faultKinds.join(", ")}; got ${JSON.stringify(kinds)}.`);
  }
  const random = mulberry32(options.seed ?? 1);
  const stats: FaultStats = {
    requests: 0,
    passed: 0,
    faults: { "500": 0, "502": 0, "503": 0, "429": 0, reset: 0, delay: 0 },
  };

  const choose = (request: number): FaultKind | undefined => {
    if (request < failFirst) return kinds[request % kinds.length];
    // Two draws for every request, so one request's outcome does not shift the next one's.
    const [inject, which] = [random(), random()];
    return inject < rate ? kinds[Math.floor(which * kinds.length)] : undefined;
  };

  const pass: RequestListener = (req, res) => {
    stats.passed++;
    handler(req, res);
  };

  const injector: RequestListener = (req, res) => {
    const kind = choose(stats.requests++);
    if (kind === undefined) return pass(req, res);
    stats.faults[kind]++;
    if (kind === "reset") {
      req.socket.destroy();
      return;
    }
    if (kind === "delay") {
      const timer = setTimeout(() => {
        if (!res.destroyed) pass(req, res);
      }, delayMs);
      res.once("close", () => clearTimeout(timer));
      return;
    }
    answerWithStatus(res, kind, retryAfterMs);
    req.resume();
  };
  return Object.assign(injector, { stats });
}

function answerWithStatus(res: ServerResponse, status: string, retryAfterMs: number): void {
  const headers =
    status === "429"
      ? { "retry-after": String(Math.ceil(retryAfterMs / 1000)), "retry-after-ms": String(retryAfterMs) }
      : {};
  sendJson(res, Number(status), { detail: `Injected fault: ${status} ${statusText[status]}` }, headers);
}
