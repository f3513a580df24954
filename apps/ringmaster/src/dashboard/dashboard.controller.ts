import { Controller, Get, HttpStatus, Inject, Param, Res } from '@nestjs/common';
import type { DashboardAsset, DashboardAssets } from './dashboard.assets.js';
import { DASHBOARD_ASSETS } from './dashboard.tokens.js';
import { DASHBOARD_HEADERS } from './dashboard.headers.js';

interface HttpResponse {
  status(code: number): unknown;
  set(headers: Record<string, string>): unknown;
  send(body: Buffer | string): unknown;
}

/**
 * The release managers' page: `GET /` (also `/?train=<id>`), its files under `/dashboard/`, and graphql-ws's browser
 * client under `/dashboard/vendor/graphql-ws/`. The page itself is public; its data comes from GraphQL with the
 * user's token.
 */
@Controller()
export class DashboardController {
  constructor(@Inject(DASHBOARD_ASSETS) private readonly assets: DashboardAssets) {}

  @Get()
  index(@Res() res: HttpResponse) {
    send(res, this.assets.page('index.html'));
  }

  @Get('dashboard/:file')
  file(@Param('file') file: string, @Res() res: HttpResponse) {
    send(res, this.assets.page(file));
  }

  @Get('dashboard/vendor/graphql-ws/:file')
  graphqlWs(@Param('file') file: string, @Res() res: HttpResponse) {
    send(res, this.assets.graphqlWs(file));
  }
}

function send(res: HttpResponse, asset: DashboardAsset | undefined): void {
  res.set(DASHBOARD_HEADERS);
  if (!asset) {
    res.status(HttpStatus.NOT_FOUND);
    res.set({ 'Content-Type': 'text/plain; charset=utf-8' });
    res.send('not found\n');
    return;
  }
  res.set({ 'Content-Type': asset.contentType });
  res.send(asset.body);
}
