/**
 * Corrections to pagination detection (see `pagination.ts`), by operationId. Reviewed by hand: each
 * entry says why detection is wrong for that operation. An entry whose operation leaves the spec is
 * reported by `pnpm gen` so the table does not rot.
 *
 * `pagination: null` declares an operation that does not page even though its response has a
 * continuation field; a fact declares one that detection misses or reads wrongly.
 */
import type { PaginationFact } from "./pagination.ts";

export interface PaginationOverride {
  pagination: PaginationFact | null;
  /** Why detection is wrong here. */
  reason: string;
}

export const paginationOverrides: Record<string, PaginationOverride> = {};
