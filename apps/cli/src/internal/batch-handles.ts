import { appendFile, readFile, rm } from "node:fs/promises";
import type { TaskHandle } from "@apixo-ts/client";
import type { BatchLine } from "./batch-file.js";

/**
 * The resume record of a batch: `<file.jsonl>.handles.jsonl`, one `{ index, line, model, taskId }`
 * per submitted task, appended before its wait starts. Run the same batch again after an
 * interruption and these tasks are waited for instead of being submitted (and billed) twice.
 * It is removed once every task of the batch has settled.
 */
export function batchHandlesPath(batchFile: string): string {
  return `${batchFile}.handles.jsonl`;
}

/** Handles recorded by an earlier run, by item index; entries that no longer match the file are skipped. */
export async function readBatchHandles(
  path: string,
  lines: readonly BatchLine[],
): Promise<{ handles: Record<number, TaskHandle>; skipped: number }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { handles: {}, skipped: 0 };
    throw error;
  }
  const handles: Record<number, TaskHandle> = {};
  let skipped = 0;
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    let entry: { index?: unknown; line?: unknown; model?: unknown; taskId?: unknown };
    try {
      entry = JSON.parse(raw);
    } catch {
      skipped++; // a torn last write: that task's handle is also in the journal
      continue;
    }
    const { index, line, model, taskId } = entry;
    const item = typeof index === "number" ? lines[index] : undefined;
    if (!item || item.line !== line || item.modelId !== model || typeof taskId !== "string") {
      skipped++; // the batch file changed since: do not wait on a task for another line
      continue;
    }
    handles[index as number] = { model: item.modelId, taskId };
  }
  return { handles, skipped };
}

/** Records one submitted task (a single append, so concurrent submits never interleave). */
export async function appendBatchHandle(
  path: string,
  index: number,
  line: number,
  handle: TaskHandle,
): Promise<void> {
  await appendFile(
    path,
    `${JSON.stringify({ index, line, model: handle.model, taskId: handle.taskId })}\n`,
    {
      encoding: "utf8",
      mode: 0o600,
    },
  );
}

/** Forgets the resume record once the batch has settled. */
export async function clearBatchHandles(path: string): Promise<void> {
  await rm(path, { force: true });
}
