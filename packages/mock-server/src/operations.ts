/**
 * The operations the backend keeps state for, taken from the tables generated from the spec
 * (`paginated`, `operationIndex`). The `satisfies` clauses stop compilation when the spec moves a
 * parameter or field a handler relies on, so the handlers' literal names cannot drift from it.
 */
import { operationIndex, paginated } from "@junction/openapi-types";

/** An operation served by the backend itself. */
export interface StatefulOperation {
  /** Upper-case HTTP method, e.g. `GET`. */
  method: string;
  /** The spec's path template, e.g. `/v2/timeseries/{user_id}/steps/grouped`. */
  path: string;
  operationId: string;
}

type PagedKey = keyof typeof paginated;

function operation(key: PagedKey): StatefulOperation {
  const [method = "", path = ""] = key.split(" ");
  const info = Object.values(operationIndex).find((op) => op.method === method && op.path === path);
  // Both tables come from one generator run; they must agree on the operation and its paging style.
  if (!info || info.pagination?.style !== paginated[key].style) {
    throw new Error(`The generated tables disagree about "${key}": regenerate @junction/openapi-types.`);
  }
  return { method: method.toUpperCase(), path, operationId: info.operationId };
}

/** `POST /v2/link/bulk_export`: a token in the body both ways. */
export const bulkExportPaging = paginated["post /v2/link/bulk_export"] satisfies {
  style: "body";
  tokenParam: "next_token";
  nextTokenField: "next_token";
  itemsField: "data";
};
export const bulkExportOperation = operation("post /v2/link/bulk_export");

/** `GET /v2/user`: offset and limit, until `total`. */
export const usersPaging = paginated["get /v2/user"] satisfies {
  style: "offset";
  offsetParam: "offset";
  limitParam: "limit";
  totalField: "total";
  itemsField: "users";
};
export const usersOperation = operation("get /v2/user");

/** `GET /v3/orders`: page number (from 1) and size, until `total`. */
export const ordersPaging = paginated["get /v3/orders"] satisfies {
  style: "page";
  pageParam: "page";
  sizeParam: "size";
  firstPage: 1;
  totalField: "total";
  itemsField: "orders";
};
export const ordersOperation = operation("get /v3/orders");

/** `GET /v2/timeseries/{user_id}/steps/grouped`: a query cursor, items grouped by provider. */
export const stepsPaging = paginated["get /v2/timeseries/{user_id}/steps/grouped"] satisfies {
  style: "cursor";
  tokenParam: "next_cursor";
  nextTokenField: "next_cursor";
  itemsField: "groups";
  grouped: true;
};
export const stepsOperation = operation("get /v2/timeseries/{user_id}/steps/grouped");

/** Every operation the backend answers itself, for messages and tests. */
export const statefulOperations: readonly StatefulOperation[] = [
  bulkExportOperation,
  usersOperation,
  ordersOperation,
  stepsOperation,
];
