/**
 * POST /api/v1/admin/backup (admins only): a consistent backup of the database this server runs
 * on, as a download in the `npm run backup` format. It exists for the embedded PGlite, which one
 * process holds (a backup CLI cannot open it while the server runs): the server writes the file
 * in one snapshot transaction to a private temporary folder, then streams it, so a slow download
 * never holds the database. `npm run backup -- --server <url>` calls it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { staffRoleIn } from '../plugins/auth.ts';
import { defaultBackupName } from '../backup/backup-format.ts';
import { writeBackup } from '../backup/write-backup.ts';

const adminBackupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/admin/backup', { preHandler: staffRoleIn('admin'), schema: { tags: ['admin'] } }, async (request, reply) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-backup-'));
    const name = defaultBackupName(app.config.now());
    const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
    try {
      const summary = await writeBackup(app.db, app.dbKind, path.join(dir, name), app.config.now);
      request.log.info({ rows: summary.rows, bytes: summary.bytes, ms: summary.milliseconds }, 'backup written for download');
    } catch (error) {
      removeDir();
      throw error;
    }
    const stream = fs.createReadStream(path.join(dir, name));
    stream.on('close', removeDir);
    return reply.header('content-type', 'application/gzip').header('content-disposition', `attachment; filename="${name}"`).send(stream);
  });
};

export default adminBackupRoutes;
