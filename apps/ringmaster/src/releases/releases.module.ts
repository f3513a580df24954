import { Module } from '@nestjs/common';
import { CreateRelease } from './create-release.usecase.js';
import { ReleaseRepository } from './release.repository.js';
import { ReleaseResolver } from './release.resolver.js';

/** Release operations. Exports ReleaseRepository for trains (release of a train). */
@Module({ providers: [ReleaseRepository, CreateRelease, ReleaseResolver], exports: [ReleaseRepository] })
export class ReleasesModule {}
