import { lastFlag } from "../internal/argv.js";
import type { CommandContext } from "../internal/command.js";
import { assertKnownFlags, numberFlag, takePositionals } from "../internal/command-args.js";
import { ExitCode } from "../internal/exit-codes.js";

/**
 * `apixo emulator [--port 4010] [--host 127.0.0.1] [--time-scale 1] [--seed N] [--balance-usd N]
 * [--api-keys a,b]`: the local APIXO emulator in the foreground, until Ctrl-C (exit 0).
 */
export async function execute(context: CommandContext): Promise<number> {
  const { args, output, io } = context;
  assertKnownFlags(args, ["port", "host", "seed", "balance-usd", "api-keys"]);
  takePositionals(args, [], "apixo emulator [flags]");
  const port = numberFlag(args, "port") ?? 4010;
  const timeScale = numberFlag(args, "time-scale") ?? 1;
  const seed = numberFlag(args, "seed");
  const balanceUsd = numberFlag(args, "balance-usd");
  const apiKeys = lastFlag(args, "api-keys")
    ?.split(",")
    .map((key) => key.trim())
    .filter(Boolean);
  const host = lastFlag(args, "host") ?? "127.0.0.1";
  const { startEmulator } = await import("@apixo-ts/emulator");
  const server = await startEmulator({
    port,
    host,
    timeScale,
    ...(seed !== undefined ? { seed } : {}),
    ...(balanceUsd !== undefined ? { balanceUsd } : {}),
    ...(apiKeys && apiKeys.length > 0 ? { apiKeys } : {}),
  });
  output.json({ ok: true, url: server.url, timeScale });
  output.result(server.url);
  output.info(
    `APIXO emulator listening on ${server.url} (time scale ${timeScale}); Ctrl-C stops it`,
  );
  output.info(
    output.style.dim(
      `try: APIXO_BASE_URL=${server.url} APIXO_API_KEY=test apixo run nano-banana --prompt "a red fox"${timeScale === 1 ? "" : ` --time-scale ${timeScale}`}`,
    ),
  );
  await new Promise<void>((resolve) => {
    if (!io.signal) return; // no way to be interrupted: serve until the process is killed
    if (io.signal.aborted) resolve();
    io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
  output.info("emulator stopped");
  return ExitCode.ok;
}
