/**
 * The page-token handling of the four paging styles the generator detects: where a page's position
 * goes in the request, and how a page's body gives its items and the position of the next page.
 * Positions are strings (a token, a cursor, a page number, an offset) so a checkpoint is always one
 * string. A body that breaks the style's contract throws {@link PaginationProtocolError}.
 */
import { type PageLocation, PaginationProtocolError } from "./errors.js";

/** How an operation pages, as the generator writes it into `paginated`. */
export type PaginationInfo =
  | { style: "body"; tokenParam: string; nextTokenField: string; itemsField: string }
  | { style: "cursor"; tokenParam: string; nextTokenField: string; itemsField: string; grouped?: true }
  | { style: "page"; pageParam: string; sizeParam: string; firstPage: number; totalField: string; itemsField: string }
  | { style: "offset"; offsetParam: string; limitParam: string; totalField: string; itemsField: string };

/** A page's items and the position of the next page (`null`: this was the last). */
export interface PageContents {
  items: unknown[];
  next: string | null;
}

export interface PagingStyle {
  /** The position the caller's own request starts from, or `null` for the first page. */
  startOf(init: Init): string | null;
  /** A copy of the caller's request, moved to `position` (`null`: as the caller wrote it). */
  requestAt(init: Init, position: string | null): Init;
  /** Items and next position of a page fetched at `position`. */
  read(body: unknown, position: string | null, init: Init, at: PageLocation): PageContents;
  /** Whether `position` is one this style can resume from (e.g. a page number for `page`). */
  accepts(position: string): boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the operation's own request, typed by paginate's signature.
type Init = any;
type Body = Record<string, unknown>;

const WHOLE = /^(0|[1-9]\d*)$/;
const isWhole = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const describe = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "a list" : `a ${typeof value}`);

function fault(at: PageLocation, field: string, problem: string): never {
  throw new PaginationProtocolError(at, field, problem);
}

function asObject(body: unknown, at: PageLocation): Body {
  if (body && typeof body === "object" && !Array.isArray(body)) return body as Body;
  return fault(at, "(body)", `${describe(body)} where a JSON object was expected`);
}

function listField(body: Body, field: string, at: PageLocation): unknown[] {
  const value = body[field];
  if (Array.isArray(value)) return value;
  return fault(at, field, value === undefined ? "no list" : `${describe(value)} instead of a list`);
}

/** The entries of every list in a map of lists (`groups`: provider → groups), in the server's order. */
function groupedField(body: Body, field: string, at: PageLocation): unknown[] {
  const value = body[field];
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return fault(at, field, value === undefined ? "no map of lists" : `${describe(value)} instead of a map of lists`);
  }
  const items: unknown[] = [];
  for (const [key, list] of Object.entries(value)) {
    if (!Array.isArray(list)) fault(at, `${field}.${key}`, `${describe(list)} instead of a list`);
    for (const item of list) items.push(item);
  }
  return items;
}

/** A next token: a non-empty string, or absent/null/"" at the end. */
function tokenField(body: Body, field: string, at: PageLocation): string | null {
  const value = body[field];
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string") return value;
  return fault(at, field, `${describe(value)} where a string token or null was expected`);
}

/** A whole number the response may omit or leave null. */
function countField(body: Body, field: string, at: PageLocation): number | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (isWhole(value)) return value;
  return fault(at, field, `${describe(value)} (${JSON.stringify(value)}) where a whole number was expected`);
}

const queryOf = (init: Init): Record<string, unknown> => init?.params?.query ?? {};
const withQuery = (init: Init, name: string, value: unknown): Init => {
  const query = { ...queryOf(init) };
  if (value === null) delete query[name];
  else query[name] = value;
  return { ...init, params: { ...init?.params, query } };
};
const given = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : isWhole(value) ? String(value) : null;

function tokenStyle(info: Extract<PaginationInfo, { style: "body" | "cursor" }>): PagingStyle {
  const inBody = info.style === "body";
  const grouped = info.style === "cursor" && info.grouped === true;
  return {
    startOf: (init) => {
      const value = inBody ? init?.body?.[info.tokenParam] : queryOf(init)[info.tokenParam];
      return typeof value === "string" && value !== "" ? value : null;
    },
    requestAt(init, position) {
      if (!inBody) return withQuery(init, info.tokenParam, position);
      const body = { ...init?.body };
      if (position === null) delete body[info.tokenParam];
      else body[info.tokenParam] = position;
      return { ...init, body };
    },
    read(raw, _position, _init, at) {
      const body = asObject(raw, at);
      const items = grouped ? groupedField(body, info.itemsField, at) : listField(body, info.itemsField, at);
      return { items, next: tokenField(body, info.nextTokenField, at) };
    },
    accepts: (position) => position !== "",
  };
}

/**
 * Numbered pages and offsets: the walk ends on an empty page, a short page (fewer items than asked
 * for), or once `total` items are covered. The response's own `page`/`size` (`offset`/`limit`) win
 * over the request's, as a server may cap the size.
 */
function countedStyle(info: Extract<PaginationInfo, { style: "page" | "offset" }>): PagingStyle {
  const byPage = info.style === "page";
  const positionParam = byPage ? info.pageParam : info.offsetParam;
  const sizeParam = byPage ? info.sizeParam : info.limitParam;
  const origin = byPage ? info.firstPage : 0;
  return {
    startOf: (init) => given(queryOf(init)[positionParam]),
    requestAt: (init, position) => (position === null ? init : withQuery(init, positionParam, Number(position))),
    read(raw, position, init, at) {
      const body = asObject(raw, at);
      const items = listField(body, info.itemsField, at);
      const total = countField(body, info.totalField, at);
      const asked = Number(position ?? given(queryOf(init)[positionParam]) ?? origin);
      const here = countField(body, positionParam, at) ?? asked;
      const size = countField(body, sizeParam, at) ?? (Number(given(queryOf(init)[sizeParam])) || items.length);
      const covered = byPage ? (here - origin + 1) * size : here + items.length;
      const last = items.length === 0 || items.length < size || (total !== null && covered >= total);
      return { items, next: last ? null : String(byPage ? here + 1 : here + items.length) };
    },
    accepts: (position) => WHOLE.test(position),
  };
}

/** The handling of `info`'s style. */
export function pagingStyle(info: PaginationInfo): PagingStyle {
  return info.style === "page" || info.style === "offset" ? countedStyle(info) : tokenStyle(info);
}
