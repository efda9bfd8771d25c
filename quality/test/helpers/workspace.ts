import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The workspace root (this package is `<root>/quality`). */
export const root = new URL("../../..", import.meta.url).pathname.replace(/\/$/, "");

/** A binary from the workspace root's node_modules/.bin. */
export const bin = (name: string): string => join(root, "node_modules", ".bin", name);

export interface WorkspacePackage {
  name: string;
  dir: string;
  version: string;
  private: boolean;
}

/** Every workspace package (openapi, packages/*, apps/*, bench, quality), read from disk. */
export function workspacePackages(): WorkspacePackage[] {
  const dirs = ["openapi", "bench", "quality"].map((d) => join(root, d));
  for (const group of ["packages", "apps"]) {
    for (const name of readdirSync(join(root, group))) dirs.push(join(root, group, name));
  }
  return dirs.flatMap((dir) => {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      return [{ name: pkg.name, dir, version: pkg.version, private: pkg.private === true }];
    } catch {
      return [];
    }
  });
}

/** The packages published to npm. */
export const publicPackages = (): WorkspacePackage[] =>
  workspacePackages().filter((p) => !p.private);

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never throws (tests assert on the result). */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): Run {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env },
  });
  return {
    status: result.status,
    stdout: String(result.stdout ?? ""),
    stderr: String(result.stderr ?? "") + (result.error ? `\n${result.error.message}` : ""),
  };
}

/** A readable summary of a failed run, for assertion messages. */
export const describeRun = (r: Run): string =>
  `exit ${r.status}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;
