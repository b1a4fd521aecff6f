/**
 * Paging in each of the four styles the Junction API uses, with one `paginate` call each: users
 * (offset and limit), orders (page and size), a steps timeseries (cursor, grouped by provider) and
 * connections (body token). Run it with `pnpm exec tsx paging-styles.ts --environment sandbox --user-id <uuid>`
 * (key from JUNCTION_API_KEY).
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createJunctionClient, type Environment } from "@junction/client";

/** Options of {@link main}. */
export interface PagingOptions {
  /** An explicit server, e.g. a local mock. Default: the environment's URL. */
  baseUrl?: string;
  /** Default `"production"` (the client's default). */
  environment?: Environment;
  /** Default: `JUNCTION_API_KEY`. */
  apiKey?: string;
  /** Whose steps to read. */
  userId: string;
  /** First day of the steps timeseries, `YYYY-MM-DD`. Default `"2025-10-01"`. */
  startDate?: string;
  /** Where lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** Counts what each walk yields; returns the counts. */
export async function main(options: PagingOptions) {
  const { baseUrl, environment, apiKey, userId, startDate = "2025-10-01", log = console.log } = options;
  const junction = createJunctionClient({ baseUrl, environment, apiKey });

  // Users (offset and limit): stops at `total`, or at a short or empty page.
  let users = 0;
  for await (const user of junction.paginate("GET", "/v2/user", { params: { query: { limit: 100 } } })) {
    if (user.user_id) users++;
  }

  // Orders (page and size).
  const orders = await junction.paginate("GET", "/v3/orders", { params: { query: { size: 50 } } }).toArray();

  // A steps timeseries (cursor): grouped responses yield their groups, provider by provider.
  const providers = new Map<string, number>();
  const steps = junction.paginate("GET", "/v2/timeseries/{user_id}/steps/grouped", {
    params: { path: { user_id: userId }, query: { start_date: startDate } },
  });
  for await (const group of steps) {
    const provider = group.source.provider;
    providers.set(provider, (providers.get(provider) ?? 0) + group.data.length);
  }

  // Connections (body token), page by page: each page's nextToken is the checkpoint to resume from.
  let connections = 0;
  let checkpoint: string | null = null;
  for await (const page of junction.paginate("POST", "/v2/link/bulk_export", { body: { provider: "oura" } }).pages()) {
    connections += page.items.length;
    checkpoint = page.nextToken;
  }

  log(`users: ${users}, orders: ${orders.length}, connections: ${connections} (last checkpoint ${checkpoint})`);
  for (const [provider, samples] of providers) log(`steps from ${provider}: ${samples} samples`);
  return { users, orders: orders.length, connections, steps: Object.fromEntries(providers) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { environment: { type: "string" }, "base-url": { type: "string" }, "user-id": { type: "string" } },
  });
  if (!values["user-id"]) throw new Error("Pass --user-id <uuid>: whose steps timeseries to read.");
  await main({
    environment: values.environment as Environment | undefined,
    baseUrl: values["base-url"],
    userId: values["user-id"],
  });
}
