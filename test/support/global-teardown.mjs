import { removeTestPostgres } from './global-setup.mjs';

export default async function globalTeardown() {
  await removeTestPostgres();
}
