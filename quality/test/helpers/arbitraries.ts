import fc from "fast-check";

/** Strings a hostile or broken server might send: JSON-ish, huge, binary-ish, prototype keys. */
export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "",
    "null",
    "[]",
    "{}",
    '{"code":200}',
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{}}}',
    "\u0000",
    "NaN",
    "1e999",
    "{".repeat(500),
    "-",
  ),
  fc.json(),
);

const taskIdArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 32, maxLength: 32 }),
  fc.string(),
  fc.integer(),
  fc.constant(null),
);
const stateArb = fc.oneof(
  fc.constantFrom("pending", "processing", "success", "failed", "processing_r2", ""),
  fc.string(),
  fc.integer(),
);
const resultJsonArb = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .array(fc.oneof(fc.webUrl(), fc.string(), fc.integer()))
    .map((resultUrls) => JSON.stringify({ resultUrls })),
  fc.constant(JSON.stringify({ resultUrls: ["https://cdn.apixo.ai/output/a.png"] })),
  fc.anything(),
);

/** `data` objects shaped like statusTask data, with every field randomly wrong. */
export const taskDataArb = fc.record(
  {
    taskId: taskIdArb,
    state: stateArb,
    resultJson: resultJsonArb,
    createTime: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
    completeTime: fc.oneof(fc.integer(), fc.string()),
    costTime: fc.oneof(fc.integer(), fc.string()),
    failCode: fc.oneof(fc.string(), fc.integer()),
    failMsg: fc.anything(),
  },
  { requiredKeys: [] },
);

/** Envelopes `{ code, message, data }` with wrong types and shapes mixed in. */
export const envelopeArb = fc.record(
  {
    code: fc.oneof(
      fc.constantFrom(200, 400, 401, 402, 403, 404, 429, 500, 503),
      fc.integer(),
      fc.string(),
    ),
    message: fc.oneof(fc.string(), fc.anything()),
    data: fc.oneof(taskDataArb, fc.anything(), fc.double(), fc.record({ taskId: taskIdArb })),
  },
  { requiredKeys: [] },
);

/** A whole HTTP response body: an envelope, any JSON, or any text. */
export const bodyArb = fc.oneof(
  envelopeArb.map((e) => JSON.stringify(e)),
  hostileString,
);
