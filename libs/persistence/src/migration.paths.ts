import { fileURLToPath } from 'node:url';

// prisma/ sits at the repository root; this file runs from libs/persistence/src (tests) or libs/persistence/dist.
const prismaDir = fileURLToPath(new URL('../../../prisma/', import.meta.url));

export const PRISMA_SCHEMA_PATH = `${prismaDir}schema.prisma`;
export const MIGRATIONS_DIR = `${prismaDir}migrations`;
