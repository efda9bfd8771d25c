import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describeRun, publicPackages, run } from "./workspace.js";

/** Packs every public workspace package with `pnpm pack` into `packDir`: name → tarball path. */
export function packPublicPackages(packDir: string): Map<string, string> {
  mkdirSync(packDir, { recursive: true });
  const tarballs = new Map<string, string>();
  for (const pkg of publicPackages()) {
    const before = new Set(readdirSync(packDir));
    const packed = run("npx", ["-y", "pnpm@12.4.2", "pack", "--pack-destination", packDir], {
      cwd: pkg.dir,
    });
    const created = readdirSync(packDir).filter(
      (file) => !before.has(file) && file.endsWith(".tgz"),
    );
    if (packed.status !== 0 || created.length !== 1)
      throw new Error(`pnpm pack ${pkg.name} failed: ${describeRun(packed)}`);
    tarballs.set(pkg.name, join(packDir, created[0] as string));
  }
  return tarballs;
}
