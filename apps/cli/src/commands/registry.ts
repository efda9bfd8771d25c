import type { CommandEntry } from "../internal/command.js";

const inputFlags = {
  input: {
    arity: "value",
    value: "JSON",
    help: "the whole input as JSON: '{...}', @file.json, or - to read stdin",
  },
  provider: { arity: "value", value: "NAME", help: "routing: auto, value or official" },
} as const;

const waitFlags = {
  save: {
    arity: "value",
    value: "DIR",
    help: "download every output into DIR as <taskId>-<n>.<ext>",
  },
  timeout: {
    arity: "value",
    value: "DURATION",
    help: "wait deadline (90s, 10m, 1h); default: the model's profile",
  },
} as const;

/**
 * Every command, in help order. Each module is imported only when its command runs, so that
 * `apixo --version` loads neither the client, the emulator nor ajv.
 */
export const commands: readonly CommandEntry[] = [
  {
    name: "run",
    usage: "apixo run <model> [input flags] [--save DIR]",
    summary: "submit a task, wait for it with progress, and optionally download its outputs",
    flags: { ...inputFlags, ...waitFlags },
    details:
      "Input flags come from the model: see `apixo models <model>` or `apixo run <model> --help`.",
    load: () => import("./run.js"),
  },
  {
    name: "submit",
    usage: "apixo submit <model> [input flags]",
    summary: "submit a task, print its handle and exit",
    flags: {
      ...inputFlags,
      "callback-url": {
        arity: "value",
        value: "URL",
        help: "APIXO posts the result here when the task ends",
      },
    },
    load: () => import("./submit.js"),
  },
  {
    name: "status",
    usage: "apixo status <model> <taskId>",
    summary: "show the current state of a task",
    flags: {},
    load: () => import("./status.js"),
  },
  {
    name: "wait",
    usage: "apixo wait <model> <taskId> [--save DIR]",
    summary: "wait for a submitted task (resumes an interrupted run)",
    flags: { ...waitFlags },
    load: () => import("./wait.js"),
  },
  {
    name: "download",
    usage: "apixo download <model> <taskId> --save DIR",
    summary: "download the outputs of a finished task",
    flags: { save: waitFlags.save },
    load: () => import("./download.js"),
  },
  {
    name: "batch",
    usage: "apixo batch <file.jsonl> [--concurrency N] [--save DIR] [--timeout DURATION]",
    summary: "run every task of a JSONL file (one {model, input} per line); resumable",
    flags: {
      concurrency: {
        arity: "value",
        value: "N",
        help: "tasks in flight at once (default 4); the submit rate slows down on 429",
      },
      save: waitFlags.save,
      timeout: waitFlags.timeout,
    },
    details:
      'Each line: {"model": "nano-banana", "input": {...}}, checked against the model before any\nrequest. Interrupted, timed out or a download failed? Run the same command again: submitted\ntasks are waited for (and downloaded), not resent; an edited line is submitted again.',
    load: () => import("./batch.js"),
  },
  {
    name: "tasks",
    usage: "apixo tasks [--limit N]",
    summary: "recent tasks from the local journal, with their last known state",
    flags: { limit: { arity: "value", value: "N", help: "how many tasks to show (default 20)" } },
    load: () => import("./tasks.js"),
  },
  {
    name: "balance",
    usage: "apixo balance",
    summary: "the remaining balance of the API key, in USD",
    flags: {},
    load: () => import("./balance.js"),
  },
  {
    name: "models",
    usage: "apixo models [<model>]",
    summary: "the models of the contract, or every input field of one model",
    flags: {},
    load: () => import("./models.js"),
  },
  {
    name: "emulator",
    usage: "apixo emulator [--port 4010] [--time-scale 1] [--seed N]",
    summary: "run the local APIXO emulator in the foreground",
    flags: {
      port: {
        arity: "value",
        value: "PORT",
        help: "port to listen on (default 4010; 0 picks a free one)",
      },
      host: { arity: "value", value: "HOST", help: "interface to bind (default 127.0.0.1)" },
      seed: { arity: "value", value: "N", help: "seed for durations, outputs and faults" },
      "balance-usd": { arity: "value", value: "USD", help: "starting balance of every key" },
      "api-keys": {
        arity: "value",
        value: "KEYS",
        help: "comma-separated keys to accept (default: any key)",
      },
    },
    load: () => import("./emulator.js"),
  },
];

/** The entry of a command name, if it exists. */
export function findCommand(name: string): CommandEntry | undefined {
  return commands.find((command) => command.name === name);
}
