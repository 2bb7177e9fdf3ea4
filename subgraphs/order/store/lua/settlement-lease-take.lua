-- Takes a settlement's recovery lease, or renews it when `holder` has it already: 1 when `holder` has it afterwards.
-- KEYS: the lease. ARGV: holder, time to live (ms).
-- Atomic because take-or-renew compares the holder and sets the lease in one step: two instances never both hold a settlement.
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 1
