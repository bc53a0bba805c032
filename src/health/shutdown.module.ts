import { Global, Module } from '@nestjs/common';
import { ShutdownState } from './shutdown-state.js';

/** The process's shutdown state, for every module that must stop taking work when it starts. */
@Global()
@Module({ providers: [ShutdownState], exports: [ShutdownState] })
export class ShutdownModule {}
