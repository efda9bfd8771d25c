// Builds openapi/dist from openapi/src: apixo.json (bundled, internal $refs only),
// index.js / index.cjs (contract + models table + getModel, ESM and CommonJS) and
// index.d.ts / index.d.cts.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { emitModule } from "./lib/emit-module.mjs";
import { buildModelTable } from "./lib/model-table.mjs";
import { createBundler } from "./lib/resolver.mjs";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const distDir = resolve(packageDir, "dist");

// `--if-missing` (used by lint, which turbo may run before build): keep an existing dist.
if (process.argv.includes("--if-missing") && existsSync(resolve(distDir, "index.cjs"))) {
  process.exit(0);
}

const document = createBundler(resolve(packageDir, "src/apixo.yaml")).bundle();
const models = buildModelTable(document);

mkdirSync(distDir, { recursive: true });
writeFileSync(resolve(distDir, "apixo.json"), `${JSON.stringify(document, null, 2)}\n`);
writeFileSync(resolve(distDir, "index.js"), emitModule(document, models, "esm"));
writeFileSync(resolve(distDir, "index.cjs"), emitModule(document, models, "cjs"));
const declarations = resolve(packageDir, "scripts/templates/index.d.ts");
copyFileSync(declarations, resolve(distDir, "index.d.ts"));
copyFileSync(declarations, resolve(distDir, "index.d.cts"));
console.log(
  `openapi: bundled ${Object.keys(document.paths).length} paths, ${models.length} models`,
);
