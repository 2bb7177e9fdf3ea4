-- Holds loyalty points for a checkout under its settlement's key, all or nothing, idempotent on the key.
-- KEYS: 1 the hold hash (customerId, '' for a tombstone; points; returned; give:<key> per give-back), 2 the
--       customer's points, 3 the customer's record.
-- ARGV: 1 customer id, 2 points.
-- Answers { status, points }: RELEASED (a tombstone: the checkout was unwound first), HELD, UNKNOWN_CUSTOMER or
-- INSUFFICIENT with the balance there is.
-- Atomic because the balance check and the decrement must be one step: two checkouts must not spend the same points.
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HGET', KEYS[1], 'customerId') == '' then return {'RELEASED', 0} end
  return {'HELD', tonumber(redis.call('HGET', KEYS[1], 'points'))}
end
if redis.call('EXISTS', KEYS[3]) == 0 then return {'UNKNOWN_CUSTOMER', 0} end
local balance = tonumber(redis.call('GET', KEYS[2]) or '0')
if balance < tonumber(ARGV[2]) then return {'INSUFFICIENT', balance} end
redis.call('DECRBY', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'customerId', ARGV[1], 'points', ARGV[2], 'returned', '0')
return {'HELD', tonumber(ARGV[2])}
