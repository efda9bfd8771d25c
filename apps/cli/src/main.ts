import { readFileSync } from "node:fs";
import { commands, findCommand } from "./commands/registry.js";
import { flagIsOn, parseArgv } from "./internal/argv.js";
import { CliError, usageError } from "./internal/cli-error.js";
import { definedArity } from "./internal/command.js";
import { didYouMean } from "./internal/did-you-mean.js";
import { ExitCode } from "./internal/exit-codes.js";
import { exitForError } from "./internal/exit-for-error.js";
import { commandHelp, mainHelp } from "./internal/help.js";
import { Output } from "./internal/output.js";
import { apiKeysOf, redactingOutput, redactSecrets } from "./internal/secrets.js";
import type { CliIo } from "./io.js";

/** The CLI's version, read from its package.json (one level above both `src/` and `dist/`). */
export function cliVersion(): string {
  const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

/** Every flag name any command knows, so the first pass can tell values from positionals. */
function knownArity(name: string) {
  for (const command of commands) {
    const arity = definedArity(name, command.flags);
    if (arity) return arity;
  }
  return undefined;
}

/**
 * Runs `apixo` with `argv` (without the `node` and script paths) against the given I/O and
 * returns the exit code. Never calls `process.exit`, never reads `process.*`: tests call it
 * in-process. Command modules are imported only when their command runs. Every API key of the
 * invocation is redacted from stdout and stderr, whatever prints it.
 */
export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const secrets = apiKeysOf(argv, rawIo.env);
  const io: CliIo = {
    ...rawIo,
    stdout: redactingOutput(rawIo.stdout, secrets),
    stderr: redactingOutput(rawIo.stderr, secrets),
  };
  let output = new Output(io, { json: false, quiet: false, verbose: false, noColor: false });
  try {
    const args = parseArgv(argv, knownArity);
    output = new Output(io, {
      json: flagIsOn(args, "json"),
      quiet: flagIsOn(args, "quiet"),
      verbose: flagIsOn(args, "verbose"),
      noColor: args.flags.get("color")?.at(-1) === "false",
    });
    if (flagIsOn(args, "version")) {
      io.stdout.write(`${cliVersion()}\n`);
      return ExitCode.ok;
    }
    let [name, ...positionals] = args.positionals;
    if (name === "help") {
      name = positionals[0];
      positionals = [];
      args.flags.set("help", ["true"]);
    }
    if (name === undefined) {
      io.stdout.write(mainHelp(commands, cliVersion()));
      return flagIsOn(args, "help") ? ExitCode.ok : ExitCode.usage;
    }
    const command = findCommand(name);
    if (!command) {
      const suggestion = didYouMean(
        name,
        commands.map((entry) => entry.name),
      );
      throw usageError(`unknown command "${name}"`, [
        suggestion
          ? `did you mean \`apixo ${suggestion}\`?`
          : "run `apixo --help` for the commands",
      ]);
    }
    const modelHelp = (name === "run" || name === "submit") && positionals.length > 0;
    if (flagIsOn(args, "help") && !modelHelp) {
      io.stdout.write(commandHelp(command));
      return ExitCode.ok;
    }
    if (args.flags.has("api-key")) {
      output.warn(
        "--api-key puts the key in your shell history; prefer the APIXO_API_KEY variable",
      );
    }
    const module = await command.load();
    return await module.execute({
      io,
      argv,
      args: { positionals, flags: args.flags },
      output,
    });
  } catch (error) {
    const report = exitForError(error, secrets);
    output.error(report.message, report.hints);
    // A stack helps a bug report, never a user: only with --verbose, and never for our own errors.
    if (error instanceof Error && !(error instanceof CliError) && error.stack) {
      output.debug(redactSecrets(error.stack, secrets));
    }
    if (output.options.json && !output.printedJson) {
      output.json({
        ok: false,
        error: { type: report.type, message: report.message, exitCode: report.exitCode },
      });
    }
    return report.exitCode;
  }
}
