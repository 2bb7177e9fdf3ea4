-- Opens a service case for an existing customer, with the SERVICE_CONTACT interaction it was, and files it in its
-- queues.
-- KEYS: 1 customer record, 2 customer's cases (sorted set), 3 case records (hash), 4 case-owner hash, 5 customer's
--       timeline (sorted set), 6 timeline records (hash), 7.. the queue sorted sets the case belongs in.
-- ARGV: 1 customer id, 2 case id, 3 case score, 4 case JSON, 5 interaction id ('' for none), 6 its score, 7 its JSON.
-- Answers NO_CUSTOMER, ID_IN_USE or OPENED.
-- Atomic because the case, its owner entry, its queue entries and the timeline's contact land together or not at
-- all, and only for a customer that exists: a queue never lists a case that is not there.
if redis.call('EXISTS', KEYS[1]) == 0 then return 'NO_CUSTOMER' end
if redis.call('HSETNX', KEYS[4], ARGV[2], ARGV[1]) == 0 then return 'ID_IN_USE' end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[4])
for i = 7, #KEYS do redis.call('ZADD', KEYS[i], ARGV[3], ARGV[2]) end
if ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[5], ARGV[6], ARGV[5])
  redis.call('HSET', KEYS[6], ARGV[5], ARGV[7])
end
return 'OPENED'
