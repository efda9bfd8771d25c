// One chaos run: N items through run() against a faulty emulator, every task traced back to its
// item (callback census + submit recorder), then judged item by item (chaos-verdict.ts).
import { type ApixoOptions, createApixo, type Task } from "@apixo-ts/client";
import { createCallbackHandler, createCallbackUrl } from "@apixo-ts/client/webhooks";
import type { RunningEmulator } from "@apixo-ts/emulator";
import { type CallbackCensus, startCallbackCensus } from "./callback-census.js";
import { judgeItem, readEmulatorTasks } from "./chaos-verdict.js";
import { settleAll } from "./settle-all.js";
import { createSubmitRecorder } from "./submit-recorder.js";

export const CHAOS_MODEL = "nano-banana";
const API_KEY = "chaos-key";

/** What to run. */
export interface ChaosRunOptions {
  emulator: RunningEmulator;
  /** Client options beyond the key, the base URL and the recording `fetch`. */
  client: Omit<ApixoOptions, "apiKey" | "baseUrl" | "fetch">;
  tasks: number;
  concurrency: number;
  /** Every `forceEvery`-th item (index % forceEvery === 3) asks for `[fail:FORCED_FAIL_CODE]`. */
  forceEvery: number;
  /** The first `signed` items use signed callback URLs and race the webhook receiver. */
  signed: number;
  /** `wait` deadline (client clock). @default the model's */
  timeoutMs?: number;
}

/** What the run observed. */
export interface ChaosRunResult {
  results: PromiseSettledResult<Task>[];
  /** Every per-item and census problem; empty when every task ended exactly right. */
  problems: string[];
  census: CallbackCensus;
  /** Times the webhook handler reported each task (signed items only). */
  reported: Map<string, number>;
  /** Items whose run() rejected with `taskMayExist`. */
  mayExist: number;
}

export const FORCED_FAIL_CODE = "CONTENT_VIOLATION";
const SECRET = "chaos-callback-secret-0123456789abcdef";

/** Runs the items, waits for the emulator to go quiet, and judges every item. */
export async function runChaos(options: ChaosRunOptions): Promise<ChaosRunResult> {
  const { emulator, tasks, forceEvery, signed } = options;
  const census = await startCallbackCensus(tasks);
  const prompts = new Map<string, number>();
  const items = Array.from({ length: tasks }, (_, index) => {
    const forced = index % forceEvery === 3 ? FORCED_FAIL_CODE : undefined;
    const prompt = `chaos task ${index}${forced ? ` [fail:${forced}]` : ""}`;
    prompts.set(prompt, index);
    return { index, prompt, forced, format: index % 4 === 0 ? "jpeg" : "png" } as const;
  });
  const recorder = createSubmitRecorder((prompt) => prompts.get(prompt));
  const apixo = createApixo({
    ...options.client,
    apiKey: API_KEY,
    baseUrl: emulator.url,
    fetch: recorder.fetch,
  });
  const reported = new Map<string, number>();
  const handler = createCallbackHandler({
    secret: SECRET,
    apixo,
    onTask: (task) => void reported.set(task.taskId, (reported.get(task.taskId) ?? 0) + 1),
    onError: () => {}, // a status re-read that lost to a fault: polling is the fallback
  });
  census.setSignedHandler(handler);

  try {
    const results = await settleAll(items, options.concurrency, async (item) => {
      const isSigned = item.index < signed;
      const base = census.urlFor(item.index);
      const callbackUrl = isSigned
        ? await createCallbackUrl(base, { secret: SECRET, model: CHAOS_MODEL })
        : base;
      return apixo.run(
        CHAOS_MODEL,
        { mode: "text-to-image", prompt: item.prompt, output_format: item.format },
        {
          callbackUrl,
          callback: isSigned ? handler.receiver : undefined,
          timeoutMs: options.timeoutMs,
        },
      );
    });

    // Orphans (submits whose answer was lost) run on: wait until every task has ended and its
    // callback has been delivered, so the census is complete.
    for (let i = 0; i < 600 && !quiet(emulator); i++) await sleep(50);
    await handler.idle();
    const stats = emulator.stats();
    const problems = [...census.problems];
    if (!quiet(emulator)) problems.push(`emulator still busy: ${JSON.stringify(stats.tasks)}`);
    if (stats.callbacks.failed > 0)
      problems.push(`${stats.callbacks.failed} callbacks undelivered`);
    // Every task the emulator holds reported for an item: none escaped the census.
    if (census.taskCount() !== stats.tasks.total)
      problems.push(`census ${census.taskCount()} tasks, emulator ${stats.tasks.total}`);

    const censusByItem = items.map((item) => census.tasksOf(item.index));
    const taskIds = censusByItem.flatMap((tasksOfItem) => tasksOfItem.map((task) => task.taskId));
    const read = await readEmulatorTasks(emulator.url, CHAOS_MODEL, taskIds, API_KEY);
    for (const item of items) {
      problems.push(
        ...judgeItem({
          index: item.index,
          forcedFailCode: item.forced,
          settlement: results[item.index] as PromiseSettledResult<Task>,
          attempts: recorder.attemptsOf(item.index),
          census: censusByItem[item.index] ?? [],
          emulator: read,
        }),
      );
    }
    const mayExist = results.filter(
      (r) => r.status === "rejected" && (r.reason as { taskMayExist?: boolean }).taskMayExist,
    ).length;
    return { results, problems, census, reported, mayExist };
  } finally {
    await census.close();
  }
}

function quiet(emulator: RunningEmulator): boolean {
  const { tasks, callbacks } = emulator.stats();
  return tasks.pending + tasks.processing === 0 && callbacks.pending === 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
