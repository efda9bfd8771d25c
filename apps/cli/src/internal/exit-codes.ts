/** The exit codes of `apixo`, stable for scripts. */
export const ExitCode = {
  /** The command did what it was asked. */
  ok: 0,
  /** The task ran and failed (its failCode and message are shown). */
  taskFailed: 1,
  /** Bad usage or bad input; nothing was sent. */
  usage: 2,
  /** The API, authentication or the network failed (or a local file could not be read or written). */
  api: 3,
  /** The wait deadline passed; the task goes on and the resume command is printed. */
  timeout: 4,
  /** A bug in apixo itself (an unexpected internal error); the message asks for a report. */
  internal: 70,
  /** Interrupted (Ctrl-C); the resume command is printed. */
  interrupted: 130,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
