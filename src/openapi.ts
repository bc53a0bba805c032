import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** OpenAPI, generated from the DTOs and controllers, served at /docs (JSON at /docs/json). */
export function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Order Execution Engine')
    .setDescription(
      'Executes market swap orders on Solana venues (Raydium, Meteora) with best-price routing. ' +
        'Amounts are integer base units as decimal strings. Lifecycle updates stream over WebSocket ' +
        '(`ws://HOST/api/orders/ws/{orderId}`, or `ws://HOST/api/orders/ws` with subscribe/unsubscribe/execute frames); ' +
        'OpenAPI cannot describe that protocol, see docs/api.md.',
    )
    .setVersion('1.0.0')
    .addTag('orders')
    .addTag('quotes')
    .addTag('engine')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json', yamlDocumentUrl: 'docs/yaml' });
}
