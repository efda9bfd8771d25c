import { describe, expect, it } from "vitest";
import {
  DEFAULT_RATE_CONFIG,
  initialRateState,
  nextSubmitDelay,
  type RateEvent,
  type RateState,
  reduceRate,
} from "../src/batch-rate.js";

const start = initialRateState();
const at = (rate: number, extra: Partial<RateState> = {}): RateState => ({
  ...start,
  rate,
  ...extra,
});
const accepted = (from: number, count: number, every: number): number[] =>
  Array.from({ length: count }, (_, i) => from + i * every);

describe("reduceRate", () => {
  const cases: [string, { given: RateState; events: RateEvent[]; want: Partial<RateState> }][] = [
    [
      "stays unlimited while nothing is refused",
      {
        given: start,
        events: [
          { type: "accepted", at: 10 },
          { type: "accepted", at: 20 },
        ],
        want: { rate: Infinity },
      },
    ],
    [
      "first 429 sets the rate to 0.85 × the accepted submits of the last second",
      {
        given: { ...start, accepted: accepted(1, 40, 20) },
        events: [{ type: "rateLimited", at: 1000, sentAt: 990 }],
        want: { rate: 40 * 0.85, lastDecreaseAt: 1000 },
      },
    ],
    [
      "submits older than one second do not count as the measured rate",
      {
        given: { ...start, accepted: [0, 1, 2, 3, 1500, 1600] },
        events: [{ type: "rateLimited", at: 2000, sentAt: 1990 }],
        want: { rate: 2 * 0.85 },
      },
    ],
    [
      "a limited rate decreases multiplicatively",
      {
        given: at(20, { accepted: accepted(0, 30, 10) }),
        events: [{ type: "rateLimited", at: 400, sentAt: 399 }],
        want: { rate: 17 },
      },
    ],
    [
      "429s of submits sent before the last decrease count once",
      {
        given: at(20, { lastDecreaseAt: 500, accepted: accepted(0, 30, 10) }),
        events: [{ type: "rateLimited", at: 600, sentAt: 499 }],
        want: { rate: 20, lastDecreaseAt: 500 },
      },
    ],
    [
      "never falls below minRate",
      {
        given: at(0.5),
        events: [{ type: "rateLimited", at: 10, sentAt: 5 }],
        want: { rate: DEFAULT_RATE_CONFIG.minRate },
      },
    ],
    [
      "Retry-After pauses every submit, even from an ignored 429",
      {
        given: at(20, { lastDecreaseAt: 500 }),
        events: [{ type: "rateLimited", at: 600, sentAt: 400, retryAfterMs: 2000 }],
        want: { pausedUntil: 2600, rate: 20 },
      },
    ],
    [
      "Retry-After is capped at maxPauseMs",
      {
        given: at(20),
        events: [{ type: "rateLimited", at: 0, sentAt: 0, retryAfterMs: 3_600_000 }],
        want: { pausedUntil: DEFAULT_RATE_CONFIG.maxPauseMs },
      },
    ],
    [
      "accepted submits add 5 % of the rate per second of sending",
      {
        given: at(40),
        events: accepted(0, 40, 25).map((t) => ({ type: "accepted" as const, at: t })),
        want: { rate: expect.closeTo(42, 0) },
      },
    ],
    [
      "a slow rate still climbs by at least one submit per second",
      {
        given: at(2),
        events: [
          { type: "accepted", at: 0 },
          { type: "accepted", at: 500 },
        ],
        want: { rate: expect.closeTo(2.9, 5) },
      },
    ],
    [
      "sent moves lastSentAt forward only",
      {
        given: at(10, { lastSentAt: 900 }),
        events: [{ type: "sent", at: 800 }],
        want: { lastSentAt: 900 },
      },
    ],
  ];
  it.each(cases)("%s", (_name, { given, events, want }) => {
    const state = events.reduce((s, event) => reduceRate(s, event), given);
    expect(state).toMatchObject(want);
  });
});

describe("nextSubmitDelay", () => {
  const cases: [string, { given: RateState; now: number; want: number }][] = [
    ["unlimited: no delay", { given: start, now: 0, want: 0 }],
    ["spaces submits by 1/rate", { given: at(10, { lastSentAt: 1000 }), now: 1020, want: 80 }],
    [
      "no delay once the spacing has passed",
      { given: at(10, { lastSentAt: 1000 }), now: 1200, want: 0 },
    ],
    [
      "a Retry-After pause wins over the spacing",
      { given: at(10, { lastSentAt: 1000, pausedUntil: 3000 }), now: 1020, want: 1980 },
    ],
    [
      "a reserved future slot is waited for",
      { given: at(Infinity, { lastSentAt: 1500 }), now: 1000, want: 500 },
    ],
  ];
  it.each(cases)("%s", (_name, { given, now, want }) => {
    expect(nextSubmitDelay(given, now)).toBe(want);
  });
});

describe("convergence on a fixed limit", () => {
  // A token bucket of 50/s (burst 50) drives the controller for 20 simulated seconds, with one
  // submit answered 50 ms after it left: the rate settles near the limit with few 429s.
  it("achieves most of the limit with a small share of 429s", () => {
    const limit = 50;
    let tokens = limit;
    let now = 0;
    let lastRefill = 0;
    let state = initialRateState();
    let ok = 0;
    let refused = 0;
    const inFlight: { answerAt: number; sentAt: number; ok: boolean }[] = [];
    while (now < 20_000) {
      for (const answer of inFlight.filter((a) => a.answerAt <= now)) {
        state = reduceRate(
          state,
          answer.ok
            ? { type: "accepted", at: now }
            : { type: "rateLimited", at: now, sentAt: answer.sentAt },
        );
        inFlight.splice(inFlight.indexOf(answer), 1);
      }
      tokens = Math.min(limit, tokens + ((now - lastRefill) * limit) / 1000);
      lastRefill = now;
      if (nextSubmitDelay(state, now) === 0 && inFlight.length < 64) {
        state = reduceRate(state, { type: "sent", at: now });
        const accepted = tokens >= 1;
        if (accepted) tokens -= 1;
        accepted ? ok++ : refused++;
        inFlight.push({ answerAt: now + 50, sentAt: now, ok: accepted });
      }
      now += 1;
    }
    const achieved = ok / 20 / limit;
    expect(achieved).toBeGreaterThan(0.85);
    expect(refused / (ok + refused)).toBeLessThan(0.05);
  });
});
