/**
 * The two Logs Insights queries of the EKS operations notes (chapter 4), copied
 * byte for byte, line wrap and missing closing parenthesis included: they must
 * run unchanged.
 */
export const ACCESS_COUNT_QUERY =
  'stats count(*) as ACCESS_COUNT\n| filter ( kubernetes.container_name = "backend-app")\n| filter ( log not like /^\\[/ and (log like /Health GET API called./ or log like / \nREGION GET ALL API/ or log like /LOCATION LIST BY REGION ID API/ )';

export const ERROR_COUNT_QUERY = 'stats count(*) as ERROR_COUNT by kubernetes.container_name as APP\n| filter ( log not like /^\\[/ and (log like /WARN/ or log like /error/) )';
