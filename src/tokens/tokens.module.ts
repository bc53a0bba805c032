import { Global, Module } from '@nestjs/common';
import { TokenRegistry } from './token-registry.js';
import { TradeFieldsValidator } from './trade-fields.validator.js';

@Global()
@Module({ providers: [TokenRegistry, TradeFieldsValidator], exports: [TokenRegistry, TradeFieldsValidator] })
export class TokensModule {}
