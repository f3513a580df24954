import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DatabaseError } from './database.errors.js';

const LOCK_FILE = 'ringmaster.lock';

/**
 * PGlite must be opened by one process at a time; two would corrupt the folder. Held through a lock file with the
 * owner's pid: a lock left behind by a dead process is taken over.
 */
export function lockEmbeddedFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (owner === process.pid || isAlive(owner)) {
        throw new DatabaseError(
          `the embedded database in ${dir} is in use by another process (pid ${owner}); stop it, or set RINGMASTER_DATA_DIR or DATABASE_URL`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseError(`could not lock the embedded database in ${dir}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
