/**
 * A stateful `POST /v2/link/bulk_export` over a seeded synthetic data set: real paging with opaque,
 * reusable `next_token`s, provider and `user_ids` filters, and optional empty pages that carry a token.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { apiKeyProblem } from "./api-key.js";
import { type ConnectionFilter, createDataset, type Dataset, type DatasetOptions } from "./dataset.js";
import { BodyTooLargeError, isJsonContentType, readBody, sendJson } from "./http-json.js";
import { bulkExportOperation } from "./operations.js";
import { createPageTokens } from "./page-token.js";
import type { ValidationIssue } from "./validation.js";

/** Path of the one operation the handler implements, from the generated operation tables. */
export const bulkExportPath = bulkExportOperation.path;

/** Options of {@link createBulkExportHandler}; the data set options decide the connections. */
export interface BulkExportOptions extends DatasetOptions {
  /** Connections per page (1 to 10000). Default `100`. */
  pageSize?: number;
  /** Every n-th page (n >= 2) is empty but carries a `next_token`, as the API may do. Default `0`: never. */
  emptyPageEvery?: number;
  /** The only API key accepted. Default: any non-empty key. */
  apiKey?: string;
  /** Answers requests for any other path. Default: a 404 JSON answer. */
  fallback?: RequestListener;
}

/** Counters of a {@link BulkExportHandler}, updated as requests are answered. */
export interface BulkExportStats {
  /** Requests seen, including those passed to `fallback`. */
  requests: number;
  /** Pages answered with 200, empty ones included. */
  pages: number;
  /** Empty pages answered because of `emptyPageEvery`. */
  emptyPages: number;
  /** Connections sent over all pages. */
  connections: number;
  /** Requests refused, by HTTP status (`"401"`, `"422"`...). */
  rejected: Record<string, number>;
  /** Requests passed to `fallback` (or answered 404). */
  fallback: number;
}

/** A node:http request listener with its counters and data set. */
export type BulkExportHandler = RequestListener & { readonly stats: BulkExportStats; readonly dataset: Dataset };

/** The 422 issue answered for a `next_token` that was not issued for this data set and filter. */
export const invalidNextTokenIssue: ValidationIssue = {
  loc: ["body", "next_token"],
  msg: "invalid or expired next_token",
  type: "value_error",
};

const maxBodyBytes = 1024 * 1024;
const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

interface ParsedBody {
  filter: ConnectionFilter;
  nextToken: string | null;
}

function parseBody(body: unknown): ParsedBody | ValidationIssue[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return [{ loc: ["body"], msg: "Input should be a JSON object", type: "model_attributes_type" }];
  }
  const { provider, user_ids: userIds, next_token: nextToken } = body as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  if (provider === undefined) issues.push({ loc: ["body", "provider"], msg: "Field required", type: "missing" });
  else if (typeof provider !== "string" || provider === "") {
    issues.push({ loc: ["body", "provider"], msg: "Input should be a provider name such as 'fitbit'", type: "enum" });
  }
  if (userIds !== undefined && userIds !== null) {
    if (!Array.isArray(userIds)) {
      issues.push({ loc: ["body", "user_ids"], msg: "Input should be a list of UUIDs or null", type: "list_type" });
    } else {
      userIds.forEach((id, i) => {
        if (typeof id !== "string" || !uuidPattern.test(id)) {
          issues.push({ loc: ["body", "user_ids", i], msg: "Input should be a valid UUID", type: "uuid_parsing" });
        }
      });
    }
  }
  if (nextToken !== undefined && nextToken !== null && typeof nextToken !== "string") {
    issues.push({ loc: ["body", "next_token"], msg: "Input should be a valid string", type: "string_type" });
  }
  if (issues.length > 0) return issues;
  return {
    // The canonical form, so a UUID matches whatever its case or dashes.
    filter: {
      provider: provider as string,
      userIds: (userIds as string[] | null | undefined)?.map((id) =>
        id.toLowerCase().replace(/^(\w{8})-?(\w{4})-?(\w{4})-?(\w{4})-?(\w{12})$/, "$1-$2-$3-$4-$5"),
      ),
    },
    nextToken: (nextToken as string | null | undefined) ?? null,
  };
}

/** The scope a token is bound to: the operation and its filter, users sorted so their order does not matter. */
function connectionScope(filter: ConnectionFilter): string {
  const users = [...new Set((filter.userIds ?? []).map((id) => id.toLowerCase()))].sort();
  return JSON.stringify(["bulk_export", filter.provider, users]);
}

function positiveWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}.`);
  }
  return value;
}

/**
 * A node:http request listener implementing `POST /v2/link/bulk_export` over the data set that
 * `options` describe. Requests for other paths go to `options.fallback`. Throws on bad options.
 */
export function createBulkExportHandler(options: BulkExportOptions = {}): BulkExportHandler {
  const dataset = createDataset(options);
  const pageSize = positiveWhole("pageSize", options.pageSize ?? 100, 1, 10_000);
  const emptyPageEvery = options.emptyPageEvery ?? 0;
  if (emptyPageEvery !== 0) positiveWhole("emptyPageEvery", emptyPageEvery, 2, 0xffffffff);
  if (options.apiKey === "") throw new Error("apiKey must not be empty; leave it out to accept any key.");
  const tokens = createPageTokens(dataset.fingerprint);
  const stats: BulkExportStats = { requests: 0, pages: 0, emptyPages: 0, connections: 0, rejected: {}, fallback: 0 };

  const reject = (res: ServerResponse, status: number, detail: unknown, headers = {}) => {
    stats.rejected[status] = (stats.rejected[status] ?? 0) + 1;
    sendJson(res, status, { detail }, headers);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? "/", "http://mock.invalid");
    if (pathname !== bulkExportPath) {
      stats.fallback++;
      if (options.fallback) options.fallback(req, res);
      else reject(res, 404, `Not Found: this mock implements only POST ${bulkExportPath}.`);
      return;
    }
    if (req.method !== bulkExportOperation.method) {
      return reject(res, 405, "Method Not Allowed", { allow: bulkExportOperation.method });
    }
    const keyProblem = apiKeyProblem(req, options.apiKey);
    if (keyProblem) return reject(res, 401, keyProblem);
    // The operation's body is JSON only: refuse another media type rather than parse it anyway.
    const contentType = req.headers["content-type"];
    if (!isJsonContentType(contentType)) {
      req.resume();
      return reject(res, 415, `Unsupported Media Type: send the body as application/json, not ${contentType}.`);
    }

    let json: unknown;
    try {
      json = JSON.parse((await readBody(req, maxBodyBytes)).toString("utf8"));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return reject(res, 413, `Request body too large: ${error.message}.`);
      const msg = `JSON decode error: ${error instanceof Error ? error.message : String(error)}`;
      return reject(res, 422, [{ loc: ["body"], msg, type: "json_invalid" }]);
    }
    const parsed = parseBody(json);
    if (Array.isArray(parsed)) return reject(res, 422, parsed);
    const { filter, nextToken } = parsed;

    let start = 0;
    let page = 1;
    if (nextToken !== null) {
      const cursor = tokens.decode(nextToken, connectionScope(filter));
      if (!cursor || cursor.index >= dataset.size || cursor.page < 2) return reject(res, 422, [invalidNextTokenIssue]);
      ({ index: start, page } = cursor);
    }

    const data = [];
    let next: number | undefined;
    if (emptyPageEvery !== 0 && page % emptyPageEvery === 0) {
      // A token is only issued while connections remain, so `start` still has some ahead of it.
      next = start;
      stats.emptyPages++;
    } else {
      for (const index of dataset.matchIndices(filter, start)) {
        if (data.length === pageSize) {
          next = index;
          break;
        }
        data.push(dataset.connectionAt(index));
      }
    }
    stats.pages++;
    stats.connections += data.length;
    const token = next === undefined ? null : tokens.encode({ index: next, page: page + 1 }, connectionScope(filter));
    sendJson(res, 200, { data, next_token: token });
  }

  const handler: RequestListener = (req, res) => {
    stats.requests++;
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else reject(res, 500, `Mock server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  return Object.assign(handler, { stats, dataset });
}
