import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  type Failure,
  isRetryable,
  type Operation,
  parseRetryAfter,
  retryDelay,
} from "../src/retry-policy.js";

const status = (code: number, retryAfter?: string): Failure => ({
  kind: "status",
  status: code,
  retryAfter,
});
const refused: Failure = { kind: "connection", sent: false };
const reset: Failure = { kind: "connection", sent: true };
const timeout: Failure = { kind: "timeout" };

describe("isRetryable", () => {
  const cases: Array<[string, { operation: Operation; failure: Failure; want: boolean }]> = [
    ["submit 429", { operation: "submit", failure: status(429), want: true }],
    ["submit 503", { operation: "submit", failure: status(503), want: true }],
    ["submit refused/DNS (never sent)", { operation: "submit", failure: refused, want: true }],
    ["submit 500 (task may exist)", { operation: "submit", failure: status(500), want: false }],
    ["submit 502", { operation: "submit", failure: status(502), want: false }],
    ["submit 504", { operation: "submit", failure: status(504), want: false }],
    ["submit 408", { operation: "submit", failure: status(408), want: false }],
    ["submit reset after send", { operation: "submit", failure: reset, want: false }],
    ["submit timeout after send", { operation: "submit", failure: timeout, want: false }],
    ["submit 400", { operation: "submit", failure: status(400), want: false }],
    ["submit 200 with bad body", { operation: "submit", failure: status(200), want: false }],
    ["read 200 with bad body", { operation: "read", failure: status(200), want: true }],
    ["read 408", { operation: "read", failure: status(408), want: true }],
    ["read 429", { operation: "read", failure: status(429), want: true }],
    ["read 500", { operation: "read", failure: status(500), want: true }],
    ["read 502", { operation: "read", failure: status(502), want: true }],
    ["read 503", { operation: "read", failure: status(503), want: true }],
    ["read reset", { operation: "read", failure: reset, want: true }],
    ["read refused", { operation: "read", failure: refused, want: true }],
    ["read timeout", { operation: "read", failure: timeout, want: true }],
    ["read 400", { operation: "read", failure: status(400), want: false }],
    ["read 401", { operation: "read", failure: status(401), want: false }],
    ["read 402", { operation: "read", failure: status(402), want: false }],
    ["read 403", { operation: "read", failure: status(403), want: false }],
    ["read 404", { operation: "read", failure: status(404), want: false }],
  ];
  it.each(cases)("%s", (_name, { operation, failure, want }) => {
    expect(isRetryable(operation, failure)).toBe(want);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const cases: Array<[string, { given: string | null | undefined; want: number | undefined }]> = [
    ["absent", { given: undefined, want: undefined }],
    ["null header", { given: null, want: undefined }],
    ["empty", { given: "", want: undefined }],
    ["seconds", { given: "3", want: 3000 }],
    ["fractional seconds", { given: "1.5", want: 1500 }],
    ["zero", { given: "0", want: 0 }],
    ["capped at 60 s", { given: "3600", want: 60_000 }],
    ["HTTP date", { given: "Thu, 01 Jan 2026 00:00:10 GMT", want: 10_000 }],
    ["HTTP date in the past", { given: "Wed, 31 Dec 2025 23:59:00 GMT", want: 0 }],
    ["HTTP date far ahead is capped", { given: "Fri, 02 Jan 2026 00:00:00 GMT", want: 60_000 }],
    ["garbage", { given: "soon", want: undefined }],
  ];
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(parseRetryAfter(given, now)).toBe(want);
  });
});

describe("backoffDelay", () => {
  const cases: Array<[string, { attempt: number; random: number; want: number }]> = [
    ["first retry, no jitter", { attempt: 0, random: 0, want: 500 }],
    ["first retry, full jitter", { attempt: 0, random: 1, want: 375 }],
    ["second retry", { attempt: 1, random: 0, want: 1000 }],
    ["third retry", { attempt: 2, random: 0, want: 2000 }],
    ["capped at 8 s", { attempt: 10, random: 0, want: 8000 }],
    ["capped, with jitter", { attempt: 10, random: 0.5, want: 7000 }],
  ];
  it.each(cases)("%s", (_name, { attempt, random, want }) => {
    expect(backoffDelay(attempt, random)).toBe(want);
  });
});

describe("retryDelay", () => {
  const cases: Array<
    [string, { operation: Operation; failure: Failure; attempt: number; want: number | undefined }]
  > = [
    ["retryable read: backoff", { operation: "read", failure: status(500), attempt: 0, want: 500 }],
    [
      "Retry-After wins over backoff",
      { operation: "read", failure: status(429, "7"), attempt: 0, want: 7000 },
    ],
    [
      "Retry-After on submit 429",
      { operation: "submit", failure: status(429, "2"), attempt: 1, want: 2000 },
    ],
    ["retries exhausted", { operation: "read", failure: status(500), attempt: 2, want: undefined }],
    ["not retryable", { operation: "submit", failure: status(500), attempt: 0, want: undefined }],
    [
      "unreadable Retry-After: backoff",
      { operation: "read", failure: status(503, "x"), attempt: 1, want: 1000 },
    ],
  ];
  it.each(cases)("%s", (_name, { operation, failure, attempt, want }) => {
    expect(retryDelay(operation, failure, attempt, 2, 0, 0)).toBe(want);
  });
});
