-- Applies what one domain event does to its customer, at most once per event id.
-- KEYS: 1 applied-event marker, 2 customer record, 3 customer points, 4 timeline (sorted set), 5 timeline records
--       (hash), 6 the order's points ledger (hash: earned 0|1, held, cancelled 0|1).
-- ARGV: 1 marker TTL in seconds, 2 interaction id ('' for none), 3 its score, 4 its JSON, 5 loyalty kind
--       (EARN, DEDUCT, REVOKE; '' for none), 6 points.
-- Answers DUPLICATE, UNKNOWN_CUSTOMER or APPLIED.
-- Atomic because the marker, the timeline entry, the balance and the ledger must change together: two instances
-- taking one redelivered event must not both apply it, and a crash must not leave points moved without the marker.
-- The ledger follows the rules of rules/loyalty-ledger.ts (`moveLoyaltyPoints`), which the memory store calls.
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 'DUPLICATE' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'UNKNOWN_CUSTOMER' end
if ARGV[2] ~= '' then
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
  redis.call('HSET', KEYS[5], ARGV[2], ARGV[4])
end
local kind = ARGV[5]
if kind == '' then return 'APPLIED' end
local balance = tonumber(redis.call('GET', KEYS[3]) or '0')
local ledger = redis.call('HMGET', KEYS[6], 'earned', 'held', 'cancelled')
local earned = ledger[1] == '1'
local held = tonumber(ledger[2] or '0')
local cancelled = ledger[3] == '1'
local points = tonumber(ARGV[6])
if kind == 'EARN' then
  -- An order earns once, and never after it was cancelled.
  if earned or cancelled then return 'APPLIED' end
  earned = true
  held = points
  balance = balance + points
elseif kind == 'DEDUCT' then
  local taken = math.min(points, balance)
  held = math.max(0, held - taken)
  balance = balance - taken
elseif kind == 'REVOKE' then
  -- What the order still holds comes back, never more than the balance.
  local taken = math.min(held, balance)
  held = 0
  cancelled = true
  balance = balance - taken
else
  return redis.error_reply('unknown loyalty change ' .. kind)
end
redis.call('HSET', KEYS[6], 'earned', earned and '1' or '0', 'held', tostring(held), 'cancelled', cancelled and '1' or '0')
redis.call('SET', KEYS[3], tostring(balance))
return 'APPLIED'
