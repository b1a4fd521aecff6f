/** `GET /v2/user` over the synthetic users: offset and limit paging, with the team's `total`. */
import type { PaginatedUsersResponse } from "@junction/openapi-types";
import { usersOperation, usersPaging } from "./operations.js";
import { wholeParam } from "./query.js";
import { createPagedRoute, type PagedRoute } from "./route.js";
import { wholeOption } from "./team.js";
import { createUserDataset, type UsersDataOptions, type UsersOptions } from "./users-data.js";

/** The spec's maximum `limit`. */
const specMaxLimit = 500;

/** Options of {@link createUsersRoute}. */
export interface UsersRouteOptions extends Omit<UsersDataOptions, "users"> {
  users?: UsersOptions;
  /** The only API key accepted. Default: any non-empty key. */
  apiKey?: string;
}

/** The route of `GET /v2/user`. Throws on bad options. */
export function createUsersRoute(options: UsersRouteOptions = {}): PagedRoute {
  const dataset = createUserDataset(options);
  const maxPageSize = wholeOption("users.maxPageSize", options.users?.maxPageSize ?? specMaxLimit, 1, specMaxLimit);
  const pageSize = wholeOption("users.pageSize", options.users?.pageSize ?? 100, 1, maxPageSize);
  const { offsetParam, limitParam } = usersPaging;
  return createPagedRoute({
    ...usersOperation,
    apiKey: options.apiKey,
    answer(query) {
      const offset = wholeParam(query, offsetParam, { fallback: 0, min: 0 });
      const limit = wholeParam(query, limitParam, { fallback: pageSize, min: 0, max: specMaxLimit });
      const issues = [offset, limit].filter((value) => typeof value !== "number");
      if (typeof offset !== "number" || typeof limit !== "number") return { issues };
      const used = Math.min(limit, maxPageSize);
      const end = Math.min(dataset.size, offset + used);
      const users = [];
      for (let i = offset; i < end; i++) users.push(dataset.userAt(i));
      const body: PaginatedUsersResponse = { users, total: dataset.size, offset, limit: used };
      return { body, items: users.length };
    },
  });
}
