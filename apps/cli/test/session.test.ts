import { getModel } from "@apixo-ts/openapi";
import { describe, expect, it } from "vitest";
import { scaledPolling } from "../src/internal/session.js";

describe("scaledPolling", () => {
  const model = getModel("nano-banana");
  if (!model) throw new Error("nano-banana missing from the contract");

  it.each([
    ["real time: the client's own profile", 1, {}],
    [
      "the emulator's 0.1: every interval scaled, the deadline too",
      0.1,
      {
        poll: {
          initialDelayMs: model.polling.initialDelayMs * 0.1,
          intervalMs: model.polling.intervalMs * 0.1,
          maxIntervalMs: model.polling.maxIntervalMs * 0.1,
          factor: model.polling.factor,
        },
        timeoutMs: Math.min(
          model.polling.timeoutMs,
          Math.max(model.polling.timeoutMs * 0.1, 30_000),
        ),
      },
    ],
  ])("%s", (_name, timeScale, want) => {
    expect(scaledPolling(model, timeScale)).toEqual(want);
  });

  it("never shrinks the deadline under 30 s (nor raises it above the model's)", () => {
    expect(scaledPolling(model, 0.0001).timeoutMs).toBe(30_000);
    expect(scaledPolling(model, 0.0001).poll?.initialDelayMs).toBe(1);
  });

  it("leaves unknown models to the client", () => {
    expect(scaledPolling(undefined, 0.1)).toEqual({});
  });
});
