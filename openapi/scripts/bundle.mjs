// Builds openapi/dist from openapi/src: apixo.json (bundled, internal $refs only),
// index.js (contract + models table + getModel) and index.d.ts.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { emitModule } from "./lib/emit-module.mjs";
import { buildModelTable } from "./lib/model-table.mjs";
import { createBundler } from "./lib/resolver.mjs";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const distDir = resolve(packageDir, "dist");

const document = createBundler(resolve(packageDir, "src/apixo.yaml")).bundle();
const models = buildModelTable(document);

mkdirSync(distDir, { recursive: true });
writeFileSync(resolve(distDir, "apixo.json"), `${JSON.stringify(document, null, 2)}\n`);
writeFileSync(resolve(distDir, "index.js"), emitModule(document, models));
copyFileSync(resolve(packageDir, "scripts/templates/index.d.ts"), resolve(distDir, "index.d.ts"));
console.log(
  `openapi: bundled ${Object.keys(document.paths).length} paths, ${models.length} models`,
);
