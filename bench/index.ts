// `npm run bench`: every suite in bench/suites/, in name order, each printing its own figures.
// `npm run bench -- language orders` runs only the suites named.
import { readdir } from 'node:fs/promises';

const only = process.argv.slice(2);
const dir = new URL('./suites/', import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
for (const file of files) {
  const name = file.replace(/\.ts$/, '');
  if (only.length && !only.includes(name)) continue;
  const suite = (await import(new URL(file, dir).href)) as { default?: () => Promise<void> };
  if (typeof suite.default !== 'function') continue; // a helper module (e.g. the catalogue generator)
  console.log(`\n=== ${name} ===`);
  const t0 = performance.now();
  await suite.default();
  console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
