import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

// Prisma's migration engine as WebAssembly. Node 20 cannot `import` a .wasm
// module, so it is instantiated by hand with the package's own JS glue.
const require = createRequire(import.meta.url);
// Node 20's type definitions lack the WebAssembly JS API; it is there at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const Wasm = (globalThis as any).WebAssembly;

export type SchemaEngine = import('@prisma/schema-engine-wasm').SchemaEngine;

export async function openSchemaEngine(
  schema: { path: string; content: string },
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: (message: string) => void = () => {},
): Promise<SchemaEngine> {
  const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
  const glue = await import(path.join(pkgDir, 'schema_engine_bg.js')) as typeof import('@prisma/schema-engine-wasm') & {
    __wbg_set_wasm(wasm: unknown): void;
  };
  const bytes = await readFile(path.join(pkgDir, 'schema_engine_bg.wasm'));
  const module = await Wasm.compile(bytes);
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of Wasm.Module.imports(module) as { module: string; name: string }[]) {
    imports[imp.module] ??= {};
    (imports[imp.module] as Record<string, unknown>)[imp.name] = (glue as unknown as Record<string, unknown>)[imp.name];
  }
  const instance = new Wasm.Instance(module, imports);
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return glue.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    (msg: string) => log(msg),
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
