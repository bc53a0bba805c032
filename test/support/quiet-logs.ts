import { Logger } from '@nestjs/common';

// Unit tests assert behaviour, not log lines: keep their output readable.
Logger.overrideLogger(process.env.TEST_VERBOSE ? ['log', 'warn', 'error'] : false);
