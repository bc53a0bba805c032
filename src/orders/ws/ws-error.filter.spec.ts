import type { ArgumentsHost } from '@nestjs/common';
import { OrderNotFoundError, OverloadedError, RequestValidationError } from '../../common/errors/request.errors.js';
import { WsErrorFilter } from './ws-error.filter.js';

/** A socket and the Nest host around one failed frame (`event`). */
function failedFrame(event: string, readyState = 1) {
  const sent: unknown[] = [];
  const client = { OPEN: 1, readyState, send: (text: string) => sent.push(JSON.parse(text)) };
  const host = { switchToWs: () => ({ getClient: () => client, getPattern: () => event }) } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('WsErrorFilter', () => {
  const filter = new WsErrorFilter();

  it('answers a validation failure with an error frame naming each field and rule, and the frame it answers', () => {
    const { host, sent } = failedFrame('execute');
    filter.catch(new RequestValidationError([{ field: 'amount', rule: 'isPositive', message: 'amount must be positive' }]), host);
    expect(sent).toEqual([
      {
        event: 'error',
        data: {
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('amount'),
          errors: [{ field: 'amount', rule: 'isPositive', message: 'amount must be positive' }],
          event: 'execute',
        },
      },
    ]);
  });

  it('passes a domain error on with its code, and the order id when it has one', () => {
    const missing = failedFrame('subscribe');
    filter.catch(new OrderNotFoundError('11111111-1111-4111-8111-111111111111'), missing.host);
    expect(missing.sent).toEqual([
      { event: 'error', data: { code: 'ORDER_NOT_FOUND', message: expect.any(String), orderId: '11111111-1111-4111-8111-111111111111', event: 'subscribe' } },
    ]);
    const busy = failedFrame('execute');
    filter.catch(new OverloadedError(256), busy.host);
    expect(busy.sent).toEqual([{ event: 'error', data: { code: 'OVERLOADED', message: expect.any(String), event: 'execute', retryAfterSeconds: 1 } }]);
  });

  it('hides an unexpected error behind INTERNAL_ERROR', () => {
    const { host, sent } = failedFrame('subscribe');
    filter.catch(new TypeError('cannot read properties of undefined'), host);
    filter.catch('a string thrown', host);
    expect(sent).toEqual([
      { event: 'error', data: { code: 'INTERNAL_ERROR', message: 'the server could not handle this frame', event: 'subscribe' } },
      { event: 'error', data: { code: 'INTERNAL_ERROR', message: 'the server could not handle this frame', event: 'subscribe' } },
    ]);
  });

  it('sends nothing to a socket that is closing', () => {
    const { host, sent } = failedFrame('execute', 2);
    filter.catch(new OverloadedError(1), host);
    expect(sent).toEqual([]);
  });
});
