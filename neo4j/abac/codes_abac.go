package abac

import "github.com/ssolens/ssolens/inspector"

// Finding codes of ABAC auth rules (Neo4j 2026.03+, spec §7 and §4.3).
var (
	FindABACSyntax          = inspector.Define("abac-syntax-error", inspector.SeverityError, "An auth-rule statement SSO Lens cannot parse; Neo4j most likely rejects it too.")
	FindABACGrantUnknown    = inspector.Define("abac-grant-unknown-rule", inspector.SeverityError, "GRANT ROLE … TO AUTH RULE names a rule that does not exist at that point: Neo4j refuses the statement.")
	FindABACUnknownRule     = inspector.Define("abac-unknown-rule", inspector.SeverityError, "ALTER, RENAME, DROP or REVOKE names an auth rule that does not exist (and no IF EXISTS).")
	FindABACDuplicateRule   = inspector.Define("abac-duplicate-rule", inspector.SeverityError, "CREATE AUTH RULE for a name that exists, without OR REPLACE or IF NOT EXISTS: Neo4j refuses the statement.")
	FindABACRuleDisabled    = inspector.Define("abac-rule-disabled", inspector.SeverityWarning, "An auth rule is disabled (SET ENABLED false): it grants nothing.")
	FindABACRuleNoRoles     = inspector.Define("abac-rule-no-roles", inspector.SeverityWarning, "An auth rule has no role granted to it: even when its condition holds it grants nothing.")
	FindABACRoleHasDeny     = inspector.Define("abac-role-has-deny", inspector.SeverityError, "A role with DENY privileges is granted to an auth rule: Neo4j does not allow it.")
	FindABACTemporal        = inspector.Define("abac-temporal-function", inspector.SeverityError, "A rule condition calls a temporal function other than its *.transaction() form (GQLSTATUS 42NAM).")
	FindABACNotEvaluable    = inspector.Define("abac-condition-not-evaluable", inspector.SeverityInfo, "A rule condition uses a construct SSO Lens does not evaluate; predictions for that rule say unknown.")
	FindABACNotApplicable   = inspector.Define("abac-not-applicable", inspector.SeverityWarning, "Auth rules exist but ABAC does not apply to the provider: Neo4j older than 2026.03, or the provider is not in dbms.security.abac.authorization_providers.")
	FindABACNoUserAttribute = inspector.Define("abac-condition-no-user-attribute", inspector.SeverityInfo, "A rule condition never reads abac.oidc.user_attribute: it does not depend on the token.")
)
