/**
 * The RBAC authorizer over the store's Roles, RoleBindings, ClusterRoles and
 * ClusterRoleBindings, as k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac
 * with the DefaultRuleResolver; plus the API server's privileged-group
 * authorizer in front of it (system:masters may do anything).
 */
import type { Attributes, AuthorizationResult, Authorizer, UserInfo } from '../auth/types';
import type { KubeObject, Store } from '../store';
import { goQuote } from '@/lib/k8s/label-selector';
import { ruleAllows } from '@/lib/k8s/rbac/rules';
import { appliesTo, describeSource as describeBindingSource } from '@/lib/k8s/rbac/subjects';
import type { BindingObject } from '@/lib/k8s/rbac/types';
import { RBAC_RESOURCES, type NonResourceRule, type PolicyRule, type ResourceRule, type RoleRef, type Subject } from './types';

export const PRIVILEGED_GROUP = 'system:masters';

/** Where a rule came from, worded as the RBAC authorizer's reasons word it. */
export interface RuleSource {
  bindingKind: 'ClusterRoleBinding' | 'RoleBinding';
  binding: KubeObject;
  subject: Subject;
}

/** Called with each rule that applies (and its source) or with a resolution error; return false to stop. */
export type RuleVisitor = (source: RuleSource | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean;

export interface RulesForResult {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

export class RbacAuthorizer implements Authorizer {
  constructor(readonly store: Store) {}

  authorize(attributes: Attributes): AuthorizationResult {
    if (attributes.user.groups.includes(PRIVILEGED_GROUP)) return { decision: 'allow', reason: '' };
    let reason = '';
    const errors: string[] = [];
    this.visitRulesFor(attributes.user, attributes.namespace, (source, rule, error) => {
      if (source && rule && ruleAllows(attributes, rule)) {
        reason = `RBAC: allowed by ${describeSource(source)}`;
        return false;
      }
      if (error) errors.push(error);
      return true;
    });
    if (reason) return { decision: 'allow', reason };
    return { decision: 'noOpinion', reason: errors.length > 0 ? `RBAC: ${aggregateErrors(errors)}` : '' };
  }

  /** The resolver's RulesFor: every rule that applies in `namespace`, and the references it could not resolve. */
  policyRulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (_source, rule, error) => {
      if (rule) rules.push(rule);
      if (error) errors.push(error);
      return true;
    });
    return { rules, errors };
  }

  /** What SelfSubjectRulesReview reports: every rule from cluster-wide bindings and the namespace's bindings. */
  rulesFor(user: UserInfo, namespace: string): RulesForResult {
    const { rules, errors } = this.policyRulesFor(user, namespace);
    const resourceRules: ResourceRule[] = [];
    const nonResourceRules: NonResourceRule[] = [];
    for (const rule of rules) {
      if (rule.resources?.length) {
        resourceRules.push({
          verbs: rule.verbs ?? [],
          ...(rule.apiGroups?.length ? { apiGroups: rule.apiGroups } : {}),
          resources: rule.resources,
          ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
        });
      }
      if (rule.nonResourceURLs?.length) nonResourceRules.push({ verbs: rule.verbs ?? [], nonResourceURLs: rule.nonResourceURLs });
    }
    return {
      resourceRules,
      nonResourceRules,
      incomplete: false,
      ...(errors.length > 0 ? { evaluationError: aggregateErrors(errors) } : {}),
    };
  }

  /** ClusterRoleBindings first, then the namespace's RoleBindings, as the DefaultRuleResolver visits them. */
  visitRulesFor(user: UserInfo, namespace: string, visit: RuleVisitor): void {
    const clusterBindings = this.store.list(RBAC_RESOURCES.clusterRoleBindings);
    if (!this.visitBindings('ClusterRoleBinding', clusterBindings, user, '', visit) || !namespace) return;
    this.visitBindings('RoleBinding', this.store.list(RBAC_RESOURCES.roleBindings, namespace), user, namespace, visit);
  }

  /** Returns false when the visitor stopped. */
  private visitBindings(kind: RuleSource['bindingKind'], bindings: KubeObject[], user: UserInfo, namespace: string, visit: RuleVisitor): boolean {
    for (const binding of bindings) {
      const subject = appliesTo(user, binding.subjects, namespace);
      if (!subject) continue;
      const resolved = this.roleRefRules(binding.roleRef, namespace);
      if (typeof resolved === 'string') {
        if (!visit(undefined, undefined, resolved)) return false;
        continue;
      }
      const source: RuleSource = { bindingKind: kind, binding, subject };
      for (const rule of resolved) if (!visit(source, rule, undefined)) return false;
    }
    return true;
  }

  /** The referenced role's rules, or the lister's error message when it cannot be resolved. */
  roleRefRules(roleRef: RoleRef | undefined, bindingNamespace: string): PolicyRule[] | string {
    switch (roleRef?.kind) {
      case 'Role': {
        const role = this.store.get(RBAC_RESOURCES.roles, bindingNamespace, roleRef.name);
        return role ? (role.rules ?? []) : `role.rbac.authorization.k8s.io ${goQuote(roleRef.name)} not found`;
      }
      case 'ClusterRole': {
        const role = this.store.get(RBAC_RESOURCES.clusterRoles, undefined, roleRef.name);
        return role ? (role.rules ?? []) : `clusterrole.rbac.authorization.k8s.io ${goQuote(roleRef.name)} not found`;
      }
      default:
        return `unsupported role reference kind: ${goQuote(roleRef?.kind ?? '')}`;
    }
  }
}

/** `ClusterRoleBinding "x" of ClusterRole "y" to User "z"`, `RoleBinding "b/ns" of Role "r" to Group "g"`. */
export function describeSource(source: RuleSource): string {
  return describeBindingSource(source.bindingKind, source.binding as unknown as BindingObject, source.subject);
}

/** k8s.io/apimachinery utilerrors.NewAggregate(...).Error(): one message bare, several deduplicated in brackets. */
export function aggregateErrors(errors: string[]): string {
  if (errors.length === 1) return errors[0];
  const seen = [...new Set(errors)];
  return seen.length === 1 ? seen[0] : `[${seen.join(', ')}]`;
}
