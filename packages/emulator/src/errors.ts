const marker = Symbol.for("apixo-ts.emulator.error");

/** Stable codes of {@link EmulatorError}. */
export type EmulatorErrorCode = "INVALID_OPTION" | "CONTRACT_UNUSABLE";

/** The emulator's own error: bad options or a contract it cannot load. */
export class EmulatorError extends Error {
  /** A stable, machine-readable code. */
  readonly code: EmulatorErrorCode;
  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EmulatorError";
    this.code = code;
    Object.defineProperty(this, marker, { value: true });
  }

  /** `true` for an {@link EmulatorError}, also one from another copy of this package. */
  static isInstance(value: unknown): value is EmulatorError {
    return typeof value === "object" && value !== null && marker in value;
  }
}
