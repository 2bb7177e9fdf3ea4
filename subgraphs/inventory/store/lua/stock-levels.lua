-- Stock of one SKU at each of several locations, after the sweep (prelude.lua).
-- KEYS[2..]: one stock hash per asked record; ARGV[5..]: one location id per hash, in the same order.
-- Answers each record's JSON or nil. Atomic with the sweep, so no answer counts a lapsed hold, in one round trip.
sweep_first()
local out = {}
for i = 2, #KEYS do out[i - 1] = redis.call('HGET', KEYS[i], ARGV[i + 3]) end
return out
