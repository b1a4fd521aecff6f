/** The connection the benchmark stubs serve: same size and shape as a real one, values immaterial. */
export const benchConnection = (i: number) => ({
  user_id: `0b6a7d35-5c8f-4c0e-9d2a-${String(i).padStart(12, "0")}`,
  access_token: `access-${i}-${"x".repeat(40)}`,
  refresh_token: `refresh-${i}-${"y".repeat(40)}`,
  provider_id: `P${i}`,
  expires_at: 2147483647,
  oauth_scopes: ["heartrate", "sleep", "activity"],
});
