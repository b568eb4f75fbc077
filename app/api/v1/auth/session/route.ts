import { sessionInfo } from '@/server/auth/sign-in';
import { jsonRoute } from '@/server/http';

export const GET = jsonRoute((request, reply) => sessionInfo(request, reply));
