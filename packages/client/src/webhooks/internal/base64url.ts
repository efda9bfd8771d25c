/** Encodes bytes as unpadded base64url (RFC 4648 §5), the form used in callback URLs. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes unpadded base64url, or returns `undefined` for anything that is not strictly that
 * (padding, `+`/`/`, whitespace, impossible lengths), so that one signature has one spelling.
 */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const padded =
    text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return undefined; // atob only throws on characters the regex above already excludes
  }
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  // Non-canonical trailing bits would let two strings decode to the same bytes.
  return encodeBase64Url(bytes) === text ? bytes : undefined;
}
