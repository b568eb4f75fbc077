import { z } from 'zod';
import { signIn } from '@/server/auth/sign-in';
import { jsonRoute, readJsonBody } from '@/server/http';
import { BODY_LIMITS } from '@/server/request-body';

const body = z.union([z.strictObject({ token: z.string().trim().min(1, 'the token is empty').max(16384) }), z.strictObject({ sandboxUser: z.string().min(1).max(253) })]);

export const POST = jsonRoute(async (request, reply) => signIn(request, await readJsonBody(request, body, BODY_LIMITS.form), reply));
