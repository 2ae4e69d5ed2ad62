import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// Prisma's CLI wants to download a native schema engine even for `generate`,
// which never runs it. Offline machines cannot download it, so for the commands
// that do not need it we point the CLI at an existing file. `migrate` is left
// untouched: where the engine can be downloaded it works as usual; Kolibot
// itself applies migrations with the WebAssembly engine (src/db/migrations).
const offlineSafe = ['generate', 'validate', 'format', 'version', '--version', '-v'];
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && process.argv.some((a) => offlineSafe.includes(a))) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(new URL('./package.json', import.meta.url));
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
