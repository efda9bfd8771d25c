// The emulator has no task listing (stats() only counts), so the chaos suite maps tasks to items
// through the one thing the emulator itself reports per task: its callback. Every item submits
// with a callback URL carrying `?item=<index>`, so every task the emulator creates, including the
// orphans whose submit answer was lost, POSTs its final statusTask envelope to an URL that names
// its item. Signed URLs (createCallbackUrl keeps the query) are also handed to the webhook handler.
import { createServer, type IncomingMessage, type Server } from "node:http";

/** A task as the emulator reported it in a callback. */
export interface CensusTask {
  taskId: string;
  state: string;
  resultUrls: string[];
  failCode: string | undefined;
}

/** A fetch-style handler for the signed callbacks (the webhook toolkit's `createCallbackHandler`). */
export type SignedCallbackHandler = (request: Request) => Promise<Response>;

/** A callback server that records which tasks reported for which item. */
export interface CallbackCensus {
  /** `http://127.0.0.1:<port>/webhooks/apixo?item=<index>`: the base of the item's callback URL. */
  urlFor(item: number): string;
  /** The distinct tasks that reported for `item`, in order of first report. */
  tasksOf(item: number): CensusTask[];
  /** Distinct task ids over all items. */
  taskCount(): number;
  /** Callbacks that named no item, named an unknown one, or contradicted an earlier report. */
  readonly problems: string[];
  /** Sets the handler that signed callbacks are passed on to (after being recorded). */
  setSignedHandler(handler: SignedCallbackHandler): void;
  close(): Promise<void>;
}

/** Starts the census on a free port of 127.0.0.1, for items `0 .. items - 1`. */
export async function startCallbackCensus(items: number): Promise<CallbackCensus> {
  const byItem = new Map<number, Map<string, CensusTask>>();
  const itemOfTask = new Map<string, number>(); // taskId → item
  const problems: string[] = [];
  let signed: SignedCallbackHandler | undefined;

  const record = (target: URL, body: string) => {
    const item = Number(target.searchParams.get("item") ?? Number.NaN);
    const data = parseEnvelope(body);
    if (!Number.isInteger(item) || item < 0 || item >= items || !data) {
      problems.push(`callback for no known item: ${target.search} ${body.slice(0, 200)}`);
      return;
    }
    const earlierItem = itemOfTask.get(data.taskId);
    if (earlierItem !== undefined && earlierItem !== item)
      problems.push(`task ${data.taskId} reported for items ${earlierItem} and ${item}`);
    itemOfTask.set(data.taskId, item);
    const tasks = byItem.get(item) ?? new Map<string, CensusTask>();
    byItem.set(item, tasks);
    const earlier = tasks.get(data.taskId);
    if (earlier && JSON.stringify(earlier) !== JSON.stringify(data))
      problems.push(`task ${data.taskId} reported twice, differently`);
    tasks.set(data.taskId, earlier ?? data);
  };

  const server: Server = createServer((request, response) => {
    void answer(request).then(
      ({ status, body }) => response.writeHead(status).end(body),
      () => response.writeHead(500).end(),
    );
  });
  const answer = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const target = new URL(request.url ?? "/", "http://localhost");
    record(target, body);
    if (!target.searchParams.has("apixo_sig") || !signed) return { status: 200, body: "" };
    const headers = { "content-type": String(request.headers["content-type"] ?? "") };
    const forwarded = await signed(new Request(target, { method: "POST", headers, body }));
    return { status: forwarded.status, body: await forwarded.text() };
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    urlFor: (item) => `http://127.0.0.1:${port}/webhooks/apixo?item=${item}`,
    tasksOf: (item) => [...(byItem.get(item)?.values() ?? [])],
    taskCount: () => itemOfTask.size,
    problems,
    setSignedHandler: (handler) => {
      signed = handler;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The task in a statusTask envelope (`resultJson` is a JSON string), or undefined. */
export function parseEnvelope(body: string): CensusTask | undefined {
  try {
    const data = JSON.parse(body)?.data;
    if (typeof data?.taskId !== "string" || typeof data.state !== "string") return undefined;
    const resultUrls = data.resultJson ? JSON.parse(data.resultJson).resultUrls : [];
    return {
      taskId: data.taskId,
      state: data.state,
      resultUrls: Array.isArray(resultUrls) ? resultUrls.map(String) : [],
      failCode: typeof data.failCode === "string" ? data.failCode : undefined,
    };
  } catch {
    return undefined;
  }
}
