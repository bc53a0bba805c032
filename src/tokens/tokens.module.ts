import { Global, Module } from '@nestjs/common';
import { TokenRegistry } from './token-registry.js';

@Global()
@Module({ providers: [TokenRegistry], exports: [TokenRegistry] })
export class TokensModule {}
