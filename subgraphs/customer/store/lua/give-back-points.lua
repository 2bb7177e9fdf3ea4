-- Gives back points held under a key, once per give-back key; a give-back that finds no hold leaves a tombstone,
-- so a hold arriving later (a call that timed out) holds nothing.
-- KEYS: 1 the hold hash, 2 the points key of its customer as read before (any key when there was no hold).
-- ARGV: 1 give-back key, 2 points ('' for all still held), 3 the customer id read before ('' for none).
-- Answers the points given back, or -1 when the hold changed since it was read (the caller reads again).
-- Atomic because the give-back record, the hold's returned count and the balance must move together, once.
if (redis.call('HGET', KEYS[1], 'customerId') or '') ~= ARGV[3] then return -1 end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'customerId', '', 'points', '0', 'returned', '0', 'give:' .. ARGV[1], '0')
  return 0
end
local done = redis.call('HGET', KEYS[1], 'give:' .. ARGV[1])
if done then return tonumber(done) end
local left = tonumber(redis.call('HGET', KEYS[1], 'points')) - tonumber(redis.call('HGET', KEYS[1], 'returned'))
local back = left
if ARGV[2] ~= '' and tonumber(ARGV[2]) < back then back = tonumber(ARGV[2]) end
if back < 0 then back = 0 end
redis.call('HSET', KEYS[1], 'give:' .. ARGV[1], back)
redis.call('HINCRBY', KEYS[1], 'returned', back)
if back > 0 and redis.call('HGET', KEYS[1], 'customerId') ~= '' then redis.call('INCRBY', KEYS[2], back) end
return back
