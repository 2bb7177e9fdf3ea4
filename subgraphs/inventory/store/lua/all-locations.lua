-- Every location's JSON, without the prelude (locations have no holds to sweep).
-- KEYS[1]: the location index (a set of ids); each record's key is built from its prefix, so it carries the same hash
-- tag. Answers the records' JSON, nil for an id without a record. One script so the index and the records are read at
-- one instant and in one round trip.
local base = string.sub(KEYS[1], 1, #KEYS[1] - #'locations')
local ids = redis.call('SMEMBERS', KEYS[1])
if #ids == 0 then return {} end
local keys = {}
for i, id in ipairs(ids) do keys[i] = base .. 'location:' .. id end
return redis.call('MGET', unpack(keys))
