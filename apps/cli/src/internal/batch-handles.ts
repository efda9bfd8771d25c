import { randomUUID } from "node:crypto";
import { appendFile, readFile, rename, rm, writeFile } from "node:fs/promises";
import type { TaskHandle } from "@apixo-ts/client";
import type { BatchLine } from "./batch-file.js";
import { isCurrentLineHash } from "./line-hash.js";

/**
 * The resume record of a batch: `<file.jsonl>.handles.jsonl`, one `{ index, line, model, taskId,
 * hash }` per submitted task, appended before its wait starts. Run the same batch again and these
 * tasks are waited for instead of being submitted (and billed) twice. It is removed only once
 * every task of the batch ended for good (succeeded and saved, or failed) and no record is left
 * that matches no line of the file (see {@link ResumePlan.unmatched}).
 */
export function batchHandlesPath(batchFile: string): string {
  return `${batchFile}.handles.jsonl`;
}

/** One line of the handles file. */
export interface HandleRecord {
  /** 0-based item index in the batch file's tasks. */
  index: number;
  /** 1-based line number, for messages. */
  line: number;
  model: string;
  taskId: string;
  /** The {@link BatchLine.hash} of the line the task was submitted for. */
  hash?: string;
}

/** What an earlier run left to resume. */
export interface ResumePlan {
  /** Handles to wait for instead of submitting, by item index. */
  handles: Record<number, TaskHandle>;
  /** Lines edited since their task was submitted: they are submitted again. */
  edited: { line: number; taskId: string }[];
  /**
   * Records that match no line of the file (lines removed, for now): carried over into the
   * rewritten handles file, so restoring such a line resumes its task instead of billing it again.
   */
  unmatched: HandleRecord[];
  /**
   * Records of an earlier development build (a line hash without `"provider"`, or none): never
   * matched, since they cannot tell a changed provider; their lines are submitted again.
   */
  outdated: number;
  /** Unreadable lines of the handles file (a torn last write). */
  torn: number;
}

/** A plan with nothing to resume. */
export const emptyResumePlan = (): ResumePlan => ({
  handles: {},
  edited: [],
  unmatched: [],
  outdated: 0,
  torn: 0,
});

function parseRecord(raw: string): HandleRecord | undefined {
  let entry: Partial<Record<keyof HandleRecord, unknown>>;
  try {
    entry = JSON.parse(raw);
  } catch {
    return undefined; // a torn last write: that task's handle is also in the journal
  }
  const { index, line, model, taskId, hash } = entry ?? {};
  if (
    typeof index !== "number" ||
    typeof line !== "number" ||
    typeof model !== "string" ||
    typeof taskId !== "string" ||
    (hash !== undefined && typeof hash !== "string")
  ) {
    return undefined;
  }
  return { index, line, model, taskId, ...(hash !== undefined ? { hash } : {}) };
}

/**
 * Matches the handles of an earlier run to the lines of the file. A record resumes the line whose
 * hash (model, input and provider) it carries — at its own index, or elsewhere when lines were
 * inserted or removed — and never a line that changed: an edited line gets a new task, not the old
 * output. Newer records win. Every other record is kept in {@link ResumePlan.unmatched}: a task
 * is never silently forgotten.
 */
export function planResume(
  records: readonly HandleRecord[],
  lines: readonly BatchLine[],
): ResumePlan {
  const handles: Record<number, TaskHandle> = {};
  const claim = (index: number, record: HandleRecord): void => {
    handles[index] = { model: record.model, taskId: record.taskId };
  };
  const current = records.filter((record) => isCurrentLineHash(record.hash));
  const pending: HandleRecord[] = [];
  for (const record of [...current].reverse()) {
    if (lines[record.index]?.hash === record.hash && !(record.index in handles))
      claim(record.index, record);
    else pending.push(record);
  }
  const leftover: HandleRecord[] = [];
  for (const record of pending) {
    const moved = lines.findIndex(
      (item, index) => item.hash === record.hash && !(index in handles),
    );
    if (moved !== -1) claim(moved, record);
    else leftover.push(record);
  }
  const edited = new Map<number, { line: number; taskId: string }>();
  const unmatched: HandleRecord[] = [];
  for (const record of leftover) {
    const item = lines[record.index];
    // The newest record of a line that now reads differently: that line was edited.
    if (item && !(record.index in handles) && !edited.has(record.index))
      edited.set(record.index, { line: item.line, taskId: record.taskId });
    // Its line is gone (or another line took its place): kept, in case the line comes back.
    else unmatched.push(record);
  }
  return {
    handles,
    edited: [...edited.values()],
    unmatched: unmatched.reverse(),
    outdated: records.length - current.length,
    torn: 0,
  };
}

/** Reads the handles file of an earlier run (none: nothing to resume) and plans the resume. */
export async function readBatchHandles(
  path: string,
  lines: readonly BatchLine[],
): Promise<ResumePlan> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyResumePlan();
    throw error;
  }
  const records: HandleRecord[] = [];
  let torn = 0;
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    const record = parseRecord(raw);
    if (record) records.push(record);
    else torn++;
  }
  return { ...planResume(records, lines), torn };
}

const recordLine = (record: HandleRecord): string => `${JSON.stringify(record)}\n`;

/** Records one submitted task (a single append, so concurrent submits never interleave). */
export async function appendBatchHandle(path: string, record: HandleRecord): Promise<void> {
  await appendFile(path, recordLine(record), { encoding: "utf8", mode: 0o600 });
}

/**
 * Replaces the handles file with `records` (the tasks of this run, and the records carried over
 * from earlier runs), through a temporary file and
 * a rename, so a crash leaves either the old file or the new one, never half of it.
 */
export async function writeBatchHandles(
  path: string,
  records: readonly HandleRecord[],
): Promise<void> {
  const temporary = `${path}.${randomUUID().slice(0, 8)}.tmp`;
  await writeFile(temporary, records.map(recordLine).join(""), { encoding: "utf8", mode: 0o600 });
  await rename(temporary, path);
}

/** Forgets the resume record once every task of the batch ended for good. */
export async function clearBatchHandles(path: string): Promise<void> {
  await rm(path, { force: true });
}
