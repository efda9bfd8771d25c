import { describe, expectTypeOf, it } from "vitest";
import {
  AbortError,
  ApiError,
  ApixoError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  InsufficientBalanceError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  ResultParseError,
  ServerError,
  ServiceUnavailableError,
  TaskFailedError,
  WaitTimeoutError,
} from "../src/index.js";
import { CallbackPayloadError, InvalidCallbackError } from "../src/webhooks/index.js";

declare const error: unknown;

// Each class's `isInstance` must compile (TS2684 appears when a subclass's constructor differs
// from the base's) and narrow `unknown` to exactly that class.
describe("isInstance narrows to each exported error class", () => {
  it("the base classes", () => {
    if (ApixoError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<ApixoError>();
    if (ApiError.isInstance(error)) {
      expectTypeOf(error).toEqualTypeOf<ApiError>();
      expectTypeOf(error.status).toEqualTypeOf<number>();
    }
  });

  it("the HTTP status classes", () => {
    if (BadRequestError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<BadRequestError>();
    if (AuthenticationError.isInstance(error))
      expectTypeOf(error).toEqualTypeOf<AuthenticationError>();
    if (InsufficientBalanceError.isInstance(error))
      expectTypeOf(error).toEqualTypeOf<InsufficientBalanceError>();
    if (PermissionDeniedError.isInstance(error))
      expectTypeOf(error).toEqualTypeOf<PermissionDeniedError>();
    if (NotFoundError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<NotFoundError>();
    if (RateLimitError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<RateLimitError>();
    if (ServerError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<ServerError>();
    if (ServiceUnavailableError.isInstance(error))
      expectTypeOf(error).toEqualTypeOf<ServiceUnavailableError>();
  });

  it("the transport classes", () => {
    if (ConnectionError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<ConnectionError>();
    if (RequestTimeoutError.isInstance(error))
      expectTypeOf(error).toEqualTypeOf<RequestTimeoutError>();
    if (AbortError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<AbortError>();
  });

  it("the task classes, whose constructors differ from the base's", () => {
    if (TaskFailedError.isInstance(error)) {
      expectTypeOf(error).toEqualTypeOf<TaskFailedError>();
      expectTypeOf(error.category).toEqualTypeOf<TaskFailedError["category"]>();
    }
    if (WaitTimeoutError.isInstance(error)) {
      expectTypeOf(error).toEqualTypeOf<WaitTimeoutError>();
      expectTypeOf(error.taskId).toEqualTypeOf<string>();
    }
    if (ResultParseError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<ResultParseError>();
  });

  it("the webhooks classes", () => {
    if (InvalidCallbackError.isInstance(error))
      expectTypeOf(error).toEqualTypeOf<InvalidCallbackError>();
    if (CallbackPayloadError.isInstance(error))
      expectTypeOf(error).toEqualTypeOf<CallbackPayloadError>();
  });

  it("narrows a union of errors to the checked class", () => {
    const either = error as TaskFailedError | RateLimitError;
    if (RateLimitError.isInstance(either)) expectTypeOf(either).toEqualTypeOf<RateLimitError>();
  });
});
