/** `GET /v3/orders` over the synthetic orders: page number and size paging, with the team's `total`. */
import type { GetOrdersResponse } from "@junction/openapi-types";
import { ordersOperation, ordersPaging } from "./operations.js";
import { createOrderDataset, type OrdersDataOptions, type OrdersOptions } from "./orders-data.js";
import { wholeParam } from "./query.js";
import { createPagedRoute, type PagedRoute } from "./route.js";
import { wholeOption } from "./team.js";

/** The spec's maximum `size`. */
const specMaxSize = 100;

/** Options of {@link createOrdersRoute}. */
export interface OrdersRouteOptions extends Omit<OrdersDataOptions, "orders"> {
  orders?: OrdersOptions;
  /** The only API key accepted. Default: any non-empty key. */
  apiKey?: string;
}

/**
 * The route of `GET /v3/orders`. Its filters (`user_id`, `status`, dates...) are accepted and not
 * applied: every page is a page of all the team's orders. Throws on bad options.
 */
export function createOrdersRoute(options: OrdersRouteOptions = {}): PagedRoute {
  const dataset = createOrderDataset(options);
  const maxPageSize = wholeOption("orders.maxPageSize", options.orders?.maxPageSize ?? specMaxSize, 1, specMaxSize);
  const pageSize = wholeOption("orders.pageSize", options.orders?.pageSize ?? 50, 1, maxPageSize);
  const { pageParam, sizeParam, firstPage } = ordersPaging;
  return createPagedRoute({
    ...ordersOperation,
    apiKey: options.apiKey,
    answer(query) {
      const page = wholeParam(query, pageParam, { fallback: firstPage, min: firstPage });
      const size = wholeParam(query, sizeParam, { fallback: pageSize, min: 1, max: specMaxSize });
      const issues = [page, size].filter((value) => typeof value !== "number");
      if (typeof page !== "number" || typeof size !== "number") return { issues };
      const used = Math.min(size, maxPageSize);
      const start = (page - firstPage) * used;
      const end = Math.min(dataset.size, start + used);
      const orders = [];
      for (let i = start; i < end; i++) orders.push(dataset.orderAt(i));
      const body: GetOrdersResponse = { orders, total: dataset.size, page, size: used };
      return { body, items: orders.length };
    },
  });
}
