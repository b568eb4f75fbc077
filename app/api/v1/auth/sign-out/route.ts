import { signOut } from '@/server/auth/sign-in';
import { jsonRoute } from '@/server/http';

export const POST = jsonRoute((request, reply) => signOut(request, reply));
