import { health } from '@/server/api/console';
import { jsonRoute } from '@/server/http';

export const GET = jsonRoute(() => health(), { whileDraining: true });
