const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** `true` for `localhost`, `*.localhost` and the loopback addresses (127.0.0.0/8, ::1). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    LOOPBACK_HOSTS.has(host) || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

/**
 * Why a `callback_url` is refused, or `undefined` when it is acceptable: APIXO wants public HTTPS;
 * plain HTTP is allowed for loopback hosts so that local development works.
 */
export function callbackUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "callback_url must be an absolute URL";
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
  return "callback_url must be an HTTPS URL (plain HTTP is accepted only for loopback hosts such as 127.0.0.1)";
}
