-- Every location's stock of several SKUs, after the sweep (prelude.lua).
-- KEYS[2..]: the SKUs' stock hashes. Answers, per hash, its field/value list (location id, record JSON).
-- Atomic with the sweep, so no answer counts a lapsed hold, in one round trip.
sweep_first()
local out = {}
for i = 2, #KEYS do out[i - 1] = redis.call('HGETALL', KEYS[i]) end
return out
