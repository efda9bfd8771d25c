import { models } from "@apixo-ts/openapi";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { submitExamples } from "./contract-examples.js";
import { inProcess, manualClock, resultUrls, SEED_BODY } from "./helpers.js";

const CONTENT_TYPES = { image: /^image\/(png|jpeg)$/, video: /^video\/mp4$/, audio: /^audio\// };
const MAGIC = {
  png: [0x89, 0x50, 0x4e, 0x47],
  jpeg: [0xff, 0xd8, 0xff],
};

async function complete(
  api: ReturnType<typeof inProcess>,
  clock: ReturnType<typeof manualClock>,
  model: string,
  body: unknown,
) {
  const submitted = await api.submit(model, body);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  clock.advance(24 * 3600_000);
  const { data } = (await api.status(model, submitted.body.data.taskId)).body;
  expect(data.state).toBe("success");
  return data;
}

describe("outputs of every model, from the contract's own request examples", () => {
  const cases = models.flatMap((model) =>
    submitExamples(model).map(
      (example, index) => [`${model.id} #${index}`, model, example] as const,
    ),
  );

  it.each(cases)(
    "%s succeeds with the model's output count and content type",
    async (_name, model, example) => {
      const clock = manualClock();
      // Callbacks in the examples point at public hosts: deliver them to an injected fetch instead.
      const api = inProcess({
        now: clock.now,
        callbacks: { fetch: async () => new Response(null, { status: 200 }) },
      });
      const data = await complete(api, clock, model.id, example);
      const urls = resultUrls(data);
      const input = example.input as Record<string, unknown>;
      const field = model.outputs.countField;
      expect(urls).toHaveLength(
        field && typeof input[field] === "number" ? (input[field] as number) : model.outputs.count,
      );
      // Every URL is a distinct file of the right kind; rendering one (possibly 4K) file per case is enough.
      expect(new Set(urls).size).toBe(urls.length);
      for (const url of urls.slice(0, 1)) {
        const response = await api.get(url);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toMatch(CONTENT_TYPES[model.kind]);
        const bytes = new Uint8Array(await response.arrayBuffer());
        expect(Number(response.headers.get("content-length"))).toBe(bytes.byteLength);
        if (model.kind === "video")
          expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe("ftyp");
      }
    },
  );
});

describe("image outputs", () => {
  it("renders a PNG at the requested aspect ratio", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now });
    const data = await complete(api, clock, "nano-banana", SEED_BODY);
    const bytes = Buffer.from(await (await api.get(resultUrls(data)[0] as string)).arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual(MAGIC.png);
    const png = PNG.sync.read(bytes);
    expect(png.width / png.height).toBeCloseTo(16 / 9, 2);
  });

  it("renders a JPEG when output_format asks for it", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now });
    const body = { input: { ...SEED_BODY.input, output_format: "jpeg" } };
    const data = await complete(api, clock, "nano-banana", body);
    const [url] = resultUrls(data);
    expect(url).toMatch(/\.jpg$/);
    const response = await api.get(url as string);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect([...new Uint8Array(await response.arrayBuffer()).subarray(0, 3)]).toEqual(MAGIC.jpeg);
  });

  it("is deterministic for a prompt and differs between prompts", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now, seed: 1 });
    const render = async (prompt: string) => {
      const data = await complete(api, clock, "nano-banana", {
        input: { ...SEED_BODY.input, prompt },
      });
      return Buffer.from(await (await api.get(resultUrls(data)[0] as string)).arrayBuffer());
    };
    const first = await render("a red fox in the snow");
    expect((await render("a red fox in the snow")).equals(first)).toBe(true);
    expect((await render("a blue whale at dawn")).equals(first)).toBe(false);
  });

  it("404s a file name that is not one of the task's outputs", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now });
    const data = await complete(api, clock, "nano-banana", SEED_BODY);
    const [url] = resultUrls(data);
    expect((await api.get((url as string).replace("0.png", "1.png"))).status).toBe(404);
    expect((await api.get((url as string).replace("0.png", "0.jpg"))).status).toBe(404);
  });
});

describe("byte ranges on result files", () => {
  it("serves 206 slices that add up to the file, and 416 outside it", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now });
    const data = await complete(api, clock, "nano-banana", SEED_BODY);
    const url = resultUrls(data)[0] as string;
    const full = Buffer.from(await (await api.get(url)).arrayBuffer());
    const ranged = async (range: string) => api.app.request(url, { headers: { range } });

    const head = await ranged("bytes=0-99");
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-99/${full.length}`);
    expect(head.headers.get("content-length")).toBe("100");
    const rest = await ranged("bytes=100-");
    const joined = Buffer.concat([
      Buffer.from(await head.arrayBuffer()),
      Buffer.from(await rest.arrayBuffer()),
    ]);
    expect(joined.equals(full)).toBe(true);

    const tail = await ranged("bytes=-10");
    expect(Buffer.from(await tail.arrayBuffer()).equals(full.subarray(full.length - 10))).toBe(
      true,
    );
    const outside = await ranged(`bytes=${full.length}-`);
    expect(outside.status).toBe(416);
    expect(outside.headers.get("content-range")).toBe(`bytes */${full.length}`);
    expect((await ranged("pages=1-2")).status).toBe(200);
  });
});
