import { navigationRoute, startSignIn } from '@/server/auth/oidc/flow';

export const GET = navigationRoute(startSignIn);
