import { Controller, Get, Res } from '@nestjs/common';
import { RingmasterMetrics } from './ringmaster.metrics.js';

const UNAVAILABLE = 503;

/** `GET /metrics`: Prometheus exposition of this instance's registry. */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: RingmasterMetrics) {}

  @Get('metrics')
  async scrape(@Res() res: { status(code: number): unknown; type(t: string): unknown; send(b: string): unknown }) {
    try {
      const { contentType, body } = await this.metrics.render();
      res.type(contentType);
      res.send(body);
    } catch (error) {
      // a collector failed (the database is down): say so instead of serving partial figures as if complete
      res.status(UNAVAILABLE);
      res.type('text/plain');
      res.send(`metrics unavailable: ${(error as Error).message.split('\n')[0]}\n`);
    }
  }
}
