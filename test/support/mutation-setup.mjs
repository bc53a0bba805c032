// Mutation runs execute the unit tests once per mutant, on instrumented (slower) code: fewer property runs each.
import fc from 'fast-check';

fc.configureGlobal({ numRuns: 10 });
