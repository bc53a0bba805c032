import { readFileSync } from 'node:fs';
import { CONFIGURATION_REFERENCE, configurationReference } from '../cli/config-reference.js';

describe('docs/configuration.md', () => {
  it('is what the configuration class says (run `npm run docs:config` after changing a variable)', () => {
    expect(readFileSync(CONFIGURATION_REFERENCE, 'utf8')).toBe(configurationReference());
  });

  it('refuses a variable without a doc comment', () => {
    const source = 'export class EnvironmentVariables {\n  @IsOptional()\n  @IsInt()\n  UNDOCUMENTED?: number;\n}';
    expect(() => configurationReference(source)).toThrow('UNDOCUMENTED has no doc comment');
  });
});
