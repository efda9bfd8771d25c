/** A writable text stream as the CLI uses it: stdout or stderr. */
export interface CliOutput {
  write(chunk: string): unknown;
  /** `true` when the stream is a terminal; enables the live progress line and colours. */
  isTTY?: boolean;
  /** Terminal width in columns, when known. */
  columns?: number;
}

/** A readable byte or text stream: stdin. Only read for `--input -`. */
export interface CliInput extends AsyncIterable<string | Uint8Array> {
  isTTY?: boolean;
}

/**
 * Everything the CLI touches outside itself. `main` never reads `process.*` directly, so tests run
 * commands in-process with their own streams, environment, working directory and abort signal.
 */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Read only for `--input -`. */
  stdin?: CliInput;
  /** Environment variables (`APIXO_API_KEY`, `APIXO_BASE_URL`, `NO_COLOR`, `XDG_STATE_HOME`, `HOME`, ...). */
  env: Record<string, string | undefined>;
  /** Directory relative paths (`--save out`, `--input @file.json`) resolve against. */
  cwd: string;
  /** Aborted on Ctrl-C: a running wait stops, the resume command is printed, the exit code is 130. */
  signal?: AbortSignal;
}

/** Builds the real process I/O; the abort signal fires on the first SIGINT or SIGTERM. */
export function nodeIo(): CliIo {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C forces the exit
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // `apixo models --json | head -1`: a reader that stops early is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
}
