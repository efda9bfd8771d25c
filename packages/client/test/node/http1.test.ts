import { describe, expect, it } from "vitest";
import { HeadReader } from "../../src/node/head-reader.js";
import { bodyDecoder } from "../../src/node/http1-body.js";
import { ProtocolError } from "../../src/node/http1-error.js";
import { type ResponseHead, requestHead } from "../../src/node/http1-head.js";

const head = (
  status: number,
  headers: Record<string, string[]> = {},
  version = "1.1",
): ResponseHead => ({
  version,
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

describe("HeadReader", () => {
  const read = (wire: string) => new HeadReader().push(Buffer.from(wire, "latin1"));

  it("parses the status and headers, and says where the body starts", () => {
    const parsed = read(
      "HTTP/1.1 206 Partial Content\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello",
    );
    expect(parsed?.head.status).toBe(206);
    expect(parsed?.head.headers.get("content-length")).toEqual(["5"]);
    expect(parsed?.head.headers.get("x-a")).toEqual(["1", "2"]);
    expect(parsed?.rest.toString()).toBe("hello");
  });

  it.each([
    ["bare LF line ends", "HTTP/1.1 200 OK\nA: b\n\nrest", "b"],
    ["a bare LF line then a CRLF blank line", "HTTP/1.1 200 OK\nA: b\n\r\nrest", "b"],
    ["a folded header line", "HTTP/1.1 200 OK\r\nA: b\r\n  c\r\n\r\nrest", "b c"],
    ["no reason phrase", "HTTP/1.0 200\r\nA: b\r\n\r\nrest", "b"],
    ["a value with tabs and obs-text", "HTTP/1.1 200 OK\r\nA:\tb\t\xe9 \r\n\r\nrest", "b\t\xe9"],
  ])("accepts %s", (_name, wire, value) => {
    const parsed = read(wire);
    expect(parsed?.head.headers.get("a")).toEqual([value]);
    expect(parsed?.rest.toString()).toBe("rest");
  });

  it("gathers a head split at every byte, copying each byte once", () => {
    const wire = Buffer.from("HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody");
    const reader = new HeadReader();
    for (let index = 0; index < wire.length - 5; index++) {
      expect(reader.push(wire.subarray(index, index + 1))).toBeUndefined();
    }
    const parsed = reader.push(wire.subarray(wire.length - 5));
    expect(parsed?.head.headers.get("a")).toEqual(["b"]);
    expect(parsed?.rest.toString()).toBe("body");
  });

  it("skips up to 10 interim answers, then refuses more", () => {
    const interim = "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n";
    expect(read(`${interim.repeat(10)}HTTP/1.1 200 OK\r\n\r\n`)?.head.status).toBe(200);
    expect(() => read(`${interim.repeat(11)}HTTP/1.1 200 OK\r\n\r\n`)).toThrow(/interim/);
  });

  it.each([
    ["a non-HTTP answer", "SSH-2.0-OpenSSH\r\n\r\n", /not an HTTP/],
    ["HTTP/2 in text", "HTTP/2.0 200 OK\r\n\r\n", /not an HTTP/],
    ["a status below 100", "HTTP/1.1 099 Odd\r\n\r\n", /not an HTTP/],
    ["a status above 599", "HTTP/1.1 600 Odd\r\n\r\n", /not an HTTP/],
    ["a reason with NUL", "HTTP/1.1 200 O\0K\r\n\r\n", /not an HTTP/],
    ["a header without a colon", "HTTP/1.1 200 OK\r\nnonsense\r\n\r\n", /malformed/],
    ["a space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n", /malformed/],
    ["a space in a name", "HTTP/1.1 200 OK\r\nContent Length: 5\r\n\r\n", /malformed/],
    ["an empty name", "HTTP/1.1 200 OK\r\n: 5\r\n\r\n", /malformed/],
    ["a fold as the first header", "HTTP/1.1 200 OK\r\n A: b\r\n\r\n", /malformed/],
    ["NUL in a value", "HTTP/1.1 200 OK\r\nA: b\0c\r\n\r\n", /malformed/],
    ["a bare CR in a value", "HTTP/1.1 200 OK\r\nA: b\rSet-Cookie: x\r\n\r\n", /malformed/],
    ["a 101 never asked for", "HTTP/1.1 101 Switching Protocols\r\n\r\n", /101/],
    ["an endless head", `HTTP/1.1 200 OK\r\n${"X: y\r\n".repeat(20_000)}`, /over 65536 bytes/],
    ["a whole head over the limit", `HTTP/1.1 200 OK\r\nX: ${"y".repeat(70_000)}\r\n\r\n`, /over/],
  ])("refuses %s with a ProtocolError", (_name, wire, message) => {
    expect(() => read(wire)).toThrow(ProtocolError);
    expect(() => read(wire)).toThrow(message);
  });

  it("refuses an endless head arriving in small pieces without growing past the limit", () => {
    const reader = new HeadReader();
    reader.push(Buffer.from("HTTP/1.1 200 OK\r\n"));
    const line = Buffer.from("X-Filler: abcdefgh\r\n");
    expect(() => {
      for (let sent = 0; sent < 1_000_000; sent += line.length) reader.push(line);
    }).toThrow(/over 65536 bytes/);
  });
});

describe("requestHead", () => {
  it("sends Host (with brackets and port), the headers given and Connection: close only", () => {
    expect(requestHead(new URL("http://[::1]:8080/a%20b?x=1"), { Range: "bytes=5-" })).toBe(
      "GET /a%20b?x=1 HTTP/1.1\r\nHost: [::1]:8080\r\nRange: bytes=5-\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n",
    );
    expect(requestHead(new URL("https://cdn.example:443/f"), {})).toMatch(
      /^GET \/f HTTP\/1\.1\r\nHost: cdn\.example\r\n/,
    );
  });

  it("refuses a header that would split the request", () => {
    expect(() => requestHead(new URL("http://h/"), { A: "b\r\nEvil: 1" })).toThrow(/invalid/);
    expect(() => requestHead(new URL("http://h/"), { "A B": "c" })).toThrow(/invalid/);
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
    ["a 14-hex-digit size (overflow)", "ffffffffffffff\r\n", /bad chunk size/],
    ["a huge size", `${"f".repeat(40)}\r\n`, /bad chunk size/],
    ["a negative size", "-1\r\n", /bad chunk size/],
    ["a bare CR in an extension", "3;a=\rb\r\nabc\r\n", /control character/],
    ["NUL in a trailer", "0\r\nT: \0\r\n\r\n", /control character/],
    ["an empty size", "\r\n", /bad chunk size/],
    ["endless trailers", `0\r\n${"T: x\r\n".repeat(20_000)}`, /trailer too long/],
  ])("refuses a chunked body with %s", (_name, wire, message) => {
    expect(() => decode(bodyDecoder(chunked), wire, 1000)).toThrow(message);
  });

  it("compacts 1-byte chunks into one slice per read, byte for byte", () => {
    const body = Buffer.alloc(50_000, "x");
    for (let index = 0; index < body.length; index++) body[index] = index % 251;
    const wire = Buffer.concat([
      ...[...body].map((byte) =>
        Buffer.concat([Buffer.from("1\r\n"), Buffer.of(byte), Buffer.from("\r\n")]),
      ),
      Buffer.from("0\r\n\r\n"),
    ]);
    const decoder = bodyDecoder(chunked);
    const slices: Buffer[] = [];
    for (let index = 0; index < wire.length; index += 65_536) {
      decoder.push(wire.subarray(index, index + 65_536), (slice) =>
        slices.push(Buffer.from(slice)),
      );
    }
    expect(decoder.done).toBe(true);
    expect(slices.length).toBeLessThanOrEqual(Math.ceil(wire.length / 65_536) + 1);
    expect(Buffer.concat(slices).equals(body)).toBe(true);
  });

  it("emits large chunks where they lie, and mixes them with small ones in order", () => {
    const big = "B".repeat(5000);
    const wire = `2\r\nab\r\n${(5000).toString(16)}\r\n${big}\r\n1\r\nc\r\n1;ext=1\r\nd\r\n0\r\n\r\n`;
    for (const step of [1, 7, 100_000]) {
      expect(decode(bodyDecoder(chunked), wire, step)).toEqual({ body: `ab${big}cd`, done: true });
    }
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

  it("reads to the connection's end without a length", () => {
    const decoder = bodyDecoder(head(200));
    expect(decode(decoder, "all of it", 4)).toEqual({ body: "all of it", done: false });
    expect(() => decoder.end()).not.toThrow();
  });

  it("has no body for 204/304, whatever Content-Length says", () => {
    for (const status of [204, 304]) {
      const decoder = bodyDecoder(head(status, { "content-length": ["10"] }));
      expect([decoder.done, decoder.length]).toEqual([true, 0]);
    }
  });

  it.each<[string, Record<string, string[]>, string]>([
    [
      "Transfer-Encoding with Content-Length (as node:http)",
      { "transfer-encoding": ["chunked"], "content-length": ["99"] },
      "1.1",
    ],
    ["Transfer-Encoding in HTTP/1.0", { "transfer-encoding": ["chunked"] }, "1.0"],
    ["chunked twice", { "transfer-encoding": ["chunked", "chunked"] }, "1.1"],
    ["chunked before another coding", { "transfer-encoding": ["chunked, gzip"] }, "1.1"],
    ["a coding it cannot decode", { "transfer-encoding": ["gzip, chunked"] }, "1.1"],
    ["a coding alone", { "transfer-encoding": ["gzip"] }, "1.1"],
    ["conflicting lengths", { "content-length": ["1", "2"] }, "1.1"],
    ["conflicting lengths in one header", { "content-length": ["1, 2"] }, "1.1"],
    ["a negative length", { "content-length": ["-1"] }, "1.1"],
    ["a non-numeric length", { "content-length": ["0x10"] }, "1.1"],
    ["an empty length", { "content-length": [""] }, "1.1"],
    ["a length over 2^53", { "content-length": ["9".repeat(16)] }, "1.1"],
  ])("refuses %s with a ProtocolError", (_name, headers, version) => {
    expect(() => bodyDecoder(head(200, headers, version))).toThrow(ProtocolError);
  });

  it("accepts repeated equal lengths and announces the length", () => {
    const decoder = bodyDecoder(head(200, { "content-length": ["3, 3", "3"] }));
    expect([decoder.done, decoder.length]).toEqual([false, 3]);
  });
});
