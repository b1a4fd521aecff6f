export {
  type BulkExportHandler,
  type BulkExportOptions,
  type BulkExportStats,
  bulkExportPath,
  createBulkExportHandler,
  invalidNextTokenIssue,
} from "./bulk-export.js";
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
} from "./dataset.js";
export {
  createFaultInjector,
  type FaultInjector,
  type FaultKind,
  type FaultOptions,
  type FaultStats,
  faultKinds,
} from "./faults.js";
export { createForwarder, type Forwarder } from "./forward.js";
export { type StatefulOperation, statefulOperations } from "./operations.js";
export {
  createOrderDataset,
  expectedOrders,
  type OrderDataset,
  type OrdersDataOptions,
  type OrdersOptions,
} from "./orders-data.js";
export { defaultSpecPath, freePort, type PrismOptions, type RunningServer, startPrism } from "./prism.js";
export type { RouteStats } from "./route.js";
export {
  type MockServer,
  type MockServerEndpoints,
  type MockServerOptions,
  type MockServerStats,
  startMockServer,
} from "./server.js";
export { invalidCursorIssue } from "./steps.js";
export {
  createStepsDataset,
  expectedStepGroups,
  type StepsDataOptions,
  type StepsDataset,
  type StepsOptions,
  type StepsQuery,
  stepsDataEndMs,
} from "./steps-data.js";
export {
  createUserDataset,
  expectedUsers,
  type UserDataset,
  type UsersDataOptions,
  type UsersOptions,
} from "./users-data.js";
export type { ValidationIssue } from "./validation.js";
