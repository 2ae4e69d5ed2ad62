// Child process of the service's first start: creates and migrates the embedded database folder.
import { createEmbeddedFolder } from '../embeddedFolder.ts';

const [pgDir, sharedBuffersMb] = process.argv.slice(2);
if (!pgDir) {
  console.error('usage: createEmbedded.ts PG_DIR [SHARED_BUFFERS_MB]');
  process.exit(2);
}
await createEmbeddedFolder(pgDir, Number(sharedBuffersMb) || 16);
