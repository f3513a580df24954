import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@ringmaster/persistence';
import { PRISMA_CLIENT } from '../graphql/prisma.provider.js';
import type { Release } from './release.model.js';

const WITH_COMPONENTS = { components: { orderBy: { name: 'asc' as const }, select: { name: true, image: true } } };

/** Release rows with their components. */
@Injectable()
export class ReleaseRepository {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  /** Newest first. */
  async list(): Promise<Release[]> {
    return this.prisma.release.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], include: WITH_COMPONENTS });
  }

  async findByVersion(version: string): Promise<Release | null> {
    return this.prisma.release.findUnique({ where: { version }, include: WITH_COMPONENTS });
  }

  /** Releases by id, for DataLoaders (train.release). */
  async findByIds(ids: readonly string[]): Promise<Release[]> {
    return this.prisma.release.findMany({ where: { id: { in: [...ids] } }, include: WITH_COMPONENTS });
  }

  /** Creates a release and its components in one statement (all or nothing). */
  async create(release: {
    version: string;
    notes: string | null;
    createdBy: string;
    components: { name: string; image: string }[];
  }): Promise<Release> {
    return this.prisma.release.create({
      data: { ...release, components: { create: release.components } },
      include: WITH_COMPONENTS,
    });
  }
}
