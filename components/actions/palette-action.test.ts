import { describe, expect, it } from 'vitest';
import { ASKING, guardedPaletteAction } from './palette-action';

const scale = { id: 'object-scale', label: 'Scale Deployment backend-app', run: () => {} };

describe('an action in the palette is greyed as its button is', () => {
  it('waits, greyed, while the API server is asked, and is offered once it allows', () => {
    expect(guardedPaletteAction(scale, undefined).disabledReason).toBe(ASKING);
    expect(guardedPaletteAction(scale, { allowed: true }).disabledReason).toBeUndefined();
  });

  it("gives a refused action the API server's 403 message for the missing permission", () => {
    const refused = guardedPaletteAction(scale, {
      allowed: false,
      missing: { user: 'dev', verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'eks-work', name: 'backend-app' },
    });
    // kube-apiserver's wording (k8s.io/apiserver responsewriters.ForbiddenStatusError) for PATCH …/deployments/backend-app/scale as dev.
    expect(refused.disabledReason).toBe('deployments.apps "backend-app" is forbidden: User "dev" cannot patch resource "deployments/scale" in API group "apps" in the namespace "eks-work"');
  });
});
