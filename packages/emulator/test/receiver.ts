import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Answer = number | "hang";

/**
 * A local callback receiver that answers with the scripted statuses (the last one repeats), or
 * with what `script` returns for each body.
 */
export async function startReceiver(script: readonly Answer[] | ((body: string) => Answer)) {
  const bodies: string[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      const step =
        typeof script === "function"
          ? script(bodies.at(-1) as string)
          : script[Math.min(bodies.length - 1, script.length - 1)];
      if (step === "hang") hanging.push(response);
      else response.writeHead(step ?? 200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/apixo`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
