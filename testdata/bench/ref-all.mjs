// ref-all.mjs PEERS DIR — runs the Agent Skills reference library (npm
// skills-ref, installed in PEERS/node_modules) on every skill folder under
// DIR in one process: the folders that hold a SKILL.md, found by a walk that
// skips .git and node_modules and does not follow symbolic links. It prints
// how many skills it validated and how many had errors.
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const lib = join(resolve(process.argv[2]), "node_modules", "skills-ref", "dist", "index.js");
const { validate } = await import(pathToFileURL(lib).href);

async function* skillFolders(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  if (entries.some((e) => e.isFile() && e.name === "SKILL.md")) yield dir;
  for (const e of entries) {
    if (e.isDirectory() && e.name !== ".git" && e.name !== "node_modules") {
      yield* skillFolders(join(dir, e.name));
    }
  }
}

let skills = 0;
let failed = 0;
for await (const dir of skillFolders(process.argv[3])) {
  skills++;
  if ((await validate(dir)).length > 0) failed++;
}
console.log(`${skills} skills, ${failed} with errors`);
