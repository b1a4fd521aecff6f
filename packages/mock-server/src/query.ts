/** Query parameters read the way the API (FastAPI) reads them, with its kind of 422 issues. */
import type { ValidationIssue } from "./validation.js";

/** Bounds and default of a whole-number query parameter. */
export interface WholeParam {
  /** Value when the parameter is absent. */
  fallback: number;
  min: number;
  max?: number;
}

/**
 * The value of query parameter `name` (the last one, when repeated), or the issue that refuses it.
 * Absent or empty: `fallback`.
 */
export function wholeParam(query: URLSearchParams, name: string, rule: WholeParam): number | ValidationIssue {
  const raw = query.getAll(name).at(-1);
  if (raw === undefined || raw === "") return rule.fallback;
  const loc = ["query", name];
  if (!/^[+-]?\d+$/.test(raw.trim())) {
    return { loc, msg: "Input should be a valid integer, unable to parse string as an integer", type: "int_parsing" };
  }
  const value = Number(raw);
  if (value < rule.min)
    return { loc, msg: `Input should be greater than or equal to ${rule.min}`, type: "greater_than_equal" };
  if (rule.max !== undefined && value > rule.max) {
    return { loc, msg: `Input should be less than or equal to ${rule.max}`, type: "less_than_equal" };
  }
  return value;
}

/** The last value of query parameter `name`, or `undefined` when absent. */
export function lastParam(query: URLSearchParams, name: string): string | undefined {
  return query.getAll(name).at(-1);
}

const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch milliseconds of a `YYYY-MM-DD` date or an ISO date-time (UTC when it has no offset), or
 * `undefined` when `raw` is neither. A bare date means its first second, or its last with `endOfDay`.
 */
export function parseDateParam(raw: string, endOfDay: boolean): number | undefined {
  const day = dateOnly.exec(raw);
  if (day) {
    const [, y, m, d] = day.map(Number) as [number, number, number, number];
    const ms = Date.UTC(y, m - 1, d);
    // Date.UTC rolls 2025-02-30 over to March; a real date survives the round trip.
    if (new Date(ms).toISOString().slice(0, 10) !== raw) return undefined;
    return endOfDay ? ms + 86_399_000 : ms;
  }
  if (!dateTime.test(raw)) return undefined;
  const text = raw.replace(" ", "T");
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
