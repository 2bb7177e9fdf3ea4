-- What reserve plans from, read in one step after the sweep (prelude.lua).
-- KEYS[2]: the idempotency key's marker; KEYS[3..]: the SKUs' stock hashes.
-- Answers { existing reservation JSON or false, field/value list per hash }. One snapshot: the key and the counts are
-- read at one instant, so a plan made from them is only ever stale by what reserve.lua re-checks.
sweep_first()
local out = { false }
local id = redis.call('GET', KEYS[2])
if id then out[1] = redis.call('GET', reservation_key(id)) end
for i = 3, #KEYS do out[i - 1] = redis.call('HGETALL', KEYS[i]) end
return out
