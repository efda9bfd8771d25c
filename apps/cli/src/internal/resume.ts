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
}

/** The exact command that resumes waiting for a task: `apixo wait <model> <taskId> ...`. */
export function resumeCommand(target: ResumeTarget): string {
  const parts = ["apixo", "wait", target.model, target.taskId];
  if (target.baseUrl) parts.push("--base-url", target.baseUrl);
  if (target.save) parts.push("--save", target.save);
  if (target.journal) parts.push("--journal", target.journal);
  return parts.map(shellQuote).join(" ");
}
