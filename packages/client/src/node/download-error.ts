import { ApixoError, type ApixoErrorOptions } from "../errors.js";

/** Fields of a failed download. */
export interface DownloadErrorFields extends ApixoErrorOptions {
  /** The URL that failed. */
  url: string;
  /** HTTP status, when the server answered. */
  status?: number | undefined;
}

/** A result file could not be downloaded completely (HTTP error, truncation, network). */
export class DownloadError extends ApixoError {
  static override readonly errorName: string = "DownloadError";
  /** The URL that failed. */
  declare readonly url: string;
  /** HTTP status, when the server answered. */
  declare readonly status: number | undefined;

  constructor(message: string, fields: DownloadErrorFields) {
    super(message, fields);
    Object.assign(this, { url: fields.url, status: fields.status });
  }
}
