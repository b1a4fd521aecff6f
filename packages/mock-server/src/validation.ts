/** The API's (FastAPI's) way of refusing a request it cannot parse: 422 with a list of issues. */

/** One entry of a 422 `detail`, shaped like the API's (FastAPI) validation errors. */
export interface ValidationIssue {
  /** Where the problem is: `["query", "limit"]`, `["body", "user_ids", 0]`. */
  loc: (string | number)[];
  msg: string;
  type: string;
}
