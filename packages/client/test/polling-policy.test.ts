import { describe, expect, it } from "vitest";
import {
  GENERIC_POLLING,
  type PollingProfile,
  pollDelay,
  pollingProfile,
} from "../src/polling-policy.js";

const profile: PollingProfile = {
  initialDelayMs: 5000,
  intervalMs: 3000,
  factor: 1.5,
  maxIntervalMs: 10_000,
  timeoutMs: 120_000,
};

describe("pollDelay", () => {
  const cases: Array<[string, { attempt: number; random: number; want: number }]> = [
    ["first poll waits initialDelayMs", { attempt: 0, random: 0.9, want: 5000 }],
    ["second poll: interval, no jitter at random 0.5", { attempt: 1, random: 0.5, want: 3000 }],
    ["interval grows by factor", { attempt: 2, random: 0.5, want: 4500 }],
    ["grows again", { attempt: 3, random: 0.5, want: 6750 }],
    ["capped at maxIntervalMs", { attempt: 4, random: 0.5, want: 10_000 }],
    ["jitter down 15 %", { attempt: 1, random: 0, want: 2550 }],
    ["jitter up 15 %", { attempt: 1, random: 1, want: 3450 }],
    ["jitter never exceeds the cap", { attempt: 9, random: 1, want: 10_000 }],
    ["jitter can go below the cap", { attempt: 9, random: 0, want: 8500 }],
  ];
  it.each(cases)("%s", (_name, { attempt, random, want }) => {
    expect(pollDelay(profile, attempt, random)).toBe(want);
  });

  it("keeps a constant interval when factor is 1", () => {
    const flat = { ...profile, factor: 1 };
    expect([1, 2, 5].map((attempt) => pollDelay(flat, attempt, 0.5))).toEqual([3000, 3000, 3000]);
  });
});

describe("pollingProfile", () => {
  const cases: Array<
    [string, { model: string; overrides?: object; want: Partial<PollingProfile> }]
  > = [
    [
      "fast image model from the spec",
      {
        model: "nano-banana",
        want: { initialDelayMs: 10_000, intervalMs: 1000, factor: 1.2, maxIntervalMs: 2000 },
      },
    ],
    [
      "video model from the spec",
      {
        model: "sora-2",
        want: { initialDelayMs: 120_000, intervalMs: 12_000, timeoutMs: 600_000 },
      },
    ],
    ["unknown model: generic profile", { model: "brand-new-model", want: GENERIC_POLLING }],
    ["not fooled by Object.prototype keys", { model: "toString", want: GENERIC_POLLING }],
    [
      "per-call overrides win, undefined ones are ignored",
      {
        model: "nano-banana",
        overrides: { initialDelayMs: 10, intervalMs: undefined },
        want: { initialDelayMs: 10, intervalMs: 1000 },
      },
    ],
  ];
  it.each(cases)("%s", (_name, { model, overrides, want }) => {
    expect(pollingProfile(model, overrides)).toMatchObject(want);
  });
});
