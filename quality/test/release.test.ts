// Release readiness: changesets produce changelogs, every public package packs, the tarballs pass
// publint and attw (node16 profile), and the packed client, emulator, openapi and CLI install with
// npm into a project outside the workspace and work from ESM, CommonJS and TypeScript: every
// entry point (client, client/node, client/raw, client/webhooks, the CLI library) imported and
// used at run time, and the bins (apixo, apixo-emulator) run from node_modules/.bin.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatorProcess } from "./helpers/emulator-process.js";
import { packPublicPackages } from "./helpers/pack.js";
import { createSmokeProject } from "./helpers/smoke-project.js";
import {
  bin,
  describeRun,
  root,
  run,
  type WorkspacePackage,
  workspacePackages,
} from "./helpers/workspace.js";

const scratch = mkdtempSync(join(tmpdir(), "apixo-release-"));
const packDir = join(scratch, "packs");
const tarballs = new Map<string, string>(); // package name → .tgz path

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The steps run tools synchronously (attw ~17 s, each tsc ~9 s on a loaded 2-core host), and
// vitest fails a synchronous test that overran its budget: 180 s each, a hang guard only.
describe.sequential("release readiness", { timeout: 180_000 }, () => {
  beforeAll(() => {
    for (const [name, tarball] of packPublicPackages(packDir)) tarballs.set(name, tarball);
  }, 240_000);

  it("finds the four public packages", () => {
    expect([...tarballs.keys()].sort()).toEqual([
      "@apixo-ts/cli",
      "@apixo-ts/client",
      "@apixo-ts/emulator",
      "@apixo-ts/openapi",
    ]);
  });

  it("packs each public package with its build output and resolved workspace versions", () => {
    for (const [name, tarball] of tarballs) {
      const listing = run("tar", ["-tzf", tarball]);
      expect(listing.status, describeRun(listing)).toBe(0);
      expect(listing.stdout, `${name} tarball has no dist/`).toMatch(/^package\/dist\//m);
      const manifest = run("tar", ["-xzOf", tarball, "package/package.json"]);
      expect(manifest.stdout, `${name} still has a workspace: range`).not.toContain("workspace:");
    }
  });

  it("passes publint (no errors or warnings)", () => {
    for (const [name, tarball] of tarballs) {
      const result = run(bin("publint"), ["run", tarball, "--level", "warning"]);
      expect(result.status, `${name}: ${describeRun(result)}`).toBe(0);
      expect(`${result.stdout}${result.stderr}`, name).not.toMatch(/Errors:|Warnings:/);
    }
  });

  it("passes attw with the node16 profile", () => {
    const failures: string[] = [];
    for (const [name, tarball] of tarballs) {
      // attw exits non-zero when a problem outside the profile's ignored resolutions remains.
      const result = run(bin("attw"), [
        tarball,
        "--profile",
        "node16",
        "--format",
        "ascii",
        "--no-emoji",
        "--no-color",
      ]);
      if (result.status !== 0) failures.push(`${name}:\n${result.stdout}${result.stderr}`);
    }
    expect(failures).toEqual([]);
  });

  it("changeset version writes a changelog for every package with a changeset", () => {
    const copy = join(scratch, "repo");
    const files = run("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: root })
      .stdout.split("\0")
      .filter(Boolean);
    for (const file of files) {
      if (!existsSync(join(root, file))) continue; // deleted in the work tree
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(root, file), join(copy, file));
    }
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
    const changesets = readdirSync(join(copy, ".changeset")).filter(
      (file) => file.endsWith(".md") && file !== "README.md",
    );
    expect(changesets.length, "no changesets in .changeset/").toBeGreaterThan(0);
    const bumped = new Set<string>();
    for (const file of changesets) {
      const frontmatter =
        readFileSync(join(copy, ".changeset", file), "utf8").split("---")[1] ?? "";
      for (const match of frontmatter.matchAll(/"([^"]+)":\s*(major|minor|patch)/g))
        bumped.add(match[1] as string);
    }
    const result = run(
      process.execPath,
      [join(root, "node_modules", "@changesets", "cli", "bin.js"), "version"],
      { cwd: copy },
    );
    expect(result.status, describeRun(result)).toBe(0);
    expect(
      readdirSync(join(copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md"),
    ).toEqual([]);
    const byName = new Map(packagesIn(copy).map((p) => [p.name, p]));
    for (const name of bumped) {
      const pkg = byName.get(name);
      expect(pkg, `changeset names unknown package ${name}`).toBeDefined();
      const changelog = readFileSync(join(pkg?.dir ?? "", "CHANGELOG.md"), "utf8");
      expect(changelog).toContain(`# ${name}`);
      expect(pkg?.version).not.toBe("0.0.0");
    }
  });

  describe("a project outside the workspace that installs the tarballs with npm", () => {
    const project = join(scratch, "smoke");
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    beforeAll(() => {
      createSmokeProject(project, tarballs, join(root, "node_modules", "@types"));
    }, 240_000);

    it("works from ESM (client, client/node, client/raw, client/webhooks, emulator, openapi)", () => {
      const esm = run(process.execPath, ["esm.mjs"], { cwd: project });
      expect(esm.status, describeRun(esm)).toBe(0);
      expect(esm.stdout).toContain("esm ok");
    });

    it("works from CommonJS (client, client/node, client/webhooks, emulator)", () => {
      const cjs = run(process.execPath, ["cjs.cjs"], { cwd: project });
      expect(cjs.status, describeRun(cjs)).toBe(0);
      expect(cjs.stdout).toContain("cjs ok");
    });

    // openapi-fetch is CommonJS under require(): the raw client must unwrap its default export.
    it("works from CommonJS for client/raw (openapi-fetch's default export under require)", () => {
      const raw = run(process.execPath, ["raw.cjs"], { cwd: project });
      expect(raw.status, describeRun(raw)).toBe(0);
      expect(raw.stdout).toContain("raw cjs ok");
    });

    it.each([
      ["ESM", "cli-esm.mjs"],
      ["CommonJS", "cli-cjs.cjs"],
    ])("imports the CLI as a library from %s and runs main() in-process", (kind, script) => {
      const result = run(process.execPath, [script], { cwd: project });
      expect(result.status, describeRun(result)).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`cli ${kind === "ESM" ? "esm" : "cjs"} ok \\d+\\.\\d+\\.\\d+`),
      );
    });

    it.each(["tsconfig.node16.json", "tsconfig.bundler.json"])(
      "type-checks with TypeScript (%s)",
      (config) => {
        const typecheck = run(process.execPath, [tsc, "-p", config], { cwd: project });
        expect(typecheck.status, `${config}: ${describeRun(typecheck)}`).toBe(0);
      },
    );

    it("runs the apixo bin: --version, and run --emulator --json --save", () => {
      const apixo = join(project, "node_modules", ".bin", "apixo");
      const version = run(apixo, ["--version"], { cwd: project });
      expect(version.status, describeRun(version)).toBe(0);
      expect(version.stdout.trim()).toMatch(/\d+\.\d+\.\d+/);
      const cliRun = run(
        apixo,
        ["run", "nano-banana", "--prompt", "smoke test", "--emulator", "--json", "--save", "out"],
        {
          cwd: project,
          env: { APIXO_API_KEY: "", XDG_STATE_HOME: join(project, "state") },
        },
      );
      expect(cliRun.status, describeRun(cliRun)).toBe(0);
      expect(JSON.parse(cliRun.stdout)).toMatchObject({ ok: true });
      expect(readdirSync(join(project, "out")).some((file) => /\.(png|jpe?g)$/.test(file))).toBe(
        true,
      );
    }, 60_000);

    it("runs the apixo-emulator bin (--help, then on a free port) and apixo batch against it", async () => {
      const emulatorBin = join(project, "node_modules", ".bin", "apixo-emulator");
      const help = run(emulatorBin, ["--help"], { cwd: project });
      expect(help.status, describeRun(help)).toBe(0);
      expect(help.stdout).toMatch(/Usage: apixo-emulator/);
      expect(help.stdout).toContain("--time-scale");

      const emulator = await startEmulatorProcess(
        emulatorBin,
        ["--port", "0", "--time-scale", "0.01", "--seed", "9"],
        project,
      );
      try {
        const batch = run(
          join(project, "node_modules", ".bin", "apixo"),
          ["batch", "batch.jsonl", "--base-url", emulator.url, "--time-scale", "0.01"].concat([
            "--concurrency",
            "2",
            "--save",
            "out-batch",
            "--json",
          ]),
          {
            cwd: project,
            env: { APIXO_API_KEY: "smoke-key", XDG_STATE_HOME: join(project, "state-batch") },
          },
        );
        expect(batch.status, describeRun(batch)).toBe(0);
        const report = JSON.parse(batch.stdout) as { ok: boolean; tasks: { state: string }[] };
        expect(report.ok).toBe(true);
        expect(report.tasks.map((task) => task.state)).toEqual(["success", "success"]);
        expect(
          readdirSync(join(project, "out-batch"))
            .map((file) => file.replace(/^.*\./, ""))
            .sort(),
        ).toEqual(["jpg", "png"]);
        const stats = await fetch(`${emulator.url}/__emulator/stats`).then((r) => r.json());
        expect(stats).toMatchObject({
          submits: { "nano-banana": 2 },
          duplicateSubmits: 0,
          tasks: { success: 2, total: 2 },
        });
      } finally {
        expect(await emulator.stop()).toBe(0);
      }
    }, 60_000);
  });
});

/** The workspace packages (public and private: changesets version both) as found in `copy`. */
function packagesIn(copy: string): WorkspacePackage[] {
  return workspacePackages().map((p) => {
    const dir = join(copy, p.dir.slice(root.length + 1));
    return {
      ...p,
      dir,
      version: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version,
    };
  });
}
