// The per-item judgement of a chaos run: each run()'s outcome against what the emulator answered
// its submits (the recorder) and the tasks the emulator created for it (the census, confirmed by
// direct status reads).
import {
  ApiError,
  ApixoError,
  ConnectionError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  type Task,
  TaskFailedError,
} from "@apixo-ts/client";
import { type CensusTask, parseEnvelope } from "./callback-census.js";
import type { SubmitAttempt } from "./submit-recorder.js";

/** One chaos item and everything observed about it. */
export interface ItemEvidence {
  index: number;
  /** The prompt asks the emulator to fail the task with this code (`[fail:CODE]`). */
  forcedFailCode: string | undefined;
  settlement: PromiseSettledResult<Task>;
  attempts: SubmitAttempt[];
  /** The tasks that reported for this item. */
  census: CensusTask[];
  /** The emulator's statusTask answer per task id, read directly after the run. */
  emulator: ReadonlyMap<string, CensusTask>;
}

/** Answers that the emulator gives before a task exists (its fault table): no task was created. */
const REFUSED = new Set([429, 503]);
/** Answers that the emulator gives after creating the task: 200, or a 500/502 fault. */
const AFTER_CREATION = new Set([200, 500, 502]);

/** The problems found with one item; empty when its outcome is exactly right. */
export function judgeItem(evidence: ItemEvidence): string[] {
  const { index, forcedFailCode, settlement, attempts, census, emulator } = evidence;
  const problems: string[] = [];
  const say = (message: string) => problems.push(`#${index}: ${message}`);

  const creating = attempts.filter(
    (a) => a.kind === "dropped" || (a.kind === "answer" && AFTER_CREATION.has(a.status)),
  );
  const unexplained = attempts.filter(
    (a) => a.kind === "answer" && !REFUSED.has(a.status) && !AFTER_CREATION.has(a.status),
  );
  if (unexplained.length > 0) say(`unexpected submit answers ${JSON.stringify(unexplained)}`);
  if (creating.length > 1) say(`submit resent after it may have created a task`);
  // The census must hold exactly the tasks the submits created: no lost task, no extra one.
  if (census.length !== creating.length)
    say(`${creating.length} creating submit(s) but ${census.length} task(s) reported`);
  for (const task of census) {
    const read = emulator.get(task.taskId);
    if (!read || JSON.stringify(read) !== JSON.stringify(task))
      say(`callback ${JSON.stringify(task)} but statusTask says ${JSON.stringify(read)}`);
    if (forcedFailCode && (task.state !== "failed" || task.failCode !== forcedFailCode))
      say(`forced [fail:${forcedFailCode}] but the emulator has ${JSON.stringify(task)}`);
  }
  const [task] = census;
  const last = attempts.at(-1);

  if (settlement.status === "fulfilled") {
    const value = settlement.value;
    if (task?.taskId !== value.taskId || task.state !== "success")
      say(`run() resolved ${value.taskId} but the emulator has ${JSON.stringify(task)}`);
    else if (last?.kind !== "answer" || last.taskId !== value.taskId)
      say(`run() resolved ${value.taskId}, a task its submit never returned`);
    else if (JSON.stringify(value.resultUrls) !== JSON.stringify(task.resultUrls))
      say(`result URLs ${value.resultUrls} differ from the emulator's ${task.resultUrls}`);
    return problems;
  }

  const error = settlement.reason;
  if (TaskFailedError.isInstance(error)) {
    if (
      task?.taskId !== error.taskId ||
      task.state !== "failed" ||
      task.failCode !== error.failCode
    )
      say(`TaskFailedError ${error.taskId} ${error.failCode} vs ${JSON.stringify(task)}`);
    if (last?.kind !== "answer" || last.taskId !== error.taskId)
      say(`TaskFailedError for a task the submit never returned`);
    return problems;
  }
  const expected = expectedSubmitError(last);
  if (!expected)
    say(`rejected after submit attempts ${JSON.stringify(attempts)}: ${describe(error)}`);
  else if (!expected.matches(error)) say(`expected ${expected.name}, got ${describe(error)}`);
  else if (!ApixoError.isInstance(error) || error.taskMayExist !== expected.taskMayExist)
    say(`${describe(error)}: taskMayExist should be ${expected.taskMayExist}`);
  return problems;
}

/** The error run() must throw when its last submit attempt got `last`, if that can end a run. */
function expectedSubmitError(
  last: SubmitAttempt | undefined,
): { name: string; matches: (error: unknown) => boolean; taskMayExist: boolean } | undefined {
  if (!last) return undefined;
  if (last.kind === "dropped")
    return {
      name: "ConnectionError",
      matches: (e) => ConnectionError.isInstance(e),
      taskMayExist: true,
    };
  const status = last.status;
  const api = (error: unknown) => ApiError.isInstance(error) && error.status === status;
  if (status === 500 || status === 502)
    return {
      name: `ServerError ${status}`,
      matches: (e) => ServerError.isInstance(e) && api(e),
      taskMayExist: true,
    };
  // A 200 whose body was cut off: the task exists, but the answer never said which.
  if (status === 200 && last.taskId === undefined)
    return { name: "ApiError 200", matches: api, taskMayExist: true };
  if (status === 429)
    return {
      name: "RateLimitError",
      matches: (e) => RateLimitError.isInstance(e),
      taskMayExist: false,
    };
  if (status === 503)
    return {
      name: "ServiceUnavailableError",
      matches: (e) => ServiceUnavailableError.isInstance(e),
      taskMayExist: false,
    };
  return undefined;
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; taskMayExist?: boolean } | undefined;
  return `${e?.name}: ${e?.message} (taskMayExist: ${e?.taskMayExist})`;
}

/**
 * Reads each task with a bare statusTask GET, resent until a whole envelope arrives (the
 * emulator's faults hit these reads too): the emulator's own view, independent of the client.
 */
export async function readEmulatorTasks(
  url: string,
  model: string,
  taskIds: readonly string[],
  apiKey: string,
): Promise<Map<string, CensusTask>> {
  const tasks = new Map<string, CensusTask>();
  const queue = [...taskIds];
  const worker = async () => {
    for (let taskId = queue.pop(); taskId !== undefined; taskId = queue.pop()) {
      for (let attempt = 0; attempt < 100 && !tasks.has(taskId); attempt++) {
        const answer = await fetch(`${url}/api/v1/statusTask/${model}?taskId=${taskId}`, {
          headers: { authorization: `Bearer ${apiKey}` },
        })
          .then((response) => (response.status === 200 ? response.text() : ""))
          .catch(() => ""); // dropped, or cut off mid-body: read again
        const task = parseEnvelope(answer);
        if (task) tasks.set(taskId, task);
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return tasks;
}
