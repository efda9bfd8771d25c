import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Returns the callback secret kept in `<dataDir>/callback-secret`, creating it (32 random bytes,
 * file mode 0600) on first use. Keeping it across restarts keeps the callback URLs of running tasks valid.
 */
export function loadOrCreateSecret(dataDir: string): string {
  const path = join(dataDir, "callback-secret");
  try {
    return readFileSync(path, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      return readFileSync(path, "utf8").trim();
    throw error;
  }
}
