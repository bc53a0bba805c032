import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { ApiKeys } from '../auth/api-keys.service.js';
import { HttpErrorFilter } from '../common/errors/http-exception.filter.js';
import { ORDER_QUEUE } from '../queue/order-execution.job.js';

const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The operators' view of the order queue (bull-board) at /admin/queues: jobs by state, their data and
 * errors, retry and clean. An admin key's only (open when the engine runs open); a browser is asked for it
 * with HTTP Basic (any user name, the key as the password).
 */
export async function mountQueueBoard(app: NestFastifyApplication, keys: ApiKeys): Promise<void> {
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(app.get<Queue>(getQueueToken(ORDER_QUEUE), { strict: false }))], serverAdapter: board });
  await app.register(
    async (instance: FastifyInstance) => {
      instance.addHook('onRequest', async (request, reply) => {
        try {
          keys.requireOperator(request.headers, 'the queue dashboard');
        } catch (error) {
          const refused = new HttpErrorFilter().toResponse(error);
          // A browser asks for the key on a 401 (any user name, the key as the password), and again when the key it
          // sent is not an admin's: a 403 would leave it stuck with that key.
          const fromBrowser = /^Basic\s/i.test(request.headers.authorization ?? '');
          const status = refused.statusCode === 403 && fromBrowser ? 401 : refused.statusCode;
          if (status === 401) void reply.header('www-authenticate', 'Basic realm="order execution engine operators", charset="UTF-8"');
          await reply.code(status).send({ ...refused, statusCode: status });
        }
      });
      await instance.register(board.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}
