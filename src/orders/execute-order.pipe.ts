import { Injectable, type PipeTransform } from '@nestjs/common';
import { OrderRequestParser, type OrderRequest } from './order-request.parser.js';

/** Validates an order body with the same parser the WebSocket `execute` frame uses. */
@Injectable()
export class ExecuteOrderPipe implements PipeTransform<unknown, OrderRequest> {
  constructor(private readonly parser: OrderRequestParser) {}

  transform(body: unknown): OrderRequest {
    return this.parser.parse(body);
  }
}
