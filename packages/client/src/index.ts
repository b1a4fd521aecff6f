export type {
  BulkExportConnectionsBody,
  BulkExportConnectionsResponse,
  ConnectionRecipe,
  Environment,
  HTTPValidationError,
  OAuthProviders,
  paths,
} from "@junction/openapi-types";
export type { Middleware } from "openapi-fetch";
export { apiKeyEnvVar } from "./auth.js";
export { createJunctionClient, type JunctionClient } from "./client.js";
export {
  AuthenticationError,
  ConnectionError,
  createApiError,
  errorFromResult,
  type FailedRequest,
  InternalServerError,
  JunctionApiError,
  JunctionError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type SuccessData,
  TimeoutError,
  unwrap,
  ValidationError,
} from "./errors.js";
export { type JunctionLogger, type LogLevel, maskSecrets } from "./logger.js";
export type { FetchLike, JunctionClientOptions, JunctionRequestOptions, RetryNonIdempotent } from "./options.js";
export {
  type Page,
  type PageBody,
  type PageItem,
  type PaginatedMethod,
  type PaginatedPath,
  type PaginateInit,
  type PaginateOptions,
  PaginationLoopError,
  type Paginator,
  paginate,
} from "./paginate.js";
export { defaultIdempotentOperations } from "./retry.js";
