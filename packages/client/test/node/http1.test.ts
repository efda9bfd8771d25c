import { describe, expect, it } from "vitest";
import { bodyDecoder } from "../../src/node/http1-body.js";
import { parseHead, type ResponseHead } from "../../src/node/http1-head.js";

const head = (status: number, headers: Record<string, string[]> = {}): ResponseHead => ({
  status,
  headers: new Map(Object.entries(headers)),
});

/** Feeds `wire` to a decoder in pieces of `step` bytes; returns the body and whether it is done. */
function decode(decoder: ReturnType<typeof bodyDecoder>, wire: string, step: number) {
  const bytes = Buffer.from(wire, "latin1");
  const body: Buffer[] = [];
  for (let index = 0; index < bytes.length; index += step) {
    decoder.push(bytes.subarray(index, index + step), (slice) => body.push(Buffer.from(slice)));
  }
  return { body: Buffer.concat(body).toString("latin1"), done: decoder.done };
}

describe("parseHead", () => {
  it("parses the status and headers, and says where the body starts", () => {
    const wire = Buffer.from(
      "HTTP/1.1 206 Partial Content\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello",
    );
    const parsed = parseHead(wire);
    expect(parsed?.head.status).toBe(206);
    expect(parsed?.head.headers.get("content-length")).toEqual(["5"]);
    expect(parsed?.head.headers.get("x-a")).toEqual(["1", "2"]);
    expect(wire.subarray(parsed?.size).toString()).toBe("hello");
  });

  it.each([
    ["bare LF line ends", "HTTP/1.1 200 OK\nA: b\n\nrest", "b"],
    ["a folded header line", "HTTP/1.1 200 OK\r\nA: b\r\n  c\r\n\r\nrest", "b c"],
    ["no reason phrase", "HTTP/1.0 200\r\nA: b\r\n\r\nrest", "b"],
  ])("accepts %s", (_name, wire, value) => {
    const parsed = parseHead(Buffer.from(wire));
    expect(parsed?.head.headers.get("a")).toEqual([value]);
    expect(Buffer.from(wire).subarray(parsed?.size).toString()).toBe("rest");
  });

  it("waits for the rest of an incomplete head", () => {
    expect(parseHead(Buffer.from("HTTP/1.1 200 OK\r\nContent-Le"))).toBeUndefined();
  });

  it.each([
    ["a non-HTTP answer", "SSH-2.0-OpenSSH\r\n\r\n", /not an HTTP/],
    ["a header without a colon", "HTTP/1.1 200 OK\r\nnonsense\r\n\r\n", /malformed/],
    ["an endless head", `HTTP/1.1 200 OK\r\n${"X: y\r\n".repeat(20_000)}`, /over 65536 bytes/],
  ])("refuses %s", (_name, wire, message) => {
    expect(() => parseHead(Buffer.from(wire))).toThrow(message);
  });
});

describe("bodyDecoder", () => {
  const chunked = head(200, { "transfer-encoding": ["chunked"] });
  const chunkedWire =
    "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\nIGNORED";

  // Every split point, down to one byte at a time, must give the same body.
  it.each([1, 2, 3, 7, 1000])("decodes a chunked body fed %i byte(s) at a time", (step) => {
    expect(decode(bodyDecoder(chunked), chunkedWire, step)).toEqual({
      body: "hello 0123456789",
      done: true,
    });
  });

  it("ends a chunked body with no trailer at the blank line", () => {
    expect(decode(bodyDecoder(chunked), "3\r\nabc\r\n0\r\n\r\n", 4)).toEqual({
      body: "abc",
      done: true,
    });
  });

  it.each([
    ["a bad chunk size", "zz\r\n", /bad chunk size/],
    ["a missing CRLF after data", "3\r\nabcX\r\n", /missing CRLF/],
    ["an endless size line", "1".repeat(9000), /line too long/],
  ])("refuses a chunked body with %s", (_name, wire, message) => {
    expect(() => decode(bodyDecoder(chunked), wire, 1000)).toThrow(message);
  });

  it("reports a chunked body cut short", () => {
    const decoder = bodyDecoder(chunked);
    decode(decoder, "5\r\nhel", 100);
    expect(() => decoder.end()).toThrow(/closed before the body ended/);
  });

  it("stops a Content-Length body at its length, and knows when it was cut", () => {
    const whole = bodyDecoder(head(200, { "content-length": ["4"] }));
    expect(decode(whole, "abcdEXTRA", 3)).toEqual({ body: "abcd", done: true });
    expect(() => whole.end()).not.toThrow();
    const cut = bodyDecoder(head(200, { "content-length": ["4"] }));
    expect(decode(cut, "ab", 3)).toEqual({ body: "ab", done: false });
    expect(() => cut.end()).toThrow(/closed before the body ended/);
  });

  it("reads to the connection's end without a length, and after a non-chunked coding", () => {
    const framings: Array<Record<string, string[]>> = [
      {},
      { "transfer-encoding": ["gzip"], "content-length": ["1"] },
    ];
    for (const headers of framings) {
      const decoder = bodyDecoder(head(200, headers));
      expect(decode(decoder, "all of it", 4)).toEqual({ body: "all of it", done: false });
      expect(() => decoder.end()).not.toThrow();
    }
  });

  it("prefers chunked framing over Content-Length, and has no body for 204/304", () => {
    const both = head(200, { "transfer-encoding": ["chunked"], "content-length": ["99"] });
    expect(decode(bodyDecoder(both), "1\r\nx\r\n0\r\n\r\n", 5).body).toBe("x");
    expect(bodyDecoder(head(304, { "content-length": ["10"] })).done).toBe(true);
  });

  it("refuses conflicting or malformed lengths", () => {
    expect(() => bodyDecoder(head(200, { "content-length": ["1", "2"] }))).toThrow(/invalid/);
    expect(() => bodyDecoder(head(200, { "content-length": ["-1"] }))).toThrow(/invalid/);
    expect(bodyDecoder(head(200, { "content-length": ["3, 3"] })).done).toBe(false);
  });
});
