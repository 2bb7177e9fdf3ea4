-- The records listed in each sorted set, by score (ARGV[1] 'desc' for highest first).
-- KEYS: the record key prefix, then the sorted sets.
-- Atomic so that each list and the records it names are read at one instant, in one round trip.
local command = ARGV[1] == 'desc' and 'ZREVRANGE' or 'ZRANGE'
local lists = {}
for k = 2, #KEYS do
  local list = {}
  for i, id in ipairs(redis.call(command, KEYS[k], 0, -1)) do list[i] = redis.call('GET', KEYS[1] .. id) or false end
  lists[k - 1] = list
end
return lists
