import type { CliIo, CliOutput } from "../io.js";

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

/** ANSI styling that turns into plain text when colours are off. */
export type Style = Record<keyof typeof codes, (text: string) => string>;

function styleFor(enabled: boolean): Style {
  const style = {} as Style;
  for (const [name, [open, close]] of Object.entries(codes)) {
    style[name as keyof typeof codes] = enabled
      ? (text) => `\u001b[${open}m${text}\u001b[${close}m`
      : (text) => text;
  }
  return style;
}

/** Output settings resolved from the global flags and the environment. */
export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  /** `--no-color` was given. */
  noColor: boolean;
}

/**
 * Where every line goes. Results go to stdout (one JSON document with `--json`); messages,
 * warnings and progress go to stderr, silenced by `--quiet` except errors. Colours only on a
 * terminal, never with `NO_COLOR` or `--no-color`.
 */
export class Output {
  /** Styles for stderr. */
  readonly style: Style;
  /** Styles for stdout. */
  readonly outStyle: Style;
  private jsonPrinted = false;
  /** Set while a live progress line is on screen: clears it before a message is written. */
  clearLiveLine: (() => void) | undefined;

  constructor(
    private readonly io: CliIo,
    readonly options: OutputOptions,
  ) {
    const colours = (stream: CliOutput): boolean =>
      Boolean(stream.isTTY) &&
      !options.noColor &&
      !("NO_COLOR" in io.env && io.env.NO_COLOR !== "");
    this.style = styleFor(colours(io.stderr));
    this.outStyle = styleFor(colours(io.stdout) && !options.json);
  }

  /** The stderr stream (for the progress line). */
  get stderr(): CliOutput {
    return this.io.stderr;
  }

  /** A result line for a person, on stdout (skipped with `--json`). */
  result(line: string): void {
    if (!this.options.json) this.io.stdout.write(`${line}\n`);
  }

  /** The one JSON document of `--json`; later calls are ignored so stdout stays parseable. */
  json(document: unknown): void {
    if (!this.options.json || this.jsonPrinted) return;
    this.jsonPrinted = true;
    this.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }

  /** Whether the JSON document has been printed already. */
  get printedJson(): boolean {
    return this.jsonPrinted;
  }

  /** An informational message on stderr (silenced by `--quiet`). */
  info(line: string): void {
    if (!this.options.quiet) this.stderrLine(line);
  }

  /** A warning on stderr (silenced by `--quiet`). */
  warn(line: string): void {
    if (!this.options.quiet) this.stderrLine(`${this.style.yellow("warning:")} ${line}`);
  }

  /** An error on stderr, always shown, with indented hint lines. */
  error(line: string, hints: readonly string[] = []): void {
    this.stderrLine(`${this.style.red("error:")} ${line}`);
    for (const hint of hints) this.io.stderr.write(`  ${hint}\n`);
  }

  /** A debug line on stderr, only with `--verbose`. */
  debug(line: string): void {
    if (this.options.verbose) this.stderrLine(this.style.dim(line));
  }

  private stderrLine(line: string): void {
    this.clearLiveLine?.();
    this.io.stderr.write(`${line}\n`);
  }
}
