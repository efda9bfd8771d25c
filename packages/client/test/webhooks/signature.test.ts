import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApixoError } from "../../src/errors.js";
import { createCallbackUrl } from "../../src/webhooks/callback-url.js";
import { InvalidCallbackError } from "../../src/webhooks/errors.js";
import { verifyCallback } from "../../src/webhooks/verify-callback.js";
import { pathArbitrary, urlArbitrary } from "./helpers.js";

const secret = "test-secret-0123456789abcdef";
const otherSecret = "other-secret-0123456789abcdef";
const base = "https://app.example/webhooks/apixo";
const t0 = Date.parse("2026-01-01T00:00:00Z");
const now = () => t0;

async function rejection(promise: Promise<unknown>): Promise<InvalidCallbackError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InvalidCallbackError.isInstance(error)).toBe(true);
  return error as InvalidCallbackError;
}

function withParam(url: string, name: string, value: string | undefined): string {
  const parsed = new URL(url);
  if (value === undefined) parsed.searchParams.delete(name);
  else parsed.searchParams.set(name, value);
  return parsed.toString();
}

describe("createCallbackUrl + verifyCallback", () => {
  it("round-trips ref, expiry and model", async () => {
    const url = await createCallbackUrl(base, {
      secret,
      ref: "job-42",
      ttlSeconds: 600,
      model: "nano-banana",
      now,
    });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe(base);
    expect(parsed.searchParams.get("apixo_ref")).toBe("job-42");
    expect(parsed.searchParams.get("apixo_exp")).toBe(String(t0 / 1000 + 600));
    expect(parsed.searchParams.get("apixo_sig")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(verifyCallback(url, { secret, now })).resolves.toEqual({
      ref: "job-42",
      expiresAt: t0 / 1000 + 600,
      model: "nano-banana",
    });
  });

  it("accepts a URL object and a Request, and a relative URL", async () => {
    const url = await createCallbackUrl(base, { secret, ref: "r", now });
    const expected = { ref: "r", expiresAt: t0 / 1000 + 86_400 };
    await expect(verifyCallback(new URL(url), { secret, now })).resolves.toEqual(expected);
    await expect(
      verifyCallback(new Request(url, { method: "POST", body: "{}" }), { secret, now }),
    ).resolves.toEqual(expected);
    const relative = url.slice("https://app.example".length);
    await expect(verifyCallback(relative, { secret, now })).resolves.toEqual(expected);
  });

  it("verifies under another host (proxies, tunnels) but not under another path", async () => {
    const url = await createCallbackUrl(base, { secret, ref: "r", now });
    const otherHost = url.replace("https://app.example", "http://127.0.0.1:3000");
    await expect(verifyCallback(otherHost, { secret, now })).resolves.toMatchObject({ ref: "r" });
    const otherPath = url.replace("/webhooks/apixo", "/webhooks/other");
    expect((await rejection(verifyCallback(otherPath, { secret, now }))).code).toBe(
      "bad_signature",
    );
    // A proxy that strips a prefix: the caller names the public path.
    const stripped = url.replace("/webhooks/apixo", "/apixo");
    await expect(
      verifyCallback(stripped, { secret, now, path: "/webhooks/apixo" }),
    ).resolves.toMatchObject({
      ref: "r",
    });
  });

  it("preserves the base URL's query byte for byte and drops its fragment", async () => {
    const url = await createCallbackUrl(`${base}?tenant=a%20b&flag#frag`, {
      secret,
      ref: "r",
      now,
    });
    expect(url.startsWith(`${base}?tenant=a%20b&flag&apixo_ref=r&`)).toBe(true);
    expect(url).not.toContain("#");
    await expect(verifyCallback(url, { secret, now })).resolves.toMatchObject({ ref: "r" });
  });

  it("replaces reserved parameters already present in the base URL", async () => {
    const url = await createCallbackUrl(`${base}?apixo_ref=evil&x=1`, { secret, ref: "good", now });
    expect(new URL(url).searchParams.getAll("apixo_ref")).toEqual(["good"]);
    await expect(verifyCallback(url, { secret, now })).resolves.toMatchObject({ ref: "good" });
  });

  it("generates a random ref when none is given", async () => {
    const a = await verifyCallback(await createCallbackUrl(base, { secret, now }), { secret, now });
    const b = await verifyCallback(await createCallbackUrl(base, { secret, now }), { secret, now });
    expect(a.ref).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.ref).not.toBe(b.ref);
  });

  it.each([
    ["ref", "apixo_ref", "job-43"],
    ["expiry", "apixo_exp", String(t0 / 1000 + 10_000_000)],
    ["model", "apixo_model", "sora-2"],
    ["signature", "apixo_sig", "A".repeat(43)],
  ])("refuses a tampered %s", async (_name, param, value) => {
    const url = await createCallbackUrl(base, { secret, ref: "job-42", model: "nano-banana", now });
    const error = await rejection(verifyCallback(withParam(url, param, value), { secret, now }));
    expect(error.code).toBe("bad_signature");
    expect(ApixoError.isInstance(error)).toBe(true);
    expect(error.name).toBe("InvalidCallbackError");
    expect(error.message).not.toContain(secret);
  });

  it("refuses a removed model (the signature covers its absence too)", async () => {
    const url = await createCallbackUrl(base, { secret, ref: "r", model: "nano-banana", now });
    expect(
      (await rejection(verifyCallback(withParam(url, "apixo_model", undefined), { secret, now })))
        .code,
    ).toBe("bad_signature");
  });

  it("refuses a URL signed with another secret", async () => {
    const url = await createCallbackUrl(base, { secret: otherSecret, ref: "r", now });
    expect((await rejection(verifyCallback(url, { secret, now }))).code).toBe("bad_signature");
  });

  it("supports rotation: signs with the first secret, accepts any", async () => {
    const old = await createCallbackUrl(base, { secret: otherSecret, ref: "old", now });
    const fresh = await createCallbackUrl(base, { secret: [secret, otherSecret], ref: "new", now });
    await expect(
      verifyCallback(old, { secret: [secret, otherSecret], now }),
    ).resolves.toMatchObject({ ref: "old" });
    await expect(verifyCallback(fresh, { secret, now })).resolves.toMatchObject({ ref: "new" });
    expect((await rejection(verifyCallback(fresh, { secret: otherSecret, now }))).code).toBe(
      "bad_signature",
    );
  });

  it("expires after ttlSeconds on the injected clock", async () => {
    const url = await createCallbackUrl(base, { secret, ref: "r", ttlSeconds: 60, now });
    await expect(verifyCallback(url, { secret, now: () => t0 + 60_000 })).resolves.toMatchObject({
      ref: "r",
    });
    const error = await rejection(verifyCallback(url, { secret, now: () => t0 + 61_000 }));
    expect(error.code).toBe("expired");
    expect(error.message).toContain("2026-01-01T00:01:00.000Z");
  });

  it.each([
    ["no signature", (url: string) => withParam(url, "apixo_sig", undefined), "missing_signature"],
    ["an empty signature", (url: string) => withParam(url, "apixo_sig", ""), "missing_signature"],
    ["no ref", (url: string) => withParam(url, "apixo_ref", undefined), "malformed"],
    ["no expiry", (url: string) => withParam(url, "apixo_exp", undefined), "malformed"],
    ["a non-numeric expiry", (url: string) => withParam(url, "apixo_exp", "1e10"), "malformed"],
    ["a repeated ref", (url: string) => `${url}&apixo_ref=other`, "malformed"],
    ["a repeated signature", (url: string) => `${url}&apixo_sig=x`, "malformed"],
    ["a padded signature", (url: string) => `${url}%3D`, "bad_signature"],
    ["a truncated signature", (url: string) => url.slice(0, -1), "bad_signature"],
  ])("refuses a URL with %s", async (_name, mutate, code) => {
    const url = await createCallbackUrl(base, { secret, ref: "r", now });
    expect((await rejection(verifyCallback(mutate(url), { secret, now }))).code).toBe(code);
  });

  it("refuses input that is not a URL at all", async () => {
    expect((await rejection(verifyCallback("http://[::1", { secret, now }))).code).toBe(
      "malformed",
    );
    expect((await rejection(verifyCallback({} as unknown as string, { secret, now }))).code).toBe(
      "malformed",
    );
  });

  it("rejects weak secrets and bad options with a TypeError naming the fix", async () => {
    await expect(createCallbackUrl(base, { secret: "short" })).rejects.toThrow(/at least 16 bytes/);
    await expect(createCallbackUrl(base, { secret: [] })).rejects.toThrow(TypeError);
    await expect(createCallbackUrl("/relative", { secret })).rejects.toThrow(/absolute/);
    await expect(createCallbackUrl("ftp://x/y", { secret })).rejects.toThrow(/https/);
    await expect(createCallbackUrl(base, { secret, ttlSeconds: 0 })).rejects.toThrow(/ttlSeconds/);
    await expect(createCallbackUrl(base, { secret, ref: "" })).rejects.toThrow(/ref/);
  });

  it("accepts a Uint8Array secret", async () => {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const url = await createCallbackUrl(base, { secret: bytes, ref: "r", now });
    await expect(verifyCallback(url, { secret: bytes, now })).resolves.toMatchObject({ ref: "r" });
  });
});

describe("property: verifyCallback never crashes", { timeout: 60_000 }, () => {
  it("accepts every URL it made, for any ref, model and path", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.option(fc.string({ minLength: 1, maxLength: 32 }), { nil: undefined }),
        pathArbitrary,
        async (ref, model, path) => {
          const url = await createCallbackUrl(`https://app.example${path}`, {
            secret,
            ref,
            model,
            now,
          });
          const verified = await verifyCallback(url, { secret, now });
          expect(verified.ref).toBe(ref);
          expect(verified.model).toBe(model);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("answers random URLs only with InvalidCallbackError", async () => {
    const signed = await createCallbackUrl(base, { secret, ref: "r", now });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          urlArbitrary,
          fc.string(),
          fc.string().map((noise) => signed + noise),
          fc
            .nat({ max: signed.length })
            .chain((cut) => fc.string().map((noise) => signed.slice(0, cut) + noise)),
        ),
        async (url) => {
          const outcome = await verifyCallback(url, { secret, now }).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
          if ("error" in outcome) expect(InvalidCallbackError.isInstance(outcome.error)).toBe(true);
          // Anything accepted must carry the one signed ref.
          else expect(outcome.value.ref).toBe("r");
        },
      ),
      { numRuns: 300 },
    );
  });
});
