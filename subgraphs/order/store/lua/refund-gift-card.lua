-- KEYS: the refunds hash, the gift card. ARGV: refund key, cents. Once per refund key; nothing for an unknown card.
-- Atomic because the refund key is claimed and the balance raised in one step: a retried refund never pays twice.
if redis.call('EXISTS', KEYS[2]) == 0 or redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[2], 'balance', tonumber(ARGV[2]))
return 1
