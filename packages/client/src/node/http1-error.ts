/**
 * The server's answer breaks HTTP/1.1 (a malformed or hostile head or body framing) or a rule of
 * this client (too many redirects, an `https:` → `http:` redirect, a URL with credentials).
 * Unlike a network failure or a truncated body, asking the same server again will not help, so
 * the download does not retry it.
 */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
}
