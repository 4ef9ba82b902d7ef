-- The response cache's verdict per request (hit, miss, bypass; NULL when the cache is off). A hit makes no upstream
-- call: its one attempt row names the provider and model whose stored answer was replayed, at zero usage and cost.
ALTER TABLE ledger_attempt ADD COLUMN cache VARCHAR(10);
ALTER TABLE ledger_turn ADD COLUMN cache VARCHAR(10);
