/** Quotes an argument for a POSIX shell, only when it needs it. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** Where a task lives and how the interrupted command went on, to rebuild a resume command. */
export interface ResumeTarget {
  model: string;
  taskId: string;
  /** Named when it is not the default API. */
  baseUrl?: string;
  /** The `--save` directory as the user wrote it. */
  save?: string;
  /** The `--journal` file as the user wrote it. */
  journal?: string;
  /** `--time-scale`, when the API's clock is not real time (an emulator started elsewhere). */
  timeScale?: number;
}

/**
 * The exact command that resumes a task: `apixo wait <model> <taskId> ...` while it may still be
 * running, `apixo download ...` when only the download is left to do.
 */
export function resumeCommand(target: ResumeTarget, command: "wait" | "download" = "wait"): string {
  const parts = ["apixo", command, target.model, target.taskId];
  if (target.baseUrl) parts.push("--base-url", target.baseUrl);
  if (target.save) parts.push("--save", target.save);
  if (target.journal) parts.push("--journal", target.journal);
  if (target.timeScale !== undefined && target.timeScale !== 1) {
    parts.push("--time-scale", String(target.timeScale));
  }
  return parts.map(shellQuote).join(" ");
}
