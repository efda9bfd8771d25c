import { afterEach, describe, expect, it, vi } from "vitest";
import type { EmulatorOptions, FaultRates } from "../src/index.js";
import {
  inProcess,
  manualClock,
  overHttp,
  resultUrls,
  SEED_BODY,
  waitTerminal,
} from "./helpers.js";

type Api = Awaited<ReturnType<typeof overHttp>>;
let current: Api | undefined;

async function start(options: EmulatorOptions): Promise<Api> {
  current = await overHttp({ timeScale: 0.0005, seed: 11, ...options });
  return current;
}

afterEach(async () => {
  await current?.emulator.close();
  current = undefined;
});

function submitRequest(api: Api) {
  return fetch(`${api.emulator.url}/api/v1/generateTask/nano-banana`, {
    method: "POST",
    headers: { authorization: "Bearer test-key", "content-type": "application/json" },
    body: JSON.stringify(SEED_BODY),
  });
}

const only = (kind: keyof FaultRates): FaultRates => ({ [kind]: 1 });

describe("generateTask faults", () => {
  it.each([
    // retryAfterSeconds is scaled: 2000 s × 0.0005 = 1 s.
    ["rateLimited", 429, "1"],
    ["rateLimitedNoRetryAfter", 429, null],
    ["unavailable", 503, null],
  ] as const)("%s answers %i before creating any task", async (kind, status, retryAfter) => {
    const api = await start({ faults: { generateTask: only(kind), retryAfterSeconds: 2000 } });
    const response = await submitRequest(api);
    expect(response.status).toBe(status);
    expect(response.headers.get("retry-after")).toBe(retryAfter);
    expect(await response.json()).toMatchObject({ code: status });
    expect(api.emulator.stats().tasks.total).toBe(0);
    expect((await api.balance()).body.data).toBe(100);
  });

  it.each([
    ["serverError", 500],
    ["badGateway", 502],
  ] as const)("%s answers %i after the task was created and billed", async (kind, status) => {
    const api = await start({ faults: { generateTask: only(kind) } });
    const response = await submitRequest(api);
    expect(response.status).toBe(status);
    await response.body?.cancel();
    const stats = api.emulator.stats();
    expect(stats.tasks.total).toBe(1);
    expect(stats.submits["nano-banana"]).toBe(1);
    expect(stats.faults[kind]).toBe(1);
    expect((await api.balance()).body.data).toBeLessThan(100);
  });

  it("dropConnection destroys the socket after the task was created", async () => {
    const api = await start({ faults: { generateTask: only("dropConnection") } });
    await expect(submitRequest(api)).rejects.toThrow(/fetch failed/);
    expect(api.emulator.stats().tasks.total).toBe(1);
    expect(api.emulator.stats().responses).toEqual({});
  });

  it("malformedJson answers 200 with an unparseable body after creating the task", async () => {
    const api = await start({ faults: { generateTask: only("malformedJson") } });
    const response = await submitRequest(api);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text.startsWith('{"code":200')).toBe(true);
    expect(api.emulator.stats().tasks.total).toBe(1);
  });

  it("counts a resent identical submit as a duplicate", async () => {
    const api = await start({ faults: { generateTask: { serverError: 1 } } });
    await (await submitRequest(api)).body?.cancel();
    await (await submitRequest(api)).body?.cancel();
    expect(api.emulator.stats().duplicateSubmits).toBe(1);
    expect(api.emulator.stats().tasks.total).toBe(2);
  });
});

describe("statusTask and balance faults", () => {
  it.each([
    ["serverError", 500],
    ["unavailable", 503],
    ["rateLimited", 429],
    ["badGateway", 502],
  ] as const)("statusTask %s answers %i", async (kind, status) => {
    const api = await start({ faults: { statusTask: only(kind) } });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    const response = await fetch(
      `${api.emulator.url}/api/v1/statusTask/nano-banana?taskId=${taskId}`,
      {
        headers: { authorization: "Bearer test-key" },
      },
    );
    expect(response.status).toBe(status);
    if (status === 502) expect(response.headers.get("content-type")).toMatch(/text\/html/);
    else expect(await response.json()).toMatchObject({ code: status });
  });

  it("a flat fault applies to every endpoint unless an endpoint overrides it", async () => {
    const api = await start({ faults: { serverError: 1, generateTask: { serverError: 0 } } });
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
    expect((await api.balance()).status).toBe(500);
  });

  it("balance dropConnection and malformedJson break the answer", async () => {
    const api = await start({ faults: { balance: { dropConnection: 0.5, malformedJson: 0.5 } } });
    const outcomes = new Set<string>();
    for (let index = 0; index < 12; index++) {
      try {
        const response = await fetch(`${api.emulator.url}/api/v1/apikeys/current-balance`, {
          headers: { authorization: "Bearer test-key" },
        });
        JSON.parse(await response.text());
        outcomes.add("parsed");
      } catch (error) {
        outcomes.add(error instanceof SyntaxError ? "malformed" : "dropped");
      }
    }
    expect(outcomes).toEqual(new Set(["malformed", "dropped"]));
  });

  it("slow answers are delayed by slowMs", async () => {
    const api = await start({ faults: { balance: { slow: 1, slowMs: 150 } } });
    const started = performance.now();
    expect((await api.balance()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(api.emulator.stats().faults.slow).toBe(1);
  });

  it("the rate shorthand spreads faults over the kinds, reproducibly for a seed", async () => {
    const statuses = async () => {
      const api = await start({ faults: { balance: { slowMs: 0 }, rate: 0.6 }, seed: 5 });
      const seen: string[] = [];
      for (let index = 0; index < 30; index++) {
        try {
          const response = await fetch(`${api.emulator.url}/api/v1/apikeys/current-balance`, {
            headers: { authorization: "Bearer test-key" },
          });
          const text = await response.text();
          seen.push(
            `${response.status}:${text.endsWith("}") || response.status === 502 ? "ok" : "cut"}`,
          );
        } catch {
          seen.push("dropped");
        }
      }
      await api.emulator.close();
      return seen;
    };
    const first = await statuses();
    expect(new Set(first).size).toBeGreaterThanOrEqual(5);
    expect(await statuses()).toEqual(first);
  });
});

describe("file faults", () => {
  it("truncatedFile announces the full length and cuts the body", async () => {
    const api = await start({ faults: { files: only("truncatedFile") } });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    const [url] = resultUrls(await waitTerminal(api, "nano-banana", taskId));
    const response = await fetch(url as string);
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(0);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });

  it("files can fail with 503 and dropped connections too", async () => {
    const api = await start({ faults: { files: { unavailable: 0.5, dropConnection: 0.5 } } });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    const [url] = resultUrls(await waitTerminal(api, "nano-banana", taskId));
    const outcomes = new Set<string>();
    for (let index = 0; index < 10; index++) {
      outcomes.add(
        await fetch(url as string).then(
          (response) => String(response.status),
          () => "dropped",
        ),
      );
    }
    expect(outcomes).toEqual(new Set(["503", "dropped"]));
  });
});

describe("faults in-process (app.request, no socket)", () => {
  it("a dropped connection becomes a body that fails to read", async () => {
    const api = inProcess({ faults: { balance: { dropConnection: 1 } } });
    const response = await api.app.request("/api/v1/apikeys/current-balance", {
      headers: { authorization: "Bearer k" },
    });
    await expect(response.text()).rejects.toThrow(/connection dropped/);
  });

  it("a truncated file announces the full length and fails after half the bytes", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now, faults: { files: { truncatedFile: 1 } } });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    clock.advance(60_000);
    const [url] = resultUrls((await api.status("nano-banana", taskId)).body.data);
    const response = await api.get(url as string);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(0);
    await expect(response.arrayBuffer()).rejects.toThrow(/truncated/);
  });
});

describe("slow submits", () => {
  it("create the task before the slow answer, so a client that gives up has still submitted", async () => {
    const api = await start({ faults: { generateTask: { slow: 1, slowMs: 5000 } } });
    const controller = new AbortController();
    let answered = false;
    const submitting = fetch(`${api.emulator.url}/api/v1/generateTask/nano-banana`, {
      method: "POST",
      headers: { authorization: "Bearer test-key", "content-type": "application/json" },
      body: JSON.stringify(SEED_BODY),
      signal: controller.signal,
    }).then(
      () => {
        answered = true;
      },
      (caught: unknown) => caught,
    );
    // The task exists while its answer is still held back…
    await vi.waitFor(() => expect(api.emulator.stats().tasks.total).toBe(1), {
      timeout: 4000,
      interval: 10,
    });
    expect(answered).toBe(false);
    // …and stays when the client gives up waiting for it.
    controller.abort();
    expect(((await submitting) as Error).name).toBe("AbortError");
    expect(api.emulator.stats().tasks.total).toBe(1);
    expect(api.emulator.stats().faults.slow).toBe(1);
  });
});
