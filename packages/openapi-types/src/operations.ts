/**
 * `@junction/openapi-types/operations`: every operation's parameters and request body, for tools that
 * build requests from user input (the CLI). A separate entry, so the client's bundle never carries it.
 */
export * from "./generated/operations.js";
