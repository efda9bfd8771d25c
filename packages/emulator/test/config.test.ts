import { describe, expect, it } from "vitest";
import { EmulatorError } from "../src/index.js";
import { callbackUrlProblem } from "../src/internal/callback-url.js";
import { resolveConfig } from "../src/internal/config.js";
import { MinHeap } from "../src/internal/min-heap.js";

describe("resolveConfig", () => {
  it("spreads faults.rate over each endpoint's kinds; explicit and per-endpoint fields win", () => {
    const config = resolveConfig({
      faults: { rate: 0.8, serverError: 0.3, files: { serverError: 0 } },
    });
    expect(config.faults.statusTask.dropConnection).toBeCloseTo(0.1);
    expect(config.faults.statusTask.truncatedFile).toBe(0);
    expect(config.faults.statusTask.serverError).toBe(0.3);
    expect(config.faults.files.serverError).toBe(0);
    expect(config.faults.files.truncatedFile).toBeCloseTo(0.8 / 6);
    expect(config.faults.files.malformedJson).toBe(0);
  });

  it("scales the default slow delay by timeScale, but not an explicit one", () => {
    expect(resolveConfig({ timeScale: 0.01 }).faults.balance.slowMs).toBe(50);
    expect(resolveConfig({ timeScale: 0.01, faults: { slowMs: 300 } }).faults.balance.slowMs).toBe(
      300,
    );
  });

  it.each([
    [{ timeScale: 0 }, /timeScale is 0/],
    [{ timeScale: Number.NaN }, /timeScale/],
    [
      { faults: { statusTask: { serverError: 1.5 } } },
      /faults\.statusTask\.serverError is 1\.5; expected a probability/,
    ],
    [{ faults: { taskFailureRate: -0.1 } }, /faults\.taskFailureRate/],
    [{ rateLimit: { requestsPerSecond: 0 } }, /rateLimit\.requestsPerSecond/],
    [
      { rateLimit: { submitsPerSecond: 0 } },
      /rateLimit\.submitsPerSecond is 0; expected a finite number > 0/,
    ],
    [{ rateLimit: { submitsPerSecond: -5 } }, /rateLimit\.submitsPerSecond is -5/],
    [{ rateLimit: { submitsPerSecond: Number.POSITIVE_INFINITY } }, /rateLimit\.submitsPerSecond/],
    [
      { rateLimit: { submitsPerSecond: "50" as unknown as number } },
      /rateLimit\.submitsPerSecond is "50"/,
    ],
    [
      { rateLimit: { submitsPerSecond: 5, submitBurst: 0.5 } },
      /rateLimit\.submitBurst is 0\.5; expected a finite number >= 1/,
    ],
    [
      { rateLimit: { submitBurst: 10 } },
      /rateLimit\.submitBurst is set without rateLimit\.submitsPerSecond/,
    ],
    [{ rateLimit: { burst: 10 } }, /rateLimit\.burst is set without rateLimit\.requestsPerSecond/],
    [
      { rateLimit: { requestsPerSecond: 5, burst: 0 } },
      /rateLimit\.burst is 0; expected a finite number >= 1/,
    ],
    [{ apiKeys: [""] }, /apiKeys must hold non-empty strings/],
    [{ seed: 1.5 }, /seed is 1\.5; expected an integer/],
    [{ balanceUsd: -1 }, /balanceUsd/],
  ])("refuses %j with an EmulatorError", (options, message) => {
    let caught: unknown;
    try {
      resolveConfig(options);
    } catch (error) {
      caught = error;
    }
    expect(EmulatorError.isInstance(caught)).toBe(true);
    expect((caught as EmulatorError).code).toBe("INVALID_OPTION");
    expect((caught as EmulatorError).message).toMatch(message);
  });

  it("defaults a rate limit's burst to its rate and leaves the other limits open", () => {
    expect(resolveConfig({ rateLimit: { requestsPerSecond: 5 } }).rateLimit).toEqual({
      requestsPerSecond: 5,
      burst: 5,
      submitsPerSecond: Number.POSITIVE_INFINITY,
      submitBurst: Number.POSITIVE_INFINITY,
      maxRunningTasks: Number.POSITIVE_INFINITY,
    });
  });

  it("defaults the submit bucket's size to its rate, at least 1, independently of the other", () => {
    expect(
      resolveConfig({ rateLimit: { requestsPerSecond: 0.5, submitsPerSecond: 50 } }).rateLimit,
    ).toEqual({
      requestsPerSecond: 0.5,
      burst: 1,
      submitsPerSecond: 50,
      submitBurst: 50,
      maxRunningTasks: Number.POSITIVE_INFINITY,
    });
    expect(
      resolveConfig({ rateLimit: { submitsPerSecond: 0.2, submitBurst: 3 } }).rateLimit,
    ).toMatchObject({ submitsPerSecond: 0.2, submitBurst: 3, requestsPerSecond: Infinity });
  });
});

describe("callbackUrlProblem", () => {
  it.each([
    ["https://example.com/hook", undefined],
    ["http://127.0.0.1:8080/hook", undefined],
    ["http://127.1.2.3/hook", undefined],
    ["http://localhost/hook", undefined],
    ["http://app.localhost/hook", undefined],
    ["http://[::1]:3000/hook", undefined],
    ["http://example.com/hook", /HTTPS/],
    ["http://10.0.0.1/hook", /HTTPS/],
    ["ftp://127.0.0.1/hook", /HTTPS/],
    ["not a url", /absolute URL/],
  ])("%s", (url, want) => {
    const problem = callbackUrlProblem(url);
    if (want === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(want);
  });
});

describe("MinHeap", () => {
  it("pops in ascending order", () => {
    const heap = new MinHeap();
    const values = [5, 3, 9, 1, 1, 7, 2, 8];
    for (const value of values) heap.push(value);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop() as number);
    expect(popped).toEqual([...values].sort((a, b) => a - b));
  });
});
