import type { CommandContext } from "../internal/command.js";
import { assertKnownFlags, sessionOptions, takePositionals } from "../internal/command-args.js";
import { ExitCode } from "../internal/exit-codes.js";
import { openSession } from "../internal/session.js";

/** `apixo balance`: the key's remaining balance in USD. */
export async function execute(context: CommandContext): Promise<number> {
  const { args, output } = context;
  assertKnownFlags(args, []);
  takePositionals(args, [], "apixo balance");
  const session = await openSession(sessionOptions(args), context.io, output);
  try {
    const balanceUsd = await session.apixo.balance();
    output.result(`$${balanceUsd.toFixed(2)}`);
    output.json({
      ok: true,
      balanceUsd,
      ...(session.emulator ? { emulator: session.emulator } : {}),
    });
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
