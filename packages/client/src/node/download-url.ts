import { DownloadError } from "./download-error.js";

/**
 * Checks a URL before anything is sent, in both modes (own HTTP/1.1 and an injected `fetch`), and
 * returns it as errors and progress may show it. Refuses, without retrying, a URL that does not
 * parse, one with credentials (`user:password@`: they would travel to the server, to whatever
 * fetch does with them and into error messages; APIXO result URLs never carry any) and, when
 * `httpOnly`, a scheme other than `http:`/`https:`. The refusal never contains the password.
 */
export function checkedUrl(rawUrl: string, httpOnly: boolean): string {
  const shown = withoutCredentials(rawUrl);
  let parsed: URL;
  try {
    parsed = new URL(rawUrl);
  } catch {
    throw new DownloadError(`Download of ${shown} refused: it is not a valid URL.`, { url: shown });
  }
  if (parsed.username || parsed.password) {
    throw new DownloadError(
      `Download of ${shown} refused: the URL carries credentials (user:password@), which would ` +
        "be sent to the server and could end up in errors and logs. Remove them (APIXO result " +
        "URLs never need any).",
      { url: shown },
    );
  }
  if (httpOnly && parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new DownloadError(
      `Download of ${shown} refused: only http: and https: URLs can be downloaded without a ` +
        `\`fetch\` option, not ${parsed.protocol}`,
      { url: shown },
    );
  }
  return shown;
}

/** `url` with any `user:password@` masked, so no error message or log shows a secret. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = "***";
    parsed.password = "";
    return parsed.href;
  } catch {
    // Not a URL: mask everything up to the last "@", wherever a parser would put it.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[\s\S]*@/i, "$1***@");
  }
}
