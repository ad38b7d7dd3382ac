// Auth rules for the Okta provider (Neo4j 2026.03+, Cypher 25).
// Run against the system database: cypher-shell -d system -f abac-rules.cypher
:use system

CYPHER 25 CREATE AUTH RULE engineering_readers
  SET CONDITION abac.oidc.user_attribute('department') = 'Engineering'
    AND abac.oidc.user_attribute('email_verified') = true;

/* Admins: either the Keycloak realm role or the "Neo4j Admins" group. */
CREATE OR REPLACE AUTH RULE `realm-admins`
  SET CONDITION 'neo4j-admin' IN abac.oidc.user_attribute('realm_access').roles
     OR "Neo4j Admins" IN abac.oidc.user_attribute('groups')
  SET ENABLED true;

CREATE AUTH RULE contractors IF NOT EXISTS
  SET CONDITION abac.oidc.user_attribute('employee_type') STARTS WITH 'contract'
    AND NOT abac.oidc.user_attribute('email') ENDS WITH '@example.com'
  SET ENABLED false;

CREATE AUTH RULE senior SET CONDITION abac.oidc.user_attribute('level') >= 5;

CREATE AUTH RULE business_hours
  SET CONDITION datetime.transaction().hour >= 8;

CREATE ROLE analyst IF NOT EXISTS;
GRANT ROLE reader TO AUTH RULE engineering_readers;
GRANT ROLES admin, architect TO AUTH RULE `realm-admins`;
GRANT ROLE analyst TO AUTH RULE contractors;
GRANT ROLE publisher TO AUTH RULE senior;
GRANT ROLE editor TO AUTH RULE business_hours;
GRANT ROLE reader TO AUTH RULE enginering_readers; // typo
