/**
 * Dispatch of the stateful operations by method and path template, and the shared handling of a
 * paged GET: API key, FastAPI-style 422s, counters.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { apiKeyProblem } from "./api-key.js";
import { sendJson } from "./http-json.js";
import type { ValidationIssue } from "./validation.js";

/** Path parameters by name, decoded. */
export type PathParams = Readonly<Record<string, string>>;

/** One operation the backend answers itself. */
export interface Route {
  /** Upper-case HTTP method, e.g. `GET`. */
  method: string;
  /** The spec's path template, e.g. `/v2/timeseries/{user_id}/steps/grouped`. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL, params: PathParams): void;
}

function templatePattern(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (!/^\{[^}]+\}$/.test(part)) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(part.slice(1, -1));
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`), names };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A request listener that gives each request to the route of its method and path, else to `fallback`. */
export function createRouter(routes: readonly Route[], fallback: RequestListener): RequestListener {
  const compiled = routes.map((route) => ({ route, ...templatePattern(route.path) }));
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://mock.invalid");
    for (const { route, pattern, names } of compiled) {
      if (req.method !== route.method) continue;
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, decode(match[i + 1] ?? "")]));
      route.handle(req, res, url, params);
      return;
    }
    fallback(req, res);
  };
}

/** Counters of a paged operation, updated as requests are answered. */
export interface RouteStats {
  /** Requests seen. */
  requests: number;
  /** Pages answered with 200, empty ones included. */
  pages: number;
  /** Items sent over all pages (for grouped timeseries: groups). */
  items: number;
  /** Requests refused, by HTTP status (`"401"`, `"422"`...). */
  rejected: Record<string, number>;
}

/** A page to answer with 200 and the number of items on it, or the issues that refuse the request with 422. */
export type PageAnswer = { body: unknown; items: number } | { issues: ValidationIssue[] };

/** What a paged GET operation is made of. */
export interface PagedRouteOptions {
  method: string;
  path: string;
  /** The only API key accepted. Default: any non-empty key. */
  apiKey?: string;
  /** The page for this query and these path parameters. May throw: the client gets a 500. */
  answer(query: URLSearchParams, params: PathParams): PageAnswer;
}

/** A {@link Route} with its counters. */
export type PagedRoute = Route & { readonly stats: RouteStats };

/** A route for a paged GET: checks the API key, answers the page or a 422, counts what it did. */
export function createPagedRoute(options: PagedRouteOptions): PagedRoute {
  const stats: RouteStats = { requests: 0, pages: 0, items: 0, rejected: {} };
  const reject = (res: ServerResponse, status: number, detail: unknown) => {
    stats.rejected[status] = (stats.rejected[status] ?? 0) + 1;
    sendJson(res, status, { detail });
  };
  return {
    method: options.method,
    path: options.path,
    stats,
    handle(req, res, url, params) {
      stats.requests++;
      // A GET has no body to read; drain anything sent anyway so the connection can be reused.
      req.resume();
      const keyProblem = apiKeyProblem(req, options.apiKey);
      if (keyProblem) return reject(res, 401, keyProblem);
      let answer: PageAnswer;
      try {
        answer = options.answer(url.searchParams, params);
      } catch (error) {
        return reject(res, 500, `Mock server error: ${error instanceof Error ? error.message : String(error)}`);
      }
      if ("issues" in answer) return reject(res, 422, answer.issues);
      stats.pages++;
      stats.items += answer.items;
      sendJson(res, 200, answer.body);
    },
  };
}
