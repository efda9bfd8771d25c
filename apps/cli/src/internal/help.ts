import type { CommandEntry } from "./command.js";

const globalHelp: [string, string][] = [
  ["--json", "print one JSON document on stdout (for programs)"],
  ["--quiet, -q", "no progress or messages on stderr (errors still shown)"],
  ["--verbose, -v", "log every request on stderr (the API key is redacted)"],
  ["--no-color", "no colours (also NO_COLOR=1)"],
  ["--emulator", "run against a local emulator started in-process (free, seconds per task)"],
  ["--time-scale N", "with --emulator: speed of the emulated tasks (default 0.1)"],
  ["--base-url URL", "API origin (env APIXO_BASE_URL, default https://api.apixo.ai)"],
  ["--api-key KEY", "API key (prefer env APIXO_API_KEY: flags land in shell history)"],
  ["--journal FILE", "task journal (default $XDG_STATE_HOME/apixo/tasks.jsonl)"],
  ["--help, -h", "help for a command: apixo run nano-banana --help"],
  ["--version, -V", "print the version"],
];

function table(rows: readonly [string, string][]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}

/** The help of `apixo` itself: every command and the global flags. */
export function mainHelp(commands: readonly CommandEntry[], version: string): string {
  return `apixo ${version} — the command line for the APIXO generation API

Usage: apixo <command> [arguments] [flags]

Commands:
${commands.map((command) => `  ${command.usage}\n      ${command.summary}`).join("\n")}

Flags:
${table(globalHelp)}

Exit codes: 0 ok, 1 task failed, 2 bad usage or input (nothing sent), 3 API/auth/network error,
4 wait deadline passed (the task goes on; the resume command is printed), 70 internal error (a bug
in apixo: please report it), 130 interrupted.

Examples:
  apixo run nano-banana --prompt "A futuristic city at sunset" --aspect-ratio 16:9 --save ./out
  apixo run nano-banana --prompt "a red fox" --emulator
  apixo models nano-banana
  apixo tasks
`;
}

/** The help of one command. */
export function commandHelp(command: CommandEntry): string {
  const flags = Object.entries(command.flags).map(([name, flag]): [string, string] => [
    `--${name}${flag.arity === "boolean" ? "" : ` ${flag.value ?? "VALUE"}`}`,
    flag.help,
  ]);
  return `Usage: ${command.usage}

${command.summary}
${flags.length > 0 ? `\nFlags:\n${table(flags)}\n` : ""}${command.details ? `\n${command.details}\n` : ""}
Global flags: see \`apixo --help\`.
`;
}
