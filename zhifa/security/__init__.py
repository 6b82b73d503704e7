"""Cross-cutting security tests (issue 10): the authorisation matrix, fuzzing, hostile input,
headers. No models and no app: the rules live where they apply (orgs.selectors.scope_filter,
zhifa.web.middleware, zhifa.api)."""
