import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { CliIo, CliOutput } from "../src/io.js";
import { main } from "../src/main.js";

/** A captured output stream; `onWrite` lets a test react to a line (e.g. press Ctrl-C). */
export class Capture implements CliOutput {
  text = "";
  isTTY = false;
  onWrite?: (chunk: string) => void;
  write(chunk: string): boolean {
    this.text += chunk;
    this.onWrite?.(chunk);
    return true;
  }
}

/** What one in-process `apixo` invocation did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}: everything else comes from a clean, isolated environment. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd: string;
  stdin?: string;
  signal?: AbortSignal;
  stderr?: Capture;
  stdout?: Capture;
}

/** Runs `apixo` in-process through `main(argv, io)` with captured streams. */
export async function runCli(argv: string[], options: RunOptions): Promise<CliRun> {
  const stdout = options.stdout ?? new Capture();
  const stderr = options.stderr ?? new Capture();
  const io: CliIo = {
    stdout,
    stderr,
    env: { HOME: options.cwd, APIXO_STATE_DIR: join(options.cwd, "state"), ...options.env },
    cwd: options.cwd,
    ...(options.stdin !== undefined ? { stdin: Readable.from([options.stdin]) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ path: string; cleanup(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "apixo-cli-"));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
