// The emulator's bin as a child process, for the release smoke test: started on a free port
// (`--port 0`), its URL read from the first line of stdout, stopped with SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";

/** A running `apixo-emulator` process. */
export interface EmulatorProcess {
  /** The URL it printed, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Sends SIGTERM and resolves with the exit code (`null` when killed by a signal). */
  stop(): Promise<number | null>;
}

/** Starts `bin` with `args` (add `--port 0` for a free port); rejects if no URL shows up in 20 s. */
export function startEmulatorProcess(
  bin: string,
  args: readonly string[],
  cwd: string,
): Promise<EmulatorProcess> {
  const child = spawn(bin, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let output = "";
  let started = false;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      if (started) return;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`apixo-emulator ${why}; output:\n${output}`));
    };
    const timer = setTimeout(() => fail("printed no URL in 20 s"), 20_000);
    child.once("error", (error) => fail(`did not start (${error.message})`));
    child.once("exit", (code) => fail(`exited with ${code} before printing its URL`));
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /^(http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(output)?.[1];
      if (!url) return;
      if (started) return;
      started = true;
      clearTimeout(timer);
      resolve({ url, stop: () => stop(child, exited) });
    });
  });
}

function stop(child: ChildProcess, exited: Promise<number | null>): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  return exited;
}
