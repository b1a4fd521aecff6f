export {
  type EnumFact,
  type ExtractOptions,
  extractFacts,
  kebabCase,
  type OperationFact,
  parseByteSize,
  type ResponseKind,
  type SpecFacts,
} from "./facts.ts";
export {
  aliasNames,
  escapeControls,
  GENERATE_COMMAND,
  type GeneratedFiles,
  generate,
  header,
  routeKey,
} from "./generate.ts";
export {
  CONTINUATION_FIELDS,
  continuationFieldsOf,
  detectPagination,
  objectProperties,
  type PaginationFact,
  type PaginationStyle,
  successSchema,
} from "./pagination.ts";
export { type PaginationOverride, paginationOverrides } from "./pagination-overrides.ts";
export {
  type ParameterFact,
  type ParameterType,
  type RequestShapeFact,
  requestShapeOf,
  type ValueFact,
} from "./parameters.ts";
export {
  createResolver,
  HTTP_METHODS,
  type HttpMethod,
  isOpenDescription,
  isOpenEnum,
  type Json,
  jsonMediaType,
  operationsOf,
  pointerTarget,
  reachableSchemas,
  resolveRef,
  type SpecOperation,
  schemaRefName,
} from "./spec.ts";
