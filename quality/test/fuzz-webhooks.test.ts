// Fuzzing the webhook toolkit: parseCallback takes any body, verifyCallback any URL; both either
// succeed with well-formed values or throw typed errors. Any tampering with a signed URL is refused.
import { ApixoError } from "@apixo-ts/client";
import {
  createCallbackUrl,
  InvalidCallbackError,
  parseCallback,
  verifyCallback,
} from "@apixo-ts/client/webhooks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyArb, envelopeArb, taskDataArb } from "./helpers/arbitraries.js";

const SECRET = "fuzz-callback-secret-0123456789";

function expectTyped(error: unknown) {
  expect(
    ApixoError.isInstance(error),
    `untyped: ${error instanceof Error ? error.stack : String(error)}`,
  ).toBe(true);
}

describe("fuzz: parseCallback", () => {
  const bodies = fc.oneof(
    bodyArb,
    envelopeArb,
    taskDataArb,
    fc.anything(),
    bodyArb.map((text) => new TextEncoder().encode(text)),
    fc.uint8Array({ maxLength: 200 }),
  );
  it("returns a normalised Task or throws a typed error", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        let task: ReturnType<typeof parseCallback>;
        try {
          task = parseCallback(body as Parameters<typeof parseCallback>[0]);
        } catch (error) {
          return expectTyped(error);
        }
        expect(typeof task.taskId).toBe("string");
        expect(typeof task.state).toBe("string");
        expect(task.resultUrls.every((url) => typeof url === "string")).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("fuzz: verifyCallback", () => {
  it("refuses random URLs with a typed error", async () => {
    const urls = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string(),
      fc
        .webUrl()
        .map((url) => `${url}?apixo_sig=${"A".repeat(43)}&apixo_ref=x&apixo_exp=99999999999`),
    );
    await fc.assert(
      fc.asyncProperty(urls, async (url) => {
        await verifyCallback(url, { secret: SECRET }).then(
          (verified) => expect.fail(`accepted ${url}: ${JSON.stringify(verified)}`),
          expectTyped,
        );
      }),
      { numRuns: 400 },
    );
  });

  it("refuses any single-character change to a signed URL's query", async () => {
    const signed = await createCallbackUrl("https://app.example/webhooks/apixo", {
      secret: SECRET,
      ref: "job-42",
      model: "nano-banana",
    });
    const queryStart = signed.indexOf("?") + 1;
    await expect(verifyCallback(signed, { secret: SECRET })).resolves.toMatchObject({
      ref: "job-42",
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: queryStart, max: signed.length - 1 }),
        fc.constantFrom(..."ABCxyz019-_=&%"),
        async (at, char) => {
          fc.pre(signed[at] !== char);
          const tampered = signed.slice(0, at) + char + signed.slice(at + 1);
          const result = await verifyCallback(tampered, { secret: SECRET }).then(
            (verified) => ({ verified }),
            (error: unknown) => ({ error }),
          );
          if ("verified" in result) {
            // Only changes that decode to the same signed fields may pass (e.g. an unused parameter name).
            expect(result.verified).toMatchObject({ ref: "job-42", model: "nano-banana" });
          } else {
            expect(InvalidCallbackError.isInstance(result.error)).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
