// Sees every submit attempt on the wire, below the client: what the emulator actually answered
// (or that the connection died), per item. The chaos suite checks each run's error against it.

/** What one submit attempt got back. */
export type SubmitAttempt =
  /** No answer: the connection was dropped before or during the response. */
  | { kind: "dropped" }
  /** An answer; `taskId` when its body was the envelope of a created task. */
  | { kind: "answer"; status: number; taskId: string | undefined };

/** A `fetch` for the client that records submit attempts per item, and changes nothing. */
export interface SubmitRecorder {
  fetch: typeof fetch;
  attemptsOf(item: number): SubmitAttempt[];
}

/** Records POSTs whose `input.prompt` maps to an item through `itemOf`. */
export function createSubmitRecorder(
  itemOf: (prompt: string) => number | undefined,
): SubmitRecorder {
  const attempts = new Map<number, SubmitAttempt[]>();
  const push = (item: number | undefined, attempt: SubmitAttempt) => {
    if (item === undefined) return;
    attempts.set(item, [...(attempts.get(item) ?? []), attempt]);
  };
  const recordingFetch: typeof fetch = async (input, init) => {
    const item = init?.method === "POST" ? submittedItem(init.body, itemOf) : undefined;
    if (item === undefined) return fetch(input, init);
    let response: Response;
    let text: string;
    try {
      response = await fetch(input, init);
      text = await response.text();
    } catch (error) {
      push(item, { kind: "dropped" });
      throw error;
    }
    push(item, { kind: "answer", status: response.status, taskId: createdTaskId(text) });
    // The body was consumed here: hand the client an identical response.
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return { fetch: recordingFetch, attemptsOf: (item) => attempts.get(item) ?? [] };
}

function submittedItem(
  body: unknown,
  itemOf: (prompt: string) => number | undefined,
): number | undefined {
  if (typeof body !== "string") return undefined;
  try {
    const prompt = JSON.parse(body)?.input?.prompt;
    return typeof prompt === "string" ? itemOf(prompt) : undefined;
  } catch {
    return undefined;
  }
}

function createdTaskId(text: string): string | undefined {
  try {
    const envelope = JSON.parse(text);
    const taskId = envelope?.code === 200 ? envelope.data?.taskId : undefined;
    return typeof taskId === "string" ? taskId : undefined;
  } catch {
    return undefined;
  }
}
