"""No admin for tokens: they are issued and revoked on /apitokens/ and by `manage.py api_token`,
where the security administrator's check and the journal entry cannot be skipped."""
