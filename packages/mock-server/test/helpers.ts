import type { ConnectionRecipe } from "../src/index.js";

export const apiKey = "test-team-key";

/** One `POST /v2/link/bulk_export` with the given JSON body (or raw text) and API key (`null`: no key header). */
export function exportPage(baseUrl: string, body: unknown, key: string | null = apiKey): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== null) headers["x-vital-api-key"] = key;
  return fetch(`${baseUrl}/v2/link/bulk_export`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export interface Walk {
  connections: ConnectionRecipe[];
  /** Number of connections on each page, in order. */
  pageSizes: number[];
  /** Every next_token received, the final null included. */
  tokens: (string | null)[];
}

/** Follows `next_token` from the first page to the last, failing on any non-200 answer. */
export async function walkAllPages(baseUrl: string, filter: Record<string, unknown>, maxPages = 10_000): Promise<Walk> {
  const walk: Walk = { connections: [], pageSizes: [], tokens: [] };
  let nextToken: string | null = null;
  do {
    const response = await exportPage(baseUrl, { ...filter, next_token: nextToken });
    if (response.status !== 200) {
      throw new Error(`page ${walk.pageSizes.length + 1}: HTTP ${response.status} ${await response.text()}`);
    }
    const page = (await response.json()) as { data: ConnectionRecipe[]; next_token: string | null };
    walk.connections.push(...page.data);
    walk.pageSizes.push(page.data.length);
    walk.tokens.push(page.next_token);
    nextToken = page.next_token;
    if (walk.pageSizes.length > maxPages) throw new Error(`more than ${maxPages} pages: the paging never ends`);
  } while (nextToken !== null);
  return walk;
}

/** A GET with the test API key; `query` values are sent as given (arrays as repeated parameters). */
export function getJson(
  baseUrl: string,
  path: string,
  query: Record<string, string | number | undefined> = {},
  key: string | null = apiKey,
): Promise<Response> {
  const url = new URL(path, baseUrl);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return fetch(url, { headers: key === null ? {} : { "x-vital-api-key": key } });
}

/** The JSON body of a 200 answer that Prism's proxy let through untouched; fails on anything else. */
export async function okBody<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status} ${text}`);
  if (response.headers.get("sl-violations") !== null) {
    throw new Error(`sl-violations: ${response.headers.get("sl-violations")}`);
  }
  return JSON.parse(text) as T;
}
