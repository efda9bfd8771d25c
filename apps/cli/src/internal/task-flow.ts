import { relative, resolve } from "node:path";
import type { Task, TaskHandle } from "@apixo-ts/client";
import type { CommandContext } from "./command.js";
import type { ModelInfo } from "./contract.js";
import { formatDuration } from "./duration.js";
import { ExitCode } from "./exit-codes.js";
import { type ErrorReport, exitForError } from "./exit-for-error.js";
import { failureText } from "./failure-text.js";
import { type Journal, stateEntry } from "./journal.js";
import { createDownloadProgress, createProgress } from "./progress.js";
import { type ResumeTarget, resumeCommand } from "./resume.js";
import { DEFAULT_BASE_URL, type Session } from "./session.js";

/** How to follow a submitted task. */
export interface FollowOptions {
  /** `--save` as given: download every output into this directory. */
  save?: string;
  /** `--timeout`: the wait deadline, overriding the model's profile. */
  timeoutMs?: number;
  /** `--journal` as given, repeated in the resume command. */
  journalOption?: string;
}

function stateOf(event: unknown): string | undefined {
  if (typeof event === "string") return event;
  if (typeof event !== "object" || event === null) return undefined;
  const record = event as { state?: unknown; task?: { state?: unknown } };
  if (typeof record.state === "string") return record.state;
  if (typeof record.task?.state === "string") return record.task.state;
  return undefined;
}

/**
 * The client's messages for a passed deadline or an abort speak to library users
 * (`apixo.wait(...)`); on the command line, the resume command printed below says it better.
 */
function withCliMessage(
  report: ErrorReport,
  handle: TaskHandle,
  elapsedMs: number,
  error: unknown,
): ErrorReport {
  const task = `${handle.model} ${handle.taskId}`;
  if (report.exitCode === ExitCode.taskFailed) {
    const advice = ADVICE[String((error as { category?: unknown }).category)];
    return {
      ...report,
      message: `${task} failed: ${failureText(error)}`,
      hints: advice ? [advice, ...report.hints] : report.hints,
    };
  }
  if (report.exitCode === ExitCode.timeout) {
    return {
      ...report,
      message: `stopped waiting for ${task} after ${formatDuration(elapsedMs)} (the wait deadline)`,
    };
  }
  if (report.exitCode === ExitCode.interrupted) {
    return { ...report, message: `interrupted while waiting for ${task}` };
  }
  return report;
}

/** What to do about a failed task, by the client's `TaskFailedError.category`. */
const ADVICE: Record<string, string> = {
  content: "the content was refused: change it, resending it as is fails again",
  input: "the input was refused: fix it (apixo models <model> lists the fields)",
  transient: "a transient failure: running it again may succeed",
  billing: "top up the balance of this key (apixo balance), then run it again",
};

/** Shows a saved path relative to the working directory when it lies inside it. */
function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown.startsWith("..") || shown === "" ? path : shown;
}

/**
 * Waits for a submitted task with progress on stderr, downloads its outputs with `--save`, keeps
 * the journal up to date, and prints the outcome (one JSON document with `--json`). Every way
 * out after the submit — failure, deadline, Ctrl-C, network error — names the task and, while it
 * may still finish, prints the command that resumes it. Returns the exit code.
 */
export async function followTask(
  context: CommandContext,
  session: Session,
  journal: Journal,
  handle: TaskHandle,
  model: ModelInfo | undefined,
  options: FollowOptions,
): Promise<number> {
  const { io, output } = context;
  const started = Date.now();
  const scale = session.timeScale;
  const progress = createProgress(output, {
    model: handle.model,
    taskId: handle.taskId,
    ...(model
      ? { expectedMs: { min: model.durationMs.min * scale, max: model.durationMs.max * scale } }
      : {}),
  });
  const emulatorInfo = session.emulator ? { emulator: session.emulator } : {};
  const target: ResumeTarget = {
    ...handle,
    ...(session.baseUrl !== DEFAULT_BASE_URL ? { baseUrl: session.baseUrl } : {}),
    ...(options.save ? { save: options.save } : {}),
    ...(options.journalOption ? { journal: options.journalOption } : {}),
    timeScale: session.timeScale,
  };
  let lastState = "submitted";
  let task: Task | undefined;
  let saved: string[] = [];
  try {
    task = await session.apixo.wait(handle, {
      ...session.pollFor(model),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (event: unknown) => {
        const state = stateOf(event);
        if (state) {
          lastState = state;
          progress.update(state);
        }
      },
    });
    progress.stop();
    await journal.append(
      stateEntry(handle, {
        state: task.state,
        resultUrls: task.resultUrls,
      }),
    );
    if (options.save) {
      const directory = resolve(io.cwd, options.save);
      output.info(
        output.style.dim(
          `downloading ${task.resultUrls.length} output(s) to ${displayPath(directory, io.cwd)}`,
        ),
      );
      const { saveOutputs } = await import("./save-outputs.js");
      const download = createDownloadProgress(output);
      try {
        saved = await saveOutputs(task, directory, {
          ...(io.signal ? { signal: io.signal } : {}),
          onProgress: download.onProgress,
        });
      } finally {
        download.stop();
      }
      await journal.append(
        stateEntry(handle, {
          state: task.state,
          saved,
        }),
      );
    }
  } catch (error) {
    progress.stop();
    const report = withCliMessage(exitForError(error), handle, Date.now() - started, error);
    const failed = report.exitCode === ExitCode.taskFailed;
    const failure = error as { failCode?: string; failMsg?: string };
    // A 404 means the API does not know the task: recording a state for it would list a task
    // that never existed in `apixo tasks` (and mislead later hints about where it lives).
    const unknownTask = report.type === "NotFoundError";
    if (!unknownTask) {
      await journal.append(
        stateEntry(handle, {
          state: failed ? "failed" : (task?.state ?? lastState),
          ...(failed && failure.failCode ? { failCode: failure.failCode } : {}),
          ...(failed && failure.failMsg ? { failMsg: failure.failMsg } : {}),
        }),
      );
    }
    const hints = [...report.hints];
    // A 404 means the API does not know the task (wrong id or model, or expired): nothing to resume.
    const resumable = !failed && !unknownTask;
    const downloadLeft = task?.state === "success";
    const resume =
      resumable && !session.emulator
        ? resumeCommand(target, downloadLeft ? "download" : "wait")
        : undefined;
    if (resume) {
      hints.push(
        downloadLeft
          ? `the task succeeded; download again with: ${resume}`
          : `the task goes on; resume with: ${resume}`,
      );
    }
    if (resumable && session.emulator)
      hints.push("the task ran on the in-process emulator, which stopped with this command");
    output.error(report.message, hints);
    output.json({
      ok: false,
      handle,
      ...(task ? { task } : {}),
      ...(saved.length > 0 ? { saved } : {}),
      error: { type: report.type, message: report.message, exitCode: report.exitCode },
      ...(resume ? { resume } : {}),
      ...emulatorInfo,
    });
    return report.exitCode;
  }
  const elapsed = formatDuration(Date.now() - started);
  output.info(
    `${output.style.green("✓")} ${handle.model} ${handle.taskId} succeeded in ${elapsed}` +
      (saved.length > 0 ? `; saved ${saved.length} file(s):` : ""),
  );
  for (const line of saved.length > 0
    ? saved.map((path) => displayPath(path, io.cwd))
    : task.resultUrls) {
    output.result(line);
  }
  output.json({ ok: true, handle, task, saved, ...emulatorInfo });
  return ExitCode.ok;
}
