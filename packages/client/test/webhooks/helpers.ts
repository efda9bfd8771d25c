import fc from "fast-check";
import type { Task, TaskHandle } from "../../src/task.js";
import { createCallbackUrl } from "../../src/webhooks/callback-url.js";

export const secret = "test-secret-0123456789abcdef";
export const base = "https://app.example/webhooks/apixo";

/** The statusTask envelope APIXO POSTs, as JSON text. */
export function envelope(data: Record<string, unknown>): string {
  return JSON.stringify({ code: 200, message: "success", data });
}

export const successData = {
  taskId: "task_abc",
  state: "success",
  resultJson: JSON.stringify({ resultUrls: ["https://cdn.apixo.ai/output/abc.jpg"] }),
  createTime: 1_700_000_000_000,
  completeTime: 1_700_000_012_000,
  costTime: 12_000,
};

/** A stand-in for `apixo` that answers `status()` from a table and records every read. */
export function fakeApixo(tasks: Record<string, Partial<Task>>) {
  const reads: TaskHandle[] = [];
  return {
    reads,
    async status(handle: TaskHandle): Promise<Task> {
      reads.push(handle);
      const task = tasks[handle.taskId];
      if (!task) throw new Error(`unknown task ${handle.taskId}`);
      return {
        model: handle.model,
        taskId: handle.taskId,
        state: "pending",
        createTime: 0,
        resultUrls: [],
        ...task,
      };
    },
  };
}

/** A signed callback POST request carrying `body`. */
export async function callbackRequest(
  body: string,
  options: { ref?: string; model?: string; url?: string } = {},
): Promise<Request> {
  const url =
    options.url ??
    (await createCallbackUrl(base, {
      secret,
      ref: options.ref ?? "job-1",
      model: options.model ?? "nano-banana",
    }));
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

/** Cheap random URL paths (fast-check's `webPath` is slow to generate on a busy machine). */
export const pathArbitrary = fc
  .array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 4 })
  .map((segments) => `/${segments.map(encodeURIComponent).join("/")}`);

/** Random absolute URLs with hostile queries, including pieces of the toolkit's own parameters. */
export const urlArbitrary = fc
  .tuple(
    fc.constantFrom("http://127.0.0.1:3000", "https://app.example", "https://xn--e1a.example:8443"),
    pathArbitrary,
    fc.array(
      fc.tuple(
        fc.constantFrom("apixo_ref", "apixo_exp", "apixo_sig", "apixo_model", "x", "%zz"),
        fc.string(),
      ),
      { maxLength: 5 },
    ),
  )
  .map(
    ([origin, path, query]) =>
      `${origin}${path}?${query.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("&")}`,
  );
