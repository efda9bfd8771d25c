import { describe, expect, it } from "vitest";
import {
  CALLBACK_GRACE_MS,
  firstCheckAt,
  MIN_INTERVAL_MS,
  modelTiming,
  nextCheckDelay,
  UNKNOWN_MODEL_TIMING,
} from "../src/reconcile-schedule.js";

const image = { expectedMs: 15_000, intervalMs: 3_000, maxIntervalMs: 30_000 };

describe("firstCheckAt", () => {
  it.each([
    ["real speed: run time plus grace", { timeScale: 1 }, 1_000 + 15_000 + CALLBACK_GRACE_MS],
    ["emulator at 0.1", { timeScale: 0.1 }, 1_000 + 2_500],
    ["never sooner than the minimum interval", { timeScale: 0.0001 }, 1_000 + MIN_INTERVAL_MS],
  ])("%s", (_name, { timeScale }, want) => {
    expect(firstCheckAt(image, 1_000, timeScale)).toBe(want);
  });
});

describe("nextCheckDelay", () => {
  it.each([
    ["young task: the model's interval", { ageMs: 8_000, timeScale: 1 }, 3_000],
    ["older task: a quarter of its age", { ageMs: 60_000, timeScale: 1 }, 15_000],
    ["old task: capped", { ageMs: 3_600_000, timeScale: 1 }, 30_000],
    ["scaled with the emulator", { ageMs: 6_000, timeScale: 0.1 }, 15_000 * 0.1],
    ["never below the minimum", { ageMs: 10, timeScale: 0.001 }, MIN_INTERVAL_MS],
  ])("%s", (_name, { ageMs, timeScale }, want) => {
    expect(nextCheckDelay(image, ageMs, timeScale)).toBe(want);
  });
});

describe("modelTiming", () => {
  it("reads the contract for known models and falls back for others", () => {
    const nano = modelTiming("nano-banana");
    expect(nano.expectedMs).toBeGreaterThan(0);
    expect(nano.intervalMs).toBeLessThanOrEqual(nano.maxIntervalMs);
    expect(modelTiming("sora-2").expectedMs).toBeGreaterThan(nano.expectedMs);
    expect(modelTiming("some-future-model")).toEqual(UNKNOWN_MODEL_TIMING);
  });
});
