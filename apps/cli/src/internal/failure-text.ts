/**
 * `failCode: failMsg`, once each: APIXO's (and the emulator's) `failMsg` often repeats the code
 * in front (`CONTENT_VIOLATION: The prompt ...`), and a trailing period is dropped.
 */
export function failureText(failure: unknown): string {
  const { failCode, failMsg } = failure as { failCode?: unknown; failMsg?: unknown };
  const code = typeof failCode === "string" && failCode !== "" ? failCode : undefined;
  let text = typeof failMsg === "string" ? failMsg.trim() : "";
  if (code && text.startsWith(code)) text = text.slice(code.length).replace(/^[\s:–-]+/, "");
  text = text.replace(/\.+$/, "");
  if (code && text) return `${code}: ${text}`;
  return code ?? (text || "no failCode or message from the API");
}
