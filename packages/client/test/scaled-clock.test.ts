import { startEmulator } from "@apixo-ts/emulator";
import { describe, expect, it } from "vitest";
import { createApixo, scaledClock } from "../src/index.js";

describe("scaledClock", () => {
  it("sleeps ms × scale and advances now() by 1/scale", async () => {
    const clock = scaledClock(0.01);
    const before = clock.now();
    const started = Date.now();
    await clock.sleep(2000);
    expect(Date.now() - started).toBeLessThan(1000); // 20 ms asked of the real clock
    expect(clock.now() - before).toBeGreaterThanOrEqual(1800); // timers may fire ~1 ms early
  });

  it("aborts a sleep with the signal's reason", async () => {
    const controller = new AbortController();
    const sleeping = scaledClock(0.5).sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
  });

  it.each([0, -1, Number.NaN])("refuses scale %s", (scale) => {
    expect(() => scaledClock(scale)).toThrow(RangeError);
  });

  it("runs the default schedule against an emulator of the same time scale", async () => {
    const emulator = await startEmulator({ timeScale: 0.01, seed: 4 });
    try {
      const apixo = createApixo({
        apiKey: "test",
        baseUrl: emulator.url,
        clock: scaledClock(0.01),
      });
      const task = await apixo.run("nano-banana", { mode: "text-to-image", prompt: "x" });
      expect(task.state).toBe("success");
      // The nano-banana profile's first read comes after its shortest run time: few reads.
      expect(emulator.stats().requests.statusTask).toBeLessThanOrEqual(4);
    } finally {
      await emulator.close();
    }
  });
});
