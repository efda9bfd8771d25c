import { describe, expect, it } from "vitest";
import type { BatchLine } from "../src/internal/batch-file.js";
import { type HandleRecord, planResume } from "../src/internal/batch-handles.js";
import { canonicalJson, lineHash } from "../src/internal/line-hash.js";

const hash = (prompt: string) => lineHash({ model: "nano-banana", input: { prompt } });
const line = (index: number, prompt: string): BatchLine => ({
  line: index + 1,
  modelId: "nano-banana",
  input: { prompt },
  hash: hash(prompt),
});
const record = (index: number, prompt: string, taskId: string): HandleRecord => ({
  index,
  line: index + 1,
  model: "nano-banana",
  taskId,
  hash: hash(prompt),
});

describe("canonicalJson / lineHash", () => {
  it("ignores key order, not values", () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: "x" })).toBe(
      '{"a":"x","b":[1,{"c":3,"d":2}]}',
    );
    const of = (model: string, input: unknown, provider?: string) =>
      lineHash({ model, input, ...(provider !== undefined ? { provider } : {}) });
    expect(of("m", { a: 1, b: 2 })).toBe(of("m", { b: 2, a: 1 }));
    expect(of("m", { a: 1 })).not.toBe(of("m", { a: 2 }));
    expect(of("m", { a: 1 })).not.toBe(of("n", { a: 1 }));
    expect(of("m", { a: 1 }, "official")).not.toBe(of("m", { a: 1 }, "other"));
    expect(of("m", { a: 1 }, "official")).not.toBe(of("m", { a: 1 }));
    expect(of("m", { a: 1 })).toMatch(/^v2-[0-9a-f]{16}$/);
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
      unmatched: string[];
      outdated?: number;
    },
  ][] = [
    [
      "unchanged lines resume",
      {
        lines: [line(0, "a"), line(1, "b")],
        records: [record(0, "a", "t-a"), record(1, "b", "t-b")],
        handles: { 0: "t-a", 1: "t-b" },
        edited: [],
        unmatched: [],
      },
    ],
    [
      "an edited line is submitted again",
      {
        lines: [line(0, "a"), line(1, "b2")],
        records: [record(0, "a", "t-a"), record(1, "b", "t-b")],
        handles: { 0: "t-a" },
        edited: [2],
        unmatched: [],
      },
    ],
    [
      "an inserted line shifts the others, which still resume",
      {
        lines: [line(0, "new"), line(1, "a"), line(2, "b")],
        records: [record(0, "a", "t-a"), record(1, "b", "t-b")],
        handles: { 1: "t-a", 2: "t-b" },
        edited: [],
        unmatched: [],
      },
    ],
    [
      "a removed last line's record is kept for later",
      {
        lines: [line(0, "a")],
        records: [record(0, "a", "t-a"), record(1, "b", "t-b")],
        handles: { 0: "t-a" },
        edited: [],
        unmatched: ["t-b"],
      },
    ],
    [
      "a removed first line's record is kept, not taken for an edit of the line that moved up",
      {
        lines: [line(0, "b")],
        records: [record(0, "a", "t-a"), record(1, "b", "t-b")],
        handles: { 0: "t-b" },
        edited: [],
        unmatched: ["t-a"],
      },
    ],
    [
      "a restored line resumes its carried-over record",
      {
        lines: [line(0, "a"), line(1, "b")],
        records: [record(0, "a", "t-a"), record(0, "b", "t-b")],
        handles: { 0: "t-a", 1: "t-b" },
        edited: [],
        unmatched: [],
      },
    ],
    [
      "a carried-over record is kept when the line at its index is edited",
      {
        lines: [line(0, "b2")],
        records: [record(0, "a", "t-a"), record(0, "b", "t-b")],
        handles: {},
        edited: [1],
        unmatched: ["t-a"],
      },
    ],
    [
      "the newest record of an edited-then-resubmitted line wins; the old one is kept for a revert",
      {
        lines: [line(0, "a2")],
        records: [record(0, "a", "t-old"), record(0, "a2", "t-new")],
        handles: { 0: "t-new" },
        edited: [],
        unmatched: ["t-old"],
      },
    ],
    [
      "two identical lines take one record each",
      {
        lines: [line(0, "same"), line(1, "same")],
        records: [record(0, "same", "t-1")],
        handles: { 0: "t-1" },
        edited: [],
        unmatched: [],
      },
    ],
    [
      "a record of an earlier format (no hash, or one without the provider) is never resumed",
      {
        lines: [line(0, "a"), line(1, "b")],
        records: [
          { index: 0, line: 1, model: "nano-banana", taskId: "t-no-hash" },
          { index: 1, line: 2, model: "nano-banana", taskId: "t-v1", hash: "0123456789abcdef" },
        ],
        handles: {},
        edited: [],
        unmatched: [],
        outdated: 2,
      },
    ],
  ];
  it.each(cases)("%s", (_name, { lines, records, handles, edited, unmatched, outdated }) => {
    const plan = planResume(records, lines);
    expect(
      Object.fromEntries(
        Object.entries(plan.handles).map(([index, handle]) => [index, handle.taskId]),
      ),
    ).toEqual(
      Object.fromEntries(Object.entries(handles).map(([index, taskId]) => [String(index), taskId])),
    );
    expect(plan.edited.map((entry) => entry.line)).toEqual(edited);
    expect(plan.unmatched.map((entry) => entry.taskId)).toEqual(unmatched);
    expect(plan.outdated).toBe(outdated ?? 0);
  });
});
