-- Takes the relay lease of an outbox, or keeps it when this relay holds it already (renewing its time).
-- KEYS[1] the lease key (same hash tag as the outbox). ARGV: this relay's token, lease time in ms.
-- Answers 1 when held by the token afterwards, else 0. Atomic: read-then-set must not let two relays both hold it.
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 1
