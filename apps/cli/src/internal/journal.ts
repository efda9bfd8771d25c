import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { DEFAULT_BASE_URL, type Session } from "./session.js";

/** A line of the journal: a task was submitted, or its state was observed. */
export type JournalEntry =
  | {
      event: "submitted";
      at: string;
      model: string;
      taskId: string;
      /** The API the task lives on (omitted for the default `https://api.apixo.ai`). */
      baseUrl?: string;
      /** The task ran on an emulator inside the `apixo` process: it ended with that process. */
      emulator?: boolean;
    }
  | {
      event: "state";
      at: string;
      model: string;
      taskId: string;
      state: string;
      failCode?: string;
      failMsg?: string;
      resultUrls?: string[];
      saved?: string[];
    };

/** The fields of a `state` entry besides its stamp and task. */
export type StateFields = Omit<
  Extract<JournalEntry, { event: "state" }>,
  "event" | "at" | "model" | "taskId"
>;

/** A `state` entry for the task `handle`, stamped now. */
export function stateEntry(
  handle: { model: string; taskId: string },
  fields: StateFields,
): JournalEntry {
  const { model, taskId } = handle;
  return { event: "state", at: new Date().toISOString(), model, taskId, ...fields };
}

/**
 * The `submitted` entry of a task, stamped now, naming where it lives: `baseUrl` unless it is the
 * default API, `emulator: true` for the in-process emulator. `apixo tasks`, `wait` and `status`
 * hints rely on these to find the task again.
 */
export function submittedEntry(
  session: Pick<Session, "baseUrl" | "emulator">,
  handle: { model: string; taskId: string },
): JournalEntry {
  return {
    event: "submitted",
    at: new Date().toISOString(),
    model: handle.model,
    taskId: handle.taskId,
    ...(session.baseUrl !== DEFAULT_BASE_URL ? { baseUrl: session.baseUrl } : {}),
    ...(session.emulator ? { emulator: true } : {}),
  };
}

/** A task as the journal last saw it. */
export interface JournaledTask {
  model: string;
  taskId: string;
  submittedAt?: string;
  updatedAt: string;
  state: string;
  baseUrl?: string;
  emulator?: boolean;
  failCode?: string;
  failMsg?: string;
  resultUrls?: string[];
  saved?: string[];
}

/**
 * Where the journal lives: `--journal FILE`, else `$APIXO_STATE_DIR/tasks.jsonl`, else
 * `$XDG_STATE_HOME/apixo/tasks.jsonl`, else `~/.local/state/apixo/tasks.jsonl`.
 */
export function journalPath(
  env: Record<string, string | undefined>,
  cwd: string,
  option?: string,
): string {
  if (option) return resolve(cwd, option);
  if (env.APIXO_STATE_DIR) return join(resolve(cwd, env.APIXO_STATE_DIR), "tasks.jsonl");
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, "apixo", "tasks.jsonl");
  const home = env.HOME ?? env.USERPROFILE ?? cwd;
  return join(home, ".local", "state", "apixo", "tasks.jsonl");
}

/**
 * The local, append-only record of every task this machine submitted. Each entry is one JSON line
 * appended with a single write, so concurrent `apixo` processes do not interleave entries, and a
 * crash loses at most the line being written — never an earlier handle.
 */
export class Journal {
  /**
   * @param onError receives a failed append instead of a throw: a journal that cannot be written
   * (read-only home, full disk) must not turn a submitted task into a failed command.
   */
  constructor(
    readonly path: string,
    private readonly onError?: (error: Error, entry: JournalEntry) => void,
  ) {}

  /** Appends one entry (creating the directory on first use). */
  async append(entry: JournalEntry): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, `${JSON.stringify(entry)}\n`, { encoding: "utf8", mode: 0o600 });
    } catch (error) {
      if (!this.onError) throw error;
      this.onError(error as Error, entry);
    }
  }

  /** Every entry, oldest first; unreadable lines (a torn last write) are skipped. */
  async entries(): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const entries: JournalEntry[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {
        // A torn or hand-edited line: skip it, the other tasks stay readable.
      }
    }
    return entries;
  }

  /** Tasks folded to their last known state, most recently updated first. */
  async tasks(limit = Number.POSITIVE_INFINITY): Promise<JournaledTask[]> {
    const byTask = new Map<string, JournaledTask>();
    for (const entry of await this.entries()) {
      const key = `${entry.model}\u0000${entry.taskId}`;
      const known = byTask.get(key);
      if (entry.event === "submitted") {
        const { event: _event, at, ...rest } = entry;
        byTask.set(key, { state: "submitted", ...known, ...rest, submittedAt: at, updatedAt: at });
      } else {
        const { event: _event, at, ...rest } = entry;
        byTask.set(key, { ...known, ...rest, updatedAt: at });
      }
      // Re-insert so that Map order follows the latest update.
      const value = byTask.get(key) as JournaledTask;
      byTask.delete(key);
      byTask.set(key, value);
    }
    return [...byTask.values()].reverse().slice(0, limit);
  }

  /** The last journaled entry of a task, to resume it against the API it was submitted to. */
  async find(model: string, taskId: string): Promise<JournaledTask | undefined> {
    return (await this.tasks()).find((task) => task.model === model && task.taskId === taskId);
  }
}
