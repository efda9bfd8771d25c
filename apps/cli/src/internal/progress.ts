import { formatDuration, formatRange } from "./duration.js";
import type { Output } from "./output.js";

/** What the progress display knows about the task it follows. */
export interface ProgressSubject {
  model: string;
  taskId: string;
  /** The model's realistic run time (already scaled for an emulator), if known. */
  expectedMs?: { min: number; max: number };
}

/** A progress display: told about state changes, stopped once the wait ends. */
export interface Progress {
  update(state: string): void;
  stop(): void;
}

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Shows a task's progress on stderr. On a terminal: one live line, redrawn a few times a second
 * (spinner, state, elapsed time, expected time). Otherwise: a plain line per state change, which
 * reads well in CI logs. Nothing with `--quiet`.
 */
export function createProgress(
  output: Output,
  subject: ProgressSubject,
  now: () => number = Date.now,
): Progress {
  if (output.options.quiet) return { update() {}, stop() {} };
  const started = now();
  const expected = subject.expectedMs
    ? `expected ${formatRange(subject.expectedMs.min, subject.expectedMs.max)}`
    : "";
  const { style } = output;
  let state = "submitted";

  if (!output.stderr.isTTY) {
    const say = (): void =>
      output.info(
        `${subject.model} ${subject.taskId}: ${state} after ${formatDuration(now() - started)}${expected ? ` (${expected})` : ""}`,
      );
    return {
      update(next) {
        if (next === state) return;
        state = next;
        say();
      },
      stop() {},
    };
  }

  let frame = 0;
  const draw = (): void => {
    const spinner = style.cyan(frames[frame++ % frames.length] as string);
    const line = `${spinner} ${style.bold(subject.model)} ${style.dim(subject.taskId)}  ${state}  ${formatDuration(now() - started)}${expected ? style.dim(`  ${expected}`) : ""}`;
    output.stderr.write(`\r\u001b[2K${line}`);
  };
  const clear = (): void => {
    output.stderr.write("\r\u001b[2K");
  };
  output.clearLiveLine = clear; // a log line printed meanwhile replaces the live line, then it returns
  draw();
  const timer = setInterval(draw, 125);
  timer.unref?.();
  return {
    update(next) {
      state = next;
      draw();
    },
    stop() {
      clearInterval(timer);
      output.clearLiveLine = undefined;
      clear();
    },
  };
}

function size(bytes: number): string {
  return bytes < 1_000_000
    ? `${Math.ceil(bytes / 1000)} KB`
    : `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * A live "downloading" line on a terminal (bytes received of the expected total, per output);
 * nothing elsewhere, where the line saying what was saved is enough.
 */
export function createDownloadProgress(output: Output): {
  onProgress(progress: { url: string; received: number; total: number | undefined }): void;
  stop(): void;
} {
  if (output.options.quiet || !output.stderr.isTTY) return { onProgress() {}, stop() {} };
  const clear = (): void => {
    output.stderr.write("\r\u001b[2K");
  };
  output.clearLiveLine = clear;
  return {
    onProgress({ url, received, total }) {
      const name = new URL(url).pathname.split("/").pop() ?? url;
      const amount = total ? `${size(received)} / ${size(total)}` : size(received);
      output.stderr.write(`\r\u001b[2K${output.style.cyan("↓")} ${name}  ${amount}`);
    },
    stop() {
      output.clearLiveLine = undefined;
      clear();
    },
  };
}
