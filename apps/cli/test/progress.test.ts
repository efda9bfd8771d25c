import { describe, expect, it } from "vitest";
import { Output } from "../src/internal/output.js";
import { createDownloadProgress, createProgress } from "../src/internal/progress.js";
import { Capture } from "./helpers.js";

function setup(options: { tty: boolean; quiet?: boolean; env?: Record<string, string> }) {
  const stderr = new Capture();
  stderr.isTTY = options.tty;
  const stdout = new Capture();
  const output = new Output(
    { stdout, stderr, env: options.env ?? {}, cwd: "/" },
    { json: false, quiet: options.quiet ?? false, verbose: false, noColor: false },
  );
  let now = 1_000;
  const progress = createProgress(
    output,
    { model: "nano-banana", taskId: "t1", expectedMs: { min: 10_000, max: 15_000 } },
    () => now,
  );
  return { stderr, output, progress, advance: (ms: number) => (now += ms) };
}

describe("progress", () => {
  it("redraws one live line on a terminal, with state, elapsed and expected time", () => {
    const { stderr, progress, advance } = setup({ tty: true });
    advance(4_200);
    progress.update("processing");
    progress.stop();
    const frames = stderr.text.split("\r\u001b[2K").filter(Boolean);
    expect(frames.at(-1)).toContain("processing");
    expect(frames.at(-1)).toContain("4.2s");
    expect(frames.at(-1)).toContain("expected 10–15s");
    expect(stderr.text.endsWith("\r\u001b[2K")).toBe(true); // the line is cleared at the end
    expect(stderr.text).not.toContain("\n");
  });

  it("clears the live line before a message, so log lines never mix with it", () => {
    const { stderr, output, progress } = setup({ tty: true, env: { NO_COLOR: "1" } });
    output.warn("retrying");
    progress.stop();
    expect(stderr.text).toContain("\r\u001b[2Kwarning: retrying\n");
  });

  it("writes plain lines per state change when stderr is not a terminal", () => {
    const { stderr, progress, advance } = setup({ tty: false });
    progress.update("pending");
    advance(1_500);
    progress.update("pending");
    progress.update("processing");
    progress.stop();
    expect(stderr.text).toBe(
      "nano-banana t1: pending after 0ms (expected 10–15s)\nnano-banana t1: processing after 1.5s (expected 10–15s)\n",
    );
  });

  it("uses no colours with NO_COLOR and writes nothing with --quiet", () => {
    const plain = setup({ tty: true, env: { NO_COLOR: "1" } });
    plain.progress.update("pending");
    plain.progress.stop();
    expect(plain.stderr.text.replaceAll("\r\u001b[2K", "")).not.toContain("\u001b");
    const quiet = setup({ tty: true, quiet: true });
    quiet.progress.update("pending");
    quiet.progress.stop();
    expect(quiet.stderr.text).toBe("");
  });

  it("shows download progress on a terminal only", () => {
    const { stderr, output } = setup({ tty: true, env: { NO_COLOR: "1" } });
    const download = createDownloadProgress(output);
    download.onProgress({
      url: "http://127.0.0.1/files/t/0.mp4",
      received: 2_500_000,
      total: 8_100_000,
    });
    download.stop();
    expect(stderr.text).toContain("↓ 0.mp4  2.5 MB / 8.1 MB");
    const plain = setup({ tty: false });
    const silent = createDownloadProgress(plain.output);
    silent.onProgress({ url: "http://127.0.0.1/files/t/0.mp4", received: 1, total: 2 });
    expect(plain.stderr.text).toBe("");
  });
});
