export {
  apiKeyHeaderName,
  type BulkExportHandler,
  type BulkExportOptions,
  type BulkExportStats,
  bulkExportPath,
  createBulkExportHandler,
  invalidNextTokenIssue,
  type ValidationIssue,
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
export { defaultSpecPath, freePort, type PrismOptions, type RunningServer, startPrism } from "./prism.js";
export {
  type MockServer,
  type MockServerEndpoints,
  type MockServerOptions,
  type MockServerStats,
  startMockServer,
} from "./server.js";
