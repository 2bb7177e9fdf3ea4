-- Records one interaction on its owner's timeline, or against its cart while the shopper is anonymous.
-- KEYS: 1 cart owner, 2 owner's customer record, 3 owner's timeline (sorted set), 4 timeline records (hash),
--       5 cart's pending interactions (sorted set), 6 their records (hash).
-- ARGV: 1 owner id ('' when anonymous), 2 '1' when the owner came from the cart, 3 interaction id, 4 score, 5 JSON,
--       6 milliseconds a cart's pending interactions outlive the latest one (both keys' expiry is renewed).
-- Answers RETRY, NO_CUSTOMER or STORED.
-- Atomic because the caller read the cart's owner beforehand: the script re-checks it with the write, so an
-- attachment in between answers RETRY instead of filing the interaction on the wrong side.
if ARGV[2] == '1' then
  local current = redis.call('GET', KEYS[1]) or ''
  if current ~= ARGV[1] then return 'RETRY' end
end
if ARGV[1] ~= '' then
  if redis.call('EXISTS', KEYS[2]) == 0 then return 'NO_CUSTOMER' end
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
  redis.call('HSET', KEYS[4], ARGV[3], ARGV[5])
else
  redis.call('ZADD', KEYS[5], ARGV[4], ARGV[3])
  redis.call('HSET', KEYS[6], ARGV[3], ARGV[5])
  redis.call('PEXPIRE', KEYS[5], ARGV[6])
  redis.call('PEXPIRE', KEYS[6], ARGV[6])
end
return 'STORED'
