import { describe, expectTypeOf, it } from "vitest";
import type {
  BalanceData,
  StatusData,
  StatusQuery,
  SubmitBody,
  SubmitData,
} from "../src/internal/api-requests.js";

// The core client builds its requests without openapi-fetch; these types come from the generated
// `paths`, so a change of the spec's shapes shows up here (and in the client) at compile time.
describe("the core requests' types, derived from the spec", () => {
  it("submit body and answer", () => {
    expectTypeOf<SubmitBody["request_type"]>().toEqualTypeOf<"async" | "callback" | undefined>();
    expectTypeOf<SubmitBody["input"]>().toEqualTypeOf<{ [key: string]: unknown }>();
    expectTypeOf<{ input: { prompt: "x" } }>().toExtend<SubmitBody>();
    expectTypeOf<SubmitData>().toEqualTypeOf<{ taskId: string }>();
  });

  it("status query and answer", () => {
    expectTypeOf<StatusQuery>().toEqualTypeOf<{ taskId: string }>();
    expectTypeOf<StatusData["state"]>().toExtend<string>();
    expectTypeOf<StatusData["resultJson"]>().toEqualTypeOf<string | undefined>();
  });

  it("balance answer", () => {
    expectTypeOf<BalanceData>().toEqualTypeOf<number>();
  });
});
