-- Replaces one service case if it is still the one the caller read (compare-and-set on the stored JSON). The case
-- keeps its place in the sorted set: openedAt never changes.
-- KEYS: 1 the customer's case records (hash).
-- ARGV: 1 case id, 2 the JSON read, 3 the new JSON.
-- Answers NOT_FOUND, RETRY (changed since read) or UPDATED.
-- Atomic because the comparison and the write must be one step, or a concurrent note could be overwritten; the
-- change itself is made in TypeScript (cjson would turn an empty notes array into an object).
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 'NOT_FOUND' end
if current ~= ARGV[2] then return 'RETRY' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'UPDATED'
