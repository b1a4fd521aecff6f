/**
 * One call with error handling: a single bulk export page through `unwrap`, which returns the data or
 * throws a typed error. Run it with `pnpm exec tsx one-call.ts --environment sandbox --provider oura`
 * (key from JUNCTION_API_KEY).
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  createJunctionClient,
  type Environment,
  type OAuthProviders,
  RateLimitError,
  unwrap,
  ValidationError,
} from "@junction/client";

/** Options of {@link main}. */
export interface OneCallOptions {
  /** An explicit server, e.g. a local mock. Default: the environment's URL. */
  baseUrl?: string;
  /** Default `"production"` (the client's default). */
  environment?: Environment;
  /** Default: `JUNCTION_API_KEY`. */
  apiKey?: string;
  /** Default `"oura"`. */
  provider?: string;
  /** Only these users. Default: every user. */
  userIds?: string[];
  /** Where lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** What the call gave: a page, or the kind of error that was handled. */
export type OneCallResult =
  | { ok: true; connections: number; nextToken: string | null }
  | { ok: false; error: "validation" | "rate-limit"; message: string };

/** The spec types `detail` as unknown; the API sends FastAPI-style `[{ loc, msg }]`: where, and what was wrong. */
function describeDetail(detail: unknown): string {
  if (!Array.isArray(detail)) return typeof detail === "string" ? detail : JSON.stringify(detail);
  return detail
    .map(
      (item: { loc?: unknown[]; msg?: string }) => `${item.loc?.join(".") ?? "?"}: ${item.msg ?? JSON.stringify(item)}`,
    )
    .join("; ");
}

/** Fetches the first page of a provider's connections; handles a 422 and a 429, rethrows anything else. */
export async function main(options: OneCallOptions = {}): Promise<OneCallResult> {
  const { provider = "oura", log = console.log } = options;
  const junction = createJunctionClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    environment: options.environment,
  });
  try {
    const page = await unwrap(
      junction.POST("/v2/link/bulk_export", {
        body: { provider: provider as OAuthProviders, user_ids: options.userIds ?? null },
      }),
    );
    log(`First page: ${page.data.length} ${provider} connections; more: ${page.next_token ? "yes" : "no"}.`);
    return { ok: true, connections: page.data.length, nextToken: page.next_token ?? null };
  } catch (error) {
    if (error instanceof ValidationError) {
      const details = describeDetail(error.body.detail);
      log(`The API rejected the request (HTTP 422): ${details}`);
      return { ok: false, error: "validation", message: details };
    }
    if (error instanceof RateLimitError) {
      const wait = error.retryAfterMs === undefined ? "a while" : `${error.retryAfterMs} ms`;
      log(`Rate limited (HTTP 429): try again in ${wait}.`);
      return { ok: false, error: "rate-limit", message: `retry in ${wait}` };
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { provider: { type: "string" }, environment: { type: "string" }, "base-url": { type: "string" } },
  });
  await main({
    provider: values.provider,
    environment: values.environment as Environment | undefined,
    baseUrl: values["base-url"],
  });
}
