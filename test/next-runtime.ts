// Next.js's node runtime provides AsyncLocalStorage globally before any of its modules load; its
// request stores (the matched route among them) fall back to inert stand-ins without it.
import { AsyncLocalStorage } from 'node:async_hooks';

(globalThis as { AsyncLocalStorage?: typeof AsyncLocalStorage }).AsyncLocalStorage ??= AsyncLocalStorage;
