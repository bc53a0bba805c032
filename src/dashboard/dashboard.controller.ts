import { readFile } from 'node:fs/promises';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { dashboardAssetsDir } from './dashboard-assets.js';

/** Serves the live dashboard's page at `/`; its script and styles are static assets under /dashboard/. */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private page?: Promise<string>;

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  index(): Promise<string> {
    this.page ??= readFile(`${dashboardAssetsDir()}/index.html`, 'utf8');
    return this.page;
  }
}
