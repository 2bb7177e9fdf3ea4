-- A window of a sorted listing with its records.
-- KEYS[1] a sorted set of ids (newest products first, categories in order), KEYS[2] their record key prefix;
-- ARGV offset, limit. Answers { count of the set, record JSON... } for the window. Atomic so that the count, the
-- window and the records agree while products are saved.
local total = redis.call('ZCARD', KEYS[1])
local offset, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
if limit <= 0 or offset >= total then return { total } end
local ids = redis.call('ZRANGE', KEYS[1], offset, offset + limit - 1)
local values = records(KEYS[2], ids)
local result = { total }
for i = 1, #ids do result[i + 1] = values[i] or '' end
return result
