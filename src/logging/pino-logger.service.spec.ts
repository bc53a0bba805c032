import { Writable } from 'node:stream';
import { pino } from 'pino';
import { PinoLoggerService } from './pino-logger.service.js';

/** The service over a pino writing JSON lines into an array. */
function logger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  return { service: new PinoLoggerService(pino({ level }, sink)), lines };
}

describe('PinoLoggerService', () => {
  it('writes Nest calls as fields: context from the last argument, an object message merged, an error with its stack', () => {
    const { service, lines } = logger();
    service.log('plain text', 'OrdersService');
    service.log({ orderId: 'o-1', msg: 'order o-1 accepted' }, 'OrdersService');
    service.error('boom', 'Error: boom\n    at x', 'Worker');
    service.warn(new Error('careful'));
    expect(lines.map(({ level, context, msg, orderId, stack }) => ({ level, context, msg, orderId, stack }))).toEqual([
      { level: 30, context: 'OrdersService', msg: 'plain text', orderId: undefined, stack: undefined },
      { level: 30, context: 'OrdersService', msg: 'order o-1 accepted', orderId: 'o-1', stack: undefined },
      { level: 50, context: 'Worker', msg: 'boom', orderId: undefined, stack: 'Error: boom\n    at x' },
      { level: 40, context: undefined, msg: 'careful', orderId: undefined, stack: expect.stringContaining('Error: careful') },
    ]);
  });

  it('writes nothing below its level', () => {
    const { service, lines } = logger('warn');
    service.log('hidden');
    service.debug('hidden');
    service.verbose('hidden');
    service.warn('shown');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });
});
