export { type DownloadOptions, downloadOutput, downloadTask } from "./download.js";
export { DownloadError, type DownloadErrorFields } from "./download-error.js";
