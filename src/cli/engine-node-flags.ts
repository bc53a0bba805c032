/**
 * Node flags every engine process runs with: package.json's start scripts and docker-compose.yml spell them
 * out (a test keeps them in step), the cluster launcher and the bench pass them on.
 *
 * A young generation of 2 × 32 MB instead of 2 × 16 MB: an order's objects live from its submit to its
 * confirmation, and with the default size most of them were promoted under load, for the old generation's
 * collector to mark on threads that compete with PostgreSQL and Redis for the cores (docs/performance.md).
 * It must be given at start: V8 sizes the young generation when the process starts.
 */
export const ENGINE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
