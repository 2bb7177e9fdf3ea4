-- Attaches an anonymous shopper's cart to a customer, at most once per event id.
-- KEYS: 1 applied-event marker, 2 customer record, 3 cart's pending interactions (sorted set), 4 their records
--       (hash), 5 cart owner, 6 customer's timeline (sorted set), 7 timeline records (hash).
-- ARGV: 1 marker TTL in seconds, 2 customer id.
-- Answers DUPLICATE, UNKNOWN_CUSTOMER or APPLIED.
-- Atomic because the move and the owner must land together: an interaction recorded against the cart meanwhile
-- (record-interaction.lua) either moves with the rest or, once the owner is set, goes straight to the customer.
-- Interaction records hold strings and nulls only, which cjson round-trips faithfully.
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 'DUPLICATE' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'UNKNOWN_CUSTOMER' end
local pending = redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES')
local records = redis.call('HGETALL', KEYS[4])
local byId = {}
for i = 1, #records, 2 do byId[records[i]] = records[i + 1] end
for i = 1, #pending, 2 do
  local raw = byId[pending[i]]
  if raw then
    local record = cjson.decode(raw)
    record.customerId = ARGV[2]
    redis.call('ZADD', KEYS[6], pending[i + 1], pending[i])
    redis.call('HSET', KEYS[7], pending[i], cjson.encode(record))
  end
end
redis.call('DEL', KEYS[3], KEYS[4])
redis.call('SET', KEYS[5], ARGV[2])
return 'APPLIED'
