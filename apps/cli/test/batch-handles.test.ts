import { describe, expect, it } from "vitest";
import type { BatchLine } from "../src/internal/batch-file.js";
import { type HandleRecord, planResume } from "../src/internal/batch-handles.js";
import { canonicalJson, lineHash } from "../src/internal/line-hash.js";

const line = (index: number, prompt: string): BatchLine => ({
  line: index + 1,
  modelId: "nano-banana",
  input: { prompt },
  hash: lineHash("nano-banana", { prompt }),
});
const record = (index: number, prompt: string, taskId: string): HandleRecord => ({
  index,
  line: index + 1,
  model: "nano-banana",
  taskId,
  hash: lineHash("nano-banana", { prompt }),
});

describe("canonicalJson / lineHash", () => {
  it("ignores key order, not values", () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: "x" })).toBe(
      '{"a":"x","b":[1,{"c":3,"d":2}]}',
    );
    expect(lineHash("m", { a: 1, b: 2 })).toBe(lineHash("m", { b: 2, a: 1 }));
    expect(lineHash("m", { a: 1 })).not.toBe(lineHash("m", { a: 2 }));
    expect(lineHash("m", { a: 1 })).not.toBe(lineHash("n", { a: 1 }));
  });
});

describe("planResume", () => {
  const cases: [
    string,
    {
      lines: BatchLine[];
      records: HandleRecord[];
      handles: Record<number, string>;
      edited: number[];
      ignored: number;
    },
  ][] = [
    [
      "unchanged lines resume",
      {
        lines: [line(0, "a"), line(1, "b")],
        records: [record(0, "a", "t-a"), record(1, "b", "t-b")],
        handles: { 0: "t-a", 1: "t-b" },
        edited: [],
        ignored: 0,
      },
    ],
    [
      "an edited line is submitted again",
      {
        lines: [line(0, "a"), line(1, "b2")],
        records: [record(0, "a", "t-a"), record(1, "b", "t-b")],
        handles: { 0: "t-a" },
        edited: [2],
        ignored: 0,
      },
    ],
    [
      "an inserted line shifts the others, which still resume",
      {
        lines: [line(0, "new"), line(1, "a"), line(2, "b")],
        records: [record(0, "a", "t-a"), record(1, "b", "t-b")],
        handles: { 1: "t-a", 2: "t-b" },
        edited: [],
        ignored: 0,
      },
    ],
    [
      "a removed line's record is ignored",
      {
        lines: [line(0, "a")],
        records: [record(0, "a", "t-a"), record(1, "b", "t-b")],
        handles: { 0: "t-a" },
        edited: [],
        ignored: 1,
      },
    ],
    [
      "the newest record of an edited-then-resubmitted line wins",
      {
        lines: [line(0, "a2")],
        records: [record(0, "a", "t-old"), record(0, "a2", "t-new")],
        handles: { 0: "t-new" },
        edited: [],
        ignored: 0,
      },
    ],
    [
      "two identical lines take one record each",
      {
        lines: [line(0, "same"), line(1, "same")],
        records: [record(0, "same", "t-1")],
        handles: { 0: "t-1" },
        edited: [],
        ignored: 0,
      },
    ],
    [
      "a record without a hash (older apixo) matches on line and model",
      {
        lines: [line(0, "a")],
        records: [{ index: 0, line: 1, model: "nano-banana", taskId: "t-legacy" }],
        handles: { 0: "t-legacy" },
        edited: [],
        ignored: 0,
      },
    ],
  ];
  it.each(cases)("%s", (_name, { lines, records, handles, edited, ignored }) => {
    const plan = planResume(records, lines);
    expect(
      Object.fromEntries(
        Object.entries(plan.handles).map(([index, handle]) => [index, handle.taskId]),
      ),
    ).toEqual(
      Object.fromEntries(Object.entries(handles).map(([index, taskId]) => [String(index), taskId])),
    );
    expect(plan.edited.map((entry) => entry.line)).toEqual(edited);
    expect(plan.ignored).toBe(ignored);
  });
});
