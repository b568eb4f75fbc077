import { finishSignIn, navigationRoute } from '@/server/auth/oidc/flow';

export const GET = navigationRoute(finishSignIn);
