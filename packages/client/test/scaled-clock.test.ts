import { startEmulator } from "@apixo-ts/emulator";
import { describe, expect, it, vi } from "vitest";
import { createApixo, scaledClock } from "../src/index.js";

describe("scaledClock", () => {
  it("sleeps ms × scale and advances now() by 1/scale", async () => {
    // Fake timers (and Date): the check is on what is asked of the real clock, not on how busy
    // the machine is.
    vi.useFakeTimers();
    try {
      const clock = scaledClock(0.01);
      const before = clock.now();
      let woke = false;
      const sleeping = clock.sleep(2000).then(() => {
        woke = true;
      });
      await vi.advanceTimersByTimeAsync(19);
      expect(woke).toBe(false);
      await vi.advanceTimersByTimeAsync(1); // 20 ms asked of the real clock
      await sleeping;
      expect(clock.now() - before).toBe(2000);
    } finally {
      vi.useRealTimers();
    }
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
