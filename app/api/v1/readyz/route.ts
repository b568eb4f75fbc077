import { readiness } from '@/server/api/console';
import { jsonRoute } from '@/server/http';

export const GET = jsonRoute(() => readiness(), { whileDraining: true });
