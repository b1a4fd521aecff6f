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
export { apiKeyEnvVar, resolveApiKey } from "./auth.js";
export { createJunctionClient, type JunctionClient } from "./client.js";
export { resolveTarget, type Target } from "./environments.js";
export {
  AuthenticationError,
  ConnectionError,
  createApiError,
  errorFromResult,
  type FailedRequest,
  InternalServerError,
  JunctionApiError,
  JunctionConfigError,
  JunctionError,
  NotFoundError,
  type PageLocation,
  PaginationLoopError,
  PaginationProtocolError,
  PermissionDeniedError,
  RateLimitError,
  RequestTooLargeError,
  ResponseTooLargeError,
  type SuccessData,
  TimeoutError,
  UnexpectedResponseError,
  unwrap,
  ValidationError,
} from "./errors.js";
export { type JunctionLogger, type LogLevel, maskSecrets, maskText } from "./logger.js";
export type { HttpMethod, JunctionRequestInit } from "./method-types.js";
export type { FetchLike, JunctionClientOptions, JunctionRequestOptions, RetryNonIdempotent } from "./options.js";
export type { PaginationInfo } from "./page-styles.js";
export { paginate } from "./paginate.js";
export type {
  Page,
  PageBody,
  PageItem,
  PaginatedMethod,
  PaginatedPath,
  PaginateInit,
  PaginateOptions,
  Paginator,
  ResumableError,
} from "./paginate-types.js";
export { defaultIdempotentOperations } from "./retry.js";
