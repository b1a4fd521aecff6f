export {
  type BulkExportHandler,
  type BulkExportOptions,
  type BulkExportStats,
  bulkExportPath,
  createBulkExportHandler,
  invalidNextTokenIssue,
} from "./bulk-export.ts";
export {
  type ConnectionFilter,
  type ConnectionRecipe,
  createDataset,
  type Dataset,
  type DatasetOptions,
  defaultProviderMix,
  expectedConnections,
  oauth1ExpiresAt,
  type ProviderMix,
} from "./dataset.ts";
export {
  createFaultInjector,
  type FaultInjector,
  type FaultKind,
  type FaultOptions,
  type FaultStats,
  faultKinds,
} from "./faults.ts";
export { createForwarder, type Forwarder } from "./forward.ts";
export { type StatefulOperation, statefulOperations } from "./operations.ts";
export {
  createOrderDataset,
  expectedOrders,
  type OrderDataset,
  type OrdersDataOptions,
  type OrdersOptions,
} from "./orders-data.ts";
export { defaultSpecPath, freePort, type PrismOptions, type RunningServer, startPrism } from "./prism.ts";
export type { RouteStats } from "./route.ts";
export {
  type MockServer,
  type MockServerEndpoints,
  type MockServerOptions,
  type MockServerStats,
  startMockServer,
} from "./server.ts";
export { invalidCursorIssue } from "./steps.ts";
export {
  createStepsDataset,
  expectedStepGroups,
  type StepsDataOptions,
  type StepsDataset,
  type StepsOptions,
  type StepsQuery,
  stepsDataEndMs,
} from "./steps-data.ts";
export {
  createUserDataset,
  expectedUsers,
  type UserDataset,
  type UsersDataOptions,
  type UsersOptions,
} from "./users-data.ts";
export type { ValidationIssue } from "./validation.ts";
