-- Replaces one service case if it is still the one the caller read (compare-and-set on the stored JSON), and moves
-- it from the queues it was in to the ones it belongs in now (its status or assignee may have changed). The case
-- keeps its place in its customer's sorted set and its score in every queue: openedAt never changes.
-- KEYS: 1 the customer's case records (hash), then the queue sorted sets it was in (ARGV[5] of them), then the ones
--       it belongs in now.
-- ARGV: 1 case id, 2 the JSON read, 3 the new JSON, 4 the case's score (openedAt), 5 how many queue keys are old.
-- Answers NOT_FOUND, RETRY (changed since read) or UPDATED.
-- Atomic because the comparison and the write must be one step, or a concurrent note could be overwritten, and the
-- queues must move with the record; the change itself is made in TypeScript (cjson would turn an empty notes array
-- into an object).
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 'NOT_FOUND' end
if current ~= ARGV[2] then return 'RETRY' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
local old = tonumber(ARGV[5])
for i = 2, old + 1 do redis.call('ZREM', KEYS[i], ARGV[1]) end
for i = old + 2, #KEYS do redis.call('ZADD', KEYS[i], ARGV[4], ARGV[1]) end
return 'UPDATED'
