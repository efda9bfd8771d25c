/** The exit codes of `apixo`, stable for scripts. */
export const ExitCode = {
  /** The command did what it was asked. */
  ok: 0,
  /** The task ran and failed (its failCode and message are shown). */
  taskFailed: 1,
  /** Bad usage or bad input; nothing was sent. */
  usage: 2,
  /** The API, authentication or the network failed. */
  api: 3,
  /** The wait deadline passed; the task goes on and the resume command is printed. */
  timeout: 4,
  /** Interrupted (Ctrl-C); the resume command is printed. */
  interrupted: 130,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
