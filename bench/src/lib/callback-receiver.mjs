// A loopback HTTP server that receives APIXO task callbacks and serves them to `wait()` as a
// CallbackSource ({ waitFor(handle, signal) }), recording when each one arrived.
import { createServer } from "node:http";

export async function startCallbackReceiver() {
  const arrived = new Map(); // taskId → { payload, at }
  const waiters = new Map(); // taskId → resolve[]
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      let payload;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return; // a malformed delivery is ignored; polling remains the fallback
      }
      const taskId = payload?.data?.taskId;
      // Only the terminal callback counts (suno sends staged ones first); duplicates are ignored.
      const terminal = payload?.data?.state === "success" || payload?.data?.state === "failed";
      if (typeof taskId !== "string" || !terminal || arrived.has(taskId)) return;
      arrived.set(taskId, { payload, at: Date.now() });
      for (const resolve of waiters.get(taskId) ?? []) resolve(payload);
      waiters.delete(taskId);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/callback`,
    arrived,
    source: {
      waitFor(handle, signal) {
        const hit = arrived.get(handle.taskId);
        if (hit) return Promise.resolve(hit.payload);
        return new Promise((resolve, reject) => {
          const list = waiters.get(handle.taskId) ?? [];
          list.push(resolve);
          waiters.set(handle.taskId, list);
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        });
      },
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
