-- KEYS: the gift card. ARGV: field, value pairs. Only a new code.
-- Atomic because the existence check and the write are one step: a new card never overwrites one issued meanwhile under the same code.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
