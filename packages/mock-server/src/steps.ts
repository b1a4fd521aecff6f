/**
 * `GET /v2/timeseries/{user_id}/steps/grouped` over the synthetic step counts: pages of groups keyed
 * by provider, walked with opaque `next_cursor`s bound to the data set and the query.
 */
import type { GroupedSteps, GroupedStepsResponse } from "@junction/openapi-types";
import { stepsOperation, stepsPaging } from "./operations.js";
import { createPageTokens } from "./page-token.js";
import { lastParam } from "./query.js";
import { createPagedRoute, type PagedRoute } from "./route.js";
import {
  createStepsDataset,
  resolveStepsQuery,
  type StepsDataOptions,
  type StepsOptions,
  type StepsRange,
} from "./steps-data.js";
import { wholeOption } from "./team.js";
import type { ValidationIssue } from "./validation.js";

/** Options of {@link createStepsRoute}. */
export interface StepsRouteOptions extends StepsDataOptions {
  steps?: StepsOptions;
  /** The only API key accepted. Default: any non-empty key. */
  apiKey?: string;
}

/** The 422 issue answered for a cursor that was not issued for this data set and query; `loc` names the parameter sent. */
export function invalidCursorIssue(param: "next_cursor" | "cursor"): ValidationIssue {
  return { loc: ["query", param], msg: "invalid or expired cursor", type: "value_error" };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const scopeOf = (range: StepsRange) =>
  JSON.stringify(["steps", range.userId, range.provider, range.startMs, range.endMs]);

/** The route of `GET /v2/timeseries/{user_id}/steps/grouped`. Throws on bad options. */
export function createStepsRoute(options: StepsRouteOptions = {}): PagedRoute {
  const dataset = createStepsDataset(options);
  const pageSize = wholeOption("steps.pageSize", options.steps?.pageSize ?? 30, 1, 10_000);
  const tokens = createPageTokens(dataset.fingerprint);
  return createPagedRoute({
    ...stepsOperation,
    apiKey: options.apiKey,
    answer(query, params) {
      const userId = params.user_id ?? "";
      const startDate = lastParam(query, "start_date");
      const issues: ValidationIssue[] = [];
      if (!uuidPattern.test(userId)) {
        issues.push({ loc: ["path", "user_id"], msg: "Input should be a valid UUID", type: "uuid_parsing" });
      }
      if (!startDate) issues.push({ loc: ["query", "start_date"], msg: "Field required", type: "missing" });
      if (issues.length > 0 || !startDate) return { issues };
      const range = resolveStepsQuery({
        userId,
        startDate,
        endDate: lastParam(query, "end_date"),
        provider: lastParam(query, "provider"),
      });
      if ("invalid" in range) {
        return {
          issues: range.invalid.map((name) => ({
            loc: ["query", name],
            msg: "Input should be a date (YYYY-MM-DD) or an ISO 8601 date-time",
            type: "datetime_parsing",
          })),
        };
      }
      if (range.endMs < range.startMs) {
        return {
          issues: [{ loc: ["query", "end_date"], msg: "end_date must not be before start_date", type: "value_error" }],
        };
      }

      const walk = dataset.walk(range);
      const scope = scopeOf(range);
      // The deprecated `cursor` means the same as `next_cursor`; `next_cursor` wins when both are sent.
      const param = query.has(stepsPaging.tokenParam) ? stepsPaging.tokenParam : query.has("cursor") ? "cursor" : null;
      let start = 0;
      let page = 1;
      if (param !== null) {
        const cursor = tokens.decode(lastParam(query, param) ?? "", scope);
        if (!cursor || cursor.index >= walk.size || cursor.page < 2) return { issues: [invalidCursorIssue(param)] };
        ({ index: start, page } = cursor);
      }

      const groups: Record<string, GroupedSteps[]> = {};
      let count = 0;
      let next: number | undefined;
      for (let index = start; index < walk.size; index++) {
        const group = walk.groupAt(index);
        if (!group) continue;
        if (count === pageSize) {
          next = index;
          break;
        }
        // Groups are ordered by provider, so each provider's list is filled in one stretch.
        const list = groups[group.source.provider];
        if (list) list.push(group);
        else groups[group.source.provider] = [group];
        count++;
      }
      const token = next === undefined ? null : tokens.encode({ index: next, page: page + 1 }, scope);
      const body: GroupedStepsResponse = { groups, next: token, next_cursor: token };
      return { body, items: count };
    },
  });
}
