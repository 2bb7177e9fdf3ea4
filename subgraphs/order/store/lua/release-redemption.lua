-- KEYS: as REDEEM's. ARGV: customer id, code count, then per gift card the amount. Gives back once.
-- Atomic because the released flag and the give-back are one step: a redemption is given back once, however many unwinds race.
if redis.call('HGET', KEYS[1], 'released') ~= '0' then return 0 end
local customer = ARGV[1]
local codes = tonumber(ARGV[2])
for i = 1, codes do
  redis.call('DECR', KEYS[2 * i])
  if customer ~= '' then redis.call('HINCRBY', KEYS[1 + 2 * i], customer, -1) end
end
for j = 3, #ARGV do redis.call('HINCRBY', KEYS[2 + 2 * codes + (j - 3)], 'balance', tonumber(ARGV[j])) end
redis.call('HSET', KEYS[1], 'released', '1')
return 1
